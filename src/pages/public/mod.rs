//! The pages every citizen sees. They render completely on the server and work without
//! JavaScript; only the sign-up form is an island.

mod campaign;
mod done;
mod home;
mod not_found;
mod privacy;
mod status;

pub use campaign::CampaignPage;
pub use done::DonePage;
pub use home::HomePage;
pub use not_found::NotFound;
pub use privacy::PrivacyPage;
pub use status::StatusPage;

use chrono::{DateTime, FixedOffset, Utc};

/// Dates are shown in China Standard Time.
pub(crate) fn cst(at: DateTime<Utc>, format: &str) -> String {
    let offset = FixedOffset::east_opt(8 * 3600).expect("UTC+8");
    at.with_timezone(&offset).format(format).to_string()
}
