//! Short-lived answers for browsers without JavaScript.
//!
//! A plain form post is answered with a redirect (post → redirect → get). What the next page must
//! show — the typed values with their field messages, or a status result — waits here under a
//! random token that travels in the URL, so no personal data ever goes into a URL or a log.
//! Kept in memory: bounded in size and time, read once.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rand::distributions::Alphanumeric;
use rand::Rng;
use serde::{Deserialize, Serialize};

use crate::model::{FieldErrors, SignupForm, StatusOutcome};

const TTL: Duration = Duration::from_secs(10 * 60);
const MAX_ENTRIES: usize = 20_000;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Flash {
    SignupRejected {
        values: SignupForm,
        errors: FieldErrors,
        message: Option<String>,
    },
    Status {
        reference: String,
        outcome: StatusOutcome,
    },
    /// Back office: what the last plain form post did (or why it could not).
    Notice {
        ok: bool,
        message: String,
    },
}

#[derive(Default)]
pub struct FlashStore {
    entries: Mutex<HashMap<String, (Instant, Flash)>>,
}

impl FlashStore {
    pub fn put(&self, flash: Flash) -> String {
        let token: String = rand::thread_rng().sample_iter(&Alphanumeric).take(24).map(char::from).collect();
        let now = Instant::now();
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, (at, _)| now.duration_since(*at) < TTL);
        }
        if entries.len() >= MAX_ENTRIES {
            if let Some(oldest) = entries.iter().min_by_key(|(_, (at, _))| *at).map(|(k, _)| k.clone()) {
                entries.remove(&oldest);
            }
        }
        entries.insert(token.clone(), (now, flash));
        token
    }

    pub fn take(&self, token: &str) -> Option<Flash> {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let (at, flash) = entries.remove(token)?;
        (at.elapsed() < TTL).then_some(flash)
    }
}
