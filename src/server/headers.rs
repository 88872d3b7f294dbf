//! Security headers on every answer: what the browser may run, frame, sniff, refer and keep.
//!
//! The Content-Security-Policy allows scripts from this origin and inline scripts that carry
//! this answer's nonce — the ones the portal writes itself (the island loader, Leptos's resource
//! and hydration scripts) — and compiling the wasm bundle (`'wasm-unsafe-eval'`). A script that
//! reached a page any other way has no nonce and does not run. Inline `style` attributes stay
//! allowed (the progress bars set their width that way); a `<style>` element only with the nonce
//! (the sign-up form's rules that show a question asked only sometimes).
//!
//! Each request gets a fresh nonce (`CspNonce`, in the request's extensions, where the page
//! renderer reads it). A page served from the one-second page cache was rendered with an earlier
//! request's nonce; the cache hands that nonce back in the response's extensions and the policy
//! names it, so cached and fresh pages both run.

use std::sync::Arc;

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use rand::RngCore;

/// The nonce inline scripts of one answer carry (128 random bits, URL-safe base64).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CspNonce(pub Arc<str>);

impl CspNonce {
    fn fresh() -> Self {
        let mut bytes = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        Self(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes).into())
    }
}

/// The policy for an answer whose inline scripts carry `nonce`.
pub fn policy(nonce: &CspNonce) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'nonce-{0}'; style-src 'self' 'nonce-{0}'; \
         style-src-attr 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        nonce.0
    )
}

/// Makes the page renderer use this request's nonce (call in the Leptos context of a request).
pub fn provide_request_nonce() {
    use leptos::prelude::{provide_context, use_context};
    let nonce = use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<CspNonce>().cloned());
    if let Some(nonce) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(nonce.0));
    }
}

pub async fn security_headers(mut request: Request, next: Next) -> Response {
    let nonce = CspNonce::fresh();
    request.extensions_mut().insert(nonce.clone());
    let mut response = next.run(request).await;
    // a cached page names the nonce it was rendered with
    let nonce = response.extensions_mut().remove::<CspNonce>().unwrap_or(nonce);
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&policy(&nonce)) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    // Pages and data may echo what a person typed (a rejected form, a status result): no browser
    // or proxy keeps them unless the page cache said they are public. Static files keep theirs.
    let dynamic = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html") || t.starts_with("application/json"));
    if dynamic && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}
