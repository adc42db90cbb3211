//! My notifications (站内提醒): deadline reminders and 督办 escalations, and patent watch alerts (专利预警) — one
//! bell, one unread count. Every signed-in user sees only their own.
//!
//! The two kinds live in two tables (`notifications`, `patent_alert_notices`), so ids may repeat across them: every
//! item says its `source` (`case` or `patent_alert`), and marking one read names the source
//! (`?source=patent_alert`; `case` by default, as before).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zhibao_store::notifications::Notification;
use zhibao_store::patent_analysis::AlertBellItem;
use zhibao_store::Ts;

use crate::auth::Principal;
use crate::error::{ApiError, ApiResult, ErrorBody};
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

/// One item of the bell: a case notification (`source` = `case`, kinds `reminder` / `overdue`) or a patent watch
/// alert (`source` = `patent_alert`, kind `patent_alert`).
#[derive(Serialize, ToSchema)]
pub struct BellItem {
    /// Id within its source.
    pub id: i64,
    /// `case` or `patent_alert`.
    pub source: &'static str,
    /// `reminder`, `overdue` or `patent_alert`.
    pub kind: String,
    /// Matter (case notifications).
    pub matter_id: Option<i64>,
    /// Receipt number of the matter (case notifications; empty otherwise).
    pub receipt_no: String,
    /// Clock key (case notifications; empty otherwise).
    pub clock_key: String,
    /// Due date of the clock (case notifications).
    pub due_on: Option<NaiveDate>,
    /// Watch list (patent alerts).
    pub watch_id: Option<i64>,
    /// Patent (patent alerts).
    pub patent_id: Option<i64>,
    /// Title.
    pub title: String,
    /// Text.
    pub body: String,
    /// Created.
    pub created_at: Ts,
    /// Read, if read.
    pub read_at: Option<Ts>,
}

impl From<Notification> for BellItem {
    fn from(n: Notification) -> Self {
        BellItem {
            id: n.id,
            source: "case",
            kind: n.kind,
            matter_id: Some(n.matter_id),
            receipt_no: n.receipt_no,
            clock_key: n.clock_key,
            due_on: Some(n.due_on),
            watch_id: None,
            patent_id: None,
            title: n.title,
            body: n.body,
            created_at: n.created_at,
            read_at: n.read_at,
        }
    }
}

impl From<AlertBellItem> for BellItem {
    fn from(a: AlertBellItem) -> Self {
        let patent = match (&a.publication_number, &a.title) {
            (Some(pn), Some(t)) => format!("{pn} {t}"),
            (Some(pn), None) => pn.clone(),
            _ => format!("#{}", a.patent_id),
        };
        BellItem {
            id: a.id,
            source: "patent_alert",
            kind: "patent_alert".into(),
            matter_id: None,
            receipt_no: String::new(),
            clock_key: String::new(),
            due_on: None,
            watch_id: Some(a.watch_id),
            patent_id: Some(a.patent_id),
            title: format!("专利预警：{}", a.watch_name),
            body: format!("新命中 / new match: {patent}"),
            created_at: a.created_at,
            read_at: a.read_at,
        }
    }
}

/// My notifications.
#[derive(Serialize, ToSchema)]
pub struct NotificationList {
    /// Newest first, both sources together.
    pub items: Vec<BellItem>,
    /// Unread in total (both sources).
    pub unread: i64,
    /// Unread patent alerts among them.
    pub unread_patent_alerts: i64,
}

/// My notifications (case reminders and patent alerts), newest first, with the unread count.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "auth", params(NotificationQuery), responses((status = 200, body = NotificationList)))]
async fn list(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<NotificationQuery>,
) -> ApiResult<Json<NotificationList>> {
    let unread_only = q.unread.unwrap_or(false);
    let limit = q.limit.unwrap_or(50).clamp(1, 500);
    let mut items: Vec<BellItem> =
        s.store.notifications(p.id, unread_only, limit).await?.into_iter().map(BellItem::from).collect();
    items.extend(s.store.alert_notices_for_bell(p.id, unread_only, limit).await?.into_iter().map(BellItem::from));
    items.sort_by(|a, b| b.created_at.cmp(&a.created_at).then_with(|| b.id.cmp(&a.id)));
    items.truncate(usize::try_from(limit).unwrap_or(50));
    let case = s.store.unread_notifications(p.id).await?;
    let patent = s.store.unread_alert_notices(p.id).await?;
    Ok(Json(NotificationList { items, unread: case + patent, unread_patent_alerts: patent }))
}

/// Which notification to mark.
#[derive(Deserialize, IntoParams)]
pub struct SourceQuery {
    /// `case` (default) or `patent_alert`.
    pub source: Option<String>,
}

/// Mark one of my notifications read (`?source=patent_alert` for a patent alert).
#[utoipa::path(post, path = "/api/v1/notifications/{id}/read", tag = "auth", params(SourceQuery), responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn read_one(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<i64>,
    ApiQuery(q): ApiQuery<SourceQuery>,
) -> ApiResult<StatusCode> {
    let now = Ts::new(Utc::now());
    match q.source.as_deref().unwrap_or("case") {
        "case" => {
            s.store.mark_notifications_read(p.id, Some(id), now).await?;
        }
        "patent_alert" => {
            let n = s.store.mark_alert_notices_read(p.id, Some(id), now).await?;
            if n == 0 && !s.store.alert_notice_is_mine(p.id, id).await? {
                return Err(ApiError::NotFound);
            }
        }
        _ => return Err(ApiError::field("source", "应为 case 或 patent_alert (case or patent_alert)")),
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Mark all my notifications read (case reminders and patent alerts).
#[utoipa::path(post, path = "/api/v1/notifications/read-all", tag = "auth", responses((status = 204)))]
async fn read_all(State(s): State<AppState>, p: Principal) -> ApiResult<StatusCode> {
    let now = Ts::new(Utc::now());
    s.store.mark_notifications_read(p.id, None, now).await?;
    s.store.mark_alert_notices_read(p.id, None, now).await?;
    Ok(StatusCode::NO_CONTENT)
}
