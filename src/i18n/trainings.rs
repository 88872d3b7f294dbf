//! The words of training problems, in both languages: volunteers meet these on their own page,
//! organizers at the door. Sentences with values are built here, from named parameters.

use std::borrow::Cow;

use super::Locale;
use crate::model::TrainingProblem as P;

/// What the person reads for a training problem, in `locale`.
pub fn training_problem(locale: Locale, problem: P) -> Cow<'static, str> {
    match (locale, problem) {
        (Locale::Zh, P::AlreadyArrived { hour, minute }) => {
            Cow::Owned(format!("已签到（{hour:02}:{minute:02}），无需重复签到。"))
        }
        (Locale::En, P::AlreadyArrived { hour, minute }) => {
            Cow::Owned(format!("Already checked in at {hour:02}:{minute:02}."))
        }
        (Locale::Zh, P::AlreadyLeft { hour, minute }) => {
            Cow::Owned(format!("已签退（{hour:02}:{minute:02}），无需重复签退。"))
        }
        (Locale::En, P::AlreadyLeft { hour, minute }) => {
            Cow::Owned(format!("Already checked out at {hour:02}:{minute:02}."))
        }
        (Locale::Zh, other) => Cow::Borrowed(zh(other)),
        (Locale::En, other) => Cow::Borrowed(en(other)),
    }
}

fn zh(problem: P) -> &'static str {
    match problem {
        P::SessionIdInvalid => "培训场次编号无效。",
        P::TitleInvalid => "请填写培训名称（80 字以内，不含特殊控制字符）。",
        P::PlaceInvalid => "请填写培训地点（200 字以内）。",
        P::NoteInvalid => "集合说明最多 500 字，且不能含特殊控制字符。",
        P::TimesInvalid => "请填写有效的开始和结束时间，结束须晚于开始，单场不超过 24 小时。",
        P::WindowInvalid => "报名时间无效：报名须在培训开始前截止，且截止晚于开始报名。",
        P::CapacityInvalid => "名额须为 1 到 1000 之间的整数。",
        P::CapacityBelowEnrolled => "名额不能少于已报名人数。",
        P::RoleUnknown => "该活动没有这个岗位。",
        P::CountyInvalid => "请选择有效的区县。",
        P::SessionCancelled => "该培训场次已取消。",
        P::EnrolmentClosed => "该培训场次现在不接受报名。",
        P::NotApproved => "只有已录用的志愿者才能报名培训。",
        P::NotForYou => "该培训场次不面向您的活动、岗位或区县。",
        P::AlreadyEnrolled => "您已报名该培训场次，无需重复报名。",
        P::Overlap => "该培训与您已报名的另一场培训时间冲突。",
        P::NotEnrolled => "没有找到这条培训报名（或已取消）。",
        P::TrainingRequired => "该岗位要求先参加培训并签到，此志愿者尚未完成培训。",
        P::CodeUnknown => "签到码无效。",
        P::CodeOtherSession => "该签到码不属于本场培训。",
        P::CodeWithoutSeat => "该签到码对应的报名仍在候补或已取消，不能签到。",
        P::NotArrived => "尚未签到，不能签退。",
        P::AttendanceTimesInvalid => "请按“时:分”填写签到和签退时间（如 09:00），签退不能早于签到。",
        P::AlreadyArrived { .. } | P::AlreadyLeft { .. } => "已记录。",
    }
}

fn en(problem: P) -> &'static str {
    match problem {
        P::SessionIdInvalid => "That training session number is not valid.",
        P::TitleInvalid => "Please give the training a title (up to 80 characters, no control characters).",
        P::PlaceInvalid => "Please say where the training takes place (up to 200 characters).",
        P::NoteInvalid => "The meeting note may have up to 500 characters and no control characters.",
        P::TimesInvalid => {
            "Please give a valid start and end; the end must come after the start, within 24 hours."
        }
        P::WindowInvalid => {
            "The enrolment window is not valid: it must close before the training starts, and after it opens."
        }
        P::CapacityInvalid => "The number of seats must be a whole number from 1 to 1000.",
        P::CapacityBelowEnrolled => "There cannot be fewer seats than people already enrolled.",
        P::RoleUnknown => "This campaign has no such role.",
        P::CountyInvalid => "Please choose a valid county.",
        P::SessionCancelled => "This training session has been cancelled.",
        P::EnrolmentClosed => "This training session is not taking enrolments now.",
        P::NotApproved => "Only accepted volunteers can enrol in a training.",
        P::NotForYou => "This training session is not for your campaign, role or county.",
        P::AlreadyEnrolled => "You are already enrolled in this training session.",
        P::Overlap => "This training overlaps another training you are enrolled in.",
        P::NotEnrolled => "No such enrolment (or it was cancelled).",
        P::TrainingRequired => {
            "This role requires an attended training, and this volunteer has not attended one yet."
        }
        P::CodeUnknown => "That check-in code is not valid.",
        P::CodeOtherSession => "That check-in code belongs to another training session.",
        P::CodeWithoutSeat => "That check-in code is on the waiting list or cancelled; it cannot check in.",
        P::NotArrived => "Not checked in yet, so there is nothing to check out.",
        P::AttendanceTimesInvalid => {
            "Please give arrival and departure as HH:MM (e.g. 09:00); departure cannot come before arrival."
        }
        P::AlreadyArrived { .. } | P::AlreadyLeft { .. } => "Already recorded.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_scan_says_when_the_first_was_in_both_languages() {
        let again = P::AlreadyArrived { hour: 9, minute: 2 };
        assert_eq!(training_problem(Locale::En, again), "Already checked in at 09:02.");
        assert!(training_problem(Locale::Zh, again).contains("09:02"));
    }
}
