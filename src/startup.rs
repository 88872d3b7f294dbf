//! The composition root: the one place that wires settings, database, mail and the router.
//! `main.rs` and the integration tests both start the portal through `build`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, handle_server_fns_with_context, LeptosRoutes};
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::app::{shell, App};
use crate::error::AppError;
use crate::server::bus::Bus;
use crate::server::campaign_cache::CampaignCache;
use crate::server::email::outbox::{spawn_worker, WorkerConfig};
use crate::server::email::Mailer;
use crate::server::flash::FlashStore;
use crate::server::lifecycle::Lifecycle;
use crate::server::limits::RateLimits;
use crate::server::page_cache::{serve_cached, PageCache};
use crate::server::settings::{Secret, Settings};
use crate::server::signup_writer::SignupWriter;
use crate::server::{db, keys, seed, AppState};

/// Largest request body accepted anywhere. A sign-up is about 1 KB; room is left so that a
/// pasted 10,000-character name still gets its field message rather than a bare 413.
pub const MAX_BODY_BYTES: usize = 128 * 1024;

pub struct Application {
    pub state: AppState,
    pub addr: SocketAddr,
    listener: TcpListener,
    router: Router,
}

/// Opens the database, runs the migrations, seeds what is missing, starts the mail worker and
/// binds the listener (port 0 picks a free port).
pub async fn build(settings: Settings) -> anyhow::Result<Application> {
    std::fs::create_dir_all(&settings.data_dir)
        .with_context(|| format!("creating data folder {}", settings.data_dir.display()))?;
    crate::server::telemetry::install();
    let db = if settings.migrate_at_start {
        db::open_migrated(&settings.database_url, settings.durability).await?
    } else {
        db::connect(&settings.database_url, settings.durability).await.context("opening the database")?
    };
    let lifecycle = Arc::new(Lifecycle::default());
    let crypto = Arc::new(
        keys::open(&db, settings.secret_key.as_ref().map(Secret::expose), &settings.data_dir).await?,
    );
    let (following, followed) = (db.clone(), crypto.clone());
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(keys::POLL).await;
            if let Err(e) = keys::follow(&following, &followed).await {
                tracing::warn!(error = %e, "looking for a key rotation failed");
            }
        }
    });
    if settings.seed_demo {
        let added = seed::seed_demo_campaigns(&db).await?;
        if added > 0 {
            tracing::info!(added, "seeded demo campaigns");
        }
        let activities = seed::seed_demo_activities(&db).await?;
        if activities > 0 {
            tracing::info!(activities, "seeded demo activities");
        }
    }
    let regions = seed::regions_or_jiaxing(&db).await?;

    let mailer = Mailer::new(
        settings.smtp_url.as_ref().map(Secret::expose),
        &settings.mail_from,
        settings.data_dir.join("outbox"),
    )?;
    let outbox_wake = Arc::new(Notify::new());
    spawn_worker(
        db.clone(),
        Arc::new(mailer),
        outbox_wake.clone(),
        WorkerConfig {
            poll: settings.outbox_poll,
            backoff: settings.outbox_backoff,
            max_backoff: settings.outbox_max_backoff,
        },
        lifecycle.clone(),
    );

    // personal data of campaigns past their retention period: checked hourly, from start-up on
    crate::server::services::retention::spawn(db.clone(), Duration::from_secs(3600));
    // the day-before reminders of training sessions, every quarter of an hour
    let public_url = settings.public_url.clone();
    crate::server::services::trainings::reminders::spawn(db.clone(), public_url, Duration::from_secs(900));

    let limits = Arc::new(RateLimits::new(settings.status_lookups_per_minute, settings.signups_per_minute));
    let pruned = limits.clone();
    let login_throttle = Arc::new(crate::server::login_throttle::LoginThrottle::with_first_wait(
        chrono::Duration::from_std(settings.login_first_wait).unwrap_or(chrono::Duration::seconds(1)),
    ));
    let pruned_logins = login_throttle.clone();
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs(60)).await;
            pruned.prune();
            pruned_logins.prune(chrono::Utc::now());
        }
    });

    db::spawn_statistics_refresher(db.clone());

    let listener = TcpListener::bind(settings.leptos.site_addr).await.context("binding the listener")?;
    let addr = listener.local_addr()?;
    // SQLite has one writer anyway; PostgreSQL takes a few in parallel.
    let writers = if db::is_sqlite(&db) { 1 } else { 4 };
    let hooks = Arc::new(crate::server::services::webhooks::Subscriptions::default());
    hooks.refresh(&db).await.context("reading the webhooks")?;
    hooks.spawn_refresher(db.clone());
    let signups = SignupWriter::start(db.clone(), writers, hooks.clone());
    let flash = FlashStore::new(db.clone(), crypto.clone());
    let campaigns = Arc::new(CampaignCache::new(settings.campaign_cache_for));
    let pages = Arc::new(PageCache::new(settings.page_cache_for));
    let feed = Arc::new(crate::server::feed::FeedHub::default());
    let bus = Bus::new(db.clone(), campaigns.clone(), pages.clone(), feed.clone());
    bus.spawn_listener();
    let state = AppState::new(crate::server::state::Shared {
        signups,
        hooks,
        campaigns,
        pages,
        bus,
        lifecycle,
        db,
        settings: Arc::new(settings),
        crypto,
        regions: Arc::new(regions),
        flash,
        limits,
        login_throttle,
        outbox_wake,
        feed,
        reads: Arc::new(crate::server::reads::ReadCounter::default()),
    });
    crate::server::reads::spawn_flusher(state.clone(), Duration::from_secs(1));
    crate::server::services::webhooks::delivery::spawn(state.clone());
    Ok(Application { router: router(state.clone()), state, addr, listener })
}

/// A client gets this long to send its request headers (slow-loris protection); the body
/// is bounded by the request timeout layer.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

impl Application {
    /// Serves until SIGINT/SIGTERM, then stops gracefully: `/readyz` turns 503, the listener is
    /// closed (the proxy's next connection attempt fails at once and goes to another instance),
    /// the requests in flight — a sign-up waiting for its group commit among them — are answered,
    /// the mail being sent is finished and the rest handed back; then the process exits.
    ///
    /// A hand-written accept loop instead of `axum::serve`, which sets no timer and so cannot
    /// time out a client that sends its headers one byte at a time.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
        use hyper_util::server::conn::auto::Builder;
        use hyper_util::server::graceful::GracefulShutdown;
        use hyper_util::service::TowerToHyperService;
        use tower::ServiceExt;

        let Application { state, listener, router, .. } = self;
        let mut builder = Builder::new(TokioExecutor::new());
        builder.http1().timer(TokioTimer::new()).header_read_timeout(HEADER_READ_TIMEOUT);
        let graceful = GracefulShutdown::new();
        let shutdown = shutdown_signal();
        tokio::pin!(shutdown);
        loop {
            let (stream, peer) = tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok(pair) => pair,
                    Err(e) => {
                        // e.g. too many open files: wait a moment instead of spinning
                        tracing::warn!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                },
                _ = &mut shutdown => break,
                _ = state.lifecycle.stopped() => break,
            };
            let _ = stream.set_nodelay(true);
            let service = router.clone().map_request(move |mut request: Request<hyper::body::Incoming>| {
                request.extensions_mut().insert(axum::extract::ConnectInfo(peer));
                request.map(Body::new)
            });
            let connection = builder
                .serve_connection_with_upgrades(TokioIo::new(stream), TowerToHyperService::new(service));
            let connection = graceful.watch(connection.into_owned());
            tokio::spawn(async move {
                let _ = connection.await;
            });
        }
        state.lifecycle.begin_stopping();
        drop(listener);
        tracing::info!("stopping: answering the requests in flight");
        tokio::select! {
            _ = graceful.shutdown() => {},
            _ = tokio::time::sleep(Duration::from_secs(20)) => {
                tracing::warn!("requests still open after 20 s; stopping anyway");
            },
        }
        if !state.lifecycle.wait_for_work(Duration::from_secs(15)).await {
            tracing::warn!("a mail was still being sent after 15 s; its claim runs out on its own");
        }
        tracing::info!("stopped");
        Ok(())
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
}

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let context_state = state.clone();
    let state_for_partners = state.clone();
    let settings = state.settings.clone();
    let options = settings.leptos.clone();
    // The browser bundle, served pre-compressed when `<file>.gz` exists (the build scripts make them).
    let pkg =
        ServeDir::new(std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref()))
            .precompressed_gzip();
    let pages = Router::new().leptos_routes_with_context(
        &state,
        routes,
        move || {
            provide_context(context_state.clone());
            request_context();
        },
        move || shell(options.clone()),
    );
    let pages = if settings.page_cache_for.is_zero() {
        pages
    } else {
        pages.layer(middleware::from_fn_with_state(state.pages.clone(), serve_cached))
    };
    // in front of the page cache, so that pages served from it are counted too
    let pages = pages.layer(middleware::from_fn_with_state(state.clone(), crate::server::reads::count_reads));
    // The live feeds stay open for as long as their page: outside the request timeout (and the
    // compression, which would hold events back).
    let feeds = Router::new()
        .route("/feed/campaign/{id}", get(crate::server::feed_stream::campaign))
        .route("/feed/activity/{id}", get(crate::server::feed_stream::activity))
        .layer(middleware::from_fn(crate::server::headers::security_headers))
        .layer(TraceLayer::new_for_http())
        .layer(middleware::from_fn(crate::server::telemetry::track))
        .with_state(state.clone());
    let rest = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(ready))
        .route("/metrics", get(crate::server::telemetry::serve))
        .route("/api/{*fn_name}", get(server_fn_handler).post(server_fn_handler))
        .route("/busy", get(busy))
        .route("/slow-down", get(slow_down))
        .route("/lang", get(crate::server::language::switch))
        .route("/draws/{id}/pool.txt", get(crate::server::draws::pool_file))
        .nest_service(&format!("/{}", settings.leptos.site_pkg_dir), pkg)
        .merge(pages)
        .route("/admin/export/queue", axum::routing::post(crate::server::downloads::queue))
        .route("/admin/export/team", axum::routing::post(crate::server::downloads::team))
        .route("/admin/export/training", axum::routing::post(crate::server::downloads::training))
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(request_context, shell))
        .layer(middleware::from_fn_with_state(state.clone(), crate::server::guard::admin_guard))
        // on the whole router: leptos registers each server function's own route as well
        .layer(middleware::from_fn_with_state(state.clone(), crate::server::limits::limit_signups))
        .layer(middleware::from_fn(readable_api_errors))
        .layer(middleware::from_fn(crate::server::headers::security_headers))
        .layer(CompressionLayer::new().gzip(true))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, settings.request_timeout))
        .layer(TraceLayer::new_for_http())
        .layer(middleware::from_fn(crate::server::telemetry::track))
        .with_state(state);
    feeds.merge(crate::server::rest::router(state_for_partners)).merge(rest)
}

/// What every page render reads from its request: the person's language and the answer's
/// script nonce.
fn request_context() {
    crate::i18n::provide_request_locale();
    crate::server::headers::provide_request_nonce();
}

/// For the proxy and orchestrators: 200 while the database answers, every migration is applied
/// and the instance is not shutting down; else 503 with the reason.
async fn ready(State(state): State<AppState>) -> Response {
    let reason = if state.lifecycle.is_stopping() {
        Some("shutting down")
    } else {
        match db::migrations_current(&state.db).await {
            Ok(true) => None,
            Ok(false) => Some("migrations pending"),
            Err(_) => Some("database unreachable"),
        }
    };
    match reason {
        None => "ready".into_response(),
        Some(reason) => (StatusCode::SERVICE_UNAVAILABLE, reason).into_response(),
    }
}

/// Where a browser without JavaScript lands when the database cannot take its sign-up:
/// a plain "try again later" page with status 503. Nothing was written.
async fn busy(headers: axum::http::HeaderMap) -> Response {
    let locale = crate::i18n::locale_from_headers(&headers);
    plain_notice(StatusCode::SERVICE_UNAVAILABLE, locale, crate::i18n::strings(locale).error_unavailable)
}

/// Where a browser without JavaScript lands when the rate limiter refused its sign-up: 429,
/// and nothing of the post was kept.
async fn slow_down(headers: axum::http::HeaderMap) -> Response {
    let locale = crate::i18n::locale_from_headers(&headers);
    plain_notice(StatusCode::TOO_MANY_REQUESTS, locale, crate::i18n::strings(locale).error_rate_limited)
}

fn plain_notice(status: StatusCode, locale: crate::i18n::Locale, message: &'static str) -> Response {
    let html = crate::pages::notice::notice_page(locale, message);
    let mut response = Response::new(Body::from(html));
    *response.status_mut() = status;
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("30"));
    response
}

async fn server_fn_handler(State(state): State<AppState>, request: Request<Body>) -> impl IntoResponse {
    handle_server_fns_with_context(
        move || {
            provide_context(state.clone());
            crate::i18n::provide_request_locale();
        },
        request,
    )
    .await
}

/// A request a server function could not even read (garbage, missing arguments) is the
/// client's fault: answer 400 with a readable message instead of the framework's 500.
async fn readable_api_errors(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if !is_api || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if status == StatusCode::BAD_REQUEST {
            parts.status = status;
            let body = serde_json::to_vec(&AppError::BadRequest).unwrap_or_default();
            parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
            parts.headers.remove(header::CONTENT_LENGTH);
            return Response::from_parts(parts, Body::from(body));
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}
