//! A cache of rendered public pages for anonymous readers.
//!
//! Opening day means tens of thousands of people reading the same few pages. The home page and
//! the campaign pages are rendered at most once a second per page and served from memory in
//! between (gzip-compressed once, too). Progress counts on them may therefore lag by up to one
//! second. Each language has its own copy. Requests with a query string (flash tokens, form
//! errors) or a cookie (the language switch's among them) are never cached, and one request
//! re-renders an expired page while the others still get the previous copy.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use crate::server::headers::CspNonce;

const MAX_BODY: usize = 2 * 1024 * 1024;
const MAX_ENTRIES: usize = 256;

#[derive(Clone)]
struct Entry {
    rendered_at: Instant,
    status: StatusCode,
    plain: Bytes,
    gzip: Bytes,
    /// The script nonce the page was rendered with (the security headers name it).
    nonce: Option<CspNonce>,
}

pub struct PageCache {
    fresh_for: Duration,
    stale_for: Duration,
    entries: RwLock<HashMap<String, Entry>>,
    refreshing: RwLock<std::collections::HashSet<String>>,
}

impl PageCache {
    pub fn new(fresh_for: Duration) -> Self {
        Self {
            fresh_for,
            stale_for: fresh_for * 10,
            entries: RwLock::new(HashMap::new()),
            refreshing: RwLock::new(Default::default()),
        }
    }

    /// Forgets every page (a campaign changed here or on another instance).
    pub fn forget_all(&self) {
        self.entries.write().unwrap_or_else(|p| p.into_inner()).clear();
    }
}

/// Public pages worth caching: the home page, campaign pages, the activities and each activity
/// (its places left and feed lag by at most the cache's second; the feed's stream is live).
fn cacheable(path: &str) -> bool {
    path == "/"
        || path == "/activities"
        || path.strip_prefix("/campaigns/").is_some_and(|slug| {
            !slug.is_empty()
                && slug.len() <= 64
                && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
        || path
            .strip_prefix("/activities/")
            .is_some_and(|id| (1..=9).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_digit()))
}

fn respond(entry: &Entry, wants_gzip: bool) -> Response {
    let mut response =
        Response::new(Body::from(if wants_gzip { entry.gzip.clone() } else { entry.plain.clone() }));
    *response.status_mut() = entry.status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding, accept-language"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=1"));
    if wants_gzip {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    if let Some(nonce) = &entry.nonce {
        response.extensions_mut().insert(nonce.clone());
    }
    response
}

fn gzip(bytes: &[u8]) -> Bytes {
    let mut encoder =
        flate2::write::GzEncoder::new(Vec::with_capacity(bytes.len() / 4), flate2::Compression::default());
    let _ = encoder.write_all(bytes);
    encoder.finish().map(Bytes::from).unwrap_or_default()
}

pub async fn serve_cached(State(cache): State<Arc<PageCache>>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    if request.method() != Method::GET
        || request.uri().query().is_some()
        || request.headers().contains_key(header::COOKIE)
        || !cacheable(&path)
    {
        return next.run(request).await;
    }
    // One copy per language: the same path reads differently in Chinese and in English.
    let key = format!("{}:{path}", crate::i18n::locale_from_headers(request.headers()).tag());
    let wants_gzip = request
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("gzip"));

    let cached = cache.entries.read().unwrap_or_else(|p| p.into_inner()).get(&key).cloned();
    if let Some(entry) = &cached {
        let age = entry.rendered_at.elapsed();
        if age < cache.fresh_for {
            return respond(entry, wants_gzip);
        }
        let someone_else_refreshes =
            !cache.refreshing.write().unwrap_or_else(|p| p.into_inner()).insert(key.clone());
        if someone_else_refreshes && age < cache.stale_for {
            return respond(entry, wants_gzip);
        }
    } else {
        cache.refreshing.write().unwrap_or_else(|p| p.into_inner()).insert(key.clone());
    }

    let nonce = request.extensions().get::<CspNonce>().cloned();
    let response = next.run(request).await;
    let status = response.status();
    let result = if status == StatusCode::OK || status == StatusCode::NOT_FOUND {
        let (parts, body) = response.into_parts();
        match axum::body::to_bytes(body, MAX_BODY).await {
            Ok(plain) => {
                let entry = Entry { rendered_at: Instant::now(), status, gzip: gzip(&plain), plain, nonce };
                let mut entries = cache.entries.write().unwrap_or_else(|p| p.into_inner());
                // Only real pages are kept: anyone can make up slugs, and their 404s would
                // otherwise fill the cache until no real page fits.
                if status != StatusCode::OK {
                    entries.remove(&key);
                } else if entries.len() < MAX_ENTRIES || entries.contains_key(&key) {
                    entries.insert(key.clone(), entry.clone());
                }
                drop(entries);
                let _ = parts;
                respond(&entry, wants_gzip)
            }
            Err(_) => Response::builder()
                .status(StatusCode::INTERNAL_SERVER_ERROR)
                .body(Body::empty())
                .unwrap_or_default(),
        }
    } else {
        response
    };
    cache.refreshing.write().unwrap_or_else(|p| p.into_inner()).remove(&key);
    result
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use axum::routing::get;
    use axum::Router;
    use tower::ServiceExt;

    use super::*;

    #[test]
    fn activity_pages_are_cached_and_odd_paths_are_not() {
        assert!(cacheable("/activities") && cacheable("/activities/12"));
        for odd in [
            "/activities/",
            "/activities/x",
            "/activities/1/2",
            "/activities/1234567890",
            "/admin/activities/1",
        ] {
            assert!(!cacheable(odd), "{odd}");
        }
    }

    #[tokio::test]
    async fn made_up_campaign_slugs_do_not_push_real_pages_out_of_the_cache() {
        let renders = Arc::new(AtomicUsize::new(0));
        let counted = renders.clone();
        let cache = Arc::new(PageCache::new(Duration::from_secs(60)));
        let app = Router::new()
            .route(
                "/campaigns/{slug}",
                get(move |axum::extract::Path(slug): axum::extract::Path<String>| {
                    let counted = counted.clone();
                    async move {
                        if slug == "real" {
                            counted.fetch_add(1, Ordering::SeqCst);
                            (StatusCode::OK, "a real campaign")
                        } else {
                            (StatusCode::NOT_FOUND, "no such campaign")
                        }
                    }
                }),
            )
            .layer(axum::middleware::from_fn_with_state(cache, serve_cached));
        let get = |path: String| {
            let app = app.clone();
            async move {
                let request = Request::builder().uri(path).body(Body::empty()).unwrap();
                app.oneshot(request).await.unwrap().status()
            }
        };

        for n in 0..MAX_ENTRIES + 50 {
            assert_eq!(get(format!("/campaigns/made-up-{n}")).await, StatusCode::NOT_FOUND);
        }
        assert_eq!(get("/campaigns/real".into()).await, StatusCode::OK);
        assert_eq!(get("/campaigns/real".into()).await, StatusCode::OK);

        assert_eq!(renders.load(Ordering::SeqCst), 1, "the second read came from the cache");
    }
}
