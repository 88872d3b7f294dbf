//! Teams: what the teams pages and the auto-grouping send and show.

use serde::{Deserialize, Serialize};

use super::{Choice, OrganizerView};

/// A new team, as posted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TeamForm {
    pub campaign: String,
    pub name: String,
    /// County, street or community code the team serves.
    pub region: String,
    pub duty: String,
    pub capacity: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamSummary {
    pub id: i32,
    pub name: String,
    pub region: String,
    pub duty: String,
    pub capacity: u32,
    pub members: u32,
    pub leader: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamsPage {
    pub campaign: String,
    pub campaigns: Vec<Choice>,
    pub county: String,
    pub counties: Vec<Choice>,
    pub teams: Vec<TeamSummary>,
    pub organizer: OrganizerView,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMemberView {
    pub application_id: i64,
    pub reference: String,
    pub name: String,
    pub masked_mobile: String,
    pub role: String,
    pub skills: Vec<String>,
    pub leader: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamDetail {
    pub team: TeamSummary,
    pub campaign_title: String,
    pub campaign_slug: String,
    pub members: Vec<TeamMemberView>,
    /// Teams of the same campaign and county a member can move to.
    pub other_teams: Vec<Choice>,
    pub organizer: OrganizerView,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposedTeam {
    pub name: String,
    pub region: String,
    pub members: Vec<String>,
    pub leader: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupPreview {
    pub campaign: String,
    pub county: String,
    pub cap: u32,
    pub recruits: u64,
    /// Approved recruits left out: their role requires an attended training they have not had.
    pub untrained: u64,
    /// Fingerprint of the recruits and the cap: the confirmation refuses if they changed.
    pub digest: String,
    pub teams: Vec<ProposedTeam>,
}
