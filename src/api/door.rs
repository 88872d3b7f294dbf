//! The one door every server function goes through: the state, who is asking, the client's
//! address, and the answer — for a script the result with its HTTP status, for a plain HTML form
//! post (no JavaScript) a redirect (post → redirect → get), in the back office with a notice.

use crate::error::AppError;
use crate::server::access::Organizer;
use crate::server::flash::{Flash, Owner};
use crate::server::guard::SignedIn;
use crate::server::AppState;

pub fn state() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>()
        .ok_or_else(|| crate::server::services::internal("AppState missing from context"))
}

/// A back-office request: the state and the organizer the guard resolved for it.
pub fn organizer_request() -> Result<(AppState, Organizer), AppError> {
    let signed_in = request_parts().and_then(|parts| parts.extensions.get::<SignedIn>().cloned());
    match signed_in.and_then(|s| s.0) {
        Some(organizer) => Ok((state()?, organizer)),
        None => answer(Err(AppError::Unauthorized)),
    }
}

fn request_parts() -> Option<http::request::Parts> {
    leptos::prelude::use_context::<http::request::Parts>()
}

/// The request's headers (empty outside a request).
pub fn headers() -> http::HeaderMap {
    request_parts().map(|p| p.headers).unwrap_or_default()
}

/// True for a plain HTML form post (no JavaScript): it asks for HTML, not data.
pub fn is_plain_form_post() -> bool {
    headers().get(http::header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"))
}

/// The token of the volunteer's own page this browser holds (`/me`), if any.
pub fn volunteer_token() -> Option<String> {
    crate::server::volunteer_cookie::token(&headers())
}

/// Opens the volunteer's own page in this browser (sets its cookie).
pub fn keep_volunteer_page(state: &AppState, token: &str) {
    set_cookie(&crate::server::volunteer_cookie::opened(token, &state.settings.public_url));
}

/// Removes the page's cookie (left, expired or forged: the browser need not send it again).
pub fn forget_volunteer_page(state: &AppState) {
    set_cookie(&crate::server::volunteer_cookie::cleared(&state.settings.public_url));
}

/// Sends the browser on with a 302 (plain form posts only).
pub fn redirect(to: &str) {
    leptos_axum::redirect(to);
}

/// Adds a `Set-Cookie` header to the answer.
pub fn set_cookie(cookie: &str) {
    let response = leptos::prelude::use_context::<leptos_axum::ResponseOptions>();
    if let (Some(response), Ok(value)) = (response, http::HeaderValue::from_str(cookie)) {
        response.append_header(http::header::SET_COOKIE, value);
    }
}

/// Sets the HTTP status for an error answered to a script.
pub fn set_status(error: &AppError) {
    if let Some(options) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        options.set_status(
            http::StatusCode::from_u16(error.status()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
        );
    }
}

/// The result as it is, its error (if any) with its HTTP status.
pub fn answer<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(e) = &result {
        set_status(e);
    }
    result
}

/// Where a plain form post goes once it is done, and what it is told there.
pub struct Then {
    pub to: String,
    pub notice: Option<String>,
}

impl Then {
    /// Go to `to` and show `notice` there.
    pub fn show(to: impl Into<String>, notice: impl Into<String>) -> Self {
        Self { to: to.into(), notice: Some(notice.into()) }
    }

    /// Just go to `to`.
    pub fn go(to: impl Into<String>) -> Self {
        Self { to: to.into(), notice: None }
    }
}

/// The answer of a back-office action. A script gets the result (an error with its status); a
/// plain form post is sent on: where `on_ok` says, or to `on_err` with the error's message.
pub async fn respond<T: Default>(
    result: Result<T, AppError>,
    on_ok: impl FnOnce(&T) -> Then,
    on_err: impl FnOnce() -> String,
) -> Result<T, AppError> {
    if !is_plain_form_post() {
        return answer(result);
    }
    match result {
        Ok(value) => {
            let then = on_ok(&value);
            match then.notice {
                Some(message) => redirect_with_notice(&then.to, true, message).await,
                None => redirect(&then.to),
            }
            Ok(value)
        }
        Err(e) => {
            redirect_with_notice(&on_err(), false, e.user_message()).await;
            Ok(T::default())
        }
    }
}

/// Where a plain public form post lands, and what it leaves there for the page to show.
pub enum Landing {
    /// Just go there.
    At(String),
    /// Keep the flash for this visitor, and go to the address made with its token.
    Flash(Box<Flash>, Box<dyn FnOnce(String) -> String + Send>),
}

/// The answer of a public form. A script gets the result (an error with its status); a plain
/// form post is sent on (post → redirect → get) where `plain` says, personal data kept out of
/// the URL in a flash only this visitor can fill.
pub async fn respond_public<T>(
    state: &AppState,
    result: Result<T, AppError>,
    plain: impl FnOnce(&Result<T, AppError>) -> Landing,
) -> Result<T, AppError> {
    if !is_plain_form_post() {
        return answer(result);
    }
    match plain(&result) {
        Landing::At(to) => redirect(&to),
        Landing::Flash(flash, to) => {
            let owner = Owner::Visitor(crate::server::limits::rate_key(client_ip(state).await));
            redirect(&to(state.flash.put(owner, *flash).await));
        }
    }
    result
}

/// Leaves a notice and redirects to `to` (with `notice=<token>`).
async fn redirect_with_notice(to: &str, ok: bool, message: String) {
    let Ok(state) = state() else { return };
    // Notices are kept in the organizers' own budget, which no visitor can fill.
    let signed_in = request_parts()
        .and_then(|parts| parts.extensions.get::<SignedIn>().and_then(|s| s.0.as_ref().map(|o| o.id)));
    let owner = Owner::Organizer(signed_in.unwrap_or(0));
    let token = state.flash.put(owner, Flash::Notice { ok, message }).await;
    let joiner = if to.contains('?') { '&' } else { '?' };
    redirect(&format!("{to}{joiner}notice={token}"));
}

/// The client's address (behind a trusted reverse proxy: the forwarded one).
pub async fn client_ip(state: &AppState) -> std::net::IpAddr {
    use axum::extract::ConnectInfo;
    let peer = leptos_axum::extract::<ConnectInfo<std::net::SocketAddr>>().await.ok().map(|c| c.0);
    crate::server::limits::client_ip(peer, &headers(), &state.settings.trusted_proxies)
}

/// A slug is safe to put back into a URL only if it is one of ours in shape.
pub fn safe_slug(slug: &str) -> Option<&str> {
    let ok = !slug.is_empty()
        && slug.len() <= 64
        && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    ok.then_some(slug)
}
