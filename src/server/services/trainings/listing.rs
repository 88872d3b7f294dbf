//! The back office's view of trainings: a campaign's sessions with their enrolled / waiting /
//! attended counts, and one session's roster (seated first, then the line in order).

use std::collections::HashMap;

use sea_orm::sea_query::{Expr, Func};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::{clock, db_failure, session_in_scope, when};
use crate::domain::{mask_phone, EnrolmentState};
use crate::error::AppError;
use crate::model::admin::{Roster, RosterRow, SessionRow, SessionsPage};
use crate::server::access::{Organizer, Permission};
use crate::server::entities::{application, enrolment, training_session};
use crate::server::services::teams::campaign_by_slug;
use crate::server::AppState;

/// Per session: (enrolled, waiting, attended).
async fn counts(state: &AppState, ids: &[i32]) -> Result<HashMap<i32, (u64, u64, u64)>, AppError> {
    let mut counts: HashMap<i32, (u64, u64, u64)> = HashMap::new();
    if ids.is_empty() {
        return Ok(counts);
    }
    let rows: Vec<(i32, EnrolmentState, i64, i64)> = enrolment::Entity::find()
        .select_only()
        .column(enrolment::Column::SessionId)
        .column(enrolment::Column::State)
        .expr(Func::count(Expr::col(enrolment::Column::Id)))
        .expr(Func::count(Expr::col(enrolment::Column::ArrivedAt)))
        .filter(enrolment::Column::SessionId.is_in(ids.iter().copied()))
        .group_by(enrolment::Column::SessionId)
        .group_by(enrolment::Column::State)
        .into_tuple()
        .all(&state.db)
        .await
        .map_err(db_failure)?;
    for (session, state, n, arrived) in rows {
        let entry = counts.entry(session).or_default();
        match state {
            EnrolmentState::Enrolled => entry.0 += n as u64,
            EnrolmentState::Waiting => entry.1 += n as u64,
            EnrolmentState::Cancelled => {}
        }
        // COUNT(arrived_at) counts the arrivals; a cancelled session's attendance still counts
        entry.2 += arrived as u64;
    }
    Ok(counts)
}

fn row(s: &training_session::Model, (enrolled, waiting, attended): (u64, u64, u64)) -> SessionRow {
    SessionRow {
        id: s.id,
        title: s.title.clone(),
        role: s.role_key.clone(),
        county: s.county_code.clone(),
        when: when(s),
        place: s.place.clone(),
        capacity: s.capacity.max(0) as u32,
        enrolled,
        waiting,
        attended,
        cancelled: s.cancelled_at.is_some(),
    }
}

/// A campaign's sessions that this organizer runs, soonest first.
pub async fn list(
    state: &AppState,
    organizer: &Organizer,
    campaign_slug: &str,
) -> Result<SessionsPage, AppError> {
    organizer.require(Permission::Trainings)?;
    let campaign = campaign_by_slug(state, campaign_slug).await?;
    let mut query =
        training_session::Entity::find().filter(training_session::Column::CampaignId.eq(campaign.id));
    if let Some(county) = &organizer.county {
        query = query.filter(training_session::Column::CountyCode.eq(county.clone()));
    }
    let sessions = query
        .order_by_asc(training_session::Column::StartsAt)
        .order_by_asc(training_session::Column::Id)
        .all(&state.db)
        .await
        .map_err(db_failure)?;
    let ids: Vec<i32> = sessions.iter().map(|s| s.id).collect();
    let counts = counts(state, &ids).await?;
    Ok(SessionsPage {
        campaign: campaign.slug,
        campaign_title: campaign.title,
        sessions: sessions.iter().map(|s| row(s, counts.get(&s.id).copied().unwrap_or_default())).collect(),
    })
}

/// Who is seated, who waits (in order) and who came, for a session this organizer runs.
pub async fn roster(state: &AppState, organizer: &Organizer, session_id: i32) -> Result<Roster, AppError> {
    let session = session_in_scope(state, organizer, session_id).await?;
    let enrolments = enrolment::Entity::find()
        .filter(enrolment::Column::SessionId.eq(session.id))
        .filter(enrolment::Column::State.ne(EnrolmentState::Cancelled))
        .order_by_asc(enrolment::Column::QueuedAt)
        .order_by_asc(enrolment::Column::Id)
        .all(&state.db)
        .await
        .map_err(db_failure)?;
    let people: HashMap<i64, application::Model> = application::Entity::find()
        .filter(application::Column::Id.is_in(enrolments.iter().map(|e| e.application_id)))
        .all(&state.db)
        .await
        .map_err(db_failure)?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let mut rows: Vec<RosterRow> = Vec::with_capacity(enrolments.len());
    let mut line = 0;
    for e in &enrolments {
        let person = people.get(&e.application_id);
        let waiting_position = (e.state == EnrolmentState::Waiting).then(|| {
            line += 1;
            line
        });
        rows.push(RosterRow {
            enrolment_id: e.id,
            reference: person.map(|p| p.reference.clone()).unwrap_or_default(),
            name: person.map(|p| p.name.clone()).unwrap_or_default(),
            masked_mobile: person
                .map(|p| mask_phone(&state.crypto.decrypt(&p.mobile_cipher).unwrap_or_default()))
                .unwrap_or_default(),
            state: e.state,
            waiting_position,
            arrived: e.arrived_at.map(clock),
            left: e.left_at.map(clock),
            minutes_served: e.minutes_served.map(|m| m.max(0) as u32),
        });
    }
    // seated first, the line after them (each in its own order)
    rows.sort_by_key(|r| r.waiting_position.is_some());
    let seated = rows.iter().filter(|r| r.state == EnrolmentState::Enrolled).count() as u64;
    let waiting = rows.len() as u64 - seated;
    let attended = rows.iter().filter(|r| r.arrived.is_some()).count() as u64;
    Ok(Roster { session: row(&session, (seated, waiting, attended)), rows })
}
