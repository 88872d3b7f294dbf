//! Teams: create, add approved recruits, move them, pick a leader, rename; and auto-grouping of
//! a county's approved recruits by community, then by matching availability, under a size cap,
//! one suggested leader per team (leadership, then mediation skills preferred).
//!
//! The cap is held by the database: `member_count` only grows by a conditional update
//! (`… WHERE member_count < capacity`) in the same transaction as the membership row, and a
//! recruit's membership is unique.

use std::collections::{BTreeMap, HashMap};

use chrono::Utc;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set, SqlErr, TransactionTrait,
};
use sha2::{Digest, Sha256};

use super::decisions::record;
use super::{db_failure, review};
use crate::domain::{mask_phone, options::AVAILABILITY};
use crate::error::AppError;
use crate::i18n::{skill_label, ta};
use crate::model::admin::{
    Choice, GroupPreview, ProposedTeam, TeamDetail, TeamForm, TeamMemberView, TeamSummary, TeamsPage,
};
use crate::model::Problem;
use crate::server::access::{Organizer, Permission};
use crate::server::entities::{application, campaign, campaign_role, team, team_member};
use crate::server::AppState;

pub const MAX_CAPACITY: u32 = 200;

async fn campaign_by_slug(state: &AppState, slug: &str) -> Result<campaign::Model, AppError> {
    let slug = slug.trim();
    let found = if slug.is_empty() {
        campaign::Entity::find().order_by_asc(campaign::Column::Id).one(&state.db).await
    } else if slug.len() > 64 {
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

fn region_name(state: &AppState, code: &str) -> String {
    if let Some(full) = state.regions.full_name(code) {
        return full;
    }
    for county in &state.regions.counties {
        if county.code == code {
            return county.name.clone();
        }
        if let Some(street) = county.children.iter().find(|s| s.code == code) {
            return format!("{} {}", county.name, street.name);
        }
    }
    code.to_string()
}

fn known_region(state: &AppState, code: &str) -> bool {
    state.regions.locate(code).is_some()
        || state.regions.counties.iter().any(|c| c.code == code || c.children.iter().any(|s| s.code == code))
}

async fn team_in_scope(state: &AppState, organizer: &Organizer, id: i32) -> Result<team::Model, AppError> {
    organizer.require(Permission::Teams)?;
    let found =
        team::Entity::find_by_id(id).one(&state.db).await.map_err(db_failure)?.ok_or(AppError::NotFound)?;
    if !organizer.covers(&found.county_code) {
        return Err(AppError::Forbidden);
    }
    Ok(found)
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
            region: region_name(state, &t.region_code),
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
    if region.len() < 6 || !known_region(state, region) {
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

/// Can this approved recruit join this team? (same campaign, same county, in the organizer's area)
fn fits(team: &team::Model, recruit: &application::Model) -> Result<(), AppError> {
    if recruit.status != "approved" {
        return Err(AppError::Invalid(Problem::TeamMemberNotApproved));
    }
    if recruit.campaign_id != team.campaign_id || !recruit.region_code.starts_with(&team.county_code) {
        return Err(AppError::Invalid(Problem::TeamMemberElsewhere));
    }
    Ok(())
}

/// Takes one seat (conditional update) and writes the membership, in the caller's transaction.
/// `Ok(false)` when the team is full.
async fn join<C: sea_orm::ConnectionTrait>(db: &C, team_id: i32, application_id: i64) -> Result<bool, DbErr> {
    use sea_orm::sea_query::ExprTrait;
    let seat = team::Entity::update_many()
        .col_expr(team::Column::MemberCount, Expr::col(team::Column::MemberCount).add(1))
        .filter(team::Column::Id.eq(team_id))
        .filter(Expr::col(team::Column::MemberCount).lt(Expr::col(team::Column::Capacity)))
        .exec(db)
        .await?;
    if seat.rows_affected != 1 {
        return Ok(false);
    }
    team_member::Entity::insert(team_member::ActiveModel {
        team_id: Set(team_id),
        application_id: Set(application_id),
        created_at: Set(Utc::now()),
    })
    .exec(db)
    .await?;
    Ok(true)
}

fn membership_error(e: DbErr) -> AppError {
    if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) {
        AppError::Invalid(Problem::TeamMemberTaken)
    } else {
        db_failure(e)
    }
}

/// Adds an approved recruit (by reference code) to a team.
pub async fn add(state: &AppState, organizer: &Organizer, id: i32, reference: &str) -> Result<(), AppError> {
    let found = team_in_scope(state, organizer, id).await?;
    let reference = reference.trim().to_ascii_uppercase();
    if reference.is_empty() || reference.len() > 16 {
        return Err(AppError::Invalid(Problem::TeamReferenceUnknown));
    }
    let recruit = application::Entity::find()
        .filter(application::Column::Reference.eq(reference))
        .one(&state.db)
        .await
        .map_err(db_failure)?
        .filter(|a| organizer.covers(&a.region_code))
        .ok_or(AppError::Invalid(Problem::TeamReferenceUnknown))?;
    fits(&found, &recruit)?;
    let txn = state.db.begin().await.map_err(db_failure)?;
    match join(&txn, found.id, recruit.id).await {
        Ok(true) => txn.commit().await.map_err(db_failure),
        Ok(false) => Err(AppError::Invalid(Problem::TeamFull)),
        Err(e) => Err(membership_error(e)),
    }
}

/// Moves a member to another team of the same campaign and county, in one transaction.
pub async fn move_member(
    state: &AppState,
    organizer: &Organizer,
    application_id: i64,
    to: i32,
) -> Result<(), AppError> {
    let target = team_in_scope(state, organizer, to).await?;
    let membership = team_member::Entity::find()
        .filter(team_member::Column::ApplicationId.eq(application_id))
        .one(&state.db)
        .await
        .map_err(db_failure)?
        .ok_or(AppError::Invalid(Problem::TeamNotAMember))?;
    let from = team_in_scope(state, organizer, membership.team_id).await?;
    if from.id == target.id {
        return Err(AppError::Invalid(Problem::TeamSame));
    }
    if from.campaign_id != target.campaign_id || from.county_code != target.county_code {
        return Err(AppError::Invalid(Problem::TeamMemberElsewhere));
    }
    let txn = state.db.begin().await.map_err(db_failure)?;
    let result: Result<bool, DbErr> = async {
        use sea_orm::sea_query::ExprTrait;
        let left = team_member::Entity::delete_many()
            .filter(team_member::Column::TeamId.eq(from.id))
            .filter(team_member::Column::ApplicationId.eq(application_id))
            .exec(&txn)
            .await?;
        if left.rows_affected != 1 {
            return Ok(false);
        }
        team::Entity::update_many()
            .col_expr(team::Column::MemberCount, Expr::col(team::Column::MemberCount).sub(1))
            .filter(team::Column::Id.eq(from.id))
            .exec(&txn)
            .await?;
        team::Entity::update_many()
            .col_expr(team::Column::LeaderId, Expr::value(Option::<i64>::None))
            .filter(team::Column::Id.eq(from.id))
            .filter(team::Column::LeaderId.eq(application_id))
            .exec(&txn)
            .await?;
        join(&txn, target.id, application_id).await
    }
    .await;
    match result {
        Ok(true) => txn.commit().await.map_err(db_failure),
        Ok(false) => Err(AppError::Invalid(Problem::TeamFull)),
        Err(e) => Err(membership_error(e)),
    }
}

pub async fn set_leader(
    state: &AppState,
    organizer: &Organizer,
    id: i32,
    application_id: i64,
) -> Result<(), AppError> {
    let found = team_in_scope(state, organizer, id).await?;
    let is_member = team_member::Entity::find()
        .filter(team_member::Column::TeamId.eq(found.id))
        .filter(team_member::Column::ApplicationId.eq(application_id))
        .one(&state.db)
        .await
        .map_err(db_failure)?
        .is_some();
    if !is_member {
        return Err(AppError::Invalid(Problem::TeamNotAMember));
    }
    team::Entity::update_many()
        .col_expr(team::Column::LeaderId, Expr::value(Some(application_id)))
        .filter(team::Column::Id.eq(found.id))
        .exec(&state.db)
        .await
        .map_err(db_failure)?;
    Ok(())
}

/// One recruit as the grouping sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recruit {
    pub id: i64,
    pub community: String,
    pub availability: Vec<String>,
    pub skills: Vec<String>,
}

/// The recruit's first availability slot in the fixed order (recruits sharing it serve together).
fn primary_slot(r: &Recruit) -> usize {
    AVAILABILITY
        .iter()
        .position(|slot| r.availability.iter().any(|a| a == slot))
        .unwrap_or(AVAILABILITY.len())
}

/// The suggested leader: leadership skill first, then mediation, then the earliest sign-up.
pub fn suggest_leader(members: &[&Recruit]) -> Option<i64> {
    let rank = |r: &Recruit| {
        if r.skills.iter().any(|s| s == "leadership") {
            0
        } else if r.skills.iter().any(|s| s == "mediation") {
            1
        } else {
            2
        }
    };
    members.iter().min_by_key(|r| (rank(r), r.id)).map(|r| r.id)
}

/// Groups recruits into teams of at most `cap`: never across communities (so never across
/// counties); within a community, sorted by matching availability and split into balanced teams.
pub fn group(recruits: &[Recruit], cap: usize) -> Vec<Vec<&Recruit>> {
    let cap = cap.max(1);
    let mut by_community: BTreeMap<&str, Vec<&Recruit>> = BTreeMap::new();
    for r in recruits {
        by_community.entry(r.community.as_str()).or_default().push(r);
    }
    let mut teams = Vec::new();
    for (_, mut members) in by_community {
        members.sort_by_key(|r| (primary_slot(r), r.id));
        let count = members.len().div_ceil(cap);
        let (base, extra) = (members.len() / count, members.len() % count);
        let mut rest = members.as_slice();
        for i in 0..count {
            let size = base + usize::from(i < extra);
            let (head, tail) = rest.split_at(size);
            teams.push(head.to_vec());
            rest = tail;
        }
    }
    teams
}

struct Plan {
    campaign: campaign::Model,
    county: String,
    cap: u32,
    recruits: Vec<Recruit>,
    digest: String,
}

async fn plan(
    state: &AppState,
    organizer: &Organizer,
    campaign_slug: &str,
    county: &str,
    cap: &str,
) -> Result<Plan, AppError> {
    organizer.require(Permission::Teams)?;
    let campaign = campaign_by_slug(state, campaign_slug).await?;
    let county = county_for(state, organizer, county)?;
    let cap = cap.trim().parse::<u32>().ok().filter(|c| (1..=MAX_CAPACITY).contains(c));
    let Some(cap) = cap else { return Err(AppError::Invalid(Problem::TeamCapacityInvalid)) };
    let in_a_team =
        Query::select().column(team_member::Column::ApplicationId).from(team_member::Entity).to_owned();
    let approved = application::Entity::find()
        .filter(application::Column::CampaignId.eq(campaign.id))
        .filter(application::Column::Status.eq("approved"))
        .filter(crate::server::access::region_prefix(&county))
        .filter(application::Column::Id.not_in_subquery(in_a_team))
        .order_by_asc(application::Column::Id)
        .all(&state.db)
        .await
        .map_err(db_failure)?;
    let recruits: Vec<Recruit> = approved
        .into_iter()
        .map(|a| Recruit {
            id: a.id,
            community: a.region_code,
            availability: review::skills_of(&a.availability),
            skills: review::skills_of(&a.skills),
        })
        .collect();
    let mut hasher = Sha256::new();
    hasher.update(cap.to_le_bytes());
    for r in &recruits {
        hasher.update(r.id.to_le_bytes());
    }
    let digest = hex::encode(&hasher.finalize()[..12]);
    Ok(Plan { campaign, county, cap, recruits, digest })
}

fn team_name(state: &AppState, community: &str, n: usize) -> String {
    let place = state
        .regions
        .locate(community)
        .map(|p| p.community.name.clone())
        .unwrap_or_else(|| community.to_string());
    format!("{place}{n}队")
}

pub async fn auto_preview(
    state: &AppState,
    organizer: &Organizer,
    campaign_slug: &str,
    county: &str,
    cap: &str,
) -> Result<GroupPreview, AppError> {
    let plan = plan(state, organizer, campaign_slug, county, cap).await?;
    let names: HashMap<i64, String> = application::Entity::find()
        .filter(application::Column::Id.is_in(plan.recruits.iter().map(|r| r.id)))
        .all(&state.db)
        .await
        .map_err(db_failure)?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect();
    let mut per_community: HashMap<String, usize> = HashMap::new();
    let teams = group(&plan.recruits, plan.cap as usize)
        .into_iter()
        .map(|members| {
            let n = per_community.entry(members[0].community.clone()).or_default();
            *n += 1;
            let leader = suggest_leader(&members).and_then(|id| names.get(&id).cloned()).unwrap_or_default();
            ProposedTeam {
                name: team_name(state, &members[0].community, *n),
                region: region_name(state, &members[0].community),
                members: members.iter().map(|r| names.get(&r.id).cloned().unwrap_or_default()).collect(),
                leader,
            }
        })
        .collect();
    Ok(GroupPreview {
        campaign: plan.campaign.slug.clone(),
        county: plan.county,
        cap: plan.cap,
        recruits: plan.recruits.len() as u64,
        digest: plan.digest,
        teams,
    })
}

/// Creates the previewed teams — refused if the recruits changed since the preview.
pub async fn auto_commit(
    state: &AppState,
    organizer: &Organizer,
    campaign_slug: &str,
    county: &str,
    cap: &str,
    digest: &str,
) -> Result<u64, AppError> {
    let plan = plan(state, organizer, campaign_slug, county, cap).await?;
    if plan.digest != digest.trim() {
        return Err(AppError::Invalid(Problem::TeamGroupChanged));
    }
    if plan.recruits.is_empty() {
        return Err(AppError::Invalid(Problem::TeamGroupEmpty));
    }
    let groups = group(&plan.recruits, plan.cap as usize);
    let now = Utc::now();
    let txn = state.db.begin().await.map_err(db_failure)?;
    let result: Result<(), DbErr> = async {
        let mut per_community: HashMap<&str, usize> = HashMap::new();
        for members in &groups {
            let community = members[0].community.as_str();
            let n = per_community.entry(community).or_default();
            *n += 1;
            let saved = team::ActiveModel {
                campaign_id: Set(plan.campaign.id),
                county_code: Set(plan.county.clone()),
                region_code: Set(community.to_string()),
                name: Set(team_name(state, community, *n)),
                duty: Set(String::new()),
                capacity: Set(plan.cap as i32),
                member_count: Set(members.len() as i32),
                leader_id: Set(suggest_leader(members)),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            team_member::Entity::insert_many(members.iter().map(|r| team_member::ActiveModel {
                team_id: Set(saved.id),
                application_id: Set(r.id),
                created_at: Set(now),
            }))
            .exec(&txn)
            .await?;
        }
        let detail = serde_json::json!({ "county": plan.county, "cap": plan.cap, "recruits": plan.recruits.len(), "teams": groups.len() });
        record(&txn, organizer, "auto_group", Some(plan.campaign.id), detail.to_string()).await
    }
    .await;
    match result {
        Ok(()) => {
            txn.commit().await.map_err(db_failure)?;
            Ok(groups.len() as u64)
        }
        Err(e) => Err(membership_error(e)),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn recruit(id: i64, community: &str, slot: &str, skills: &[&str]) -> Recruit {
        Recruit {
            id,
            community: community.into(),
            availability: vec![slot.into()],
            skills: skills.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn teams_stay_within_a_community_under_the_cap_and_balanced() {
        let mut all: Vec<Recruit> =
            (0..23).map(|i| recruit(i, "330402001001", AVAILABILITY[(i % 4) as usize], &[])).collect();
        all.extend((100..105).map(|i| recruit(i, "330411001001", "weekend_day", &[])));
        let teams = group(&all, 10);
        assert_eq!(teams.iter().map(Vec::len).collect::<Vec<_>>(), vec![8, 8, 7, 5]);
        for t in &teams {
            assert!(t.iter().all(|r| r.community == t[0].community));
        }
        // matching availability sits together: the first team is all weekday daytime
        assert!(teams[0].iter().take(6).all(|r| r.availability[0] == "weekday_day"));
    }

    #[test]
    fn the_leader_is_the_one_with_leadership_then_mediation() {
        let a = recruit(1, "c", "weekend_day", &["first_aid"]);
        let b = recruit(2, "c", "weekend_day", &["mediation"]);
        let c = recruit(3, "c", "weekend_day", &["leadership"]);
        assert_eq!(suggest_leader(&[&a, &b, &c]), Some(3));
        assert_eq!(suggest_leader(&[&a, &b]), Some(2));
        assert_eq!(suggest_leader(&[&a]), Some(1));
    }
}
