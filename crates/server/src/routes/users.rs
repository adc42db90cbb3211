//! Users (用户管理): paged list with filters and sorting, CRUD, password reset, XLSX export / template / import —
//! every read and write within the caller's data scope. Roles can only be granted by someone who holds every
//! permission the role carries, so a user manager cannot escalate.

use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zhibao_domain::permission;
use zhibao_domain::validate::{optional, Email, FieldErrors, Name, Phone, Status, Username};
use zhibao_store::users::{NewUser, User, UserFilter, UserUpdate};
use zhibao_store::{Page, Ts};

use super::{no_content, page_request};
use crate::auth::{self, Principal};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::excel::{self, ImportReport, RowError};
use crate::extract::{ApiJson, ApiQuery};
use crate::state::AppState;

/// Routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(export))
        .routes(routes!(dept_tree))
        .routes(routes!(template))
        .routes(routes!(import))
        .routes(routes!(get_one, update, remove))
        .routes(routes!(reset_password))
}

/// List filters, paging and sorting.
#[derive(Deserialize, IntoParams)]
pub struct UserQuery {
    /// Page (1-based).
    pub page: Option<u32>,
    /// Rows per page.
    pub page_size: Option<u32>,
    /// `username`, `display_name`, `created_at`, `last_login_at`, `status`.
    pub sort: Option<String>,
    /// `asc` / `desc`.
    pub order: Option<String>,
    /// Login name contains.
    pub username: Option<String>,
    /// Display name contains.
    pub display_name: Option<String>,
    /// In this department or below.
    pub dept_id: Option<i64>,
    /// Status.
    pub status: Option<String>,
}

/// New user form.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUserForm {
    /// Login name.
    pub username: String,
    /// Display name.
    pub display_name: String,
    /// Initial password.
    pub password: String,
    /// Department.
    pub dept_id: i64,
    /// Roles.
    #[serde(default)]
    pub role_ids: Vec<i64>,
    /// Telephone.
    #[serde(default)]
    pub phone: Option<String>,
    /// E-mail.
    #[serde(default)]
    pub email: Option<String>,
    /// Status.
    #[serde(default)]
    pub status: Option<String>,
}

/// User change form.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserForm {
    /// Display name.
    pub display_name: String,
    /// Department.
    pub dept_id: i64,
    /// Roles.
    #[serde(default)]
    pub role_ids: Vec<i64>,
    /// Telephone.
    #[serde(default)]
    pub phone: Option<String>,
    /// E-mail.
    #[serde(default)]
    pub email: Option<String>,
    /// Status.
    pub status: String,
}

/// Password reset form.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordForm {
    /// New password.
    pub password: String,
}

/// A created user; `totp_setup` is present when the user's roles need a second factor from the start.
#[derive(Serialize, ToSchema)]
pub struct CreatedUser {
    /// The user.
    #[serde(flatten)]
    pub user: User,
    /// Secret and URL to hand to the user for their authenticator app.
    pub totp_setup: Option<super::auth::TotpSetup>,
}

/// Check that `p` may grant every role in `role_ids`; returns whether any of them requires TOTP.
async fn check_grantable(s: &AppState, p: &Principal, role_ids: &[i64], e: &mut FieldErrors) -> ApiResult<bool> {
    let mut needs_totp = false;
    for id in role_ids {
        match s.store.get_role(*id).await {
            Ok(r) => {
                needs_totp |= r.require_totp;
                let grantable =
                    r.permissions.iter().all(|perm| if perm == permission::ALL { p.is_admin() } else { p.has(perm) });
                if !grantable {
                    e.add("role_ids", format!("无权授予角色「{}」（其权限超出您的权限）", r.name));
                }
            }
            Err(zhibao_store::StoreError::NotFound) => e.add("role_ids", format!("角色 {id} 不存在")),
            Err(err) => return Err(err.into()),
        }
    }
    Ok(needs_totp)
}

fn parse_contact(
    e: &mut FieldErrors,
    phone: Option<&str>,
    email: Option<&str>,
) -> (Option<Option<Phone>>, Option<Option<Email>>) {
    (e.check("phone", optional(phone, Phone::parse)), e.check("email", optional(email, Email::parse)))
}

/// A page of users visible to the caller.
#[utoipa::path(get, path = "/api/v1/system/users", tag = "system", params(UserQuery), responses((status = 200, body = Page<User>)))]
async fn list(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<UserQuery>,
) -> ApiResult<Json<Page<User>>> {
    p.require("system:user:list")?;
    let page = page_request(q.page, q.page_size, q.sort.clone(), q.order.as_deref())?;
    let f = UserFilter { username: q.username, display_name: q.display_name, dept_id: q.dept_id, status: q.status };
    Ok(Json(s.store.list_users(&p.scope, &f, &page).await?))
}

/// One user, if visible.
#[utoipa::path(get, path = "/api/v1/system/users/{id}", tag = "system", responses((status = 200, body = User), (status = 404, body = ErrorBody)))]
async fn get_one(State(s): State<AppState>, p: Principal, Path(id): Path<i64>) -> ApiResult<Json<User>> {
    if !p.has("system:user:query") {
        p.require("system:user:list")?;
    }
    Ok(Json(s.store.get_user(&p.scope, id).await?))
}

/// Create a user in a visible department.
#[utoipa::path(post, path = "/api/v1/system/users", tag = "system", request_body = NewUserForm,
    responses((status = 201, body = CreatedUser), (status = 422, body = ErrorBody)))]
async fn create(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(f): ApiJson<NewUserForm>,
) -> ApiResult<(StatusCode, Json<CreatedUser>)> {
    p.require("system:user:add")?;
    let mut e = FieldErrors::new();
    let username = e.check("username", Username::parse(&f.username));
    let display_name = e.check("display_name", Name::parse(&f.display_name));
    if let Some(u) = &username {
        if let Err(err) = s.password_policy.check(&f.password, u.as_ref()) {
            e.add("password", err.to_string());
        }
    }
    let (phone, email) = parse_contact(&mut e, f.phone.as_deref(), f.email.as_deref());
    let status = e.check("status", Status::parse(f.status.as_deref().unwrap_or("active")));
    let needs_totp = check_grantable(&s, &p, &f.role_ids, &mut e).await? && s.settings.security.require_totp_for_admin;
    e.into_result()?;
    let (Some(username), Some(display_name), Some(phone), Some(email), Some(status)) =
        (username, display_name, phone, email, status)
    else {
        return Err(ApiError::BadRequest("invalid form".into()));
    };
    let totp_secret = needs_totp.then(auth::new_secret);
    let new = NewUser {
        password_hash: auth::hash_password(&f.password)?,
        username,
        display_name,
        dept_id: f.dept_id,
        role_ids: f.role_ids,
        phone,
        email,
        status,
        totp_secret: totp_secret.clone(),
        created_by: Some(p.id),
    };
    let user = s.store.create_user(&p.scope, &new, Ts::new(Utc::now())).await?;
    let totp_setup = totp_secret.map(|secret| super::auth::TotpSetup {
        otpauth_url: auth::otpauth_url(&secret, &user.username).unwrap_or_default(),
        secret,
    });
    Ok((StatusCode::CREATED, Json(CreatedUser { user, totp_setup })))
}

/// Update a visible user.
#[utoipa::path(put, path = "/api/v1/system/users/{id}", tag = "system", request_body = UserForm,
    responses((status = 200, body = User), (status = 422, body = ErrorBody)))]
async fn update(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<i64>,
    ApiJson(f): ApiJson<UserForm>,
) -> ApiResult<Json<User>> {
    p.require("system:user:edit")?;
    let current = s.store.get_user(&p.scope, id).await?;
    let mut e = FieldErrors::new();
    let display_name = e.check("display_name", Name::parse(&f.display_name));
    let (phone, email) = parse_contact(&mut e, f.phone.as_deref(), f.email.as_deref());
    let status = e.check("status", Status::parse(&f.status));
    if id == p.id && status == Some(Status::Disabled) {
        e.add("status", "不能停用自己的账号");
    }
    // Only roles that change need the grant check; keeping a role someone else granted is allowed.
    let held: Vec<i64> = current.roles.iter().map(|r| r.id).collect();
    let added: Vec<i64> = f.role_ids.iter().copied().filter(|r| !held.contains(r)).collect();
    let removed: Vec<i64> = held.iter().copied().filter(|r| !f.role_ids.contains(r)).collect();
    check_grantable(&s, &p, &added, &mut e).await?;
    check_grantable(&s, &p, &removed, &mut e).await?;
    e.into_result()?;
    let (Some(display_name), Some(phone), Some(email), Some(status)) = (display_name, phone, email, status) else {
        return Err(ApiError::BadRequest("invalid form".into()));
    };
    let u = UserUpdate { display_name, dept_id: f.dept_id, role_ids: f.role_ids, phone, email, status };
    let user = s.store.update_user(&p.scope, id, &u).await.map_err(|e| match e {
        zhibao_store::StoreError::Reference(_) => ApiError::field("dept_id", "部门不存在或无权访问"),
        e => e.into(),
    })?;
    Ok(Json(user))
}

/// Delete a visible user.
#[utoipa::path(delete, path = "/api/v1/system/users/{id}", tag = "system", responses((status = 204), (status = 409, body = ErrorBody)))]
async fn remove(State(s): State<AppState>, p: Principal, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    p.require("system:user:remove")?;
    if id == p.id {
        return Err(ApiError::Conflict("不能删除自己的账号".into()));
    }
    s.store.delete_user(&p.scope, id).await?;
    Ok(no_content())
}

/// Reset a visible user's password (ends their sessions, clears a lockout).
#[utoipa::path(put, path = "/api/v1/system/users/{id}/password", tag = "system", request_body = PasswordForm,
    responses((status = 204), (status = 422, body = ErrorBody)))]
async fn reset_password(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<i64>,
    ApiJson(f): ApiJson<PasswordForm>,
) -> ApiResult<StatusCode> {
    p.require("system:user:resetPwd")?;
    let user = s.store.get_user(&p.scope, id).await?;
    s.password_policy.check(&f.password, &user.username).map_err(|e| ApiError::field("password", e.to_string()))?;
    s.store.set_password(&p.scope, id, &auth::hash_password(&f.password)?).await?;
    Ok(no_content())
}

const HEADERS: [&str; 7] = ["用户名*", "姓名*", "部门编码*", "角色标识", "手机", "邮箱", "初始密码*"];
const EXPORT_HEADERS: [&str; 8] = ["用户名", "姓名", "部门编码", "部门", "角色", "手机", "邮箱", "状态"];

/// The departments for department pickers (RuoYi's `deptTree`): for the user page, those the caller may see
/// (needs `system:user:list`); for someone who transfers matters (`case:matter:assign`), every active department —
/// a matter may be transferred anywhere, and department names are not confidential.
#[utoipa::path(get, path = "/api/v1/system/users/dept-tree", tag = "system", responses((status = 200, body = [zhibao_store::depts::Dept])))]
async fn dept_tree(State(s): State<AppState>, p: Principal) -> ApiResult<Json<Vec<zhibao_store::depts::Dept>>> {
    if p.has("case:matter:assign") {
        return Ok(Json(s.store.list_depts(&zhibao_domain::scope::Filter::All, None, Some("active")).await?));
    }
    p.require("system:user:list")?;
    Ok(Json(s.store.list_depts(&p.scope, None, Some("active")).await?))
}

/// Export visible users matching the list's filters as XLSX.
#[utoipa::path(get, path = "/api/v1/system/users/export", tag = "system", params(UserQuery), responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
async fn export(State(s): State<AppState>, p: Principal, ApiQuery(q): ApiQuery<UserQuery>) -> ApiResult<Response> {
    p.require("system:user:export")?;
    let f = UserFilter { username: q.username, display_name: q.display_name, dept_id: q.dept_id, status: q.status };
    let users = s.store.all_users(&p.scope, &f).await?;
    let depts = s.store.list_depts(&zhibao_domain::scope::Filter::All, None, None).await?;
    let rows: Vec<Vec<String>> = users
        .iter()
        .map(|u| {
            vec![
                u.username.clone(),
                u.display_name.clone(),
                depts.iter().find(|d| d.id == u.dept_id).map(|d| d.code.clone()).unwrap_or_default(),
                u.dept_name.clone(),
                u.roles.iter().map(|r| r.key.clone()).collect::<Vec<_>>().join(","),
                u.phone.clone().unwrap_or_default(),
                u.email.clone().unwrap_or_default(),
                if u.status == "active" { "正常".into() } else { "停用".into() },
            ]
        })
        .collect();
    Ok(excel::xlsx_response(excel::write_sheet("用户", &EXPORT_HEADERS, &rows)?, "用户.xlsx"))
}

/// The import template.
#[utoipa::path(get, path = "/api/v1/system/users/template", tag = "system", responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
async fn template(p: Principal) -> ApiResult<Response> {
    p.require("system:user:import")?;
    let example = vec![vec![
        "zhangsan01".into(),
        "示例用户".into(),
        "BH-SCJGJ".into(),
        "case_officer".into(),
        "13800000000".into(),
        "demo@example.cn".into(),
        "Init@2026pw".into(),
    ]];
    Ok(excel::xlsx_response(excel::write_sheet("用户", &HEADERS, &example)?, "用户导入模板.xlsx"))
}

/// Import users from the template: all rows or none; errors are reported per row.
#[utoipa::path(post, path = "/api/v1/system/users/import", tag = "system", request_body(content_type = "multipart/form-data"),
    responses((status = 200, body = ImportReport), (status = 422, body = ErrorBody)))]
async fn import(State(s): State<AppState>, p: Principal, mp: Multipart) -> ApiResult<Json<ImportReport>> {
    p.require("system:user:import")?;
    let rows = excel::read_sheet(&excel::upload_bytes(mp).await?)?;
    let Some((header, body)) = rows.split_first() else {
        return Err(ApiError::field("file", "文件为空"));
    };
    let idx = excel::header_index(header, &HEADERS)?;
    let mut errors = Vec::new();
    let mut users: Vec<(usize, NewUser)> = Vec::new();
    let now = Ts::new(Utc::now());
    for (i, row) in body.iter().enumerate() {
        let rowno = i + 2;
        let cell = |k: usize| row.get(idx[k]).cloned().unwrap_or_default();
        if (0..HEADERS.len()).all(|k| cell(k).is_empty()) {
            continue;
        }
        let mut e = FieldErrors::new();
        let username = e.check("用户名", Username::parse(&cell(0)));
        let display_name = e.check("姓名", Name::parse(&cell(1)));
        let dept_id = match s.store.dept_by_code(&cell(2)).await? {
            Some(d) if s.store.get_dept(&p.scope, d.id).await.is_ok() => Some(d.id),
            _ => {
                e.add("部门编码", "部门不存在或无权访问");
                None
            }
        };
        let mut role_ids = Vec::new();
        for key in cell(3).split([',', '，', ';']).map(str::trim).filter(|k| !k.is_empty()) {
            match s.store.role_id_by_key(key).await? {
                Some(id) => role_ids.push(id),
                None => e.add("角色标识", format!("角色 {key} 不存在")),
            }
        }
        let mut role_errors = FieldErrors::new();
        let needs_totp = check_grantable(&s, &p, &role_ids, &mut role_errors).await?;
        for (_, m) in role_errors.iter() {
            e.add("角色标识", m.clone());
        }
        let phone = e.check("手机", optional(Some(&cell(4)), Phone::parse));
        let email = e.check("邮箱", optional(Some(&cell(5)), Email::parse));
        if let Err(err) = s.password_policy.check(&cell(6), &cell(0)) {
            e.add("初始密码", err.to_string());
        }
        if let Some(u) = &username {
            if users.iter().any(|(_, x)| x.username == *u) {
                e.add("用户名", "文件中重复");
            } else if s.store.user_id_by_name(u.as_ref()).await?.is_some() {
                e.add("用户名", "用户名已存在");
            }
        }
        if needs_totp && s.settings.security.require_totp_for_admin {
            e.add("角色标识", "需要动态口令的角色不能批量导入，请逐个创建");
        }
        if !e.is_empty() {
            errors.extend(e.iter().map(|(f, m)| RowError { row: rowno, field: f.clone(), message: m.clone() }));
            continue;
        }
        if let (Some(username), Some(display_name), Some(dept_id), Some(phone), Some(email)) =
            (username, display_name, dept_id, phone, email)
        {
            users.push((
                rowno,
                NewUser {
                    password_hash: auth::hash_password(&cell(6))?,
                    username,
                    display_name,
                    dept_id,
                    role_ids,
                    phone,
                    email,
                    status: Status::Active,
                    totp_secret: None,
                    created_by: Some(p.id),
                },
            ));
        }
    }
    if !errors.is_empty() {
        return Ok(Json(ImportReport::refused(errors)));
    }
    let (rownos, new_users): (Vec<usize>, Vec<NewUser>) = users.into_iter().unzip();
    let result = s.store.create_users(&p.scope, &new_users, now).await;
    Ok(Json(ImportReport::from_batch(result, |i| rownos.get(i).copied().unwrap_or(0))))
}
