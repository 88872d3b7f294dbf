//! What crosses the wire in the back office. Form structs hold strings (every field defaults to
//! empty) so that nonsense input becomes a clear message, never a failure to read the request.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::ApplicationStatus;

mod campaigns;
mod partners;
mod questions;
mod teams;
mod trainings;

pub use campaigns::*;
pub use partners::*;
pub use questions::*;
pub use teams::*;
pub use trainings::*;

/// The review queue's filter, as it travels in the page's query string and in bulk forms.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct QueueFilter {
    /// Campaign slug; empty = the first campaign.
    pub campaign: String,
    pub status: String,
    pub county: String,
    pub street: String,
    pub community: String,
    /// Role key.
    pub role: String,
    /// Skill key.
    pub skill: String,
    pub age_min: String,
    pub age_max: String,
    /// Submitted on or after this date (YYYY-MM-DD, China time).
    pub from: String,
    /// Submitted on or before this date.
    pub to: String,
    /// Name, reference code or the last four digits of the mobile number.
    pub q: String,
    /// `new` (default), `old`, `name`, `age`.
    pub sort: String,
    pub page: String,
    /// An answer to one of the campaign's choice questions: `q{ID}={KEY}`.
    pub answer: String,
}

impl QueueFilter {
    pub const FIELDS: [&'static str; 15] = [
        "campaign",
        "status",
        "county",
        "street",
        "community",
        "role",
        "skill",
        "age_min",
        "age_max",
        "from",
        "to",
        "q",
        "sort",
        "page",
        "answer",
    ];

    pub fn get(&self, field: &str) -> &str {
        match field {
            "campaign" => &self.campaign,
            "status" => &self.status,
            "county" => &self.county,
            "street" => &self.street,
            "community" => &self.community,
            "role" => &self.role,
            "skill" => &self.skill,
            "age_min" => &self.age_min,
            "age_max" => &self.age_max,
            "from" => &self.from,
            "to" => &self.to,
            "q" => &self.q,
            "sort" => &self.sort,
            "page" => &self.page,
            "answer" => &self.answer,
            _ => "",
        }
    }

    pub fn set(&mut self, field: &str, value: String) {
        let slot = match field {
            "campaign" => &mut self.campaign,
            "status" => &mut self.status,
            "county" => &mut self.county,
            "street" => &mut self.street,
            "community" => &mut self.community,
            "role" => &mut self.role,
            "skill" => &mut self.skill,
            "age_min" => &mut self.age_min,
            "age_max" => &mut self.age_max,
            "from" => &mut self.from,
            "to" => &mut self.to,
            "q" => &mut self.q,
            "sort" => &mut self.sort,
            "page" => &mut self.page,
            "answer" => &mut self.answer,
            _ => return,
        };
        *slot = value;
    }

    /// `campaign=…&status=…` with the non-empty fields, for links back to the queue.
    pub fn to_query(&self) -> String {
        Self::FIELDS
            .iter()
            .filter(|f| !self.get(f).is_empty())
            .map(|f| format!("{f}={}", url_encode(self.get(f))))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The same filter on another page (or with another sort).
    pub fn with(&self, field: &str, value: impl Into<String>) -> Self {
        let mut copy = self.clone();
        copy.set(field, value.into());
        copy
    }
}

/// Percent-encodes everything but unreserved characters.
pub fn url_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// One row of the queue: enough to decide whether to open it; the phone only masked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRow {
    pub id: i64,
    pub reference: String,
    pub name: String,
    pub masked_mobile: String,
    /// `None` once the personal data is erased.
    pub age: Option<u32>,
    pub region: String,
    pub role: String,
    pub skills: Vec<String>,
    pub status: String,
    pub submitted_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuePage {
    pub filter: QueueFilter,
    pub campaigns: Vec<Choice>,
    pub roles: Vec<Choice>,
    /// Counties (and, once one is chosen, its streets and communities) the organizer may see.
    pub counties: Vec<Choice>,
    pub streets: Vec<Choice>,
    pub communities: Vec<Choice>,
    /// The answers of the campaign's choice questions (`q{ID}={KEY}`).
    pub answers: Vec<Choice>,
    /// Number of applications per status matching the filter apart from the status.
    pub counts: BTreeMap<ApplicationStatus, u64>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
    pub rows: Vec<QueueRow>,
    pub organizer: OrganizerView,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizerView {
    pub name: String,
    pub role: String,
    pub county: Option<String>,
    pub may_export: bool,
    pub may_export_full: bool,
    pub may_lottery: bool,
    pub may_teams: bool,
    pub may_trainings: bool,
    pub may_manage_campaigns: bool,
    pub may_manage_partners: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditView {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationDetail {
    pub id: i64,
    pub reference: String,
    pub campaign: String,
    pub campaign_slug: String,
    pub name: String,
    pub masked_mobile: String,
    pub masked_id: String,
    /// Only for those who may see full data (city admins); everyone else sees the age.
    pub birth_date: Option<NaiveDate>,
    /// `None` once the personal data is erased.
    pub age: Option<u32>,
    pub email: Option<String>,
    pub region: String,
    pub role: String,
    pub skills: Vec<String>,
    pub availability: Vec<String>,
    pub status_key: ApplicationStatus,
    pub status: String,
    pub submitted_at: DateTime<Utc>,
    pub audit: Vec<AuditView>,
    /// The campaign's weeks of duty and the one this volunteer serves (organizers move them).
    pub weeks: crate::model::weeks::MyWeeks,
    /// Answers to the campaign's own questions, retired questions' included.
    pub answers: Vec<crate::model::AnswerLine>,
}

/// A decision as posted from the detail page or the queue.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    /// A `Decision` key.
    pub decision: String,
    /// A `RejectReason` key, or `other` with `reason_text`.
    pub reason: String,
    pub reason_text: String,
}

/// What a decision did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionReport {
    pub changed: u64,
    /// Left alone: already in that status, or withdrawn.
    pub skipped: u64,
}

/// Lottery parameters, from the lottery page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LotteryForm {
    /// How many to approve.
    pub n: String,
    /// At most this many per street (empty = no cap).
    pub per_street: String,
    /// Read only to be refused: the server takes the seed at the moment of the draw, and a page
    /// or script that still sends one learns so instead of believing it was used.
    pub seed: String,
}

/// What a preview shows: the pool, never a draw (no seed exists before the commit).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotteryPreview {
    pub pool: u64,
    /// SHA-256 of the pool's published file: a commit refuses if the pool changed since.
    pub pool_digest: String,
    pub n: u64,
    pub per_street: Option<u64>,
    /// Street name → number of candidates there.
    pub per_street_counts: Vec<(String, u64)>,
}

/// What a committed lottery did, and where the public can check it (`/draws/{draw}`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotteryReport {
    pub draw: i64,
    pub decision: DecisionReport,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LoginOutcome {
    SignedIn,
    WrongCredentials,
    Throttled { seconds: i64 },
}
