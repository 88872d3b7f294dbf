use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CampaignPhase {
    Upcoming,
    Open,
    Closed,
}

impl CampaignPhase {
    pub fn at(opens_at: DateTime<Utc>, closes_at: DateTime<Utc>, now: DateTime<Utc>) -> Self {
        if now < opens_at {
            Self::Upcoming
        } else if now >= closes_at {
            Self::Closed
        } else {
            Self::Open
        }
    }
}

/// One card on the home page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CampaignSummary {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub target: u32,
    pub signups: u32,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub phase: CampaignPhase,
}

impl CampaignSummary {
    /// Progress towards the target in whole percent, capped at 100 for the bar.
    pub fn percent(&self) -> u32 {
        if self.target == 0 {
            return 0;
        }
        ((u64::from(self.signups) * 100) / u64::from(self.target)).min(100) as u32
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoleView {
    pub key: String,
    pub name: String,
    pub description: String,
}

/// Everything the campaign page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CampaignDetail {
    pub summary: CampaignSummary,
    pub body: Vec<String>,
    pub roles: Vec<RoleView>,
    pub min_age: u32,
    pub max_age: u32,
    /// Names of the counties it recruits in; empty means the whole city.
    pub allowed_region_names: Vec<String>,
    /// Region codes it recruits in (prefixes); empty means the whole city.
    pub allowed_regions: Vec<String>,
    /// The organizers' own questions the form asks, in order.
    pub questions: Vec<super::QuestionView>,
}

/// The live side of a campaign or activity page: its feed's newest lines (already in the reader's language)
/// and how many people read the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PageFeed {
    pub topic: crate::domain::feed::FeedTopic,
    pub lines: Vec<String>,
    pub reads: i64,
}
