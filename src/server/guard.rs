//! The back office's front door, an axum middleware on `/admin/*` and `/api/admin/*`:
//!
//! * a state-changing request (anything but GET/HEAD) must carry an `Origin` equal to
//!   `PUBLIC_URL`'s origin or to the request's own host — a forged cross-site post is refused;
//! * back-office server functions answer POST only, so nothing changes state on a GET;
//! * the session cookie is resolved once and the organizer handed on in the request's
//!   extensions (`SignedIn`); without a session, pages redirect to the log-in page and server
//!   functions answer 401. What the organizer may do is checked later, per action.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::server::access::Organizer;
use crate::server::services::organizers;
use crate::server::AppState;

pub const COOKIE: &str = "sw_admin";

/// Who is signed in, as resolved by the guard (None on the log-in page itself).
#[derive(Clone, Debug)]
pub struct SignedIn(pub Option<Organizer>);

pub fn is_back_office(path: &str) -> bool {
    path == "/admin" || path.starts_with("/admin/") || path.starts_with("/api/admin/")
}

const OPEN_PATHS: [&str; 2] = ["/admin/login", "/api/admin/login"];

pub async fn admin_guard(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    if !is_back_office(&path) {
        return next.run(request).await;
    }
    let is_api = path.starts_with("/api/");
    let safe = matches!(*request.method(), Method::GET | Method::HEAD);
    if !safe && !same_origin(request.headers(), &state.settings.public_url) {
        tracing::warn!(%path, "refused a back-office request from a foreign origin");
        return refuse(StatusCode::FORBIDDEN, AppError::Forbidden);
    }
    if is_api && request.method() != Method::POST {
        return refuse(StatusCode::METHOD_NOT_ALLOWED, AppError::BadRequest);
    }
    let organizer = match session_token(request.headers()) {
        Some(token) => match organizers::resolve(&state.db, &token, chrono::Utc::now()).await {
            Ok(found) => found,
            Err(e) => {
                let error = crate::server::services::db_failure(e);
                let status =
                    StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                return refuse(status, error);
            }
        },
        None => None,
    };
    if organizer.is_none() && !OPEN_PATHS.contains(&path.as_str()) {
        if is_api {
            return refuse(StatusCode::UNAUTHORIZED, AppError::Unauthorized);
        }
        return Response::builder()
            .status(StatusCode::SEE_OTHER)
            .header(header::LOCATION, "/admin/login")
            .header(header::CACHE_CONTROL, "no-store")
            .body(Body::empty())
            .unwrap_or_else(|_| StatusCode::UNAUTHORIZED.into_response());
    }
    request.extensions_mut().insert(SignedIn(organizer));
    let mut response = next.run(request).await;
    // Back-office pages hold personal data: never kept by a browser or proxy cache.
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn refuse(status: StatusCode, error: AppError) -> Response {
    let body = serde_json::to_vec(&error).unwrap_or_default();
    (status, [(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "no-store")], body)
        .into_response()
}

/// The session token from the `Cookie` header, if any.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    cookie_value(headers, COOKIE)
}

/// The value of the cookie called `name` in the `Cookie` header(s), if any.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(found, _)| *found == name)
        .map(|(_, value)| value.trim().to_string())
}

/// `scheme://host[:port]` of a URL, lower-cased.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| format!("{}://{}", scheme.to_ascii_lowercase(), host.to_ascii_lowercase()))
}

/// The request's `Origin` names this portal: `PUBLIC_URL`'s origin, or the host it was sent to.
pub fn same_origin(headers: &HeaderMap, public_url: &str) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()).map(str::to_ascii_lowercase)
    else {
        return false;
    };
    if origin_of(public_url).is_some_and(|public| public == origin) {
        return true;
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).map(str::to_ascii_lowercase);
    host.is_some_and(|host| origin == format!("http://{host}") || origin == format!("https://{host}"))
}

/// The `Set-Cookie` value of a new session (`Secure` when the portal is served over https).
pub fn session_cookie(token: &str, public_url: &str) -> String {
    let secure = if public_url.starts_with("https://") { "; Secure" } else { "" };
    let max_age = organizers::ABSOLUTE_TIMEOUT.num_seconds();
    format!("{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age}{secure}")
}

pub fn cleared_cookie(public_url: &str) -> String {
    let secure = if public_url.starts_with("https://") { "; Secure" } else { "" };
    format!("{COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0{secure}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn only_our_own_origin_may_change_state() {
        let public = "https://volunteer.example.cn";
        assert!(same_origin(&headers(&[("origin", "https://volunteer.example.cn")]), public));
        assert!(same_origin(
            &headers(&[("origin", "http://127.0.0.1:3000"), ("host", "127.0.0.1:3000")]),
            public
        ));
        assert!(!same_origin(
            &headers(&[("origin", "https://evil.example"), ("host", "volunteer.example.cn")]),
            public
        ));
        assert!(!same_origin(&headers(&[("origin", "https://volunteer.example.cn.evil.example")]), public));
        assert!(!same_origin(&headers(&[("host", "volunteer.example.cn")]), public), "no Origin, no change");
        assert!(!same_origin(&headers(&[("origin", "null"), ("host", "x")]), public));
    }

    #[test]
    fn the_session_cookie_is_http_only_strict_and_secure_over_https() {
        let cookie = session_cookie("abc", "https://x.cn");
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/")
        );
        assert!(cookie.ends_with("; Secure"));
        assert!(!session_cookie("abc", "http://127.0.0.1:3000").contains("Secure"));
    }

    #[test]
    fn the_token_is_read_among_other_cookies() {
        let h = headers(&[("cookie", "a=1; sw_admin=deadbeef; b=2")]);
        assert_eq!(session_token(&h).as_deref(), Some("deadbeef"));
        assert_eq!(session_token(&headers(&[("cookie", "sw_admin_x=1")])), None);
    }
}
