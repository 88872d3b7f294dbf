//! Teams for partners: the district → street → community groups with their members' application
//! ids, limited to the token's county.

use axum::extract::State;
use axum::Json;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{ApiProblem, Caller, QueryPairs};
use crate::server::entities::{team, team_member};
use crate::server::services::db_failure;
use crate::server::AppState;

fn failed(e: sea_orm::DbErr) -> ApiProblem {
    ApiProblem::from(db_failure(e))
}

#[derive(Serialize, ToSchema)]
pub struct Team {
    pub id: i32,
    pub campaign_id: i32,
    pub name: String,
    /// The county (6 digits) the team belongs to.
    pub county: String,
    /// The county, street or community code the team serves.
    pub region: String,
    pub duty: String,
    pub capacity: i32,
    /// The leader's application id.
    pub leader: Option<i64>,
    /// The members' application ids.
    pub members: Vec<i64>,
    pub created_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct TeamList {
    pub items: Vec<Team>,
}

/// The filters of `GET /api/v1/teams`.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // read by hand from `QueryPairs`: this type documents them
pub struct TeamFilter {
    /// Only this campaign's teams.
    #[param(minimum = 1)]
    campaign: Option<i32>,
}

/// The teams in the token's area, by id.
#[utoipa::path(get, path = "/api/v1/teams", tag = "teams", operation_id = "listTeams",
    params(TeamFilter),
    responses((status = 200, description = "The teams with their members", body = TeamList)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    query: QueryPairs,
) -> Result<Json<TeamList>, ApiProblem> {
    let mut find = team::Entity::find();
    if let Some(text) = query.get("campaign") {
        let ok = !text.is_empty() && text.len() <= 10 && text.bytes().all(|b| b.is_ascii_digit());
        let id = text
            .parse::<i32>()
            .ok()
            .filter(|id| ok && *id > 0)
            .ok_or(ApiProblem::bad_parameter("campaign"))?;
        find = find.filter(team::Column::CampaignId.eq(id));
    }
    if let Some(county) = &caller.0.county {
        find = find.filter(team::Column::CountyCode.eq(county.clone()));
    }
    let teams = find.order_by_asc(team::Column::Id).all(&state.db).await.map_err(failed)?;
    let ids: Vec<i32> = teams.iter().map(|t| t.id).collect();
    let mut members: std::collections::HashMap<i32, Vec<i64>> = Default::default();
    // in chunks: well under both engines' parameter limits
    for chunk in ids.chunks(500) {
        let found = team_member::Entity::find()
            .filter(team_member::Column::TeamId.is_in(chunk.to_vec()))
            .order_by_asc(team_member::Column::ApplicationId)
            .all(&state.db)
            .await
            .map_err(failed)?;
        for m in found {
            members.entry(m.team_id).or_default().push(m.application_id);
        }
    }
    let items = teams
        .into_iter()
        .map(|t| Team {
            members: members.remove(&t.id).unwrap_or_default(),
            id: t.id,
            campaign_id: t.campaign_id,
            name: t.name,
            county: t.county_code,
            region: t.region_code,
            duty: t.duty,
            capacity: t.capacity,
            leader: t.leader_id,
            created_at: t.created_at,
        })
        .collect();
    Ok(Json(TeamList { items }))
}
