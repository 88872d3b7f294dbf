//! The check-in desk: a code (typed, or the link a phone's camera read) records arrival once and
//! departure once; hours served follow `domain::hours`. Each record is audited with it.

use chrono::{DateTime, Timelike, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter, TransactionTrait};

use super::{clock, db_failure, refuse, session_in_scope};
use crate::domain::calendar::CHINA_OFFSET;
use crate::domain::hours::minutes_served;
use crate::domain::{AuditAction, EnrolmentState};
use crate::error::AppError;
use crate::model::admin::CheckInReport;
use crate::model::TrainingProblem as P;
use crate::server::access::Organizer;
use crate::server::entities::{application, enrolment, training_session};
use crate::server::services::audit::record;
use crate::server::AppState;

/// The code in what was typed or scanned: the code itself, or the last part of its link;
/// spaces and dashes ignored, letters in any case.
pub fn read_code(typed: &str) -> Option<String> {
    let last = typed.trim().trim_end_matches('/').rsplit('/').next().unwrap_or_default();
    let code: String =
        last.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect();
    let ok = (4..=16).contains(&code.len()) && code.chars().all(|c| c.is_ascii_alphanumeric());
    ok.then_some(code)
}

fn china_hour_minute(at: DateTime<Utc>) -> (u8, u8) {
    let local = at.with_timezone(&CHINA_OFFSET);
    (local.hour() as u8, local.minute() as u8)
}

/// The enrolment behind a code, in this session, with a seat.
async fn seated(
    state: &AppState,
    organizer: &Organizer,
    session_id: i32,
    typed: &str,
) -> Result<(training_session::Model, enrolment::Model), AppError> {
    let session = session_in_scope(state, organizer, session_id).await?;
    let code = read_code(typed).ok_or(refuse(P::CodeUnknown))?;
    let found = enrolment::Entity::find()
        .filter(enrolment::Column::CheckinCode.eq(code))
        .one(&state.db)
        .await
        .map_err(db_failure)?
        .ok_or(refuse(P::CodeUnknown))?;
    if found.session_id != session.id {
        return Err(refuse(P::CodeOtherSession));
    }
    if session.cancelled_at.is_some() {
        return Err(refuse(P::SessionCancelled));
    }
    if found.state != EnrolmentState::Enrolled {
        return Err(refuse(P::CodeWithoutSeat));
    }
    Ok((session, found))
}

async fn name_of(state: &AppState, application_id: i64) -> Result<String, AppError> {
    let person = application::Entity::find_by_id(application_id).one(&state.db).await.map_err(db_failure)?;
    Ok(person.map(|p| p.name).unwrap_or_default())
}

/// Records the arrival of the code's holder at `now`; a second scan answers when the first was.
pub async fn arrive(
    state: &AppState,
    organizer: &Organizer,
    session_id: i32,
    typed: &str,
    now: DateTime<Utc>,
) -> Result<CheckInReport, AppError> {
    let (session, found) = seated(state, organizer, session_id, typed).await?;
    let written: Result<bool, DbErr> = async {
        let txn = state.db.begin().await?;
        let marked = enrolment::Entity::update_many()
            .col_expr(enrolment::Column::ArrivedAt, Expr::value(Some(now)))
            .filter(enrolment::Column::Id.eq(found.id))
            .filter(enrolment::Column::ArrivedAt.is_null())
            .exec(&txn)
            .await?;
        if marked.rows_affected != 1 {
            return Ok(false);
        }
        let what = serde_json::json!({ "arrived": found.id, "session": session.id, "at": now });
        record(&txn, organizer, AuditAction::TrainingAttendance, Some(session.campaign_id), what.to_string())
            .await?;
        if let Some(person) = application::Entity::find_by_id(found.application_id).one(&txn).await? {
            let mut data = crate::server::services::webhooks::application_data(&person);
            data["training_session_id"] = session.id.into();
            data["arrived_at"] = serde_json::json!(now);
            let (hooks, event) = (state.hooks.current(), crate::domain::WebhookEvent::CheckedIn);
            crate::server::services::webhooks::enqueue(&txn, &hooks, event, &person.region_code, data)
                .await?;
        }
        txn.commit().await?;
        Ok(true)
    }
    .await;
    if !written.map_err(db_failure)? {
        let first = enrolment::Entity::find_by_id(found.id).one(&state.db).await.map_err(db_failure)?;
        let at = first.and_then(|e| e.arrived_at).unwrap_or(now);
        let (hour, minute) = china_hour_minute(at);
        return Err(refuse(P::AlreadyArrived { hour, minute }));
    }
    Ok(CheckInReport {
        name: name_of(state, found.application_id).await?,
        at: clock(now),
        minutes_served: None,
    })
}

/// Records the departure at `now` and the minutes that count.
pub async fn depart(
    state: &AppState,
    organizer: &Organizer,
    session_id: i32,
    typed: &str,
    now: DateTime<Utc>,
) -> Result<CheckInReport, AppError> {
    let (session, found) = seated(state, organizer, session_id, typed).await?;
    let Some(arrived) = found.arrived_at else { return Err(refuse(P::NotArrived)) };
    if let Some(left) = found.left_at {
        let (hour, minute) = china_hour_minute(left);
        return Err(refuse(P::AlreadyLeft { hour, minute }));
    }
    let minutes = minutes_served(session.starts_at, session.ends_at, arrived, now);
    let written: Result<bool, DbErr> = async {
        let txn = state.db.begin().await?;
        let marked = enrolment::Entity::update_many()
            .col_expr(enrolment::Column::LeftAt, Expr::value(Some(now)))
            .col_expr(enrolment::Column::MinutesServed, Expr::value(Some(minutes as i32)))
            .filter(enrolment::Column::Id.eq(found.id))
            .filter(enrolment::Column::LeftAt.is_null())
            .exec(&txn)
            .await?;
        if marked.rows_affected != 1 {
            return Ok(false);
        }
        let what =
            serde_json::json!({ "left": found.id, "session": session.id, "at": now, "minutes": minutes });
        record(&txn, organizer, AuditAction::TrainingAttendance, Some(session.campaign_id), what.to_string())
            .await?;
        txn.commit().await?;
        Ok(true)
    }
    .await;
    if !written.map_err(db_failure)? {
        let first = enrolment::Entity::find_by_id(found.id).one(&state.db).await.map_err(db_failure)?;
        let (hour, minute) = china_hour_minute(first.and_then(|e| e.left_at).unwrap_or(now));
        return Err(refuse(P::AlreadyLeft { hour, minute }));
    }
    let name = name_of(state, found.application_id).await?;
    Ok(CheckInReport { name, at: clock(now), minutes_served: Some(minutes) })
}

/// Records attendance after the fact, from the desk's paper list when the phones were not at
/// hand: arrival and departure as China wall-clock `HH:MM` on the session's day. The minutes
/// follow the same rule as a scan; the correction is audited as one.
pub async fn correct(
    state: &AppState,
    organizer: &Organizer,
    session_id: i32,
    enrolment_id: i64,
    arrived: &str,
    left: &str,
) -> Result<CheckInReport, AppError> {
    let session = session_in_scope(state, organizer, session_id).await?;
    let found = enrolment::Entity::find_by_id(enrolment_id)
        .one(&state.db)
        .await
        .map_err(db_failure)?
        .filter(|e| e.session_id == session.id && e.state == EnrolmentState::Enrolled)
        .ok_or(refuse(P::NotEnrolled))?;
    let day = session.starts_at.with_timezone(&CHINA_OFFSET).date_naive();
    let at = |text: &str| {
        chrono::NaiveTime::parse_from_str(text.trim(), "%H:%M")
            .ok()
            .and_then(|t| day.and_time(t).and_local_timezone(CHINA_OFFSET).single())
            .map(|t| t.with_timezone(&Utc))
    };
    let (Some(arrived), Some(left)) = (at(arrived), at(left)) else {
        return Err(refuse(P::AttendanceTimesInvalid));
    };
    if left < arrived {
        return Err(refuse(P::AttendanceTimesInvalid));
    }
    let minutes = minutes_served(session.starts_at, session.ends_at, arrived, left);
    let written: Result<(), DbErr> = async {
        let txn = state.db.begin().await?;
        enrolment::Entity::update_many()
            .col_expr(enrolment::Column::ArrivedAt, Expr::value(Some(arrived)))
            .col_expr(enrolment::Column::LeftAt, Expr::value(Some(left)))
            .col_expr(enrolment::Column::MinutesServed, Expr::value(Some(minutes as i32)))
            .filter(enrolment::Column::Id.eq(found.id))
            .exec(&txn)
            .await?;
        let what = serde_json::json!({ "corrected": found.id, "session": session.id,
            "arrived": arrived, "left": left, "minutes": minutes });
        record(&txn, organizer, AuditAction::TrainingAttendance, Some(session.campaign_id), what.to_string())
            .await?;
        txn.commit().await
    }
    .await;
    written.map_err(db_failure)?;
    let name = name_of(state, found.application_id).await?;
    Ok(CheckInReport { name, at: clock(left), minutes_served: Some(minutes) })
}

#[cfg(test)]
mod tests {
    use super::read_code;

    #[test]
    fn a_code_is_read_from_what_was_typed_or_from_its_scanned_link() {
        assert_eq!(read_code(" abcd-2345 ").as_deref(), Some("ABCD2345"));
        assert_eq!(read_code("http://portal.test/me/checkin/K7M2P9QX3R/").as_deref(), Some("K7M2P9QX3R"));
        assert_eq!(read_code("<script>"), None);
        assert_eq!(read_code(""), None);
    }
}
