//! The volunteer's own page (`/me`): open it with the status look-up, read it, leave it; print
//! the certificate of hours; and the public check of a certificate's serial.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::admin::EnrolOutcome;
use crate::model::me::{CertificateOutcome, CheckInCard, MyPageOutcome, OpenOutcome, Verdict};

/// Reference code + mobile number → the page opens in this browser (a cookie holds a random
/// token; the reference never goes into a URL). Rate-limited with the status look-up.
#[server(prefix = "/api", endpoint = "me/open")]
pub async fn open_my_page(
    #[server(default)] reference: String,
    #[server(default)] mobile: String,
) -> Result<OpenOutcome, AppError> {
    use crate::server::services::my_page;
    let state = super::door::state()?;
    let outcome = match state.limits.allow_status_lookup(super::door::client_ip(&state).await) {
        true => {
            my_page::open(&state, &reference, &mobile, chrono::Utc::now()).await.map(|t| opened(&state, t))
        }
        false => Ok(OpenOutcome::RateLimited),
    };
    super::door::respond_public(&state, outcome, after_open).await
}

/// A new token opens the page in this browser (its cookie); none means a wrong pair.
#[cfg(feature = "ssr")]
fn opened(state: &crate::server::AppState, token: Option<String>) -> OpenOutcome {
    match token {
        Some(token) => {
            super::door::keep_volunteer_page(state, &token);
            OpenOutcome::Opened
        }
        None => OpenOutcome::NotFound,
    }
}

/// Without JavaScript: to the page, or back to its look-up form with the reason.
#[cfg(feature = "ssr")]
fn after_open(outcome: &Result<OpenOutcome, AppError>) -> super::door::Landing {
    super::door::Landing::At(
        match outcome {
            Ok(OpenOutcome::Opened) => "/me",
            Ok(OpenOutcome::RateLimited) => "/me?e=limited",
            _ => "/me?e=notfound",
        }
        .to_string(),
    )
}

/// The page this browser holds open, or why there is none (its cookie is then removed).
#[server(prefix = "/api", endpoint = "me/page")]
pub async fn my_page() -> Result<MyPageOutcome, AppError> {
    use crate::server::services::my_page;
    let state = super::door::state()?;
    let token = super::door::volunteer_token();
    let outcome = my_page::page(&state, token.as_deref(), chrono::Utc::now()).await;
    if token.is_some() && matches!(outcome, Ok(MyPageOutcome::Closed(_))) {
        super::door::forget_volunteer_page(&state);
    }
    super::door::answer(outcome)
}

/// Leave this page: the token opens nothing any more and its cookie goes.
#[server(prefix = "/api", endpoint = "me/leave")]
pub async fn leave_my_page() -> Result<(), AppError> {
    use crate::server::services::my_page;
    let state = super::door::state()?;
    if let Some(token) = super::door::volunteer_token() {
        super::door::answer(my_page::leave(&state, &token, chrono::Utc::now()).await)?;
    }
    super::door::forget_volunteer_page(&state);
    super::door::respond_public(&state, Ok(()), |_| super::door::Landing::At("/me?e=left".into())).await
}

/// The certificate of hours of the volunteer whose page this browser holds open.
#[server(prefix = "/api", endpoint = "me/certificate")]
pub async fn my_certificate() -> Result<CertificateOutcome, AppError> {
    use crate::server::services::my_page;
    let state = super::door::state()?;
    let token = super::door::volunteer_token();
    super::door::answer(my_page::certificate(&state, token.as_deref(), chrono::Utc::now()).await)
}

/// Whether a serial belongs to a certificate this portal issued, and what it states (masked).
#[server(prefix = "/api", endpoint = "verify")]
pub async fn verify_certificate(#[server(default)] serial: String) -> Result<Verdict, AppError> {
    let state = super::door::state()?;
    super::door::answer(crate::server::services::certificates::verify(&state, &serial).await)
}

/// Enrol in a training session from `/me`: a seat, or a place in line. Only the person whose
/// page this browser holds open, only for themselves.
#[server(prefix = "/api", endpoint = "me/enrol")]
pub async fn me_enrol(#[server(default)] session: String) -> Result<EnrolOutcome, AppError> {
    use crate::server::services::my_page;
    let state = super::door::state()?;
    let token = super::door::volunteer_token();
    let result = my_page::enrol(&state, token.as_deref(), &session, chrono::Utc::now()).await;
    let notice = told(&result, |outcome| match outcome {
        EnrolOutcome::Enrolled { .. } => crate::i18n::t().me_enrolled.to_string(),
        EnrolOutcome::Waiting { position } => crate::i18n::waiting_position(*position as u32),
    });
    super::door::respond_public(&state, result, |_| back_to_my_page(notice)).await
}

/// Choose (or change) the week of duty from `/me`: a place in that week, or why not.
#[server(prefix = "/api", endpoint = "me/week")]
pub async fn me_week(#[server(default)] week: String) -> Result<i32, AppError> {
    use crate::server::services::my_page;
    let state = super::door::state()?;
    let token = super::door::volunteer_token();
    let result = my_page::pick_week(&state, token.as_deref(), &week, chrono::Utc::now()).await;
    let notice = told(&result, |number| crate::i18n::week_chosen(*number));
    super::door::respond_public(&state, result, |_| back_to_my_page(notice)).await
}

/// Give a seat (or a place in line) back; the first in line takes the seat.
#[server(prefix = "/api", endpoint = "me/cancel")]
pub async fn me_cancel(#[server(default)] session: String) -> Result<(), AppError> {
    use crate::server::services::my_page;
    let state = super::door::state()?;
    let token = super::door::volunteer_token();
    let result = my_page::cancel(&state, token.as_deref(), &session, chrono::Utc::now()).await;
    let notice = told(&result, |_| crate::i18n::t().me_cancelled.to_string());
    super::door::respond_public(&state, result, |_| back_to_my_page(notice)).await
}

/// What the last plain form post on `/me` did, read once.
#[server(prefix = "/api", endpoint = "me/notice")]
pub async fn me_notice(#[server(default)] token: String) -> Result<Option<(bool, String)>, AppError> {
    use crate::server::flash::Flash;
    let state = super::door::state()?;
    Ok(match state.flash.take(&token).await {
        Some(Flash::Notice { ok, message }) => Some((ok, message)),
        _ => None,
    })
}

/// The check-in code a mail links to (`/me/checkin/{code}`): its QR code and its session, no
/// name. Anyone holding the link holds the code already.
#[server(prefix = "/api", endpoint = "me/checkin")]
pub async fn my_check_in(#[server(default)] code: String) -> Result<Option<CheckInCard>, AppError> {
    let state = super::door::state()?;
    super::door::answer(crate::server::services::activities::check_in_card(&state, &code).await)
}

/// What a plain form post is told: what happened, or why not, in the person's language.
#[cfg(feature = "ssr")]
fn told<T>(result: &Result<T, AppError>, ok: impl FnOnce(&T) -> String) -> (bool, String) {
    match result {
        Ok(value) => (true, ok(value)),
        Err(e) => (false, e.user_message()),
    }
}

/// A plain form post goes back to `/me`, with what happened in a flash only this visitor reads.
#[cfg(feature = "ssr")]
fn back_to_my_page((ok, message): (bool, String)) -> super::door::Landing {
    let flash = crate::server::flash::Flash::Notice { ok, message };
    super::door::Landing::Flash(Box::new(flash), Box::new(|token| format!("/me?notice={token}")))
}
