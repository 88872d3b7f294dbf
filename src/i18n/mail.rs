//! The words of the mails, in the language the person signed up in. Never an ID number; the
//! mobile number only masked.

use super::Locale;
use crate::domain::Decision;

/// The name mails are sent under (the address comes from `MAIL_FROM`).
pub fn sender_name(locale: Locale) -> &'static str {
    match locale {
        Locale::Zh => "守望志愿平台",
        Locale::En => "Shouwang Volunteers",
    }
}

/// What the confirmation of a sign-up says.
pub struct Confirmation<'a> {
    pub name: &'a str,
    pub campaign: &'a str,
    pub role: &'a str,
    pub reference: &'a str,
    pub masked_mobile: &'a str,
    pub status_link: &'a str,
}

/// Subject and body of the confirmation.
pub fn confirmation(locale: Locale, c: &Confirmation) -> (String, String) {
    let Confirmation { name, campaign, role, reference, masked_mobile: mobile, status_link: link } = c;
    let sender = sender_name(locale);
    match locale {
        Locale::Zh => (
            format!("【守望】报名确认：{campaign}（编号 {reference}）"),
            format!(
                "{name}，您好：\n\n\
                 感谢您报名“{campaign}”，意向岗位：{role}。\n\n\
                 报名编号：{reference}\n\
                 手机号码：{mobile}\n\n\
                 组织方审核后会通知您。查询报名进度：\n{link}\n\
                 （查询时请输入报名时填写的手机号码。）\n\n\
                 群防群治，守望相助。\n{sender}\n"
            ),
        ),
        Locale::En => (
            format!("[Shouwang] Sign-up received: {campaign} (reference {reference})"),
            format!(
                "Dear {name},\n\n\
                 Thank you for signing up for \"{campaign}\" as: {role}.\n\n\
                 Reference code: {reference}\n\
                 Mobile number: {mobile}\n\n\
                 The organizers will let you know after their review. Check your status here:\n{link}\n\
                 (You will be asked for the mobile number you signed up with.)\n\n\
                 Safety is everyone's job. Neighbours look out for each other.\n{sender}\n"
            ),
        ),
    }
}

/// What the mail about a decision says.
pub struct DecisionWords<'a> {
    pub name: &'a str,
    pub campaign: &'a str,
    pub reference: &'a str,
    pub verdict: Decision,
    pub reason: Option<&'a str>,
    pub status_link: &'a str,
}

/// Subject and body of the decision mail.
pub fn decision(locale: Locale, d: &DecisionWords) -> (String, String) {
    let DecisionWords { name, campaign, reference, verdict, reason, status_link: link } = d;
    let sender = sender_name(locale);
    match locale {
        Locale::Zh => {
            let (verdict, next) = match verdict {
                Decision::Approve => ("您已被录用为志愿者", "组织方将另行通知岗前培训与编组安排。"),
                Decision::Waitlist => ("您已列入候补名单", "如有名额空出，我们会第一时间通知您。"),
                Decision::Reject => ("很遗憾，您本次未被录用", "感谢您的热心，欢迎关注和报名今后的活动。"),
            };
            let reason = reason.map(|r| format!("说明：{r}\n\n")).unwrap_or_default();
            (
                format!("【守望】审核结果：{campaign}（编号 {reference}）"),
                format!(
                    "{name}，您好：\n\n您报名的“{campaign}”（编号 {reference}）审核结果：{verdict}。\n\n\
                     {reason}{next}\n\n查询报名进度：\n{link}\n\n群防群治，守望相助。\n{sender}\n"
                ),
            )
        }
        Locale::En => {
            let (verdict, next) = match verdict {
                Decision::Approve => (
                    "you have been accepted as a volunteer",
                    "The organizers will tell you about training and your team separately.",
                ),
                Decision::Waitlist => {
                    ("you are on the waiting list", "If a place becomes free, we will tell you at once.")
                }
                Decision::Reject => (
                    "we are sorry, you have not been accepted this time",
                    "Thank you for offering your help; we hope to see you in a future campaign.",
                ),
            };
            let reason = reason.map(|r| format!("Note: {r}\n\n")).unwrap_or_default();
            (
                format!("[Shouwang] Decision on your sign-up: {campaign} (reference {reference})"),
                format!(
                    "Dear {name},\n\nThe organizers have reviewed your sign-up for \"{campaign}\" \
                     (reference {reference}): {verdict}.\n\n{reason}{next}\n\nCheck your status here:\n{link}\n\n\
                     Safety is everyone's job. Neighbours look out for each other.\n{sender}\n"
                ),
            )
        }
    }
}
