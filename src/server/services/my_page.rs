//! The volunteer's own page (`/me`). There are no citizen accounts: the status look-up
//! (reference code + mobile number) opens the page, and a random token in a cookie keeps it open.
//! Only the token's SHA-256 is stored, so a leaked table opens nothing; the page ends after
//! `LIFETIME`, when the person leaves it, or when their personal data is erased.

use chrono::{DateTime, Duration, Utc};
use rand::rngs::OsRng;
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};

use super::db_failure;
use crate::domain::ApplicationStatus;
use crate::error::AppError;
use crate::model::admin::EnrolOutcome;
use crate::model::me::{CertificateOutcome, Closed, MyPage, MyPageOutcome};
use crate::server::entities::{application, volunteer_session};
use crate::server::AppState;

/// How long a page stays open in one browser: a day of service, not a standing account.
pub const LIFETIME: Duration = Duration::hours(12);

/// Opens the page of the application with this reference, if `mobile` is its number: the new
/// token for the cookie, or `None` (a wrong pair and an unknown reference look the same).
pub async fn open(
    state: &AppState,
    reference: &str,
    mobile: &str,
    now: DateTime<Utc>,
) -> Result<Option<String>, AppError> {
    let Some(found) = super::status::find_own(state, reference, mobile).await? else { return Ok(None) };
    let token = new_token();
    volunteer_session::ActiveModel {
        token_hash: Set(token_hash(&token)),
        application_id: Set(found.id),
        created_at: Set(now),
        expires_at: Set(now + LIFETIME),
        revoked_at: Set(None),
    }
    .insert(&state.db)
    .await
    .map_err(db_failure)?;
    // pages that ran out are swept here; nothing else needs them
    volunteer_session::Entity::delete_many()
        .filter(volunteer_session::Column::ExpiresAt.lt(now))
        .exec(&state.db)
        .await
        .map_err(db_failure)?;
    Ok(Some(token))
}

/// The application whose page `token` holds open, or why there is none. A forged, expired or
/// left token all answer `Ended`.
pub async fn resolve(
    state: &AppState,
    token: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Result<application::Model, Closed>, AppError> {
    let Some(token) = token else { return Ok(Err(Closed::NeverOpened)) };
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(Err(Closed::Ended));
    }
    let session =
        volunteer_session::Entity::find_by_id(token_hash(token)).one(&state.db).await.map_err(db_failure)?;
    let Some(session) = session.filter(|s| s.revoked_at.is_none() && s.expires_at > now) else {
        return Ok(Err(Closed::Ended));
    };
    let found =
        application::Entity::find_by_id(session.application_id).one(&state.db).await.map_err(db_failure)?;
    // erasure (withdrawal or retention) ends every page of the application
    Ok(found.filter(|a| a.erased_at.is_none()).ok_or(Closed::Ended))
}

/// What `/me` shows for this token.
pub async fn page(
    state: &AppState,
    token: Option<&str>,
    now: DateTime<Utc>,
) -> Result<MyPageOutcome, AppError> {
    let found = match resolve(state, token, now).await? {
        Ok(found) => found,
        Err(closed) => return Ok(MyPageOutcome::Closed(closed)),
    };
    let trainings = super::trainings::of_volunteer(state, &found, now).await?;
    let weeks = super::duty_weeks::of_volunteer(state, &found).await?;
    let may_print_certificate = found.status == ApplicationStatus::Approved;
    let application = super::status::view(state, found).await?;
    Ok(MyPageOutcome::Open(MyPage { application, trainings, weeks, may_print_certificate }))
}

/// The certificate of hours for this token's volunteer (issued on first view of each total).
pub async fn certificate(
    state: &AppState,
    token: Option<&str>,
    now: DateTime<Utc>,
) -> Result<CertificateOutcome, AppError> {
    let found = match resolve(state, token, now).await? {
        Ok(found) => found,
        Err(closed) => return Ok(CertificateOutcome::Closed(closed)),
    };
    let trainings = super::trainings::of_volunteer(state, &found, now).await?;
    let services = trainings.services(|at| crate::domain::calendar::in_china(at, "%Y-%m-%d"));
    super::certificates::issue(state, &found, trainings.total_minutes(), &services, now).await
}

/// Leaves the page: the token opens nothing any more, in this browser or any other.
pub async fn leave(state: &AppState, token: &str, now: DateTime<Utc>) -> Result<(), AppError> {
    volunteer_session::Entity::update_many()
        .col_expr(volunteer_session::Column::RevokedAt, Expr::value(Some(now)))
        .filter(volunteer_session::Column::TokenHash.eq(token_hash(token)))
        .filter(volunteer_session::Column::RevokedAt.is_null())
        .exec(&state.db)
        .await
        .map_err(db_failure)?;
    Ok(())
}

/// Enrols the volunteer whose page `token` holds open in session `session` (as posted).
pub async fn enrol(
    state: &AppState,
    token: Option<&str>,
    session: &str,
    now: DateTime<Utc>,
) -> Result<EnrolOutcome, AppError> {
    let person = resolve(state, token, now).await?.map_err(|_| AppError::NotFound)?;
    super::trainings::enrol(state, person.id, super::trainings::session_id(session)?, now).await
}

/// Cancels that volunteer's enrolment (or place in line) in session `session`.
pub async fn cancel(
    state: &AppState,
    token: Option<&str>,
    session: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let person = resolve(state, token, now).await?.map_err(|_| AppError::NotFound)?;
    super::trainings::cancel(state, person.id, super::trainings::session_id(session)?).await
}

/// Puts that volunteer into week `week` (its number, as posted) of their campaign.
pub async fn pick_week(
    state: &AppState,
    token: Option<&str>,
    week: &str,
    now: DateTime<Utc>,
) -> Result<i32, AppError> {
    let person = resolve(state, token, now).await?.map_err(|_| AppError::NotFound)?;
    super::duty_weeks::pick(state, &person, week, None, now).await
}

/// 256 bits from the operating system's random source, hex.
fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}
