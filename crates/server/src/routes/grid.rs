//! Grid supervision (网格监管): the market-entity registry (市场主体), geography administration (网格管理: GeoJSON
//! import, H3 hexagon generation, stations, grid inspectors) and the risk heat map (风险热力图).
//!
//! Every handler checks a `grid:*` permission; entity reads and writes run under the caller's data scope. Entities
//! are placed in their cell by point in polygon on every write, and all of them are re-placed whenever cells change.

use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use chrono::{Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zhibao_domain::grid::entity::EntityDraft;
use zhibao_domain::grid::geojson::{self, FeatureKind};
use zhibao_domain::grid::heat::{class_of, Measure, MEASURES};
use zhibao_domain::grid::hex;
use zhibao_domain::grid::place::{place_all, CellIndex, Region};
use zhibao_domain::scope::Filter;
use zhibao_domain::validate::FieldErrors;
use zhibao_store::grid::{AreaIn, CellIn, CellInspector, Entity, EntityFilter, GeoImported, NewEntity, StationIn};
use zhibao_store::{Page, StoreError, Ts};

use super::{no_content, page_request};
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::excel::{self, RowError};
use crate::extract::{ApiJson, ApiQuery};
use crate::state::AppState;

/// Routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_entities, create_entity))
        .routes(routes!(get_entity, update_entity, delete_entity))
        .routes(routes!(export_entities))
        .routes(routes!(entity_template))
        .routes(routes!(import_entities))
        .routes(routes!(replace_all))
        .routes(routes!(import_geo))
        .routes(routes!(generate_hexagons))
        .routes(routes!(create_station))
        .routes(routes!(update_station, delete_station))
        .routes(routes!(list_inspectors))
        .routes(routes!(set_inspectors))
        .routes(routes!(heatmap))
        .routes(routes!(heatmap_cells))
        .routes(routes!(heatmap_drill))
}

/// The dictionary of entity tags.
pub const TAG_DICT: &str = "grid_entity_tag";

async fn known_tags(s: &AppState) -> ApiResult<Vec<String>> {
    Ok(s.store
        .list_dicts()
        .await?
        .into_iter()
        .find(|t| t.type_key == TAG_DICT)
        .map(|t| t.entries.into_iter().filter(|e| e.status == "active").map(|e| e.value).collect())
        .unwrap_or_default())
}

fn parse_geometry(text: &str) -> Vec<geojson::Polygon> {
    serde_json::from_str::<Value>(text).ok().and_then(|g| geojson::polygons_of(&g).ok()).unwrap_or_default()
}

/// Cell and area indexes built from the stored geography (areas of kind `zone` overlap the streets and are left
/// out of the area index).
pub async fn indexes(store: &zhibao_store::Store) -> Result<(CellIndex, CellIndex), StoreError> {
    let cells = store
        .list_cells(None)
        .await?
        .into_iter()
        .map(|c| Region { id: c.id, area_id: c.area_id, polygons: parse_geometry(&c.geometry) })
        .collect();
    let areas = store
        .list_areas()
        .await?
        .into_iter()
        .filter(|a| a.kind != "zone")
        .map(|a| Region { id: a.id, area_id: a.id, polygons: parse_geometry(&a.geometry) })
        .collect();
    Ok((CellIndex::new(cells), CellIndex::new(areas)))
}

/// Re-place every entity in the current cells; returns (entities, changed, unplaced).
pub async fn replace_entities(s: &AppState) -> ApiResult<(usize, u64, usize)> {
    let (cells, areas) = indexes(&s.store).await?;
    let points = s.store.entity_points().await?;
    let placed = place_all(&cells, &areas, points.iter().map(|p| (p.id, p.lon, p.lat)));
    let unplaced = placed.iter().filter(|p| p.2.is_none()).count();
    let changed = s.store.set_placements(&placed).await?;
    Ok((placed.len(), changed, unplaced))
}

// ---- market entities ------------------------------------------------------------------------------------------

/// Entity list filters.
#[derive(Deserialize, IntoParams)]
pub struct EntityQuery {
    /// Page (1-based).
    pub page: Option<u32>,
    /// Rows per page.
    pub page_size: Option<u32>,
    /// Sort key: name, credit_code, industry, risk_level, created_at, updated_at.
    pub sort: Option<String>,
    /// asc / desc.
    pub order: Option<String>,
    /// Name contains.
    pub name: Option<String>,
    /// Credit code.
    pub credit_code: Option<String>,
    /// Industry code prefix.
    pub industry: Option<String>,
    /// Area.
    pub area_id: Option<i64>,
    /// Cell.
    pub cell_id: Option<i64>,
    /// Cell code.
    pub cell_code: Option<String>,
    /// Tag.
    pub tag: Option<String>,
    /// Risk level.
    pub risk_level: Option<String>,
    /// true = placed only, false = unplaced only (待落格).
    pub placed: Option<bool>,
    /// Status.
    pub status: Option<String>,
}

impl EntityQuery {
    fn filter(&self) -> EntityFilter {
        EntityFilter {
            name: self.name.clone(),
            credit_code: self.credit_code.clone(),
            industry: self.industry.clone(),
            area_id: self.area_id,
            cell_id: self.cell_id,
            cell_code: self.cell_code.clone(),
            tag: self.tag.clone(),
            risk_level: self.risk_level.clone(),
            placed: self.placed,
            status: self.status.clone(),
        }
    }
}

/// Market entities (市场主体), paged.
#[utoipa::path(get, path = "/api/v1/grid/entities", tag = "grid", params(EntityQuery), responses((status = 200, body = Object)))]
async fn list_entities(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<EntityQuery>,
) -> ApiResult<Json<Page<Entity>>> {
    p.require("grid:entity:list")?;
    let page = page_request(q.page, q.page_size, q.sort.clone(), q.order.as_deref())?;
    Ok(Json(s.store.list_entities(&p.scope, &q.filter(), &page).await?))
}

/// One entity.
#[utoipa::path(get, path = "/api/v1/grid/entities/{id}", tag = "grid", responses((status = 200, body = Entity), (status = 404)))]
async fn get_entity(State(s): State<AppState>, p: Principal, Path(id): Path<i64>) -> ApiResult<Json<Entity>> {
    p.require("grid:entity:list")?;
    Ok(Json(s.store.get_entity(&p.scope, id).await?))
}

/// Entity form (field errors are keyed by these names).
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct EntityForm {
    /// 统一社会信用代码.
    #[serde(default)]
    pub credit_code: String,
    /// 名称.
    #[serde(default)]
    pub name: String,
    /// 法定代表人.
    #[serde(default)]
    pub legal_rep: Option<String>,
    /// 地址.
    #[serde(default)]
    pub address: Option<String>,
    /// 经度 (WGS84).
    #[serde(default)]
    pub lon: Option<f64>,
    /// 纬度 (WGS84).
    #[serde(default)]
    pub lat: Option<f64>,
    /// 行业代码 (GB/T 4754).
    #[serde(default)]
    pub industry: String,
    /// 登记权利.
    #[serde(default)]
    pub rights: Vec<String>,
    /// 标签.
    #[serde(default)]
    pub tags: Vec<String>,
    /// 风险等级 low / medium / high.
    #[serde(default)]
    pub risk_level: Option<String>,
    /// 状态 active / disabled.
    #[serde(default)]
    pub status: Option<String>,
    /// Supervising department (default: the caller's).
    #[serde(default)]
    pub dept_id: Option<i64>,
}

/// The supervising department: as given (inside the caller's scope), else the entity's current one (`keep`, on
/// update — a grid inspector edits the entities of its cells without a department scope), else the caller's.
async fn checked_dept(
    s: &AppState,
    p: &Principal,
    dept_id: Option<i64>,
    keep: Option<i64>,
) -> ApiResult<Result<i64, String>> {
    if let Some(k) = keep.filter(|k| dept_id.is_none() || dept_id == Some(*k)) {
        return Ok(Ok(k));
    }
    let id = dept_id.unwrap_or(p.dept_id);
    Ok(match s.store.get_dept(&p.scope, id).await {
        Ok(_) => Ok(id),
        Err(StoreError::NotFound) => Err("部门不存在或不在数据权限内".into()),
        Err(e) => return Err(e.into()),
    })
}

async fn to_new_entity(
    s: &AppState,
    p: &Principal,
    f: EntityForm,
    tags: &[String],
    keep_dept: Option<i64>,
) -> ApiResult<NewEntity> {
    let dept = checked_dept(s, p, f.dept_id, keep_dept).await?;
    let draft = EntityDraft {
        credit_code: f.credit_code,
        name: f.name,
        legal_rep: f.legal_rep,
        address: f.address,
        lon: f.lon,
        lat: f.lat,
        industry: f.industry,
        rights: f.rights,
        tags: f.tags,
        risk_level: f.risk_level,
        status: f.status,
    };
    let v = draft.validate(tags);
    let mut errors = match &v {
        Ok(_) => FieldErrors::new(),
        Err(e) => e.clone(),
    };
    if let Err(m) = &dept {
        errors.add("dept_id", m.clone());
    }
    errors.into_result()?;
    let (v, dept_id) = match (v, dept) {
        (Ok(v), Ok(d)) => (v, d),
        _ => return Err(ApiError::BadRequest("invalid form".into())),
    };
    Ok(NewEntity {
        credit_code: v.credit_code,
        name: v.name,
        legal_rep: v.legal_rep,
        address: v.address,
        lon: v.lon,
        lat: v.lat,
        industry: v.industry,
        rights: v.rights,
        tags: v.tags,
        risk_level: v.risk_level,
        dept_id,
        status: v.status,
        area_id: None,
        cell_id: None,
    })
}

fn place_one(cells: &CellIndex, areas: &CellIndex, e: &mut NewEntity) {
    if let Some(&(_, area, cell)) = place_all(cells, areas, [(0, e.lon, e.lat)]).first() {
        e.area_id = area;
        e.cell_id = cell;
    }
}

fn conflict_as_field(e: StoreError) -> ApiError {
    match e {
        StoreError::Conflict { .. } => ApiError::field("credit_code", "该统一社会信用代码已登记"),
        other => other.into(),
    }
}

/// Register an entity; it is placed in its cell (or listed as unplaced).
#[utoipa::path(post, path = "/api/v1/grid/entities", tag = "grid", request_body = EntityForm,
    responses((status = 201, body = Entity), (status = 422, body = ErrorBody)))]
async fn create_entity(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(f): ApiJson<EntityForm>,
) -> ApiResult<(StatusCode, Json<Entity>)> {
    p.require("grid:entity:add")?;
    let tags = known_tags(&s).await?;
    let mut e = to_new_entity(&s, &p, f, &tags, None).await?;
    let (cells, areas) = indexes(&s.store).await?;
    place_one(&cells, &areas, &mut e);
    let id = s.store.insert_entity(&e, Some(p.id), Ts::new(Utc::now())).await.map_err(conflict_as_field)?;
    Ok((StatusCode::CREATED, Json(s.store.get_entity(&Filter::All, id).await?)))
}

/// Change an entity (re-placed from its coordinates).
#[utoipa::path(put, path = "/api/v1/grid/entities/{id}", tag = "grid", request_body = EntityForm,
    responses((status = 200, body = Entity), (status = 404), (status = 422, body = ErrorBody)))]
async fn update_entity(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<i64>,
    ApiJson(f): ApiJson<EntityForm>,
) -> ApiResult<Json<Entity>> {
    p.require("grid:entity:edit")?;
    let current = s.store.get_entity(&p.scope, id).await?;
    let tags = known_tags(&s).await?;
    let mut e = to_new_entity(&s, &p, f, &tags, Some(current.dept_id)).await?;
    let (cells, areas) = indexes(&s.store).await?;
    place_one(&cells, &areas, &mut e);
    Ok(Json(s.store.update_entity(&p.scope, id, &e, Ts::new(Utc::now())).await.map_err(conflict_as_field)?))
}

/// Delete an entity.
#[utoipa::path(delete, path = "/api/v1/grid/entities/{id}", tag = "grid", responses((status = 204), (status = 404)))]
async fn delete_entity(State(s): State<AppState>, p: Principal, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    p.require("grid:entity:remove")?;
    s.store.delete_entity(&p.scope, id).await?;
    Ok(no_content())
}

/// Import / export columns (the template's header row; `*` = required).
pub const HEADERS: [&str; 12] = [
    "统一社会信用代码*",
    "名称*",
    "法定代表人",
    "地址",
    "经度",
    "纬度",
    "行业代码*",
    "登记权利",
    "标签",
    "风险等级",
    "监管部门编码",
    "状态",
];

fn split_list(s: &str) -> Vec<String> {
    s.split([',', '，', ';', '；', '\n']).map(str::trim).filter(|x| !x.is_empty()).map(String::from).collect()
}

const RISK_ZH: &[(&str, &str)] = &[("low", "低"), ("medium", "中"), ("high", "高")];

/// Export visible entities matching the list's filters (XLSX, the import template's columns plus placement).
#[utoipa::path(get, path = "/api/v1/grid/entities/export", tag = "grid", params(EntityQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
async fn export_entities(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<EntityQuery>,
) -> ApiResult<Response> {
    p.require("grid:entity:export")?;
    let rows = s.store.all_entities(&p.scope, &q.filter(), 100_000).await?;
    let depts = s.store.list_depts(&Filter::All, None, None).await?;
    let mut headers: Vec<&str> = HEADERS.to_vec();
    headers.extend(["所属区域", "所属网格"]);
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|e| {
            vec![
                e.credit_code.clone(),
                e.name.clone(),
                e.legal_rep.clone().unwrap_or_default(),
                e.address.clone().unwrap_or_default(),
                e.lon.map(|v| v.to_string()).unwrap_or_default(),
                e.lat.map(|v| v.to_string()).unwrap_or_default(),
                e.industry.clone(),
                e.rights.join("，"),
                e.tags.join(","),
                RISK_ZH.iter().find(|(k, _)| *k == e.risk_level).map(|(_, z)| z.to_string()).unwrap_or_default(),
                depts.iter().find(|d| d.id == e.dept_id).map(|d| d.code.clone()).unwrap_or_default(),
                if e.status == "active" { "正常".into() } else { "停用".into() },
                e.area_name.clone().unwrap_or_default(),
                e.cell_code.clone().unwrap_or_else(|| "待落格".into()),
            ]
        })
        .collect();
    Ok(excel::xlsx_response(excel::write_sheet("市场主体", &headers, &table)?, "市场主体.xlsx"))
}

/// The import template.
#[utoipa::path(get, path = "/api/v1/grid/entities/template", tag = "grid",
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
async fn entity_template(p: Principal) -> ApiResult<Response> {
    p.require("grid:entity:import")?;
    let example = vec![vec![
        "91350100M000100Y43".into(),
        "示例科技有限公司".into(),
        "张三".into(),
        "滨海新区示例路1号".into(),
        "117.70".into(),
        "39.03".into(),
        "C2710".into(),
        "ZL202310123456.7，第12345678号商标".into(),
        "whitelist".into(),
        "低".into(),
        "BH-SCJGJ".into(),
        "正常".into(),
    ]];
    Ok(excel::xlsx_response(excel::write_sheet("市场主体", &HEADERS, &example)?, "市场主体导入模板.xlsx"))
}

/// The outcome of an entity import: good rows are stored, bad rows are not, and both are listed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EntityImportReport {
    /// Rows stored.
    pub inserted: usize,
    /// Row numbers stored (as Excel shows them; the header is row 1).
    pub stored_rows: Vec<usize>,
    /// Rows stored whose point lies in no cell (待落格), to be fixed.
    pub unplaced_rows: Vec<usize>,
    /// Errors by row (those rows were not stored).
    pub errors: Vec<RowError>,
}

fn parse_number(s: &str) -> Result<Option<f64>, String> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<f64>().map(Some).map_err(|_| format!("“{t}” 不是数字"))
}

fn field_to_column(f: &str) -> &'static str {
    match f {
        "credit_code" => "统一社会信用代码",
        "name" => "名称",
        "legal_rep" => "法定代表人",
        "address" => "地址",
        "lon" => "经度",
        "lat" => "纬度",
        "industry" => "行业代码",
        "rights" => "登记权利",
        "tags" => "标签",
        "risk_level" => "风险等级",
        "dept_id" => "监管部门编码",
        "status" => "状态",
        _ => "-",
    }
}

/// Import entities from the template. Each row is checked on its own; rows with errors are reported and not
/// stored, the good rows are stored together (and placed in their cells).
#[utoipa::path(post, path = "/api/v1/grid/entities/import", tag = "grid", request_body(content_type = "multipart/form-data"),
    responses((status = 200, body = EntityImportReport), (status = 422, body = ErrorBody)))]
async fn import_entities(
    State(s): State<AppState>,
    p: Principal,
    mp: Multipart,
) -> ApiResult<Json<EntityImportReport>> {
    p.require("grid:entity:import")?;
    let rows = excel::read_sheet(&excel::upload_bytes(mp).await?)?;
    let Some((header, body)) = rows.split_first() else {
        return Err(ApiError::field("file", "文件为空"));
    };
    let idx = excel::header_index(header, &HEADERS)?;
    if body.len() > 50_000 {
        return Err(ApiError::field("file", "一次最多导入 50000 行"));
    }
    let tags = known_tags(&s).await?;
    let (cells, areas) = indexes(&s.store).await?;
    let mut errors = Vec::new();
    let mut good: Vec<(usize, NewEntity)> = Vec::new();
    let mut dept_codes = std::collections::HashMap::<String, Option<i64>>::new();
    for (i, row) in body.iter().enumerate() {
        let rowno = i + 2;
        let cell = |k: usize| row.get(idx[k]).cloned().unwrap_or_default();
        if (0..HEADERS.len()).all(|k| cell(k).trim().is_empty()) {
            continue;
        }
        let mut row_errors: Vec<(String, String)> = Vec::new();
        let lon = parse_number(&cell(4)).map_err(|m| row_errors.push(("经度".into(), m))).ok().flatten();
        let lat = parse_number(&cell(5)).map_err(|m| row_errors.push(("纬度".into(), m))).ok().flatten();
        let risk = cell(9);
        let risk = RISK_ZH.iter().find(|(_, z)| *z == risk.trim()).map(|(k, _)| k.to_string()).unwrap_or(risk);
        let status = match cell(11).trim() {
            "" | "正常" => "active".to_string(),
            "停用" => "disabled".to_string(),
            other => other.to_string(),
        };
        let dept_code = cell(10).trim().to_string();
        let dept_id = if dept_code.is_empty() {
            Some(p.dept_id)
        } else {
            if !dept_codes.contains_key(&dept_code) {
                let found = match s.store.dept_by_code(&dept_code).await? {
                    Some(d) if s.store.get_dept(&p.scope, d.id).await.is_ok() => Some(d.id),
                    _ => None,
                };
                dept_codes.insert(dept_code.clone(), found);
            }
            dept_codes.get(&dept_code).copied().flatten()
        };
        if dept_id.is_none() {
            row_errors.push(("监管部门编码".into(), format!("部门 {dept_code} 不存在或不在数据权限内")));
        }
        let draft = EntityDraft {
            credit_code: cell(0),
            name: cell(1),
            legal_rep: Some(cell(2)),
            address: Some(cell(3)),
            lon,
            lat,
            industry: cell(6),
            rights: split_list(&cell(7)),
            tags: split_list(&cell(8)),
            risk_level: Some(risk),
            status: Some(status),
        };
        match draft.validate(&tags) {
            Ok(v) => {
                if good.iter().any(|(_, g)| g.credit_code == v.credit_code) {
                    row_errors.push(("统一社会信用代码".into(), "文件中重复".into()));
                }
                if row_errors.is_empty() {
                    let mut e = NewEntity {
                        credit_code: v.credit_code,
                        name: v.name,
                        legal_rep: v.legal_rep,
                        address: v.address,
                        lon: v.lon,
                        lat: v.lat,
                        industry: v.industry,
                        rights: v.rights,
                        tags: v.tags,
                        risk_level: v.risk_level,
                        dept_id: dept_id.unwrap_or(p.dept_id),
                        status: v.status,
                        area_id: None,
                        cell_id: None,
                    };
                    place_one(&cells, &areas, &mut e);
                    good.push((rowno, e));
                }
            }
            Err(fe) => {
                row_errors.extend(fe.iter().map(|(f, m)| (field_to_column(f).to_string(), m.clone())));
            }
        }
        errors.extend(row_errors.into_iter().map(|(field, message)| RowError { row: rowno, field, message }));
    }
    // Credit codes already registered are row errors too.
    let codes: Vec<String> = good.iter().map(|(_, e)| e.credit_code.clone()).collect();
    let existing = s.store.existing_credit_codes(&codes).await?;
    if !existing.is_empty() {
        good.retain(|(rowno, e)| {
            let dup = existing.contains(&e.credit_code);
            if dup {
                errors.push(RowError {
                    row: *rowno,
                    field: "统一社会信用代码".into(),
                    message: "该统一社会信用代码已登记".into(),
                });
            }
            !dup
        });
    }
    errors.sort_by_key(|e| e.row);
    let stored_rows: Vec<usize> = good.iter().map(|(r, _)| *r).collect();
    let unplaced_rows: Vec<usize> = good.iter().filter(|(_, e)| e.cell_id.is_none()).map(|(r, _)| *r).collect();
    let entities: Vec<NewEntity> = good.into_iter().map(|(_, e)| e).collect();
    match s.store.insert_entities(&entities, Some(p.id), Ts::new(Utc::now())).await {
        Ok(ids) => Ok(Json(EntityImportReport { inserted: ids.len(), stored_rows, unplaced_rows, errors })),
        Err((i, e)) => {
            // A concurrent registration of the same code: nothing of this batch was stored; say which row.
            let row = stored_rows.get(i).copied().unwrap_or(0);
            errors.push(RowError { row, field: "-".into(), message: format!("保存失败：{e}") });
            Ok(Json(EntityImportReport { inserted: 0, stored_rows: vec![], unplaced_rows: vec![], errors }))
        }
    }
}

/// The outcome of re-placing all entities.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Replaced {
    /// Entities considered.
    pub entities: usize,
    /// Entities whose cell or area changed.
    pub changed: u64,
    /// Entities in no cell (待落格).
    pub unplaced: usize,
}

/// Re-place every entity in the current cells.
#[utoipa::path(post, path = "/api/v1/grid/entities/replace", tag = "grid", responses((status = 200, body = Replaced)))]
async fn replace_all(State(s): State<AppState>, p: Principal) -> ApiResult<Json<Replaced>> {
    if !p.has("grid:entity:edit") {
        p.require("grid:geo:import")?;
    }
    let (entities, changed, unplaced) = replace_entities(&s).await?;
    Ok(Json(Replaced { entities, changed, unplaced }))
}

// ---- geography administration ---------------------------------------------------------------------------------

/// GeoJSON import: what the features are and the collection itself.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GeoImportForm {
    /// `area` or `cell`.
    pub kind: String,
    /// A GeoJSON FeatureCollection (WGS84).
    #[schema(value_type = Object)]
    pub geojson: Value,
    /// Cells only: remove the other cells of the areas named in the file (their entities are re-placed).
    #[serde(default)]
    pub replace: bool,
}

/// What an import changed, and the entities re-placed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GeoImportReport {
    /// Areas and cells written.
    pub imported: GeoImported,
    /// Entity placement after the change.
    pub placement: Replaced,
}

/// Import areas or cells from GeoJSON. Any bad feature refuses the whole file: 422 with one error per feature,
/// keyed `features[i]` (the feature's 0-based index) or `geojson` for the file itself.
#[utoipa::path(post, path = "/api/v1/grid/geo/import", tag = "grid", request_body = GeoImportForm,
    responses((status = 200, body = GeoImportReport), (status = 422, body = ErrorBody)))]
async fn import_geo(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(f): ApiJson<GeoImportForm>,
) -> ApiResult<Json<GeoImportReport>> {
    p.require("grid:geo:import")?;
    let kind = match f.kind.as_str() {
        "area" => FeatureKind::Area,
        "cell" => FeatureKind::Cell,
        _ => return Err(ApiError::field("kind", "只能是 area 或 cell")),
    };
    let features = geojson::parse_features(&f.geojson.to_string(), kind).map_err(|errs| {
        let mut fe = FieldErrors::new();
        for e in errs {
            let key = match e.index {
                Some(i) => format!("features[{i}]"),
                None => "geojson".into(),
            };
            fe.add(key, format!("{}（{}）", e.message, e.reason));
        }
        ApiError::Validation(fe)
    })?;
    let (areas, cells, replace): (Vec<AreaIn>, Vec<CellIn>, Vec<String>) = match kind {
        FeatureKind::Area => (
            features
                .into_iter()
                .map(|x| AreaIn { code: x.code, name: x.name, kind: x.parent_or_kind, geometry: x.geometry })
                .collect(),
            vec![],
            vec![],
        ),
        FeatureKind::Cell => {
            let known: Vec<String> = s.store.list_areas().await?.into_iter().map(|a| a.code).collect();
            let mut fe = FieldErrors::new();
            for x in &features {
                if !known.contains(&x.parent_or_kind) {
                    fe.add(
                        format!("features[{}]", x.index),
                        format!("区域 {} 不存在，请先导入区域（property）", x.parent_or_kind),
                    );
                }
            }
            fe.into_result()?;
            let mut replace: Vec<String> = features.iter().map(|x| x.parent_or_kind.clone()).collect();
            replace.sort();
            replace.dedup();
            let cells = features
                .into_iter()
                .map(|x| CellIn {
                    code: x.code,
                    area_code: x.parent_or_kind,
                    name: x.name,
                    geometry: x.geometry,
                    h3_index: None,
                })
                .collect();
            (vec![], cells, if f.replace { replace } else { vec![] })
        }
    };
    let imported = s.store.import_geography(&areas, &cells, &replace).await?;
    let (entities, changed, unplaced) = replace_entities(&s).await?;
    Ok(Json(GeoImportReport { imported, placement: Replaced { entities, changed, unplaced } }))
}

/// Hexagon generation.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HexForm {
    /// H3 resolution 6–10.
    pub resolution: u8,
}

/// Replace an area's cells by H3 hexagons at a resolution (codes `{area}-H{res}{nnnn}`); entities are re-placed.
#[utoipa::path(post, path = "/api/v1/grid/geo/areas/{id}/hexagons", tag = "grid", request_body = HexForm,
    responses((status = 200, body = GeoImportReport), (status = 404), (status = 422, body = ErrorBody)))]
async fn generate_hexagons(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<i64>,
    ApiJson(f): ApiJson<HexForm>,
) -> ApiResult<Json<GeoImportReport>> {
    p.require("grid:geo:generate")?;
    let area = s.store.get_area(id).await?;
    let hexes = hex::generate(&area.code, &parse_geometry(&area.geometry), f.resolution)
        .map_err(|e| ApiError::field("resolution", e.to_string()))?;
    let cells: Vec<CellIn> = hexes
        .into_iter()
        .map(|h| CellIn {
            code: h.code,
            area_code: area.code.clone(),
            name: format!("{}六边形网格{}", area.name, h.number),
            geometry: json!({"type": "Polygon", "coordinates": [h.ring]}).to_string(),
            h3_index: Some(h.h3_index),
        })
        .collect();
    let imported = s.store.import_geography(&[], &cells, std::slice::from_ref(&area.code)).await?;
    let (entities, changed, unplaced) = replace_entities(&s).await?;
    Ok(Json(GeoImportReport { imported, placement: Replaced { entities, changed, unplaced } }))
}

/// Station form.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StationForm {
    /// Name.
    pub name: String,
    /// Area.
    pub area_id: i64,
    /// Responsible department.
    #[serde(default)]
    pub dept_id: Option<i64>,
    /// Longitude.
    pub lon: f64,
    /// Latitude.
    pub lat: f64,
    /// Address.
    #[serde(default)]
    pub address: Option<String>,
    /// Staff: `[{name, role, phone}]`.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub staff: Option<Value>,
}

async fn station_input(s: &AppState, f: StationForm) -> ApiResult<StationIn> {
    let mut e = FieldErrors::new();
    let name = f.name.trim().to_string();
    if name.is_empty() || name.chars().count() > 60 {
        e.add("name", "长度应为 1–60 个字符");
    }
    if s.store.get_area(f.area_id).await.is_err() {
        e.add("area_id", "区域不存在");
    }
    if let Some(d) = f.dept_id {
        if s.store.get_dept(&Filter::All, d).await.is_err() {
            e.add("dept_id", "部门不存在");
        }
    }
    if !(-180.0..=180.0).contains(&f.lon) {
        e.add("lon", "经度应在 −180…180（WGS84）");
    }
    if !(-90.0..=90.0).contains(&f.lat) {
        e.add("lat", "纬度应在 −90…90（WGS84）");
    }
    let staff = f.staff.unwrap_or(Value::Array(vec![]));
    if !staff.is_array() {
        e.add("staff", "应为数组");
    }
    let address = f.address.map(|a| a.trim().to_string()).filter(|a| !a.is_empty());
    if address.as_deref().is_some_and(|a| a.chars().count() > 200) {
        e.add("address", "最多 200 个字符");
    }
    e.into_result()?;
    Ok(StationIn {
        name,
        area_id: f.area_id,
        dept_id: f.dept_id,
        lon: f.lon,
        lat: f.lat,
        address,
        staff: staff.to_string(),
    })
}

fn station_conflict(e: StoreError) -> ApiError {
    match e {
        StoreError::Conflict { .. } => ApiError::field("name", "工作站名称已存在"),
        other => other.into(),
    }
}

/// Add a protection station.
#[utoipa::path(post, path = "/api/v1/grid/geo/stations", tag = "grid", request_body = StationForm,
    responses((status = 201, body = i64), (status = 422, body = ErrorBody)))]
async fn create_station(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(f): ApiJson<StationForm>,
) -> ApiResult<(StatusCode, Json<i64>)> {
    p.require("grid:geo:station")?;
    let st = station_input(&s, f).await?;
    let id = s
        .store
        .insert_station(&st.name, st.area_id, st.dept_id, st.lon, st.lat, st.address.as_deref(), &st.staff)
        .await
        .map_err(station_conflict)?;
    Ok((StatusCode::CREATED, Json(id)))
}

/// Change a station.
#[utoipa::path(put, path = "/api/v1/grid/geo/stations/{id}", tag = "grid", request_body = StationForm,
    responses((status = 204), (status = 404), (status = 422, body = ErrorBody)))]
async fn update_station(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<i64>,
    ApiJson(f): ApiJson<StationForm>,
) -> ApiResult<StatusCode> {
    p.require("grid:geo:station")?;
    let st = station_input(&s, f).await?;
    s.store.update_station(id, &st).await.map_err(station_conflict)?;
    Ok(no_content())
}

/// Delete a station.
#[utoipa::path(delete, path = "/api/v1/grid/geo/stations/{id}", tag = "grid", responses((status = 204), (status = 404), (status = 409)))]
async fn delete_station(State(s): State<AppState>, p: Principal, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    p.require("grid:geo:station")?;
    s.store.delete_station(id).await.map_err(|e| match e {
        StoreError::Reference(_) => ApiError::Conflict("工作站仍被分拨规则引用".into()),
        other => other.into(),
    })?;
    Ok(no_content())
}

/// Inspector assignment filter.
#[derive(Deserialize, IntoParams)]
pub struct InspectorQuery {
    /// One cell.
    pub cell_id: Option<i64>,
    /// One user.
    pub user_id: Option<i64>,
}

/// Grid inspectors (网格员) assigned to cells.
#[utoipa::path(get, path = "/api/v1/grid/geo/inspectors", tag = "grid", params(InspectorQuery), responses((status = 200, body = [CellInspector])))]
async fn list_inspectors(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<InspectorQuery>,
) -> ApiResult<Json<Vec<CellInspector>>> {
    p.require("grid:geo:list")?;
    Ok(Json(s.store.list_cell_inspectors(q.cell_id, q.user_id).await?))
}

/// Inspectors of a cell.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InspectorsForm {
    /// Users (replacing the cell's current inspectors).
    pub user_ids: Vec<i64>,
}

/// Assign the grid inspectors of a cell (users within the caller's data scope).
#[utoipa::path(put, path = "/api/v1/grid/geo/cells/{id}/inspectors", tag = "grid", request_body = InspectorsForm,
    responses((status = 204), (status = 404), (status = 422, body = ErrorBody)))]
async fn set_inspectors(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<i64>,
    ApiJson(f): ApiJson<InspectorsForm>,
) -> ApiResult<StatusCode> {
    p.require("grid:geo:assign")?;
    if !s.store.list_cells(None).await?.iter().any(|c| c.id == id) {
        return Err(ApiError::NotFound);
    }
    let mut e = FieldErrors::new();
    for (i, u) in f.user_ids.iter().enumerate() {
        if s.store.get_user(&p.scope, *u).await.is_err() {
            e.add(format!("user_ids[{i}]"), "用户不存在或不在数据权限内");
        }
    }
    e.into_result()?;
    s.store.set_cell_inspectors(id, &f.user_ids, Ts::new(Utc::now())).await?;
    Ok(no_content())
}

// ---- risk heat map --------------------------------------------------------------------------------------------

/// Heat-map query.
#[derive(Deserialize, IntoParams)]
pub struct HeatQuery {
    /// Measure: matters, complaints, repeat_infringers, entities, findings (default matters).
    pub measure: Option<String>,
    /// From (YYYY-MM-DD), default 1 January of this year.
    pub from: Option<NaiveDate>,
    /// To (YYYY-MM-DD), default today.
    pub to: Option<NaiveDate>,
    /// Drill-down: the cell code.
    pub cell: Option<String>,
}

fn heat_params(s: &AppState, q: &HeatQuery) -> ApiResult<(Measure, NaiveDate, NaiveDate)> {
    let measure = match q.measure.as_deref() {
        None | Some("") => Measure::Matters,
        Some(k) => Measure::parse(k).ok_or_else(|| {
            ApiError::field("measure", format!("可选：{}", MEASURES.iter().map(|m| m.1).collect::<Vec<_>>().join(", ")))
        })?,
    };
    let today = crate::casework::progress::today(s);
    let to = q.to.unwrap_or(today);
    let from = q.from.unwrap_or_else(|| NaiveDate::from_ymd_opt(to.year(), 1, 1).unwrap_or(to));
    if from > to {
        return Err(ApiError::field("from", "开始日期不能晚于结束日期"));
    }
    Ok((measure, from, to))
}

/// One cell of the heat map.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HeatCell {
    /// Cell code.
    pub cell_code: String,
    /// Count.
    pub count: i64,
    /// Colour class 0–4 (quartiles of the maximum).
    pub class: u8,
}

/// The heat map's numbers.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HeatMap {
    /// Measure key.
    pub measure: String,
    /// From.
    pub from: NaiveDate,
    /// To.
    pub to: NaiveDate,
    /// Largest count.
    pub max: i64,
    /// Sum of counts.
    pub total: i64,
    /// Cells with a count (cells absent count zero).
    pub cells: Vec<HeatCell>,
    /// The measures offered: `[key, zh-CN label]`.
    pub measures: Vec<(String, String)>,
}

/// Counts per cell of a measure over a period (within the caller's data scope).
#[utoipa::path(get, path = "/api/v1/grid/heatmap", tag = "grid", params(HeatQuery), responses((status = 200, body = HeatMap), (status = 422, body = ErrorBody)))]
async fn heatmap(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<HeatQuery>,
) -> ApiResult<Json<HeatMap>> {
    p.require("grid:heatmap:view")?;
    let (measure, from, to) = heat_params(&s, &q)?;
    let counts = s.store.heat_counts(&p.scope, measure, from, to).await?;
    let max = counts.iter().map(|c| c.count).max().unwrap_or(0);
    Ok(Json(HeatMap {
        measure: measure.key().into(),
        from,
        to,
        max,
        total: counts.iter().map(|c| c.count).sum(),
        cells: counts
            .into_iter()
            .map(|c| HeatCell { class: class_of(c.count, max), cell_code: c.cell_code, count: c.count })
            .collect(),
        measures: MEASURES.iter().map(|(_, k, z)| (k.to_string(), z.to_string())).collect(),
    }))
}

/// The cells as a GeoJSON FeatureCollection for the heat map (name = cell code).
#[utoipa::path(get, path = "/api/v1/grid/heatmap/cells", tag = "grid", responses((status = 200, body = Object)))]
async fn heatmap_cells(State(s): State<AppState>, p: Principal) -> ApiResult<Json<Value>> {
    p.require("grid:heatmap:view")?;
    let areas = s.store.list_areas().await?;
    let mut features = Vec::new();
    for c in s.store.list_cells(None).await? {
        let geometry: Value = serde_json::from_str(&c.geometry)
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("stored geometry is not JSON: {e}")))?;
        let area = areas.iter().find(|a| a.id == c.area_id);
        features.push(json!({
            "type": "Feature", "id": c.id,
            "properties": {"name": c.code, "id": c.id, "label": c.name, "area_code": area.map(|a| a.code.clone()),
                           "area_name": area.map(|a| a.name.clone())},
            "geometry": geometry,
        }));
    }
    Ok(Json(json!({"type": "FeatureCollection", "features": features})))
}

/// The list behind one cell of the heat map: entities for `entities`, matters for the matter measures.
#[utoipa::path(get, path = "/api/v1/grid/heatmap/drill", tag = "grid", params(HeatQuery), responses((status = 200, body = Object), (status = 422, body = ErrorBody)))]
async fn heatmap_drill(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<HeatQuery>,
) -> ApiResult<Json<Value>> {
    p.require("grid:heatmap:view")?;
    let (measure, from, to) = heat_params(&s, &q)?;
    let Some(cell) = q.cell.clone().filter(|c| !c.trim().is_empty()) else {
        return Err(ApiError::field("cell", "不能为空"));
    };
    match measure {
        Measure::Entities => {
            let f = EntityFilter { cell_code: Some(cell.clone()), ..Default::default() };
            let rows = s.store.all_entities(&p.scope, &f, 500).await?;
            let items: Vec<Value> = rows
                .into_iter()
                .map(|e| {
                    json!({"kind": "entity", "id": e.id, "title": e.name, "code": e.credit_code,
                                "detail": e.industry, "risk_level": e.risk_level})
                })
                .collect();
            Ok(Json(json!({"cell": cell, "measure": measure.key(), "items": items})))
        }
        Measure::Findings => {
            let rows = s.store.heat_finding_entities(&p.scope, &cell, from, to, 500).await?;
            let items: Vec<Value> = rows
                .into_iter()
                .map(|e| {
                    json!({"kind": "entity", "id": e.id, "title": e.name, "code": e.credit_code,
                                "detail": e.industry, "risk_level": e.risk_level})
                })
                .collect();
            Ok(Json(json!({"cell": cell, "measure": measure.key(), "items": items})))
        }
        _ => {
            let rows = s.store.heat_matter_ids(&p.scope, measure, &cell, from, to, 500).await?;
            let items: Vec<Value> = rows
                .into_iter()
                .map(|(id, receipt, title, t, on)| {
                    json!({"kind": "matter", "id": id, "title": title, "code": receipt,
                                                          "detail": t, "date": on})
                })
                .collect();
            Ok(Json(json!({"cell": cell, "measure": measure.key(), "items": items})))
        }
    }
}
