//! Sends the queued webhook deliveries: claimed like the mail outbox (`FOR UPDATE SKIP LOCKED`
//! on PostgreSQL, a claim token the final update checks), signed, retried with doubling waits,
//! at least once per event with the event's one id. A paused webhook's deliveries wait; a
//! removed webhook's or a revoked token's are given up.
//!
//! The signature: `Shouwang-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
//! The receiver recomputes it and refuses a `t` older than a few minutes (replays).

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sea_orm::sea_query::{Expr, ExprTrait, LockBehavior, LockType};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    QueryTrait, Set, TransactionTrait,
};
use sha2::Sha256;

use crate::domain::DeliveryStatus;
use crate::server::entities::{api_token, webhook, webhook_delivery};
use crate::server::AppState;

const BATCH: u64 = 20;
/// After this many attempts (about a day and a half with the production waits) it is given up.
pub const MAX_ATTEMPTS: i32 = 15;
/// Longer than one send can take.
const CLAIM: chrono::Duration = chrono::Duration::seconds(30);
const SEND_TIMEOUT: Duration = Duration::from_secs(10);
/// How much of an answer the delivery log keeps.
const KEEP_ANSWER: usize = 500;

/// Loopback, private, link-local, carrier-grade NAT, unspecified: addresses a partner's webhook
/// must not reach unless the operator allows it.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || (a == 100 && (64..128).contains(&b))
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || v6.to_ipv4_mapped().is_some_and(|v4| is_private(IpAddr::V4(v4)))
        }
    }
}

/// The `Shouwang-Signature` header's value for `body` sent at `timestamp`.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()) else { return String::new() };
    mac.update(format!("{timestamp}.").as_bytes());
    mac.update(body.as_bytes());
    format!("t={timestamp},v1={}", hex::encode(mac.finalize().into_bytes()))
}

/// Runs until the instance stops.
pub fn spawn(state: AppState) {
    tokio::spawn(async move {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(SEND_TIMEOUT)
            .user_agent("Shouwang-Webhooks/1")
            .build();
        let client = match client {
            Ok(client) => client,
            Err(e) => return tracing::error!(error = %e, "no HTTP client: webhooks are not sent"),
        };
        loop {
            {
                let Some(_working) = state.lifecycle.working().await else { return };
                if let Err(e) = deliver_due(&state, &client).await {
                    tracing::warn!(error = %e, "webhook pass failed; will retry");
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(state.settings.outbox_poll) => {}
                _ = state.lifecycle.stopped() => return,
            }
        }
    });
}

async fn claim<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
) -> Result<(String, Vec<webhook_delivery::Model>), DbErr> {
    let token = uuid::Uuid::new_v4().simple().to_string();
    let claimable = || {
        Condition::all()
            .add(webhook_delivery::Column::Status.eq(DeliveryStatus::Pending.as_str()))
            .add(webhook_delivery::Column::NextAttemptAt.lte(now))
            .add(
                webhook_delivery::Column::ClaimedUntil
                    .is_null()
                    .or(webhook_delivery::Column::ClaimedUntil.lt(now)),
            )
    };
    let due = webhook_delivery::Entity::find()
        .select_only()
        .column(webhook_delivery::Column::Id)
        .filter(claimable())
        .order_by_asc(webhook_delivery::Column::Id)
        .limit(BATCH)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .into_query();
    webhook_delivery::Entity::update_many()
        .col_expr(webhook_delivery::Column::ClaimedUntil, Expr::value(now + CLAIM))
        .col_expr(webhook_delivery::Column::ClaimToken, Expr::value(token.clone()))
        .filter(webhook_delivery::Column::Id.in_subquery(due))
        .filter(claimable())
        .exec(db)
        .await?;
    let claimed = webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::ClaimToken.eq(&token))
        .order_by_asc(webhook_delivery::Column::Id)
        .all(db)
        .await?;
    Ok((token, claimed))
}

enum Outcome {
    /// The receiver answered (any status).
    Answered { status: u16, body: String },
    /// No answer: refused address, connection error, timeout.
    NoAnswer(String),
    /// The webhook is paused: try again later, not counted as an attempt.
    Held,
    /// The webhook was removed or its token revoked: given up.
    Gone(&'static str),
}

/// One pass: claims a batch of due deliveries, sends them at once, records what happened.
pub async fn deliver_due(state: &AppState, client: &reqwest::Client) -> Result<usize, DbErr> {
    let (token, due) = claim(&state.db, Utc::now()).await?;
    if due.is_empty() {
        return Ok(0);
    }
    let ids: Vec<i32> = due.iter().map(|d| d.webhook_id).collect();
    let hooks: HashMap<i32, webhook::Model> = webhook::Entity::find()
        .filter(webhook::Column::Id.is_in(ids))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|h| (h.id, h))
        .collect();
    let live: Vec<i32> = api_token::Entity::find()
        .filter(api_token::Column::RevokedAt.is_null())
        .all(&state.db)
        .await?
        .into_iter()
        .map(|t| t.id)
        .collect();
    let (hooks, live) = (&hooks, &live);
    let sends = due.iter().map(|d| async move {
        let outcome = match hooks.get(&d.webhook_id) {
            None => Outcome::Gone("webhook removed"),
            Some(h) if !live.contains(&h.token_id) => Outcome::Gone("token revoked"),
            Some(h) if h.paused => Outcome::Held,
            Some(h) => send(state, client, h, d).await,
        };
        (d, outcome)
    });
    let results = futures_util::future::join_all(sends).await;
    let txn = state.db.begin().await?;
    let mut delivered = 0;
    for (delivery, outcome) in results {
        delivered += usize::from(matches!(outcome, Outcome::Answered { status: 200..=299, .. }));
        record(&txn, state, delivery, &token, outcome).await?;
    }
    txn.commit().await?;
    Ok(delivered)
}

async fn send(
    state: &AppState,
    client: &reqwest::Client,
    hook: &webhook::Model,
    d: &webhook_delivery::Model,
) -> Outcome {
    let Ok(url) = reqwest::Url::parse(&hook.url) else {
        return Outcome::NoAnswer("address unreadable".into());
    };
    if !state.settings.webhook_allow_private {
        let host =
            url.host_str().unwrap_or_default().trim_start_matches('[').trim_end_matches(']').to_string();
        let port = url.port_or_known_default().unwrap_or(443);
        let found: Result<Vec<std::net::SocketAddr>, _> =
            tokio::net::lookup_host((host.as_str(), port)).await.map(|a| a.collect());
        match found {
            Ok(addresses) if !addresses.iter().any(|a| is_private(a.ip())) => {}
            Ok(_) => return Outcome::NoAnswer("address not allowed (private network)".into()),
            Err(e) => return Outcome::NoAnswer(format!("name lookup failed: {e}")),
        }
    }
    let Ok(secret) = state.crypto.decrypt(&hook.secret_sealed) else {
        return Outcome::NoAnswer("secret unreadable".into());
    };
    let signed = signature(&secret, Utc::now().timestamp(), &d.payload);
    let sent = client
        .post(url)
        .header("content-type", "application/json")
        .header("shouwang-event", &d.event)
        .header("shouwang-event-id", &d.event_id)
        .header("shouwang-delivery", d.id.to_string())
        .header("shouwang-signature", signed)
        .body(d.payload.clone())
        .send()
        .await;
    match sent {
        Ok(mut response) => {
            let status = response.status().as_u16();
            let mut body = Vec::new();
            while let Ok(Some(chunk)) = response.chunk().await {
                body.extend_from_slice(&chunk);
                if body.len() >= KEEP_ANSWER {
                    break;
                }
            }
            let body: String = String::from_utf8_lossy(&body).chars().take(KEEP_ANSWER).collect();
            Outcome::Answered { status, body }
        }
        Err(e) => Outcome::NoAnswer(format!("{e}").chars().take(KEEP_ANSWER).collect()),
    }
}

fn backoff(state: &AppState, attempts: i32) -> chrono::Duration {
    let doublings = (Ord::max(attempts, 1) - 1).clamp(0, 16) as u32;
    let wait = state
        .settings
        .outbox_backoff
        .saturating_mul(1u32 << doublings)
        .min(state.settings.outbox_max_backoff);
    chrono::Duration::from_std(wait).unwrap_or(CLAIM)
}

async fn record<C: ConnectionTrait>(
    db: &C,
    state: &AppState,
    d: &webhook_delivery::Model,
    token: &str,
    outcome: Outcome,
) -> Result<(), DbErr> {
    let now = Utc::now();
    let mut update = webhook_delivery::ActiveModel {
        claimed_until: Set(None),
        claim_token: Set(None),
        ..Default::default()
    };
    let failed = |update: &mut webhook_delivery::ActiveModel, attempts: i32| {
        update.attempts = Set(attempts);
        update.last_attempt_at = Set(Some(now));
        if attempts >= MAX_ATTEMPTS {
            update.status = Set(DeliveryStatus::Failed.as_str().to_string());
        } else {
            update.next_attempt_at = Set(now + backoff(state, attempts));
        }
    };
    match outcome {
        Outcome::Answered { status, body } => {
            update.last_status = Set(Some(i32::from(status)));
            update.last_response = Set(Some(body));
            if (200..300).contains(&status) {
                update.attempts = Set(d.attempts + 1);
                update.last_attempt_at = Set(Some(now));
                update.status = Set(DeliveryStatus::Delivered.as_str().to_string());
                update.delivered_at = Set(Some(now));
            } else {
                failed(&mut update, d.attempts + 1);
            }
        }
        Outcome::NoAnswer(why) => {
            update.last_status = Set(None);
            update.last_response = Set(Some(why));
            failed(&mut update, d.attempts + 1);
        }
        Outcome::Held => update.next_attempt_at = Set(now + chrono::Duration::seconds(5)),
        Outcome::Gone(why) => {
            update.status = Set(DeliveryStatus::Failed.as_str().to_string());
            update.last_response = Set(Some(why.to_string()));
        }
    }
    let written = webhook_delivery::Entity::update_many()
        .set(update)
        .filter(webhook_delivery::Column::Id.eq(d.id))
        .filter(webhook_delivery::Column::ClaimToken.eq(token))
        .exec(db)
        .await?;
    if written.rows_affected != 1 {
        tracing::warn!(
            delivery = d.id,
            "the claim on a webhook delivery ran out before its outcome was recorded"
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_loopback_addresses_are_told_apart_from_public_ones() {
        for private in [
            "127.0.0.1",
            "10.0.0.1",
            "172.16.5.4",
            "192.168.1.1",
            "169.254.1.1",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:10.0.0.1",
        ] {
            assert!(is_private(private.parse().unwrap()), "{private}");
        }
        for public in ["202.96.209.5", "8.8.8.8", "2400:3200::1"] {
            assert!(!is_private(public.parse().unwrap()), "{public}");
        }
    }

    #[test]
    fn the_signature_covers_the_time_and_the_body() {
        let a = signature("whsec_x", 1_700_000_000, "{}");
        assert!(a.starts_with("t=1700000000,v1=") && a.len() == "t=1700000000,v1=".len() + 64);
        assert_ne!(a, signature("whsec_x", 1_700_000_001, "{}"));
        assert_ne!(a, signature("whsec_x", 1_700_000_000, "{ }"));
        assert_ne!(a, signature("whsec_y", 1_700_000_000, "{}"));
    }
}
