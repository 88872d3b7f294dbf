//! Partners' webhooks. A partner registers a URL and the events it wants; each event that happens
//! in its county becomes a delivery row written in the SAME transaction as the change (a sign-up,
//! a decision, a withdrawal, a check-in), so an event is never lost nor told about a change that
//! rolled back. `delivery` sends, signs and retries them. Payloads are thin — ids, status, region —
//! and the partner reads the person through the API, where reads are scoped, masked and audited.

pub mod delivery;
mod registry;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};

pub use registry::{create, deliveries, list, remove, update, DeliveryView, WebhookView};

use crate::domain::{DeliveryStatus, WebhookEvent};
use crate::server::entities::{api_token, webhook, webhook_delivery};

/// An active webhook, as the writers need it: which events, over which county.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subscription {
    pub webhook_id: i32,
    pub events: Vec<WebhookEvent>,
    pub county: Option<String>,
}

/// The webhooks of unrevoked tokens, kept in memory for the writers: re-read
/// every 2 s and at once after a change made here, so another instance's change shows within 2 s.
/// Refreshes overlap (the 2-second one, and one after each change); the one that began last wins,
/// so a slow read begun before a webhook was created cannot put back a list without it.
#[derive(Default)]
pub struct Subscriptions {
    /// The list and the number of the refresh that read it.
    current: RwLock<(u64, Arc<Vec<Subscription>>)>,
    begun: AtomicU64,
}

impl Subscriptions {
    pub fn current(&self) -> Arc<Vec<Subscription>> {
        self.current.read().map(|c| c.1.clone()).unwrap_or_default()
    }

    pub async fn refresh<C: ConnectionTrait>(&self, db: &C) -> Result<(), DbErr> {
        let ticket = self.begin();
        let tokens = api_token::Entity::find().filter(api_token::Column::RevokedAt.is_null()).all(db).await?;
        // paused ones too: their deliveries are queued and wait until the partner resumes
        let hooks = webhook::Entity::find().all(db).await?;
        let active: Vec<Subscription> = hooks
            .into_iter()
            .filter_map(|h| {
                let token = tokens.iter().find(|t| t.id == h.token_id)?;
                Some(Subscription {
                    webhook_id: h.id,
                    events: events_of(&h.events),
                    county: token.county.clone(),
                })
            })
            .collect();
        self.finish(ticket, active);
        Ok(())
    }

    /// Numbers a refresh before it reads.
    fn begin(&self) -> u64 {
        self.begun.fetch_add(1, Ordering::SeqCst) + 1
    }

    /// Keeps what refresh `ticket` read, unless a refresh begun after it has already been kept.
    fn finish(&self, ticket: u64, active: Vec<Subscription>) {
        if let Ok(mut current) = self.current.write() {
            if ticket > current.0 {
                *current = (ticket, Arc::new(active));
            }
        }
    }

    pub fn spawn_refresher(self: &Arc<Self>, db: sea_orm::DatabaseConnection) {
        let me = self.clone();
        tokio::spawn(async move {
            loop {
                if let Err(e) = me.refresh(&db).await {
                    tracing::warn!(error = %e, "reading the webhooks failed");
                }
                tokio::time::sleep(std::time::Duration::from_secs(2)).await;
            }
        });
    }
}

pub fn events_of(text: &str) -> Vec<WebhookEvent> {
    text.split(',').filter_map(WebhookEvent::parse).collect()
}

/// Queues `event` about something in `region_code` for every subscribed webhook whose county
/// covers it, inside the caller's transaction. One event id for all of them.
pub async fn enqueue<C: ConnectionTrait>(
    txn: &C,
    subscriptions: &[Subscription],
    event: WebhookEvent,
    region_code: &str,
    data: serde_json::Value,
) -> Result<(), DbErr> {
    let covers = |s: &&Subscription| s.county.as_deref().is_none_or(|c| region_code.starts_with(c));
    let targets: Vec<i32> = subscriptions
        .iter()
        .filter(|s| s.events.contains(&event))
        .filter(covers)
        .map(|s| s.webhook_id)
        .collect();
    if targets.is_empty() {
        return Ok(());
    }
    let now = Utc::now();
    let event_id = uuid::Uuid::new_v4().to_string();
    let payload =
        serde_json::json!({ "id": event_id, "type": event, "created_at": now, "data": data }).to_string();
    let rows = targets.into_iter().map(|webhook_id| webhook_delivery::ActiveModel {
        webhook_id: Set(webhook_id),
        event_id: Set(event_id.clone()),
        event: Set(event.as_str().to_string()),
        payload: Set(payload.clone()),
        status: Set(DeliveryStatus::Pending.as_str().to_string()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        claim_token: Set(None),
        claimed_until: Set(None),
        last_status: Set(None),
        last_response: Set(None),
        last_attempt_at: Set(None),
        delivered_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    });
    webhook_delivery::Entity::insert_many(rows).exec(txn).await.map(|_| ())
}

/// What an application event tells: who it is (by id and reference), where, and its status.
pub fn application_data(a: &crate::server::entities::application::Model) -> serde_json::Value {
    serde_json::json!({
        "application_id": a.id,
        "reference": a.reference,
        "campaign_id": a.campaign_id,
        "status": a.status,
        "region_code": a.region_code,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hook(id: i32) -> Subscription {
        Subscription { webhook_id: id, events: vec![WebhookEvent::ApplicationDecided], county: None }
    }

    #[test]
    fn a_refresh_begun_earlier_but_finished_later_does_not_put_back_an_older_list() {
        let subscriptions = Subscriptions::default();
        let slow = subscriptions.begin(); // the 2-second refresh reads before the webhook exists
        let after_create = subscriptions.begin();
        subscriptions.finish(after_create, vec![hook(7)]);
        subscriptions.finish(slow, vec![]);
        assert_eq!(*subscriptions.current(), vec![hook(7)], "the newer read stays");

        let next = subscriptions.begin();
        subscriptions.finish(next, vec![]);
        assert!(subscriptions.current().is_empty(), "a later read replaces it (the webhook was removed)");
    }
}
