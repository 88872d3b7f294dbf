use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sea_orm::DatabaseConnection;
use tokio::sync::Notify;

use super::bus::Bus;
use super::campaign_cache::CampaignCache;
use super::crypto::Crypto;
use super::feed::FeedHub;
use super::flash::FlashStore;
use super::lifecycle::Lifecycle;
use super::limits::RateLimits;
use super::login_throttle::LoginThrottle;
use super::page_cache::PageCache;
use super::reads::ReadCounter;
use super::settings::Settings;
use super::signup_writer::SignupWriter;
use crate::model::RegionTree;

/// Everything a request needs, handed to page routes and server functions alike. Cloned for
/// every middleware, extractor and server function of every request, so it is one `Arc`: the
/// profile of sign-ups at saturation had cloning and dropping its ~20 fields at 6 % of the CPU.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl AppState {
    pub fn new(shared: Shared) -> Self {
        Self(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What the state holds (read through `AppState`).
pub struct Shared {
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
    pub crypto: Arc<Crypto>,
    pub regions: Arc<RegionTree>,
    pub flash: FlashStore,
    pub limits: Arc<RateLimits>,
    /// Failed back-office log-ins per client address.
    pub login_throttle: Arc<LoginThrottle>,
    /// Wakes the mail worker right after a commit that queued mail.
    pub outbox_wake: Arc<Notify>,
    /// Group commit of sign-ups.
    pub signups: SignupWriter,
    /// Partners' active webhooks, for the writers that queue their deliveries.
    pub hooks: Arc<crate::server::services::webhooks::Subscriptions>,
    pub campaigns: Arc<CampaignCache>,
    /// The live feeds of sign-ups (newest entries and open connections).
    pub feed: Arc<FeedHub>,
    /// Today's readers of public pages (in memory only) and the counts not yet written.
    pub reads: Arc<ReadCounter>,
    /// Rendered public pages, for anonymous readers.
    pub pages: Arc<PageCache>,
    /// Tells the other instances what they must learn at once (and applies it here).
    pub bus: Bus,
    /// Whether the instance is shutting down, and the background work it waits for.
    pub lifecycle: Arc<Lifecycle>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.settings.leptos.clone()
    }
}
