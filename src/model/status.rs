use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What a person sees about their own application: masked wherever it is personal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatusView {
    pub reference: String,
    pub campaign_title: String,
    pub campaign_slug: String,
    pub role_name: String,
    pub status: String,
    pub masked_name: String,
    pub masked_mobile: String,
    pub masked_id: String,
    pub submitted_at: DateTime<Utc>,
    /// How the application appears on public lottery pages (`/draws/{id}`): a token naming nobody.
    pub lottery_token: String,
}

// One answer per look-up, never stored in bulk: boxing the large variant would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum StatusOutcome {
    Found(StatusView),
    /// Also the answer for a reference that exists with another phone: no probing.
    NotFound,
    RateLimited,
}

/// The answer to "withdraw and erase my data" (reference + mobile + the confirmation box).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum WithdrawOutcome {
    /// Withdrawn and erased; the page says what was kept.
    Erased {
        reference: String,
    },
    /// The confirmation box was not ticked: nothing was done.
    NotConfirmed,
    /// Also the answer for a wrong pair and for an application already erased: no probing.
    NotFound,
    RateLimited,
}
