//! The words of the activity mails, in the language the guardian signed up in: the
//! confirmation listing everyone with their check-in code, and the cancellation. Never an ID
//! number; the phone only masked.

use super::activities::person_kind_label;
use super::mail::sender_name;
use super::Locale;
use crate::domain::calendar::in_china;
use crate::model::activity::FamilyReceipt;

/// Subject and body of the confirmation to the guardian.
pub fn confirmation(locale: Locale, guardian: &str, r: &FamilyReceipt, public_url: &str) -> (String, String) {
    let base = public_url.trim_end_matches('/');
    let when = in_china(r.starts_at, "%Y-%m-%d %H:%M");
    let departs = in_china(r.departs_at, "%H:%M");
    let page = format!("{base}/activities/{}", r.activity_id);
    let people: String = r
        .people
        .iter()
        .map(|p| {
            let kind = person_kind_label(locale, p.kind);
            let age =
                p.age.map(|a| if locale == Locale::Zh { format!("，{a} 岁") } else { format!(", {a}") });
            let link = format!("{base}{}{}", crate::server::email::messages::CHECKIN_PATH, p.code);
            format!(
                "- {}（{kind}{}）{}：{} {link}\n",
                p.name,
                age.unwrap_or_default(),
                code_word(locale),
                p.code
            )
        })
        .collect();
    let sender = sender_name(locale);
    let title = &r.activity_title;
    match locale {
        Locale::Zh => (
            format!("【守望】活动报名成功：{title}"),
            format!(
                "{guardian}，您好：\n\n您已为以下 {n} 人报名“{title}”。\n\n活动时间：{when}\n出发时间：{departs}\n集合地点：{place}\n{note}咨询热线：{hotline}\n报名编号：{reference}\n联系手机：{mobile}\n\n参加人员与签到码（每人一码，签到时出示）：\n{people}\n活动页面：{page}\n\n群防群治，守望相助。\n{sender}\n",
                n = r.people.len(),
                place = r.meeting_point,
                note = if r.arrival_note.is_empty() { String::new() } else { format!("温馨提示：{}\n", r.arrival_note) },
                hotline = r.hotline,
                reference = r.reference,
                mobile = r.masked_mobile,
            ),
        ),
        Locale::En => (
            format!("[Shouwang] You are signed up: {title}"),
            format!(
                "Dear {guardian},\n\nYou have signed up {n} people for \"{title}\".\n\nWhen: {when}\nDeparture: {departs}\nMeeting point: {place}\n{note}Hotline: {hotline}\nReference: {reference}\nMobile: {mobile}\n\nEveryone and their check-in code (one each, shown at the door):\n{people}\nThe activity: {page}\n\n{sender}\n",
                n = r.people.len(),
                place = r.meeting_point,
                note = if r.arrival_note.is_empty() { String::new() } else { format!("Please note: {}\n", r.arrival_note) },
                hotline = r.hotline,
                reference = r.reference,
                mobile = r.masked_mobile,
            ),
        ),
    }
}

fn code_word(locale: Locale) -> &'static str {
    match locale {
        Locale::Zh => "签到码",
        Locale::En => "check-in code",
    }
}

/// Subject and body of the cancellation to a registered guardian.
pub fn cancelled(
    locale: Locale,
    guardian: &str,
    title: &str,
    starts_at: chrono::DateTime<chrono::Utc>,
) -> (String, String) {
    let when = in_china(starts_at, "%Y-%m-%d %H:%M");
    let sender = sender_name(locale);
    match locale {
        Locale::Zh => (
            format!("【守望】活动取消：{title}"),
            format!("{guardian}，您好：\n\n很抱歉，原定于 {when} 举行的“{title}”已取消，您和家人的报名随之取消。\n\n{sender}\n"),
        ),
        Locale::En => (
            format!("[Shouwang] Activity cancelled: {title}"),
            format!("Dear {guardian},\n\nWe are sorry: \"{title}\" on {when} has been cancelled, and your family's sign-up with it.\n\n{sender}\n"),
        ),
    }
}
