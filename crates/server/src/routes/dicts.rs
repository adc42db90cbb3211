//! Dictionaries (字典管理): admins edit types and entries; every signed-in user reads them for code lists.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zhibao_domain::validate::{parse_tag, FieldErrors, Key, Name, Status};
use zhibao_store::dicts::{DictEntry, DictType, EntryInput};

use super::no_content;
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::ApiJson;
use crate::state::AppState;

/// Routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(active))
        .routes(routes!(list, create_type))
        .routes(routes!(update_type, delete_type))
        .routes(routes!(create_entry))
        .routes(routes!(update_entry, delete_entry))
}

/// Dictionary type form.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TypeForm {
    /// Key.
    pub type_key: String,
    /// Name.
    pub name: String,
    /// Remark.
    #[serde(default)]
    pub remark: Option<String>,
}

/// Entry form.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EntryForm {
    /// Value.
    pub value: String,
    /// Chinese label.
    pub label_zh: String,
    /// English label.
    pub label_en: String,
    /// Tag colour.
    #[serde(default)]
    pub tag: String,
    /// Order.
    #[serde(default)]
    pub sort: Option<i64>,
    /// Status.
    #[serde(default)]
    pub status: Option<String>,
}

fn parse_type(f: &TypeForm) -> Result<(Key, Name), ApiError> {
    let mut e = FieldErrors::new();
    let k = e.check("type_key", Key::parse(&f.type_key));
    let n = e.check("name", Name::parse(&f.name));
    if f.remark.as_deref().is_some_and(|r| r.chars().count() > 200) {
        e.add("remark", "最多 200 个字符");
    }
    e.into_result()?;
    k.zip(n).ok_or_else(|| ApiError::BadRequest("invalid form".into()))
}

fn parse_entry(f: &EntryForm) -> Result<EntryInput, ApiError> {
    let mut e = FieldErrors::new();
    let value = e.check("value", Key::parse(&f.value));
    let label_zh = e.check("label_zh", Name::parse(&f.label_zh));
    let label_en = e.check("label_en", Name::parse(&f.label_en));
    let tag = e.check("tag", parse_tag(&f.tag));
    let status = e.check("status", Status::parse(f.status.as_deref().unwrap_or("active")));
    e.into_result()?;
    match (value, label_zh, label_en, tag, status) {
        (Some(value), Some(label_zh), Some(label_en), Some(tag), Some(status)) => {
            Ok(EntryInput { value, label_zh, label_en, tag, sort: f.sort.unwrap_or(0), status })
        }
        _ => Err(ApiError::BadRequest("invalid form".into())),
    }
}

/// Every active dictionary entry by type, for any signed-in user.
#[utoipa::path(get, path = "/api/v1/dicts", tag = "system", responses((status = 200, body = Object)))]
async fn active(State(s): State<AppState>, _p: Principal) -> ApiResult<Json<BTreeMap<String, Vec<DictEntry>>>> {
    Ok(Json(
        s.store
            .list_dicts()
            .await?
            .into_iter()
            .map(|t| (t.type_key, t.entries.into_iter().filter(|e| e.status == "active").collect()))
            .collect(),
    ))
}

/// Every dictionary with all entries.
#[utoipa::path(get, path = "/api/v1/system/dicts", tag = "system", responses((status = 200, body = [DictType])))]
async fn list(State(s): State<AppState>, p: Principal) -> ApiResult<Json<Vec<DictType>>> {
    p.require("system:dict:list")?;
    Ok(Json(s.store.list_dicts().await?))
}

/// Create a type.
#[utoipa::path(post, path = "/api/v1/system/dicts", tag = "system", request_body = TypeForm, responses((status = 201), (status = 422, body = ErrorBody)))]
async fn create_type(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(f): ApiJson<TypeForm>,
) -> ApiResult<(StatusCode, Json<i64>)> {
    p.require("system:dict:add")?;
    let (k, n) = parse_type(&f)?;
    Ok((StatusCode::CREATED, Json(s.store.create_dict_type(&k, &n, f.remark.as_deref()).await?)))
}

/// Update a type.
#[utoipa::path(put, path = "/api/v1/system/dicts/{id}", tag = "system", request_body = TypeForm, responses((status = 204), (status = 422, body = ErrorBody)))]
async fn update_type(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<i64>,
    ApiJson(f): ApiJson<TypeForm>,
) -> ApiResult<StatusCode> {
    p.require("system:dict:edit")?;
    let (k, n) = parse_type(&f)?;
    s.store.update_dict_type(id, &k, &n, f.remark.as_deref()).await?;
    Ok(no_content())
}

/// Delete a type and its entries.
#[utoipa::path(delete, path = "/api/v1/system/dicts/{id}", tag = "system", responses((status = 204)))]
async fn delete_type(State(s): State<AppState>, p: Principal, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    p.require("system:dict:remove")?;
    s.store.delete_dict_type(id).await?;
    Ok(no_content())
}

/// Add an entry.
#[utoipa::path(post, path = "/api/v1/system/dicts/{id}/entries", tag = "system", request_body = EntryForm, responses((status = 201), (status = 422, body = ErrorBody)))]
async fn create_entry(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<i64>,
    ApiJson(f): ApiJson<EntryForm>,
) -> ApiResult<(StatusCode, Json<i64>)> {
    p.require("system:dict:add")?;
    let e = parse_entry(&f)?;
    let new_id = s.store.create_dict_entry(id, &e).await.map_err(|e| match e {
        zhibao_store::StoreError::Reference(_) => ApiError::NotFound,
        e => e.into(),
    })?;
    Ok((StatusCode::CREATED, Json(new_id)))
}

/// Update an entry.
#[utoipa::path(put, path = "/api/v1/system/dicts/{id}/entries/{entry_id}", tag = "system", request_body = EntryForm, responses((status = 204), (status = 422, body = ErrorBody)))]
async fn update_entry(
    State(s): State<AppState>,
    p: Principal,
    Path((id, entry_id)): Path<(i64, i64)>,
    ApiJson(f): ApiJson<EntryForm>,
) -> ApiResult<StatusCode> {
    p.require("system:dict:edit")?;
    s.store.update_dict_entry(id, entry_id, &parse_entry(&f)?).await?;
    Ok(no_content())
}

/// Delete an entry.
#[utoipa::path(delete, path = "/api/v1/system/dicts/{id}/entries/{entry_id}", tag = "system", responses((status = 204)))]
async fn delete_entry(
    State(s): State<AppState>,
    p: Principal,
    Path((id, entry_id)): Path<(i64, i64)>,
) -> ApiResult<StatusCode> {
    p.require("system:dict:remove")?;
    s.store.delete_dict_entry(id, entry_id).await?;
    Ok(no_content())
}
