//! A cache of rendered public pages for anonymous readers.
//!
//! Opening day means tens of thousands of people reading the same few pages. The home page and
//! the campaign pages are rendered at most once a second per page and served from memory in
//! between (gzip-compressed once, too). Progress counts on them may therefore lag by up to one
//! second. Each language has its own copy. Requests with a query string (flash tokens, form
//! errors) or a cookie (the language switch's among them) are never cached, and one request
//! re-renders an expired page while the others still get the previous copy. A page not in the
//! cache at all is rendered by one request while the others wait for its copy (at most
//! `COLD_WAIT`): the first mixed run of `bench/arrivals.sh` after 50,000 sign-ups showed what
//! happens otherwise — 1,900 readers a second all rendering the same cold page, p99 2.7 s.

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
/// How long a request waits for another's rendering of a cold page before rendering it itself.
const COLD_WAIT: Duration = Duration::from_secs(2);

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
    /// Told each time a rendering ends (kept or not), for the requests waiting on a cold page.
    rendered: tokio::sync::Notify,
}

impl PageCache {
    pub fn new(fresh_for: Duration) -> Self {
        Self {
            fresh_for,
            stale_for: fresh_for * 10,
            entries: RwLock::new(HashMap::new()),
            refreshing: RwLock::new(Default::default()),
            rendered: tokio::sync::Notify::new(),
        }
    }

    fn entry(&self, key: &str) -> Option<Entry> {
        self.entries.read().unwrap_or_else(|p| p.into_inner()).get(key).cloned()
    }

    fn is_rendering(&self, key: &str) -> bool {
        self.refreshing.read().unwrap_or_else(|p| p.into_inner()).contains(key)
    }

    /// Waits while another request renders `key`; its copy, if it kept one.
    async fn wait_for(&self, key: &str) -> Option<Entry> {
        let until = tokio::time::Instant::now() + COLD_WAIT;
        loop {
            // registered before the check, so an ending in between still wakes it
            let ended = self.rendered.notified();
            if let Some(entry) = self.entry(key) {
                return Some(entry);
            }
            if !self.is_rendering(key) {
                return None;
            }
            if tokio::time::timeout_at(until, ended).await.is_err() {
                return None;
            }
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
        let someone_else_renders =
            !cache.refreshing.write().unwrap_or_else(|p| p.into_inner()).insert(key.clone());
        if someone_else_renders {
            if let Some(entry) = cache.wait_for(&key).await {
                return respond(&entry, wants_gzip);
            }
            // not kept (a 404, an error) or too slow: render it here as well
            return next.run(request).await;
        }
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
    cache.rendered.notify_waiters();
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

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn fifty_first_readers_of_a_cold_page_share_one_rendering() {
        let renders = Arc::new(AtomicUsize::new(0));
        let counted = renders.clone();
        let cache = Arc::new(PageCache::new(Duration::from_secs(60)));
        let app = Router::new()
            .route(
                "/",
                get(move || {
                    let counted = counted.clone();
                    async move {
                        counted.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        (StatusCode::OK, "the home page")
                    }
                }),
            )
            .layer(axum::middleware::from_fn_with_state(cache, serve_cached));
        let readers = (0..50).map(|_| {
            let app = app.clone();
            tokio::spawn(async move {
                let request = Request::builder().uri("/").body(Body::empty()).unwrap();
                let response = app.oneshot(request).await.unwrap();
                axum::body::to_bytes(response.into_body(), 1024).await.unwrap()
            })
        });
        for body in futures::future::join_all(readers).await {
            assert_eq!(body.unwrap(), "the home page");
        }
        assert_eq!(renders.load(Ordering::SeqCst), 1, "one rendering, 49 readers of its copy");
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
