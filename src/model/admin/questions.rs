//! A campaign's own questions: what the back office's question page sends and shows.

use serde::{Deserialize, Serialize};

use super::{Choice, OrganizerView};

/// A question as posted: a new one when `id` is empty. The kind of an existing question does not
/// change (its answers were given to that kind).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct QuestionForm {
    /// The campaign's slug.
    pub campaign: String,
    pub id: String,
    pub kind: String,
    pub label: String,
    pub help: String,
    /// Not empty (a checkbox's `on`) for a required question.
    pub required: String,
    /// The options' words, one per line; line N keeps option N's key.
    pub options: String,
    pub min: String,
    pub max: String,
    /// `role=KEY`, `q{ID}=KEY` or empty.
    pub condition: String,
}

/// One row of the question page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionRow {
    pub id: i32,
    pub label: String,
    pub kind: String,
    pub required: bool,
    /// When it is asked, in words.
    pub condition: String,
    pub answers: u64,
    pub retired: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionsPage {
    pub me: OrganizerView,
    pub slug: String,
    pub title: String,
    pub questions: Vec<QuestionRow>,
    /// The form below the list: empty for a new question, filled for the one being edited.
    pub form: QuestionForm,
    pub kinds: Vec<Choice>,
    /// What a question may depend on: each role, each option of each other choice question.
    pub conditions: Vec<Choice>,
}
