//! A partner's own webhooks: register (the signing secret shown once), list, pause or change
//! events, remove, and the delivery log with each delivery's last answer.

use chrono::{DateTime, Utc};
use rand::rngs::OsRng;
use rand::Rng;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};

use super::{delivery, events_of};
use crate::domain::WebhookEvent;
use crate::error::AppError;
use crate::model::Problem;
use crate::server::entities::{webhook, webhook_delivery};
use crate::server::services::db_failure;
use crate::server::services::partners::Partner;
use crate::server::AppState;

/// Webhooks one partner token may have.
pub const MAX_PER_TOKEN: u64 = 10;

/// A webhook as its partner sees it (also the API's `Webhook`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[schema(as = Webhook)]
pub struct WebhookView {
    pub id: i32,
    pub url: String,
    /// `application.created`, `application.decided`, `application.withdrawn`, `checked_in`.
    #[schema(value_type = Vec<String>)]
    pub events: Vec<WebhookEvent>,
    /// A paused webhook's deliveries wait; none is lost.
    pub paused: bool,
    pub created_at: DateTime<Utc>,
    /// The signing secret: in the answer to the registration only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

/// One line of the delivery log (also the API's `Delivery`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[schema(as = Delivery)]
pub struct DeliveryView {
    pub id: i64,
    /// The event's id: the same on every attempt (deduplicate on it).
    pub event_id: String,
    pub event: String,
    /// `pending`, `delivered` or `failed` (given up).
    pub status: String,
    pub attempts: i32,
    /// The HTTP status of the last answer (`null`: no answer).
    pub last_status: Option<i32>,
    /// The start of the last answer, or why there was none.
    pub last_response: Option<String>,
    pub last_attempt_at: Option<DateTime<Utc>>,
    pub next_attempt_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

fn view(h: webhook::Model, secret: Option<String>) -> WebhookView {
    WebhookView {
        id: h.id,
        events: events_of(&h.events),
        url: h.url,
        paused: h.paused,
        created_at: h.created_at,
        secret,
    }
}

/// An `https://` address with a host (plain `http://` and loopback or private hosts only where the
/// operator allows them). The host's addresses are checked again at every delivery.
pub fn check_url(text: &str, allow_private: bool) -> Result<String, AppError> {
    let bad = || AppError::Invalid(Problem::WebhookUrlInvalid);
    let text = text.trim();
    if text.len() > 500 || text.chars().any(char::is_control) {
        return Err(bad());
    }
    let url = reqwest::Url::parse(text).map_err(|_| bad())?;
    let scheme_ok = url.scheme() == "https" || (allow_private && url.scheme() == "http");
    if !scheme_ok || !url.username().is_empty() || url.password().is_some() || url.fragment().is_some() {
        return Err(bad());
    }
    let Some(host) = url.host_str().filter(|h| !h.is_empty()) else { return Err(bad()) };
    let private = match host.trim_start_matches('[').trim_end_matches(']').parse::<std::net::IpAddr>() {
        Ok(ip) => delivery::is_private(ip),
        Err(_) => host == "localhost" || host.ends_with(".localhost"),
    };
    if private && !allow_private {
        return Err(bad());
    }
    Ok(url.to_string())
}

/// The events asked for: known words, at least one, each once.
pub fn check_events(words: &[String]) -> Result<Vec<WebhookEvent>, AppError> {
    let mut events = Vec::new();
    for word in words {
        let event =
            WebhookEvent::parse(word.trim()).ok_or(AppError::Invalid(Problem::WebhookEventsInvalid))?;
        if !events.contains(&event) {
            events.push(event);
        }
    }
    if events.is_empty() {
        return Err(AppError::Invalid(Problem::WebhookEventsInvalid));
    }
    Ok(events)
}

fn words(events: &[WebhookEvent]) -> String {
    events.iter().map(|e| e.as_str()).collect::<Vec<_>>().join(",")
}

fn new_secret() -> String {
    const ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut rng = OsRng;
    let body: String = (0..40).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect();
    format!("whsec_{body}")
}

pub async fn create(
    state: &AppState,
    partner: &Partner,
    url: &str,
    events: &[String],
) -> Result<WebhookView, AppError> {
    let url = check_url(url, state.settings.webhook_allow_private)?;
    let events = check_events(events)?;
    let txn = state.db.begin().await.map_err(db_failure)?;
    let owned = webhook::Entity::find()
        .filter(webhook::Column::TokenId.eq(partner.token_id))
        .count(&txn)
        .await
        .map_err(db_failure)?;
    if owned >= MAX_PER_TOKEN {
        return Err(AppError::Invalid(Problem::WebhookTooMany));
    }
    let secret = new_secret();
    let created = webhook::ActiveModel {
        token_id: Set(partner.token_id),
        url: Set(url),
        secret_sealed: Set(state.crypto.encrypt(&secret)),
        events: Set(words(&events)),
        paused: Set(false),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(db_failure)?;
    txn.commit().await.map_err(db_failure)?;
    state.hooks.refresh(&state.db).await.map_err(db_failure)?;
    Ok(view(created, Some(secret)))
}

async fn own(state: &AppState, partner: &Partner, id: i32) -> Result<webhook::Model, AppError> {
    webhook::Entity::find_by_id(id)
        .one(&state.db)
        .await
        .map_err(db_failure)?
        .filter(|h| h.token_id == partner.token_id)
        .ok_or(AppError::NotFound)
}

pub async fn list(state: &AppState, partner: &Partner) -> Result<Vec<WebhookView>, AppError> {
    let hooks = webhook::Entity::find()
        .filter(webhook::Column::TokenId.eq(partner.token_id))
        .order_by_asc(webhook::Column::Id)
        .all(&state.db)
        .await
        .map_err(db_failure)?;
    Ok(hooks.into_iter().map(|h| view(h, None)).collect())
}

/// Pauses or resumes (deliveries wait meanwhile, none is lost) and changes the events.
pub async fn update(
    state: &AppState,
    partner: &Partner,
    id: i32,
    paused: Option<bool>,
    events: Option<&[String]>,
) -> Result<WebhookView, AppError> {
    let found = own(state, partner, id).await?;
    let mut change: webhook::ActiveModel = found.into();
    if let Some(paused) = paused {
        change.paused = Set(paused);
    }
    if let Some(events) = events {
        change.events = Set(words(&check_events(events)?));
    }
    let saved = change.update(&state.db).await.map_err(db_failure)?;
    state.hooks.refresh(&state.db).await.map_err(db_failure)?;
    Ok(view(saved, None))
}

/// Removes the webhook and its delivery log.
pub async fn remove(state: &AppState, partner: &Partner, id: i32) -> Result<(), AppError> {
    let found = own(state, partner, id).await?;
    let txn = state.db.begin().await.map_err(db_failure)?;
    webhook_delivery::Entity::delete_many()
        .filter(webhook_delivery::Column::WebhookId.eq(found.id))
        .exec(&txn)
        .await
        .map_err(db_failure)?;
    webhook::Entity::delete_by_id(found.id).exec(&txn).await.map_err(db_failure)?;
    txn.commit().await.map_err(db_failure)?;
    state.hooks.refresh(&state.db).await.map_err(db_failure)
}

/// The latest 100 deliveries, newest first.
pub async fn deliveries(state: &AppState, partner: &Partner, id: i32) -> Result<Vec<DeliveryView>, AppError> {
    let found = own(state, partner, id).await?;
    let rows = webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::WebhookId.eq(found.id))
        .order_by_desc(webhook_delivery::Column::Id)
        .limit(100)
        .all(&state.db)
        .await
        .map_err(db_failure)?;
    Ok(rows
        .into_iter()
        .map(|d| DeliveryView {
            id: d.id,
            event_id: d.event_id,
            event: d.event,
            status: d.status,
            attempts: d.attempts,
            last_status: d.last_status,
            last_response: d.last_response,
            last_attempt_at: d.last_attempt_at,
            next_attempt_at: d.next_attempt_at,
            delivered_at: d.delivered_at,
            created_at: d.created_at,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_webhook_address_is_https_to_a_public_host_unless_the_operator_allows_more() {
        assert!(check_url("https://partner.example.cn/hooks", false).is_ok());
        for bad in [
            "http://partner.example.cn/hooks",
            "https://127.0.0.1/x",
            "https://10.1.2.3/x",
            "https://192.168.0.9/x",
            "https://[::1]/x",
            "https://localhost/x",
            "https://user:pw@partner.example.cn/",
            "ftp://partner.example.cn/",
            "not a url",
            "",
        ] {
            assert!(check_url(bad, false).is_err(), "{bad}");
        }
        assert!(check_url("http://127.0.0.1:9000/x", true).is_ok());
        assert!(check_url(&format!("https://a.cn/{}", "x".repeat(500)), true).is_err());
    }

    #[test]
    fn events_are_known_words_each_once_and_at_least_one() {
        let asked = ["application.created".to_string(), "application.created".to_string()];
        assert_eq!(check_events(&asked).unwrap(), vec![WebhookEvent::ApplicationCreated]);
        assert!(check_events(&[]).is_err());
        assert!(check_events(&["application.deleted".to_string()]).is_err());
    }
}
