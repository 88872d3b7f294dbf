//! An instance's life: serving, then stopping (SIGTERM). While it stops, `/readyz` answers 503,
//! the listener is closed, the requests in flight are answered, and background work (a mail
//! being sent) is finished or handed back before the process exits.

use std::time::Duration;

use tokio::sync::{watch, RwLock, RwLockReadGuard};

pub struct Lifecycle {
    stopping: watch::Sender<bool>,
    /// Background work in progress holds a read guard; stopping waits for the write guard.
    work: RwLock<()>,
}

impl Default for Lifecycle {
    fn default() -> Self {
        Self { stopping: watch::channel(false).0, work: RwLock::new(()) }
    }
}

impl Lifecycle {
    pub fn is_stopping(&self) -> bool {
        *self.stopping.borrow()
    }

    pub fn begin_stopping(&self) {
        self.stopping.send_replace(true);
    }

    /// Resolves once the instance is stopping.
    pub async fn stopped(&self) {
        let mut receiver = self.stopping.subscribe();
        let _ = receiver.wait_for(|stopping| *stopping).await;
    }

    /// Leave to start a piece of background work, or `None` once the instance is stopping.
    pub async fn working(&self) -> Option<RwLockReadGuard<'_, ()>> {
        let guard = self.work.read().await;
        (!self.is_stopping()).then_some(guard)
    }

    /// Waits (at most `max`) for the background work under way to end.
    pub async fn wait_for_work(&self, max: Duration) -> bool {
        tokio::time::timeout(max, self.work.write()).await.is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn stopping_waits_for_work_under_way_and_refuses_new_work() {
        let lifecycle = std::sync::Arc::new(Lifecycle::default());
        let guard = lifecycle.working().await.expect("serving");
        lifecycle.begin_stopping();
        assert!(lifecycle.is_stopping());
        assert!(!lifecycle.wait_for_work(Duration::from_millis(50)).await, "work is still under way");
        drop(guard);
        assert!(lifecycle.wait_for_work(Duration::from_millis(50)).await);
        assert!(lifecycle.working().await.is_none());
        lifecycle.stopped().await;
    }
}
