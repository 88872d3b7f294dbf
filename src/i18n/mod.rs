//! Every word the portal shows, in one place, in two languages: Chinese (zh-CN, the first
//! language and the fallback) and English. The language is decided per request (`lang` cookie,
//! then `Accept-Language`) and handed down as a `Locale` in the Leptos context; `t()`, `tf()`
//! and the label functions read it from there. Sentences with values are functions with named
//! parameters (see `phrases`), never glued together in views.
//!
//! The sign-up island runs in the browser, so its words (`FormStrings`) are a table of their
//! own: the wasm bundle carries the two small form tables, not the page tables.

mod activities;
mod admin;
mod admin_activities;
mod admin_partners;
mod admin_trainings;
mod admin_zh;
mod en;
pub mod mail;
#[cfg(feature = "ssr")]
pub mod mail_activities;
pub mod mail_trainings;
mod phrases;
mod questions;
#[cfg(feature = "ssr")]
mod request;
mod trainings;
mod words;
mod zh;

use leptos::prelude::use_context;
use serde::{Deserialize, Serialize};

pub use activities::{activity_problem, audience_label, person_kind_label, ActivityWords};
pub use admin::*;
pub use admin_activities::ActivityAdminWords;
pub use admin_partners::PartnerWords;
pub use admin_trainings::TrainingWords;
pub use phrases::*;
pub use questions::{
    answer_words, asked_only_if, kind_label, number_range, question_problem, role_subject, AnswerWords,
    QuestionWords,
};
#[cfg(feature = "ssr")]
pub use request::{locale_from_headers, provide_request_locale, safe_return_path, LANG_COOKIE};
pub use trainings::training_problem;
pub use words::{FormStrings, Strings};

/// A language the portal speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    /// Simplified Chinese, the first language.
    #[default]
    Zh,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Zh, Locale::En];

    /// The BCP 47 tag for `<html lang>` and the `lang` cookie.
    pub fn tag(self) -> &'static str {
        match self {
            Self::Zh => "zh-CN",
            Self::En => "en",
        }
    }

    /// Reads a tag as written in a cookie, a column or `Accept-Language` (`zh`, `zh-CN`, `en-GB` …).
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Some(Self::Zh),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    /// The name of the language in itself, for the switch.
    pub fn own_name(self) -> &'static str {
        match self {
            Self::Zh => "中文",
            Self::En => "English",
        }
    }
}

/// The language of the current request (Chinese where there is none, e.g. in a worker).
pub fn locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}

/// The page words for a language.
pub fn strings(locale: Locale) -> &'static Strings {
    match locale {
        Locale::Zh => &zh::PAGE,
        Locale::En => &en::PAGE,
    }
}

/// The sign-up form's words for a language (also what the browser bundle carries).
pub fn form_strings(locale: Locale) -> &'static FormStrings {
    match locale {
        Locale::Zh => &zh::FORM,
        Locale::En => &en::FORM,
    }
}

/// The page words for the current request.
pub fn t() -> &'static Strings {
    strings(locale())
}

/// The sign-up form's words for the current request.
pub fn tf() -> &'static FormStrings {
    form_strings(locale())
}

/// The back office's words. The back office speaks Chinese only, whatever the request asks.
pub fn ta() -> &'static AdminStrings {
    &admin_zh::ADMIN
}

/// The back office's activity pages' words.
pub fn tav() -> &'static ActivityAdminWords {
    &admin_activities::ACTIVITIES
}

/// The back office's partner-token page's words.
pub fn tp() -> &'static PartnerWords {
    &admin_partners::PARTNERS
}

/// The back office's question page's words.
pub fn tq() -> &'static QuestionWords {
    &questions::QUESTIONS
}

/// The back office's training pages' words.
pub fn tt() -> &'static TrainingWords {
    &admin_trainings::TRAININGS
}

/// The public activity pages' words for the current request.
pub fn activity_words() -> &'static ActivityWords {
    activities::words(locale())
}

/// After a volunteer chose a week of duty.
pub fn week_chosen(number: i32) -> String {
    match locale() {
        Locale::Zh => format!("已选择第 {number} 周值守。"),
        Locale::En => format!("You will serve in week {number}."),
    }
}

/// A family too big for the places left, in the request's language.
pub fn places_left_refusal(heads: i32, left: i32) -> String {
    activities::places_left(locale(), heads, left)
}

/// Message for a field error code (the codes come from `model::signup` and `domain`).
pub fn field_message(code: &str) -> &'static str {
    if let Some(message) = activities::field_message(locale(), code) {
        return message;
    }
    if let Some(message) = questions::field_message(locale(), code) {
        return message;
    }
    match locale() {
        Locale::Zh => zh::field_message(code),
        Locale::En => en::field_message(code),
    }
}

/// Label for a skill key of `domain::options::SKILLS`.
pub fn skill_label(key: &str) -> &'static str {
    match locale() {
        Locale::Zh => zh::skill_label(key),
        Locale::En => en::skill_label(key),
    }
}

/// Label for an availability key of `domain::options::AVAILABILITY`.
pub fn availability_label(key: &str) -> &'static str {
    match locale() {
        Locale::Zh => zh::availability_label(key),
        Locale::En => en::availability_label(key),
    }
}

/// Label for an application status.
pub fn status_label(status: crate::domain::ApplicationStatus) -> &'static str {
    match locale() {
        Locale::Zh => zh::status_label(status),
        Locale::En => en::status_label(status),
    }
}

#[cfg(test)]
mod tests {
    use super::Locale;

    #[test]
    fn tags_are_read_by_their_primary_language() {
        assert_eq!(Locale::from_tag("en-GB"), Some(Locale::En));
        assert_eq!(Locale::from_tag("zh_TW"), Some(Locale::Zh));
        assert_eq!(Locale::from_tag(" EN "), Some(Locale::En));
        assert_eq!(Locale::from_tag("fr"), None);
        for locale in Locale::ALL {
            assert_eq!(Locale::from_tag(locale.tag()), Some(locale));
        }
    }
}
