//! Training sessions: what the back office posts and shows — sessions with their counts, the
//! roster, and the answer of the check-in desk. Times travel as China wall-clock text.

use serde::{Deserialize, Serialize};

use crate::domain::EnrolmentState;

/// A session as posted (new or edited). Times are `datetime-local` values in China time
/// (`2026-12-12T09:00`); empty enrolment times mean "from now" and "until the start".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SessionForm {
    /// The campaign's slug (ignored when editing).
    pub campaign: String,
    /// Empty: every role of the campaign.
    pub role: String,
    /// Empty: city-wide (city admins only); a district organizer's sessions are always theirs.
    pub county: String,
    pub title: String,
    pub starts_at: String,
    pub ends_at: String,
    pub place: String,
    pub note: String,
    pub capacity: String,
    pub opens_at: String,
    pub closes_at: String,
}

/// One session in the list, with its counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRow {
    pub id: i32,
    pub title: String,
    pub role: Option<String>,
    pub county: Option<String>,
    /// `2026-12-12 09:00–12:00` (China time).
    pub when: String,
    pub place: String,
    pub capacity: u32,
    pub enrolled: u64,
    pub waiting: u64,
    pub attended: u64,
    pub cancelled: bool,
}

/// The sessions of one campaign.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionsPage {
    pub campaign: String,
    pub campaign_title: String,
    pub sessions: Vec<SessionRow>,
    /// For the page's pickers: every campaign, this campaign's roles, the counties this
    /// organizer may put a session in.
    pub campaigns: Vec<super::Choice>,
    pub roles: Vec<super::Choice>,
    pub counties: Vec<super::Choice>,
    pub organizer: super::OrganizerView,
}

/// One person on a roster (enrolled first, then the waiting list in order).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterRow {
    pub enrolment_id: i64,
    pub reference: String,
    pub name: String,
    pub masked_mobile: String,
    pub state: EnrolmentState,
    /// 1, 2, … for those waiting, in the order they will get a seat.
    pub waiting_position: Option<u64>,
    /// `HH:MM` China time.
    pub arrived: Option<String>,
    pub left: Option<String>,
    pub minutes_served: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roster {
    pub session: SessionRow,
    pub rows: Vec<RosterRow>,
    /// The session as its edit form shows it.
    pub form: SessionForm,
    pub organizer: super::OrganizerView,
}

/// What the check-in desk is told after a scan.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInReport {
    pub name: String,
    /// `HH:MM` China time of this arrival or departure.
    pub at: String,
    /// On departure: the minutes that count.
    pub minutes_served: Option<u32>,
}

/// Where an enrolment landed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EnrolOutcome {
    /// A seat, and the code to show at the door.
    Enrolled { code: String },
    /// No seat free: this place in line (1 = next).
    Waiting { position: u64 },
}

/// A campaign's training progress, for the dashboard.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingProgress {
    /// Sessions not cancelled.
    pub sessions: u64,
    pub seats: u64,
    pub enrolled: u64,
    pub waiting: u64,
    /// Recruits who arrived at one session at least.
    pub trained: u64,
}
