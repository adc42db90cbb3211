//! The working-day calendar (工作日历): read the year tables, compute due dates, and — for administrators — add or
//! correct a year's table from the 国务院办公厅 notice without a release.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zhibao_domain::calendar::{CalendarError, YearTable};
use zhibao_store::Ts;

use crate::auth::Principal;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiQuery};
use crate::state::AppState;

/// Routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(years)).routes(routes!(put_year)).routes(routes!(due))
}

/// A year of the calendar.
#[derive(Serialize, ToSchema)]
pub struct YearInfo {
    /// Year.
    pub year: i32,
    /// The notice it comes from.
    pub source: String,
    /// Added by an administrator (not built in).
    pub added: bool,
    /// The table: holidays (named spans) and make-up working days.
    #[schema(value_type = Object)]
    pub table: YearTable,
}

/// Every year the calendar holds.
#[utoipa::path(get, path = "/api/v1/calendar/years", tag = "calendar", responses((status = 200, body = [YearInfo])))]
async fn years(State(s): State<AppState>, _p: Principal) -> ApiResult<Json<Vec<YearInfo>>> {
    let added: Vec<i32> = s.store.calendar_years().await?.iter().map(|r| r.year).collect();
    let cal = s.calendar();
    Ok(Json(
        cal.years()
            .filter_map(|y| cal.table(y))
            .map(|t| YearInfo {
                year: t.year,
                source: t.source.clone(),
                added: added.contains(&t.year),
                table: t.clone(),
            })
            .collect(),
    ))
}

/// Add or correct a year's table (permission `case:calendar:edit`). The table is validated; on success every
/// running clock is recomputed against the new calendar.
#[utoipa::path(put, path = "/api/v1/calendar/years/{year}", tag = "calendar", request_body(content = Object),
    responses((status = 204), (status = 422, body = ErrorBody)))]
async fn put_year(
    State(s): State<AppState>,
    p: Principal,
    Path(year): Path<i32>,
    ApiJson(table): ApiJson<YearTable>,
) -> ApiResult<StatusCode> {
    p.require("case:calendar:edit")?;
    if table.year != year {
        return Err(ApiError::field("year", "与路径中的年份不一致"));
    }
    table.validate().map_err(|e| ApiError::field("table", e.to_string()))?;
    let body = serde_json::to_string(&table).map_err(|e| ApiError::Internal(e.into()))?;
    s.store.put_calendar_year(year, &table.source, &body, Some(p.id), Ts::new(Utc::now())).await?;
    s.reload_calendar().await?;
    let moved = crate::casework::progress::recompute_clocks(&s).await?;
    let dues = crate::routes::draws::recompute_publication_dues(&s).await?;
    // Clocks that just got a due date already in the past are escalated now, not at the next periodic sweep.
    let missed = crate::casework::progress::sweep_overdue(&s, crate::casework::progress::today(&s)).await?;
    tracing::info!(year, moved, missed, dues, "calendar year stored; clocks and publication dues recomputed");
    Ok(StatusCode::NO_CONTENT)
}

/// Due-date question.
#[derive(Deserialize, IntoParams)]
pub struct DueQuery {
    /// Start day (not counted).
    pub from: NaiveDate,
    /// Working days.
    pub workdays: Option<u32>,
    /// Calendar days (rolled to the next working day).
    pub days: Option<u32>,
    /// Months (same day number, month end if none, rolled).
    pub months: Option<u32>,
}

/// A due date.
#[derive(Serialize, ToSchema)]
pub struct Due {
    /// The due date.
    pub due: NaiveDate,
    /// Whether `from` is a working day.
    pub from_is_workday: bool,
}

/// Compute a statutory due date on the working-day calendar.
#[utoipa::path(get, path = "/api/v1/calendar/due", tag = "calendar", params(DueQuery), responses((status = 200, body = Due), (status = 422, body = ErrorBody)))]
async fn due(State(s): State<AppState>, _p: Principal, ApiQuery(q): ApiQuery<DueQuery>) -> ApiResult<Json<Due>> {
    let cal = s.calendar();
    let result = match (q.workdays, q.days, q.months) {
        (Some(n), None, None) => cal.add_workdays(q.from, n),
        (None, Some(n), None) => cal.add_days(q.from, n),
        (None, None, Some(n)) => cal.add_months(q.from, n),
        _ => return Err(ApiError::field("workdays", "workdays、days、months 须且只能给出一个")),
    };
    let due = result.map_err(calendar_error)?;
    let from_is_workday = cal.is_workday(q.from).map_err(calendar_error)?;
    Ok(Json(Due { due, from_is_workday }))
}

/// A calendar error as a field error (a year not covered is the client's question, not a server fault).
pub fn calendar_error(e: CalendarError) -> ApiError {
    ApiError::field("calendar", e.to_string())
}
