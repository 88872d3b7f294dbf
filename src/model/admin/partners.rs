//! Partner systems' API tokens: what the back office's token page sends and shows.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Choice, OrganizerView};

/// A new token, as posted. Every token reads (masked); `decide` and `full` are extra scopes,
/// given when the field is not empty (a checkbox sends `on`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PartnerTokenForm {
    pub partner: String,
    /// A county code; empty for the whole city.
    pub county: String,
    pub decide: String,
    pub full: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerTokenView {
    pub id: i32,
    pub partner: String,
    /// The token's first characters.
    pub hint: String,
    /// The scopes in words.
    pub scopes: Vec<String>,
    /// The county's name, or the whole city.
    pub county: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// The partner's webhooks, and how many of them are paused.
    pub webhooks: u32,
    pub webhooks_paused: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnersPage {
    pub me: OrganizerView,
    pub tokens: Vec<PartnerTokenView>,
    pub counties: Vec<Choice>,
}
