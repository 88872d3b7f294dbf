//! A partner's webhooks: register (the signing secret answered once), list, pause or change
//! events, remove, and read the delivery log.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{path_id, ApiProblem, Caller};
use crate::server::services::webhooks::{self, DeliveryView as Delivery, WebhookView as Webhook};
use crate::server::AppState;

#[derive(Serialize, ToSchema)]
pub struct WebhookList {
    pub items: Vec<Webhook>,
}

/// The events a webhook can ask for (documents the words; they are read as text and checked).
#[derive(ToSchema)]
#[allow(dead_code)]
pub enum EventName {
    #[schema(rename = "application.created")]
    Created,
    #[schema(rename = "application.decided")]
    Decided,
    #[schema(rename = "application.withdrawn")]
    Withdrawn,
    #[schema(rename = "checked_in")]
    CheckedIn,
}

/// A new webhook.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookRequest {
    /// An `https://` address on the public internet, at most 500 characters.
    #[schema(max_length = 500)]
    pub url: String,
    #[schema(value_type = Vec<EventName>, min_items = 1)]
    pub events: Vec<String>,
}

/// A change: pause or resume, other events.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookChange {
    #[serde(default)]
    pub paused: Option<bool>,
    #[serde(default)]
    #[schema(value_type = Option<Vec<EventName>>, min_items = 1)]
    pub events: Option<Vec<String>>,
}

#[derive(Serialize, ToSchema)]
pub struct DeliveryList {
    pub items: Vec<Delivery>,
}

/// Registers a webhook. Each delivery carries `Shouwang-Event`, `Shouwang-Event-Id` and
/// `Shouwang-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`; a 2xx answer
/// within 10 s counts as delivered, anything else is retried with doubling waits.
#[utoipa::path(post, path = "/api/v1/webhooks", tag = "webhooks", operation_id = "createWebhook",
    request_body(content = WebhookRequest, content_type = "application/json"),
    responses(
        (status = 201, description = "Registered; the answer carries the signing secret, shown this once", body = Webhook),
        (status = 422, description = "The address or the events cannot be used", body = ApiProblem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    body: Bytes,
) -> Result<(StatusCode, Json<Webhook>), ApiProblem> {
    let request: WebhookRequest = serde_json::from_slice(&body).map_err(|_| ApiProblem::bad_body())?;
    let created = webhooks::create(&state, &caller.0, &request.url, &request.events).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// This token's webhooks.
#[utoipa::path(get, path = "/api/v1/webhooks", tag = "webhooks", operation_id = "listWebhooks",
    responses((status = 200, description = "The webhooks", body = WebhookList)))]
pub async fn list(State(state): State<AppState>, caller: Caller) -> Result<Json<WebhookList>, ApiProblem> {
    let items = webhooks::list(&state, &caller.0).await?;
    Ok(Json(WebhookList { items }))
}

/// Pauses or resumes a webhook, or changes its events.
#[utoipa::path(patch, path = "/api/v1/webhooks/{id}", tag = "webhooks", operation_id = "changeWebhook",
    params(("id" = i32, Path, description = "The webhook's id", minimum = 1)),
    request_body(content = WebhookChange, content_type = "application/json"),
    responses(
        (status = 200, description = "The webhook as changed", body = Webhook),
        (status = 422, description = "The events cannot be used", body = ApiProblem, content_type = "application/problem+json"),
    ))]
pub async fn change(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Webhook>, ApiProblem> {
    let id: i32 = path_id(&id)?;
    let change: WebhookChange = serde_json::from_slice(&body).map_err(|_| ApiProblem::bad_body())?;
    let changed = webhooks::update(&state, &caller.0, id, change.paused, change.events.as_deref()).await?;
    Ok(Json(changed))
}

/// Removes a webhook and its delivery log.
#[utoipa::path(delete, path = "/api/v1/webhooks/{id}", tag = "webhooks", operation_id = "removeWebhook",
    params(("id" = i32, Path, description = "The webhook's id", minimum = 1)),
    responses((status = 204, description = "Removed")))]
pub async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiProblem> {
    let id: i32 = path_id(&id)?;
    webhooks::remove(&state, &caller.0, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The webhook's latest 100 deliveries, newest first, with the last answer of each.
#[utoipa::path(get, path = "/api/v1/webhooks/{id}/deliveries", tag = "webhooks", operation_id = "listDeliveries",
    params(("id" = i32, Path, description = "The webhook's id", minimum = 1)),
    responses((status = 200, description = "The delivery log", body = DeliveryList)))]
pub async fn deliveries(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<DeliveryList>, ApiProblem> {
    let id: i32 = path_id(&id)?;
    let items = webhooks::deliveries(&state, &caller.0, id).await?;
    Ok(Json(DeliveryList { items }))
}
