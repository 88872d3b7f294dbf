//! 活动 — the words of themed activities in both languages: the public list and sign-up box,
//! the family form, its refusals, and the problems organizers meet at the desk.

use std::borrow::Cow;

use super::Locale;
use crate::domain::{Audience, PersonKind};
use crate::model::ActivityProblem as P;

/// The public activity pages' words.
pub struct ActivityWords {
    pub nav: &'static str,
    pub list_title: &'static str,
    pub list_empty: &'static str,
    pub filter_campaign: &'static str,
    pub filter_audience: &'static str,
    pub any: &'static str,
    pub apply: &'static str,
    pub places_left: &'static str,
    pub full: &'static str,
    pub cancelled_badge: &'static str,
    pub when: &'static str,
    pub meeting_point: &'static str,
    pub departs: &'static str,
    pub hotline: &'static str,
    pub stops: &'static str,
    pub deadline: &'static str,
    pub children_ages: &'static str,
    pub more: &'static str,
    pub of_campaign: &'static str,
    pub form_title: &'static str,
    pub guardian: &'static str,
    pub email_hint: &'static str,
    pub companions: &'static str,
    pub companions_hint: &'static str,
    pub companion: &'static str,
    pub kind: &'static str,
    pub kind_none: &'static str,
    pub age: &'static str,
    pub mobile_adult: &'static str,
    pub child_consent: &'static str,
    pub consent: &'static str,
    pub submit: &'static str,
    pub closed: &'static str,
    pub cancelled: &'static str,
    pub unknown: &'static str,
    pub duplicate: &'static str,
    pub form_too_long: &'static str,
    pub done_title: &'static str,
    pub done_lead: &'static str,
    pub code: &'static str,
    pub reference: &'static str,
    pub weeks_title: &'static str,
    pub weeks_hint: &'static str,
    pub week: &'static str,
    pub week_starts: &'static str,
    pub week_mine: &'static str,
    pub week_pick: &'static str,
}

pub static ZH: ActivityWords = ActivityWords {
    nav: "主题活动",
    list_title: "主题活动",
    list_empty: "暂时没有可报名的活动。",
    filter_campaign: "所属活动",
    filter_audience: "适合人群",
    any: "全部",
    apply: "筛选",
    places_left: "剩余名额",
    full: "名额已满",
    cancelled_badge: "已取消",
    when: "活动时间",
    meeting_point: "集合地点",
    departs: "出发时间",
    hotline: "咨询热线",
    stops: "活动线路",
    deadline: "报名截止",
    children_ages: "儿童年龄",
    more: "查看详情并报名",
    of_campaign: "所属专项活动",
    form_title: "我要报名",
    guardian: "报名人（监护人）",
    email_hint: "确认信和每位家庭成员的签到码会发到这个邮箱。",
    companions: "同行家庭成员",
    companions_hint: "最多 5 人，每人都占一个名额。儿童只需填写姓名和年龄。",
    companion: "同行人",
    kind: "身份",
    kind_none: "（不填）",
    age: "年龄",
    mobile_adult: "手机号码（成人）",
    child_consent: "我是该儿童的监护人，同意为其报名并提供以上信息",
    consent: "我已阅读并同意个人信息处理说明（仅用于本次活动的组织和签到）",
    submit: "提交报名",
    closed: "本活动已截止报名。",
    cancelled: "本活动已取消。",
    unknown: "没有找到这个活动。",
    duplicate: "您已为本活动报过名，请勿重复提交。",
    form_too_long: "填写的内容过长，请检查后重新提交。",
    done_title: "报名成功",
    done_lead: "以下家庭成员已报名，请截图保存签到码；确认信已发送到您的邮箱。",
    code: "签到码",
    reference: "报名编号",
    weeks_title: "我为世博守一周",
    weeks_hint: "选择您值守的一周（每周名额有限，可随时改选其他有名额的周次）。",
    week: "周次",
    week_starts: "开始日期",
    week_mine: "我的值守周",
    week_pick: "选择这一周",
};

pub static EN: ActivityWords = ActivityWords {
    nav: "Activities",
    list_title: "Themed activities",
    list_empty: "No activities are taking sign-ups at the moment.",
    filter_campaign: "Campaign",
    filter_audience: "For",
    any: "All",
    apply: "Filter",
    places_left: "Places left",
    full: "Full",
    cancelled_badge: "Cancelled",
    when: "When",
    meeting_point: "Meeting point",
    departs: "Departure",
    hotline: "Hotline",
    stops: "Route",
    deadline: "Sign-up closes",
    children_ages: "Children's ages",
    more: "Details and sign-up",
    of_campaign: "Campaign",
    form_title: "Sign up",
    guardian: "You (the guardian)",
    email_hint: "The confirmation and everyone's check-in code are sent to this address.",
    companions: "Family coming with you",
    companions_hint: "Up to 5 people; each takes a place. Children give a name and an age only.",
    companion: "Companion",
    kind: "Who",
    kind_none: "(nobody)",
    age: "Age",
    mobile_adult: "Mobile (adults)",
    child_consent: "I am this child's guardian and agree to sign them up with these details",
    consent:
        "I have read and agree to the personal data notice (used only to run and check in this activity)",
    submit: "Sign up",
    closed: "Sign-up for this activity has closed.",
    cancelled: "This activity has been cancelled.",
    unknown: "This activity does not exist.",
    duplicate: "You have already signed up for this activity.",
    form_too_long: "Some of what was entered is too long; please check and send again.",
    done_title: "You are signed up",
    done_lead: "These people are signed up. Keep the check-in codes; the confirmation is in your mailbox.",
    code: "Check-in code",
    reference: "Reference",
    weeks_title: "My week of duty",
    weeks_hint:
        "Choose the week you serve (places are limited; you can move to another week with places left).",
    week: "Week",
    week_starts: "Starts",
    week_mine: "My week",
    week_pick: "Choose this week",
};

pub fn words(locale: Locale) -> &'static ActivityWords {
    match locale {
        Locale::Zh => &ZH,
        Locale::En => &EN,
    }
}

pub fn audience_label(locale: Locale, audience: Audience) -> &'static str {
    match (locale, audience) {
        (Locale::Zh, Audience::Families) => "亲子家庭",
        (Locale::Zh, Audience::Adults) => "成年人",
        (Locale::Zh, Audience::Youth) => "青少年",
        (Locale::En, Audience::Families) => "Families",
        (Locale::En, Audience::Adults) => "Adults",
        (Locale::En, Audience::Youth) => "Young people",
    }
}

pub fn person_kind_label(locale: Locale, kind: PersonKind) -> &'static str {
    match (locale, kind) {
        (Locale::Zh, PersonKind::Guardian) => "监护人",
        (Locale::Zh, PersonKind::Adult) => "成人",
        (Locale::Zh, PersonKind::Child) => "儿童",
        (Locale::En, PersonKind::Guardian) => "Guardian",
        (Locale::En, PersonKind::Adult) => "Adult",
        (Locale::En, PersonKind::Child) => "Child",
    }
}

/// A family too big for the places left, in words with both numbers.
pub fn places_left(locale: Locale, heads: i32, left: i32) -> String {
    match (locale, left) {
        (Locale::Zh, 0) => format!("名额已满：本次报名共 {heads} 人，剩余名额 0 个。"),
        (Locale::Zh, _) => format!("名额不足：本次报名共 {heads} 人，仅剩 {left} 个名额，全家需一起报名，请减少同行人数。"),
        (Locale::En, 0) => format!("Full: your family is {heads}, and 0 places are left."),
        (Locale::En, _) => format!(
            "Not enough places: your family is {heads}, and only {left} places are left. A family is signed up together; please bring fewer companions."
        ),
    }
}

/// The field messages of the family form that the sign-up form does not have.
pub fn field_message(locale: Locale, code: &str) -> Option<&'static str> {
    Some(match (locale, code) {
        (Locale::Zh, "guardian_adult") => "报名人须年满 18 周岁。",
        (Locale::Zh, "child_consent") => "14 周岁以下儿童须由监护人勾选同意。",
        (Locale::Zh, "child_age") => "请填写儿童的年龄（0–17 周岁）。",
        (Locale::Zh, "child_age_range") => "该儿童的年龄不在本活动的年龄范围内。",
        (Locale::Zh, "children_not_admitted") => "本活动仅限成年人参加。",
        (Locale::Zh, "companion_kind") => "请选择同行人的身份（儿童或成人）。",
        (Locale::Zh, "family_duplicate") => "该身份证号已为本活动报过名。",
        (Locale::Zh, "full") => "名额不足。",
        (Locale::En, "guardian_adult") => "The person signing up must be 18 or older.",
        (Locale::En, "child_consent") => "A child under 14 needs the guardian's tick to agree.",
        (Locale::En, "child_age") => "Please give the child's age (0–17).",
        (Locale::En, "child_age_range") => "The child's age is outside this activity's age range.",
        (Locale::En, "children_not_admitted") => "This activity is for adults only.",
        (Locale::En, "companion_kind") => "Please choose who the companion is (child or adult).",
        (Locale::En, "family_duplicate") => "This ID number has already signed up for this activity.",
        (Locale::En, "full") => "Not enough places.",
        _ => return None,
    })
}

/// What the person reads for an activity problem, in `locale`. The desk's "already" answers are
/// the trainings' own words, at the time given.
pub fn activity_problem(locale: Locale, problem: P) -> Cow<'static, str> {
    use crate::model::TrainingProblem;
    match (locale, problem) {
        (_, P::AlreadyArrived { hour, minute }) => {
            super::training_problem(locale, TrainingProblem::AlreadyArrived { hour, minute })
        }
        (_, P::AlreadyLeft { hour, minute }) => {
            super::training_problem(locale, TrainingProblem::AlreadyLeft { hour, minute })
        }
        (Locale::Zh, other) => Cow::Borrowed(zh(other)),
        (Locale::En, other) => Cow::Borrowed(en(other)),
    }
}

fn zh(problem: P) -> &'static str {
    match problem {
        P::IdInvalid => "活动编号无效。",
        P::CampaignUnknown => "请选择所属的专项活动。",
        P::TitleInvalid => "请填写活动名称（80 字以内，不含特殊控制字符）。",
        P::ThemeInvalid => "活动主题最多 80 字。",
        P::DescriptionInvalid => "活动介绍最多 4000 字，且不能含特殊控制字符。",
        P::TimesInvalid => "请填写有效的开始和结束时间，结束须晚于开始，单次不超过 24 小时。",
        P::DepartureInvalid => "出发时间须在活动开始和结束之间。",
        P::DeadlineInvalid => "报名截止时间须不晚于活动开始。",
        P::MeetingPointInvalid => "请填写集合地点（200 字以内）。",
        P::NoteInvalid => "到达提示最多 200 字。",
        P::HotlineInvalid => "咨询热线只能包含数字、空格、+、- 和括号（40 字以内）。",
        P::StopsInvalid => "活动线路最多 2000 字。",
        P::CapacityInvalid => "名额须为 1 到 10000 之间的整数。",
        P::CapacityBelowRegistered => "名额不能少于已报名人数。",
        P::AudienceUnknown => "请选择适合人群。",
        P::AgesInvalid => "儿童年龄须为 0–17 的整数，且下限不大于上限。",
        P::Cancelled => "该活动已取消。",
        P::CodeUnknown => "签到码无效。",
        P::CodeOtherActivity => "该签到码不属于本活动。",
        P::NotArrived => "尚未签到，不能签退。",
        P::AlreadyArrived { .. } | P::AlreadyLeft { .. } => "已记录。",
        P::WeeksInvalid => "值守周设置无效：首周开始日期、周数（1–52）和每周名额（1–100000）都须填写有效。",
        P::WeeksBelowTaken => "每周名额不能少于该周已选的人数。",
        P::WeekUnknown => "没有这个值守周。",
        P::WeekFull => "该周名额已满，请选择其他周次。",
        P::WeekNotForYou => "该报名已撤回，不能选择值守周。",
    }
}

fn en(problem: P) -> &'static str {
    match problem {
        P::IdInvalid => "The activity number is not valid.",
        P::CampaignUnknown => "Please choose the campaign the activity belongs to.",
        P::TitleInvalid => "Please give the activity a title (up to 80 characters).",
        P::ThemeInvalid => "The theme is at most 80 characters.",
        P::DescriptionInvalid => "The description is at most 4,000 characters.",
        P::TimesInvalid => "Please give a valid start and end; the end after the start, at most 24 hours.",
        P::DepartureInvalid => "The departure must be between the start and the end.",
        P::DeadlineInvalid => "Sign-up must close no later than the start.",
        P::MeetingPointInvalid => "Please give the meeting point (up to 200 characters).",
        P::NoteInvalid => "The arrival note is at most 200 characters.",
        P::HotlineInvalid => "The hotline may hold digits, spaces, +, - and brackets only (up to 40).",
        P::StopsInvalid => "The route is at most 2,000 characters.",
        P::CapacityInvalid => "Places must be a whole number from 1 to 10,000.",
        P::CapacityBelowRegistered => "Places cannot be fewer than the people signed up.",
        P::AudienceUnknown => "Please choose whom the activity is for.",
        P::AgesInvalid => "Children's ages are whole numbers 0–17, the lower not above the upper.",
        P::Cancelled => "This activity has been cancelled.",
        P::CodeUnknown => "This check-in code is not valid.",
        P::CodeOtherActivity => "This check-in code belongs to another activity.",
        P::NotArrived => "Not checked in yet, so cannot check out.",
        P::AlreadyArrived { .. } | P::AlreadyLeft { .. } => "Already recorded.",
        P::WeeksInvalid => "Weeks of duty: give a valid first day, 1–52 weeks and 1–100,000 places a week.",
        P::WeeksBelowTaken => "A week's places cannot be fewer than the volunteers who chose it.",
        P::WeekUnknown => "There is no such week.",
        P::WeekFull => "That week is full; please choose another.",
        P::WeekNotForYou => "This application was withdrawn, so it cannot choose a week.",
    }
}
