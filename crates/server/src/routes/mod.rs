//! HTTP routes, one module per area of the console. Each module exposes `router()`, an `OpenApiRouter` whose
//! routes and OpenAPI docs are registered together so they cannot drift apart.

pub mod auth;
pub mod calendar;
pub mod cases;
pub mod cases_public;
pub mod depts;
pub mod dicts;
// Grid draws, inspections, closed loop, joint actions — helper B
pub mod draws;
pub mod evidence;
pub mod geo;
pub mod ledger;
pub mod monitor;
pub mod notifications;
pub mod ops;
// patents (issue 5, patents core)
pub mod patents;
pub mod public;
pub mod roles;
pub mod users;
// Grid registry (helper A, issue 6).
pub mod grid;
// Patent analytics and watch lists (专利分析/预警, helper D).
pub mod patent_analysis;
pub mod patent_watch;

use zhibao_store::PageRequest;

use crate::error::ApiError;

/// Build a [`PageRequest`], refusing out-of-range values with field errors.
pub fn page_request(
    page: Option<u32>,
    page_size: Option<u32>,
    sort: Option<String>,
    order: Option<&str>,
) -> Result<PageRequest, ApiError> {
    let page = page.unwrap_or(1);
    if page == 0 {
        return Err(ApiError::field("page", "页码从 1 开始"));
    }
    let page_size = page_size.unwrap_or(20);
    if !(1..=500).contains(&page_size) {
        return Err(ApiError::field("page_size", "每页条数应为 1–500"));
    }
    let desc = match order.unwrap_or("asc") {
        "asc" | "ascending" | "" => false,
        "desc" | "descending" => true,
        _ => return Err(ApiError::field("order", "只能是 asc 或 desc")),
    };
    Ok(PageRequest { page, page_size, sort, desc })
}

/// A 204 answer.
pub fn no_content() -> axum::http::StatusCode {
    axum::http::StatusCode::NO_CONTENT
}
