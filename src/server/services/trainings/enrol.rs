//! Enrolling in a training session, and cancelling. Only approved recruits of the session's
//! campaign (and role and county, when it names them) enrol; one enrolment per person and
//! session; none of one person's sessions overlap. Seats are the database's to give: a
//! conditional update of the session's counter, never a count read beforehand. When none is
//! free the person joins the waiting list; a cancellation seats the first in line in the same
//! transaction and mails them.

use chrono::{DateTime, Utc};
use rand::Rng;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set, TransactionTrait,
};

use super::notices::{campaign_title, Context};
use super::{db_failure, free_seat, lock_session, refuse, session_in_scope, take_seat};
use crate::domain::{ApplicationStatus, AuditAction, EnrolmentState};
use crate::error::AppError;
use crate::model::admin::EnrolOutcome;
use crate::model::TrainingProblem as P;
use crate::server::access::Organizer;
use crate::server::email::messages::TrainingKind;
use crate::server::entities::{application, campaign_role, enrolment, training_session};
use crate::server::services::audit::record;
use crate::server::AppState;

/// Letters and digits that cannot be mistaken for each other when read aloud or typed.
const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/// 32¹⁰ ≈ 10¹⁵ codes: random, so that nobody checks in with a guessed one.
const CODE_LENGTH: usize = 10;

/// A fresh random check-in code.
pub fn new_code() -> String {
    let mut rng = rand::thread_rng();
    (0..CODE_LENGTH).map(|_| CODE_ALPHABET[rng.gen_range(0..CODE_ALPHABET.len())] as char).collect()
}

const ACTIVE: [EnrolmentState; 2] = [EnrolmentState::Enrolled, EnrolmentState::Waiting];

/// Is this session for this person at all? (campaign, role, county)
async fn open_to(
    state: &AppState,
    session: &training_session::Model,
    person: &application::Model,
) -> Result<(), AppError> {
    if person.status != ApplicationStatus::Approved || person.erased_at.is_some() {
        return Err(refuse(P::NotApproved));
    }
    if person.campaign_id != session.campaign_id
        || session.county_code.as_deref().is_some_and(|county| !person.region_code.starts_with(county))
    {
        return Err(refuse(P::NotForYou));
    }
    if let Some(key) = &session.role_key {
        let role =
            campaign_role::Entity::find_by_id(person.role_id).one(&state.db).await.map_err(db_failure)?;
        if role.is_none_or(|r| &r.key != key) {
            return Err(refuse(P::NotForYou));
        }
    }
    Ok(())
}

/// Enrols the recruit `application_id` in session `session_id` at `now` (which decides whether
/// enrolment is open): a seat, or a place in line.
pub async fn enrol(
    state: &AppState,
    application_id: i64,
    session_id: i32,
    now: DateTime<Utc>,
) -> Result<EnrolOutcome, AppError> {
    let db = &state.db;
    let session = training_session::Entity::find_by_id(session_id).one(db).await.map_err(db_failure)?;
    let session = session.ok_or(AppError::NotFound)?;
    let person = application::Entity::find_by_id(application_id).one(db).await.map_err(db_failure)?;
    let person = person.ok_or(AppError::NotFound)?;
    if session.cancelled_at.is_some() {
        return Err(refuse(P::SessionCancelled));
    }
    open_to(state, &session, &person).await?;
    if now < session.enrolment_opens_at || now >= session.enrolment_closes_at {
        return Err(refuse(P::EnrolmentClosed));
    }
    let title = campaign_title(db, session.campaign_id).await.map_err(db_failure)?;
    let context =
        Context { session: &session, campaign_title: &title, public_url: &state.settings.public_url };
    let txn = db.begin().await.map_err(db_failure)?;
    match write_enrolment(&txn, &context, &person).await {
        Ok(Ok(outcome)) => {
            txn.commit().await.map_err(db_failure)?;
            state.outbox_wake.notify_one();
            Ok(outcome)
        }
        Ok(Err(problem)) => Err(refuse(problem)),
        Err(e) if matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) => {
            Err(refuse(P::AlreadyEnrolled))
        }
        Err(e) => Err(db_failure(e)),
    }
}

async fn write_enrolment(
    txn: &DatabaseTransaction,
    context: &Context<'_>,
    person: &application::Model,
) -> Result<Result<EnrolOutcome, P>, DbErr> {
    let session = context.session;
    // The person's row first: a lock (so their own concurrent enrolments queue up behind this
    // one, and the checks below hold) and the approval check, in one write.
    let still_approved = application::Entity::update_many()
        .col_expr(application::Column::UpdatedAt, Expr::col(application::Column::UpdatedAt))
        .filter(application::Column::Id.eq(person.id))
        .filter(application::Column::Status.eq(ApplicationStatus::Approved))
        .filter(application::Column::ErasedAt.is_null())
        .exec(txn)
        .await?;
    if still_approved.rows_affected != 1 {
        return Ok(Err(P::NotApproved));
    }
    let mine =
        enrolment::Entity::find().filter(enrolment::Column::ApplicationId.eq(person.id)).all(txn).await?;
    let earlier = mine.iter().find(|e| e.session_id == session.id);
    if earlier.is_some_and(|e| e.state != EnrolmentState::Cancelled) {
        return Ok(Err(P::AlreadyEnrolled));
    }
    let others: Vec<i32> = mine
        .iter()
        .filter(|e| e.session_id != session.id && ACTIVE.contains(&e.state))
        .map(|e| e.session_id)
        .collect();
    if !others.is_empty() {
        let overlapping = training_session::Entity::find()
            .filter(training_session::Column::Id.is_in(others))
            .filter(training_session::Column::CancelledAt.is_null())
            .filter(training_session::Column::StartsAt.lt(session.ends_at))
            .filter(training_session::Column::EndsAt.gt(session.starts_at))
            .count(txn)
            .await?;
        if overlapping > 0 {
            return Ok(Err(P::Overlap));
        }
    }
    let mut seated = take_seat(txn, session.id).await?;
    if !seated {
        // Full, as far as this statement saw. Take the row's lock and ask once more: a seat
        // freed by a cancellation that committed meanwhile is ours, and one freed after our
        // commit will find us in line.
        if !lock_session(txn, session.id).await? {
            return Ok(Err(P::SessionCancelled));
        }
        seated = take_seat(txn, session.id).await?;
    }
    // taken while the session's row is locked: the order of the line is the order of the locks
    let queued_at = Utc::now();
    let state = if seated { EnrolmentState::Enrolled } else { EnrolmentState::Waiting };
    let saved = match earlier {
        Some(old) => {
            let mut again: enrolment::ActiveModel = old.clone().into();
            again.state = Set(state);
            again.queued_at = Set(queued_at);
            again.arrived_at = Set(None);
            again.left_at = Set(None);
            again.minutes_served = Set(None);
            again.reminder_sent_at = Set(None);
            again.update(txn).await?
        }
        None => {
            enrolment::ActiveModel {
                session_id: Set(session.id),
                application_id: Set(person.id),
                state: Set(state),
                queued_at: Set(queued_at),
                checkin_code: Set(new_code()),
                arrived_at: Set(None),
                left_at: Set(None),
                minutes_served: Set(None),
                reminder_sent_at: Set(None),
                created_at: Set(queued_at),
                ..Default::default()
            }
            .insert(txn)
            .await?
        }
    };
    let outcome = if seated {
        let code = saved.checkin_code.clone();
        context.send(txn, person, TrainingKind::Enrolled { code: code.clone() }).await?;
        EnrolOutcome::Enrolled { code }
    } else {
        let position = waiting_position(txn, &saved).await?;
        context.send(txn, person, TrainingKind::Waiting { position }).await?;
        EnrolOutcome::Waiting { position }
    };
    Ok(Ok(outcome))
}

/// 1 for the first in line.
pub(super) async fn waiting_position<C: ConnectionTrait>(db: &C, e: &enrolment::Model) -> Result<u64, DbErr> {
    let ahead = enrolment::Entity::find()
        .filter(enrolment::Column::SessionId.eq(e.session_id))
        .filter(enrolment::Column::State.eq(EnrolmentState::Waiting))
        .filter(enrolment::Column::Id.ne(e.id))
        .filter(enrolment::Column::QueuedAt.lte(e.queued_at))
        .count(db)
        .await?;
    Ok(ahead + 1)
}

/// Seats the first in line if a seat is free, and queues their mail. Answers whom.
pub(super) async fn promote_first(
    txn: &DatabaseTransaction,
    context: &Context<'_>,
) -> Result<Option<i64>, DbErr> {
    let session_id = context.session.id;
    loop {
        let first = enrolment::Entity::find()
            .filter(enrolment::Column::SessionId.eq(session_id))
            .filter(enrolment::Column::State.eq(EnrolmentState::Waiting))
            .order_by_asc(enrolment::Column::QueuedAt)
            .order_by_asc(enrolment::Column::Id)
            .one(txn)
            .await?;
        let Some(first) = first else { return Ok(None) };
        if !take_seat(txn, session_id).await? {
            return Ok(None);
        }
        let promoted = enrolment::Entity::update_many()
            .col_expr(enrolment::Column::State, Expr::value(EnrolmentState::Enrolled))
            .filter(enrolment::Column::Id.eq(first.id))
            .filter(enrolment::Column::State.eq(EnrolmentState::Waiting))
            .exec(txn)
            .await?;
        if promoted.rows_affected != 1 {
            // left the line meanwhile: the seat goes back, and to the next one
            free_seat(txn, session_id).await?;
            continue;
        }
        let code = first.checkin_code.clone();
        context.send_to(txn, first.application_id, TrainingKind::Promoted { code }).await?;
        return Ok(Some(first.id));
    }
}

/// The volunteer cancels their own enrolment (or leaves the line).
pub async fn cancel(state: &AppState, application_id: i64, session_id: i32) -> Result<(), AppError> {
    let found = enrolment::Entity::find()
        .filter(enrolment::Column::SessionId.eq(session_id))
        .filter(enrolment::Column::ApplicationId.eq(application_id))
        .one(&state.db)
        .await
        .map_err(db_failure)?
        .ok_or(refuse(P::NotEnrolled))?;
    withdraw(state, found, None).await
}

/// An organizer cancels someone's enrolment in a session they run (audited).
pub async fn cancel_by_organizer(
    state: &AppState,
    organizer: &Organizer,
    enrolment_id: i64,
) -> Result<(), AppError> {
    let found = enrolment::Entity::find_by_id(enrolment_id)
        .one(&state.db)
        .await
        .map_err(db_failure)?
        .ok_or(refuse(P::NotEnrolled))?;
    session_in_scope(state, organizer, found.session_id).await?;
    withdraw(state, found, Some(organizer)).await
}

async fn withdraw(state: &AppState, found: enrolment::Model, by: Option<&Organizer>) -> Result<(), AppError> {
    if !ACTIVE.contains(&found.state) {
        return Err(refuse(P::NotEnrolled));
    }
    let db = &state.db;
    let session = training_session::Entity::find_by_id(found.session_id).one(db).await.map_err(db_failure)?;
    let session = session.ok_or(AppError::NotFound)?;
    let title = campaign_title(db, session.campaign_id).await.map_err(db_failure)?;
    let context =
        Context { session: &session, campaign_title: &title, public_url: &state.settings.public_url };
    let txn = db.begin().await.map_err(db_failure)?;
    let written: Result<bool, DbErr> = async {
        // the session's row before any enrolment row: the one lock order of this module
        if !lock_session(&txn, session.id).await? {
            return Ok(false);
        }
        let left = enrolment::Entity::update_many()
            .col_expr(enrolment::Column::State, Expr::value(EnrolmentState::Cancelled))
            .filter(enrolment::Column::Id.eq(found.id))
            .filter(enrolment::Column::State.eq(found.state))
            .exec(&txn)
            .await?;
        if left.rows_affected != 1 {
            return Ok(false);
        }
        let mut promoted = None;
        if found.state == EnrolmentState::Enrolled {
            free_seat(&txn, session.id).await?;
            promoted = promote_first(&txn, &context).await?;
        }
        if let Some(organizer) = by {
            let what = serde_json::json!({
                "enrolment": found.id, "session": session.id, "application": found.application_id,
                "was": found.state, "promoted": promoted,
            });
            record(
                &txn,
                organizer,
                AuditAction::TrainingEnrolment,
                Some(session.campaign_id),
                what.to_string(),
            )
            .await?;
        }
        Ok(true)
    }
    .await;
    match written {
        Ok(true) => {
            txn.commit().await.map_err(db_failure)?;
            state.outbox_wake.notify_one();
            Ok(())
        }
        Ok(false) => Err(refuse(P::NotEnrolled)),
        Err(e) => Err(db_failure(e)),
    }
}
