//! The case desk (办案台) for staff: list, staff intake, detail, procedure actions, transfer, notes, bulk actions,
//! deadlines, the overdue board, export and dispatch rules. All within the caller's data scope.

use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use chrono::{NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zhibao_domain::case::matter::{MatterType, RightKind};
use zhibao_domain::validate::{FieldErrors, Name};
use zhibao_store::cases::{DispatchRuleRow, MatterFilter, NewEvent};
use zhibao_store::{Page, Ts};

use super::page_request;
use crate::auth::Principal;
use crate::casework::intake::{self, IntakeForm};
use crate::casework::progress::{self, today, OPEN_CLOCK_STATES};
use crate::casework::views::{party_view, Deadline, MatterDetail, MatterSummary};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::excel;
use crate::extract::{ApiJson, ApiQuery};
use crate::state::AppState;

/// Routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(export))
        .routes(routes!(template))
        .routes(routes!(import))
        .routes(routes!(my_deadlines))
        .routes(routes!(overdue))
        .routes(routes!(bulk))
        .routes(routes!(rules, add_rule))
        .routes(routes!(get_triage, put_triage))
        .routes(routes!(get_clock_overrides, put_clock_overrides))
        .routes(routes!(delete_rule))
        .routes(routes!(detail))
        .routes(routes!(action))
        .routes(routes!(assign))
        .routes(routes!(note))
        .routes(routes!(refer))
        .routes(routes!(clock_op))
        .routes(routes!(upload))
        .routes(routes!(download))
}

/// List filters.
#[derive(Deserialize, IntoParams)]
pub struct CaseQuery {
    /// Page.
    pub page: Option<u32>,
    /// Rows per page.
    pub page_size: Option<u32>,
    /// `receipt_no`, `received_on`, `created_at`, `updated_at`, `state`.
    pub sort: Option<String>,
    /// `asc` / `desc`.
    pub order: Option<String>,
    /// Receipt number or title contains.
    pub q: Option<String>,
    /// Type.
    pub matter_type: Option<String>,
    /// State.
    pub state: Option<String>,
    /// Track.
    pub track: Option<String>,
    /// Responsible officer.
    pub officer_id: Option<i64>,
    /// Department (and below).
    pub dept_id: Option<i64>,
    /// Received on or after.
    pub received_from: Option<NaiveDate>,
    /// Received on or before.
    pub received_to: Option<NaiveDate>,
    /// Only open matters.
    pub open_only: Option<bool>,
    /// Similar-matter group.
    pub group_id: Option<i64>,
    /// Only my matters.
    pub mine: Option<bool>,
}

fn filter(p: &Principal, q: &CaseQuery) -> MatterFilter {
    MatterFilter {
        q: q.q.clone(),
        matter_type: q.matter_type.clone(),
        state: q.state.clone(),
        track: q.track.clone(),
        officer_id: if q.mine == Some(true) { Some(p.id) } else { q.officer_id },
        dept_id: q.dept_id,
        received_from: q.received_from,
        received_to: q.received_to,
        open_only: q.open_only.unwrap_or(false),
        group_id: q.group_id,
    }
}

async fn summaries(s: &AppState, items: &[zhibao_store::cases::Matter]) -> ApiResult<Vec<MatterSummary>> {
    let ids: Vec<i64> = items.iter().map(|m| m.id).collect();
    let due = s.store.next_due_for(&ids).await?;
    let t = today(s);
    let cal = s.calendar();
    Ok(items
        .iter()
        .map(|m| {
            let next = due.iter().find(|d| d.0 == m.id).map(|d| d.1);
            let mut v = MatterSummary::new(m, next, t);
            v.next_due_remaining_workdays = next.and_then(|d| progress::workdays_until(&cal, t, d));
            v
        })
        .collect())
}

/// A page of matters visible to the caller.
#[utoipa::path(get, path = "/api/v1/cases", tag = "cases", params(CaseQuery), responses((status = 200, body = Page<MatterSummary>)))]
async fn list(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<CaseQuery>,
) -> ApiResult<Json<Page<MatterSummary>>> {
    p.require("case:matter:list")?;
    let mut page = page_request(q.page, q.page_size, q.sort.clone(), q.order.as_deref())?;
    if q.sort.is_none() && q.order.is_none() {
        page.desc = true; // newest first unless asked otherwise
    }
    let res = s.store.list_matters(&p.scope, &filter(&p, &q), &page).await?;
    let items = summaries(&s, &res.items).await?;
    Ok(Json(Page { items, total: res.total, page: res.page, page_size: res.page_size }))
}

async fn detail_of(s: &AppState, p: &Principal, id: i64) -> ApiResult<MatterDetail> {
    let m = s.store.get_matter(&p.scope, id).await?;
    let (parties, rights, urls) = s.store.matter_details(id).await?;
    let (run, _) = progress::load_run(s, &m).await?;
    let t = today(s);
    let next_due = run
        .clocks
        .iter()
        .filter(|c| matches!(c.status().key(), "running" | "extended" | "missed"))
        .filter_map(|c| c.due_date())
        .min();
    let mut summary = MatterSummary::new(&m, next_due, t);
    summary.next_due_remaining_workdays = next_due.and_then(|d| progress::workdays_until(&s.calendar(), t, d));
    Ok(MatterDetail {
        summary,
        description: m.description.clone(),
        amount_cents: m.amount_cents,
        area_code: m.area_code.clone(),
        cell_code: m.cell_code.clone(),
        cross_region: m.cross_region,
        foreign_party: m.foreign_party,
        real_name: m.real_name,
        public_note: m.public_note.clone(),
        outcome: m.outcome.clone(),
        parties: parties.iter().map(|x| party_view(p, x)).collect(),
        rights,
        urls,
        events: s.store.matter_events(id).await?,
        clocks: progress::clock_views(s, &run, t),
        actions: progress::actions_for(p, &m),
        attachments: s.store.attachments(id).await?,
        similar: progress::similar_for(s, p, &m).await?,
    })
}

/// Register a matter received by phone, in person or otherwise (工作人员登记).
#[utoipa::path(post, path = "/api/v1/cases", tag = "cases", request_body = IntakeForm, responses((status = 201, body = MatterDetail), (status = 422, body = ErrorBody)))]
async fn create(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(f): ApiJson<IntakeForm>,
) -> ApiResult<(StatusCode, Json<MatterDetail>)> {
    p.require("case:matter:add")?;
    let parsed = intake::parse(f, true, today(&s))?;
    let m = intake::create(&s, parsed, Some((p.id, p.username.clone())), None).await?;
    // The creator may not see it (dispatched elsewhere): answer with what they may see.
    match detail_of(&s, &p, m.id).await {
        Ok(d) => Ok((StatusCode::CREATED, Json(d))),
        Err(ApiError::NotFound) => {
            let dept = s.store.get_dept(&zhibao_domain::scope::Filter::All, m.dept_id).await?;
            Err(ApiError::Conflict(format!("已登记 {}，已分拨至 {}，您无权查看", m.receipt_no, dept.name)))
        }
        Err(e) => Err(e),
    }
}

/// One matter with parties (the reporter redacted unless `case:reporter:view`), rights, timeline, clocks, the
/// actions the caller may take now, and similar matters.
#[utoipa::path(get, path = "/api/v1/cases/{id}", tag = "cases", responses((status = 200, body = MatterDetail), (status = 404, body = ErrorBody)))]
async fn detail(State(s): State<AppState>, p: Principal, Path(id): Path<i64>) -> ApiResult<Json<MatterDetail>> {
    p.require("case:matter:list")?;
    Ok(Json(detail_of(&s, &p, id).await?))
}

/// A procedure step.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionForm {
    /// Event key, e.g. `accept`.
    pub event: String,
    /// Reason or summary.
    #[serde(default)]
    pub reason: Option<String>,
    /// New note for the public lookup.
    #[serde(default)]
    pub public_note: Option<String>,
    /// An internal note recorded with the step (not public).
    #[serde(default)]
    pub note: Option<String>,
}

/// Take a procedure step (受理, 不予受理, 调解, 立案 …). 409 names the allowed steps when the state refuses it.
#[utoipa::path(post, path = "/api/v1/cases/{id}/actions", tag = "cases", request_body = ActionForm,
    responses((status = 200, body = MatterDetail), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn action(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<i64>,
    ApiJson(f): ApiJson<ActionForm>,
) -> ApiResult<Json<MatterDetail>> {
    p.require("case:matter:list")?;
    if f.reason.as_deref().is_some_and(|r| r.chars().count() > 2000) {
        return Err(ApiError::field("reason", "最多 2000 个字符"));
    }
    if f.note.as_deref().is_some_and(|r| r.chars().count() > 2000) {
        return Err(ApiError::field("note", "最多 2000 个字符"));
    }
    progress::apply(&s, &p, id, f.event.trim(), f.reason.as_deref(), f.public_note.as_deref()).await?;
    if let Some(note) = f.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        let e = NewEvent {
            kind: "note".into(),
            actor_id: Some(p.id),
            actor_name: Some(p.username.clone()),
            note: Some(note.to_string()),
            ..Default::default()
        };
        s.store.append_matter_event(id, &e, &[], Ts::new(Utc::now())).await?;
    }
    Ok(Json(detail_of(&s, &p, id).await?))
}

/// A reason for a clock operation.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClockForm {
    /// Why.
    #[serde(default)]
    pub reason: Option<String>,
}

/// Suspend (中止), resume or extend (延长) a clock. Clocks move only through their procedure's steps — this finds
/// the step the state allows that does the asked operation to this clock (e.g. 检验检测中止 for the mediation
/// clock, 延长核查期限 for the verification clock) and takes it, with its own permission and citation. 409 when no
/// such step is allowed now.
#[utoipa::path(post, path = "/api/v1/cases/{id}/clocks/{key}/{op}", tag = "cases", request_body = ClockForm,
    responses((status = 200, body = MatterDetail), (status = 409, body = ErrorBody)))]
async fn clock_op(
    State(s): State<AppState>,
    p: Principal,
    Path((id, key, op)): Path<(i64, String, String)>,
    ApiJson(f): ApiJson<ClockForm>,
) -> ApiResult<Json<MatterDetail>> {
    p.require("case:matter:list")?;
    let m = s.store.get_matter(&p.scope, id).await?;
    let proc_ = progress::procedure_of(&m)?;
    let trigger = proc_.clock(&key).ok_or(ApiError::NotFound)?;
    let events: &[&str] = match op.as_str() {
        "suspend" => trigger.suspends_on,
        "resume" => trigger.resumes_on,
        "extend" => trigger.extends_on,
        _ => return Err(ApiError::field("op", "只能是 suspend、resume 或 extend")),
    };
    p.require(if op == "extend" { "case:clock:extend" } else { "case:clock:suspend" })?;
    let allowed = proc_.allowed_with(&m.state, &progress::facts_of(&m));
    let Some(t) = allowed.iter().find(|t| events.contains(&t.event)) else {
        return Err(ApiError::NotAllowed {
            message: format!("当前状态不能对「{key}」执行该操作"),
            allowed: allowed.iter().map(|t| t.event.to_string()).collect(),
        });
    };
    progress::apply(&s, &p, id, t.event, f.reason.as_deref(), None).await?;
    Ok(Json(detail_of(&s, &p, id).await?))
}

/// Transfer (转办) form.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignForm {
    /// Department.
    pub dept_id: i64,
    /// Officer (must belong to the department).
    #[serde(default)]
    pub officer_id: Option<i64>,
    /// Reason.
    pub reason: String,
}

async fn assign_one(s: &AppState, p: &Principal, id: i64, f: &AssignForm) -> ApiResult<()> {
    p.require("case:matter:assign")?;
    let m = s.store.get_matter(&p.scope, id).await?;
    if f.reason.trim().is_empty() {
        return Err(ApiError::field("reason", "请填写转办理由"));
    }
    let dept = s
        .store
        .get_dept(&zhibao_domain::scope::Filter::All, f.dept_id)
        .await
        .map_err(|_| ApiError::field("dept_id", "部门不存在"))?;
    let officer = match f.officer_id {
        Some(o) => {
            let u = s
                .store
                .get_user(&zhibao_domain::scope::Filter::All, o)
                .await
                .map_err(|_| ApiError::field("officer_id", "用户不存在"))?;
            if u.dept_id != dept.id {
                return Err(ApiError::field("officer_id", "承办人须属于所选部门"));
            }
            Some(o)
        }
        None => s.store.pick_officer(dept.id).await?,
    };
    let e = NewEvent {
        kind: "transfer".into(),
        actor_id: Some(p.id),
        actor_name: Some(p.username.clone()),
        note: Some(format!("转办至 {}：{}", dept.name, f.reason.trim())),
        detail: serde_json::json!({"from_dept": m.dept_id, "to_dept": dept.id, "officer_id": officer}).to_string(),
        ..Default::default()
    };
    s.store.assign_matter(id, dept.id, officer, &e, Ts::new(Utc::now())).await?;
    Ok(())
}

/// Transfer a matter to another department and officer (转办). A matter always has exactly one responsible
/// department; the officer is the one chosen, or the department's least-loaded case officer.
#[utoipa::path(post, path = "/api/v1/cases/{id}/assign", tag = "cases", request_body = AssignForm, responses((status = 200, body = MatterDetail), (status = 422, body = ErrorBody)))]
async fn assign(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<i64>,
    ApiJson(f): ApiJson<AssignForm>,
) -> ApiResult<(StatusCode, Json<serde_json::Value>)> {
    assign_one(&s, &p, id, &f).await?;
    // After a transfer out of the caller's scope the matter may no longer be visible.
    match detail_of(&s, &p, id).await {
        Ok(d) => Ok((StatusCode::OK, Json(serde_json::to_value(d).map_err(|e| ApiError::Internal(e.into()))?))),
        Err(ApiError::NotFound) => Ok((StatusCode::OK, Json(serde_json::json!({"id": id, "transferred_out": true})))),
        Err(e) => Err(e),
    }
}

/// A note.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteForm {
    /// Text.
    pub note: String,
    /// Shown by the public lookup.
    #[serde(default)]
    pub public: bool,
}

/// Add a note to the timeline.
#[utoipa::path(post, path = "/api/v1/cases/{id}/notes", tag = "cases", request_body = NoteForm, responses((status = 200, body = MatterDetail)))]
async fn note(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<i64>,
    ApiJson(f): ApiJson<NoteForm>,
) -> ApiResult<Json<MatterDetail>> {
    p.require("case:matter:note")?;
    s.store.get_matter(&p.scope, id).await?;
    let text = Name::parse_max(&f.note, 2000).map_err(|e| ApiError::field("note", e.to_string()))?;
    let e = NewEvent {
        kind: "note".into(),
        actor_id: Some(p.id),
        actor_name: Some(p.username.clone()),
        note: Some(text.into_inner()),
        public: f.public,
        ..Default::default()
    };
    s.store.append_matter_event(id, &e, &[], Ts::new(Utc::now())).await?;
    Ok(Json(detail_of(&s, &p, id).await?))
}

/// A bulk action on a group of matters.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkForm {
    /// Matters.
    pub ids: Vec<i64>,
    /// `assign`, `group` or `close`.
    pub action: String,
    /// Department (assign).
    #[serde(default)]
    pub dept_id: Option<i64>,
    /// Officer (assign).
    #[serde(default)]
    pub officer_id: Option<i64>,
    /// One reason for all.
    pub reason: String,
}

/// One failure of a bulk action.
#[derive(Serialize, ToSchema)]
pub struct BulkFailure {
    /// Matter.
    pub id: i64,
    /// Why.
    pub message: String,
}

/// The outcome of a bulk action.
#[derive(Serialize, ToSchema)]
pub struct BulkResult {
    /// Matters done.
    pub done: usize,
    /// Matters refused, with the reason.
    pub failed: Vec<BulkFailure>,
}

fn message_of(e: &ApiError) -> String {
    match e {
        ApiError::Validation(f) => f.to_string(),
        ApiError::NotAllowed { message, .. }
        | ApiError::Conflict(message)
        | ApiError::Forbidden(message)
        | ApiError::BadRequest(message) => message.clone(),
        ApiError::NotFound => "记录不存在或无权访问".into(),
        other => other.to_string(),
    }
}

/// Assign, group (类案) or close many matters with one reason; each matter is checked on its own.
#[utoipa::path(post, path = "/api/v1/cases/bulk", tag = "cases", request_body = BulkForm, responses((status = 200, body = BulkResult)))]
async fn bulk(State(s): State<AppState>, p: Principal, ApiJson(f): ApiJson<BulkForm>) -> ApiResult<Json<BulkResult>> {
    let mut e = FieldErrors::new();
    if f.ids.is_empty() || f.ids.len() > 500 {
        e.add("ids", "选择 1–500 个事项");
    }
    if f.reason.trim().is_empty() {
        e.add("reason", "请填写理由");
    }
    e.into_result()?;
    let mut done = 0;
    let mut failed = Vec::new();
    match f.action.as_str() {
        "assign" => {
            let dept_id = f.dept_id.ok_or_else(|| ApiError::field("dept_id", "请选择部门"))?;
            let form = AssignForm { dept_id, officer_id: f.officer_id, reason: f.reason.clone() };
            for id in &f.ids {
                match assign_one(&s, &p, *id, &form).await {
                    Ok(()) => done += 1,
                    Err(err) => failed.push(BulkFailure { id: *id, message: message_of(&err) }),
                }
            }
        }
        "group" => {
            p.require("case:matter:group")?;
            let mut visible = Vec::new();
            for id in &f.ids {
                match s.store.get_matter(&p.scope, *id).await {
                    Ok(m) => visible.push(m),
                    Err(err) => failed.push(BulkFailure { id: *id, message: message_of(&err.into()) }),
                }
            }
            if let Some(first) = visible.first() {
                let group = first.group_id.unwrap_or(first.id);
                let ids: Vec<i64> = visible.iter().map(|m| m.id).collect();
                let ev = NewEvent {
                    kind: "group".into(),
                    actor_id: Some(p.id),
                    actor_name: Some(p.username.clone()),
                    note: Some(format!("并入类案组：{}", f.reason.trim())),
                    ..Default::default()
                };
                s.store.group_matters(&ids, group, &ev, Ts::new(Utc::now())).await?;
                done = ids.len();
            }
        }
        "close" => {
            for id in &f.ids {
                match progress::apply(&s, &p, *id, "close", Some(&f.reason), None).await {
                    Ok(()) => done += 1,
                    Err(err) => failed.push(BulkFailure { id: *id, message: message_of(&err) }),
                }
            }
        }
        _ => return Err(ApiError::field("action", "只能是 assign、group 或 close")),
    }
    Ok(Json(BulkResult { done, failed }))
}

async fn deadlines(s: &AppState, rows: Vec<zhibao_store::cases::ClockRow>) -> Vec<Deadline> {
    let cal = s.calendar();
    let t = today(s);
    rows.into_iter()
        .map(|r| {
            let clock: Option<zhibao_domain::case::clock::Clock> = serde_json::from_str(&r.body).ok();
            Deadline {
                matter_id: r.matter_id,
                receipt_no: r.receipt_no,
                title: r.title,
                clock_name: clock.as_ref().map(|c| c.rule.name_zh.to_string()).unwrap_or_else(|| r.clock_key.clone()),
                remaining_workdays: clock.as_ref().and_then(|c| c.remaining_workdays(t, &cal).ok()),
                clock_key: r.clock_key,
                due_on: r.due_on,
                dept_id: r.dept_id,
                officer_id: r.officer_id,
            }
        })
        .collect()
}

/// My deadlines (我的待办): the running clocks of my matters, soonest first.
#[utoipa::path(get, path = "/api/v1/cases/my-deadlines", tag = "cases", responses((status = 200, body = [Deadline])))]
async fn my_deadlines(State(s): State<AppState>, p: Principal) -> ApiResult<Json<Vec<Deadline>>> {
    p.require("case:task:list")?;
    let rows = s.store.clocks_due(&p.scope, &OPEN_CLOCK_STATES, None, Some(p.id), 500).await?;
    Ok(Json(deadlines(&s, rows).await))
}

/// The overdue board (超期督办): missed clocks, and running ones past their due date, in the caller's scope.
#[utoipa::path(get, path = "/api/v1/cases/overdue", tag = "cases", responses((status = 200, body = [Deadline])))]
async fn overdue(State(s): State<AppState>, p: Principal) -> ApiResult<Json<Vec<Deadline>>> {
    p.require("case:overdue:list")?;
    let now = today(&s);
    let yesterday = now.pred_opt().unwrap_or(now);
    let mut rows = s.store.clocks_due(&p.scope, &["missed"], None, None, 1000).await?;
    rows.extend(s.store.clocks_due(&p.scope, &OPEN_CLOCK_STATES, Some(yesterday), None, 1000).await?);
    rows.sort_by_key(|r| r.due_on);
    Ok(Json(deadlines(&s, rows).await))
}

/// Export the matters matching the filters as XLSX. Parties are never exported, so no reporter identity leaves.
#[utoipa::path(get, path = "/api/v1/cases/export", tag = "cases", params(CaseQuery), responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
async fn export(State(s): State<AppState>, p: Principal, ApiQuery(q): ApiQuery<CaseQuery>) -> ApiResult<Response> {
    p.require("case:matter:export")?;
    let page = zhibao_store::PageRequest { page: 1, page_size: 500, sort: Some("received_on".into()), desc: true };
    let mut rows = Vec::new();
    let mut page_no = 1;
    loop {
        let res = s
            .store
            .list_matters(&p.scope, &filter(&p, &q), &zhibao_store::PageRequest { page: page_no, ..page.clone() })
            .await?;
        let n = res.items.len();
        for m in summaries(&s, &res.items).await? {
            rows.push(vec![
                m.receipt_no,
                MatterType::parse(&m.matter_type).map(|t| t.name_zh().to_string()).unwrap_or(m.matter_type),
                m.title,
                m.state_label,
                if m.track == "ordinary" { "普通".into() } else { "简易".into() },
                m.dept_name,
                m.officer_name.unwrap_or_default(),
                m.received_on.to_string(),
                m.next_due_on.map(|d| d.to_string()).unwrap_or_default(),
                if m.overdue { "是".into() } else { String::new() },
            ]);
        }
        if n < 500 || page_no >= 200 {
            break;
        }
        page_no += 1;
    }
    let headers = ["受理编号", "类型", "标题", "状态", "程序", "承办部门", "承办人", "收到日期", "最近期限", "超期"];
    Ok(excel::xlsx_response(excel::write_sheet("事项", &headers, &rows)?, "事项.xlsx"))
}

/// Dispatch rules (分拨规则).
#[utoipa::path(get, path = "/api/v1/cases/dispatch-rules", tag = "cases", responses((status = 200, body = [DispatchRuleRow])))]
async fn rules(State(s): State<AppState>, p: Principal) -> ApiResult<Json<Vec<DispatchRuleRow>>> {
    p.require("case:dispatch:list")?;
    Ok(Json(s.store.dispatch_rules().await?))
}

/// A dispatch rule.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleForm {
    /// Matter type, or any.
    #[serde(default)]
    pub matter_type: Option<String>,
    /// Right kind, or any.
    #[serde(default)]
    pub right_kind: Option<String>,
    /// Area code prefix (digits), or any.
    #[serde(default)]
    pub area_prefix: Option<String>,
    /// Target department.
    pub dept_id: i64,
    /// Target station.
    #[serde(default)]
    pub station_id: Option<i64>,
    /// Team.
    #[serde(default)]
    pub team: Option<String>,
    /// Priority.
    #[serde(default)]
    pub priority: Option<i64>,
}

/// Add a dispatch rule.
#[utoipa::path(post, path = "/api/v1/cases/dispatch-rules", tag = "cases", request_body = RuleForm, responses((status = 201, body = i64), (status = 422, body = ErrorBody)))]
async fn add_rule(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(f): ApiJson<RuleForm>,
) -> ApiResult<(StatusCode, Json<i64>)> {
    p.require("case:dispatch:edit")?;
    let mut e = FieldErrors::new();
    let clean = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
    if let Some(t) = clean(&f.matter_type) {
        e.check("matter_type", MatterType::parse(&t));
    }
    if let Some(k) = clean(&f.right_kind) {
        e.check("right_kind", RightKind::parse(&k));
    }
    if clean(&f.area_prefix).is_some_and(|a| !a.chars().all(|c| c.is_ascii_digit()) || a.len() > 12) {
        e.add("area_prefix", "区划代码前缀只能是最多 12 位数字");
    }
    if s.store.get_dept(&zhibao_domain::scope::Filter::All, f.dept_id).await.is_err() {
        e.add("dept_id", "部门不存在");
    }
    e.into_result()?;
    let row = DispatchRuleRow {
        id: 0,
        matter_type: clean(&f.matter_type),
        right_kind: clean(&f.right_kind),
        area_prefix: clean(&f.area_prefix),
        dept_id: f.dept_id,
        station_id: f.station_id,
        team: clean(&f.team),
        priority: f.priority.unwrap_or(0),
    };
    let added = s.store.add_dispatch_rule(&row).await?;
    s.invalidate_intake_rules();
    Ok((StatusCode::CREATED, Json(added)))
}

/// Delete a dispatch rule.
#[utoipa::path(delete, path = "/api/v1/cases/dispatch-rules/{id}", tag = "cases", responses((status = 204)))]
async fn delete_rule(State(s): State<AppState>, p: Principal, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    p.require("case:dispatch:edit")?;
    s.store.delete_dispatch_rule(id).await?;
    s.invalidate_intake_rules();
    Ok(StatusCode::NO_CONTENT)
}

/// The triage table (繁简分流规则) in force: rules in order; the first whose conditions all hold decides the track.
#[utoipa::path(get, path = "/api/v1/cases/triage-rules", tag = "cases", responses((status = 200, body = Object)))]
async fn get_triage(
    State(s): State<AppState>,
    p: Principal,
) -> ApiResult<Json<Vec<zhibao_domain::case::triage::TriageRule>>> {
    p.require("case:dispatch:list")?;
    Ok(Json(intake::triage_rules(&s).await?))
}

/// Replace the triage table after checking it (names unique, no negative amounts, nothing after a catch-all).
#[utoipa::path(put, path = "/api/v1/cases/triage-rules", tag = "cases", request_body(content = Object), responses((status = 204), (status = 422, body = ErrorBody)))]
async fn put_triage(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(rules): ApiJson<Vec<zhibao_domain::case::triage::TriageRule>>,
) -> ApiResult<StatusCode> {
    p.require("case:dispatch:edit")?;
    if let Err(errors) = zhibao_domain::case::triage::check_rules(&rules) {
        let mut f = FieldErrors::new();
        f.add("rules", errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("；"));
        return Err(f.into());
    }
    let json = serde_json::to_string(&rules).map_err(|e| ApiError::Internal(e.into()))?;
    s.store.set_meta("triage_rules", &json).await?;
    s.invalidate_intake_rules();
    Ok(StatusCode::NO_CONTENT)
}

/// Per-track clock overrides (繁简分流 changes clocks): track → clock rules replacing configurable rules.
#[utoipa::path(get, path = "/api/v1/cases/clock-overrides", tag = "cases", responses((status = 200, body = Object)))]
async fn get_clock_overrides(
    State(s): State<AppState>,
    p: Principal,
) -> ApiResult<Json<zhibao_domain::case::procedure::ClockOverrides>> {
    p.require("case:dispatch:list")?;
    Ok(Json(intake::all_clock_overrides(&s).await?))
}

/// Save per-track clock overrides. Only `simple` and `ordinary`; only keys of configurable rules (local standards
/// and rules not verified from the official text): a statutory time limit is refused by name.
#[utoipa::path(put, path = "/api/v1/cases/clock-overrides", tag = "cases", request_body(content = Object), responses((status = 204), (status = 422, body = ErrorBody)))]
async fn put_clock_overrides(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(map): ApiJson<zhibao_domain::case::procedure::ClockOverrides>,
) -> ApiResult<StatusCode> {
    p.require("case:dispatch:edit")?;
    zhibao_domain::case::procedure::check_clock_overrides(&map)?;
    let json = serde_json::to_string(&map).map_err(|e| ApiError::Internal(e.into()))?;
    s.store.set_meta("clock_overrides", &json).await?;
    s.invalidate_intake_rules();
    Ok(StatusCode::NO_CONTENT)
}

/// Attach a file to a visible matter (evidence, letters, photos). The type must match the name, the size the limit.
#[utoipa::path(post, path = "/api/v1/cases/{id}/attachments", tag = "cases", request_body(content_type = "multipart/form-data"),
    responses((status = 200, body = MatterDetail), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn upload(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<i64>,
    mp: Multipart,
) -> ApiResult<Json<MatterDetail>> {
    p.require("case:matter:note")?;
    s.store.get_matter(&p.scope, id).await?;
    let (name, bytes) = crate::files::read_upload(mp, s.settings.cases.max_attachment_bytes).await?;
    let mime = crate::files::check_type(&name, &bytes)?;
    let sha = s.files.put(&bytes)?;
    let a = zhibao_store::cases::NewAttachment {
        sha256: sha.clone(),
        file_name: name.clone(),
        mime,
        size_bytes: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
        public: false,
        uploaded_by: Some(p.id),
        uploader: Some(p.username.clone()),
    };
    let e = NewEvent {
        kind: "attachment".into(),
        actor_id: Some(p.id),
        actor_name: Some(p.username.clone()),
        note: Some(format!("上传附件：{name}")),
        detail: serde_json::json!({"sha256": sha}).to_string(),
        ..Default::default()
    };
    s.store.add_attachment(id, &a, &e, Ts::new(Utc::now())).await?;
    Ok(Json(detail_of(&s, &p, id).await?))
}

/// Download an attachment of a visible matter.
#[utoipa::path(get, path = "/api/v1/cases/{id}/attachments/{aid}", tag = "cases", responses((status = 200, content_type = "application/octet-stream"), (status = 404, body = ErrorBody)))]
async fn download(State(s): State<AppState>, p: Principal, Path((id, aid)): Path<(i64, i64)>) -> ApiResult<Response> {
    p.require("case:matter:list")?;
    s.store.get_matter(&p.scope, id).await?;
    let a = s.store.attachment(id, aid).await?;
    let bytes = s.files.get(&a.sha256)?;
    Ok(crate::files::download_response(bytes, &a.mime, &a.file_name))
}

const IMPORT_HEADERS: [&str; 14] = [
    "类型*",
    "标题*",
    "事实与理由*",
    "申请人类型*",
    "申请人名称*",
    "申请人证件号码",
    "申请人电话",
    "被投诉/被举报方名称",
    "被投诉方统一社会信用代码",
    "权利类型",
    "权利号",
    "涉及链接",
    "收到日期",
    "渠道",
];

/// The batch-intake template (批量登记模板).
#[utoipa::path(get, path = "/api/v1/cases/template", tag = "cases", responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
async fn template(p: Principal) -> ApiResult<Response> {
    p.require("case:matter:import")?;
    let example = vec![vec![
        "投诉".into(),
        "网店销售侵权产品".into(),
        "某网店销售仿冒我司专利产品".into(),
        "单位".into(),
        "示例科技有限公司".into(),
        "91350100M000100Y43".into(),
        "022-60000000".into(),
        "某某电子商务有限公司".into(),
        "".into(),
        "专利".into(),
        "200310102344.5".into(),
        "https://shop.example.com/item/1".into(),
        "2026-03-02".into(),
        "电话".into(),
    ]];
    Ok(excel::xlsx_response(excel::write_sheet("事项", &IMPORT_HEADERS, &example)?, "事项批量登记模板.xlsx"))
}

fn code_of<T: Copy>(
    label: &str,
    all: &[T],
    code: impl Fn(T) -> &'static str,
    zh: impl Fn(T) -> &'static str,
) -> String {
    let l = label.trim();
    all.iter().find(|t| zh(**t) == l || code(**t) == l).map(|t| code(*t).to_string()).unwrap_or_else(|| l.to_string())
}

/// Batch intake from the template: every row is validated first and nothing is stored when any row fails; errors
/// are reported per row and field.
#[utoipa::path(post, path = "/api/v1/cases/import", tag = "cases", request_body(content_type = "multipart/form-data"),
    responses((status = 200, body = excel::ImportReport), (status = 422, body = ErrorBody)))]
async fn import(State(s): State<AppState>, p: Principal, mp: Multipart) -> ApiResult<Json<excel::ImportReport>> {
    use zhibao_domain::case::matter::{Channel, RightKind};
    p.require("case:matter:import")?;
    let rows = excel::read_sheet(&excel::upload_bytes(mp).await?)?;
    let Some((header, body)) = rows.split_first() else { return Err(ApiError::field("file", "文件为空")) };
    let idx = excel::header_index(header, &IMPORT_HEADERS)?;
    let t = today(&s);
    let mut errors = Vec::new();
    let mut parsed = Vec::new();
    for (i, row) in body.iter().enumerate().take(5000) {
        let rowno = i + 2;
        let cell = |k: usize| row.get(idx[k]).cloned().unwrap_or_default();
        if (0..IMPORT_HEADERS.len()).all(|k| cell(k).trim().is_empty()) {
            continue;
        }
        let person = matches!(cell(3).trim(), "个人" | "person");
        let applicant = if person {
            serde_json::json!({"kind": "person", "name": cell(4), "id_number": cell(5), "phone": cell(6)})
        } else {
            serde_json::json!({"kind": "organisation", "name": cell(4), "credit_code": cell(5), "phone": cell(6)})
        };
        let respondents = if cell(7).trim().is_empty() {
            serde_json::json!([])
        } else {
            serde_json::json!([{"kind": "organisation", "name": cell(7), "credit_code": cell(8)}])
        };
        let rights = if cell(9).trim().is_empty() {
            serde_json::json!([])
        } else {
            serde_json::json!([{"kind": code_of(&cell(9), &RightKind::ALL, RightKind::code, RightKind::name_zh), "number": cell(10)}])
        };
        let received = cell(12);
        let form = serde_json::json!({
            "matter_type": code_of(&cell(0), &MatterType::ALL, MatterType::code, MatterType::name_zh),
            "title": cell(1), "description": cell(2), "applicant": applicant, "respondents": respondents, "rights": rights,
            "urls": if cell(11).trim().is_empty() { serde_json::json!([]) } else { serde_json::json!([cell(11)]) },
            "channel": if cell(13).trim().is_empty() { "import".to_string() } else { code_of(&cell(13), &Channel::ALL, Channel::code, Channel::name_zh) },
        });
        let mut form: IntakeForm = match serde_json::from_value(form) {
            Ok(f) => f,
            Err(e) => {
                errors.push(excel::RowError { row: rowno, field: "-".into(), message: e.to_string() });
                continue;
            }
        };
        if !received.trim().is_empty() {
            match NaiveDate::parse_from_str(received.trim(), "%Y-%m-%d") {
                Ok(d) => form.received_on = Some(d),
                Err(_) => {
                    errors.push(excel::RowError {
                        row: rowno,
                        field: "收到日期".into(),
                        message: "日期格式应为 YYYY-MM-DD".into(),
                    });
                    continue;
                }
            }
        }
        match intake::parse(form, true, t) {
            Ok(pi) => parsed.push(pi),
            Err(ApiError::Validation(f)) => errors.extend(f.iter().map(|(k, m)| excel::RowError {
                row: rowno,
                field: k.clone(),
                message: m.clone(),
            })),
            Err(e) => errors.push(excel::RowError { row: rowno, field: "-".into(), message: message_of(&e) }),
        }
    }
    if !errors.is_empty() {
        return Ok(Json(excel::ImportReport::refused(errors)));
    }
    let mut inserted = 0;
    for pi in parsed {
        intake::create(&s, pi, Some((p.id, p.username.clone())), None).await?;
        inserted += 1;
    }
    Ok(Json(excel::ImportReport { inserted, updated: 0, errors }))
}

/// A referral out of the administration (移送).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferralForm {
    /// `police` (公安机关, 行刑衔接), `procuratorate` (检察院), `court` (法院), `region` (another region's
    /// administration, e.g. 京津冀协作), `other`.
    pub target: String,
    /// The receiving body's name.
    pub target_name: String,
    /// The receiving body's receipt or case number, when given (回执).
    #[serde(default)]
    pub their_receipt_no: Option<String>,
    /// Why (e.g. the suspected offence and the evidence handed over).
    pub reason: String,
}

/// Record a referral out (移送) with its receipt: a suspected crime to the police (行政执法机关移送涉嫌犯罪案件的规定
/// Arts.3, 8), a matter to a court or to another region's administration. The matter stays on the desk until its
/// procedure closes it; the referral is an immutable timeline entry.
#[utoipa::path(post, path = "/api/v1/cases/{id}/referrals", tag = "cases", request_body = ReferralForm, responses((status = 200, body = MatterDetail), (status = 422, body = ErrorBody)))]
async fn refer(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<i64>,
    ApiJson(f): ApiJson<ReferralForm>,
) -> ApiResult<Json<MatterDetail>> {
    p.require("case:matter:refer")?;
    s.store.get_matter(&p.scope, id).await?;
    let mut e = FieldErrors::new();
    let target_zh = match f.target.as_str() {
        "police" => Some("公安机关"),
        "procuratorate" => Some("检察院"),
        "court" => Some("法院"),
        "region" => Some("外地行政机关"),
        "other" => Some("其他机关"),
        _ => {
            e.add("target", "只能是 police、procuratorate、court、region 或 other");
            None
        }
    };
    let name = e.check("target_name", Name::parse_max(&f.target_name, 100));
    let reason = e.check("reason", Name::parse_max(&f.reason, 2000));
    let receipt = f.their_receipt_no.as_deref().map(str::trim).filter(|r| !r.is_empty());
    if receipt.is_some_and(|r| r.chars().count() > 100) {
        e.add("their_receipt_no", "最多 100 个字符");
    }
    e.into_result()?;
    let (Some(target_zh), Some(name), Some(reason)) = (target_zh, name, reason) else {
        return Err(ApiError::BadRequest("invalid form".into()));
    };
    let ev = NewEvent {
        kind: "referral".into(),
        actor_id: Some(p.id),
        actor_name: Some(p.username.clone()),
        note: Some(format!(
            "移送{target_zh}「{name}」{}：{reason}",
            receipt.map(|r| format!("（回执 {r}）")).unwrap_or_default()
        )),
        detail: serde_json::json!({"target": f.target, "target_name": name.as_ref(), "their_receipt_no": receipt})
            .to_string(),
        ..Default::default()
    };
    s.store.append_matter_event(id, &ev, &[], Ts::new(Utc::now())).await?;
    Ok(Json(detail_of(&s, &p, id).await?))
}
