//! The operation log (操作日志) and login log (登录日志), searchable, scoped by the department of the entry's user.

use axum::extract::State;
use axum::Json;
use chrono::{NaiveDate, TimeZone};
use chrono_tz::Asia::Shanghai;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zhibao_store::logs::{LogFilter, LoginLog, OpLog};
use zhibao_store::{Page, Ts};

use super::page_request;
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiQuery;
use crate::state::AppState;

/// Routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(oplog)).routes(routes!(loginlog))
}

/// Log filters and paging.
#[derive(Deserialize, IntoParams)]
pub struct LogQuery {
    /// Page.
    pub page: Option<u32>,
    /// Rows per page.
    pub page_size: Option<u32>,
    /// Login name contains.
    pub username: Option<String>,
    /// Module contains (operation log).
    pub module: Option<String>,
    /// Result.
    pub result: Option<String>,
    /// From: `YYYY-MM-DD` (a day in Asia/Shanghai) or an RFC 3339 instant.
    pub from: Option<String>,
    /// To (inclusive day, or exclusive instant).
    pub to: Option<String>,
}

/// Parse a bound: a Shanghai calendar day (the `to` bound then covers the whole day) or an RFC 3339 instant.
fn bound(field: &str, raw: Option<&str>, end: bool) -> ApiResult<Option<Ts>> {
    let Some(raw) = raw.map(str::trim).filter(|s| !s.is_empty()) else { return Ok(None) };
    if let Ok(d) = NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        let d = if end { d.succ_opt().unwrap_or(d) } else { d };
        let local = d.and_hms_opt(0, 0, 0).and_then(|t| Shanghai.from_local_datetime(&t).single());
        return local.map(|t| Some(Ts::new(t.to_utc()))).ok_or_else(|| ApiError::field(field, "日期无效"));
    }
    chrono::DateTime::parse_from_rfc3339(raw)
        .map(|t| Some(Ts::new(t.to_utc())))
        .map_err(|_| ApiError::field(field, "日期格式应为 YYYY-MM-DD 或 RFC 3339"))
}

fn filter(q: &LogQuery) -> ApiResult<LogFilter> {
    Ok(LogFilter {
        username: q.username.clone(),
        module: q.module.clone(),
        result: q.result.clone(),
        from: bound("from", q.from.as_deref(), false)?,
        to: bound("to", q.to.as_deref(), true)?,
    })
}

/// A page of the operation log, newest first.
#[utoipa::path(get, path = "/api/v1/monitor/oplog", tag = "monitor", params(LogQuery), responses((status = 200, body = Page<OpLog>)))]
async fn oplog(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<LogQuery>,
) -> ApiResult<Json<Page<OpLog>>> {
    p.require("monitor:operlog:list")?;
    let page = page_request(q.page, q.page_size, None, None)?;
    Ok(Json(s.store.list_op_log(&p.scope, &filter(&q)?, &page).await?))
}

/// A page of the login log, newest first.
#[utoipa::path(get, path = "/api/v1/monitor/loginlog", tag = "monitor", params(LogQuery), responses((status = 200, body = Page<LoginLog>)))]
async fn loginlog(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<LogQuery>,
) -> ApiResult<Json<Page<LoginLog>>> {
    p.require("monitor:logininfor:list")?;
    let page = page_request(q.page, q.page_size, None, None)?;
    Ok(Json(s.store.list_login_log(&p.scope, &filter(&q)?, &page).await?))
}
