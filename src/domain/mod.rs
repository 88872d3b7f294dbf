//! Pure rules shared by the server and the browser: no I/O, no framework.
//!
//! These live outside `server/` (unlike the STYLE.md sketch) because the sign-up form checks the same
//! rules in the browser before it posts, and the browser must reach the exact same answer.

pub mod mask;
pub mod mobile;
pub mod options;
pub mod person_name;
pub mod resident_id;

pub use mask::{mask_id_number, mask_id_number_for_staff, mask_name, mask_phone};
pub use mobile::MobileNumber;
pub use person_name::PersonName;
pub use resident_id::{ResidentId, ResidentIdError};

use chrono::{FixedOffset, NaiveDate, Utc};

/// Today's date in China Standard Time (UTC+8), the calendar every age rule is counted in.
pub fn today_in_china() -> NaiveDate {
    let offset = FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset");
    Utc::now().with_timezone(&offset).date_naive()
}
