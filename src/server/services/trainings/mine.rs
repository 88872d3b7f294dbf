//! The volunteer's side of trainings, for `/me`: the sessions open to them now, and their own
//! enrolments with their place in line, the check-in code (as a QR code of its link) and the
//! minutes that counted.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use super::db_failure;
use crate::domain::EnrolmentState;
use crate::error::AppError;
use crate::model::me::{CheckIn, CheckInCard, MyEnrolment, MyTrainings, OpenSession, Standing};
use crate::server::email::messages::CHECKIN_PATH;
use crate::server::entities::{application, campaign_role, enrolment, training_session};
use crate::server::AppState;

/// What `/me` shows of trainings for this (approved or not) application at `now`.
pub async fn of_volunteer(
    state: &AppState,
    person: &application::Model,
    now: DateTime<Utc>,
) -> Result<MyTrainings, AppError> {
    let db = &state.db;
    let mine = enrolment::Entity::find()
        .filter(enrolment::Column::ApplicationId.eq(person.id))
        .filter(enrolment::Column::State.ne(EnrolmentState::Cancelled))
        .all(db)
        .await
        .map_err(db_failure)?;
    let sessions: HashMap<i32, training_session::Model> = training_session::Entity::find()
        .filter(training_session::Column::Id.is_in(mine.iter().map(|e| e.session_id)))
        .all(db)
        .await
        .map_err(db_failure)?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let mut enrolments = Vec::with_capacity(mine.len());
    for e in &mine {
        let Some(session) = sessions.get(&e.session_id) else { continue };
        // a cancelled session is gone from the page unless it already counted hours
        if session.cancelled_at.is_some() && e.minutes_served.is_none() {
            continue;
        }
        enrolments.push(my_enrolment(state, session, e, now).await?);
    }
    enrolments.sort_by_key(|e| (e.starts_at, e.session_id));
    let open_sessions = open_to(state, person, now, &mine).await?;
    Ok(MyTrainings { open_sessions, enrolments })
}

async fn my_enrolment(
    state: &AppState,
    session: &training_session::Model,
    e: &enrolment::Model,
    now: DateTime<Utc>,
) -> Result<MyEnrolment, AppError> {
    let standing = match e.state {
        _ if e.arrived_at.is_some() => Standing::Attended,
        EnrolmentState::Waiting => Standing::Waiting { position: position_in_line(state, e).await? },
        _ => Standing::Enrolled,
    };
    // the code is for the door: while there is a seat, the session is not over and they have not left
    let at_the_door = e.state == EnrolmentState::Enrolled && e.left_at.is_none() && session.ends_at > now;
    let check_in = at_the_door.then(|| check_in(state, &e.checkin_code)).flatten();
    Ok(MyEnrolment {
        session_id: i64::from(session.id),
        title: session.title.clone(),
        starts_at: session.starts_at,
        ends_at: session.ends_at,
        place: session.place.clone(),
        standing,
        check_in,
        minutes_served: e.minutes_served.map(i64::from),
    })
}

/// 1 = next in line: those who queued before this one in the same session, plus one.
async fn position_in_line(state: &AppState, e: &enrolment::Model) -> Result<u32, AppError> {
    let ahead = enrolment::Entity::find()
        .filter(enrolment::Column::SessionId.eq(e.session_id))
        .filter(enrolment::Column::State.eq(EnrolmentState::Waiting))
        .filter(
            Condition::any().add(enrolment::Column::QueuedAt.lt(e.queued_at)).add(
                Condition::all()
                    .add(enrolment::Column::QueuedAt.eq(e.queued_at))
                    .add(enrolment::Column::Id.lt(e.id)),
            ),
        )
        .count(&state.db)
        .await
        .map_err(db_failure)?;
    Ok(u32::try_from(ahead).unwrap_or(u32::MAX - 1) + 1)
}

/// The code and its link as a QR code: a phone camera at the desk reads the link, and the desk
/// takes the code from its last part.
pub fn check_in(state: &AppState, code: &str) -> Option<CheckIn> {
    let link = format!("{}{CHECKIN_PATH}{code}", state.settings.public_url.trim_end_matches('/'));
    let qr = crate::server::qr::svg(&link, &format!("{} {code}", crate::i18n::t().check_in_code))?;
    Some(CheckIn { code: code.to_string(), qr_svg: qr.svg })
}

/// Sessions of the person's campaign (their role or any, their county or city-wide) taking
/// enrolments now, that they are not already in. Only approved volunteers see any.
async fn open_to(
    state: &AppState,
    person: &application::Model,
    now: DateTime<Utc>,
    mine: &[enrolment::Model],
) -> Result<Vec<OpenSession>, AppError> {
    if person.status != crate::domain::ApplicationStatus::Approved {
        return Ok(Vec::new());
    }
    let db = &state.db;
    let role = campaign_role::Entity::find_by_id(person.role_id).one(db).await.map_err(db_failure)?;
    let role_key = role.map(|r| r.key);
    let sessions = training_session::Entity::find()
        .filter(training_session::Column::CampaignId.eq(person.campaign_id))
        .filter(training_session::Column::CancelledAt.is_null())
        .filter(training_session::Column::EnrolmentOpensAt.lte(now))
        .filter(training_session::Column::EnrolmentClosesAt.gt(now))
        .order_by_asc(training_session::Column::StartsAt)
        .order_by_asc(training_session::Column::Id)
        .all(db)
        .await
        .map_err(db_failure)?;
    Ok(sessions
        .into_iter()
        .filter(|s| s.role_key.is_none() || s.role_key == role_key)
        .filter(|s| s.county_code.as_deref().is_none_or(|county| person.region_code.starts_with(county)))
        .filter(|s| mine.iter().all(|e| e.session_id != s.id))
        .map(|s| OpenSession {
            id: i64::from(s.id),
            title: s.title,
            starts_at: s.starts_at,
            ends_at: s.ends_at,
            place: s.place,
            seats_left: (s.capacity - s.enrolled).max(0),
        })
        .collect())
}

/// The card behind a mail's check-in link: only a code with a seat in a session still to end.
pub async fn card(state: &AppState, typed: &str) -> Result<Option<CheckInCard>, AppError> {
    let Some(code) = super::attendance::read_code(typed) else { return Ok(None) };
    let found = enrolment::Entity::find()
        .filter(enrolment::Column::CheckinCode.eq(code))
        .filter(enrolment::Column::State.eq(EnrolmentState::Enrolled))
        .one(&state.db)
        .await
        .map_err(db_failure)?;
    let Some(found) = found else { return Ok(None) };
    let session =
        training_session::Entity::find_by_id(found.session_id).one(&state.db).await.map_err(db_failure)?;
    let Some(session) = session.filter(|s| s.cancelled_at.is_none()) else { return Ok(None) };
    Ok(check_in(state, &found.checkin_code).map(|check_in| CheckInCard {
        title: session.title,
        starts_at: session.starts_at,
        ends_at: session.ends_at,
        place: session.place,
        check_in,
    }))
}
