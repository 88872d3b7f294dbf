//! The dashboard and campaign management.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Choice, OrganizerView};
use crate::domain::ApplicationStatus;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountyProgress {
    pub code: String,
    pub name: String,
    pub signups: u64,
    /// Approved applications.
    pub recruited: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub campaign: String,
    pub title: String,
    pub campaigns: Vec<Choice>,
    pub target: u64,
    /// Count per status (in the organizer's area).
    pub counts: BTreeMap<ApplicationStatus, u64>,
    /// All but withdrawn.
    pub signups: u64,
    /// Approved applications.
    pub recruited: u64,
    /// (YYYY-MM-DD in China time, sign-ups that day), oldest first, at most 60 days.
    pub per_day: Vec<(String, u64)>,
    pub per_county: Vec<CountyProgress>,
    /// The opening day (the campaign's first day with sign-ups, China time) and its sign-ups
    /// per hour, 24 counts for 00…23.
    pub opening_day: Option<(String, Vec<u64>)>,
    /// Sign-ups per shared-link source (`None`: direct), direct first, sources with sign-ups only.
    pub per_source: Vec<(Option<crate::domain::ShareSource>, u64)>,
    /// The campaign's weeks of duty and their fill (city-wide), in order.
    pub weeks: Vec<crate::model::weeks::WeekFill>,
    /// The campaign's activities (title, people registered), soonest first.
    pub per_activity: Vec<(String, u64)>,
    /// Trainings of the campaign in the organizer's area (for those who run trainings).
    pub training: Option<super::TrainingProgress>,
    pub organizer: OrganizerView,
}

/// A campaign as edited in the back office. Roles: one per line, `key|name|description`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CampaignForm {
    /// Empty when creating; then `new_slug` names it.
    pub slug: String,
    pub new_slug: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub target: String,
    /// `YYYY-MM-DDTHH:MM`, China time (an `<input type="datetime-local">`).
    pub opens_at: String,
    pub closes_at: String,
    pub min_age: String,
    pub max_age: String,
    /// Comma-separated county codes; empty = the whole city.
    pub allowed_regions: String,
    pub roles: String,
    /// Days after the close that applicants' personal data is kept (0–365; empty: 180).
    pub retention_days: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignRow {
    pub slug: String,
    pub title: String,
    /// 报名中 / 已暂停 / 尚未开始 / 已结束
    pub state: String,
    pub state_key: String,
    pub target: u64,
    pub signups: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignsPage {
    pub campaigns: Vec<CampaignRow>,
    pub organizer: OrganizerView,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignEdit {
    pub form: CampaignForm,
    pub organizer: OrganizerView,
}
