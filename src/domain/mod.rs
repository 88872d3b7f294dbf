//! Pure rules shared by the server and the browser: no I/O, no framework.
//!
//! These live outside `server/` (unlike the STYLE.md sketch) because the sign-up form checks the same
//! rules in the browser before it posts, and the browser must reach the exact same answer.

pub mod calendar;
pub mod family;
pub mod feed;
pub mod hours;
// the draw needs SHA-256 (a server crate); the browser never draws
#[cfg(feature = "ssr")]
pub mod lottery;
pub mod mask;
pub mod mobile;
pub mod options;
pub mod person_name;
pub mod questions;
pub mod resident_id;
pub mod serial;
pub mod share;
pub mod teams;
pub mod vocab;
pub mod width;

pub use calendar::{age_on, today_in_china, CHINA_OFFSET};
pub use mask::{mask_id_number, mask_id_number_for_staff, mask_name, mask_phone};
pub use mobile::MobileNumber;
pub use person_name::PersonName;
pub use resident_id::{ResidentId, ResidentIdError};
pub use share::ShareSource;
pub use vocab::{
    ApiScope, ApplicationStatus, Audience, AuditAction, Decision, DeliveryStatus, EnrolmentState,
    OrganizerRole, OutboxStatus, PersonKind, RejectReason, WebhookEvent,
};
