//! Organizers' own questions on a sign-up form, and the rule that reads a person's answers to
//! them. The browser runs the same rule before it posts (the island reads the questions from the
//! page's markup), so both sides refuse the same answers with the same field messages.
//!
//! Answers travel as `form[answers][q{id}]` (one value) or `form[answers][q{id}.{option}]=on` (a
//! multiple choice); a field message is keyed `q{id}`. (The `q` matters: the server's form decoder
//! reads a key that starts with a digit as a list index.)

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What kind of answer a question takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum QuestionKind {
    ShortText,
    LongText,
    SingleChoice,
    MultiChoice,
    /// A whole number, optionally between a least and a most.
    Number,
    Date,
    YesNo,
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 7] = [
        Self::ShortText,
        Self::LongText,
        Self::SingleChoice,
        Self::MultiChoice,
        Self::Number,
        Self::Date,
        Self::YesNo,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ShortText => "short_text",
            Self::LongText => "long_text",
            Self::SingleChoice => "single_choice",
            Self::MultiChoice => "multi_choice",
            Self::Number => "number",
            Self::Date => "date",
            Self::YesNo => "yes_no",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// Single and multiple choice carry the organizer's options.
    pub fn has_options(self) -> bool {
        matches!(self, Self::SingleChoice | Self::MultiChoice)
    }

    /// The kinds whose answers are a fixed set of keys: the queue filters by them, and another
    /// question may be asked only for one of them.
    pub fn is_choice(self) -> bool {
        matches!(self, Self::SingleChoice | Self::MultiChoice | Self::YesNo)
    }

    /// The longest answer, in characters.
    pub fn max_chars(self) -> usize {
        match self {
            Self::ShortText => 200,
            Self::LongText => 2000,
            _ => 40,
        }
    }
}

/// The keys of a yes/no question's two answers.
pub const YES: &str = "yes";
pub const NO: &str = "no";

/// "Ask only if …": the role chosen is this one, or another question's answer is this key.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Condition {
    Role(String),
    Answer { question: i32, value: String },
}

/// A key as a condition, an option or a CSS selector may carry it.
pub fn is_key(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 40
        && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

impl Condition {
    /// `role=KEY` or `q{ID}=KEY`, as stored and as the back office's form posts it.
    pub fn parse(text: &str) -> Option<Self> {
        let (subject, value) = text.trim().split_once('=')?;
        if !is_key(value) {
            return None;
        }
        if subject == "role" {
            return Some(Self::Role(value.to_string()));
        }
        let question = subject.strip_prefix('q')?.parse::<i32>().ok().filter(|id| *id > 0)?;
        Some(Self::Answer { question, value: value.to_string() })
    }

    pub fn as_text(&self) -> String {
        match self {
            Self::Role(key) => format!("role={key}"),
            Self::Answer { question, value } => format!("q{question}={value}"),
        }
    }
}

/// A question as the rule needs it: what it takes, not how it is worded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionRule {
    pub id: i32,
    pub kind: QuestionKind,
    pub required: bool,
    /// The option keys of a choice question (yes/no: none, its keys are fixed).
    pub options: Vec<String>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub when: Option<Condition>,
}

/// An answer that passed its question's rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    Text(String),
    Choice(String),
    Choices(Vec<String>),
    Number(i64),
    Date(NaiveDate),
    YesNo(bool),
}

impl Answer {
    /// As stored: one value per row; a multiple choice, one row per option chosen.
    pub fn stored(&self) -> Vec<String> {
        match self {
            Self::Text(text) | Self::Choice(text) => vec![text.clone()],
            Self::Choices(keys) => keys.clone(),
            Self::Number(n) => vec![n.to_string()],
            Self::Date(date) => vec![date.format("%Y-%m-%d").to_string()],
            Self::YesNo(yes) => vec![if *yes { YES } else { NO }.to_string()],
        }
    }
}

/// The field a question's message is keyed by.
pub fn field(id: i32) -> String {
    format!("q{id}")
}

/// The posted value of a one-value question, trimmed.
fn raw_value(raw: &BTreeMap<String, String>, id: i32) -> &str {
    raw.get(&field(id)).map(|v| v.trim()).unwrap_or_default()
}

/// Whether `key` is among the posted answers of question `id` (a choice or a box ticked).
fn answered_with(rule: &QuestionRule, raw: &BTreeMap<String, String>, key: &str) -> bool {
    match rule.kind {
        QuestionKind::MultiChoice => raw.contains_key(&format!("q{}.{key}", rule.id)),
        _ => raw_value(raw, rule.id) == key,
    }
}

/// Is `rule` asked, given the role chosen and the other answers? A condition on a question that
/// is not asked itself (or on a question that is gone) is not met; a loop of conditions neither.
pub fn applies(
    rules: &[QuestionRule],
    rule: &QuestionRule,
    role: &str,
    raw: &BTreeMap<String, String>,
) -> bool {
    fn walk(
        rules: &[QuestionRule],
        rule: &QuestionRule,
        role: &str,
        raw: &BTreeMap<String, String>,
        depth: u8,
    ) -> bool {
        match &rule.when {
            None => true,
            Some(_) if depth > 8 => false,
            Some(Condition::Role(key)) => role == key,
            Some(Condition::Answer { question, value }) => rules
                .iter()
                .find(|q| q.id == *question && q.id != rule.id)
                .is_some_and(|q| answered_with(q, raw, value) && walk(rules, q, role, raw, depth + 1)),
        }
    }
    walk(rules, rule, role, raw, 0)
}

/// Reads the answers to the questions that are asked; one message per question answered wrongly.
/// Answers to questions not asked (a condition not met, or unknown ids) are dropped, not refused.
pub fn parse_answers(
    rules: &[QuestionRule],
    role: &str,
    raw: &BTreeMap<String, String>,
) -> Result<Vec<(i32, Answer)>, BTreeMap<String, String>> {
    let mut answers = Vec::new();
    let mut errors = BTreeMap::new();
    for rule in rules.iter().filter(|rule| applies(rules, rule, role, raw)) {
        match parse_one(rule, raw) {
            Ok(Some(answer)) => answers.push((rule.id, answer)),
            Ok(None) if rule.required => drop(errors.insert(field(rule.id), "required".to_string())),
            Ok(None) => {}
            Err(code) => drop(errors.insert(field(rule.id), code.to_string())),
        }
    }
    if errors.is_empty() {
        Ok(answers)
    } else {
        Err(errors)
    }
}

/// A whole number as typed: digits only (at most 15), an optional minus; no `1e3`, no `2.5`.
pub fn whole_number(text: &str) -> Option<i64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let shaped = !digits.is_empty() && digits.len() <= 15 && digits.bytes().all(|b| b.is_ascii_digit());
    shaped.then(|| text.parse().ok()).flatten()
}

/// A day as a date field sends it, `YYYY-MM-DD`, in 1900–2100. Read by hand: chrono's format
/// parser would add more to the browser bundle than the rest of the questions' code.
pub fn iso_day(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() });
    if !shaped {
        return None;
    }
    let number = |range: std::ops::Range<usize>| text[range].parse::<u32>().ok();
    let year = i32::try_from(number(0..4)?).ok().filter(|y| (1900..=2100).contains(y))?;
    NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?)
}

/// One question's answer: `None` when it was left empty.
fn parse_one(rule: &QuestionRule, raw: &BTreeMap<String, String>) -> Result<Option<Answer>, &'static str> {
    if rule.kind == QuestionKind::MultiChoice {
        let prefix = format!("q{}.", rule.id);
        let ticked: Vec<&str> = raw.keys().filter_map(|k| k.strip_prefix(prefix.as_str())).collect();
        if ticked.iter().any(|key| !rule.options.iter().any(|o| o == key)) {
            return Err("answer_choice");
        }
        // in the organizer's order, whatever order the browser sent them in
        let chosen: Vec<String> =
            rule.options.iter().filter(|o| ticked.contains(&o.as_str())).cloned().collect();
        return Ok((!chosen.is_empty()).then_some(Answer::Choices(chosen)));
    }
    let value = raw_value(raw, rule.id);
    if value.is_empty() {
        return Ok(None);
    }
    if value.chars().count() > rule.kind.max_chars() {
        return Err("too_long");
    }
    if value.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        return Err("invalid");
    }
    let answer = match rule.kind {
        QuestionKind::ShortText | QuestionKind::LongText => Answer::Text(value.replace("\r\n", "\n")),
        QuestionKind::SingleChoice if rule.options.iter().any(|o| o == value) => Answer::Choice(value.into()),
        QuestionKind::SingleChoice | QuestionKind::MultiChoice => return Err("answer_choice"),
        QuestionKind::YesNo => match value {
            YES => Answer::YesNo(true),
            NO => Answer::YesNo(false),
            _ => return Err("answer_choice"),
        },
        QuestionKind::Number => {
            let n = whole_number(value).ok_or("answer_number")?;
            if rule.min.is_some_and(|min| n < min) || rule.max.is_some_and(|max| n > max) {
                return Err("answer_range");
            }
            Answer::Number(n)
        }
        QuestionKind::Date => Answer::Date(iso_day(value).ok_or("answer_date")?),
    };
    Ok(Some(answer))
}

#[cfg(test)]
#[path = "questions_tests.rs"]
mod tests;
