//! Training sessions: organizers create, edit and cancel them (`sessions`); approved recruits
//! enrol, wait in line and cancel (`enrol`); the desk checks them in and out (`attendance`); the
//! back office lists sessions and rosters (`listing`); a job mails reminders (`reminders`).
//!
//! Locks are always taken in one order — the person's application row, then the session's row,
//! then enrolment rows — so two transactions never wait for each other in a circle. On SQLite
//! every write transaction starts with a write, so it waits for the one writer (busy timeout)
//! instead of failing as a read-then-write transaction would.

mod attendance;
mod enrol;
mod listing;
mod mine;
mod notices;
pub mod prerequisite;
pub mod reminders;
mod sessions;

pub use attendance::{arrive, correct, depart, read_code};
pub use enrol::{cancel, cancel_by_organizer, enrol, new_code};
pub use listing::{list, progress, roster};
pub use mine::{card, check_in, of_volunteer};
pub use sessions::{cancel_session, china_time, create, edit, parse};

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use super::db_failure;
use crate::domain::calendar::in_china;
use crate::error::AppError;
use crate::model::{Problem, TrainingProblem};
use crate::server::access::{Organizer, Permission};
use crate::server::entities::training_session;
use crate::server::AppState;

/// A session's number as a form posts it (a positive whole number), or the problem in words.
pub fn session_id(id: &str) -> Result<i32, AppError> {
    id.trim().parse().ok().filter(|id| *id > 0).ok_or(refuse(TrainingProblem::SessionIdInvalid))
}

/// A training problem as the error services answer with.
fn refuse(problem: TrainingProblem) -> AppError {
    AppError::Invalid(Problem::Training(problem))
}

/// A session this organizer runs, or NotFound: one elsewhere is answered exactly like one that
/// does not exist.
async fn session_in_scope(
    state: &AppState,
    organizer: &Organizer,
    id: i32,
) -> Result<training_session::Model, AppError> {
    organizer.require(Permission::Trainings)?;
    training_session::Entity::find_by_id(id)
        .one(&state.db)
        .await
        .map_err(db_failure)?
        .filter(|s| organizer.runs_session(s.county_code.as_deref()))
        .ok_or(AppError::NotFound)
}

/// Takes the session's row lock (a write that changes nothing, on both engines) and says
/// whether the session is still on.
async fn lock_session<C: ConnectionTrait>(db: &C, id: i32) -> Result<bool, DbErr> {
    let locked = training_session::Entity::update_many()
        .col_expr(training_session::Column::Enrolled, Expr::col(training_session::Column::Enrolled))
        .filter(training_session::Column::Id.eq(id))
        .filter(training_session::Column::CancelledAt.is_null())
        .exec(db)
        .await?;
    Ok(locked.rows_affected == 1)
}

/// Takes a seat if one is free: the database decides (`… WHERE enrolled < capacity`).
async fn take_seat<C: ConnectionTrait>(db: &C, id: i32) -> Result<bool, DbErr> {
    let taken = training_session::Entity::update_many()
        .col_expr(training_session::Column::Enrolled, Expr::col(training_session::Column::Enrolled).add(1))
        .filter(training_session::Column::Id.eq(id))
        .filter(training_session::Column::CancelledAt.is_null())
        .filter(
            Expr::col(training_session::Column::Enrolled).lt(Expr::col(training_session::Column::Capacity)),
        )
        .exec(db)
        .await?;
    Ok(taken.rows_affected == 1)
}

/// Gives a seat back.
async fn free_seat<C: ConnectionTrait>(db: &C, id: i32) -> Result<(), DbErr> {
    training_session::Entity::update_many()
        .col_expr(training_session::Column::Enrolled, Expr::col(training_session::Column::Enrolled).sub(1))
        .filter(training_session::Column::Id.eq(id))
        .filter(Expr::col(training_session::Column::Enrolled).gt(0))
        .exec(db)
        .await
        .map(|_| ())
}

/// `2026-12-12 09:00–12:00`, China time.
fn when(session: &training_session::Model) -> String {
    format!("{}–{}", in_china(session.starts_at, "%Y-%m-%d %H:%M"), in_china(session.ends_at, "%H:%M"))
}

/// `09:02`, China time.
fn clock(at: chrono::DateTime<chrono::Utc>) -> String {
    in_china(at, "%H:%M")
}
