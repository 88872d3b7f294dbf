//! What an operator watches: `/metrics` in the Prometheus text format (requests and latency by
//! route, sign-ups accepted and refused, the outbox's backlog and its oldest mail, mail
//! failures, the database pool), readable only from the addresses `METRICS_ALLOW` names; and a
//! request id on every request (nginx's, or a new one), in the logs and in the answer.

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};

use super::entities::outbox;
use super::AppState;
use crate::domain::OutboxStatus;
use crate::model::SignupOutcome;

const LATENCY_BUCKETS: [f64; 12] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

/// The process's recorder (one per process: the tests start many apps in one).
fn recorder() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("seconds".into()), &LATENCY_BUCKETS)
            .unwrap_or_else(|_| PrometheusBuilder::new());
        let recorder = builder.build_recorder();
        let handle = recorder.handle();
        let _ = metrics::set_global_recorder(recorder);
        handle
    })
}

/// Installs the recorder (at start-up, before the first request is counted).
pub fn install() {
    let _ = recorder();
}

/// Counts a sign-up's outcome.
pub fn signup(outcome: &Result<SignupOutcome, crate::error::AppError>) {
    let label = match outcome {
        Ok(SignupOutcome::Accepted(_)) => "accepted",
        Ok(SignupOutcome::Rejected { .. }) => "refused",
        Err(_) => "failed",
    };
    metrics::counter!("shouwang_signups_total", "outcome" => label).increment(1);
}

/// Counts a mail the SMTP server took, or one it did not.
pub fn mail(sent: bool) {
    let label = if sent { "sent" } else { "failed" };
    metrics::counter!("shouwang_mail_total", "outcome" => label).increment(1);
}

/// The request id nginx passes on (`X-Request-Id`), or a new one: in the request's log span
/// and echoed in the answer.
pub fn request_id(headers: &HeaderMap) -> String {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| (1..=64).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .map(str::to_string)
        .unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string())
}

/// Counts every request by its route (the pattern, never the path: no ids, no slugs) and status.
pub async fn track(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "other".to_string(), |p| p.as_str().to_string());
    let method = request.method().as_str().to_string();
    let id = request_id(request.headers());
    let started = Instant::now();
    let span = tracing::info_span!("request", request_id = %id, %method, %route);
    let mut response = tracing::Instrument::instrument(next.run(request), span).await;
    let status = response.status().as_u16().to_string();
    let labels = [("route", route), ("method", method), ("status", status)];
    metrics::counter!("shouwang_http_requests_total", &labels).increment(1);
    metrics::histogram!("shouwang_http_request_duration_seconds", &labels[..2])
        .record(started.elapsed().as_secs_f64());
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

/// `/metrics`: 404 to anyone `METRICS_ALLOW` does not name (as if there were nothing here).
pub async fn serve(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let client = super::limits::client_ip(Some(peer), &headers, &state.settings.trusted_proxies);
    if !state.settings.metrics_allow.contains(&client.to_canonical()) {
        return StatusCode::NOT_FOUND.into_response();
    }
    if let Err(e) = gauges(&state.db).await {
        tracing::warn!(error = %e, "reading the outbox for /metrics failed");
    }
    let handle = recorder();
    handle.run_upkeep();
    ([(axum::http::header::CONTENT_TYPE, "text/plain; version=0.0.4")], handle.render()).into_response()
}

async fn gauges(db: &DatabaseConnection) -> Result<(), sea_orm::DbErr> {
    let (backlog, oldest): (i64, Option<chrono::DateTime<chrono::Utc>>) = outbox::Entity::find()
        .select_only()
        .column_as(outbox::Column::Id.count(), "backlog")
        .column_as(outbox::Column::CreatedAt.min(), "oldest")
        .filter(outbox::Column::Status.eq(OutboxStatus::Pending))
        .into_tuple()
        .one(db)
        .await?
        .unwrap_or((0, None));
    metrics::gauge!("shouwang_outbox_backlog").set(backlog as f64);
    let age = oldest.map_or(0.0, |at| (chrono::Utc::now() - at).num_milliseconds().max(0) as f64 / 1000.0);
    metrics::gauge!("shouwang_outbox_oldest_age_seconds").set(age);
    let (size, idle) = pool_use(db);
    metrics::gauge!("shouwang_db_pool_connections").set(size as f64);
    metrics::gauge!("shouwang_db_pool_idle_connections").set(idle as f64);
    Ok(())
}

fn pool_use(db: &DatabaseConnection) -> (u32, usize) {
    match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (pool.size(), pool.num_idle())
        }
        _ => {
            let pool = db.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle())
        }
    }
}
