//! Server functions: thin doorways. Each takes the state, asks one service, maps the answer.
//! Every one has a fixed URL under `/api/` so plain HTML forms and tests can post to it.

pub mod admin;
pub mod campaigns;
pub mod signups;
pub mod status;

#[cfg(feature = "ssr")]
pub(crate) mod door {
    use crate::error::AppError;
    use crate::server::AppState;

    pub fn state() -> Result<AppState, AppError> {
        leptos::prelude::use_context::<AppState>()
            .ok_or_else(|| crate::server::services::internal("AppState missing from context"))
    }

    /// True for a plain HTML form post (no JavaScript): it asks for HTML, not data.
    pub fn is_plain_form_post() -> bool {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| {
                parts
                    .headers
                    .get(http::header::ACCEPT)
                    .and_then(|v| v.to_str().ok())
                    .map(|v| v.contains("text/html"))
            })
            .unwrap_or(false)
    }

    /// Sends the browser on with a 302 (plain form posts only).
    pub fn redirect(to: &str) {
        leptos_axum::redirect(to);
    }

    /// Sets the HTTP status for an error answered to a script.
    pub fn set_status(error: &AppError) {
        if let Some(options) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            options.set_status(
                http::StatusCode::from_u16(error.status()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
            );
        }
    }

    /// The client's address (behind a trusted reverse proxy: the forwarded one).
    pub async fn client_ip(state: &AppState) -> std::net::IpAddr {
        use axum::extract::ConnectInfo;
        let peer = leptos_axum::extract::<ConnectInfo<std::net::SocketAddr>>().await.ok().map(|c| c.0);
        let headers =
            leptos::prelude::use_context::<http::request::Parts>().map(|p| p.headers).unwrap_or_default();
        crate::server::limits::client_ip(peer, &headers, &state.settings.trusted_proxies)
    }

    /// A slug is safe to put back into a URL only if it is one of ours in shape.
    pub fn safe_slug(slug: &str) -> Option<&str> {
        let ok = !slug.is_empty()
            && slug.len() <= 64
            && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        ok.then_some(slug)
    }
}
