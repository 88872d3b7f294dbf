//! Themed activities: organizers create, edit and cancel them (`editing`); guardians register a
//! family, taken whole or refused whole (`register`); the public list, the sign-up box and the
//! roster (`listing`); the desk checks people in and out with the trainings' codes (`attendance`).
//!
//! Places are counted per head and guarded by the database: a registration's first write is
//! `UPDATE activities SET registered = registered + heads WHERE registered + heads <= capacity`,
//! so on SQLite it waits for the one writer and on PostgreSQL it holds the row until commit.

mod attendance;
mod editing;
mod listing;
mod register;

pub use attendance::{arrive, card, depart};
pub use editing::{cancel, create, edit};
pub use listing::{admin_list, detail, edit_form, heads_of_campaign, list, roster};
pub use register::register;

use sea_orm::EntityTrait;

use super::db_failure;
use crate::error::AppError;
use crate::model::activity::{ActivityPageData, FamilyForm, FamilyOutcome};
use crate::model::{ActivityProblem, FieldErrors, Problem};
use crate::server::access::{Organizer, Permission};
use crate::server::entities::activity;
use crate::server::flash::Flash;
use crate::server::AppState;

/// The card behind a check-in link: a training seat's, else an activity place's.
pub async fn check_in_card(
    state: &AppState,
    code: &str,
) -> Result<Option<crate::model::me::CheckInCard>, AppError> {
    match crate::server::services::trainings::card(state, code).await? {
        Some(card) => Ok(Some(card)),
        None => card(state, code, chrono::Utc::now()).await,
    }
}

/// An activity's number as a form or a URL gives it (a positive whole number), or the problem.
pub fn activity_id(id: &str) -> Result<i32, AppError> {
    id.trim().parse().ok().filter(|id| *id > 0).ok_or(refuse(ActivityProblem::IdInvalid))
}

fn refuse(problem: ActivityProblem) -> AppError {
    AppError::Invalid(Problem::Activity(problem))
}

/// An activity an organizer may run, or NotFound.
async fn in_scope(state: &AppState, organizer: &Organizer, id: i32) -> Result<activity::Model, AppError> {
    organizer.require(Permission::Activities)?;
    activity::Entity::find_by_id(id).one(&state.db).await.map_err(db_failure)?.ok_or(AppError::NotFound)
}

/// The public page of activity `id` (as the URL gives it), or `None`: its box, its feed and
/// read count, and what a plain form post left in `flash` (a receipt, or a refusal with what was
/// typed) — only for this activity.
pub async fn public_page(
    state: &AppState,
    id: &str,
    flash: &str,
) -> Result<Option<ActivityPageData>, AppError> {
    let Ok(id) = activity_id(id) else { return Ok(None) };
    let Some(detail) = detail(state, id, chrono::Utc::now()).await? else { return Ok(None) };
    let locale = crate::i18n::locale();
    let feed = crate::server::services::feed::activity_feed(state, id, locale).await.map_err(db_failure)?;
    let page_url = state.settings.absolute(&format!("/activities/{id}"));
    let blank = FamilyForm { activity: id.to_string(), ..Default::default() };
    let left = if flash.is_empty() { None } else { state.flash.take(flash).await };
    let (values, outcome) = match left {
        Some(Flash::Family { values, outcome }) if values.activity == id.to_string() => {
            (values, Some(outcome))
        }
        _ => (blank.clone(), None),
    };
    let (errors, message, receipt) = match outcome {
        Some(FamilyOutcome::Registered(receipt)) => (FieldErrors::new(), None, Some(receipt)),
        Some(FamilyOutcome::Refused { errors, message }) => (errors, message, None),
        None => (FieldErrors::new(), None, None),
    };
    let values = if receipt.is_some() { blank } else { values };
    Ok(Some(ActivityPageData { detail, values, errors, message, receipt, feed, page_url }))
}
