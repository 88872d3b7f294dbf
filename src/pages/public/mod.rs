//! The pages every citizen sees. They render completely on the server and work without
//! JavaScript; only the sign-up form is an island.

mod activities;
mod campaign;
mod certificate;
mod done;
mod draw;
mod family_form;
mod home;
mod me;
mod my_weeks;
mod not_found;
mod privacy;
mod status;

pub use activities::{ActivitiesPage, ActivityPage};
pub use campaign::CampaignPage;
pub use certificate::{CertificatePage, VerifyPage};
pub use done::DonePage;
pub use draw::DrawPage;
pub use home::HomePage;
pub use me::{CheckInPage, MePage, TrainingsSection};
pub use not_found::NotFound;
pub use privacy::PrivacyPage;
pub use status::{StatusPage, WithdrawPage};

/// Dates are shown in China Standard Time.
pub(crate) use crate::domain::calendar::in_china as cst;
