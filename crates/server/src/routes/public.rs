//! The public portal's data (no login).

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiResult;
use crate::state::AppState;

/// Portal statistics.
#[derive(Serialize, ToSchema)]
pub struct PortalStats {
    /// Protection stations.
    pub stations: i64,
    /// Areas.
    pub areas: i64,
    /// Grid cells.
    pub cells: i64,
    /// Departments.
    pub depts: i64,
}

/// The portal's landing data.
#[derive(Serialize, ToSchema)]
pub struct Portal {
    /// Zone name (Chinese).
    pub name_zh: String,
    /// Zone name (English).
    pub name_en: String,
    /// Statistics.
    pub stats: PortalStats,
    /// Public notices.
    pub notices: Vec<String>,
}

/// Routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(portal))
}

/// The public landing page's data.
#[utoipa::path(get, path = "/api/v1/public/portal", tag = "public", responses((status = 200, body = Portal)))]
async fn portal(State(state): State<AppState>) -> ApiResult<Json<Portal>> {
    let c = state.store.geo_counts().await?;
    Ok(Json(Portal {
        name_zh: "滨海新区国家知识产权保护示范区".into(),
        name_en: "Binhai New Area National IP Protection Demonstration Zone".into(),
        stats: PortalStats { stations: c.stations, areas: c.areas, cells: c.cells, depts: c.depts },
        notices: Vec::new(),
    }))
}
