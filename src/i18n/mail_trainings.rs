//! The words of the training mails, in the language the person signed up in. Never an ID
//! number; the check-in code is a random token that names no one.

use super::mail::sender_name;
use super::Locale;

/// What every training mail knows about the person and the session.
pub struct SessionWords<'a> {
    pub name: &'a str,
    pub title: &'a str,
    pub campaign: &'a str,
    /// Start and end in China time, e.g. `2026-12-12 09:00–12:00`.
    pub when: &'a str,
    pub place: &'a str,
    pub note: &'a str,
    /// The volunteer's own page.
    pub me_link: &'a str,
}

/// Which training mail.
pub enum TrainingMail<'a> {
    /// A seat is taken; the code opens the door.
    Enrolled { code: &'a str, checkin_link: &'a str },
    /// On the waiting list, at this place in line.
    Waiting { position: u64 },
    /// A seat came free and is now theirs.
    Promoted { code: &'a str, checkin_link: &'a str },
    /// The session will not take place.
    Cancelled,
    /// Its time or place changed: the facts as they are now.
    Changed,
    /// The session is tomorrow.
    Reminder { code: &'a str, checkin_link: &'a str },
}

/// Subject and body of a training mail.
pub fn training_mail(locale: Locale, w: &SessionWords, kind: &TrainingMail) -> (String, String) {
    let SessionWords { name, title, campaign, when, place, note, me_link } = w;
    let sender = sender_name(locale);
    match locale {
        Locale::Zh => {
            let note = if note.is_empty() { String::new() } else { format!("集合说明：{note}\n") };
            let facts = format!("培训：{title}（{campaign}）\n时间：{when}\n地点：{place}\n{note}");
            let code = |code: &str, link: &str| format!("签到码：{code}\n签到时出示：\n{link}\n");
            let (subject, middle) = match kind {
                TrainingMail::Enrolled { code: c, checkin_link } => {
                    (format!("【守望】培训报名成功：{title}"), format!("您已报名成功。\n\n{facts}\n{}", code(c, checkin_link)))
                }
                TrainingMail::Waiting { position } => (
                    format!("【守望】培训候补：{title}"),
                    format!("该场培训名额已满，您已列入候补名单第 {position} 位；有名额空出时将按顺序递补并通知您。\n\n{facts}"),
                ),
                TrainingMail::Promoted { code: c, checkin_link } => (
                    format!("【守望】候补递补成功：{title}"),
                    format!("有名额空出，您已由候补转为正式报名。\n\n{facts}\n{}", code(c, checkin_link)),
                ),
                TrainingMail::Cancelled => (
                    format!("【守望】培训取消：{title}"),
                    format!("很抱歉，以下培训已取消，您的报名随之取消。\n\n{facts}"),
                ),
                TrainingMail::Changed => (
                    format!("【守望】培训时间或地点变更：{title}"),
                    format!("您报名（或候补）的培训时间或地点已变更，请以下列信息为准。\n\n{facts}"),
                ),
                TrainingMail::Reminder { code: c, checkin_link } => (
                    format!("【守望】明日培训提醒：{title}"),
                    format!("提醒您明天参加培训。\n\n{facts}\n{}", code(c, checkin_link)),
                ),
            };
            (
                subject,
                format!(
                    "{name}，您好：\n\n{middle}\n查看我的报名与培训：\n{me_link}\n\n群防群治，守望相助。\n{sender}\n"
                ),
            )
        }
        Locale::En => {
            let note = if note.is_empty() { String::new() } else { format!("Meeting note: {note}\n") };
            let facts = format!("Training: {title} ({campaign})\nWhen: {when}\nWhere: {place}\n{note}");
            let code =
                |code: &str, link: &str| format!("Check-in code: {code}\nShow this at the door:\n{link}\n");
            let (subject, middle) = match kind {
                TrainingMail::Enrolled { code: c, checkin_link } => (
                    format!("[Shouwang] You are enrolled: {title}"),
                    format!("Your seat is booked.\n\n{facts}\n{}", code(c, checkin_link)),
                ),
                TrainingMail::Waiting { position } => (
                    format!("[Shouwang] Waiting list: {title}"),
                    format!(
                        "This training is full; you are number {position} on the waiting list. When a seat \
                         comes free, the next in line gets it and is told at once.\n\n{facts}"
                    ),
                ),
                TrainingMail::Promoted { code: c, checkin_link } => (
                    format!("[Shouwang] A seat came free for you: {title}"),
                    format!("You have moved from the waiting list to a seat.\n\n{facts}\n{}", code(c, checkin_link)),
                ),
                TrainingMail::Cancelled => (
                    format!("[Shouwang] Training cancelled: {title}"),
                    format!("We are sorry: this training has been cancelled, and your enrolment with it.\n\n{facts}"),
                ),
                TrainingMail::Changed => (
                    format!("[Shouwang] Training moved: {title}"),
                    format!("The time or place of a training you are enrolled in (or waiting for) has changed. \
                             This is how it is now:\n\n{facts}"),
                ),
                TrainingMail::Reminder { code: c, checkin_link } => (
                    format!("[Shouwang] Your training is tomorrow: {title}"),
                    format!("A reminder that your training is tomorrow.\n\n{facts}\n{}", code(c, checkin_link)),
                ),
            };
            (
                subject,
                format!(
                    "Dear {name},\n\n{middle}\nYour enrolments and trainings:\n{me_link}\n\n\
                     Safety is everyone's job. Neighbours look out for each other.\n{sender}\n"
                ),
            )
        }
    }
}
