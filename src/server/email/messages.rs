//! The mails, rendered in the language the person signed up in (the words are in
//! `i18n::mail`). Never an ID number; the phone only masked.

use crate::i18n::mail::{self, Confirmation, DecisionWords};
use crate::i18n::Locale;

use crate::domain::{ApplicationStatus, Decision};

#[derive(Clone, Debug)]
pub struct Mail {
    pub kind: &'static str,
    pub subject: String,
    pub body: String,
}

fn status_link(public_url: &str, reference: &str) -> String {
    format!("{}/status?ref={reference}", public_url.trim_end_matches('/'))
}

pub struct SignupConfirmation<'a> {
    pub locale: Locale,
    pub name: &'a str,
    pub campaign_title: &'a str,
    pub role_name: &'a str,
    pub reference: &'a str,
    pub masked_mobile: &'a str,
    pub public_url: &'a str,
}

impl SignupConfirmation<'_> {
    pub fn render(&self) -> Mail {
        let link = status_link(self.public_url, self.reference);
        let words = Confirmation {
            name: self.name,
            campaign: self.campaign_title,
            role: self.role_name,
            reference: self.reference,
            masked_mobile: self.masked_mobile,
            status_link: &link,
        };
        let (subject, body) = mail::confirmation(self.locale, &words);
        Mail { kind: "signup_confirmation", subject, body }
    }
}

/// The organizers' decision on an application.
pub struct DecisionNotice<'a> {
    pub locale: Locale,
    pub name: &'a str,
    pub campaign_title: &'a str,
    pub reference: &'a str,
    /// The status the decision set: approved, waitlisted or rejected.
    pub decision: ApplicationStatus,
    pub reason: Option<&'a str>,
    pub public_url: &'a str,
}

impl DecisionNotice<'_> {
    pub fn render(&self) -> Mail {
        let link = status_link(self.public_url, self.reference);
        let verdict = match self.decision {
            ApplicationStatus::Approved => Decision::Approve,
            ApplicationStatus::Waitlisted => Decision::Waitlist,
            _ => Decision::Reject,
        };
        let words = DecisionWords {
            name: self.name,
            campaign: self.campaign_title,
            reference: self.reference,
            verdict,
            reason: self.reason,
            status_link: &link,
        };
        let (subject, body) = mail::decision(self.locale, &words);
        Mail { kind: "decision", subject, body }
    }
}

/// The volunteer's own page (built apart from this module; the lead wires the route).
pub const ME_PATH: &str = "/me";
/// The check-in code's own address on the volunteer's page: `CHECKIN_PATH` + code.
pub const CHECKIN_PATH: &str = "/me/checkin/";

/// A mail about a training session: enrolled, waiting, promoted, cancelled or tomorrow.
pub struct TrainingNotice<'a> {
    pub locale: Locale,
    pub name: &'a str,
    pub campaign_title: &'a str,
    pub session: &'a crate::server::entities::training_session::Model,
    pub public_url: &'a str,
}

impl TrainingNotice<'_> {
    pub fn render(&self, kind: TrainingKind) -> Mail {
        use crate::i18n::mail_trainings::{training_mail, SessionWords, TrainingMail};
        let base = self.public_url.trim_end_matches('/');
        let s = self.session;
        let when = format!(
            "{}–{}",
            crate::domain::calendar::in_china(s.starts_at, "%Y-%m-%d %H:%M"),
            crate::domain::calendar::in_china(s.ends_at, "%H:%M")
        );
        let me_link = format!("{base}{ME_PATH}");
        let words = SessionWords {
            name: self.name,
            title: &s.title,
            campaign: self.campaign_title,
            when: &when,
            place: &s.place,
            note: &s.meeting_note,
            me_link: &me_link,
        };
        let link = |code: &str| format!("{base}{CHECKIN_PATH}{code}");
        let (kind_key, (subject, body)) = match &kind {
            TrainingKind::Enrolled { code } => {
                let checkin_link = link(code);
                (
                    "training_enrolled",
                    training_mail(
                        self.locale,
                        &words,
                        &TrainingMail::Enrolled { code, checkin_link: &checkin_link },
                    ),
                )
            }
            TrainingKind::Waiting { position } => (
                "training_waiting",
                training_mail(self.locale, &words, &TrainingMail::Waiting { position: *position }),
            ),
            TrainingKind::Promoted { code } => {
                let checkin_link = link(code);
                (
                    "training_promoted",
                    training_mail(
                        self.locale,
                        &words,
                        &TrainingMail::Promoted { code, checkin_link: &checkin_link },
                    ),
                )
            }
            TrainingKind::Cancelled => {
                ("training_cancelled", training_mail(self.locale, &words, &TrainingMail::Cancelled))
            }
            TrainingKind::Changed => {
                ("training_changed", training_mail(self.locale, &words, &TrainingMail::Changed))
            }
            TrainingKind::Reminder { code } => {
                let checkin_link = link(code);
                (
                    "training_reminder",
                    training_mail(
                        self.locale,
                        &words,
                        &TrainingMail::Reminder { code, checkin_link: &checkin_link },
                    ),
                )
            }
        };
        Mail { kind: kind_key, subject, body }
    }
}

/// Which training mail to render (the outbox's `kind` says it too).
pub enum TrainingKind {
    Enrolled { code: String },
    Waiting { position: u64 },
    Promoted { code: String },
    Cancelled,
    Changed,
    Reminder { code: String },
}
