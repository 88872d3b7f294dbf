//! A role can require an attended training: team assignment (by hand and by auto-grouping)
//! leaves out those whose role asks for one they have not attended.

use std::collections::HashSet;

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};

use crate::server::entities::{application, campaign_role, enrolment};

/// Of these recruits, the ids of those whose role requires a training they have not attended
/// (arrived at a session, on any enrolment of theirs).
pub async fn lacking<C: ConnectionTrait>(
    db: &C,
    recruits: &[application::Model],
) -> Result<HashSet<i64>, DbErr> {
    if recruits.is_empty() {
        return Ok(HashSet::new());
    }
    let role_ids: HashSet<i32> = recruits.iter().map(|r| r.role_id).collect();
    let requiring: HashSet<i32> = campaign_role::Entity::find()
        .filter(campaign_role::Column::Id.is_in(role_ids))
        .filter(campaign_role::Column::RequiresTraining.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    let needing: Vec<i64> =
        recruits.iter().filter(|r| requiring.contains(&r.role_id)).map(|r| r.id).collect();
    if needing.is_empty() {
        return Ok(HashSet::new());
    }
    let mut lacking: HashSet<i64> = needing.iter().copied().collect();
    // in chunks, so that a county's thousands of recruits stay within the engines' bind limits
    for chunk in needing.chunks(500) {
        let attended: Vec<i64> = enrolment::Entity::find()
            .select_only()
            .column(enrolment::Column::ApplicationId)
            .filter(enrolment::Column::ApplicationId.is_in(chunk.iter().copied()))
            .filter(enrolment::Column::ArrivedAt.is_not_null())
            .into_tuple()
            .all(db)
            .await?;
        for id in attended {
            lacking.remove(&id);
        }
    }
    Ok(lacking)
}
