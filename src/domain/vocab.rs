//! The closed sets of the portal: statuses, decisions, roles, reasons, audit actions. Each is an
//! enum whose key is what the database column, the form field and the JSON hold; labels are in
//! `i18n`. This file is the only place a key is written as a string.

use serde::{Deserialize, Serialize};

/// Declares a closed set: the enum with its keys, `ALL` in display order, `as_str`, `parse`,
/// serde under the same keys and (on the server) the sea-orm column mapping.
macro_rules! closed_set {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $key:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
        #[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "String(sea_orm::sea_query::StringLen::None)"))]
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[serde(rename = $key)]
                #[cfg_attr(feature = "ssr", sea_orm(string_value = $key))]
                $variant,
            )+
        }

        impl $name {
            /// Every member, in the order they are shown.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The key stored and sent for this member.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $key,)+
                }
            }

            /// The member with this key, if any (keys are exact: no trimming, no case folding).
            pub fn parse(key: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|member| member.as_str() == key)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

closed_set! {
    /// Where an application stands.
    ApplicationStatus {
        /// Submitted, not decided yet (every sign-up starts here).
        Pending = "pending",
        Approved = "approved",
        Waitlisted = "waitlisted",
        Rejected = "rejected",
        /// Taken back by the applicant: no decision applies any more.
        Withdrawn = "withdrawn",
    }
}

closed_set! {
    /// What an organizer may decide about an application.
    Decision {
        Approve = "approved",
        Waitlist = "waitlisted",
        Reject = "rejected",
    }
}

impl Decision {
    /// The status an application has after this decision.
    pub const fn status(self) -> ApplicationStatus {
        match self {
            Self::Approve => ApplicationStatus::Approved,
            Self::Waitlist => ApplicationStatus::Waitlisted,
            Self::Reject => ApplicationStatus::Rejected,
        }
    }
}

closed_set! {
    /// The listed reasons for not accepting someone (a typed reason is the alternative).
    RejectReason {
        Age = "age",
        Region = "region",
        Capacity = "capacity",
        Incomplete = "incomplete",
        Duplicate = "duplicate",
    }
}

closed_set! {
    /// What an organizer account may do (see `server::access`).
    OrganizerRole {
        CityAdmin = "city_admin",
        DistrictOrganizer = "district_organizer",
        Reviewer = "reviewer",
    }
}

closed_set! {
    /// What an audit entry records.
    AuditAction {
        Decision = "decision",
        /// A committed draw (its summary) and each approval it made.
        Lottery = "lottery",
        /// A look at a lottery's pool before the draw: who asked, the pool's digest, n and cap.
        LotteryPreview = "lottery_preview",
        ExportFull = "export_full",
        AutoGroup = "auto_group",
        /// The applicant withdrew on the status page and had their personal data erased.
        WithdrawErase = "withdraw_erase",
        /// The campaign's retention period passed; its applicants' personal data was erased.
        RetentionErase = "retention_erase",
        /// A training session was created, edited or cancelled (the detail says which).
        TrainingSession = "training_session",
        /// An organizer cancelled someone's enrolment in a training session.
        TrainingEnrolment = "training_enrolment",
        /// A volunteer's arrival or departure at a training session was recorded.
        TrainingAttendance = "training_attendance",
        /// An activity was created, edited or cancelled (the detail says which).
        Activity = "activity",
        /// Someone's arrival or departure at an activity was recorded.
        ActivityAttendance = "activity_attendance",
        /// A partner's API token was created or revoked (the detail says which).
        ApiToken = "api_token",
        /// A partner system read applications through the API (the detail: token, path, count).
        ApiRead = "api_read",
        /// A campaign's question was added, reworded, moved, retired or restored.
        Question = "question",
    }
}

closed_set! {
    /// What a partner's webhook can be told about.
    WebhookEvent {
        /// Someone signed up.
        ApplicationCreated = "application.created",
        /// An organizer (or a partner) approved, waitlisted or rejected an application.
        ApplicationDecided = "application.decided",
        /// The applicant withdrew.
        ApplicationWithdrawn = "application.withdrawn",
        /// A volunteer was checked in at a training session or an activity.
        CheckedIn = "checked_in",
    }
}

closed_set! {
    /// Where a webhook delivery stands.
    DeliveryStatus {
        Pending = "pending",
        Delivered = "delivered",
        /// Given up after the last retry.
        Failed = "failed",
    }
}

closed_set! {
    /// What a partner system's API token allows.
    ApiScope {
        /// Campaigns, activities, trainings, teams and applications (masked).
        Read = "read",
        /// Decisions on applications.
        Decide = "decide",
        /// Full resident ID and mobile numbers (granted by city admins only).
        Full = "full",
    }
}

closed_set! {
    /// Whom an activity is for.
    Audience {
        /// Guardians with children and other adults.
        Families = "families",
        /// Adults only: no children may come along.
        Adults = "adults",
        /// Young people (14 and over) with a guardian who registers them.
        Youth = "youth",
    }
}

closed_set! {
    /// Who a person of a family registration is.
    PersonKind {
        /// The one who registered: real name, mobile and resident ID.
        Guardian = "guardian",
        /// An adult companion: name and mobile.
        Adult = "adult",
        /// A child: name and age only.
        Child = "child",
    }
}

closed_set! {
    /// Where one person stands in one training session.
    EnrolmentState {
        /// Holds a seat.
        Enrolled = "enrolled",
        /// On the waiting list, first come first served.
        Waiting = "waiting",
        Cancelled = "cancelled",
    }
}

closed_set! {
    /// Where an outgoing mail stands.
    OutboxStatus {
        /// Waiting for its (next) attempt.
        Pending = "pending",
        Sent = "sent",
        /// Given up after too many attempts.
        Dead = "dead",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_reads_back_as_its_member_and_nothing_else_parses() {
        for s in ApplicationStatus::ALL {
            assert_eq!(ApplicationStatus::parse(s.as_str()), Some(*s));
            assert_eq!(serde_json::to_string(s).unwrap(), format!("\"{s}\""));
        }
        for d in Decision::ALL {
            assert_eq!(Decision::parse(d.as_str()), Some(*d));
            assert_eq!(d.status().as_str(), d.as_str(), "a decision is named after the status it sets");
        }
        assert_eq!(ApplicationStatus::parse("Approved"), None);
        assert_eq!(Decision::parse(ApplicationStatus::Withdrawn.as_str()), None);
        assert_eq!(RejectReason::parse("other"), None);
    }

    #[test]
    fn statuses_are_listed_in_the_order_of_the_queue_tabs() {
        let keys: Vec<&str> = ApplicationStatus::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(keys, ["pending", "approved", "waitlisted", "rejected", "withdrawn"]);
    }
}
