//! Departments (部门管理): tree list, CRUD, XLSX export / template / import — all within the caller's data scope.

use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use chrono::Utc;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zhibao_domain::validate::{optional, FieldErrors, Key, Name, Phone, Status};
use zhibao_store::depts::{Dept, DeptInput};
use zhibao_store::Ts;

use super::no_content;
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::excel::{self, ImportReport, RowError};
use crate::extract::{ApiJson, ApiQuery};
use crate::state::AppState;

/// Routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(export))
        .routes(routes!(template))
        .routes(routes!(import))
        .routes(routes!(get_one, update, remove))
}

/// Filters.
#[derive(Deserialize, IntoParams)]
pub struct DeptQuery {
    /// Name contains.
    pub name: Option<String>,
    /// Status.
    pub status: Option<String>,
}

/// A department form.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeptForm {
    /// Parent (0 for a new root).
    pub parent_id: i64,
    /// Name.
    pub name: String,
    /// Unique code; generated when omitted on create.
    #[serde(default)]
    pub code: Option<String>,
    /// Kind (dictionary `dept_kind`).
    pub kind: String,
    /// Person in charge.
    #[serde(default)]
    pub leader: Option<String>,
    /// Telephone.
    #[serde(default)]
    pub phone: Option<String>,
    /// Order.
    #[serde(default)]
    pub sort: Option<i64>,
    /// `active` / `disabled`.
    #[serde(default)]
    pub status: Option<String>,
}

fn parse_form(f: &DeptForm, fallback_code: &str) -> Result<DeptInput, FieldErrors> {
    let mut e = FieldErrors::new();
    let name = e.check("name", Name::parse(&f.name));
    let code = e.check("code", Key::parse(f.code.as_deref().filter(|c| !c.trim().is_empty()).unwrap_or(fallback_code)));
    let kind = e.check("kind", Key::parse(&f.kind));
    let leader = e.check("leader", optional(f.leader.as_deref(), Name::parse));
    let phone = e.check("phone", optional(f.phone.as_deref(), Phone::parse));
    let status = e.check("status", Status::parse(f.status.as_deref().unwrap_or("active")));
    e.into_result()?;
    match (name, code, kind, leader, phone, status) {
        (Some(name), Some(code), Some(kind), Some(leader), Some(phone), Some(status)) => {
            Ok(DeptInput { parent_id: f.parent_id, name, code, kind, leader, phone, sort: f.sort.unwrap_or(0), status })
        }
        _ => Err(FieldErrors::new()),
    }
}

/// Departments visible to the caller (a flat list; the client builds the tree from `parent_id`).
#[utoipa::path(get, path = "/api/v1/system/depts", tag = "system", params(DeptQuery), responses((status = 200, body = [Dept])))]
async fn list(State(s): State<AppState>, p: Principal, ApiQuery(q): ApiQuery<DeptQuery>) -> ApiResult<Json<Vec<Dept>>> {
    p.require("system:dept:list")?;
    Ok(Json(s.store.list_depts(&p.scope, q.name.as_deref(), q.status.as_deref()).await?))
}

/// One department.
#[utoipa::path(get, path = "/api/v1/system/depts/{id}", tag = "system", responses((status = 200, body = Dept), (status = 404, body = ErrorBody)))]
async fn get_one(State(s): State<AppState>, p: Principal, Path(id): Path<i64>) -> ApiResult<Json<Dept>> {
    p.require("system:dept:list")?;
    Ok(Json(s.store.get_dept(&p.scope, id).await?))
}

/// Create a department under a visible parent.
#[utoipa::path(post, path = "/api/v1/system/depts", tag = "system", request_body = DeptForm,
    responses((status = 201, body = Dept), (status = 422, body = ErrorBody)))]
async fn create(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(f): ApiJson<DeptForm>,
) -> ApiResult<(StatusCode, Json<Dept>)> {
    p.require("system:dept:add")?;
    let generated = format!("D{}", Utc::now().format("%y%m%d%H%M%S%3f"));
    let input = parse_form(&f, &generated)?;
    let d = s.store.create_dept(&p.scope, &input, Ts::new(Utc::now())).await.map_err(parent_error)?;
    Ok((StatusCode::CREATED, Json(d)))
}

fn parent_error(e: zhibao_store::StoreError) -> ApiError {
    match e {
        zhibao_store::StoreError::Reference(_) => ApiError::field("parent_id", "上级部门不存在或无权访问"),
        zhibao_store::StoreError::Rule(m) => ApiError::field("parent_id", m),
        e => e.into(),
    }
}

/// Update a visible department (moving it moves its subtree).
#[utoipa::path(put, path = "/api/v1/system/depts/{id}", tag = "system", request_body = DeptForm,
    responses((status = 200, body = Dept), (status = 422, body = ErrorBody)))]
async fn update(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<i64>,
    ApiJson(f): ApiJson<DeptForm>,
) -> ApiResult<Json<Dept>> {
    p.require("system:dept:edit")?;
    let current = s.store.get_dept(&p.scope, id).await?;
    let input = parse_form(&f, &current.code)?;
    Ok(Json(s.store.update_dept(&p.scope, id, &input).await.map_err(parent_error)?))
}

/// Delete a visible department without children or users.
#[utoipa::path(delete, path = "/api/v1/system/depts/{id}", tag = "system", responses((status = 204), (status = 409, body = ErrorBody)))]
async fn remove(State(s): State<AppState>, p: Principal, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    p.require("system:dept:remove")?;
    if id == p.dept_id {
        return Err(ApiError::Conflict("不能删除自己所在的部门".into()));
    }
    s.store.delete_dept(&p.scope, id).await?;
    Ok(no_content())
}

const HEADERS: [&str; 7] = ["部门编码*", "部门名称*", "上级部门编码*", "类型*", "负责人", "电话", "排序"];

/// Export visible departments as XLSX.
#[utoipa::path(get, path = "/api/v1/system/depts/export", tag = "system", responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
async fn export(State(s): State<AppState>, p: Principal) -> ApiResult<Response> {
    p.require("system:dept:export")?;
    let depts = s.store.list_depts(&p.scope, None, None).await?;
    let code_of = |id: i64| depts.iter().find(|d| d.id == id).map(|d| d.code.clone()).unwrap_or_default();
    let rows: Vec<Vec<String>> = depts
        .iter()
        .map(|d| {
            vec![
                d.code.clone(),
                d.name.clone(),
                code_of(d.parent_id),
                d.kind.clone(),
                d.leader.clone().unwrap_or_default(),
                d.phone.clone().unwrap_or_default(),
                d.sort.to_string(),
            ]
        })
        .collect();
    Ok(excel::xlsx_response(excel::write_sheet("部门", &HEADERS, &rows)?, "部门.xlsx"))
}

/// The import template.
#[utoipa::path(get, path = "/api/v1/system/depts/template", tag = "system", responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
async fn template(p: Principal) -> ApiResult<Response> {
    p.require("system:dept:import")?;
    let example = vec![vec![
        "DEMO-01".into(),
        "示例科室".into(),
        "BH-SCJGJ".into(),
        "office".into(),
        "".into(),
        "022-60000000".into(),
        "1".into(),
    ]];
    Ok(excel::xlsx_response(excel::write_sheet("部门", &HEADERS, &example)?, "部门导入模板.xlsx"))
}

/// Import departments from the template: all rows or none; errors are reported per row.
#[utoipa::path(post, path = "/api/v1/system/depts/import", tag = "system", request_body(content_type = "multipart/form-data"),
    responses((status = 200, body = ImportReport), (status = 422, body = ErrorBody)))]
async fn import(State(s): State<AppState>, p: Principal, mp: Multipart) -> ApiResult<Json<ImportReport>> {
    p.require("system:dept:import")?;
    let rows = excel::read_sheet(&excel::upload_bytes(mp).await?)?;
    let Some((header, body)) = rows.split_first() else {
        return Err(ApiError::field("file", "文件为空"));
    };
    let idx = excel::header_index(header, &HEADERS)?;
    let mut errors = Vec::new();
    let mut inputs: Vec<(String, DeptInput)> = Vec::new();
    let mut rownos: Vec<usize> = Vec::new();
    let mut seen_codes: Vec<String> = Vec::new();
    for (i, row) in body.iter().enumerate() {
        let rowno = i + 2;
        let cell = |k: usize| row.get(idx[k]).cloned().unwrap_or_default();
        if (0..HEADERS.len()).all(|k| cell(k).is_empty()) {
            continue;
        }
        let sort = match cell(6).as_str() {
            "" => Ok(0),
            v => v.parse::<i64>().map_err(|_| "排序必须是整数"),
        };
        let form = DeptForm {
            parent_id: 0,
            name: cell(1),
            code: Some(cell(0)),
            kind: cell(3),
            leader: Some(cell(4)),
            phone: Some(cell(5)),
            sort: sort.as_ref().ok().copied(),
            status: None,
        };
        if let Err(m) = sort {
            errors.push(RowError { row: rowno, field: HEADERS[6].trim_end_matches('*').into(), message: m.into() });
        }
        if cell(0).is_empty() {
            errors.push(RowError { row: rowno, field: "部门编码".into(), message: "不能为空".into() });
            continue;
        }
        match parse_form(&form, "") {
            Err(fe) => {
                for (k, m) in fe.iter() {
                    errors.push(RowError { row: rowno, field: k.clone(), message: m.clone() });
                }
            }
            Ok(input) => {
                let parent_code = cell(2);
                let parent_ok = if seen_codes.contains(&parent_code) {
                    true
                } else {
                    match s.store.dept_by_code(&parent_code).await? {
                        Some(d) => s.store.get_dept(&p.scope, d.id).await.is_ok(),
                        None => false,
                    }
                };
                if !parent_ok {
                    errors.push(RowError {
                        row: rowno,
                        field: "上级部门编码".into(),
                        message: "上级部门不存在或无权访问".into(),
                    });
                }
                if seen_codes.contains(&cell(0)) || s.store.dept_by_code(&cell(0)).await?.is_some() {
                    errors.push(RowError {
                        row: rowno, field: "部门编码".into(), message: "部门编码已存在".into()
                    });
                }
                seen_codes.push(cell(0));
                inputs.push((parent_code, input));
                rownos.push(rowno);
            }
        }
    }
    if !errors.is_empty() {
        return Ok(Json(ImportReport::refused(errors)));
    }
    let result = s.store.import_depts(&inputs, Ts::new(Utc::now())).await;
    Ok(Json(ImportReport::from_batch(result, |i| rownos.get(i).copied().unwrap_or(0))))
}
