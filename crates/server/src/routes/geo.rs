//! Geography for the organisation map: areas and cells as GeoJSON FeatureCollections, stations as points.

use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zhibao_store::geo::Station;

use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiQuery;
use crate::state::AppState;

/// Routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(areas)).routes(routes!(cells)).routes(routes!(stations))
}

fn geometry(text: &str) -> ApiResult<Value> {
    serde_json::from_str(text).map_err(|e| ApiError::Internal(anyhow::anyhow!("stored geometry is not JSON: {e}")))
}

/// Areas (街镇 and 功能区) as a GeoJSON FeatureCollection.
#[utoipa::path(get, path = "/api/v1/geo/areas", tag = "geo", responses((status = 200, body = Object)))]
async fn areas(State(state): State<AppState>, p: Principal) -> ApiResult<Json<Value>> {
    p.require("geo:map:view")?;
    let mut features = Vec::new();
    for a in state.store.list_areas().await? {
        features.push(json!({
            "type": "Feature", "id": a.id,
            "properties": {"id": a.id, "code": a.code, "name": a.name, "kind": a.kind, "demo": a.demo},
            "geometry": geometry(&a.geometry)?,
        }));
    }
    Ok(Json(json!({"type": "FeatureCollection", "features": features})))
}

/// Cell filter.
#[derive(Deserialize, IntoParams)]
pub struct CellQuery {
    /// Only cells of this area.
    pub area_id: Option<i64>,
}

/// Grid cells as a GeoJSON FeatureCollection.
#[utoipa::path(get, path = "/api/v1/geo/cells", tag = "geo", params(CellQuery), responses((status = 200, body = Object)))]
async fn cells(
    State(state): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<CellQuery>,
) -> ApiResult<Json<Value>> {
    p.require("geo:map:view")?;
    let mut features = Vec::new();
    for c in state.store.list_cells(q.area_id).await? {
        features.push(json!({
            "type": "Feature", "id": c.id,
            "properties": {"id": c.id, "code": c.code, "area_id": c.area_id, "name": c.name},
            "geometry": geometry(&c.geometry)?,
        }));
    }
    Ok(Json(json!({"type": "FeatureCollection", "features": features})))
}

/// Protection stations (知识产权保护工作站).
#[utoipa::path(get, path = "/api/v1/geo/stations", tag = "geo", responses((status = 200, body = [Station])))]
async fn stations(State(state): State<AppState>, p: Principal) -> ApiResult<Json<Vec<Value>>> {
    p.require("geo:map:view")?;
    let mut out = Vec::new();
    for s in state.store.list_stations().await? {
        let staff: Value = serde_json::from_str(&s.staff).unwrap_or(Value::Array(vec![]));
        out.push(json!({
            "id": s.id, "name": s.name, "area_id": s.area_id, "area_name": s.area_name, "dept_id": s.dept_id,
            "lon": s.lon, "lat": s.lat, "address": s.address, "staff": staff,
        }));
    }
    Ok(Json(out))
}
