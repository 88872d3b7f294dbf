//! Applications for partners: read (filtered, paged by cursor, limited to the token's county,
//! masked unless the token has the `full` scope, every read in the audit log) and decided (the
//! same service, audit entry and mail as a decision in the back office).

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::Json;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{path_id, ApiProblem, Caller, QueryPairs};
use crate::domain::{
    age_on, mask_id_number_for_staff, mask_phone, today_in_china, ApiScope, ApplicationStatus, AuditAction,
};
use crate::model::admin::DecisionForm;
use crate::server::access::region_prefix;
use crate::server::entities::{application, campaign_role};
use crate::server::services::audit::record;
use crate::server::services::partners::Partner;
use crate::server::services::{db_failure, decisions, questions, review};
use crate::server::AppState;

const DEFAULT_LIMIT: u64 = 50;
const MAX_LIMIT: u64 = 200;

fn failed(e: sea_orm::DbErr) -> ApiProblem {
    ApiProblem::from(db_failure(e))
}

#[derive(Serialize, ToSchema)]
pub struct Region {
    /// The community's 12-digit code (its first 6 digits are the county, 9 the street).
    pub code: String,
    /// County, street and community by name.
    pub name: String,
}

/// An application. Without the `full` scope the mobile and ID numbers are masked and the
/// birth date is left out, as in the back office.
#[derive(Serialize, ToSchema)]
pub struct Application {
    pub id: i64,
    /// The applicant's reference code.
    pub reference: String,
    pub campaign_id: i32,
    /// The role's key (see the campaign's roles).
    pub role: String,
    /// `pending`, `approved`, `waitlisted`, `rejected` or `withdrawn`.
    pub status: String,
    pub name: String,
    pub mobile: String,
    pub id_number: String,
    /// With the `full` scope only; `null` after erasure.
    pub birth_date: Option<NaiveDate>,
    /// `null` after erasure.
    pub age: Option<u32>,
    pub email: Option<String>,
    pub region: Region,
    /// Skill keys.
    pub skills: Vec<String>,
    /// Availability keys.
    pub availability: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// When the personal data was erased (withdrawal or retention).
    pub erased_at: Option<DateTime<Utc>>,
    /// Answers to the campaign's own questions (retired questions' answers included); none
    /// after erasure.
    pub answers: Vec<AnswerOut>,
}

/// An answer to one of the campaign's questions (see the campaign's `questions`).
#[derive(Serialize, ToSchema)]
pub struct AnswerOut {
    /// The question's id: stable when the question is reworded, moved or retired.
    pub question: i32,
    /// The question's wording today.
    pub label: String,
    /// As stored: option keys (a multiple choice may have several), `yes`/`no`, a whole
    /// number, an ISO 8601 date, or the text typed.
    pub values: Vec<String>,
    /// The answer in words.
    pub text: String,
    /// The question is no longer asked.
    pub retired: bool,
}

/// The answers of these applications, by application.
async fn answers_of(
    state: &AppState,
    rows: &[application::Model],
) -> Result<HashMap<i64, Vec<AnswerOut>>, ApiProblem> {
    let mut campaigns: Vec<i32> = rows.iter().map(|a| a.campaign_id).collect();
    campaigns.sort_unstable();
    campaigns.dedup();
    let mut asked = HashMap::new();
    for id in campaigns {
        asked.insert(id, questions::of_campaign(&state.db, id, true).await.map_err(failed)?);
    }
    if asked.values().all(Vec::is_empty) {
        return Ok(HashMap::new());
    }
    let ids: Vec<i64> = rows.iter().map(|a| a.id).collect();
    let mut given = questions::of_applications(&state.db, &ids).await.map_err(failed)?;
    let mut out = HashMap::new();
    for a in rows {
        let (Some(qs), Some(answers)) = (asked.get(&a.campaign_id), given.remove(&a.id)) else { continue };
        let lines = questions::lines(qs, &answers, crate::i18n::Locale::Zh);
        let lines = lines.into_iter().map(|l| AnswerOut {
            question: l.question,
            label: l.label,
            values: l.values,
            text: l.text,
            retired: l.retired,
        });
        out.insert(a.id, lines.collect());
    }
    Ok(out)
}

#[derive(Serialize, ToSchema)]
pub struct ApplicationPage {
    pub items: Vec<Application>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// The filters of `GET /api/v1/applications`.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // read by hand from `QueryPairs`: this type documents them
pub struct ApplicationFilter {
    /// Only this campaign's applications.
    #[param(minimum = 1)]
    campaign: Option<i32>,
    /// Only applications with this status.
    #[param(pattern = "^(pending|approved|waitlisted|rejected|withdrawn)$")]
    status: Option<String>,
    /// Only this county (6 digits) — within the token's own county, if it has one.
    #[param(pattern = "^[0-9]{6}$")]
    county: Option<String>,
    /// Only applications changed at or after this time (RFC 3339).
    updated_since: Option<DateTime<Utc>>,
    /// The `next_cursor` of the previous page.
    #[param(pattern = "^[0-9]{1,18}$")]
    cursor: Option<String>,
    /// Applications per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u64>,
}

fn condition(caller: &Partner, query: &QueryPairs) -> Result<(Condition, u64), ApiProblem> {
    let mut cond = Condition::all();
    if let Some(county) = &caller.county {
        cond = cond.add(region_prefix(county));
    }
    let digits = |text: &str, max: usize| {
        !text.is_empty() && text.len() <= max && text.bytes().all(|b| b.is_ascii_digit())
    };
    if let Some(text) = query.get("campaign") {
        let id = text.parse::<i32>().ok().filter(|id| *id > 0 && digits(text, 10));
        cond = cond.add(application::Column::CampaignId.eq(id.ok_or(ApiProblem::bad_parameter("campaign"))?));
    }
    if let Some(text) = query.get("status") {
        let status = ApplicationStatus::parse(text).ok_or(ApiProblem::bad_parameter("status"))?;
        cond = cond.add(application::Column::Status.eq(status));
    }
    if let Some(text) = query.get("county") {
        if text.len() != 6 || !digits(text, 6) {
            return Err(ApiProblem::bad_parameter("county"));
        }
        cond = cond.add(region_prefix(text));
    }
    if let Some(text) = query.get("updated_since") {
        let since =
            DateTime::parse_from_rfc3339(text).map_err(|_| ApiProblem::bad_parameter("updated_since"))?;
        cond = cond.add(application::Column::UpdatedAt.gte(since.with_timezone(&Utc)));
    }
    if let Some(text) = query.get("cursor") {
        let after = text
            .parse::<i64>()
            .ok()
            .filter(|_| digits(text, 18))
            .ok_or(ApiProblem::bad_parameter("cursor"))?;
        cond = cond.add(application::Column::Id.gt(after));
    }
    let limit = match query.get("limit") {
        None => DEFAULT_LIMIT,
        Some(text) => text
            .parse::<u64>()
            .ok()
            .filter(|n| (1..=MAX_LIMIT).contains(n) && digits(text, 3))
            .ok_or(ApiProblem::bad_parameter("limit"))?,
    };
    Ok((cond, limit))
}

/// Role keys by role id.
async fn role_keys(state: &AppState) -> Result<HashMap<i32, String>, ApiProblem> {
    let roles = campaign_role::Entity::find().all(&state.db).await.map_err(failed)?;
    Ok(roles.into_iter().map(|r| (r.id, r.key)).collect())
}

fn present(
    state: &AppState,
    full: bool,
    roles: &HashMap<i32, String>,
    answers: &mut HashMap<i64, Vec<AnswerOut>>,
    a: application::Model,
) -> Application {
    let open = |cipher: &str| {
        if cipher.is_empty() {
            String::new()
        } else {
            state.crypto.decrypt(cipher).unwrap_or_default()
        }
    };
    let (mobile, id_number) = (open(&a.mobile_cipher), open(&a.id_cipher));
    let kept = a.erased_at.is_none();
    Application {
        answers: answers.remove(&a.id).unwrap_or_default(),
        id: a.id,
        reference: a.reference,
        campaign_id: a.campaign_id,
        role: roles.get(&a.role_id).cloned().unwrap_or_default(),
        status: a.status.as_str().to_string(),
        mobile: if full { mobile.clone() } else { mask_phone(&mobile) },
        id_number: if full { id_number.clone() } else { mask_id_number_for_staff(&id_number) },
        birth_date: (full && kept).then_some(a.birth_date),
        age: kept.then(|| age_on(a.birth_date, today_in_china())),
        name: a.name,
        email: a.email,
        region: Region {
            name: state.regions.full_name(&a.region_code).unwrap_or_default(),
            code: a.region_code,
        },
        skills: review::skills_of(&a.skills),
        availability: review::skills_of(&a.availability),
        created_at: a.created_at,
        updated_at: a.updated_at,
        erased_at: a.erased_at,
    }
}

/// Who read what, for the audit log: the token, the request and how many applications.
async fn audit_read(
    state: &AppState,
    caller: &Partner,
    what: &str,
    count: usize,
    campaign: Option<i32>,
) -> Result<(), ApiProblem> {
    let detail = serde_json::json!({
        "token": caller.token_id, "read": what, "count": count, "full": caller.has(ApiScope::Full),
    });
    record(&state.db, &caller.as_organizer(), AuditAction::ApiRead, campaign, detail.to_string())
        .await
        .map_err(failed)
}

/// Applications in the token's area, oldest first, a page at a time.
#[utoipa::path(get, path = "/api/v1/applications", tag = "applications", operation_id = "listApplications",
    params(ApplicationFilter),
    responses((status = 200, description = "A page of applications", body = ApplicationPage)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    query: QueryPairs,
) -> Result<Json<ApplicationPage>, ApiProblem> {
    let (cond, limit) = condition(&caller.0, &query)?;
    let mut rows = application::Entity::find()
        .filter(cond)
        .order_by_asc(application::Column::Id)
        .limit(limit + 1)
        .all(&state.db)
        .await
        .map_err(failed)?;
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    let next_cursor = more.then(|| rows.last().map(|a| a.id.to_string())).flatten();
    let campaign = query.get("campaign").and_then(|c| c.parse().ok());
    audit_read(&state, &caller.0, "list", rows.len(), campaign).await?;
    let roles = role_keys(&state).await?;
    let full = caller.0.has(ApiScope::Full);
    let mut answers = answers_of(&state, &rows).await?;
    let items = rows.into_iter().map(|a| present(&state, full, &roles, &mut answers, a)).collect();
    Ok(Json(ApplicationPage { items, next_cursor }))
}

/// One application in the token's area.
#[utoipa::path(get, path = "/api/v1/applications/{id}", tag = "applications", operation_id = "getApplication",
    params(("id" = i64, Path, description = "The application's id", minimum = 1)),
    responses((status = 200, description = "The application", body = Application)))]
pub async fn one(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Application>, ApiProblem> {
    let id: i64 = path_id(&id)?;
    let found = review::find_in_scope(&state.db, &caller.0.as_organizer(), id).await?;
    audit_read(&state, &caller.0, &format!("application {id}"), 1, Some(found.campaign_id)).await?;
    let roles = role_keys(&state).await?;
    let mut answers = answers_of(&state, std::slice::from_ref(&found)).await?;
    Ok(Json(present(&state, caller.0.has(ApiScope::Full), &roles, &mut answers, found)))
}

/// A decision on one application.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    /// `approved`, `waitlisted` or `rejected`.
    #[schema(pattern = "^(approved|waitlisted|rejected)$")]
    pub decision: String,
    /// For a rejection: `age`, `region`, `capacity`, `incomplete`, `duplicate` or `other`.
    #[serde(default)]
    pub reason: Option<String>,
    /// The reason in words (with `other`, or instead of a listed reason); at most 200 characters.
    #[serde(default)]
    #[schema(max_length = 200)]
    pub reason_text: Option<String>,
}

/// Decides an application: the same checks, audit entry and mail to the applicant as a decision
/// in the back office. Needs the `decide` scope.
#[utoipa::path(post, path = "/api/v1/applications/{id}/decision", tag = "applications", operation_id = "decideApplication",
    params(("id" = i64, Path, description = "The application's id", minimum = 1)),
    request_body(content = DecisionRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "The application as decided", body = Application),
        (status = 403, description = "The token lacks the `decide` scope", body = ApiProblem, content_type = "application/problem+json"),
        (status = 422, description = "The decision cannot be made as asked (unchanged, withdrawn, a reason missing …)", body = ApiProblem, content_type = "application/problem+json"),
    ))]
pub async fn decide(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Application>, ApiProblem> {
    caller.require(ApiScope::Decide)?;
    let id: i64 = path_id(&id)?;
    let request: DecisionRequest = serde_json::from_slice(&body).map_err(|_| ApiProblem::bad_body())?;
    let form = DecisionForm {
        decision: request.decision,
        reason: request.reason.unwrap_or_default(),
        reason_text: request.reason_text.unwrap_or_default(),
    };
    let organizer = caller.0.as_organizer();
    decisions::decide_one(&state, &organizer, id, &form).await?;
    let found = review::find_in_scope(&state.db, &organizer, id).await?;
    let roles = role_keys(&state).await?;
    let mut answers = answers_of(&state, std::slice::from_ref(&found)).await?;
    Ok(Json(present(&state, caller.0.has(ApiScope::Full), &roles, &mut answers, found)))
}
