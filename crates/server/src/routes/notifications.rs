//! My notifications (站内提醒): deadline reminders and 督办 escalations. Every signed-in user sees only their own.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zhibao_store::notifications::Notification;
use zhibao_store::Ts;

use crate::auth::Principal;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::ApiQuery;
use crate::state::AppState;

/// Routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list)).routes(routes!(read_one)).routes(routes!(read_all))
}

/// Which notifications.
#[derive(Deserialize, IntoParams)]
pub struct NotificationQuery {
    /// Only unread ones.
    pub unread: Option<bool>,
    /// At most this many (default 50).
    pub limit: Option<i64>,
}

/// My notifications.
#[derive(Serialize, ToSchema)]
pub struct NotificationList {
    /// Newest first.
    pub items: Vec<Notification>,
    /// Unread in total.
    pub unread: i64,
}

/// My notifications, newest first, with the unread count.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "auth", params(NotificationQuery), responses((status = 200, body = NotificationList)))]
async fn list(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<NotificationQuery>,
) -> ApiResult<Json<NotificationList>> {
    let items = s.store.notifications(p.id, q.unread.unwrap_or(false), q.limit.unwrap_or(50)).await?;
    Ok(Json(NotificationList { items, unread: s.store.unread_notifications(p.id).await? }))
}

/// Mark one of my notifications read.
#[utoipa::path(post, path = "/api/v1/notifications/{id}/read", tag = "auth", responses((status = 204), (status = 404, body = ErrorBody)))]
async fn read_one(State(s): State<AppState>, p: Principal, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    s.store.mark_notifications_read(p.id, Some(id), Ts::new(Utc::now())).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Mark all my notifications read.
#[utoipa::path(post, path = "/api/v1/notifications/read-all", tag = "auth", responses((status = 204)))]
async fn read_all(State(s): State<AppState>, p: Principal) -> ApiResult<StatusCode> {
    s.store.mark_notifications_read(p.id, None, Ts::new(Utc::now())).await?;
    Ok(StatusCode::NO_CONTENT)
}
