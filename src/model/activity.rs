//! What crosses the wire for themed activities: the public list and sign-up box, the family
//! form as posted, the receipt, and the back office's form and roster.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::admin::{Choice, OrganizerView};
use super::FieldErrors;
use crate::domain::{Audience, PersonKind};

/// Longest text a single field of the family form may carry before any parsing.
pub const MAX_FAMILY_FIELD_CHARS: usize = 200;
/// More companion fields than five rows could need is a hostile post.
const MAX_PEOPLE_FIELDS: usize = 40;

/// One activity in a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityCard {
    pub id: i32,
    pub title: String,
    pub theme: String,
    pub campaign_title: String,
    pub campaign_slug: String,
    pub starts_at: DateTime<Utc>,
    pub meeting_point: String,
    pub capacity: i32,
    pub places_left: i32,
    pub audience: Audience,
    pub signup_closes_at: DateTime<Utc>,
    pub cancelled: bool,
}

/// The sign-up box: everything the activity page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityDetail {
    pub card: ActivityCard,
    pub description: Vec<String>,
    pub ends_at: DateTime<Utc>,
    pub departs_at: DateTime<Utc>,
    pub arrival_note: String,
    pub hotline: String,
    pub stops: Vec<String>,
    pub child_min_age: Option<i32>,
    pub child_max_age: Option<i32>,
    /// Taking registrations now (not cancelled, before the deadline).
    pub open: bool,
}

/// The family form as posted. Every field defaults to empty so a missing field is a field
/// message, never a failure to read the request. Companions are `people[c{n}_{field}]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FamilyForm {
    pub activity: String,
    pub name: String,
    pub mobile: String,
    pub id_number: String,
    pub email: String,
    /// The share path the visitor came by (`?src=`); unknown values are ignored.
    pub src: String,
    pub consent: String,
    pub people: BTreeMap<String, String>,
}

impl FamilyForm {
    /// What goes back into the form after a refusal: each field cut at its limit, companion
    /// fields only under their own names, and never the resident ID number.
    pub fn kept_for_redisplay(&self) -> FamilyForm {
        let cut = |value: &str| value.chars().take(MAX_FAMILY_FIELD_CHARS).collect::<String>();
        FamilyForm {
            activity: cut(&self.activity),
            name: cut(&self.name),
            mobile: cut(&self.mobile),
            id_number: String::new(),
            email: cut(&self.email),
            src: cut(&self.src),
            consent: cut(&self.consent),
            people: self
                .people
                .iter()
                .filter(|(k, _)| is_people_field(k))
                .take(MAX_PEOPLE_FIELDS)
                .map(|(k, v)| (k.clone(), cut(v)))
                .collect(),
        }
    }

    /// True when some field is longer than any real answer, or the companion map is stuffed.
    pub fn is_oversized(&self) -> bool {
        let long = |v: &String| v.chars().count() > MAX_FAMILY_FIELD_CHARS;
        [&self.activity, &self.name, &self.mobile, &self.id_number, &self.email, &self.src, &self.consent]
            .into_iter()
            .any(long)
            || self.people.len() > MAX_PEOPLE_FIELDS
            || self.people.iter().any(|(k, v)| k.len() > 16 || long(v))
    }

    /// A companion field's value (`c2_name`), or empty.
    pub fn person(&self, key: &str) -> &str {
        self.people.get(key).map(String::as_str).unwrap_or("")
    }
}

fn is_people_field(key: &str) -> bool {
    let Some(rest) = key.strip_prefix('c') else { return false };
    let Some((n, field)) = rest.split_once('_') else { return false };
    matches!(n, "1" | "2" | "3" | "4" | "5")
        && matches!(field, "kind" | "name" | "age" | "mobile" | "consent")
}

/// One person of a registration, as the receipt lists them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReceiptPerson {
    pub name: String,
    pub kind: PersonKind,
    pub age: Option<i32>,
    /// What this person shows at the door (also the last part of their check-in link).
    pub code: String,
}

/// What the guardian sees (and is mailed) once the family is registered.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FamilyReceipt {
    pub reference: String,
    pub activity_id: i32,
    pub activity_title: String,
    pub starts_at: DateTime<Utc>,
    pub departs_at: DateTime<Utc>,
    pub meeting_point: String,
    pub arrival_note: String,
    pub hotline: String,
    pub masked_mobile: String,
    pub people: Vec<ReceiptPerson>,
}

/// The answer to a family form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum FamilyOutcome {
    Registered(FamilyReceipt),
    Refused { errors: FieldErrors, message: Option<String> },
}

impl Default for FamilyOutcome {
    fn default() -> Self {
        Self::Refused { errors: FieldErrors::new(), message: None }
    }
}

/// The public activity page: the box, and what a plain form post left for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityPageData {
    pub detail: ActivityDetail,
    pub values: FamilyForm,
    pub errors: FieldErrors,
    pub message: Option<String>,
    pub receipt: Option<FamilyReceipt>,
    /// The newest registrations (masked) and the read count.
    pub feed: super::PageFeed,
    /// The page's absolute address (from `PUBLIC_URL`), without a query: what is shared.
    pub page_url: String,
}

/// The back office's activity form. Times are `YYYY-MM-DDTHH:MM`, China time; `id` empty for a
/// new activity.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActivityEditForm {
    pub id: String,
    pub campaign: String,
    pub title: String,
    pub theme: String,
    pub description: String,
    pub starts_at: String,
    pub ends_at: String,
    pub meeting_point: String,
    pub departs_at: String,
    pub arrival_note: String,
    pub hotline: String,
    pub stops: String,
    pub capacity: String,
    pub signup_closes_at: String,
    pub audience: String,
    pub child_min_age: String,
    pub child_max_age: String,
}

/// One person on the organizers' roster (names in full: organizers check people in).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RosterPerson {
    pub name: String,
    pub kind: PersonKind,
    pub age: Option<i32>,
    pub arrived: Option<String>,
    pub left: Option<String>,
    pub minutes_served: Option<i32>,
}

/// One family on the roster.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RosterFamily {
    pub reference: String,
    pub masked_mobile: String,
    pub source: Option<String>,
    pub people: Vec<RosterPerson>,
}

/// The back office's list of activities, with the campaigns a new one may belong to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivitiesAdmin {
    pub organizer: OrganizerView,
    pub activities: Vec<ActivityCard>,
    pub campaigns: Vec<Choice>,
}

/// The organizers' page of one activity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityRoster {
    pub organizer: OrganizerView,
    pub detail: ActivityDetail,
    pub form: ActivityEditForm,
    pub families: Vec<RosterFamily>,
    pub heads: i32,
    pub arrived: i32,
}

/// What the desk says after a code: who was checked in or out.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ActivityCheckIn {
    pub names: Vec<String>,
    pub at: String,
    /// A departure (else an arrival).
    pub departed: bool,
}
