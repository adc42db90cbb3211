//! Geography: administrative areas (街镇 and 功能区) and grid cells as GeoJSON polygons (WGS84), and protection
//! stations (知识产权保护工作站) as points.

use serde::Serialize;

use crate::{with_db, Store, StoreResult};

/// An area; `geometry` is a GeoJSON geometry object as text.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Area {
    /// Id.
    pub id: i64,
    /// Code (e.g. `120116001`).
    pub code: String,
    /// Name.
    pub name: String,
    /// `street` / `town` / `zone` (dictionary `area_kind`).
    pub kind: String,
    /// GeoJSON geometry.
    pub geometry: String,
    /// Demo geometry, not a real boundary.
    pub demo: bool,
}

/// A grid cell (网格).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Cell {
    /// Id.
    pub id: i64,
    /// Code: area code + cell number.
    pub code: String,
    /// Area.
    pub area_id: i64,
    /// Name.
    pub name: String,
    /// GeoJSON geometry.
    pub geometry: String,
}

/// A protection station.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Station {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Area.
    pub area_id: i64,
    /// Area name.
    pub area_name: String,
    /// Responsible department.
    pub dept_id: Option<i64>,
    /// Longitude (WGS84).
    pub lon: f64,
    /// Latitude (WGS84).
    pub lat: f64,
    /// Address.
    pub address: Option<String>,
    /// Staff as a JSON array of `{name, role, phone}`.
    pub staff: String,
}

/// Counts for the portal.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct GeoCounts {
    /// Areas.
    pub areas: i64,
    /// Cells.
    pub cells: i64,
    /// Stations.
    pub stations: i64,
    /// Departments.
    pub depts: i64,
}

impl Store {
    /// Insert an area (geometry already checked); returns its id.
    pub async fn insert_area(
        &self,
        code: &str,
        name: &str,
        kind: &str,
        geometry: &str,
        demo: bool,
    ) -> StoreResult<i64> {
        Ok(with_db!(self, pool => {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO areas (code, name, kind, geometry, demo) VALUES ($1, $2, $3, $4, $5) RETURNING id")
                .bind(code).bind(name).bind(kind).bind(geometry).bind(demo).fetch_one(pool).await?
        }))
    }

    /// Insert a cell; returns its id.
    pub async fn insert_cell(&self, code: &str, area_id: i64, name: &str, geometry: &str) -> StoreResult<i64> {
        Ok(with_db!(self, pool => {
            sqlx::query_scalar::<_, i64>("INSERT INTO cells (code, area_id, name, geometry) VALUES ($1, $2, $3, $4) RETURNING id")
                .bind(code).bind(area_id).bind(name).bind(geometry).fetch_one(pool).await?
        }))
    }

    /// Insert a station; returns its id.
    #[allow(clippy::too_many_arguments)]
    pub async fn insert_station(
        &self,
        name: &str,
        area_id: i64,
        dept_id: Option<i64>,
        lon: f64,
        lat: f64,
        address: Option<&str>,
        staff_json: &str,
    ) -> StoreResult<i64> {
        Ok(with_db!(self, pool => {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO stations (name, area_id, dept_id, lon, lat, address, staff) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
                .bind(name).bind(area_id).bind(dept_id).bind(lon).bind(lat).bind(address).bind(staff_json)
                .fetch_one(pool).await?
        }))
    }

    /// Every area.
    pub async fn list_areas(&self) -> StoreResult<Vec<Area>> {
        Ok(with_db!(self, pool => {
            sqlx::query_as::<_, Area>("SELECT id, code, name, kind, geometry, demo FROM areas ORDER BY code")
                .fetch_all(pool).await?
        }))
    }

    /// Cells, optionally of one area.
    pub async fn list_cells(&self, area_id: Option<i64>) -> StoreResult<Vec<Cell>> {
        Ok(with_db!(self, pool => {
            sqlx::query_as::<_, Cell>(
                "SELECT id, code, area_id, name, geometry FROM cells WHERE ($1 IS NULL OR area_id = $1) ORDER BY code")
                .bind(area_id).fetch_all(pool).await?
        }))
    }

    /// Every station.
    pub async fn list_stations(&self) -> StoreResult<Vec<Station>> {
        Ok(with_db!(self, pool => {
            sqlx::query_as::<_, Station>(
                "SELECT s.id, s.name, s.area_id, a.name AS area_name, s.dept_id, s.lon, s.lat, s.address, s.staff \
                 FROM stations s JOIN areas a ON a.id = s.area_id ORDER BY a.code, s.id")
                .fetch_all(pool).await?
        }))
    }

    /// Counts for the public portal.
    pub async fn geo_counts(&self) -> StoreResult<GeoCounts> {
        Ok(with_db!(self, pool => {
            let (areas, cells, stations, depts): (i64, i64, i64, i64) = sqlx::query_as(
                "SELECT (SELECT COUNT(*) FROM areas), (SELECT COUNT(*) FROM cells), (SELECT COUNT(*) FROM stations), \
                 (SELECT COUNT(*) FROM depts)")
                .fetch_one(pool).await?;
            GeoCounts { areas, cells, stations, depts }
        }))
    }
}
