//! "阅读 33": how many people read a public page, each counted once a day, without cookies and
//! without keeping who they are.
//!
//! A reader is known only as HMAC-SHA256(address, User-Agent, page) under a random salt that
//! lives in this process's memory and is replaced at midnight China time, together with the set
//! of readers seen that day (16 bytes each). Neither is stored or logged; once the salt is gone
//! yesterday's digests cannot be tied to anyone. The counters themselves are in `page_reads`,
//! written in batches once a second.

use std::collections::{HashMap, HashSet};
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use chrono::NaiveDate;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{DatabaseConnection, DbErr, EntityTrait, Set};
use sha2::Sha256;

use super::entities::page_read;
use super::AppState;
use crate::domain::today_in_china;

/// Readers remembered per day at most: 16 bytes each plus the set's overhead, some 50 MB. Past
/// it nobody new is counted that day rather than memory growing with whatever is sent.
const MAX_SEEN: usize = 1_000_000;

/// A page whose readers are counted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CountedPage {
    /// `/campaigns/{slug}`: counted under the campaign's id, which a slug change keeps.
    Campaign(String),
    /// `/activities/{id}`.
    Activity(i64),
}

impl CountedPage {
    /// Which counted page a path is, if any. New kinds of public page are added here.
    pub fn of_path(path: &str) -> Option<Self> {
        if let Some(slug) = path.strip_prefix("/campaigns/") {
            let ok = !slug.is_empty()
                && slug.len() <= 64
                && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            return ok.then(|| Self::Campaign(slug.to_string()));
        }
        let id = path.strip_prefix("/activities/")?.parse::<i64>().ok()?;
        (id > 0).then_some(Self::Activity(id))
    }
}

/// The key of a campaign's counter.
pub fn campaign_key(id: i32) -> String {
    format!("campaign:{id}")
}

/// The key of an activity's counter.
pub fn activity_key(id: i64) -> String {
    format!("activity:{id}")
}

struct Day {
    date: NaiveDate,
    salt: [u8; 32],
    seen: HashSet<[u8; 16]>,
}

impl Day {
    fn new(date: NaiveDate) -> Self {
        let mut salt = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut salt);
        Self { date, salt, seen: HashSet::new() }
    }
}

/// Today's readers (in memory) and the counts not yet written.
pub struct ReadCounter {
    day: Mutex<Day>,
    pending: Mutex<HashMap<String, i64>>,
}

impl Default for ReadCounter {
    fn default() -> Self {
        Self { day: Mutex::new(Day::new(today_in_china())), pending: Mutex::default() }
    }
}

impl ReadCounter {
    /// Counts a read of `page` unless this reader read it already on `today`; true if counted.
    pub fn read(&self, client: IpAddr, user_agent: &[u8], page: &str, today: NaiveDate) -> bool {
        let mut day = self.day.lock().unwrap_or_else(|p| p.into_inner());
        if day.date != today {
            // a new day: a new salt, and yesterday's readers forgotten with the old one
            *day = Day::new(today);
        }
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&day.salt) else { return false };
        let address = match client.to_canonical() {
            IpAddr::V4(v4) => v4.octets().to_vec(),
            IpAddr::V6(v6) => v6.octets().to_vec(),
        };
        // lengths first, so that no two different triples hash the same input
        for part in [&address[..], user_agent, page.as_bytes()] {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        let mut digest = [0u8; 16];
        digest.copy_from_slice(&mac.finalize().into_bytes()[..16]);
        if day.seen.len() >= MAX_SEEN || !day.seen.insert(digest) {
            return false;
        }
        drop(day);
        *self.pending.lock().unwrap_or_else(|p| p.into_inner()).entry(page.to_string()).or_default() += 1;
        true
    }

    /// Writes the counted reads; what cannot be written now is kept for the next try.
    pub async fn flush(&self, db: &DatabaseConnection) -> Result<(), DbErr> {
        let batch = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|p| p.into_inner()));
        let mut failed = None;
        let mut left = HashMap::new();
        for (page, n) in batch {
            if failed.is_some() {
                left.insert(page, n);
                continue;
            }
            if let Err(e) = add(db, &page, n).await {
                failed = Some(e);
                left.insert(page, n);
            }
        }
        let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        for (page, n) in left {
            *pending.entry(page).or_default() += n;
        }
        failed.map_or(Ok(()), Err)
    }
}

/// `reads = reads + n`, creating the row on the first read (one statement on both engines).
async fn add(db: &DatabaseConnection, page: &str, n: i64) -> Result<(), DbErr> {
    let row = page_read::ActiveModel { page: Set(page.to_string()), reads: Set(n) };
    page_read::Entity::insert(row)
        .on_conflict(
            OnConflict::column(page_read::Column::Page)
                .value(
                    page_read::Column::Reads,
                    Expr::col((page_read::Entity, page_read::Column::Reads)).add(n),
                )
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// The stored count of a page (0 before its first reader).
pub async fn reads_of(db: &DatabaseConnection, page: &str) -> Result<i64, DbErr> {
    Ok(page_read::Entity::find_by_id(page.to_string()).one(db).await?.map_or(0, |row| row.reads))
}

/// Writes the counts every `every`, from start-up on.
pub fn spawn_flusher(state: AppState, every: Duration) {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(every).await;
            if let Err(e) = state.reads.flush(&state.db).await {
                tracing::warn!(error = %e, "writing page reads failed; kept for the next try");
            }
        }
    });
}

/// Counts a successful GET of a counted page. It sits in front of the page cache so that pages
/// served from the cache count too.
pub async fn count_reads(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let page =
        (request.method() == Method::GET).then(|| CountedPage::of_path(request.uri().path())).flatten();
    let Some(page) = page else { return next.run(request).await };
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
    let client = super::limits::client_ip(peer, request.headers(), &state.settings.trusted_proxies);
    let agent = request.headers().get(header::USER_AGENT).map(|v| v.as_bytes().to_vec()).unwrap_or_default();
    let response = next.run(request).await;
    if response.status() != StatusCode::OK {
        return response;
    }
    let key = match page {
        CountedPage::Activity(id) => Some(activity_key(id)),
        CountedPage::Campaign(slug) => match state.campaigns.get(&state.db, &slug).await {
            Ok(found) => found.map(|found| campaign_key(found.0.id)),
            Err(e) => {
                tracing::warn!(error = %e, "looking up a read campaign failed");
                None
            }
        },
    };
    if let Some(key) = key {
        state.reads.read(client, &agent, &key, today_in_china());
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_reader_counts_once_a_day_per_page_and_browser() {
        let counter = ReadCounter::default();
        let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        assert!(counter.read(ip("203.0.113.77"), b"Firefox", "campaign:1", today));
        assert!(!counter.read(ip("203.0.113.77"), b"Firefox", "campaign:1", today));
        assert!(counter.read(ip("203.0.113.77"), b"Safari", "campaign:1", today), "another browser");
        assert!(counter.read(ip("203.0.113.77"), b"Firefox", "campaign:2", today), "another page");
        assert!(counter.read(ip("203.0.113.78"), b"Firefox", "campaign:1", today), "another address");
        assert!(counter.read(ip("203.0.113.77"), b"Firefox", "campaign:1", today.succ_opt().unwrap()));
        let pending = counter.pending.lock().unwrap().clone();
        assert_eq!(pending.get("campaign:1"), Some(&4));
    }

    #[test]
    fn a_new_day_forgets_yesterdays_readers_and_their_salt() {
        let counter = ReadCounter::default();
        let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        counter.read(ip("203.0.113.77"), b"Firefox", "campaign:1", today);
        let salt = counter.day.lock().unwrap().salt;
        counter.read(ip("203.0.113.77"), b"Firefox", "campaign:1", today.succ_opt().unwrap());
        let day = counter.day.lock().unwrap();
        assert_ne!(day.salt, salt);
        assert_eq!(day.seen.len(), 1);
    }

    #[test]
    fn only_campaign_and_activity_pages_are_counted() {
        assert_eq!(
            CountedPage::of_path("/campaigns/expo-2026"),
            Some(CountedPage::Campaign("expo-2026".into()))
        );
        assert_eq!(CountedPage::of_path("/activities/3"), Some(CountedPage::Activity(3)));
        assert_eq!(CountedPage::of_path("/activities/x"), None);
        assert_eq!(CountedPage::of_path("/campaigns/"), None);
        assert_eq!(CountedPage::of_path("/campaigns/../admin"), None);
        assert_eq!(CountedPage::of_path("/status"), None);
    }
}
