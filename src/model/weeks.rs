//! Weeks of duty ("我为世博守一周") as pages show them: each week's places and how many are taken.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One week of duty and its fill.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekFill {
    pub number: i32,
    pub starts_on: NaiveDate,
    pub capacity: i32,
    pub taken: i32,
}

impl WeekFill {
    pub fn places_left(&self) -> i32 {
        (self.capacity - self.taken).max(0)
    }
}

/// The volunteer's weeks: what the campaign offers, and the one they serve (its number).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyWeeks {
    pub weeks: Vec<WeekFill>,
    pub mine: Option<i32>,
}
