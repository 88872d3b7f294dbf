//! File downloads of the back office (plain axum routes: a server function answers data, these
//! answer files). Posted by a form, so the guard checks the Origin and the session first.

use std::future::Future;

use axum::extract::rejection::FormRejection;
use axum::extract::{Extension, Form, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::error::AppError;
use crate::model::admin::QueueFilter;
use crate::model::Problem;
use crate::server::access::Organizer;
use crate::server::guard::SignedIn;
use crate::server::services::exports::{self, Download, Format};
use crate::server::AppState;

/// What every download form asks besides what to export: the file format and, for those who may,
/// the unmasked ("full") export.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FileChoice {
    pub format: String,
    pub full: String,
}

impl FileChoice {
    fn parse(&self) -> Result<(Format, bool), AppError> {
        let format = Format::parse(&self.format).ok_or(AppError::Invalid(Problem::ExportFormatUnknown))?;
        Ok((format, matches!(self.full.as_str(), "1" | "on" | "true")))
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct QueueExport {
    #[serde(flatten)]
    pub filter: QueueFilter,
    #[serde(flatten)]
    pub file: FileChoice,
}

/// POST /admin/export/queue — the filtered queue as CSV or XLSX.
pub async fn queue(
    State(state): State<AppState>,
    signed_in: Option<Extension<SignedIn>>,
    form: Result<Form<QueueExport>, FormRejection>,
) -> Response {
    download(signed_in, form, |organizer, request: QueueExport| async move {
        let (format, full) = request.file.parse()?;
        exports::queue(&state, &organizer, &request.filter, format, full).await
    })
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TeamExport {
    pub team: String,
    #[serde(flatten)]
    pub file: FileChoice,
}

/// POST /admin/export/team — one team's roster as CSV or XLSX.
pub async fn team(
    State(state): State<AppState>,
    signed_in: Option<Extension<SignedIn>>,
    form: Result<Form<TeamExport>, FormRejection>,
) -> Response {
    download(signed_in, form, |organizer, request: TeamExport| async move {
        let (format, full) = request.file.parse()?;
        let team =
            request.team.trim().parse::<i32>().map_err(|_| AppError::Invalid(Problem::TeamIdInvalid))?;
        exports::team(&state, &organizer, team, format, full).await
    })
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TrainingExport {
    pub session: String,
    #[serde(flatten)]
    pub file: FileChoice,
}

/// POST /admin/export/training — one training session's roster as CSV or XLSX (masked).
pub async fn training(
    State(state): State<AppState>,
    signed_in: Option<Extension<SignedIn>>,
    form: Result<Form<TrainingExport>, FormRejection>,
) -> Response {
    download(signed_in, form, |organizer, request: TrainingExport| async move {
        let (format, _) = request.file.parse()?;
        let id = crate::server::services::trainings::session_id(&request.session)?;
        exports::training(&state, &organizer, id, format).await
    })
    .await
}

/// Who is asking and what they posted, then the file — or a plain-text refusal with its status.
async fn download<T, Fut>(
    signed_in: Option<Extension<SignedIn>>,
    form: Result<Form<T>, FormRejection>,
    export: impl FnOnce(Organizer, T) -> Fut,
) -> Response
where
    Fut: Future<Output = Result<Download, AppError>>,
{
    let Some(organizer) = signed_in.and_then(|Extension(s)| s.0) else {
        return refuse(AppError::Unauthorized);
    };
    let Ok(Form(request)) = form else { return refuse(AppError::BadRequest) };
    match export(organizer, request).await {
        Ok(file) => (
            [
                (header::CONTENT_TYPE, file.content_type.to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", file.filename)),
            ],
            file.bytes,
        )
            .into_response(),
        Err(e) => refuse(e),
    }
}

fn refuse(error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], error.user_message()).into_response()
}
