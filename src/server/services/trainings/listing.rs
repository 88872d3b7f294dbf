//! The back office's view of trainings: a campaign's sessions with their enrolled / waiting /
//! attended counts, and one session's roster (seated first, then the line in order).

use std::collections::HashMap;

use sea_orm::sea_query::{Expr, Func};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::{clock, db_failure, session_in_scope, when};
use crate::domain::calendar::in_china;
use crate::domain::{mask_phone, EnrolmentState};
use crate::error::AppError;
use crate::model::admin::{
    Choice, Roster, RosterRow, SessionForm, SessionRow, SessionsPage, TrainingProgress,
};
use crate::server::access::{Organizer, Permission};
use crate::server::entities::{application, campaign, campaign_role, enrolment, training_session};
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
    let campaigns = campaign::Entity::find()
        .order_by_asc(campaign::Column::Id)
        .all(&state.db)
        .await
        .map_err(db_failure)?;
    let roles = campaign_role::Entity::find()
        .filter(campaign_role::Column::CampaignId.eq(campaign.id))
        .order_by_asc(campaign_role::Column::Position)
        .all(&state.db)
        .await
        .map_err(db_failure)?;
    Ok(SessionsPage {
        campaign: campaign.slug,
        campaign_title: campaign.title,
        sessions: sessions.iter().map(|s| row(s, counts.get(&s.id).copied().unwrap_or_default())).collect(),
        campaigns: campaigns.into_iter().map(|c| Choice { value: c.slug, label: c.title }).collect(),
        roles: roles.into_iter().map(|r| Choice { value: r.key, label: r.name }).collect(),
        counties: state
            .regions
            .counties
            .iter()
            .filter(|c| organizer.county.as_deref().is_none_or(|own| own == c.code))
            .map(|c| Choice { value: c.code.clone(), label: c.name.clone() })
            .collect(),
        organizer: crate::server::services::organizers::view(organizer),
    })
}

/// The dashboard's training figures for a campaign, in this organizer's county (or the city).
pub async fn progress(
    state: &AppState,
    organizer: &Organizer,
    campaign_id: i32,
) -> Result<Option<TrainingProgress>, AppError> {
    if !organizer.may(Permission::Trainings) {
        return Ok(None);
    }
    let mut query =
        training_session::Entity::find().filter(training_session::Column::CampaignId.eq(campaign_id));
    if let Some(county) = &organizer.county {
        query = query.filter(training_session::Column::CountyCode.eq(county.clone()));
    }
    let sessions = query.all(&state.db).await.map_err(db_failure)?;
    let ids: Vec<i32> = sessions.iter().map(|s| s.id).collect();
    let counts = counts(state, &ids).await?;
    let live: Vec<&training_session::Model> = sessions.iter().filter(|s| s.cancelled_at.is_none()).collect();
    let trained: Vec<i64> = if ids.is_empty() {
        Vec::new()
    } else {
        enrolment::Entity::find()
            .select_only()
            .column(enrolment::Column::ApplicationId)
            .distinct()
            .filter(enrolment::Column::SessionId.is_in(ids.iter().copied()))
            .filter(enrolment::Column::ArrivedAt.is_not_null())
            .into_tuple()
            .all(&state.db)
            .await
            .map_err(db_failure)?
    };
    Ok(Some(TrainingProgress {
        sessions: live.len() as u64,
        seats: live.iter().map(|s| s.capacity.max(0) as u64).sum(),
        enrolled: live.iter().map(|s| counts.get(&s.id).map_or(0, |c| c.0)).sum(),
        waiting: live.iter().map(|s| counts.get(&s.id).map_or(0, |c| c.1)).sum(),
        trained: trained.len() as u64,
    }))
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
    let campaign_slug = campaign::Entity::find_by_id(session.campaign_id)
        .one(&state.db)
        .await
        .map_err(db_failure)?
        .map(|c| c.slug)
        .unwrap_or_default();
    Ok(Roster {
        session: row(&session, (seated, waiting, attended)),
        rows,
        form: as_form(&session, campaign_slug),
        organizer: crate::server::services::organizers::view(organizer),
    })
}

/// The session in the words of its edit form (China wall-clock times).
fn as_form(s: &training_session::Model, campaign: String) -> SessionForm {
    let local = |at| in_china(at, "%Y-%m-%dT%H:%M");
    SessionForm {
        campaign,
        role: s.role_key.clone().unwrap_or_default(),
        county: s.county_code.clone().unwrap_or_default(),
        title: s.title.clone(),
        starts_at: local(s.starts_at),
        ends_at: local(s.ends_at),
        place: s.place.clone(),
        note: s.meeting_note.clone(),
        capacity: s.capacity.to_string(),
        opens_at: local(s.enrolment_opens_at),
        closes_at: local(s.enrolment_closes_at),
    }
}
