//! Teams: create, rename, list, show, export a roster. Membership (add, move, leader) is in
//! `membership`, auto-grouping of a county's approved recruits in `auto` (the rule itself in
//! `domain::teams`).

mod auto;
mod membership;

pub use auto::{auto_commit, auto_preview};
pub(crate) use membership::leave_teams;
pub use membership::{add, move_member, set_leader};

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use super::{db_failure, review};
use crate::domain::mask_phone;
use crate::error::AppError;
use crate::i18n::{skill_label, ta};
use crate::model::admin::{Choice, TeamDetail, TeamForm, TeamMemberView, TeamSummary, TeamsPage};
use crate::model::Problem;
use crate::server::access::{Organizer, Permission};
use crate::server::entities::{application, campaign, campaign_role, team, team_member};
use crate::server::AppState;

pub const MAX_CAPACITY: u32 = 200;

/// The campaign with this slug (the first campaign for an empty one).
pub(crate) async fn campaign_by_slug(state: &AppState, slug: &str) -> Result<campaign::Model, AppError> {
    let slug = slug.trim();
    let found = if slug.is_empty() {
        campaign::Entity::find().order_by_asc(campaign::Column::Id).one(&state.db).await
    } else if slug.len() > 64 || slug.chars().any(char::is_control) {
        Ok(None)
    } else {
        campaign::Entity::find().filter(campaign::Column::Slug.eq(slug)).one(&state.db).await
    };
    found.map_err(db_failure)?.ok_or(AppError::Invalid(Problem::FilterCampaignUnknown))
}

/// The county an organizer works in: theirs, or (city-wide) the one asked for.
fn county_for(state: &AppState, organizer: &Organizer, asked: &str) -> Result<String, AppError> {
    if let Some(own) = &organizer.county {
        if !asked.trim().is_empty() && asked.trim() != own {
            return Err(AppError::Forbidden);
        }
        return Ok(own.clone());
    }
    let asked = asked.trim();
    if state.regions.county(asked).is_none() {
        return Err(AppError::Invalid(Problem::TeamCountyRequired));
    }
    Ok(asked.to_string())
}

/// A team of the organizer's area, or NotFound: a team elsewhere is answered exactly like one
/// that does not exist (see `review::find_in_scope`).
async fn team_in_scope(state: &AppState, organizer: &Organizer, id: i32) -> Result<team::Model, AppError> {
    organizer.require(Permission::Teams)?;
    team::Entity::find_by_id(id)
        .one(&state.db)
        .await
        .map_err(db_failure)?
        .filter(|found| organizer.covers(&found.county_code))
        .ok_or(AppError::NotFound)
}

async fn summaries(state: &AppState, teams: &[team::Model]) -> Result<Vec<TeamSummary>, AppError> {
    let leader_ids: Vec<i64> = teams.iter().filter_map(|t| t.leader_id).collect();
    let leaders: HashMap<i64, String> = if leader_ids.is_empty() {
        HashMap::new()
    } else {
        application::Entity::find()
            .filter(application::Column::Id.is_in(leader_ids))
            .all(&state.db)
            .await
            .map_err(db_failure)?
            .into_iter()
            .map(|a| (a.id, a.name))
            .collect()
    };
    Ok(teams
        .iter()
        .map(|t| TeamSummary {
            id: t.id,
            name: t.name.clone(),
            region: state.regions.name_of(&t.region_code),
            duty: t.duty.clone(),
            capacity: t.capacity.max(0) as u32,
            members: t.member_count.max(0) as u32,
            leader: t.leader_id.and_then(|id| leaders.get(&id).cloned()),
        })
        .collect())
}

pub async fn list(
    state: &AppState,
    organizer: &Organizer,
    campaign_slug: &str,
    county: &str,
) -> Result<TeamsPage, AppError> {
    organizer.require(Permission::Teams)?;
    let campaign = campaign_by_slug(state, campaign_slug).await?;
    let chosen = match (&organizer.county, county.trim()) {
        (Some(own), _) => own.clone(),
        (None, "") => String::new(),
        (None, asked) => county_for(state, organizer, asked)?,
    };
    let mut query = team::Entity::find().filter(team::Column::CampaignId.eq(campaign.id));
    if !chosen.is_empty() {
        query = query.filter(team::Column::CountyCode.eq(chosen.clone()));
    }
    let teams = query.order_by_asc(team::Column::Id).all(&state.db).await.map_err(db_failure)?;
    let campaigns = campaign::Entity::find()
        .order_by_asc(campaign::Column::Id)
        .all(&state.db)
        .await
        .map_err(db_failure)?;
    Ok(TeamsPage {
        campaign: campaign.slug.clone(),
        campaigns: campaigns
            .iter()
            .map(|c| Choice { value: c.slug.clone(), label: c.title.clone() })
            .collect(),
        county: chosen,
        counties: state
            .regions
            .counties
            .iter()
            .filter(|c| organizer.county.as_deref().is_none_or(|own| own == c.code))
            .map(|c| Choice { value: c.code.clone(), label: c.name.clone() })
            .collect(),
        teams: summaries(state, &teams).await?,
        organizer: super::organizers::view(organizer),
    })
}

pub async fn create(state: &AppState, organizer: &Organizer, form: &TeamForm) -> Result<i32, AppError> {
    organizer.require(Permission::Teams)?;
    let campaign = campaign_by_slug(state, &form.campaign).await?;
    let name = form.name.trim();
    if name.is_empty() || name.chars().count() > 40 || name.chars().any(char::is_control) {
        return Err(AppError::Invalid(Problem::TeamNameInvalid));
    }
    let duty = form.duty.trim();
    if duty.chars().count() > 100 || duty.chars().any(char::is_control) {
        return Err(AppError::Invalid(Problem::TeamDutyInvalid));
    }
    let capacity = form.capacity.trim().parse::<u32>().ok().filter(|c| (1..=MAX_CAPACITY).contains(c));
    let Some(capacity) = capacity else { return Err(AppError::Invalid(Problem::TeamCapacityInvalid)) };
    let region = form.region.trim();
    if region.len() < 6 || !state.regions.knows(region) {
        return Err(AppError::Invalid(Problem::FilterRegionInvalid));
    }
    if !organizer.covers(region) {
        return Err(AppError::Forbidden);
    }
    let saved = team::ActiveModel {
        campaign_id: Set(campaign.id),
        county_code: Set(region[..6].to_string()),
        region_code: Set(region.to_string()),
        name: Set(name.to_string()),
        duty: Set(duty.to_string()),
        capacity: Set(capacity as i32),
        member_count: Set(0),
        leader_id: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&state.db)
    .await
    .map_err(db_failure)?;
    Ok(saved.id)
}

pub async fn rename(state: &AppState, organizer: &Organizer, id: i32, name: &str) -> Result<(), AppError> {
    let found = team_in_scope(state, organizer, id).await?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 40 || name.chars().any(char::is_control) {
        return Err(AppError::Invalid(Problem::TeamNameInvalid));
    }
    team::Entity::update_many()
        .col_expr(team::Column::Name, Expr::value(name))
        .filter(team::Column::Id.eq(found.id))
        .exec(&state.db)
        .await
        .map_err(db_failure)?;
    Ok(())
}

pub async fn detail(state: &AppState, organizer: &Organizer, id: i32) -> Result<TeamDetail, AppError> {
    let found = team_in_scope(state, organizer, id).await?;
    let db = &state.db;
    let member_ids: Vec<i64> = team_member::Entity::find()
        .filter(team_member::Column::TeamId.eq(found.id))
        .all(db)
        .await
        .map_err(db_failure)?
        .into_iter()
        .map(|m| m.application_id)
        .collect();
    let members = application::Entity::find()
        .filter(application::Column::Id.is_in(member_ids))
        .order_by_asc(application::Column::Id)
        .all(db)
        .await
        .map_err(db_failure)?;
    let roles: HashMap<i32, String> = campaign_role::Entity::find()
        .filter(campaign_role::Column::CampaignId.eq(found.campaign_id))
        .all(db)
        .await
        .map_err(db_failure)?
        .into_iter()
        .map(|r| (r.id, r.name))
        .collect();
    let others = team::Entity::find()
        .filter(team::Column::CampaignId.eq(found.campaign_id))
        .filter(team::Column::CountyCode.eq(found.county_code.clone()))
        .filter(team::Column::Id.ne(found.id))
        .order_by_asc(team::Column::Id)
        .all(db)
        .await
        .map_err(db_failure)?;
    let campaign = campaign::Entity::find_by_id(found.campaign_id).one(db).await.map_err(db_failure)?;
    let summary = summaries(state, std::slice::from_ref(&found)).await?.remove(0);
    Ok(TeamDetail {
        team: summary,
        campaign_title: campaign.as_ref().map(|c| c.title.clone()).unwrap_or_default(),
        campaign_slug: campaign.map(|c| c.slug).unwrap_or_default(),
        members: members
            .iter()
            .map(|a| TeamMemberView {
                application_id: a.id,
                reference: a.reference.clone(),
                name: a.name.clone(),
                masked_mobile: mask_phone(&state.crypto.decrypt(&a.mobile_cipher).unwrap_or_default()),
                role: roles.get(&a.role_id).cloned().unwrap_or_default(),
                skills: review::skills_of(&a.skills).iter().map(|k| skill_label(k).to_string()).collect(),
                leader: found.leader_id == Some(a.id),
            })
            .collect(),
        other_teams: others
            .iter()
            .map(|t| Choice {
                value: t.id.to_string(),
                label: format!("{}（{}/{}）", t.name, t.member_count, t.capacity),
            })
            .collect(),
        organizer: super::organizers::view(organizer),
    })
}

/// The members of a team for a roster export: (name, mobile, role, leader).
pub async fn roster_rows(
    state: &AppState,
    organizer: &Organizer,
    id: i32,
    full: bool,
) -> Result<(team::Model, Vec<Vec<String>>), AppError> {
    let found = team_in_scope(state, organizer, id).await?;
    let detail = detail(state, organizer, id).await?;
    let mut rows = Vec::with_capacity(detail.members.len());
    for m in &detail.members {
        let mobile = if full {
            let a =
                application::Entity::find_by_id(m.application_id).one(&state.db).await.map_err(db_failure)?;
            a.map(|a| state.crypto.decrypt(&a.mobile_cipher).unwrap_or_default()).unwrap_or_default()
        } else {
            m.masked_mobile.clone()
        };
        rows.push(vec![
            found.name.clone(),
            m.reference.clone(),
            m.name.clone(),
            mobile,
            m.role.clone(),
            if m.leader { ta().team_leader.to_string() } else { String::new() },
        ]);
    }
    Ok((found, rows))
}
