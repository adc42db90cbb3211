//! # zhibao-server — the HTTP layer
//!
//! A thin axum application over [`zhibao_store`] and [`zhibao_domain`]: JSON under `/api/v1`, OpenAPI 3.1 at
//! `/api/openapi.json` with Swagger UI at `/api/docs` (bundled, works offline), `/healthz`, `/readyz`, `/metrics`,
//! and the embedded web console for every other path.
//!
//! Modules: [`config`] (settings), [`state`], [`error`] (the one error type), [`extract`] (validating extractors),
//! [`auth`] (passwords, TOTP, sessions, the [`auth::Principal`]), [`middleware`] (metrics and the operation
//! log), [`routes`] (one router per console area), [`excel`] (XLSX in and out), [`metrics`], [`web`].
//!
//! [`serve`] takes an already-bound listener and a shutdown future, so tests bind port 0 and need no sleeps.
#![warn(missing_docs)]

pub mod auth;
pub mod casework;
pub mod config;
pub mod error;
pub mod excel;
pub mod extract;
pub mod files;
pub mod ledger;
pub mod metrics;
pub mod middleware;
pub mod oplog;
pub mod routes;
pub mod seed;
pub mod seed_matters;
// Grid registry demo (helper A, issue 6).
pub mod seed_grid;
pub mod seed_draws;
pub mod patent_watch;
pub mod seed_patent_analysis;
pub mod state;
pub mod vault;
pub mod web;

pub use config::Settings;
pub use state::AppState;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::Router;
use std::future::Future;
use std::net::SocketAddr;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_swagger_ui::SwaggerUi;

#[derive(OpenApi)]
#[openapi(
    info(title = "知保 zhibao API", description = "IP protection zone platform — JSON API. Errors: {code, message, fields}.", license(name = "Apache-2.0")),
    tags(
        (name = "auth", description = "登录与会话 Sign-in and sessions"),
        (name = "system", description = "系统管理 Organisation, users, roles, dictionaries"),
        (name = "monitor", description = "日志 Operation and login logs"),
        (name = "geo", description = "地理 Areas, grid cells, stations"),
        (name = "public", description = "公众门户 Public portal"),
        (name = "calendar", description = "工作日历 Working-day calendar"),
        (name = "cases", description = "办案台 Case desk"),
        (name = "evidence", description = "电子存证 Evidence vault and ledger"),
        // Grid registry (helper A, issue 6).
        (name = "grid", description = "网格监管 Market entities, grid administration, risk heat map"),
        (name = "patents", description = "专利信息 Patent search and import"),
    )
)]
struct ApiDoc;

/// The API router and its OpenAPI document.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(routes::auth::router())
        .merge(routes::depts::router())
        .merge(routes::users::router())
        .merge(routes::roles::router())
        .merge(routes::dicts::router())
        .merge(routes::monitor::router())
        .merge(routes::geo::router())
        .merge(routes::public::router())
        .merge(routes::calendar::router())
        .merge(routes::cases::router())
        .merge(routes::cases_public::router())
        .merge(routes::evidence::router())
        .merge(routes::ledger::router())
        .merge(routes::notifications::router())
        // Grid registry (helper A, issue 6).
        .merge(routes::grid::router())
        // Grid draws, inspections, closed loop, joint actions — helper B
        .merge(routes::draws::router())
        // patents (issue 5, patents core)
        .merge(routes::patents::router())
        // Patent analytics and watch lists (专利分析/预警).
        .merge(routes::patent_analysis::router())
        .merge(routes::patent_watch::router())
        .split_for_parts()
}

/// The whole application.
pub fn app(state: AppState) -> Router {
    let (api, doc) = api();
    let web_dir = state.settings.server.web_dir.clone();
    Router::new()
        .merge(api)
        .merge(routes::ops::router())
        .merge(SwaggerUi::new("/api/docs").url("/api/openapi.json", doc))
        .fallback(move |uri| web::serve(uri, web_dir.clone()))
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::observe))
        .layer(DefaultBodyLimit::max(state.settings.server.max_body_bytes))
        // A bug must never take the connection down with a panic: answer the usual 500 body instead.
        .layer(CatchPanicLayer::custom(|_: Box<dyn std::any::Any + Send>| {
            axum::response::IntoResponse::into_response(error::ApiError::Internal(anyhow::anyhow!("handler panicked")))
        }))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .with_state(state)
}

/// Serve on `listener` until `shutdown` completes.
pub async fn serve(
    state: AppState,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    if let Err(e) = state.reload_calendar().await {
        tracing::error!(error = %e, "calendar years added by administrators could not be loaded; using the built-in years");
    }
    let purge = tokio::spawn(purge_sessions(state.clone()));
    let sweep = tokio::spawn(sweep_clocks(state.clone()));
    let sequencer = tokio::spawn(ledger::run_sequencer(state.clone()));
    let stats = tokio::spawn(planner_statistics(state.clone()));
    let result = axum::serve(listener, app(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await;
    purge.abort();
    sweep.abort();
    sequencer.abort();
    stats.abort();
    result
}

/// Mark overdue clocks missed and escalate them (督办), and send deadline reminders, at start and every ten minutes.
async fn sweep_clocks(state: AppState) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
    loop {
        tick.tick().await;
        let today = casework::progress::today(&state);
        match casework::progress::sweep_overdue(&state, today).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(missed = n, "clocks became overdue"),
            Err(e) => tracing::warn!(error = %e, "overdue sweep failed"),
        }
        match casework::progress::send_reminders(&state, today).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(sent = n, "deadline reminders sent"),
            Err(e) => tracing::warn!(error = %e, "reminder sweep failed"),
        }
    }
}

/// Keep the query planner's statistics fresh: at start when there are none, every ten minutes for the tables that
/// grew or shrank tenfold since they were analysed (`Store::optimize`, a size check when nothing changed: a new desk
/// analysed while nearly empty would otherwise be planned as empty until the night), and a full `ANALYZE` every night
/// at 03:00 (Shanghai).
async fn planner_statistics(state: AppState) {
    if !state.store.has_statistics().await.unwrap_or(true) {
        if let Err(e) = state.store.analyze().await {
            tracing::warn!(error = %e, "ANALYZE failed");
        }
    }
    const CHECK: std::time::Duration = std::time::Duration::from_secs(600);
    loop {
        let now = chrono::Utc::now().with_timezone(&chrono_tz::Asia::Shanghai);
        let next = (now.date_naive() + chrono::Duration::days(1)).and_hms_opt(3, 0, 0);
        let until_night = next
            .and_then(|n| n.and_local_timezone(chrono_tz::Asia::Shanghai).single())
            .map(|n| (n - now).to_std().unwrap_or(CHECK))
            .unwrap_or(CHECK);
        let night = until_night <= CHECK;
        tokio::time::sleep(until_night.min(CHECK)).await;
        let t = std::time::Instant::now();
        let done = if night { state.store.analyze().await.map(|()| vec!["*".to_string()]) } else { state.store.optimize().await };
        match done {
            Ok(tables) if !tables.is_empty() => {
                tracing::info!(secs = t.elapsed().as_secs_f64(), ?tables, "planner statistics refreshed")
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "planner statistics refresh failed"),
        }
    }
}

/// Remove expired sessions every few minutes.
async fn purge_sessions(state: AppState) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(300));
    loop {
        tick.tick().await;
        let now = chrono::Utc::now();
        let created_before = zhibao_store::Ts::new(now - state.session_policy.absolute);
        let idle_before = zhibao_store::Ts::new(now - state.session_policy.idle);
        if let Err(e) = state.store.purge_sessions(created_before, idle_before).await {
            tracing::warn!(error = %e, "session purge failed");
        }
    }
}
