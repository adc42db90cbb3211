//! Grid registry (网格化监管): market entities (市场主体) with tags and their placement in grid cells, grid
//! inspectors (网格员) assigned to cells, and the per-cell counts behind the risk heat map.
//!
//! Values arrive validated (see `zhibao_domain::grid::entity`). Placement (which cell a point lies in) is computed
//! by the domain and written here with [`Store::set_placements`]; an entity in no cell keeps `cell_id` NULL and
//! appears in [`Store::list_entities`] with `placed = Some(false)` — it is never dropped.
//!
//! Data scope: an entity belongs to its supervising department (`dept_id`); a "self only" scope sees the entities
//! it created and those in the cells it is assigned to as grid inspector.

use serde::Serialize;
use zhibao_domain::scope::Filter;

use crate::page::{Arg, Where};
use crate::{bind_args, with_db, Page, PageRequest, Store, StoreError, StoreResult, Ts};

/// A market entity (市场主体) as stored.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Entity {
    /// Id.
    pub id: i64,
    /// 统一社会信用代码 (GB 32100).
    pub credit_code: String,
    /// Name.
    pub name: String,
    /// 法定代表人.
    pub legal_rep: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Longitude (WGS84).
    pub lon: Option<f64>,
    /// Latitude (WGS84).
    pub lat: Option<f64>,
    /// 国民经济行业分类 (GB/T 4754-2017) code, e.g. `C2710`.
    pub industry: String,
    /// Registered rights (patent / trademark numbers or titles), one text each.
    pub rights: Vec<String>,
    /// Tags (dictionary `grid_entity_tag`).
    pub tags: Vec<String>,
    /// `low` / `medium` / `high`.
    pub risk_level: String,
    /// Area the point lies in.
    pub area_id: Option<i64>,
    /// Area code.
    pub area_code: Option<String>,
    /// Area name.
    pub area_name: Option<String>,
    /// Cell the point lies in; `None` = unplaced.
    pub cell_id: Option<i64>,
    /// Cell code.
    pub cell_code: Option<String>,
    /// Cell name.
    pub cell_name: Option<String>,
    /// Supervising department.
    pub dept_id: i64,
    /// Department name.
    pub dept_name: String,
    /// `active` / `disabled`.
    pub status: String,
    /// Creator.
    pub created_by: Option<i64>,
    /// Created.
    pub created_at: Ts,
    /// Last changed.
    pub updated_at: Ts,
}

#[derive(sqlx::FromRow)]
struct EntityRow {
    id: i64,
    credit_code: String,
    name: String,
    legal_rep: Option<String>,
    address: Option<String>,
    lon: Option<f64>,
    lat: Option<f64>,
    industry: String,
    rights: String,
    risk_level: String,
    area_id: Option<i64>,
    area_code: Option<String>,
    area_name: Option<String>,
    cell_id: Option<i64>,
    cell_code: Option<String>,
    cell_name: Option<String>,
    dept_id: i64,
    dept_name: String,
    status: String,
    created_by: Option<i64>,
    created_at: Ts,
    updated_at: Ts,
}

impl EntityRow {
    fn into_entity(self, tags: Vec<String>) -> Entity {
        Entity {
            id: self.id,
            credit_code: self.credit_code,
            name: self.name,
            legal_rep: self.legal_rep,
            address: self.address,
            lon: self.lon,
            lat: self.lat,
            industry: self.industry,
            rights: serde_json::from_str(&self.rights).unwrap_or_default(),
            tags,
            risk_level: self.risk_level,
            area_id: self.area_id,
            area_code: self.area_code,
            area_name: self.area_name,
            cell_id: self.cell_id,
            cell_code: self.cell_code,
            cell_name: self.cell_name,
            dept_id: self.dept_id,
            dept_name: self.dept_name,
            status: self.status,
            created_by: self.created_by,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

/// A market entity to insert or the new values of one (validated by the domain).
#[derive(Debug, Clone, PartialEq)]
pub struct NewEntity {
    /// 统一社会信用代码.
    pub credit_code: String,
    /// Name.
    pub name: String,
    /// 法定代表人.
    pub legal_rep: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Longitude.
    pub lon: Option<f64>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Industry code.
    pub industry: String,
    /// Registered rights.
    pub rights: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Risk level.
    pub risk_level: String,
    /// Supervising department.
    pub dept_id: i64,
    /// `active` / `disabled`.
    pub status: String,
    /// Placement: area.
    pub area_id: Option<i64>,
    /// Placement: cell.
    pub cell_id: Option<i64>,
}

/// Filters of the entity list (all optional, combined with AND).
#[derive(Debug, Clone, Default)]
pub struct EntityFilter {
    /// Substring of the name.
    pub name: Option<String>,
    /// Exact credit code.
    pub credit_code: Option<String>,
    /// Industry code prefix (`C`, `C27`, `C2710`).
    pub industry: Option<String>,
    /// Area.
    pub area_id: Option<i64>,
    /// Cell.
    pub cell_id: Option<i64>,
    /// Cell code (heat-map drill-down).
    pub cell_code: Option<String>,
    /// Tag.
    pub tag: Option<String>,
    /// Risk level.
    pub risk_level: Option<String>,
    /// `Some(false)`: only unplaced entities; `Some(true)`: only placed ones.
    pub placed: Option<bool>,
    /// Status.
    pub status: Option<String>,
}

/// A point to place: (entity id, lon, lat).
#[derive(Debug, Clone, Copy, PartialEq, sqlx::FromRow)]
pub struct EntityPoint {
    /// Entity.
    pub id: i64,
    /// Longitude.
    pub lon: Option<f64>,
    /// Latitude.
    pub lat: Option<f64>,
}

/// One inspector assigned to a cell.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, PartialEq, sqlx::FromRow)]
pub struct CellInspector {
    /// Cell.
    pub cell_id: i64,
    /// Cell code.
    pub cell_code: String,
    /// User.
    pub user_id: i64,
    /// User name.
    pub username: String,
    /// Display name.
    pub display_name: String,
}

const COLS: &str = "e.id, e.credit_code, e.name, e.legal_rep, e.address, e.lon, e.lat, e.industry, e.rights, \
    e.risk_level, e.area_id, a.code AS area_code, a.name AS area_name, e.cell_id, c.code AS cell_code, \
    c.name AS cell_name, e.dept_id, d.name AS dept_name, e.status, e.created_by, e.created_at, e.updated_at";
const FROM: &str = " FROM market_entities e JOIN depts d ON d.id = e.dept_id \
    LEFT JOIN areas a ON a.id = e.area_id LEFT JOIN cells c ON c.id = e.cell_id";
const SORTS: &[(&str, &str)] = &[
    ("name", "e.name"),
    ("credit_code", "e.credit_code"),
    ("industry", "e.industry"),
    ("risk_level", "e.risk_level"),
    ("created_at", "e.created_at"),
    ("updated_at", "e.updated_at"),
];

/// The data-scope fragment for market entities: the department filter, and for a "self only" scope the entities the
/// user created or that lie in a cell the user inspects.
pub fn entity_scope(filter: &Filter) -> String {
    let base = crate::scope::sql(filter, "e.dept_id", Some("e.created_by"));
    match filter {
        Filter::Restricted { own_user: Some(u), .. } => {
            format!("({base} OR e.cell_id IN (SELECT ci.cell_id FROM cell_inspectors ci WHERE ci.user_id = {u}))")
        }
        _ => base,
    }
}

fn entity_where(filter: &Filter, f: &EntityFilter) -> Where {
    let mut w = Where::new(entity_scope(filter));
    w.like("e.name", f.name.as_deref());
    w.eq_str("e.credit_code", f.credit_code.as_deref());
    if let Some(ind) = f.industry.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        w.and("e.industry LIKE ?", Arg::S(format!("{}%", ind.replace(['%', '_'], ""))));
    }
    if let Some(a) = f.area_id {
        w.and("e.area_id = ?", Arg::I(a));
    }
    if let Some(c) = f.cell_id {
        w.and("e.cell_id = ?", Arg::I(c));
    }
    if let Some(c) = f.cell_code.as_deref().filter(|s| !s.is_empty()) {
        w.and("e.cell_id IN (SELECT cc.id FROM cells cc WHERE cc.code = ?)", Arg::S(c.to_string()));
    }
    if let Some(t) = f.tag.as_deref().filter(|s| !s.is_empty()) {
        w.and("e.id IN (SELECT t.entity_id FROM market_entity_tags t WHERE t.tag = ?)", Arg::S(t.to_string()));
    }
    w.eq_str("e.risk_level", f.risk_level.as_deref());
    w.eq_str("e.status", f.status.as_deref());
    match f.placed {
        Some(true) => {
            w.and_fixed("e.cell_id IS NOT NULL");
        }
        Some(false) => {
            w.and_fixed("e.cell_id IS NULL");
        }
        None => {}
    }
    w
}

impl Store {
    async fn entity_tags(&self, ids: &[i64]) -> StoreResult<Vec<(i64, String)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let sql = format!("SELECT entity_id, tag FROM market_entity_tags WHERE entity_id IN ({list}) ORDER BY tag");
        Ok(with_db!(self, pool => sqlx::query_as::<_, (i64, String)>(&sql).fetch_all(pool).await?))
    }

    async fn entities_with_tags(&self, rows: Vec<EntityRow>) -> StoreResult<Vec<Entity>> {
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let mut tags = std::collections::HashMap::<i64, Vec<String>>::new();
        for chunk in ids.chunks(500) {
            for (id, t) in self.entity_tags(chunk).await? {
                tags.entry(id).or_default().push(t);
            }
        }
        Ok(rows
            .into_iter()
            .map(|r| {
                let t = tags.remove(&r.id).unwrap_or_default();
                r.into_entity(t)
            })
            .collect())
    }

    /// Insert market entities in one transaction: all or none. On failure returns the index of the entity that
    /// failed (e.g. a duplicate credit code → [`StoreError::Conflict`]).
    pub async fn insert_entities(
        &self,
        entities: &[NewEntity],
        created_by: Option<i64>,
        now: Ts,
    ) -> Result<Vec<i64>, (usize, StoreError)> {
        let mut current = 0usize;
        let mut ids = Vec::with_capacity(entities.len());
        let result: StoreResult<()> = async {
            with_db!(self, pool => {
                let mut tx = pool.begin_write().await?;
                for (i, e) in entities.iter().enumerate() {
                    current = i;
                    let rights = serde_json::to_string(&e.rights).unwrap_or_else(|_| "[]".into());
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO market_entities (credit_code, name, legal_rep, address, lon, lat, industry, rights, \
                         risk_level, area_id, cell_id, dept_id, status, created_by, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id")
                        .bind(&e.credit_code).bind(&e.name).bind(&e.legal_rep).bind(&e.address).bind(e.lon).bind(e.lat)
                        .bind(&e.industry).bind(rights).bind(&e.risk_level).bind(e.area_id).bind(e.cell_id)
                        .bind(e.dept_id).bind(&e.status).bind(created_by).bind(now)
                        .fetch_one(&mut *tx).await?;
                    for t in &e.tags {
                        sqlx::query("INSERT INTO market_entity_tags (entity_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                            .bind(id).bind(t).execute(&mut *tx).await?;
                    }
                    ids.push(id);
                }
                tx.commit().await?;
            });
            Ok(())
        }
        .await;
        result.map(|_| ids).map_err(|e| (current, e))
    }

    /// Insert one market entity; returns its id.
    pub async fn insert_entity(&self, e: &NewEntity, created_by: Option<i64>, now: Ts) -> StoreResult<i64> {
        self.insert_entities(std::slice::from_ref(e), created_by, now)
            .await
            .map(|ids| ids.first().copied().unwrap_or_default())
            .map_err(|(_, e)| e)
    }

    /// One entity within `filter` ([`StoreError::NotFound`] outside it).
    pub async fn get_entity(&self, filter: &Filter, id: i64) -> StoreResult<Entity> {
        let sql = format!("SELECT {COLS}{FROM} WHERE e.id = $1 AND {}", entity_scope(filter));
        let row: Option<EntityRow> =
            with_db!(self, pool => sqlx::query_as::<_, EntityRow>(&sql).bind(id).fetch_optional(pool).await?);
        let row = row.ok_or(StoreError::NotFound)?;
        Ok(self.entities_with_tags(vec![row]).await?.remove(0))
    }

    /// Replace an entity's values (and tags) within `filter`.
    pub async fn update_entity(&self, filter: &Filter, id: i64, e: &NewEntity, now: Ts) -> StoreResult<Entity> {
        self.get_entity(filter, id).await?;
        let rights = serde_json::to_string(&e.rights).unwrap_or_else(|_| "[]".into());
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "UPDATE market_entities SET credit_code = $1, name = $2, legal_rep = $3, address = $4, lon = $5, lat = $6, \
                 industry = $7, rights = $8, risk_level = $9, area_id = $10, cell_id = $11, dept_id = $12, status = $13, \
                 updated_at = $14 WHERE id = $15")
                .bind(&e.credit_code).bind(&e.name).bind(&e.legal_rep).bind(&e.address).bind(e.lon).bind(e.lat)
                .bind(&e.industry).bind(rights).bind(&e.risk_level).bind(e.area_id).bind(e.cell_id).bind(e.dept_id)
                .bind(&e.status).bind(now).bind(id)
                .execute(&mut *tx).await?;
            sqlx::query("DELETE FROM market_entity_tags WHERE entity_id = $1").bind(id).execute(&mut *tx).await?;
            for t in &e.tags {
                sqlx::query("INSERT INTO market_entity_tags (entity_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                    .bind(id).bind(t).execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        self.get_entity(filter, id).await
    }

    /// Delete an entity within `filter`.
    pub async fn delete_entity(&self, filter: &Filter, id: i64) -> StoreResult<()> {
        self.get_entity(filter, id).await?;
        with_db!(self, pool => {
            sqlx::query("DELETE FROM market_entities WHERE id = $1").bind(id).execute(pool).await?;
        });
        Ok(())
    }

    /// One page of entities within `filter` matching `f`.
    pub async fn list_entities(
        &self,
        filter: &Filter,
        f: &EntityFilter,
        page: &PageRequest,
    ) -> StoreResult<Page<Entity>> {
        let w = entity_where(filter, f);
        let sql =
            format!("SELECT {COLS}{FROM}{}{}{}", w.sql(), page.order_by(SORTS, "e.id", "e.id"), page.limit_offset());
        let count = format!("SELECT COUNT(*) FROM market_entities e{}", w.sql());
        let (rows, total): (Vec<EntityRow>, i64) = with_db!(self, pool => (
            bind_args!(sqlx::query_as::<_, EntityRow>(&sql), w.args).fetch_all(pool).await?,
            bind_args!(sqlx::query_scalar::<_, i64>(&count), w.args).fetch_one(pool).await?,
        ));
        let items = self.entities_with_tags(rows).await?;
        Ok(Page { items, total, page: page.page.max(1), page_size: page.page_size.clamp(1, 500) })
    }

    /// Every entity within `filter` matching `f`, ordered by id (export; the draw's entity pool). `limit` caps the
    /// rows read.
    pub async fn all_entities(&self, filter: &Filter, f: &EntityFilter, limit: i64) -> StoreResult<Vec<Entity>> {
        let w = entity_where(filter, f);
        let sql = format!("SELECT {COLS}{FROM}{} ORDER BY e.id LIMIT {}", w.sql(), limit.max(0));
        let rows: Vec<EntityRow> =
            with_db!(self, pool => bind_args!(sqlx::query_as::<_, EntityRow>(&sql), w.args).fetch_all(pool).await?);
        self.entities_with_tags(rows).await
    }

    /// Ids of existing entities among these credit codes (import: duplicates are row errors).
    pub async fn existing_credit_codes(&self, codes: &[String]) -> StoreResult<Vec<String>> {
        let mut out = Vec::new();
        for chunk in codes.chunks(500) {
            if chunk.is_empty() {
                continue;
            }
            let ph: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!("SELECT credit_code FROM market_entities WHERE credit_code IN ({})", ph.join(","));
            let found: Vec<String> = with_db!(self, pool => {
                let mut q = sqlx::query_scalar::<_, String>(&sql);
                for c in chunk {
                    q = q.bind(c);
                }
                q.fetch_all(pool).await?
            });
            out.extend(found);
        }
        Ok(out)
    }

    /// Every entity's point (for re-placing all entities when cells change).
    pub async fn entity_points(&self) -> StoreResult<Vec<EntityPoint>> {
        Ok(with_db!(self, pool => {
            sqlx::query_as::<_, EntityPoint>("SELECT id, lon, lat FROM market_entities ORDER BY id").fetch_all(pool).await?
        }))
    }

    /// Write placements `(entity id, area id, cell id)` in one transaction; returns rows changed.
    pub async fn set_placements(&self, placements: &[(i64, Option<i64>, Option<i64>)]) -> StoreResult<u64> {
        let mut n = 0;
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            for (id, area, cell) in placements {
                n += sqlx::query("UPDATE market_entities SET area_id = $1, cell_id = $2 WHERE id = $3 \
                                  AND (area_id IS DISTINCT FROM $1 OR cell_id IS DISTINCT FROM $2)")
                    .bind(area).bind(cell).bind(id).execute(&mut *tx).await?.rows_affected();
            }
            tx.commit().await?;
        });
        Ok(n)
    }

    /// Assign `user_ids` as the grid inspectors (网格员) of a cell, replacing its previous ones.
    pub async fn set_cell_inspectors(&self, cell_id: i64, user_ids: &[i64], now: Ts) -> StoreResult<()> {
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query("DELETE FROM cell_inspectors WHERE cell_id = $1").bind(cell_id).execute(&mut *tx).await?;
            for u in user_ids {
                sqlx::query("INSERT INTO cell_inspectors (cell_id, user_id, assigned_at) VALUES ($1, $2, $3) \
                             ON CONFLICT DO NOTHING")
                    .bind(cell_id).bind(u).bind(now).execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Inspector assignments, of one cell or all cells, or of one user.
    pub async fn list_cell_inspectors(
        &self,
        cell_id: Option<i64>,
        user_id: Option<i64>,
    ) -> StoreResult<Vec<CellInspector>> {
        Ok(with_db!(self, pool => {
            sqlx::query_as::<_, CellInspector>(
                "SELECT ci.cell_id, c.code AS cell_code, ci.user_id, u.username, u.display_name \
                 FROM cell_inspectors ci JOIN cells c ON c.id = ci.cell_id JOIN users u ON u.id = ci.user_id \
                 WHERE ($1 IS NULL OR ci.cell_id = $1) AND ($2 IS NULL OR ci.user_id = $2) ORDER BY c.code, u.username")
                .bind(cell_id).bind(user_id).fetch_all(pool).await?
        }))
    }
}

/// An area to import (geometry already checked by the domain).
#[derive(Debug, Clone, PartialEq)]
pub struct AreaIn {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Kind (`street` / `town` / `zone`).
    pub kind: String,
    /// GeoJSON geometry text.
    pub geometry: String,
}

/// A cell to import or generate (geometry already checked by the domain).
#[derive(Debug, Clone, PartialEq)]
pub struct CellIn {
    /// Code: area code + `-` + cell number.
    pub code: String,
    /// Area code.
    pub area_code: String,
    /// Name.
    pub name: String,
    /// GeoJSON geometry text.
    pub geometry: String,
    /// H3 index of a generated hexagon.
    pub h3_index: Option<String>,
}

/// What a geography import changed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct GeoImported {
    /// Areas inserted or updated.
    pub areas: usize,
    /// Cells inserted or updated.
    pub cells: usize,
    /// Cells removed (their entities became unplaced until re-placed).
    pub cells_removed: u64,
}

/// A station's editable values.
#[derive(Debug, Clone, PartialEq)]
pub struct StationIn {
    /// Name.
    pub name: String,
    /// Area.
    pub area_id: i64,
    /// Responsible department.
    pub dept_id: Option<i64>,
    /// Longitude.
    pub lon: f64,
    /// Latitude.
    pub lat: f64,
    /// Address.
    pub address: Option<String>,
    /// Staff JSON array.
    pub staff: String,
}

impl Store {
    /// Import areas and cells in one transaction (upsert by code; an area's or cell's code is its stable identity).
    /// When `replace_cells_of` names areas, their cells not in `cells` are removed. Cells name their area by code,
    /// which must be among `areas` or already stored ([`StoreError::Reference`] otherwise).
    pub async fn import_geography(
        &self,
        areas: &[AreaIn],
        cells: &[CellIn],
        replace_cells_of: &[String],
    ) -> StoreResult<GeoImported> {
        let mut out = GeoImported::default();
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            for a in areas {
                sqlx::query("INSERT INTO areas (code, name, kind, geometry, demo) VALUES ($1, $2, $3, $4, FALSE) \
                             ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, \
                             geometry = excluded.geometry")
                    .bind(&a.code).bind(&a.name).bind(&a.kind).bind(&a.geometry).execute(&mut *tx).await?;
                out.areas += 1;
            }
            for c in cells {
                let area: Option<i64> = sqlx::query_scalar("SELECT id FROM areas WHERE code = $1")
                    .bind(&c.area_code).fetch_optional(&mut *tx).await?;
                let area = area.ok_or_else(|| StoreError::Reference(format!("area {}", c.area_code)))?;
                sqlx::query("INSERT INTO cells (code, area_id, name, geometry, h3_index) VALUES ($1, $2, $3, $4, $5) \
                             ON CONFLICT (code) DO UPDATE SET area_id = excluded.area_id, name = excluded.name, \
                             geometry = excluded.geometry, h3_index = excluded.h3_index")
                    .bind(&c.code).bind(area).bind(&c.name).bind(&c.geometry).bind(&c.h3_index)
                    .execute(&mut *tx).await?;
                out.cells += 1;
            }
            for area_code in replace_cells_of {
                let keep: Vec<&str> =
                    cells.iter().filter(|c| &c.area_code == area_code).map(|c| c.code.as_str()).collect();
                let mut sql = String::from(
                    "DELETE FROM cells WHERE area_id = (SELECT id FROM areas WHERE code = $1)");
                if !keep.is_empty() {
                    let ph: Vec<String> = (2..=keep.len() + 1).map(|i| format!("${i}")).collect();
                    sql.push_str(&format!(" AND code NOT IN ({})", ph.join(",")));
                }
                let mut q = sqlx::query(&sql).bind(area_code);
                for k in &keep {
                    q = q.bind(*k);
                }
                out.cells_removed += q.execute(&mut *tx).await?.rows_affected();
            }
            tx.commit().await?;
        });
        Ok(out)
    }

    /// Remove every cell of an area (their entities become unplaced); returns how many.
    pub async fn delete_cells_of_area(&self, area_id: i64) -> StoreResult<u64> {
        Ok(with_db!(self, pool => {
            sqlx::query("DELETE FROM cells WHERE area_id = $1").bind(area_id).execute(pool).await?.rows_affected()
        }))
    }

    /// One area.
    pub async fn get_area(&self, id: i64) -> StoreResult<crate::geo::Area> {
        let a: Option<crate::geo::Area> = with_db!(self, pool => {
            sqlx::query_as::<_, crate::geo::Area>("SELECT id, code, name, kind, geometry, demo FROM areas WHERE id = $1")
                .bind(id).fetch_optional(pool).await?
        });
        a.ok_or(StoreError::NotFound)
    }

    /// Update a station.
    pub async fn update_station(&self, id: i64, s: &StationIn) -> StoreResult<()> {
        let n = with_db!(self, pool => {
            sqlx::query("UPDATE stations SET name = $1, area_id = $2, dept_id = $3, lon = $4, lat = $5, address = $6, \
                         staff = $7 WHERE id = $8")
                .bind(&s.name).bind(s.area_id).bind(s.dept_id).bind(s.lon).bind(s.lat).bind(&s.address)
                .bind(&s.staff).bind(id).execute(pool).await?.rows_affected()
        });
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Delete a station.
    pub async fn delete_station(&self, id: i64) -> StoreResult<()> {
        let n = with_db!(self, pool => {
            sqlx::query("DELETE FROM stations WHERE id = $1").bind(id).execute(pool).await?.rows_affected()
        });
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}

/// A count per cell (heat map).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, PartialEq, sqlx::FromRow)]
pub struct CellCount {
    /// Cell code.
    pub cell_code: String,
    /// Count.
    pub count: i64,
}

/// A matter's cell: its own `cell_code` (set at intake from the respondent's coordinates), or else the cell of the
/// registered market entity named as its respondent (by credit code, then by name).
const MATTER_CELL: &str = "COALESCE(m.cell_code, \
    (SELECT c.code FROM matter_parties p JOIN market_entities e ON e.credit_code = p.credit_code \
     JOIN cells c ON c.id = e.cell_id WHERE p.matter_id = m.id AND p.role = 'respondent' ORDER BY p.id LIMIT 1), \
    (SELECT c.code FROM matter_parties p JOIN market_entities e ON e.name = p.name \
     JOIN cells c ON c.id = e.cell_id WHERE p.matter_id = m.id AND p.role = 'respondent' ORDER BY p.id LIMIT 1))";

impl Store {
    /// Counts per cell of a heat-map measure over `[from, to]` (dates, inclusive), within the data scope `filter`.
    /// `findings` (inspection results) is answered by [`Store::heat_findings`], an extension point that counts
    /// nothing until the inspection tables exist.
    pub async fn heat_counts(
        &self,
        filter: &Filter,
        measure: zhibao_domain::grid::heat::Measure,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> StoreResult<Vec<CellCount>> {
        use zhibao_domain::grid::heat::Measure;
        let mscope = crate::scope::sql(filter, "m.dept_id", Some("m.officer_id"));
        let sql = match measure {
            Measure::Entities => {
                let end = Ts::new(to.succ_opt().unwrap_or(to).and_hms_opt(0, 0, 0).unwrap_or_default().and_utc());
                // Counted per cell id over the (cell_id, created_at, dept_id) index, then joined to the few cells.
                let sql = format!(
                    "SELECT c.code AS cell_code, t.n AS count FROM (SELECT e.cell_id, COUNT(*) AS n FROM market_entities e \
                     WHERE e.cell_id IS NOT NULL AND e.created_at < $1 AND {} GROUP BY e.cell_id) t \
                     JOIN cells c ON c.id = t.cell_id ORDER BY c.code",
                    entity_scope(filter)
                );
                return Ok(with_db!(self, pool => {
                    sqlx::query_as::<_, CellCount>(&sql).bind(end).fetch_all(pool).await?
                }));
            }
            Measure::Matters | Measure::Complaints => {
                let types =
                    if measure == Measure::Complaints { " AND m.matter_type IN ('complaint', 'report')" } else { "" };
                format!(
                    "SELECT cell AS cell_code, COUNT(*) AS count FROM (SELECT {MATTER_CELL} AS cell FROM matters m \
                     WHERE m.received_on >= $1 AND m.received_on <= $2{types} AND {mscope}) t \
                     WHERE cell IS NOT NULL GROUP BY cell ORDER BY cell"
                )
            }
            Measure::RepeatInfringers => format!(
                "SELECT cell AS cell_code, COUNT(DISTINCT name_key) AS count FROM ( \
                 SELECT {MATTER_CELL} AS cell, r.name_key FROM matters m \
                 JOIN matter_parties r ON r.matter_id = m.id AND r.role = 'respondent' \
                 WHERE m.received_on >= $1 AND m.received_on <= $2 AND {mscope} AND r.name_key IN ( \
                   SELECT p2.name_key FROM matter_parties p2 JOIN matters m2 ON m2.id = p2.matter_id \
                   WHERE p2.role = 'respondent' AND m2.received_on <= $2 \
                   GROUP BY p2.name_key HAVING COUNT(DISTINCT p2.matter_id) >= 2)) t \
                 WHERE cell IS NOT NULL GROUP BY cell ORDER BY cell"
            ),
            Measure::Findings => return self.heat_findings(filter, from, to).await,
        };
        Ok(with_db!(self, pool => {
            sqlx::query_as::<_, CellCount>(&sql).bind(from).bind(to).fetch_all(pool).await?
        }))
    }

    /// Inspection findings per cell — the extension point for the inspection tables of the 双随机 draws (migration
    /// 0009, helper B): tasks whose outcome is a finding (`non_compliant`, `referred`) ended in the period, counted in
    /// the live cell of their entity, within the entity data scope.
    pub async fn heat_findings(
        &self,
        filter: &Filter,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> StoreResult<Vec<CellCount>> {
        let sql = format!(
            "SELECT c.code AS cell_code, COUNT(*) AS count FROM inspection_tasks t \
             JOIN market_entities e ON e.id = t.entity_id JOIN cells c ON c.id = e.cell_id \
             WHERE t.outcome IN ('non_compliant', 'referred') AND t.ended_on >= $1 AND t.ended_on <= $2 AND {} \
             GROUP BY c.code ORDER BY c.code",
            entity_scope(filter)
        );
        Ok(with_db!(self, pool => {
            sqlx::query_as::<_, CellCount>(&sql).bind(from).bind(to).fetch_all(pool).await?
        }))
    }

    /// Entities with inspection findings in one cell over the period (drill-down of `findings`).
    pub async fn heat_finding_entities(
        &self,
        filter: &Filter,
        cell_code: &str,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
        limit: i64,
    ) -> StoreResult<Vec<Entity>> {
        let sql = format!(
            "SELECT {COLS}{FROM} WHERE c.code = $3 AND {} AND e.id IN (SELECT t.entity_id FROM inspection_tasks t \
             WHERE t.outcome IN ('non_compliant', 'referred') AND t.ended_on >= $1 AND t.ended_on <= $2) \
             ORDER BY e.id LIMIT {}",
            entity_scope(filter),
            limit.max(0)
        );
        let rows: Vec<EntityRow> = with_db!(self, pool => {
            sqlx::query_as::<_, EntityRow>(&sql).bind(from).bind(to).bind(cell_code).fetch_all(pool).await?
        });
        self.entities_with_tags(rows).await
    }

    /// Ids of the matters behind one cell of the matters / complaints / repeat-infringers measures (drill-down),
    /// newest first, at most `limit`.
    pub async fn heat_matter_ids(
        &self,
        filter: &Filter,
        measure: zhibao_domain::grid::heat::Measure,
        cell_code: &str,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
        limit: i64,
    ) -> StoreResult<Vec<(i64, String, String, String, chrono::NaiveDate)>> {
        use zhibao_domain::grid::heat::Measure;
        let mscope = crate::scope::sql(filter, "m.dept_id", Some("m.officer_id"));
        let extra = match measure {
            Measure::Complaints => " AND m.matter_type IN ('complaint', 'report')",
            Measure::RepeatInfringers => {
                " AND m.id IN (SELECT r.matter_id FROM matter_parties r WHERE r.role = 'respondent' AND r.name_key IN ( \
                   SELECT p2.name_key FROM matter_parties p2 JOIN matters m2 ON m2.id = p2.matter_id \
                   WHERE p2.role = 'respondent' AND m2.received_on <= $2 \
                   GROUP BY p2.name_key HAVING COUNT(DISTINCT p2.matter_id) >= 2))"
            }
            _ => "",
        };
        let sql = format!(
            "SELECT id, receipt_no, title, matter_type, received_on FROM (SELECT m.id, m.receipt_no, m.title, m.matter_type, \
             m.received_on, {MATTER_CELL} AS cell FROM matters m WHERE m.received_on >= $1 AND m.received_on <= $2{extra} \
             AND {mscope}) t WHERE cell = $3 ORDER BY received_on DESC, id DESC LIMIT {}",
            limit.max(0)
        );
        Ok(with_db!(self, pool => {
            sqlx::query_as::<_, (i64, String, String, String, chrono::NaiveDate)>(&sql)
                .bind(from).bind(to).bind(cell_code).fetch_all(pool).await?
        }))
    }
}
