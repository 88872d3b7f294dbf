//! The live feeds in memory: per topic the newest sign-ups and a broadcast channel to the open
//! feed connections. The database is read once per topic per process (to prime the ring after a
//! start); from then on every page and every connection is served from here.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::{broadcast, OnceCell};

use crate::domain::feed::{FeedEntry, FeedTopic};

/// How many of the newest entries a topic keeps (and a page shows at most).
pub const RING: usize = 20;
/// Open feed connections beyond this are answered 503.
pub const MAX_OPEN: usize = 5_000;

struct Topic {
    ring: Mutex<VecDeque<FeedEntry>>,
    primed: OnceCell<()>,
    sender: broadcast::Sender<FeedEntry>,
}

/// The feeds of this process (held in `AppState`).
pub struct FeedHub {
    topics: Mutex<HashMap<FeedTopic, Arc<Topic>>>,
    open: Arc<AtomicUsize>,
    max_open: usize,
}

impl Default for FeedHub {
    fn default() -> Self {
        Self::with_limit(MAX_OPEN)
    }
}

/// One open feed connection; dropping it frees its place.
pub struct OpenFeed(Arc<AtomicUsize>);

impl Drop for OpenFeed {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl FeedHub {
    pub fn with_limit(max_open: usize) -> Self {
        Self { topics: Mutex::default(), open: Arc::default(), max_open }
    }

    /// The topic's state. Only callers that know the topic exists create one, so made-up ids
    /// cannot grow the map.
    fn topic(&self, topic: FeedTopic) -> Arc<Topic> {
        let mut topics = self.topics.lock().unwrap_or_else(|p| p.into_inner());
        topics
            .entry(topic)
            .or_insert_with(|| {
                Arc::new(Topic {
                    ring: Mutex::new(VecDeque::with_capacity(RING)),
                    primed: OnceCell::new(),
                    sender: broadcast::channel(64).0,
                })
            })
            .clone()
    }

    /// True once the topic has been used in this process (then it exists).
    pub fn knows(&self, topic: FeedTopic) -> bool {
        self.topics.lock().unwrap_or_else(|p| p.into_inner()).contains_key(&topic)
    }

    /// A new sign-up: first in the ring, and sent to every open connection of the topic.
    pub fn publish(&self, topic: FeedTopic, entry: FeedEntry) {
        let topic = self.topic(topic);
        push_newest(&mut topic.ring.lock().unwrap_or_else(|p| p.into_inner()), entry.clone());
        // nobody listening is fine
        let _ = topic.sender.send(entry);
    }

    /// The newest entries, newest first. `load` (the caller's database query) runs only for
    /// the first caller of a topic in this process, however many arrive at once; a failed load
    /// is not remembered, so the next caller tries again.
    pub async fn recent<F, Fut, E>(&self, topic: FeedTopic, load: F) -> Result<Vec<FeedEntry>, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Vec<FeedEntry>, E>>,
    {
        let state = self.topic(topic);
        state
            .primed
            .get_or_try_init(|| async {
                let loaded = load().await?;
                let mut ring = state.ring.lock().unwrap_or_else(|p| p.into_inner());
                // what was published while the query ran is newer, or the same row twice
                for entry in loaded {
                    if !ring.iter().any(|seen| same_sign_up(seen, &entry)) {
                        ring.push_back(entry);
                    }
                }
                ring.make_contiguous().sort_by_key(|entry| std::cmp::Reverse(entry.at));
                ring.truncate(RING);
                Ok(())
            })
            .await?;
        let ring = state.ring.lock().unwrap_or_else(|p| p.into_inner());
        Ok(ring.iter().cloned().collect())
    }

    /// The new entries of a topic from now on.
    pub fn subscribe(&self, topic: FeedTopic) -> broadcast::Receiver<FeedEntry> {
        self.topic(topic).sender.subscribe()
    }

    /// A place for one more open connection, or `None` when all are taken.
    pub fn open(&self) -> Option<OpenFeed> {
        let before = self.open.fetch_add(1, Ordering::SeqCst);
        let place = OpenFeed(self.open.clone());
        (before < self.max_open).then_some(place)
    }
}

/// The published entry and the row read back may differ below a millisecond: PostgreSQL keeps
/// microseconds, the clock gives nanoseconds.
fn same_sign_up(a: &FeedEntry, b: &FeedEntry) -> bool {
    a.masked == b.masked && (a.at - b.at).num_milliseconds().abs() < 1
}

fn push_newest(ring: &mut VecDeque<FeedEntry>, entry: FeedEntry) {
    ring.push_front(entry);
    ring.truncate(RING);
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;

    use chrono::{Duration, TimeZone, Utc};

    use super::*;
    use crate::domain::feed::MaskedMobile;

    fn entry(n: i64) -> FeedEntry {
        let at = Utc.with_ymd_and_hms(2026, 12, 3, 8, 0, 0).unwrap() + Duration::seconds(n);
        FeedEntry { at, masked: MaskedMobile::from_parts("136", &format!("{:04}", n % 10_000)).unwrap() }
    }

    async fn nothing() -> Result<Vec<FeedEntry>, ()> {
        Ok(vec![])
    }

    #[tokio::test]
    async fn the_newest_entry_comes_first_and_the_ring_keeps_twenty() {
        let hub = FeedHub::default();
        let topic = FeedTopic::Campaign(1);
        for n in 0..30 {
            hub.publish(topic, entry(n));
        }
        let recent = hub.recent(topic, nothing).await.unwrap();
        assert_eq!(recent.len(), RING);
        assert_eq!(recent[0], entry(29));
        assert_eq!(recent[RING - 1], entry(10));
        assert!(hub.recent(FeedTopic::Activity(1), nothing).await.unwrap().is_empty(), "topics are apart");
    }

    #[tokio::test]
    async fn the_loader_runs_once_however_many_pages_open_at_once() {
        let hub = Arc::new(FeedHub::default());
        let loads = Arc::new(AtomicUsize::new(0));
        let topic = FeedTopic::Campaign(7);
        let readers: Vec<_> = (0..50)
            .map(|_| {
                let (hub, loads) = (hub.clone(), loads.clone());
                tokio::spawn(async move {
                    hub.recent(topic, || async move {
                        loads.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                        Ok::<_, ()>(vec![entry(1), entry(2)])
                    })
                    .await
                    .unwrap()
                })
            })
            .collect();
        for reader in readers {
            assert_eq!(reader.await.unwrap(), vec![entry(2), entry(1)]);
        }
        assert_eq!(loads.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_sign_up_published_while_the_loader_ran_is_neither_lost_nor_doubled() {
        let hub = FeedHub::default();
        let topic = FeedTopic::Campaign(3);
        hub.publish(topic, entry(5));
        let recent = hub.recent(topic, || async { Ok::<_, ()>(vec![entry(5), entry(4)]) }).await.unwrap();
        assert_eq!(recent, vec![entry(5), entry(4)]);

        let topic = FeedTopic::Campaign(5);
        let published = FeedEntry { at: entry(5).at + Duration::nanoseconds(1_234), ..entry(5) };
        hub.publish(topic, published.clone());
        let recent = hub.recent(topic, || async { Ok::<_, ()>(vec![entry(5)]) }).await.unwrap();
        assert_eq!(recent, vec![published], "stored with microseconds only, it is still the same");
    }

    #[tokio::test]
    async fn a_failed_load_is_tried_again_by_the_next_page() {
        let hub = FeedHub::default();
        let topic = FeedTopic::Campaign(4);
        assert!(hub.recent(topic, || async { Err::<Vec<FeedEntry>, _>("down") }).await.is_err());
        let recent = hub.recent(topic, || async { Ok::<_, &str>(vec![entry(1)]) }).await.unwrap();
        assert_eq!(recent, vec![entry(1)]);
    }

    #[tokio::test]
    async fn a_subscriber_receives_what_is_published_after_it_subscribed() {
        let hub = FeedHub::default();
        let topic = FeedTopic::Campaign(2);
        let mut receiver = hub.subscribe(topic);
        hub.publish(topic, entry(9));
        assert_eq!(receiver.recv().await.unwrap(), entry(9));
    }

    #[test]
    fn connections_beyond_the_limit_are_refused_until_one_closes() {
        let hub = FeedHub::with_limit(2);
        let (a, _b) = (hub.open().unwrap(), hub.open().unwrap());
        assert!(hub.open().is_none());
        drop(a);
        assert!(hub.open().is_some());
    }
}
