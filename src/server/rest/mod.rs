//! `/api/v1/`: the REST API for partner systems (district offices, the city's volunteer
//! association, the national register). JSON with ISO 8601 times and stable ids, errors as RFC
//! 9457 problem details, authentication by the partner tokens city admins create
//! (`services::partners`), rate-limited per token. The handlers are doorways like the server
//! functions: who is asking, one service, the answer. The OpenAPI document is generated from
//! them (`doc`).

mod applications;
mod catalogue;
pub mod doc;
mod problem;
mod teams;
mod webhooks;

use axum::extract::FromRequestParts;
use axum::routing::{get, post};
use axum::Router;
use http::request::Parts;

pub use problem::ApiProblem;

use crate::domain::ApiScope;
use crate::server::services::partners::{self, Partner};
use crate::server::AppState;

/// The largest request body the partner API reads (a decision is a few hundred bytes).
const MAX_BODY_BYTES: usize = 16 * 1024;

/// The partner API with its own layers: no session cookies, no Origin check (a token is not sent
/// by browsers on their own), its own body limit and timeout, problem answers throughout.
pub fn router(state: AppState) -> Router {
    use tower_http::compression::CompressionLayer;
    use tower_http::limit::RequestBodyLimitLayer;
    use tower_http::timeout::TimeoutLayer;

    let timeout = state.settings.request_timeout;
    routes()
        .layer(axum::middleware::from_fn(crate::server::headers::security_headers))
        .layer(CompressionLayer::new().gzip(true))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(http::StatusCode::REQUEST_TIMEOUT, timeout))
        // outside the body limit and the timeout, whose refusals it turns into problems too
        .layer(axum::middleware::from_fn(problem_answers))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .layer(axum::middleware::from_fn(crate::server::telemetry::track))
        .with_state(state)
}

fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(doc::openapi_json))
        .route("/api/v1/docs", get(doc::page))
        .route("/api/v1/campaigns", get(catalogue::campaigns))
        .route("/api/v1/campaigns/{id}", get(catalogue::campaign))
        .route("/api/v1/activities", get(catalogue::activities))
        .route("/api/v1/trainings", get(catalogue::trainings))
        .route("/api/v1/applications", get(applications::list))
        .route("/api/v1/applications/{id}", get(applications::one))
        .route("/api/v1/applications/{id}/decision", post(applications::decide))
        .route("/api/v1/teams", get(teams::list))
        .route("/api/v1/webhooks", get(webhooks::list).post(webhooks::create))
        .route("/api/v1/webhooks/{id}", axum::routing::patch(webhooks::change).delete(webhooks::remove))
        .route("/api/v1/webhooks/{id}/deliveries", get(webhooks::deliveries))
        .route("/api/v1/{*rest}", axum::routing::any(|| async { ApiProblem::not_found() }))
}

/// Every refusal under `/api/v1/` is a problem document, also the ones the framework and the
/// layers answer on their own (405 for a wrong method, 413 for a huge body, 408 for a slow one).
async fn problem_answers(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let response = next.run(request).await;
    let status = response.status();
    let is_problem = response
        .headers()
        .get(http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
    if status.as_u16() < 400 || is_problem {
        return response;
    }
    let allow = response.headers().get(http::header::ALLOW).cloned();
    let mut answer = ApiProblem::status(status.as_u16()).into_response();
    if let Some(allow) = allow {
        answer.headers_mut().insert(http::header::ALLOW, allow);
    }
    answer
}

/// The partner making the request: a valid, unrevoked token within its rate.
pub struct Caller(pub Partner);

impl Caller {
    pub fn require(&self, scope: ApiScope) -> Result<(), ApiProblem> {
        if self.0.has(scope) {
            Ok(())
        } else {
            Err(ApiProblem::missing_scope(scope))
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiProblem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let header = parts.headers.get(http::header::AUTHORIZATION).and_then(|v| v.to_str().ok());
        let token = header.and_then(|h| h.strip_prefix("Bearer ")).map(str::trim);
        let Some(token) = token else { return Err(ApiProblem::unauthorized()) };
        let partner = partners::authenticate(&state.db, token)
            .await
            .map_err(|e| ApiProblem::from(crate::server::services::db_failure(e)))?;
        let Some(partner) = partner else { return Err(ApiProblem::unauthorized()) };
        if !state.limits.allow_partner(partner.token_id) {
            return Err(ApiProblem::rate_limited());
        }
        Ok(Caller(partner))
    }
}

/// A query string read as text pairs: a value of the wrong shape becomes our own 400 with the
/// parameter named, not the framework's plain-text rejection.
pub struct QueryPairs(pub Vec<(String, String)>);

impl QueryPairs {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for QueryPairs {
    type Rejection = ApiProblem;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        Ok(QueryPairs(form_urlencoded::parse(query.as_bytes()).into_owned().collect()))
    }
}

/// A path id: digits that fit, else 404 (no such resource can exist).
pub fn path_id<T: std::str::FromStr>(text: &str) -> Result<T, ApiProblem> {
    if text.is_empty() || text.len() > 19 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ApiProblem::not_found());
    }
    text.parse().map_err(|_| ApiProblem::not_found())
}
