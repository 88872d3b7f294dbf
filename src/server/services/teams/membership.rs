//! Who is in a team: add an approved recruit, move a member, name the leader.
//!
//! The cap is held by the database: `member_count` only grows by a conditional update
//! (`… WHERE member_count < capacity`) in the same transaction as the membership row, and a
//! recruit's membership is unique.

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set, SqlErr, TransactionTrait};

use super::team_in_scope;
use crate::domain::ApplicationStatus;
use crate::error::AppError;
use crate::model::Problem;
use crate::server::access::Organizer;
use crate::server::entities::{application, team, team_member};
use crate::server::services::db_failure;
use crate::server::AppState;

/// Can this approved recruit join this team? (same campaign, same county, in the organizer's area)
fn fits(team: &team::Model, recruit: &application::Model) -> Result<(), AppError> {
    if recruit.status != ApplicationStatus::Approved {
        return Err(AppError::Invalid(Problem::TeamMemberNotApproved));
    }
    if recruit.campaign_id != team.campaign_id || !recruit.region_code.starts_with(&team.county_code) {
        return Err(AppError::Invalid(Problem::TeamMemberElsewhere));
    }
    Ok(())
}

/// Takes one seat (conditional update) and writes the membership, in the caller's transaction.
/// `Ok(false)` when the team is full.
pub(super) async fn join<C: sea_orm::ConnectionTrait>(
    db: &C,
    team_id: i32,
    application_id: i64,
) -> Result<bool, DbErr> {
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

pub(super) fn membership_error(e: DbErr) -> AppError {
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
    untrained_refused(state, &recruit).await?;
    let txn = state.db.begin().await.map_err(db_failure)?;
    match join(&txn, found.id, recruit.id).await {
        Ok(true) => txn.commit().await.map_err(db_failure),
        Ok(false) => Err(AppError::Invalid(Problem::TeamFull)),
        Err(e) => Err(membership_error(e)),
    }
}

/// Refuses a recruit whose role requires an attended training they have not had.
async fn untrained_refused(state: &AppState, recruit: &application::Model) -> Result<(), AppError> {
    let lacking =
        crate::server::services::trainings::prerequisite::lacking(&state.db, std::slice::from_ref(recruit))
            .await
            .map_err(db_failure)?;
    match lacking.is_empty() {
        true => Ok(()),
        false => Err(AppError::Invalid(Problem::Training(crate::model::TrainingProblem::TrainingRequired))),
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
    // a member of a team elsewhere is, for this organizer, nobody's member (no hint it exists)
    let from = team_in_scope(state, organizer, membership.team_id).await.map_err(|e| match e {
        AppError::NotFound => AppError::Invalid(Problem::TeamNotAMember),
        other => other,
    })?;
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

/// Someone no longer approved holds no seat: their membership goes, their team's count drops
/// and a team they led has no leader — in the caller's transaction, so a roster never lists a
/// rejected or waitlisted person.
pub(crate) async fn leave_teams<C: ConnectionTrait>(txn: &C, leaving: &[i64]) -> Result<(), DbErr> {
    use sea_orm::sea_query::ExprTrait;
    for chunk in leaving.chunks(500) {
        let memberships = team_member::Entity::find()
            .filter(team_member::Column::ApplicationId.is_in(chunk.iter().copied()))
            .all(txn)
            .await?;
        if memberships.is_empty() {
            continue;
        }
        team_member::Entity::delete_many()
            .filter(team_member::Column::ApplicationId.is_in(chunk.iter().copied()))
            .exec(txn)
            .await?;
        let mut per_team: std::collections::BTreeMap<i32, i32> = Default::default();
        for m in &memberships {
            *per_team.entry(m.team_id).or_default() += 1;
        }
        for (team_id, gone) in per_team {
            team::Entity::update_many()
                .col_expr(team::Column::MemberCount, Expr::col(team::Column::MemberCount).sub(gone))
                .filter(team::Column::Id.eq(team_id))
                .exec(txn)
                .await?;
        }
        team::Entity::update_many()
            .col_expr(team::Column::LeaderId, Expr::value(Option::<i64>::None))
            .filter(team::Column::LeaderId.is_in(chunk.iter().copied()))
            .exec(txn)
            .await?;
    }
    Ok(())
}
