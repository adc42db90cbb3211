//! Grid supervision part B (issue 6 items 3, 4, 6, 7): the inspection-item list, the inspector pool, draw plans
//! through commit → draw → results → publish (双随机一公开, verifiable: docs/draw.md), inspection tasks with their
//! phone page (checklist, photos as evidence, result, a finding opening a matter), grid events through the GB/T 30428
//! loop with its evaluation, joint enforcement actions; and the public side (published draws, record download,
//! reporting a grid event).
//!
//! Every endpoint checks its permission (`grid:draw:*`, `grid:task:*`, `grid:event:*`, `grid:joint:*`) and the
//! department data scope; the public ones are rate-limited per client address.

use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use chrono::{NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zhibao_domain::case::ids::CreditCode;
use zhibao_domain::grid::draw::{
    self, Commitment, Conflict, DrawError, DrawParams, DrawRecord, Entity, EntityId, InspectionItem, Inspector,
    InspectorId, LoadCap, PoolFilter, Pools, SampleSize, Seed,
};
use zhibao_domain::grid::event::{self, EventFacts, Post, Stage, Step};
use zhibao_domain::grid::inspection::{self, Outcome, TaskState, JOINT_ACTIONS_TARGET, MIN_INSPECTORS};
use zhibao_domain::scope::Filter;
use zhibao_domain::validate::FieldErrors;
use zhibao_store::draws::{
    EventRow, InspectorProfile, InspectorRow, ItemRow, JointRow, JointWrite, NewEvent, NewTask, PlanRow, StepRow,
    StepWrite, TaskRow, TaskUpdate,
};
use zhibao_store::grid::EntityFilter;
use zhibao_store::Ts;

use crate::auth::Principal;
use crate::casework::intake::{self, IntakeForm, PartyForm};
use crate::casework::progress::today;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiQuery, ClientIp};
use crate::ledger::evidence::{self as vault_intake, EvidenceMeta, Uploader};
use crate::state::AppState;

/// Routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_items, create_item))
        .routes(routes!(update_item, delete_item))
        .routes(routes!(list_inspectors))
        .routes(routes!(save_inspector))
        .routes(routes!(list_plans, create_plan))
        .routes(routes!(summary))
        .routes(routes!(plan_detail))
        .routes(routes!(commit_plan))
        .routes(routes!(draw_plan))
        .routes(routes!(publish_plan))
        .routes(routes!(plan_record))
        .routes(routes!(list_tasks, create_task))
        .routes(routes!(task_detail, update_task))
        .routes(routes!(task_photo))
        .routes(routes!(task_matter))
        .routes(routes!(tasks_of_matter))
        .routes(routes!(list_events, create_event))
        .routes(routes!(event_stats))
        .routes(routes!(event_detail))
        .routes(routes!(event_step))
        .routes(routes!(list_joint, create_joint))
        .routes(routes!(update_joint))
        .routes(routes!(public_draws))
        .routes(routes!(public_draw))
        .routes(routes!(public_record))
        .routes(routes!(public_event))
        .routes(routes!(public_cells))
        .routes(routes!(public_cell_at))
}

fn now() -> Ts {
    Ts::new(Utc::now())
}

fn to_json<T: Serialize>(v: &T) -> ApiResult<String> {
    serde_json::to_string(v).map_err(|e| ApiError::Internal(e.into()))
}

fn from_json<T: serde::de::DeserializeOwned>(s: &str) -> ApiResult<T> {
    serde_json::from_str(s).map_err(|e| ApiError::Internal(anyhow::anyhow!("stored JSON: {e}")))
}

fn text(e: &mut FieldErrors, field: &str, v: &str, max: usize) -> String {
    let t = v.trim();
    if t.is_empty() {
        e.add(field, "不能为空 / required");
    } else if t.chars().count() > max {
        e.add(field, format!("最多 {max} 个字符 / at most {max} characters"));
    } else if t.chars().any(char::is_control) {
        e.add(field, "不能含控制字符 / no control characters");
    }
    t.to_string()
}

fn opt_text(e: &mut FieldErrors, field: &str, v: Option<&str>, max: usize) -> Option<String> {
    let t = v.map(str::trim).filter(|t| !t.is_empty())?;
    if t.chars().count() > max {
        e.add(field, format!("最多 {max} 个字符 / at most {max} characters"));
    }
    Some(t.to_string())
}

fn done(e: FieldErrors) -> ApiResult<()> {
    if e.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(e))
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Inspection items (检查事项清单)
// ---------------------------------------------------------------------------------------------------------------

/// An item with its checklist parsed.
#[derive(Serialize, ToSchema)]
pub struct ItemView {
    /// The row.
    #[serde(flatten)]
    pub item: ItemRow,
    /// Checklist points.
    pub points: Vec<String>,
}

fn item_view(item: ItemRow) -> ItemView {
    let points = serde_json::from_str(&item.checklist).unwrap_or_default();
    ItemView { item, points }
}

/// An item to save.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemForm {
    /// Code (A–Z a–z 0–9 _ - .).
    pub code: String,
    /// Name.
    pub name: String,
    /// Legal basis.
    pub citation: String,
    /// Checklist points (检查要点), 1–50.
    #[serde(default)]
    pub points: Vec<String>,
    /// In use.
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

fn parse_item(f: &ItemForm) -> ApiResult<(String, String, String, String)> {
    let mut e = FieldErrors::new();
    let code = text(&mut e, "code", &f.code, 64);
    if !code.chars().all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c)) {
        e.add("code", "只能含字母、数字和 _ - . / letters, digits, _ - . only");
    }
    let name = text(&mut e, "name", &f.name, 100);
    let citation = text(&mut e, "citation", &f.citation, 500);
    if f.points.is_empty() || f.points.len() > 50 {
        e.add("points", "检查要点 1–50 条 / 1–50 checklist points");
    }
    let points: Vec<String> =
        f.points.iter().enumerate().map(|(i, p)| text(&mut e, &format!("points[{i}]"), p, 200)).collect();
    done(e)?;
    Ok((code, name, citation, to_json(&points)?))
}

/// The inspection-item list.
#[utoipa::path(get, path = "/api/v1/grid/draw-items", tag = "grid", responses((status = 200, body = [ItemView])))]
async fn list_items(State(s): State<AppState>, p: Principal) -> ApiResult<Json<Vec<ItemView>>> {
    if !p.has("grid:draw:list") {
        p.require("grid:task:list")?;
    }
    Ok(Json(s.store.inspection_items().await?.into_iter().map(item_view).collect()))
}

/// Add an item.
#[utoipa::path(post, path = "/api/v1/grid/draw-items", tag = "grid", request_body = ItemForm,
    responses((status = 201, body = ItemView), (status = 422, body = ErrorBody)))]
async fn create_item(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(f): ApiJson<ItemForm>,
) -> ApiResult<(StatusCode, Json<ItemView>)> {
    p.require("grid:draw:item")?;
    let (code, name, citation, points) = parse_item(&f)?;
    let row = s.store.save_inspection_item(None, &code, &name, &citation, &points, f.active, now()).await?;
    Ok((StatusCode::CREATED, Json(item_view(row))))
}

/// Change an item.
#[utoipa::path(put, path = "/api/v1/grid/draw-items/{id}", tag = "grid", request_body = ItemForm,
    responses((status = 200, body = ItemView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_item(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<i64>,
    ApiJson(f): ApiJson<ItemForm>,
) -> ApiResult<Json<ItemView>> {
    p.require("grid:draw:item")?;
    let (code, name, citation, points) = parse_item(&f)?;
    Ok(Json(item_view(s.store.save_inspection_item(Some(id), &code, &name, &citation, &points, f.active, now()).await?)))
}

/// Delete an unused item (409 when used: deactivate it instead).
#[utoipa::path(delete, path = "/api/v1/grid/draw-items/{id}", tag = "grid", responses((status = 204), (status = 409, body = ErrorBody)))]
async fn delete_item(State(s): State<AppState>, p: Principal, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    p.require("grid:draw:item")?;
    s.store.delete_inspection_item(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---------------------------------------------------------------------------------------------------------------
// Inspector pool (执法检查人员名录库)
// ---------------------------------------------------------------------------------------------------------------

/// Certified on `today`: holds a certificate that has not expired (an expiry date is the last valid day).
fn certified_on(r: &InspectorRow, today: NaiveDate) -> bool {
    r.certified && r.cert_expires_on.is_none_or(|d| d >= today)
}

fn to_inspector(r: &InspectorRow, today: NaiveDate) -> ApiResult<Inspector> {
    Ok(Inspector {
        id: InspectorId(r.user_id),
        name: r.name.clone(),
        dept_id: r.dept_id,
        certified: certified_on(r, today),
        cells: r.cells.split(',').filter(|c| !c.is_empty()).map(str::to_string).collect(),
        conflicts: from_json(&r.conflicts)?,
        relations: from_json(&r.relations)?,
    })
}

/// The inspector profiles in scope (their own cells come from the grid's cell assignments).
#[utoipa::path(get, path = "/api/v1/grid/draw-inspectors", tag = "grid", responses((status = 200, body = [InspectorRow])))]
async fn list_inspectors(State(s): State<AppState>, p: Principal) -> ApiResult<Json<Vec<InspectorRow>>> {
    p.require("grid:draw:list")?;
    Ok(Json(s.store.grid_inspectors(&p.scope).await?))
}

/// An inspector profile.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InspectorForm {
    /// Holds an enforcement certificate (执法证).
    pub certified: bool,
    /// Certificate number.
    #[serde(default)]
    pub cert_no: Option<String>,
    /// Certificate expiry (执法证有效期至, the last valid day); past it the inspector counts as not certified.
    #[serde(default)]
    pub cert_expires_on: Option<NaiveDate>,
    /// Home cells (所属网格) by code, replacing the user's current cells; absent = leave them. Changing them also
    /// needs `grid:geo:assign` (the cell-assignment permission).
    #[serde(default)]
    pub cells: Option<Vec<String>>,
    /// Declared conflicts: `{"entity": id}` or `{"credit_code": "…"}`.
    #[serde(default)]
    #[schema(value_type = Vec<Object>)]
    pub conflicts: Vec<Conflict>,
    /// Entities the inspector is related to.
    #[serde(default)]
    pub relations: Vec<i64>,
}

/// Create or replace a user's inspector profile (the user must be in scope).
#[utoipa::path(put, path = "/api/v1/grid/draw-inspectors/{user_id}", tag = "grid", request_body = InspectorForm,
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn save_inspector(
    State(s): State<AppState>,
    p: Principal,
    Path(user_id): Path<i64>,
    ApiJson(f): ApiJson<InspectorForm>,
) -> ApiResult<StatusCode> {
    p.require("grid:draw:inspector")?;
    s.store.get_user(&p.scope, user_id).await?;
    let mut e = FieldErrors::new();
    let cert = opt_text(&mut e, "cert_no", f.cert_no.as_deref(), 50);
    if f.certified && cert.is_none() {
        e.add("cert_no", "持证人员须填写执法证号 / certificate number required");
    }
    if f.certified && f.cert_expires_on.is_some_and(|d| d < today(&s)) {
        e.add("cert_expires_on", "执法证已过期，不能登记为持证 / the certificate has expired");
    }
    for (i, r) in f.relations.iter().enumerate() {
        if *r < 1 {
            e.add(format!("relations[{i}]"), "应为市场主体 ID / must be an entity id");
        }
    }
    for (i, c) in f.conflicts.iter().enumerate() {
        if let Conflict::Entity(EntityId(id)) = c {
            if *id < 1 {
                e.add(format!("conflicts[{i}]"), "应为市场主体 ID / must be an entity id");
            }
        }
    }
    let cells = match &f.cells {
        None => None,
        Some(codes) => {
            let all = s.store.list_cells(None).await?;
            let mut ids = Vec::new();
            for (i, code) in codes.iter().enumerate() {
                match all.iter().find(|c| c.code == code.trim()) {
                    Some(c) if !ids.contains(&c.id) => ids.push(c.id),
                    Some(_) => e.add(format!("cells[{i}]"), "网格重复 / duplicate cell"),
                    None => e.add(format!("cells[{i}]"), "网格不存在 / unknown cell"),
                }
            }
            Some(ids)
        }
    };
    done(e)?;
    if let Some(ids) = &cells {
        // Only an actual change of the home cells needs the cell-assignment permission.
        let mut now_ids: Vec<i64> = s.store.list_cell_inspectors(None, Some(user_id)).await?.iter().map(|c| c.cell_id).collect();
        let mut want = ids.clone();
        now_ids.sort_unstable();
        want.sort_unstable();
        if now_ids != want {
            p.require("grid:geo:assign")?;
        }
    }
    let conflicts = to_json(&f.conflicts)?;
    let relations = to_json(&f.relations)?;
    let profile = InspectorProfile {
        user_id,
        certified: f.certified,
        cert_no: cert.as_deref(),
        cert_expires_on: f.cert_expires_on,
        conflicts: &conflicts,
        relations: &relations,
        cells: cells.as_deref(),
    };
    s.store.save_inspector_profile(&profile, now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---------------------------------------------------------------------------------------------------------------
// Draw plans
// ---------------------------------------------------------------------------------------------------------------

/// A plan to create.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanForm {
    /// Draw number (抽查任务编号).
    pub draw_no: String,
    /// Year.
    pub year: i32,
    /// Item id.
    pub item_id: i64,
    /// Entity pool filter.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub filter: PoolFilter,
    /// `{"count": k}` or `{"ratio": {"basis_points": 500, "rounding": "ceil"}}`.
    #[schema(value_type = Object)]
    pub sample: SampleSize,
    /// Inspectors per task (≥ 2).
    pub inspectors_per_task: u32,
    /// `"auto"`, `{"fixed": c}` or `"unlimited"`.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub load_cap: LoadCap,
    /// A public beacon named in advance.
    #[serde(default)]
    pub beacon_source: Option<String>,
    /// Inspector pool: these users' profiles; empty = every inspector profile in the caller's scope.
    #[serde(default)]
    pub inspector_ids: Vec<i64>,
}

/// A plan with its item, commitment and counts.
#[derive(Serialize, ToSchema)]
pub struct PlanView {
    /// The plan.
    #[serde(flatten)]
    pub plan: PlanRow,
    /// Item name.
    pub item_name: String,
    /// Parameters.
    #[schema(value_type = Object)]
    pub params: DrawParams,
    /// Commitment (from commit on).
    #[schema(value_type = Object)]
    pub commitment_view: Option<Commitment>,
    /// Tasks and results.
    pub tasks: Vec<TaskRow>,
    /// Recusals shown with reasons (from the draw on): entity, inspector, reasons (zh).
    #[schema(value_type = Vec<Object>)]
    pub recusals: Vec<serde_json::Value>,
    /// Tasks the draw could not staff.
    #[schema(value_type = Vec<Object>)]
    pub unstaffed: Vec<serde_json::Value>,
    /// Results entered.
    pub results: i64,
    /// Results overdue for publication (20 WD passed).
    pub overdue: i64,
}

async fn plan_view(s: &AppState, plan: PlanRow) -> ApiResult<PlanView> {
    let item = s.store.inspection_item(plan.item_id).await?;
    let params: DrawParams = from_json(&plan.params)?;
    let commitment_view = plan.commitment.as_deref().map(from_json).transpose()?;
    let tasks = s.store.inspection_tasks(&Filter::All, Some(plan.id), None).await?;
    let (mut recusals, mut unstaffed) = (Vec::new(), Vec::new());
    if let Some(r) = plan.record.as_deref() {
        let rec: DrawRecord = from_json(r)?;
        let name_e: BTreeMap<i64, &str> = rec.pools.entities.iter().map(|e| (e.id.0, e.name.as_str())).collect();
        let name_i: BTreeMap<i64, &str> = rec.pools.inspectors.iter().map(|i| (i.id.0, i.name.as_str())).collect();
        for x in &rec.recusals {
            recusals.push(serde_json::json!({
                "entity_id": x.entity_id.0, "entity": name_e.get(&x.entity_id.0),
                "inspector_id": x.inspector_id.0, "inspector": name_i.get(&x.inspector_id.0),
                "reasons": x.reasons.iter().map(|r| serde_json::json!({"code": r.code.code(), "zh": r.zh, "en": r.en})).collect::<Vec<_>>(),
            }));
        }
        for t in rec.unstaffed() {
            unstaffed.push(serde_json::json!({"entity_id": t.entity_id.0, "entity": name_e.get(&t.entity_id.0), "reason": t.unstaffed}));
        }
    }
    let today = today(s);
    let results = tasks.iter().filter(|t| t.outcome.is_some()).count() as i64;
    let overdue =
        tasks.iter().filter(|t| t.state == "done" && t.publish_due_on.is_some_and(|d| d < today)).count() as i64;
    Ok(PlanView { item_name: item.name, params, commitment_view, tasks, recusals, unstaffed, results, overdue, plan })
}

/// The entity pool now: active registry entities placed in a cell, matching the filter.
pub async fn entity_pool(store: &zhibao_store::Store, filter: &PoolFilter) -> ApiResult<Vec<Entity>> {
    let ef = EntityFilter { placed: Some(true), status: Some("active".into()), ..Default::default() };
    let rows = store.all_entities(&Filter::All, &ef, 10_000_000).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let (Some(cell), Ok(code)) = (r.cell_code.clone(), CreditCode::parse(&r.credit_code)) else { continue };
        let mut tags = r.tags.clone();
        tags.sort();
        let e = Entity { id: EntityId(r.id), name: r.name, credit_code: code, cell_code: cell, industry_code: r.industry, tags };
        if filter.matches(&e) {
            out.push(e);
        }
    }
    Ok(out)
}

/// The inspector pool of a plan on `today` (a certificate past its expiry counts as not certified).
pub async fn inspector_pool(store: &zhibao_store::Store, plan: &PlanRow, today: NaiveDate) -> ApiResult<Vec<Inspector>> {
    let ids: Vec<i64> = from_json(&plan.inspector_ids)?;
    // The users named at planning time (checked then to be in the planner's scope).
    let rows = store.grid_inspectors(&Filter::All).await?;
    let wanted: BTreeSet<i64> = ids.into_iter().collect();
    rows.iter()
        .filter(|r| wanted.is_empty() || wanted.contains(&r.user_id))
        .map(|r| to_inspector(r, today))
        .collect()
}

/// Both pools of a plan as the registry and the inspector profiles hold them now, canonical.
pub async fn pools_now(store: &zhibao_store::Store, plan: &PlanRow, params: &DrawParams, today: NaiveDate) -> ApiResult<Pools> {
    let mut pools = Pools::new(entity_pool(store, &params.filter).await?, inspector_pool(store, plan, today).await?);
    pools.canonicalise();
    Ok(pools)
}

/// One task per staffed entity of a record (unstaffed ones stay in the record for the office to staff by hand).
pub fn tasks_of_record(plan: &PlanRow, record: &DrawRecord, by: i64) -> Vec<NewTask> {
    let by_id: BTreeMap<i64, &Entity> = record.pools.entities.iter().map(|e| (e.id.0, e)).collect();
    record
        .tasks
        .iter()
        .filter(|t| t.unstaffed.is_none())
        .filter_map(|t| by_id.get(&t.entity_id.0).map(|e| (t, e)))
        .map(|(t, e)| NewTask {
            draw_plan_id: Some(plan.id),
            item_id: plan.item_id,
            entity_id: e.id.0,
            entity_name: e.name.clone(),
            credit_code: e.credit_code.as_str().to_string(),
            cell_code: Some(e.cell_code.clone()),
            dept_id: plan.dept_id,
            inspectors: t.inspectors.iter().map(|i| i.0).collect(),
            created_by: Some(by),
        })
        .collect()
}

/// Plans in scope, newest first.
#[utoipa::path(get, path = "/api/v1/grid/draws", tag = "grid", responses((status = 200, body = [PlanRow])))]
async fn list_plans(State(s): State<AppState>, p: Principal) -> ApiResult<Json<Vec<PlanRow>>> {
    p.require("grid:draw:list")?;
    Ok(Json(s.store.draw_plans(&p.scope, false).await?))
}

/// Create a plan (state `planned`). The pools are checked now (422 per field) and again at commit.
#[utoipa::path(post, path = "/api/v1/grid/draws", tag = "grid", request_body = PlanForm,
    responses((status = 201, body = PlanView), (status = 422, body = ErrorBody)))]
async fn create_plan(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(f): ApiJson<PlanForm>,
) -> ApiResult<(StatusCode, Json<PlanView>)> {
    p.require("grid:draw:plan")?;
    let item = match s.store.inspection_item(f.item_id).await {
        Ok(i) if i.active => i,
        _ => return Err(ApiError::field("item_id", "检查事项不存在或已停用 / unknown or inactive item")),
    };
    let params = DrawParams {
        draw_id: f.draw_no.trim().to_string(),
        year: f.year,
        item: InspectionItem { code: item.code.clone(), name: item.name.clone(), citation: item.citation.clone() },
        filter: f.filter,
        sample: f.sample,
        inspectors_per_task: f.inspectors_per_task,
        load_cap: f.load_cap,
        beacon_source: f.beacon_source.filter(|b| !b.trim().is_empty()),
    };
    let visible: BTreeSet<i64> = s.store.grid_inspectors(&p.scope).await?.iter().map(|r| r.user_id).collect();
    let mut e = FieldErrors::new();
    for (i, id) in f.inspector_ids.iter().enumerate() {
        if !visible.contains(id) {
            e.add(format!("inspector_ids[{i}]"), "不是本部门名录中的执法人员 / not an inspector in your scope");
        }
    }
    done(e)?;
    let ids = if f.inspector_ids.is_empty() { visible.into_iter().collect() } else { f.inspector_ids };
    let row = s
        .store
        .create_draw_plan(&params.draw_id, i64::from(params.year), p.dept_id, item.id, &to_json(&params)?, &to_json(&ids)?, p.id, now())
        .await?;
    let pools = pools_now(&s.store, &row, &params, today(&s)).await?;
    if let Err(fe) = draw::check(&params, &pools) {
        s.store.execute_raw(&format!("DELETE FROM draw_plans WHERE id = {} AND state = 'planned'", row.id)).await?;
        return Err(ApiError::Validation(fe));
    }
    Ok((StatusCode::CREATED, Json(plan_view(&s, row).await?)))
}

/// One plan with commitment, tasks, results, recusals.
#[utoipa::path(get, path = "/api/v1/grid/draws/{id}", tag = "grid", responses((status = 200, body = PlanView), (status = 404, body = ErrorBody)))]
async fn plan_detail(State(s): State<AppState>, p: Principal, Path(id): Path<i64>) -> ApiResult<Json<PlanView>> {
    p.require("grid:draw:list")?;
    let plan = s.store.draw_plan(Some(&p.scope), id).await?;
    Ok(Json(plan_view(&s, plan).await?))
}

/// Commit: take a secret seed, snapshot both pools and publish the commitment (planned → committed).
#[utoipa::path(post, path = "/api/v1/grid/draws/{id}/commit", tag = "grid",
    responses((status = 200, body = PlanView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn commit_plan(State(s): State<AppState>, p: Principal, Path(id): Path<i64>) -> ApiResult<Json<PlanView>> {
    p.require("grid:draw:run")?;
    let plan = s.store.draw_plan(Some(&p.scope), id).await?;
    if plan.state != "planned" {
        return Err(ApiError::Conflict(format!("计划状态为 {}，只能承诺一次 / already committed", plan.state)));
    }
    let params: DrawParams = from_json(&plan.params)?;
    let pools = pools_now(&s.store, &plan, &params, today(&s)).await?;
    let mut bytes = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
    let seed = Seed::from_bytes(bytes);
    let c = draw::commit(params, &pools, &seed).map_err(ApiError::Validation)?;
    s.store
        .commit_draw_plan(id, &seed.to_hex(), &to_json(&c)?, &to_json(&pools)?, pools.entities.len() as i64, now())
        .await?;
    Ok(Json(plan_view(&s, s.store.draw_plan(Some(&p.scope), id).await?).await?))
}

/// The draw's beacon value (when the parameters name one).
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct DrawForm {
    /// The beacon's value.
    #[serde(default)]
    pub beacon_value: Option<String>,
}

/// Draw: reveal the seed, re-read both pools and refuse (409, naming the pool) when either changed since the
/// commitment; else compute the record and create one task per staffed entity (committed → drawn).
#[utoipa::path(post, path = "/api/v1/grid/draws/{id}/draw", tag = "grid", request_body = DrawForm,
    responses((status = 200, body = PlanView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn draw_plan(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<i64>,
    ApiJson(f): ApiJson<DrawForm>,
) -> ApiResult<Json<PlanView>> {
    p.require("grid:draw:run")?;
    let plan = s.store.draw_plan(Some(&p.scope), id).await?;
    if plan.state != "committed" {
        return Err(ApiError::Conflict(format!("计划状态为 {}，须先承诺 / the plan must be committed first", plan.state)));
    }
    let c: Commitment = from_json(plan.commitment.as_deref().unwrap_or("null"))?;
    let seed = Seed::parse_hex(plan.seed.as_deref().unwrap_or_default()).map_err(|e| ApiError::Internal(anyhow::anyhow!(e)))?;
    let pools = pools_now(&s.store, &plan, &c.params, today(&s)).await?;
    let record = match draw::draw(&c, &seed, f.beacon_value.as_deref(), pools) {
        Ok(r) => r,
        Err(DrawError::Invalid(fe)) => return Err(ApiError::Validation(fe)),
        Err(e) => return Err(ApiError::Conflict(e.to_string())),
    };
    let tasks = tasks_of_record(&plan, &record, p.id);
    s.store.record_draw(id, &to_json(&record)?, &tasks, now()).await?;
    Ok(Json(plan_view(&s, s.store.draw_plan(Some(&p.scope), id).await?).await?))
}

/// Publish the results entered so far (each within 20 working days of its inspection); the plan becomes
/// `published` when every task is.
#[utoipa::path(post, path = "/api/v1/grid/draws/{id}/publish", tag = "grid",
    responses((status = 200, body = PlanView), (status = 409, body = ErrorBody)))]
async fn publish_plan(State(s): State<AppState>, p: Principal, Path(id): Path<i64>) -> ApiResult<Json<PlanView>> {
    p.require("grid:draw:publish")?;
    let plan = s.store.draw_plan(Some(&p.scope), id).await?;
    if plan.state != "drawn" {
        return Err(ApiError::Conflict(format!("计划状态为 {}，不能公示 / only drawn plans publish results", plan.state)));
    }
    if s.store.publish_draw_results(id, now()).await? == 0 {
        return Err(ApiError::Conflict("没有待公示的检查结果 / no results to publish".into()));
    }
    Ok(Json(plan_view(&s, s.store.draw_plan(Some(&p.scope), id).await?).await?))
}

fn record_response(plan: &PlanRow) -> ApiResult<Response> {
    let rec = plan.record.clone().ok_or_else(|| ApiError::Conflict("尚未抽取 / not drawn yet".into()))?;
    Ok(crate::files::download_response(rec.into_bytes(), "application/json", &format!("draw-{}.json", plan.draw_no)))
}

/// Download the record (JSON; `zhibao draw verify` and `scripts/draw_verify.py` check it).
#[utoipa::path(get, path = "/api/v1/grid/draws/{id}/record", tag = "grid", responses((status = 200, content_type = "application/json"), (status = 409, body = ErrorBody)))]
async fn plan_record(State(s): State<AppState>, p: Principal, Path(id): Path<i64>) -> ApiResult<Response> {
    p.require("grid:draw:list")?;
    record_response(&s.store.draw_plan(Some(&p.scope), id).await?)
}

/// Year query.
#[derive(Deserialize, IntoParams)]
pub struct YearQuery {
    /// Year (default: this year).
    pub year: Option<i32>,
}

/// The dashboard figures of a year.
#[derive(Serialize, ToSchema)]
pub struct Summary {
    /// Year.
    pub year: i32,
    /// Entities inspected with a result this year.
    pub inspected: i64,
    /// Active registry entities.
    pub pool: i64,
    /// Coverage (抽查覆盖率), 0–1.
    pub coverage: Option<f64>,
    /// Results not published within 20 working days.
    pub overdue_results: i64,
    /// Joint actions this year.
    pub joint_actions: i64,
    /// Their yearly target.
    pub joint_target: u32,
    /// Open grid events.
    pub open_events: i64,
}

/// Coverage, overdue publications, joint actions vs target, open events (dashboard).
#[utoipa::path(get, path = "/api/v1/grid/draw-summary", tag = "grid", params(YearQuery), responses((status = 200, body = Summary)))]
async fn summary(State(s): State<AppState>, p: Principal, ApiQuery(q): ApiQuery<YearQuery>) -> ApiResult<Json<Summary>> {
    if !(p.has("grid:draw:list") || p.has("grid:task:list") || p.has("grid:event:list") || p.has("grid:joint:list")) {
        p.require("grid:draw:list")?;
    }
    let t = today(&s);
    let year = q.year.unwrap_or(chrono::Datelike::year(&t));
    let (inspected, pool) = s.store.draw_coverage(i64::from(year)).await?;
    let open_events = s
        .store
        .grid_events(&p.scope, None)
        .await?
        .iter()
        .filter(|e| Stage::parse(&e.stage).is_some_and(Stage::is_open))
        .count() as i64;
    Ok(Json(Summary {
        year,
        inspected,
        pool,
        coverage: inspection::coverage(inspected.max(0) as u64, pool.max(0) as u64),
        overdue_results: s.store.overdue_tasks(&p.scope, t).await?,
        joint_actions: s.store.joint_actions(&p.scope, Some(i64::from(year))).await?.len() as i64,
        joint_target: JOINT_ACTIONS_TARGET,
        open_events,
    }))
}

// ---------------------------------------------------------------------------------------------------------------
// Inspection tasks
// ---------------------------------------------------------------------------------------------------------------

/// Task list query.
#[derive(Deserialize, IntoParams)]
pub struct TaskQuery {
    /// Only the caller's own tasks.
    pub mine: Option<bool>,
    /// Only this plan's.
    pub plan: Option<i64>,
}

/// Tasks in scope (an inspector always sees their own).
#[utoipa::path(get, path = "/api/v1/grid/tasks", tag = "grid", params(TaskQuery), responses((status = 200, body = [TaskRow])))]
async fn list_tasks(State(s): State<AppState>, p: Principal, ApiQuery(q): ApiQuery<TaskQuery>) -> ApiResult<Json<Vec<TaskRow>>> {
    p.require("grid:task:list")?;
    let mine = q.mine.unwrap_or(false).then_some(p.id);
    Ok(Json(s.store.inspection_tasks(&own_scope(&p), q.plan, mine).await?))
}

/// The caller's scope plus their own tasks.
fn own_scope(p: &Principal) -> Filter {
    match &p.scope {
        Filter::All => Filter::All,
        Filter::Restricted { depts, subtrees, .. } => {
            Filter::Restricted { depts: depts.clone(), subtrees: subtrees.clone(), own_user: Some(p.id) }
        }
    }
}

/// An ad-hoc task.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskForm {
    /// Item.
    pub item_id: i64,
    /// Registry entity.
    pub entity_id: i64,
    /// Inspectors (≥ 2, certified), the first leads.
    pub inspectors: Vec<i64>,
}

/// Create an ad-hoc task (not drawn).
#[utoipa::path(post, path = "/api/v1/grid/tasks", tag = "grid", request_body = TaskForm,
    responses((status = 201, body = TaskView), (status = 422, body = ErrorBody)))]
async fn create_task(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(f): ApiJson<TaskForm>,
) -> ApiResult<(StatusCode, Json<TaskView>)> {
    p.require("grid:task:add")?;
    let mut e = FieldErrors::new();
    if s.store.inspection_item(f.item_id).await.is_err() {
        e.add("item_id", "检查事项不存在 / unknown item");
    }
    let entity = s.store.get_entity(&Filter::All, f.entity_id).await.ok();
    if entity.is_none() {
        e.add("entity_id", "市场主体不存在 / unknown entity");
    }
    let day = today(&s);
    let certified: BTreeSet<i64> =
        s.store.grid_inspectors(&p.scope).await?.iter().filter(|r| certified_on(r, day)).map(|r| r.user_id).collect();
    let distinct: BTreeSet<i64> = f.inspectors.iter().copied().collect();
    if distinct.len() < MIN_INSPECTORS || distinct.len() != f.inspectors.len() {
        e.add("inspectors", "至少两名不同的执法人员（行政处罚法 第四十二条） / at least two different inspectors");
    }
    for (i, u) in f.inspectors.iter().enumerate() {
        if !certified.contains(u) {
            e.add(format!("inspectors[{i}]"), "不是本部门持证执法人员 / not a certified inspector in your scope");
        }
    }
    done(e)?;
    let Some(en) = entity else { return Err(ApiError::NotFound) };
    let id = s
        .store
        .create_task(
            &NewTask {
                draw_plan_id: None,
                item_id: f.item_id,
                entity_id: en.id,
                entity_name: en.name,
                credit_code: en.credit_code,
                cell_code: en.cell_code,
                dept_id: p.dept_id,
                inspectors: f.inspectors,
                created_by: Some(p.id),
            },
            now(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(task_view(&s, &p, id).await?)))
}

/// A task with checklist, photos and what the caller may do.
#[derive(Serialize, ToSchema)]
pub struct TaskView {
    /// The task.
    #[serde(flatten)]
    pub task: TaskRow,
    /// Checklist points.
    pub points: Vec<String>,
    /// Answers per point (yes / no / na).
    pub answer_list: Vec<String>,
    /// Inspector user ids in order.
    pub inspectors: Vec<i64>,
    /// Photo evidence: id, file name, SHA-256.
    #[schema(value_type = Vec<Object>)]
    pub photos: Vec<serde_json::Value>,
    /// Outcome label.
    pub outcome_zh: Option<&'static str>,
    /// Working days left to publish (negative = overdue).
    pub publish_days_left: Option<i64>,
    /// The publication due date counts Monday–Friday only because the calendar lacks a year it reaches (暂定); it is
    /// recomputed when that year's table is entered.
    pub publish_due_provisional: bool,
    /// The caller may record results.
    pub can_edit: bool,
    /// The caller may open a matter from the finding now.
    pub can_open_matter: bool,
}

async fn task_view(s: &AppState, p: &Principal, id: i64) -> ApiResult<TaskView> {
    let task = s.store.inspection_task(&own_scope(p), id).await?;
    let points: Vec<String> = serde_json::from_str(&task.checklist).unwrap_or_default();
    let answer_list: Vec<String> = serde_json::from_str(&task.answers).unwrap_or_default();
    let inspectors = s.store.task_inspectors(id).await?;
    let mut photos = Vec::new();
    for eid in s.store.task_photos(id).await? {
        let e = s.store.evidence(eid).await?;
        photos.push(serde_json::json!({"id": e.id, "file_name": e.file_name, "sha256": e.sha256, "content_type": e.content_type}));
    }
    let outcome = task.outcome.as_deref().and_then(Outcome::parse);
    let publish_days_left = task
        .publish_due_on
        .filter(|_| task.state == "done")
        .and_then(|d| crate::casework::progress::workdays_until(&s.calendar(), today(s), d));
    let publish_due_provisional = task.state == "done"
        && task.ended_on.is_some_and(|e| inspection::publication_due(&s.calendar(), e).is_err());
    let can_edit = p.has("grid:task:edit") && task.state != "published";
    let can_open_matter =
        p.has("grid:task:matter") && p.has("case:matter:add") && task.matter_id.is_none() && outcome.is_some_and(Outcome::is_finding);
    Ok(TaskView {
        outcome_zh: outcome.map(Outcome::zh),
        points,
        answer_list,
        inspectors,
        photos,
        publish_days_left,
        publish_due_provisional,
        can_edit,
        can_open_matter,
        task,
    })
}

/// One task.
#[utoipa::path(get, path = "/api/v1/grid/tasks/{id}", tag = "grid", responses((status = 200, body = TaskView), (status = 404, body = ErrorBody)))]
async fn task_detail(State(s): State<AppState>, p: Principal, Path(id): Path<i64>) -> ApiResult<Json<TaskView>> {
    p.require("grid:task:list")?;
    Ok(Json(task_view(&s, &p, id).await?))
}

/// The inspection record of a task.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskResultForm {
    /// Answers per checklist point: yes / no / na (or empty = not yet).
    #[serde(default)]
    pub answers: Vec<String>,
    /// Notes.
    #[serde(default)]
    pub notes: Option<String>,
    /// Outcome: compliant | non_compliant | referred | not_operating | unreachable; absent = still in progress.
    #[serde(default)]
    pub outcome: Option<String>,
    /// Follow-up (后续处置).
    #[serde(default)]
    pub follow_up: Option<String>,
}

/// Save the checklist, notes, and (with an outcome) the result: the inspection ends today and the 20-working-day
/// publication clock starts.
#[utoipa::path(put, path = "/api/v1/grid/tasks/{id}", tag = "grid", request_body = TaskResultForm,
    responses((status = 200, body = TaskView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_task(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<i64>,
    ApiJson(f): ApiJson<TaskResultForm>,
) -> ApiResult<Json<TaskView>> {
    p.require("grid:task:edit")?;
    let task = s.store.inspection_task(&own_scope(&p), id).await?;
    if task.state == "published" {
        return Err(ApiError::Conflict("结果已公示，不能修改 / the result is published".into()));
    }
    let points: Vec<String> = serde_json::from_str(&task.checklist).unwrap_or_default();
    let mut e = FieldErrors::new();
    if let Err((i, m)) = inspection::check_answers(points.len(), &f.answers) {
        e.add(format!("answers[{i}]"), m);
    }
    let notes = opt_text(&mut e, "notes", f.notes.as_deref(), 2000);
    let follow_up = opt_text(&mut e, "follow_up", f.follow_up.as_deref(), 1000);
    let outcome = match f.outcome.as_deref().filter(|o| !o.is_empty()) {
        None => None,
        Some(o) => match Outcome::parse(o) {
            Some(o) => Some(o),
            None => {
                e.add("outcome", "只能是 compliant、non_compliant、referred、not_operating、unreachable");
                None
            }
        },
    };
    if outcome.is_some_and(Outcome::is_finding) && follow_up.is_none() {
        e.add("follow_up", "发现问题须填写后续处置 / a finding needs a follow-up");
    }
    if outcome.is_some() && f.answers.len() == points.len() && f.answers.iter().any(String::is_empty) {
        e.add("answers", "出具结果前须逐项填写检查要点 / answer every point before the result");
    }
    done(e)?;
    let (state, ended_on, due) = match outcome {
        None => (TaskState::InProgress, None, None),
        Some(_) => {
            let ended = task.ended_on.unwrap_or_else(|| today(&s));
            let due = Some(inspection::publication_due_or_provisional(&s.calendar(), ended).0);
            (TaskState::Done, Some(ended), due)
        }
    };
    let up = TaskUpdate {
        answers: to_json(&f.answers)?,
        notes,
        outcome: outcome.map(|o| o.code().to_string()),
        follow_up,
        state: state.code().into(),
        ended_on,
        publish_due_on: due,
    };
    s.store.update_task(id, &task.state, &up, now()).await?;
    Ok(Json(task_view(&s, &p, id).await?))
}

/// Add a photo (multipart `file`, optional `description`, `captured_at`): stored in the evidence vault
/// (time-stamped, logged) and linked to the task.
#[utoipa::path(post, path = "/api/v1/grid/tasks/{id}/photos", tag = "grid", request_body(content_type = "multipart/form-data"),
    responses((status = 201, body = TaskView), (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn task_photo(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<i64>,
    mp: Multipart,
) -> ApiResult<(StatusCode, Json<TaskView>)> {
    p.require("grid:task:edit")?;
    let task = s.store.inspection_task(&own_scope(&p), id).await?;
    if task.state == "published" {
        return Err(ApiError::Conflict("结果已公示 / the result is published".into()));
    }
    let (name, bytes, mut f) = crate::files::read_form(mp, s.settings.evidence.max_bytes).await?;
    let description = f
        .remove("description")
        .or_else(|| Some(format!("检查任务 {} 现场照片：{}", task.id, task.entity_name)));
    let meta = EvidenceMeta::parse(None, f.remove("captured_at"), description, Utc::now())?;
    let who = Uploader { id: Some(p.id), name: p.username.clone(), dept_id: Some(task.dept_id) };
    let ev = vault_intake::add(&s, None, &who, &name, bytes, meta).await?;
    s.store.add_task_photo(id, ev.id).await?;
    Ok((StatusCode::CREATED, Json(task_view(&s, &p, id).await?)))
}

/// What a finding's matter needs beyond the task.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct MatterFromTask {
    /// Title (default: 双随机抽查发现问题：<entity>).
    #[serde(default)]
    pub title: Option<String>,
}

/// The matter opened from a task.
#[derive(Serialize, ToSchema)]
pub struct OpenedMatter {
    /// Matter id.
    pub matter_id: i64,
    /// Receipt number.
    pub receipt_no: String,
}

/// Open a matter from the task's finding through the case desk's staff intake (report, 举报; respondent = the
/// entity; applicant = the inspecting department), and link both ways.
#[utoipa::path(post, path = "/api/v1/grid/tasks/{id}/matter", tag = "grid", request_body = MatterFromTask,
    responses((status = 201, body = OpenedMatter), (status = 409, body = ErrorBody)))]
async fn task_matter(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<i64>,
    ApiJson(f): ApiJson<MatterFromTask>,
) -> ApiResult<(StatusCode, Json<OpenedMatter>)> {
    p.require("grid:task:matter")?;
    p.require("case:matter:add")?;
    let task = s.store.inspection_task(&own_scope(&p), id).await?;
    if task.matter_id.is_some() {
        return Err(ApiError::Conflict("该任务已关联事项 / the task already opened a matter".into()));
    }
    if !task.outcome.as_deref().and_then(Outcome::parse).is_some_and(Outcome::is_finding) {
        return Err(ApiError::Conflict("只有发现问题的检查结果才能转立案 / only a finding opens a matter".into()));
    }
    let dept = s.store.get_dept(&Filter::All, task.dept_id).await?;
    let description = format!(
        "检查事项：{}；检查人员：{}；检查记录：{}；后续处置：{}",
        task.item_name,
        task.inspector_names,
        task.notes.as_deref().unwrap_or("—"),
        task.follow_up.as_deref().unwrap_or("—")
    );
    let party = |kind: &str, name: String, credit: Option<String>| PartyForm {
        kind: kind.into(),
        name,
        id_number: None,
        credit_code: credit,
        phone: None,
        address: None,
        area_code: None,
        lon: None,
        lat: None,
    };
    let form = IntakeForm {
        matter_type: "report".into(),
        title: f.title.unwrap_or_else(|| format!("双随机抽查发现问题：{}", task.entity_name)).chars().take(100).collect(),
        description,
        applicant: party("organisation", dept.name.clone(), None),
        respondents: vec![party("organisation", task.entity_name.clone(), Some(task.credit_code.clone()))],
        rights: Vec::new(),
        urls: Vec::new(),
        amount_yuan: None,
        real_name: Some(true),
        foreign_party: None,
        cross_region: None,
        area_code: None,
        channel: Some("staff".into()),
        received_on: None,
    };
    let parsed = intake::parse(form, true, today(&s))?;
    let m = intake::create(&s, parsed, Some((p.id, p.username.clone())), None).await?;
    s.store.link_task_matter(id, m.id, now()).await?;
    Ok((StatusCode::CREATED, Json(OpenedMatter { matter_id: m.id, receipt_no: m.receipt_no })))
}

/// A task linked to a matter.
#[derive(Serialize, ToSchema)]
pub struct LinkedTask {
    /// Task id.
    pub task_id: i64,
    /// Entity.
    pub entity_name: String,
}

/// The inspection tasks a visible matter was opened from (the matter's side of the link).
#[utoipa::path(get, path = "/api/v1/cases/{id}/inspection-tasks", tag = "grid", responses((status = 200, body = [LinkedTask])))]
async fn tasks_of_matter(State(s): State<AppState>, p: Principal, Path(id): Path<i64>) -> ApiResult<Json<Vec<LinkedTask>>> {
    p.require("case:matter:list")?;
    s.store.get_matter(&p.scope, id).await?;
    Ok(Json(
        s.store
            .tasks_of_matter(id)
            .await?
            .into_iter()
            .map(|(task_id, entity_name)| LinkedTask { task_id, entity_name })
            .collect(),
    ))
}

// ---------------------------------------------------------------------------------------------------------------
// Grid events (GB/T 30428 loop)
// ---------------------------------------------------------------------------------------------------------------

/// An event report.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventForm {
    /// Category (e.g. 假冒商标, 专利标识不规范, 其他).
    pub category: String,
    /// What was seen.
    pub description: String,
    /// Address.
    #[serde(default)]
    pub address: Option<String>,
    /// Longitude (WGS84).
    pub lon: f64,
    /// Latitude (WGS84).
    pub lat: f64,
    /// Reporter's name (public reports).
    #[serde(default)]
    pub reporter_name: Option<String>,
    /// Reporter's phone (public reports).
    #[serde(default)]
    pub reporter_phone: Option<String>,
}

async fn new_event(s: &AppState, f: EventForm, source: &str, reporter: Option<(i64, i64)>) -> ApiResult<NewEvent> {
    let mut e = FieldErrors::new();
    let category = text(&mut e, "category", &f.category, 50);
    let description = text(&mut e, "description", &f.description, 2000);
    let address = opt_text(&mut e, "address", f.address.as_deref(), 200);
    let reporter_name = opt_text(&mut e, "reporter_name", f.reporter_name.as_deref(), 50);
    let reporter_phone = opt_text(&mut e, "reporter_phone", f.reporter_phone.as_deref(), 30);
    if !(-180.0..=180.0).contains(&f.lon) || !f.lon.is_finite() {
        e.add("lon", "经度应在 −180…180 / longitude out of range");
    }
    if !(-90.0..=90.0).contains(&f.lat) || !f.lat.is_finite() {
        e.add("lat", "纬度应在 −90…90 / latitude out of range");
    }
    done(e)?;
    let (area, cell) = intake::place(s, f.lon, f.lat).await?;
    let Some(area_code) = area else {
        return Err(ApiError::field("lon", "该位置不在本区任何区域内 / the location is outside every area"));
    };
    let dept_id = match reporter {
        Some((_, d)) => d,
        None => s.store.scalar_raw("SELECT MIN(id) FROM depts").await?,
    };
    Ok(NewEvent {
        source: source.into(),
        category,
        description,
        address,
        lon: Some(f.lon),
        lat: Some(f.lat),
        area_code,
        cell_code: cell,
        reporter_name,
        reporter_phone,
        reporter_id: reporter.map(|r| r.0),
        dept_id,
    })
}

/// An event with its steps and the steps allowed now.
#[derive(Serialize, ToSchema)]
pub struct EventView {
    /// The event.
    #[serde(flatten)]
    pub event: EventRow,
    /// Stage name.
    pub stage_zh: &'static str,
    /// Steps so far.
    pub steps: Vec<StepRow>,
    /// Steps allowed now: code and name.
    #[schema(value_type = Vec<Object>)]
    pub allowed: Vec<serde_json::Value>,
}

async fn event_view(s: &AppState, ev: EventRow) -> ApiResult<EventView> {
    let stage = Stage::parse(&ev.stage).unwrap_or(Stage::Collected);
    Ok(EventView {
        stage_zh: stage.zh(),
        steps: s.store.grid_event_steps(ev.id).await?,
        allowed: event::allowed(stage).into_iter().map(|st| serde_json::json!({"code": st.code(), "zh": st.zh()})).collect(),
        event: ev,
    })
}

/// Event list query.
#[derive(Deserialize, IntoParams)]
pub struct EventQuery {
    /// Stage code.
    pub stage: Option<String>,
}

/// Events in scope (owning or handling department).
#[utoipa::path(get, path = "/api/v1/grid/events", tag = "grid", params(EventQuery), responses((status = 200, body = [EventRow]), (status = 422, body = ErrorBody)))]
async fn list_events(State(s): State<AppState>, p: Principal, ApiQuery(q): ApiQuery<EventQuery>) -> ApiResult<Json<Vec<EventRow>>> {
    p.require("grid:event:list")?;
    let stage = q.stage.filter(|x| !x.is_empty());
    if let Some(st) = &stage {
        if Stage::parse(st).is_none() {
            return Err(ApiError::field("stage", "未知阶段 / unknown stage"));
        }
    }
    Ok(Json(s.store.grid_events(&p.scope, stage.as_deref()).await?))
}

/// Report an event (an inspector; stage 信息收集).
#[utoipa::path(post, path = "/api/v1/grid/events", tag = "grid", request_body = EventForm,
    responses((status = 201, body = EventView), (status = 422, body = ErrorBody)))]
async fn create_event(State(s): State<AppState>, p: Principal, ApiJson(f): ApiJson<EventForm>) -> ApiResult<(StatusCode, Json<EventView>)> {
    p.require("grid:event:add")?;
    let ne = new_event(&s, f, "inspector", Some((p.id, p.dept_id))).await?;
    let ev = s.store.create_grid_event(&ne, &p.username, now()).await?;
    Ok((StatusCode::CREATED, Json(event_view(&s, ev).await?)))
}

/// One event.
#[utoipa::path(get, path = "/api/v1/grid/events/{id}", tag = "grid", responses((status = 200, body = EventView), (status = 404, body = ErrorBody)))]
async fn event_detail(State(s): State<AppState>, p: Principal, Path(id): Path<i64>) -> ApiResult<Json<EventView>> {
    p.require("grid:event:list")?;
    let ev = s.store.grid_event(&p.scope, id).await?;
    Ok(Json(event_view(&s, ev).await?))
}

/// A loop step.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepForm {
    /// Step code: file, dismiss, dispatch, return, accept, feedback, close, rework, evaluate.
    pub step: String,
    /// Reason / result / note.
    #[serde(default)]
    pub note: Option<String>,
    /// Dispatch: the handling department.
    #[serde(default)]
    pub dept_id: Option<i64>,
    /// Dispatch: handle by (default 5 working days).
    #[serde(default)]
    pub due_on: Option<NaiveDate>,
    /// Evaluate: 1–5.
    #[serde(default)]
    pub score: Option<i64>,
}

/// Take a loop step; a step the stage does not allow is refused with 409 naming the allowed ones.
#[utoipa::path(post, path = "/api/v1/grid/events/{id}/steps", tag = "grid", request_body = StepForm,
    responses((status = 200, body = EventView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn event_step(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<i64>,
    ApiJson(f): ApiJson<StepForm>,
) -> ApiResult<Json<EventView>> {
    p.require("grid:event:step")?;
    let ev = s.store.grid_event(&p.scope, id).await?;
    let Some(step) = Step::parse(&f.step) else {
        return Err(ApiError::field("step", "未知环节 / unknown step"));
    };
    let stage = Stage::parse(&ev.stage).unwrap_or(Stage::Collected);
    let to = event::transition(stage, step).map_err(|e| ApiError::NotAllowed {
        message: e.to_string(),
        allowed: e.allowed.iter().map(|a| a.to_string()).collect(),
    })?;
    let mut e = FieldErrors::new();
    let note = opt_text(&mut e, "note", f.note.as_deref(), 1000);
    if step.needs_text() && note.is_none() {
        e.add("note", "须填写理由或处理结果 / a reason or result is required");
    }
    let t = today(&s);
    let (mut handler, mut due) = (None, None);
    if step == Step::Dispatch {
        match f.dept_id {
            None => e.add("dept_id", "派遣须指定处置部门 / choose the handling department"),
            Some(d) => {
                if s.store.get_dept(&Filter::All, d).await.is_err() {
                    e.add("dept_id", "部门不存在 / unknown department");
                }
                handler = Some(d);
            }
        }
        due = match f.due_on {
            Some(d) if d < t => {
                e.add("due_on", "不能早于今天 / not before today");
                None
            }
            Some(d) => Some(d),
            None => s.calendar().add_workdays(t, 5).ok(),
        };
    }
    let score = if step == Step::Evaluate {
        match f.score {
            Some(x) if (1..=5).contains(&x) => Some(x),
            _ => {
                e.add("score", "评分 1–5 / score 1–5");
                None
            }
        }
    } else {
        None
    };
    done(e)?;
    let on_time = (step == Step::Feedback).then(|| ev.due_on.is_none_or(|d| t <= d));
    s.store
        .grid_event_step(
            id,
            &StepWrite {
                step: step.code().into(),
                from_stage: stage.code().into(),
                to_stage: to.code().into(),
                post: step.post().code().into(),
                actor_id: Some(p.id),
                actor_name: p.username.clone(),
                note,
                on_time,
                handler_dept: handler,
                due_on: due,
                rework: step == Step::Rework,
                handled_on_time: on_time,
                score,
            },
            now(),
        )
        .await?;
    Ok(Json(event_view(&s, s.store.grid_event(&p.scope, id).await?).await?))
}

/// Evaluation statistics with the stage counts.
#[derive(Serialize, ToSchema)]
pub struct EventStats {
    /// Events per stage code.
    pub by_stage: BTreeMap<String, i64>,
    /// Indicators per area, department, post.
    #[schema(value_type = Object)]
    pub evaluation: event::Evaluation,
}

/// The evaluation (综合评价) per area, department and post: counts, on-time rate, rework rate.
#[utoipa::path(get, path = "/api/v1/grid/events/stats", tag = "grid", responses((status = 200, body = EventStats)))]
async fn event_stats(State(s): State<AppState>, p: Principal) -> ApiResult<Json<EventStats>> {
    p.require("grid:event:list")?;
    let events = s.store.grid_events(&p.scope, None).await?;
    let steps = s.store.grid_steps_all(&p.scope).await?;
    let mut by_event: BTreeMap<i64, Vec<&StepRow>> = BTreeMap::new();
    for st in &steps {
        by_event.entry(st.event_id).or_default().push(st);
    }
    let post_of = |code: &str| event::STEPS.iter().find(|r| r.5.code() == code).map(|r| r.5);
    let mut by_stage: BTreeMap<String, i64> = BTreeMap::new();
    let facts: Vec<EventFacts> = events
        .iter()
        .map(|e| {
            *by_stage.entry(e.stage.clone()).or_default() += 1;
            let st = by_event.get(&e.id).cloned().unwrap_or_default();
            EventFacts {
                area: e.area_code.clone(),
                dept: e.handler_dept_name.clone(),
                stage: Stage::parse(&e.stage),
                handled: st.iter().any(|x| x.step == "feedback"),
                handled_on_time: e.handled_on_time,
                reworks: e.reworks.max(0) as u32,
                steps: st
                    .iter()
                    .filter_map(|x| post_of(&x.post).or((x.post == "supervisor").then_some(Post::Supervisor)).map(|p| (p, x.on_time)))
                    .collect(),
            }
        })
        .collect();
    Ok(Json(EventStats { by_stage, evaluation: event::evaluate(&facts) }))
}

// ---------------------------------------------------------------------------------------------------------------
// Joint enforcement actions
// ---------------------------------------------------------------------------------------------------------------

/// A joint action.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JointForm {
    /// Title.
    pub title: String,
    /// Plan (方案).
    pub plan: String,
    /// Participating departments (names, e.g. 市场监管局, 公安分局, 海关).
    pub depts: Vec<String>,
    /// Cells covered (codes).
    #[serde(default)]
    pub cells: Vec<String>,
    /// Start.
    pub start_on: NaiveDate,
    /// End.
    pub end_on: NaiveDate,
    /// planned | done.
    #[serde(default)]
    pub state: Option<String>,
    /// Results (查处结果).
    #[serde(default)]
    pub results: Option<String>,
}

fn parse_joint(f: &JointForm, dept_id: i64) -> ApiResult<JointWrite> {
    let mut e = FieldErrors::new();
    let title = text(&mut e, "title", &f.title, 100);
    let plan = text(&mut e, "plan", &f.plan, 2000);
    if f.depts.len() < 2 {
        e.add("depts", "联合执法至少两个部门 / a joint action needs at least two departments");
    }
    for (i, d) in f.depts.iter().enumerate() {
        text(&mut e, &format!("depts[{i}]"), d, 50);
    }
    if f.end_on < f.start_on {
        e.add("end_on", "不能早于开始日期 / before the start");
    }
    let state = f.state.clone().unwrap_or_else(|| "planned".into());
    if !matches!(state.as_str(), "planned" | "done") {
        e.add("state", "只能是 planned 或 done");
    }
    let results = opt_text(&mut e, "results", f.results.as_deref(), 2000);
    if state == "done" && results.is_none() {
        e.add("results", "已完成的行动须填写结果 / a done action needs results");
    }
    done(e)?;
    Ok(JointWrite {
        year: i64::from(chrono::Datelike::year(&f.start_on)),
        title,
        plan,
        depts: to_json(&f.depts)?,
        cells: to_json(&f.cells)?,
        start_on: f.start_on,
        end_on: f.end_on,
        state,
        results,
        dept_id,
    })
}

/// Joint actions of a year against the target.
#[derive(Serialize, ToSchema)]
pub struct JointList {
    /// Year.
    pub year: i32,
    /// Actions.
    pub items: Vec<JointRow>,
    /// Count.
    pub count: usize,
    /// Target (≥ 3 a year).
    pub target: u32,
    /// Source of the target.
    pub citation: &'static str,
}

/// Joint actions of a year (default this year) with the count against the target of 3.
#[utoipa::path(get, path = "/api/v1/grid/joint-actions", tag = "grid", params(YearQuery), responses((status = 200, body = JointList)))]
async fn list_joint(State(s): State<AppState>, p: Principal, ApiQuery(q): ApiQuery<YearQuery>) -> ApiResult<Json<JointList>> {
    p.require("grid:joint:list")?;
    let year = q.year.unwrap_or(chrono::Datelike::year(&today(&s)));
    let items = s.store.joint_actions(&p.scope, Some(i64::from(year))).await?;
    let citation = inspection::INSPECTION_RULES.iter().find(|r| r.key == "joint_actions_3").map(|r| r.citation).unwrap_or("");
    Ok(Json(JointList { year, count: items.len(), items, target: JOINT_ACTIONS_TARGET, citation }))
}

/// Plan a joint action.
#[utoipa::path(post, path = "/api/v1/grid/joint-actions", tag = "grid", request_body = JointForm,
    responses((status = 201, body = JointRow), (status = 422, body = ErrorBody)))]
async fn create_joint(State(s): State<AppState>, p: Principal, ApiJson(f): ApiJson<JointForm>) -> ApiResult<(StatusCode, Json<JointRow>)> {
    p.require("grid:joint:edit")?;
    let w = parse_joint(&f, p.dept_id)?;
    let id = s.store.save_joint_action(None, &w, p.id, now()).await?;
    Ok((StatusCode::CREATED, Json(s.store.joint_action(&own_scope(&p), id).await?)))
}

/// Change a joint action (e.g. record its results).
#[utoipa::path(put, path = "/api/v1/grid/joint-actions/{id}", tag = "grid", request_body = JointForm,
    responses((status = 200, body = JointRow), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_joint(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<i64>,
    ApiJson(f): ApiJson<JointForm>,
) -> ApiResult<Json<JointRow>> {
    p.require("grid:joint:edit")?;
    let old = s.store.joint_action(&own_scope(&p), id).await?;
    let w = parse_joint(&f, old.dept_id)?;
    s.store.save_joint_action(Some(id), &w, p.id, now()).await?;
    Ok(Json(s.store.joint_action(&own_scope(&p), id).await?))
}

// ---------------------------------------------------------------------------------------------------------------
// Public portal
// ---------------------------------------------------------------------------------------------------------------

/// A draw as the public sees it.
#[derive(Serialize, ToSchema)]
pub struct PublicDraw {
    /// Id.
    pub id: i64,
    /// Number.
    pub draw_no: String,
    /// Year.
    pub year: i64,
    /// committed | drawn | published.
    pub state: String,
    /// Item.
    pub item_name: String,
    /// The commitment (published before the draw).
    #[schema(value_type = Object)]
    pub commitment: Option<Commitment>,
    /// Committed / drawn / published.
    pub committed_at: Option<Ts>,
    /// Drawn.
    pub drawn_at: Option<Ts>,
    /// Published.
    pub published_at: Option<Ts>,
    /// Published results: entity, credit code, outcome, inspection date.
    #[schema(value_type = Vec<Object>)]
    pub results: Vec<serde_json::Value>,
    /// The committed pools (published with the commitment), only in the detail.
    #[schema(value_type = Object)]
    pub pools: Option<serde_json::Value>,
}

async fn public_view(s: &AppState, plan: PlanRow, detail: bool) -> ApiResult<PublicDraw> {
    let item = s.store.inspection_item(plan.item_id).await?;
    let results = if detail {
        s.store
            .inspection_tasks(&Filter::All, Some(plan.id), None)
            .await?
            .into_iter()
            .filter(|t| t.state == "published")
            .map(|t| {
                serde_json::json!({"entity_name": t.entity_name, "credit_code": t.credit_code,
                    "outcome": t.outcome, "outcome_zh": t.outcome.as_deref().and_then(Outcome::parse).map(Outcome::zh),
                    "ended_on": t.ended_on})
            })
            .collect()
    } else {
        Vec::new()
    };
    let pools = if detail { plan.pools.as_deref().map(from_json).transpose()? } else { None };
    Ok(PublicDraw {
        id: plan.id,
        draw_no: plan.draw_no,
        year: plan.year,
        state: plan.state,
        item_name: item.name,
        commitment: plan.commitment.as_deref().map(from_json).transpose()?,
        committed_at: plan.committed_at,
        drawn_at: plan.drawn_at,
        published_at: plan.published_at,
        results,
        pools,
    })
}

/// Draws committed or later (no login): commitments before the draw, results after.
#[utoipa::path(get, path = "/api/v1/public/draws", tag = "public", responses((status = 200, body = [PublicDraw]), (status = 429, body = ErrorBody)))]
async fn public_draws(State(s): State<AppState>, ClientIp(ip): ClientIp) -> ApiResult<Json<Vec<PublicDraw>>> {
    if s.public_limiter.check_key(&ip).is_err() {
        return Err(ApiError::RateLimited);
    }
    let mut out = Vec::new();
    for plan in s.store.draw_plans(&Filter::All, true).await? {
        out.push(public_view(&s, plan, false).await?);
    }
    Ok(Json(out))
}

/// One public draw with its commitment, committed pools and published results.
#[utoipa::path(get, path = "/api/v1/public/draws/{id}", tag = "public", responses((status = 200, body = PublicDraw), (status = 404, body = ErrorBody)))]
async fn public_draw(State(s): State<AppState>, ClientIp(ip): ClientIp, Path(id): Path<i64>) -> ApiResult<Json<PublicDraw>> {
    if s.public_limiter.check_key(&ip).is_err() {
        return Err(ApiError::RateLimited);
    }
    let plan = s.store.draw_plan(None, id).await?;
    Ok(Json(public_view(&s, plan, true).await?))
}

/// Download a drawn plan's record (no login).
#[utoipa::path(get, path = "/api/v1/public/draws/{id}/record", tag = "public", responses((status = 200, content_type = "application/json"), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn public_record(State(s): State<AppState>, ClientIp(ip): ClientIp, Path(id): Path<i64>) -> ApiResult<Response> {
    if s.public_limiter.check_key(&ip).is_err() {
        return Err(ApiError::RateLimited);
    }
    record_response(&s.store.draw_plan(None, id).await?)
}

/// The receipt of a public event report.
#[derive(Serialize, ToSchema)]
pub struct EventReceipt {
    /// Event number.
    pub event_no: String,
    /// Area placed in.
    pub area_code: String,
    /// Cell placed in.
    pub cell_code: Option<String>,
}

/// Report a grid event from the public portal (no login, rate-limited); placed in its area and cell.
#[utoipa::path(post, path = "/api/v1/public/grid-events", tag = "public", request_body = EventForm,
    responses((status = 201, body = EventReceipt), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn public_event(
    State(s): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(f): ApiJson<EventForm>,
) -> ApiResult<(StatusCode, Json<EventReceipt>)> {
    if s.public_limiter.check_key(&ip).is_err() {
        return Err(ApiError::RateLimited);
    }
    let ne = new_event(&s, f, "public", None).await?;
    let ev = s.store.create_grid_event(&ne, "公众", now()).await?;
    Ok((StatusCode::CREATED, Json(EventReceipt { event_no: ev.event_no, area_code: ev.area_code, cell_code: ev.cell_code })))
}

/// The grid cells as a GeoJSON FeatureCollection for the public report form's map picker (no login, read-only):
/// each feature carries only the cell's code and name with its boundary.
#[utoipa::path(get, path = "/api/v1/public/grid-cells", tag = "public", responses((status = 200, body = Object)))]
async fn public_cells(State(s): State<AppState>) -> ApiResult<Json<serde_json::Value>> {
    let mut features = Vec::new();
    for c in s.store.list_cells(None).await? {
        let geometry: serde_json::Value = serde_json::from_str(&c.geometry)
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("stored geometry is not JSON: {e}")))?;
        features.push(serde_json::json!({
            "type": "Feature",
            "properties": {"code": c.code, "name": c.name},
            "geometry": geometry,
        }));
    }
    Ok(Json(serde_json::json!({"type": "FeatureCollection", "features": features})))
}

/// A point (WGS84).
#[derive(Deserialize, IntoParams)]
pub struct PointQuery {
    /// Longitude.
    pub lon: f64,
    /// Latitude.
    pub lat: f64,
}

/// The grid cell a point falls in: its code and name only.
#[derive(Serialize, ToSchema)]
pub struct PointCell {
    /// Cell code.
    pub code: String,
    /// Cell name.
    pub name: String,
}

/// Which grid cell a point falls in (no login, read-only, revealing only the cell's code and name; the same
/// point-in-polygon rule that places a submitted report). 404 when the point is in no cell.
#[utoipa::path(get, path = "/api/v1/public/grid-cell", tag = "public", params(PointQuery),
    responses((status = 200, body = PointCell), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn public_cell_at(State(s): State<AppState>, ApiQuery(q): ApiQuery<PointQuery>) -> ApiResult<Json<PointCell>> {
    let mut e = FieldErrors::new();
    if !q.lon.is_finite() || !(-180.0..=180.0).contains(&q.lon) {
        e.add("lon", "经度应在 −180…180 / longitude out of range");
    }
    if !q.lat.is_finite() || !(-90.0..=90.0).contains(&q.lat) {
        e.add("lat", "纬度应在 −90…90 / latitude out of range");
    }
    done(e)?;
    let cell = s.store.list_cells(None).await?.into_iter().find(|c| intake::geometry_contains(&c.geometry, q.lon, q.lat));
    let c = cell.ok_or(ApiError::NotFound)?;
    Ok(Json(PointCell { code: c.code, name: c.name }))
}

/// Recompute the publication due date (20 working days, `PUBLICATION_WORKDAYS`) of every result not yet published —
/// after a calendar year is entered or changed, so a date counted provisionally (Monday–Friday, the year's table
/// missing) becomes the statutory one. Returns how many moved.
pub async fn recompute_publication_dues(s: &AppState) -> ApiResult<usize> {
    let cal = s.calendar();
    let mut moved = 0;
    for (id, ended_on, stored) in s.store.unpublished_task_dues().await? {
        let (due, _) = inspection::publication_due_or_provisional(&cal, ended_on);
        if stored != Some(due) {
            s.store.set_task_publish_due(id, due, Ts::new(chrono::Utc::now())).await?;
            moved += 1;
        }
    }
    Ok(moved)
}
