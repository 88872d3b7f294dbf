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
use migration::{Migrator, MigratorTrait};
use sea_orm::{EntityTrait, PaginatorTrait};
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

use crate::app::{shell, App};
use crate::error::AppError;
use crate::server::crypto::Crypto;
use crate::server::email::outbox::{spawn_worker, WorkerConfig};
use crate::server::email::Mailer;
use crate::server::entities::region;
use crate::server::flash::FlashStore;
use crate::server::limits::RateLimits;
use crate::server::settings::Settings;
use crate::server::{db, seed, AppState};

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
    let crypto = Crypto::load_or_create(settings.secret_key.as_deref(), &settings.data_dir)?;
    let db = db::connect(&settings.database_url, settings.durability).await.context("opening the database")?;
    Migrator::up(&db, None).await.context("running migrations")?;
    if region::Entity::find().count(&db).await? == 0 {
        let added = seed::import_regions(&db, seed::JIAXING_DIVISIONS).await?;
        tracing::info!(added, "imported the administrative divisions of Jiaxing");
    }
    if settings.seed_demo {
        let added = seed::seed_demo_campaigns(&db).await?;
        if added > 0 {
            tracing::info!(added, "seeded demo campaigns");
        }
    }
    let regions = seed::load_region_tree(&db).await?;

    let mailer = Mailer::new(settings.smtp_url.as_deref(), &settings.mail_from, settings.data_dir.join("outbox"))?;
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
    );

    let limits = Arc::new(RateLimits::new(settings.status_lookups_per_minute));
    let pruned = limits.clone();
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs(60)).await;
            pruned.prune();
        }
    });

    let analysed = db.clone();
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            if let Err(e) = db::refresh_statistics(&analysed).await {
                tracing::warn!(error = %e, "refreshing the query planner's statistics failed");
            }
        }
    });

    let listener = TcpListener::bind(settings.leptos.site_addr).await.context("binding the listener")?;
    let addr = listener.local_addr()?;
    let state = AppState {
        db,
        settings: Arc::new(settings),
        crypto: Arc::new(crypto),
        regions: Arc::new(regions),
        flash: Arc::new(FlashStore::default()),
        limits,
        login_throttle: Default::default(),
        outbox_wake,
    };
    Ok(Application { router: router(state.clone()), state, addr, listener })
}

impl Application {
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        axum::serve(self.listener, self.router.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(shutdown_signal())
            .await
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
    let options = state.settings.leptos.clone();
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/api/{*fn_name}", get(server_fn_handler).post(server_fn_handler))
        .route("/admin/export/queue", axum::routing::post(crate::server::downloads::queue))
        .route("/admin/export/team", axum::routing::post(crate::server::downloads::team))
        .leptos_routes_with_context(&state, routes, move || provide_context(context_state.clone()), move || {
            shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(middleware::from_fn_with_state(state.clone(), crate::server::guard::admin_guard))
        .layer(middleware::from_fn(readable_api_errors))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

async fn server_fn_handler(State(state): State<AppState>, request: Request<Body>) -> impl IntoResponse {
    handle_server_fns_with_context(move || provide_context(state.clone()), request).await
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
