//! What one instance must tell the others at once: a campaign changed (forget the cached
//! campaigns and pages), or a new line for a live feed. Applied here first, then sent through
//! PostgreSQL's `NOTIFY` to every instance on the same database; on SQLite there is only this
//! process. A listener that loses its connection forgets all cached pages once it is back,
//! since it may have missed a change meanwhile.

use std::sync::Arc;
use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;

use super::campaign_cache::CampaignCache;
use super::feed::FeedHub;
use super::page_cache::PageCache;
use crate::domain::feed::{FeedEntry, FeedTopic, MaskedMobile};

const CHANNEL: &str = "shouwang_events";

/// Something every instance must learn.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// A campaign was paused, closed, opened or edited.
    CampaignsChanged,
    /// A sign-up for a live feed.
    Feed(FeedTopic, FeedEntry),
}

/// Events on the wire: the masked number as its seven digits, nothing else of the person.
#[derive(Default, Serialize, Deserialize)]
struct Wire {
    from: u64,
    campaigns: bool,
    feed: Vec<(FeedTopic, chrono::DateTime<chrono::Utc>, String, String)>,
}

/// The seven digits of a masked number, to cross the wire.
fn digits(entry: &FeedEntry) -> (String, String) {
    let text = entry.masked.as_text();
    let (head, tail) = text.split_once("****").unwrap_or_default();
    (head.to_string(), tail.to_string())
}

impl Wire {
    fn events(self) -> Vec<Event> {
        let feed = self.feed.into_iter().filter_map(|(topic, at, head, tail)| {
            Some(Event::Feed(topic, FeedEntry { at, masked: MaskedMobile::from_parts(&head, &tail)? }))
        });
        self.campaigns.then_some(Event::CampaignsChanged).into_iter().chain(feed).collect()
    }
}

/// Where events are applied in this process.
#[derive(Clone)]
pub struct Bus {
    instance: u64,
    db: DatabaseConnection,
    /// Feed lines waiting to be sent, many to a `NOTIFY`: a burst of sign-ups must not wait
    /// for one round trip each. A line that finds the queue full is shown on this instance only.
    outgoing: Option<mpsc::Sender<Wire>>,
    campaigns: Arc<CampaignCache>,
    pages: Arc<PageCache>,
    feed: Arc<FeedHub>,
}

impl Bus {
    pub fn new(
        db: DatabaseConnection,
        campaigns: Arc<CampaignCache>,
        pages: Arc<PageCache>,
        feed: Arc<FeedHub>,
    ) -> Self {
        let mut bus = Self { instance: rand::random(), db, campaigns, pages, feed, outgoing: None };
        if bus.db.get_database_backend() == DbBackend::Postgres {
            let (sender, receiver) = mpsc::channel(4096);
            bus.outgoing = Some(sender);
            tokio::spawn(send_batched(bus.db.clone(), bus.instance, receiver));
        }
        bus
    }

    fn apply(&self, event: Event) {
        match event {
            Event::CampaignsChanged => {
                self.campaigns.forget_all();
                self.pages.forget_all();
            }
            Event::Feed(topic, entry) => self.feed.publish(topic, entry),
        }
    }

    /// A campaign changed: forgets here and tells the other instances. Call it after the commit.
    pub async fn campaigns_changed(&self) {
        self.apply(Event::CampaignsChanged);
        if self.db.get_database_backend() == DbBackend::Postgres {
            let wire = Wire { from: self.instance, campaigns: true, feed: Vec::new() };
            if let Err(e) = notify(&self.db, &wire).await {
                tracing::warn!(error = %e, "telling the other instances failed");
            }
        }
    }

    /// A new line for a live feed: shown here at once, on the other instances a moment later.
    pub fn feed(&self, topic: FeedTopic, entry: FeedEntry) {
        let (head, tail) = digits(&entry);
        let at = entry.at;
        self.apply(Event::Feed(topic, entry));
        if let Some(outgoing) = &self.outgoing {
            let wire = Wire { from: self.instance, campaigns: false, feed: vec![(topic, at, head, tail)] };
            let _ = outgoing.try_send(wire);
        }
    }

    /// On PostgreSQL: listens for the other instances' events for as long as the process runs.
    pub fn spawn_listener(&self) {
        if self.db.get_database_backend() != DbBackend::Postgres {
            return;
        }
        let bus = self.clone();
        tokio::spawn(async move {
            loop {
                if let Err(e) = bus.listen().await {
                    tracing::warn!(error = %e, "listening to the other instances failed; again in a second");
                }
                // whatever was missed meanwhile: read campaigns and pages afresh
                bus.apply(Event::CampaignsChanged);
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        });
    }

    async fn listen(&self) -> Result<(), sea_orm::sqlx::Error> {
        use sea_orm::sqlx::postgres::PgListener;
        let mut listener = PgListener::connect_with(self.db.get_postgres_connection_pool()).await?;
        listener.listen(CHANNEL).await?;
        // anything changed between the last look and now
        self.apply(Event::CampaignsChanged);
        loop {
            // `None`: the connection was lost (and is made again by the next call)
            let Some(notification) = listener.try_recv().await? else { return Ok(()) };
            let Ok(wire) = serde_json::from_str::<Wire>(notification.payload()) else { continue };
            if wire.from == self.instance {
                continue;
            }
            for event in wire.events() {
                self.apply(event);
            }
        }
    }
}

async fn notify(db: &DatabaseConnection, wire: &Wire) -> Result<(), sea_orm::DbErr> {
    let payload = serde_json::to_string(wire).unwrap_or_default();
    let statement = Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT pg_notify($1, $2)",
        [CHANNEL.into(), payload.into()],
    );
    db.execute_raw(statement).await.map(|_| ())
}

/// Sends the queued feed lines, up to 60 in one `NOTIFY` (well under its 8,000-byte limit).
async fn send_batched(db: DatabaseConnection, from: u64, mut receiver: mpsc::Receiver<Wire>) {
    while let Some(first) = receiver.recv().await {
        let mut wire = Wire { from, campaigns: false, feed: first.feed };
        while wire.feed.len() < 60 {
            match receiver.try_recv() {
                Ok(more) => wire.feed.extend(more.feed),
                Err(_) => break,
            }
        }
        if let Err(e) = notify(&db, &wire).await {
            tracing::warn!(error = %e, "sending feed lines to the other instances failed");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_lines_cross_the_wire_with_their_seven_digits_only() {
        let entry = FeedEntry {
            at: chrono::Utc::now(),
            masked: MaskedMobile::from_parts("138", "0001").expect("digits"),
        };
        let (head, tail) = digits(&entry);
        let wire =
            Wire { from: 7, campaigns: false, feed: vec![(FeedTopic::Activity(3), entry.at, head, tail)] };
        let text = serde_json::to_string(&wire).expect("json");
        assert!(text.contains("\"138\"") && text.contains("\"0001\"") && !text.contains("****"), "{text}");
        let back: Wire = serde_json::from_str(&text).expect("parsed");
        assert_eq!(back.from, 7);
        assert_eq!(back.events(), vec![Event::Feed(FeedTopic::Activity(3), entry)]);
        let forged =
            r#"{"from":1,"campaigns":false,"feed":[[{"Campaign":1},"2026-12-03T00:00:00Z","13800","张三"]]}"#;
        assert!(serde_json::from_str::<Wire>(forged).expect("json").events().is_empty());
    }
}
