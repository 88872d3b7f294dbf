//! File downloads of the back office (plain axum routes: a server function answers data, these
//! answer files). Posted by a form, so the guard checks the Origin and the session first.

use axum::extract::rejection::FormRejection;
use axum::extract::{Extension, Form, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::error::AppError;
use crate::model::admin::QueueFilter;
use crate::model::Problem;
use crate::server::guard::SignedIn;
use crate::server::services::exports::{self, Format};
use crate::server::AppState;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct QueueExport {
    #[serde(flatten)]
    pub filter: QueueFilter,
    pub format: String,
    pub full: String,
}

fn refuse(error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], error.user_message()).into_response()
}

/// POST /admin/export/queue — the filtered queue as CSV or XLSX.
pub async fn queue(
    State(state): State<AppState>,
    signed_in: Option<Extension<SignedIn>>,
    form: Result<Form<QueueExport>, FormRejection>,
) -> Response {
    let Some(organizer) = signed_in.and_then(|Extension(s)| s.0) else {
        return refuse(AppError::Unauthorized);
    };
    let Ok(Form(request)) = form else { return refuse(AppError::BadRequest) };
    let Some(format) = Format::parse(&request.format) else {
        return refuse(AppError::Invalid(Problem::ExportFormatUnknown));
    };
    let full = matches!(request.full.as_str(), "1" | "on" | "true");
    match exports::queue(&state, &organizer, &request.filter, format, full).await {
        Ok(download) => (
            [
                (header::CONTENT_TYPE, download.content_type.to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", download.filename)),
            ],
            download.bytes,
        )
            .into_response(),
        Err(e) => refuse(e),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TeamExport {
    pub team: String,
    pub format: String,
    pub full: String,
}

/// POST /admin/export/team — one team's roster as CSV or XLSX.
pub async fn team(
    State(state): State<AppState>,
    signed_in: Option<Extension<SignedIn>>,
    form: Result<Form<TeamExport>, FormRejection>,
) -> Response {
    let Some(organizer) = signed_in.and_then(|Extension(s)| s.0) else {
        return refuse(AppError::Unauthorized);
    };
    let Ok(Form(request)) = form else { return refuse(AppError::BadRequest) };
    let Some(format) = Format::parse(&request.format) else {
        return refuse(AppError::Invalid(Problem::ExportFormatUnknown));
    };
    let Some(team) = request.team.trim().parse::<i32>().ok() else {
        return refuse(AppError::Invalid(Problem::TeamIdInvalid));
    };
    let full = matches!(request.full.as_str(), "1" | "on" | "true");
    match exports::team(&state, &organizer, team, format, full).await {
        Ok(download) => (
            [
                (header::CONTENT_TYPE, download.content_type.to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", download.filename)),
            ],
            download.bytes,
        )
            .into_response(),
        Err(e) => refuse(e),
    }
}
