//! Watch lists and alerts (专利预警). A watch list is owned by the caller or by a department inside the caller's
//! data scope; alerts, notices and webhook deliveries follow their list. Permissions `patent:watch:list` (see
//! lists and alerts), `patent:watch:edit` (create, change, delete, re-run the sweep). Every signed-in user reads
//! and marks their own alert notices (the bell).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zhibao_domain::patent_analysis::watch::{Owner, WatchDraft};
use zhibao_store::patent_analysis::{AlertNotice, AlertRow, Delivery, WatchList};
use zhibao_store::{Page, Ts};

use crate::auth::Principal;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiQuery};
use crate::patent_watch::{after_import, SweepReport};
use crate::routes::page_request;
use crate::state::AppState;

/// Routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(lists, create))
        .routes(routes!(get_one, update, remove))
        .routes(routes!(deliveries))
        .routes(routes!(alerts))
        .routes(routes!(notices))
        .routes(routes!(notice_read))
        .routes(routes!(notices_read_all))
        .routes(routes!(sweep))
}

const LIST: &str = "patent:watch:list";
const EDIT: &str = "patent:watch:edit";

/// A watch list to save: the conditions plus the owner.
#[derive(Deserialize, ToSchema)]
pub struct WatchBody {
    /// Conditions, name, query, webhook, active flag.
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub draft: WatchDraft,
    /// Owning department; absent = the caller.
    #[serde(default)]
    pub owner_dept_id: Option<i64>,
}

impl WatchBody {
    fn owner(&self, me: i64) -> Owner {
        self.owner_dept_id.map(Owner::Dept).unwrap_or(Owner::User(me))
    }
}

/// Watch lists I may see (mine and my departments' within my data scope).
#[utoipa::path(get, path = "/api/v1/patent-watch/lists", tag = "patents", responses((status = 200, body = [WatchList])))]
async fn lists(State(s): State<AppState>, p: Principal) -> ApiResult<Json<Vec<WatchList>>> {
    p.require(LIST)?;
    Ok(Json(s.store.watch_lists(&p.scope, p.id).await?))
}

/// Create a watch list (permission `patent:watch:edit`).
#[utoipa::path(post, path = "/api/v1/patent-watch/lists", tag = "patents", request_body = WatchBody,
    responses((status = 200, body = WatchList), (status = 422, body = ErrorBody)))]
async fn create(State(s): State<AppState>, p: Principal, ApiJson(b): ApiJson<WatchBody>) -> ApiResult<Json<WatchList>> {
    p.require(EDIT)?;
    b.draft.check()?;
    check_query(&b.draft.query)?;
    Ok(Json(s.store.create_watch_list(&p.scope, p.id, b.owner(p.id), &b.draft, Ts::new(Utc::now())).await?))
}

fn check_query(q: &str) -> Result<(), ApiError> {
    if q.trim().is_empty() {
        return Ok(());
    }
    zhibao_search::parse(q).map(|_| ()).map_err(|e| ApiError::field("query", e.to_string()))
}

/// One watch list.
#[utoipa::path(get, path = "/api/v1/patent-watch/lists/{id}", tag = "patents",
    responses((status = 200, body = WatchList), (status = 404, body = ErrorBody)))]
async fn get_one(State(s): State<AppState>, p: Principal, Path(id): Path<i64>) -> ApiResult<Json<WatchList>> {
    p.require(LIST)?;
    Ok(Json(s.store.watch_list(&p.scope, p.id, id).await?))
}

/// Change a watch list (permission `patent:watch:edit`).
#[utoipa::path(put, path = "/api/v1/patent-watch/lists/{id}", tag = "patents", request_body = WatchBody,
    responses((status = 200, body = WatchList), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<WatchBody>,
) -> ApiResult<Json<WatchList>> {
    p.require(EDIT)?;
    b.draft.check()?;
    check_query(&b.draft.query)?;
    Ok(Json(s.store.update_watch_list(&p.scope, p.id, id, b.owner(p.id), &b.draft, Ts::new(Utc::now())).await?))
}

/// Delete a watch list with its alerts (permission `patent:watch:edit`).
#[utoipa::path(delete, path = "/api/v1/patent-watch/lists/{id}", tag = "patents",
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn remove(State(s): State<AppState>, p: Principal, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    p.require(EDIT)?;
    s.store.delete_watch_list(&p.scope, p.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Webhook deliveries of a watch list, newest first.
#[utoipa::path(get, path = "/api/v1/patent-watch/lists/{id}/deliveries", tag = "patents",
    responses((status = 200, body = [Delivery]), (status = 404, body = ErrorBody)))]
async fn deliveries(State(s): State<AppState>, p: Principal, Path(id): Path<i64>) -> ApiResult<Json<Vec<Delivery>>> {
    p.require(LIST)?;
    Ok(Json(s.store.deliveries(&p.scope, p.id, id, 100).await?))
}

/// Alert history query.
#[derive(Deserialize, IntoParams)]
pub struct AlertQuery {
    /// Only this watch list.
    pub watch_id: Option<i64>,
    /// Page (1-based).
    pub page: Option<u32>,
    /// Page size.
    pub page_size: Option<u32>,
}

/// Alert history I may see, newest first.
#[utoipa::path(get, path = "/api/v1/patent-watch/alerts", tag = "patents", params(AlertQuery),
    responses((status = 200, body = Object)))]
async fn alerts(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<AlertQuery>,
) -> ApiResult<Json<Page<AlertRow>>> {
    p.require(LIST)?;
    let page = page_request(q.page, q.page_size, None, None)?;
    Ok(Json(s.store.alerts(&p.scope, p.id, q.watch_id, &page).await?))
}

/// My alert notices.
#[derive(Serialize, ToSchema)]
pub struct NoticeList {
    /// Newest first.
    pub items: Vec<AlertNotice>,
    /// Unread in total.
    pub unread: i64,
}

/// Notice query.
#[derive(Deserialize, IntoParams)]
pub struct NoticeQuery {
    /// Only unread.
    pub unread: Option<bool>,
    /// At most (default 50).
    pub limit: Option<i64>,
}

/// My patent-alert notices (the bell), newest first.
#[utoipa::path(get, path = "/api/v1/patent-watch/notices", tag = "patents", params(NoticeQuery),
    responses((status = 200, body = NoticeList)))]
async fn notices(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<NoticeQuery>,
) -> ApiResult<Json<NoticeList>> {
    let items = s.store.alert_notices(p.id, q.unread.unwrap_or(false), q.limit.unwrap_or(50)).await?;
    Ok(Json(NoticeList { items, unread: s.store.unread_alert_notices(p.id).await? }))
}

/// Mark one of my notices read.
#[utoipa::path(post, path = "/api/v1/patent-watch/notices/{id}/read", tag = "patents",
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn notice_read(State(s): State<AppState>, p: Principal, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    let n = s.store.mark_alert_notices_read(p.id, Some(id), Ts::new(Utc::now())).await?;
    if n == 0 {
        let mine = s.store.alert_notices(p.id, false, 500).await?;
        if !mine.iter().any(|x| x.id == id) {
            return Err(ApiError::NotFound);
        }
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Mark all my notices read.
#[utoipa::path(post, path = "/api/v1/patent-watch/notices/read-all", tag = "patents", responses((status = 204)))]
async fn notices_read_all(State(s): State<AppState>, p: Principal) -> ApiResult<StatusCode> {
    s.store.mark_alert_notices_read(p.id, None, Ts::new(Utc::now())).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Which patents to check again.
#[derive(Deserialize, ToSchema)]
pub struct SweepBody {
    /// Patent ids; absent = every stored patent.
    #[serde(default)]
    pub patent_ids: Option<Vec<i64>>,
}

/// Run the watch sweep now over some or all stored patents (permission `patent:watch:edit`). Imports run it by
/// themselves; this is for a newly created list. Patents already alerted for a list stay quiet.
#[utoipa::path(post, path = "/api/v1/patent-watch/sweep", tag = "patents", request_body = SweepBody,
    responses((status = 200, body = SweepReport)))]
async fn sweep(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(b): ApiJson<SweepBody>,
) -> ApiResult<Json<SweepReport>> {
    p.require(EDIT)?;
    let batch = format!("sweep:{}:{}", p.username, Utc::now().format("%Y%m%dT%H%M%S"));
    Ok(Json(match b.patent_ids {
        Some(ids) => after_import(&s.store, &ids, &batch).await?,
        None => crate::patent_watch::sweep_all(&s.store, &batch, crate::patent_watch::SWEEP_CHUNK).await?,
    }))
}
