//! Organizers' questions as the sign-up form shows them, and answers as the back office reads them.

use serde::{Deserialize, Serialize};

use crate::domain::questions::{Condition, QuestionKind, QuestionRule};

/// One choice of a choice question: a key that never changes, and its words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceOption {
    pub key: String,
    pub label: String,
}

/// A question as the public form shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionView {
    pub id: i32,
    pub kind: QuestionKind,
    pub label: String,
    pub help: String,
    pub required: bool,
    pub options: Vec<ChoiceOption>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub when: Option<Condition>,
    /// The condition in words ("only if the role is 道口值守"), for the hint beside the question.
    pub when_text: Option<String>,
}

impl QuestionView {
    /// What the rule needs of it.
    pub fn rule(&self) -> QuestionRule {
        QuestionRule {
            id: self.id,
            kind: self.kind,
            required: self.required,
            options: self.options.iter().map(|o| o.key.clone()).collect(),
            min: self.min,
            max: self.max,
            when: self.when.clone(),
        }
    }

    /// The words of an option key (yes/no included), or the key itself when it is gone.
    pub fn option_label(&self, key: &str, yes: &str, no: &str) -> String {
        match (self.kind, key) {
            (QuestionKind::YesNo, crate::domain::questions::YES) => yes.to_string(),
            (QuestionKind::YesNo, crate::domain::questions::NO) => no.to_string(),
            _ => self
                .options
                .iter()
                .find(|o| o.key == key)
                .map_or_else(|| key.to_string(), |o| o.label.clone()),
        }
    }
}

/// A person's answer to one question, in words, as the back office and the API read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerLine {
    pub question: i32,
    pub label: String,
    /// The answer in words; a multiple choice's options joined with "、".
    pub text: String,
    /// The answer as stored: option keys, the number, the ISO date, `yes`/`no`, or the text.
    pub values: Vec<String>,
    /// The question is no longer asked.
    pub retired: bool,
}
