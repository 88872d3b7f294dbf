//! Sentences with values: one function per sentence, with named parameters, so that each
//! language puts the values where its grammar wants them.

use super::{locale, t, Locale};

/// A page's `<title>`: "页面 · 守望".
pub fn page_title(page: &str) -> String {
    format!("{page} · {site}", site = t().site_name)
}

/// "报名时间：2026-12-01 — 2027-01-31".
pub fn sign_up_period(opens: &str, closes: &str) -> String {
    let label = t().window;
    match locale() {
        Locale::Zh => format!("{label}：{opens} — {closes}"),
        Locale::En => format!("{label}: {opens} – {closes}"),
    }
}

/// "18–65 周岁".
pub fn age_range(min: impl std::fmt::Display, max: impl std::fmt::Display) -> String {
    format!("{min}–{max} {years}", years = t().years_of_age)
}

/// The accessible name of a campaign's progress bar: "已报名人数".
pub fn progress_label() -> String {
    let s = t();
    match locale() {
        Locale::Zh => format!("{}{}", s.signed_up, s.people),
        Locale::En => format!("{} ({})", s.signed_up, s.people),
    }
}

/// A draw's heading: "第 7 号抽签公示".
pub fn draw_heading(id: i64) -> String {
    match locale() {
        Locale::Zh => format!("第 {id} 号{}", t().draw_title),
        Locale::En => format!("{} No. {id}", t().draw_title),
    }
}

/// The apology for an internal error, with the id that finds it in the log.
pub fn internal_error(request_id: &str) -> String {
    let s = super::tf();
    match locale() {
        Locale::Zh => format!("{}（{}：{request_id}）", s.error_internal, s.request_id),
        Locale::En => format!("{} ({}: {request_id})", s.error_internal, s.request_id),
    }
}

/// Hours served: "3 小时 15 分钟" / "3 h 15 min".
pub fn hours_and_minutes(total_minutes: i64) -> String {
    let (hours, minutes) = (total_minutes.max(0) / 60, total_minutes.max(0) % 60);
    match locale() {
        Locale::Zh => format!("{hours} 小时 {minutes} 分钟"),
        Locale::En => format!("{hours} h {minutes} min"),
    }
}

/// A place on a session's waiting list: "候补第 2 位" / "waiting list, place 2".
pub fn waiting_position(position: u32) -> String {
    match locale() {
        Locale::Zh => format!("候补第 {position} 位"),
        Locale::En => format!("Waiting list, place {position}"),
    }
}

/// A line of a live feed: "2 分钟前 136****8028 已报名" / "2 minutes ago 136****8028 signed up".
/// The locale is named, not read from the context: the feed's stream renders outside a page.
pub fn feed_line(ago: crate::domain::feed::Ago, masked: &str, locale: Locale) -> String {
    use crate::domain::feed::Ago;
    let plural =
        |n: i64, unit: &str| if n == 1 { format!("1 {unit} ago") } else { format!("{n} {unit}s ago") };
    match locale {
        Locale::Zh => {
            let when = match ago {
                Ago::JustNow => "刚刚".to_string(),
                Ago::Minutes(n) => format!("{n} 分钟前"),
                Ago::Hours(n) => format!("{n} 小时前"),
                Ago::Days(n) => format!("{n} 天前"),
            };
            format!("{when} {masked} 已报名")
        }
        Locale::En => {
            let when = match ago {
                Ago::JustNow => "just now".to_string(),
                Ago::Minutes(n) => plural(n, "minute"),
                Ago::Hours(n) => plural(n, "hour"),
                Ago::Days(n) => plural(n, "day"),
            };
            format!("{when} {masked} signed up")
        }
    }
}

/// How many people read a page: "阅读 33" / "33 reads".
pub fn reads_count(reads: i64) -> String {
    match locale() {
        Locale::Zh => format!("阅读 {reads}"),
        Locale::En if reads == 1 => "1 read".to_string(),
        Locale::En => format!("{reads} reads"),
    }
}

/// A bar's value in a chart, shown on hover: "2026-12-01：120" / "2026-12-01: 120".
pub fn chart_point(label: &str, value: impl std::fmt::Display) -> String {
    match locale() {
        Locale::Zh => format!("{label}：{value}"),
        Locale::En => format!("{label}: {value}"),
    }
}
