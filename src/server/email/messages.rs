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
