//! A committed lottery draw as anyone may see it at `/draws/{id}`: nothing in it names a person.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicDraw {
    pub id: i64,
    pub campaign_title: String,
    pub campaign_slug: String,
    pub drawn_at: DateTime<Utc>,
    pub n: u64,
    pub per_street: Option<u64>,
    pub pool_size: u64,
    /// SHA-256 of the pool file (`/draws/{id}/pool.txt`), fixed before the seed existed.
    pub pool_digest: String,
    /// 64 hex digits, taken from the server's random source at the moment of the draw.
    pub seed: String,
    /// Where the pool file is, in full (for the command shown on the page).
    pub pool_url: String,
    /// The drawn entries in draw order.
    pub winners: Vec<DrawnEntry>,
}

/// A drawn entry: its token (which names nobody) and the name of its street.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawnEntry {
    pub token: String,
    pub street: String,
}
