//! Signing in and out, who is signed in, and the notice a plain form post left behind.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::admin::{LoginOutcome, OrganizerView};

#[server(prefix = "/api", endpoint = "admin/login")]
pub async fn admin_login(name: String, password: String) -> Result<LoginOutcome, AppError> {
    use crate::api::door;
    use crate::server::services::{db_failure, organizers};
    let state = door::state()?;
    let ip = door::client_ip(&state).await;
    let now = chrono::Utc::now();
    let result = organizers::login(&state.db, &state.login_throttle, ip, &name, &password, now).await;
    let outcome = signed_in(&state, door::answer(result.map_err(db_failure))?);
    if door::is_plain_form_post() {
        door::redirect(&after_login(&outcome));
    }
    Ok(outcome)
}

/// A successful log-in sets the session cookie.
#[cfg(feature = "ssr")]
fn signed_in(
    state: &crate::server::AppState,
    result: crate::server::services::organizers::LoginResult,
) -> LoginOutcome {
    use crate::server::services::organizers::LoginResult;
    match result {
        LoginResult::Success { token, organizer } => {
            let cookie = crate::server::guard::session_cookie(&token, &state.settings.public_url);
            crate::api::door::set_cookie(&cookie);
            tracing::info!(organizer = organizer.id, "organizer signed in");
            LoginOutcome::SignedIn
        }
        LoginResult::WrongCredentials => LoginOutcome::WrongCredentials,
        LoginResult::Throttled { seconds } => LoginOutcome::Throttled { seconds },
    }
}

/// Where a browser without JavaScript goes after trying to sign in.
#[cfg(feature = "ssr")]
fn after_login(outcome: &LoginOutcome) -> String {
    match outcome {
        LoginOutcome::SignedIn => "/admin/applications".to_string(),
        LoginOutcome::WrongCredentials => "/admin/login?e=wrong".to_string(),
        LoginOutcome::Throttled { seconds } => format!("/admin/login?e=throttled&s={seconds}"),
    }
}

#[server(prefix = "/api", endpoint = "admin/logout")]
pub async fn admin_logout() -> Result<(), AppError> {
    use crate::api::door;
    use crate::server::guard::{cleared_cookie, session_token};
    use crate::server::services::{db_failure, organizers};
    let state = door::state()?;
    if let Some(token) = session_token(&door::headers()) {
        door::answer(organizers::logout(&state.db, &token).await.map_err(db_failure))?;
    }
    door::set_cookie(&cleared_cookie(&state.settings.public_url));
    if door::is_plain_form_post() {
        door::redirect("/admin/login");
    }
    Ok(())
}

#[server(prefix = "/api", endpoint = "admin/me")]
pub async fn admin_me() -> Result<OrganizerView, AppError> {
    let (_, organizer) = crate::api::door::organizer_request()?;
    Ok(crate::server::services::organizers::view(&organizer))
}

/// A notice left by the last plain form post (read once).
#[server(prefix = "/api", endpoint = "admin/notice")]
pub async fn admin_notice(token: String) -> Result<Option<(bool, String)>, AppError> {
    use crate::server::flash::Flash;
    let (state, _) = crate::api::door::organizer_request()?;
    Ok(match state.flash.take(&token).await {
        Some(Flash::Notice { ok, message }) => Some((ok, message)),
        _ => None,
    })
}
