//! Security headers on every answer: what the browser may run, frame, sniff, refer and keep.
//!
//! The Content-Security-Policy allows scripts from this origin only, plus the one inline script
//! the portal writes (the island loader, allowed by its SHA-256) and compiling the wasm bundle
//! (`'wasm-unsafe-eval'`). Inline `style` attributes stay allowed (the progress bars set their
//! width that way); `<style>` elements and inline scripts do not.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};

pub struct SecurityHeaders {
    policy: HeaderValue,
}

impl SecurityHeaders {
    /// The policy for a portal whose island loader is exactly `loader_script`.
    pub fn new(loader_script: &str) -> Self {
        let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(loader_script.as_bytes()));
        let policy = format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-{hash}'; style-src 'self'; \
             style-src-attr 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
             base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        );
        Self { policy: HeaderValue::from_str(&policy).unwrap_or(HeaderValue::from_static("default-src 'self'")) }
    }
}

pub async fn security_headers(State(policy): State<Arc<SecurityHeaders>>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, policy.policy.clone());
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
