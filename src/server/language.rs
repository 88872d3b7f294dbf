//! The language switch: a plain link (`/lang?to=en&back=/status`) that works without
//! JavaScript. It remembers the choice in the `lang` cookie and sends the browser back to the
//! page it came from — a path on this site only, so the switch cannot be used to send people
//! elsewhere.

use axum::extract::Query;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::i18n::{safe_return_path, Locale, LANG_COOKIE};

/// A year: the choice outlives the visit.
const REMEMBER_SECS: u32 = 365 * 24 * 3600;

#[derive(Deserialize)]
pub struct SwitchQuery {
    to: Option<String>,
    back: Option<String>,
}

pub async fn switch(Query(query): Query<SwitchQuery>) -> Response {
    let back = query.back.as_deref().and_then(safe_return_path).unwrap_or("/");
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    if let Ok(location) = HeaderValue::from_str(back) {
        headers.insert(header::LOCATION, location);
    } else {
        headers.insert(header::LOCATION, HeaderValue::from_static("/"));
    }
    if let Some(locale) = query.to.as_deref().and_then(Locale::from_tag) {
        let cookie = format!(
            "{LANG_COOKIE}={}; Path=/; Max-Age={REMEMBER_SECS}; SameSite=Lax; HttpOnly",
            locale.tag()
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            headers.insert(header::SET_COOKIE, value);
        }
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
