//! What is public anyway, for partners to mirror: campaigns with their roles, activities and
//! training sessions. Any valid token reads them.

use axum::extract::{Path, State};
use axum::Json;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use utoipa::ToSchema;

use super::{path_id, ApiProblem, Caller};
use crate::server::entities::{activity, campaign, campaign_role, question, training_session};
use crate::server::services::{db_failure, questions};
use crate::server::AppState;

fn failed(e: sea_orm::DbErr) -> ApiProblem {
    ApiProblem::from(db_failure(e))
}

/// A role volunteers sign up for.
#[derive(Serialize, ToSchema)]
pub struct Role {
    /// Stable key, as applications carry it.
    pub key: String,
    pub name: String,
    pub requires_training: bool,
}

#[derive(Serialize, ToSchema)]
pub struct Campaign {
    pub id: i32,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    /// Sign-up paused by the organizers.
    pub paused: bool,
    /// How many volunteers the campaign recruits.
    pub target: i32,
    pub min_age: i32,
    pub max_age: i32,
    pub roles: Vec<Role>,
    /// The organizers' own questions, retired ones included (their answers stay readable).
    pub questions: Vec<Question>,
}

/// A question the campaign's sign-up form asks (or asked, if retired).
#[derive(Serialize, ToSchema)]
pub struct Question {
    /// Stable: a reworded, moved or retired question keeps it.
    pub id: i32,
    /// `short_text`, `long_text`, `single_choice`, `multi_choice`, `number`, `date` or `yes_no`.
    pub kind: String,
    pub label: String,
    pub help: String,
    pub required: bool,
    /// The choices of a choice question (keys never change).
    pub options: Vec<QuestionOption>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    /// `role=KEY` or `q{ID}=KEY`: asked only then.
    pub condition: Option<String>,
    pub position: i32,
    pub retired: bool,
}

#[derive(Serialize, ToSchema)]
pub struct QuestionOption {
    pub key: String,
    pub label: String,
}

#[derive(Serialize, ToSchema)]
pub struct CampaignList {
    pub items: Vec<Campaign>,
}

async fn with_roles(state: &AppState, campaigns: Vec<campaign::Model>) -> Result<Vec<Campaign>, ApiProblem> {
    let roles = campaign_role::Entity::find()
        .order_by_asc(campaign_role::Column::Position)
        .all(&state.db)
        .await
        .map_err(failed)?;
    let asked = question::Entity::find()
        .order_by_asc(question::Column::Position)
        .order_by_asc(question::Column::Id)
        .all(&state.db)
        .await
        .map_err(failed)?;
    let question_out = |q: &question::Model| Question {
        id: q.id,
        kind: q.kind.clone(),
        label: q.label.clone(),
        help: q.help.clone(),
        required: q.required,
        options: questions::options_of(q)
            .into_iter()
            .map(|o| QuestionOption { key: o.key, label: o.label })
            .collect(),
        min: q.min_value,
        max: q.max_value,
        condition: q.condition.clone(),
        position: q.position,
        retired: q.retired_at.is_some(),
    };
    Ok(campaigns
        .into_iter()
        .map(|c| Campaign {
            questions: asked.iter().filter(|q| q.campaign_id == c.id).map(question_out).collect(),
            roles: roles
                .iter()
                .filter(|r| r.campaign_id == c.id)
                .map(|r| Role {
                    key: r.key.clone(),
                    name: r.name.clone(),
                    requires_training: r.requires_training,
                })
                .collect(),
            id: c.id,
            slug: c.slug,
            title: c.title,
            summary: c.summary,
            opens_at: c.opens_at,
            closes_at: c.closes_at,
            paused: c.paused,
            target: c.target,
            min_age: c.min_age,
            max_age: c.max_age,
        })
        .collect())
}

/// Every campaign with its roles.
#[utoipa::path(get, path = "/api/v1/campaigns", tag = "catalogue", operation_id = "listCampaigns",
    responses((status = 200, description = "The campaigns, oldest first", body = CampaignList)))]
pub async fn campaigns(
    State(state): State<AppState>,
    _caller: Caller,
) -> Result<Json<CampaignList>, ApiProblem> {
    let all =
        campaign::Entity::find().order_by_asc(campaign::Column::Id).all(&state.db).await.map_err(failed)?;
    Ok(Json(CampaignList { items: with_roles(&state, all).await? }))
}

/// One campaign with its roles.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}", tag = "catalogue", operation_id = "getCampaign",
    params(("id" = i32, Path, description = "The campaign's id", minimum = 1)),
    responses((status = 200, description = "The campaign", body = Campaign)))]
pub async fn campaign(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Campaign>, ApiProblem> {
    let id: i32 = path_id(&id)?;
    let found = campaign::Entity::find_by_id(id).one(&state.db).await.map_err(failed)?;
    let found = found.ok_or_else(ApiProblem::not_found)?;
    let mut one = with_roles(&state, vec![found]).await?;
    one.pop().map(Json).ok_or_else(ApiProblem::not_found)
}

#[derive(Serialize, ToSchema)]
pub struct Activity {
    pub id: i32,
    pub campaign_id: i32,
    pub title: String,
    pub theme: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub meeting_point: String,
    /// Whom it is for: `families`, `adults` or `youth`.
    pub audience: String,
    pub capacity: i32,
    /// Places taken (people, children included).
    pub registered: i32,
    pub signup_closes_at: DateTime<Utc>,
    /// Set when the activity was cancelled.
    pub cancelled_at: Option<DateTime<Utc>>,
}

#[derive(Serialize, ToSchema)]
pub struct ActivityList {
    pub items: Vec<Activity>,
}

/// Every themed activity, soonest first.
#[utoipa::path(get, path = "/api/v1/activities", tag = "catalogue", operation_id = "listActivities",
    responses((status = 200, description = "The activities", body = ActivityList)))]
pub async fn activities(
    State(state): State<AppState>,
    _caller: Caller,
) -> Result<Json<ActivityList>, ApiProblem> {
    let all = activity::Entity::find()
        .order_by_asc(activity::Column::StartsAt)
        .order_by_asc(activity::Column::Id)
        .all(&state.db)
        .await
        .map_err(failed)?;
    let items = all
        .into_iter()
        .map(|a| Activity {
            id: a.id,
            campaign_id: a.campaign_id,
            title: a.title,
            theme: a.theme,
            starts_at: a.starts_at,
            ends_at: a.ends_at,
            meeting_point: a.meeting_point,
            audience: a.audience.as_str().to_string(),
            capacity: a.capacity,
            registered: a.registered,
            signup_closes_at: a.signup_closes_at,
            cancelled_at: a.cancelled_at,
        })
        .collect();
    Ok(Json(ActivityList { items }))
}

#[derive(Serialize, ToSchema)]
pub struct Training {
    pub id: i32,
    pub campaign_id: i32,
    /// Only recruits of this role may enrol (`null`: every role).
    pub role: Option<String>,
    /// Only recruits of this county (6-digit code) may enrol (`null`: city-wide).
    pub county: Option<String>,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: String,
    pub capacity: i32,
    pub enrolled: i32,
    pub cancelled_at: Option<DateTime<Utc>>,
}

#[derive(Serialize, ToSchema)]
pub struct TrainingList {
    pub items: Vec<Training>,
}

/// Every training session, soonest first.
#[utoipa::path(get, path = "/api/v1/trainings", tag = "catalogue", operation_id = "listTrainings",
    responses((status = 200, description = "The training sessions", body = TrainingList)))]
pub async fn trainings(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<TrainingList>, ApiProblem> {
    let mut query = training_session::Entity::find();
    if let Some(county) = &caller.0.county {
        // a county's partner sees its own sessions and the city-wide ones
        query = query.filter(
            Condition::any()
                .add(training_session::Column::CountyCode.eq(county.clone()))
                .add(training_session::Column::CountyCode.is_null()),
        );
    }
    let all = query
        .order_by_asc(training_session::Column::StartsAt)
        .order_by_asc(training_session::Column::Id)
        .all(&state.db)
        .await
        .map_err(failed)?;
    let items = all
        .into_iter()
        .map(|t| Training {
            id: t.id,
            campaign_id: t.campaign_id,
            role: t.role_key,
            county: t.county_code,
            title: t.title,
            starts_at: t.starts_at,
            ends_at: t.ends_at,
            place: t.place,
            capacity: t.capacity,
            enrolled: t.enrolled,
            cancelled_at: t.cancelled_at,
        })
        .collect();
    Ok(Json(TrainingList { items }))
}
