//! The volunteer's own page (`/me`), their certificate and its public check (`/verify/{serial}`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::StatusView;

/// What "open my page" (reference code + mobile number) answered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum OpenOutcome {
    /// The page is open: the answer set its cookie.
    Opened,
    /// Also the answer for a wrong pair: no probing.
    #[default]
    NotFound,
    RateLimited,
}

/// Why the page is not shown (the look-up form is, with a message).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Closed {
    /// No page was opened in this browser.
    NeverOpened,
    /// The cookie's page expired, was left, or never existed: one answer for all three.
    Ended,
}

/// The page, or why it is not shown.
// One answer per request, never stored in bulk: boxing the large variant would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum MyPageOutcome {
    Open(MyPage),
    Closed(Closed),
}

/// Everything `/me` shows: the application (masked as the status page masks it) and the trainings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyPage {
    pub application: StatusView,
    pub trainings: MyTrainings,
    /// The campaign's weeks of duty (empty when it offers none) and the one they serve.
    pub weeks: super::weeks::MyWeeks,
    /// Approved applicants may print a certificate of their hours.
    pub may_print_certificate: bool,
}

/// The volunteer's trainings: what is open to them and what they enrolled in. Filled by the
/// trainings services; the page renders it as data (`pages::public::me::TrainingsSection`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MyTrainings {
    /// Sessions of their campaign (and role) that take enrolments now.
    pub open_sessions: Vec<OpenSession>,
    /// Sessions they enrolled in or wait for, soonest first.
    pub enrolments: Vec<MyEnrolment>,
}

impl MyTrainings {
    pub fn is_empty(&self) -> bool {
        self.open_sessions.is_empty() && self.enrolments.is_empty()
    }

    /// Minutes served over all attended sessions: what a certificate certifies.
    pub fn total_minutes(&self) -> i64 {
        self.enrolments.iter().filter_map(|e| e.minutes_served).sum()
    }

    /// The sessions that counted hours, oldest first, as a certificate lists them.
    pub fn services(&self, date: impl Fn(DateTime<Utc>) -> String) -> Vec<ServiceLine> {
        self.enrolments
            .iter()
            .filter(|e| e.minutes_served.is_some_and(|m| m > 0))
            .map(|e| ServiceLine {
                title: e.title.clone(),
                date: date(e.starts_at),
                minutes: e.minutes_served.unwrap_or(0),
            })
            .collect()
    }
}

/// A session the volunteer could enrol in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpenSession {
    pub id: i64,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: String,
    pub seats_left: i32,
}

/// One of the volunteer's enrolments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyEnrolment {
    pub session_id: i64,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: String,
    pub standing: Standing,
    /// The code to show at the door, while there is a seat and the session is to come.
    pub check_in: Option<CheckIn>,
    /// Minutes counted once they left (the rounding rule is the trainings code's).
    pub minutes_served: Option<i64>,
}

/// Where an enrolment stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Standing {
    Enrolled,
    /// On the waiting list: `position` 1 is next in line.
    Waiting {
        position: u32,
    },
    Attended,
}

/// A check-in code and its QR code (SVG drawn on the server; the code is also shown as text).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckIn {
    pub code: String,
    pub qr_svg: String,
}

/// The facts a certificate states, printed and on `/verify/{serial}` alike (masked).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CertificateFacts {
    pub serial: String,
    pub masked_name: String,
    pub campaign_title: String,
    pub total_minutes: i64,
    pub issued_at: DateTime<Utc>,
    /// What the hours were served at, oldest first.
    pub services: Vec<ServiceLine>,
}

/// One service a certificate certifies: a training session attended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceLine {
    pub title: String,
    /// `YYYY-MM-DD`, China time.
    pub date: String,
    pub minutes: i64,
}

/// `/me/certificate`: the certificate to print, with its QR code to `/verify/{serial}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PrintableCertificate {
    pub facts: CertificateFacts,
    pub verify_url: String,
    pub qr_svg: String,
}

#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum CertificateOutcome {
    Issued(PrintableCertificate),
    /// Only approved volunteers get a certificate.
    NotApproved,
    Closed(Closed),
}

/// What `/verify/{serial}` says.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Verdict {
    Genuine(CertificateFacts),
    NotGenuine,
}

/// What the check-in link of a mail shows: the session and the QR code, no name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckInCard {
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: String,
    pub check_in: CheckIn,
}
