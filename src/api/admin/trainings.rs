//! Training sessions in the back office: the list and a roster, creating, editing and
//! cancelling a session, cancelling someone's enrolment, and the check-in desk (arrive, depart).

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::door::{self, Then};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::model::admin::url_encode;
use crate::model::admin::{CheckInReport, Roster, SessionForm, SessionsPage};
#[cfg(feature = "ssr")]
use crate::server::services::trainings;

/// A session's number as a form sends it.
#[cfg(feature = "ssr")]
fn session_id(id: &str) -> Result<i32, AppError> {
    trainings::session_id(id)
}

/// Where the pages of one session live.
#[cfg(feature = "ssr")]
fn session_page(id: &str, tail: &str) -> String {
    session_id(id)
        .map_or_else(|_| "/admin/trainings".to_string(), |id| format!("/admin/trainings/{id}{tail}"))
}

#[server(prefix = "/api", endpoint = "admin/trainings")]
pub async fn admin_trainings(#[server(default)] campaign: String) -> Result<SessionsPage, AppError> {
    let (state, organizer) = door::organizer_request()?;
    door::answer(trainings::list(&state, &organizer, &campaign).await)
}

#[server(prefix = "/api", endpoint = "admin/training_roster")]
pub async fn admin_training_roster(#[server(default)] id: String) -> Result<Roster, AppError> {
    let (state, organizer) = door::organizer_request()?;
    let id = door::answer(session_id(&id))?;
    door::answer(trainings::roster(&state, &organizer, id).await)
}

#[server(prefix = "/api", endpoint = "admin/training_create")]
pub async fn admin_training_create(#[server(default)] session: SessionForm) -> Result<i32, AppError> {
    let (state, organizer) = door::organizer_request()?;
    let result = trainings::create(&state, &organizer, &session).await;
    let back = format!("/admin/trainings?campaign={}", url_encode(&session.campaign));
    let saved = crate::i18n::ta().campaign_saved;
    door::respond(result, |id| Then::show(format!("/admin/trainings/{id}"), saved), || back.clone()).await
}

#[server(prefix = "/api", endpoint = "admin/training_edit")]
pub async fn admin_training_edit(
    #[server(default)] id: String,
    #[server(default)] session: SessionForm,
) -> Result<(), AppError> {
    let (state, organizer) = door::organizer_request()?;
    let result = match session_id(&id) {
        Ok(id) => trainings::edit(&state, &organizer, id, &session).await,
        Err(e) => Err(e),
    };
    let back = session_page(&id, "");
    door::respond(result, |_| Then::show(&back, crate::i18n::ta().campaign_saved), || back.clone()).await
}

#[server(prefix = "/api", endpoint = "admin/training_cancel")]
pub async fn admin_training_cancel(#[server(default)] id: String) -> Result<u64, AppError> {
    let (state, organizer) = door::organizer_request()?;
    let result = match session_id(&id) {
        Ok(id) => trainings::cancel_session(&state, &organizer, id).await,
        Err(e) => Err(e),
    };
    let back = session_page(&id, "");
    door::respond(result, |_| Then::show(&back, crate::i18n::ta().team_done), || back.clone()).await
}

/// Cancels one enrolment (`enrolment`); `id` is the session the page returns to.
#[server(prefix = "/api", endpoint = "admin/training_enrolment_cancel")]
pub async fn admin_training_enrolment_cancel(
    #[server(default)] id: String,
    #[server(default)] enrolment: String,
) -> Result<(), AppError> {
    let (state, organizer) = door::organizer_request()?;
    let result = match enrolment.trim().parse::<i64>() {
        Ok(enrolment) => trainings::cancel_by_organizer(&state, &organizer, enrolment).await,
        Err(_) => Err(AppError::NotFound),
    };
    let back = session_page(&id, "");
    door::respond(result, |_| Then::show(&back, crate::i18n::ta().team_done), || back.clone()).await
}

/// The check-in desk: `code` typed or scanned, for session `id`.
#[server(prefix = "/api", endpoint = "admin/training_arrive")]
pub async fn admin_training_arrive(
    #[server(default)] id: String,
    #[server(default)] code: String,
) -> Result<CheckInReport, AppError> {
    let (state, organizer) = door::organizer_request()?;
    let result = match session_id(&id) {
        Ok(id) => trainings::arrive(&state, &organizer, id, &code, chrono::Utc::now()).await,
        Err(e) => Err(e),
    };
    desk_done(result, &id).await
}

#[server(prefix = "/api", endpoint = "admin/training_depart")]
pub async fn admin_training_depart(
    #[server(default)] id: String,
    #[server(default)] code: String,
) -> Result<CheckInReport, AppError> {
    let (state, organizer) = door::organizer_request()?;
    let result = match session_id(&id) {
        Ok(id) => trainings::depart(&state, &organizer, id, &code, chrono::Utc::now()).await,
        Err(e) => Err(e),
    };
    desk_done(result, &id).await
}

/// A plain form post from the desk goes back to the desk, told whom it recorded and when.
#[cfg(feature = "ssr")]
async fn desk_done(result: Result<CheckInReport, AppError>, id: &str) -> Result<CheckInReport, AppError> {
    let desk = session_page(id, "/checkin");
    let told = |r: &CheckInReport| {
        Then::show(&desk, crate::i18n_problems::checked(&r.name, &r.at, r.minutes_served))
    };
    door::respond(result, told, || desk.clone()).await
}

/// Records attendance after the fact (`arrived`, `left` as `HH:MM` on the session's day).
#[server(prefix = "/api", endpoint = "admin/training_correct")]
pub async fn admin_training_correct(
    #[server(default)] id: String,
    #[server(default)] enrolment: String,
    #[server(default)] arrived: String,
    #[server(default)] left: String,
) -> Result<CheckInReport, AppError> {
    let (state, organizer) = door::organizer_request()?;
    let result = match (session_id(&id), enrolment.trim().parse::<i64>()) {
        (Ok(id), Ok(e)) => trainings::correct(&state, &organizer, id, e, &arrived, &left).await,
        (Err(e), _) => Err(e),
        (_, Err(_)) => Err(AppError::NotFound),
    };
    let back = session_page(&id, "");
    door::respond(result, |r| Then::show(&back, checked_text(r)), || back.clone()).await
}

#[cfg(feature = "ssr")]
fn checked_text(r: &CheckInReport) -> String {
    crate::i18n_problems::checked(&r.name, &r.at, r.minutes_served)
}
