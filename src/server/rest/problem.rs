//! Errors of the partner API as RFC 9457 problem details (`application/problem+json`):
//! a `type` that names the problem, an English `title`, the `status`, and a `detail` in
//! words (Chinese, as the back office speaks).

use axum::response::{IntoResponse, Response};
use http::{header, HeaderValue, StatusCode};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::ApiScope;
use crate::error::AppError;

/// An RFC 9457 problem.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[schema(as = Problem)]
pub struct ApiProblem {
    /// Names the kind of problem: `/api/v1/docs#problem-<kind>`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    /// The HTTP status, repeated.
    pub status: u16,
    pub detail: String,
    /// For a request the portal understood but cannot do as asked: the reason's key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

impl ApiProblem {
    fn new(status: u16, kind: &str, title: &str, detail: impl Into<String>) -> Self {
        Self {
            kind: format!("/api/v1/docs#problem-{kind}"),
            title: title.to_string(),
            status,
            detail: detail.into(),
            problem: None,
        }
    }

    pub fn unauthorized() -> Self {
        Self::new(
            401,
            "unauthorized",
            "Unauthorized",
            "缺少或无效的接口令牌（Authorization: Bearer sw_…），或令牌已撤销。",
        )
    }

    pub fn missing_scope(scope: ApiScope) -> Self {
        Self::new(
            403,
            "forbidden",
            "Forbidden",
            format!("该令牌没有“{}”权限。", crate::i18n::api_scope_label(scope)),
        )
    }

    pub fn not_found() -> Self {
        Self::new(404, "not-found", "Not Found", "没有这项数据，或它不在该令牌的范围内。")
    }

    pub fn bad_parameter(name: &str) -> Self {
        Self::new(400, "bad-request", "Bad Request", format!("参数 {name} 的值无法识别。"))
    }

    pub fn bad_body() -> Self {
        Self::new(400, "bad-request", "Bad Request", "请求正文不是所要求格式的 JSON。")
    }

    /// A refusal by its status alone (from the framework or a layer, not from a handler).
    pub fn status(status: u16) -> Self {
        let title =
            http::StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason()).unwrap_or("Error");
        let kind = match status {
            400..=499 => "bad-request",
            503 => "unavailable",
            _ => "internal",
        };
        Self::new(status, kind, title, title)
    }

    pub fn rate_limited() -> Self {
        Self::new(429, "rate-limited", "Too Many Requests", "该令牌的请求过于频繁，请稍后再试。")
    }
}

impl From<AppError> for ApiProblem {
    fn from(error: AppError) -> Self {
        let (detail, status) = (error.user_message(), error.status());
        match error {
            AppError::BadRequest | AppError::ServerFn(_) if status == 400 => Self::bad_body(),
            AppError::Unauthorized => Self::unauthorized(),
            AppError::Forbidden => Self::new(403, "forbidden", "Forbidden", detail),
            AppError::NotFound | AppError::CampaignNotFound => Self::not_found(),
            AppError::Invalid(problem) => {
                let key = serde_json::to_value(problem).ok().and_then(|v| v.as_str().map(String::from));
                Self { problem: key, ..Self::new(422, "unprocessable", "Unprocessable Content", detail) }
            }
            AppError::RateLimited => Self::rate_limited(),
            AppError::Unavailable => Self::new(503, "unavailable", "Service Unavailable", detail),
            _ => Self::new(500, "internal", "Internal Server Error", detail),
        }
    }
}

impl IntoResponse for ApiProblem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        match status {
            StatusCode::UNAUTHORIZED => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from_static("30"));
            }
            _ => {}
        }
        response
    }
}
