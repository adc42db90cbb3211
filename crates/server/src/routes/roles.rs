//! Roles (角色管理): permissions from the catalogue and a data scope. Nobody can create or widen a role beyond the
//! permissions they hold themselves.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zhibao_domain::permission::{self, Kind};
use zhibao_domain::scope::DataScope;
use zhibao_domain::validate::{FieldErrors, Key, Name, Status};
use zhibao_store::roles::{Role, RoleInput};
use zhibao_store::{Page, Ts};

use super::{no_content, page_request};
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiQuery};
use crate::state::AppState;

/// Routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get_one, update, remove))
        .routes(routes!(catalogue))
}

/// Filters and paging.
#[derive(Deserialize, IntoParams)]
pub struct RoleQuery {
    /// Page.
    pub page: Option<u32>,
    /// Rows per page.
    pub page_size: Option<u32>,
    /// `key`, `name`, `sort`, `created_at`.
    pub sort: Option<String>,
    /// `asc` / `desc`.
    pub order: Option<String>,
    /// Name contains.
    pub name: Option<String>,
    /// Status.
    pub status: Option<String>,
}

/// Role form.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleForm {
    /// Unique key.
    pub key: String,
    /// Name.
    pub name: String,
    /// `all` / `custom` / `dept` / `dept_and_below` / `self`.
    pub data_scope: String,
    /// Departments of a custom scope.
    #[serde(default)]
    pub dept_ids: Vec<i64>,
    /// Permission strings.
    #[serde(default)]
    pub permissions: Vec<String>,
    /// Second factor required.
    #[serde(default)]
    pub require_totp: bool,
    /// Order.
    #[serde(default)]
    pub sort: Option<i64>,
    /// Status.
    #[serde(default)]
    pub status: Option<String>,
}

/// A catalogue entry.
#[derive(Serialize, ToSchema)]
pub struct PermissionEntry {
    /// Permission string.
    pub key: &'static str,
    /// Chinese name.
    pub name_zh: &'static str,
    /// English name.
    pub name_en: &'static str,
    /// `menu` / `button`.
    pub kind: &'static str,
    /// Parent menu.
    pub parent: Option<&'static str>,
}

async fn parse_form(s: &AppState, p: &Principal, f: &RoleForm) -> ApiResult<RoleInput> {
    let mut e = FieldErrors::new();
    let key = e.check("key", Key::parse(&f.key));
    let name = e.check("name", Name::parse(&f.name));
    let scope = e.check("data_scope", DataScope::parse(&f.data_scope));
    let status = e.check("status", Status::parse(f.status.as_deref().unwrap_or("active")));
    let mut perms: Vec<String> = f.permissions.iter().map(|p| p.trim().to_string()).collect();
    perms.sort();
    perms.dedup();
    for perm in &perms {
        if !permission::is_known(perm) {
            e.add("permissions", format!("未知权限 {perm}"));
        } else if (perm == permission::ALL && !p.is_admin()) || !p.has(perm) {
            e.add("permissions", format!("不能授予自己没有的权限 {perm}"));
        }
    }
    if scope == Some(DataScope::Custom) {
        if f.dept_ids.is_empty() {
            e.add("dept_ids", "自定数据权限须选择部门");
        }
        for d in &f.dept_ids {
            if s.store.get_dept(&p.scope, *d).await.is_err() {
                e.add("dept_ids", format!("部门 {d} 不存在或无权访问"));
            }
        }
    }
    e.into_result()?;
    match (key, name, scope, status) {
        (Some(key), Some(name), Some(data_scope), Some(status)) => Ok(RoleInput {
            key,
            name,
            dept_ids: if data_scope == DataScope::Custom { f.dept_ids.clone() } else { Vec::new() },
            data_scope,
            permissions: perms,
            require_totp: f.require_totp,
            sort: f.sort.unwrap_or(0),
            status,
        }),
        _ => Err(ApiError::BadRequest("invalid form".into())),
    }
}

/// A page of roles.
#[utoipa::path(get, path = "/api/v1/system/roles", tag = "system", params(RoleQuery), responses((status = 200, body = Page<Role>)))]
async fn list(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<RoleQuery>,
) -> ApiResult<Json<Page<Role>>> {
    // The user form needs the role list too.
    if !p.has("system:user:add") && !p.has("system:user:edit") {
        p.require("system:role:list")?;
    }
    let page = page_request(q.page, q.page_size, q.sort.clone(), q.order.as_deref())?;
    Ok(Json(s.store.list_roles(q.name.as_deref(), q.status.as_deref(), &page).await?))
}

/// One role.
#[utoipa::path(get, path = "/api/v1/system/roles/{id}", tag = "system", responses((status = 200, body = Role), (status = 404, body = ErrorBody)))]
async fn get_one(State(s): State<AppState>, p: Principal, Path(id): Path<i64>) -> ApiResult<Json<Role>> {
    p.require("system:role:list")?;
    Ok(Json(s.store.get_role(id).await?))
}

/// Create a role.
#[utoipa::path(post, path = "/api/v1/system/roles", tag = "system", request_body = RoleForm,
    responses((status = 201, body = Role), (status = 422, body = ErrorBody)))]
async fn create(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(f): ApiJson<RoleForm>,
) -> ApiResult<(StatusCode, Json<Role>)> {
    p.require("system:role:add")?;
    let input = parse_form(&s, &p, &f).await?;
    Ok((StatusCode::CREATED, Json(s.store.create_role(&input, Ts::new(Utc::now())).await?)))
}

/// Replace a role.
#[utoipa::path(put, path = "/api/v1/system/roles/{id}", tag = "system", request_body = RoleForm,
    responses((status = 200, body = Role), (status = 422, body = ErrorBody)))]
async fn update(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<i64>,
    ApiJson(f): ApiJson<RoleForm>,
) -> ApiResult<Json<Role>> {
    p.require("system:role:edit")?;
    let current = s.store.get_role(id).await?;
    if current.permissions.iter().any(|perm| perm == permission::ALL) && !p.is_admin() {
        return Err(ApiError::Forbidden("只有管理员可以修改管理员角色".into()));
    }
    let input = parse_form(&s, &p, &f).await?;
    Ok(Json(s.store.update_role(id, &input).await?))
}

/// Delete a role no user holds.
#[utoipa::path(delete, path = "/api/v1/system/roles/{id}", tag = "system", responses((status = 204), (status = 409, body = ErrorBody)))]
async fn remove(State(s): State<AppState>, p: Principal, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    p.require("system:role:remove")?;
    s.store.delete_role(id).await?;
    Ok(no_content())
}

/// The permission catalogue (menus and buttons).
#[utoipa::path(get, path = "/api/v1/system/permissions", tag = "system", responses((status = 200, body = [PermissionEntry])))]
async fn catalogue(p: Principal) -> ApiResult<Json<Vec<PermissionEntry>>> {
    p.require("system:role:list")?;
    Ok(Json(
        permission::catalogue()
            .into_iter()
            .map(|e| PermissionEntry {
                key: e.key,
                name_zh: e.name_zh,
                name_en: e.name_en,
                kind: match e.kind {
                    Kind::Menu => "menu",
                    Kind::Button => "button",
                },
                parent: e.parent,
            })
            .collect(),
    ))
}
