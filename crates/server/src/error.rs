//! [`ApiError`]: the one error type of the HTTP layer. One exhaustive `match` decides every status code, and
//! every error leaves as the same JSON shape `{code, message, fields}` with a stable `code` the console relies on.
//! A 500 stays opaque to the client and is logged with its whole cause chain.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;
use zhibao_domain::validate::FieldErrors;
use zhibao_store::StoreError;

/// The error body.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// Stable code, e.g. `VALIDATION`.
    pub code: &'static str,
    /// Human-readable message (Chinese).
    pub message: String,
    /// Per-field messages (for `VALIDATION`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
    /// The actions the state allows (for a refused procedure step, 409).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allowed: Vec<String>,
}

/// Everything a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Invalid fields (422).
    #[error("validation failed: {0}")]
    Validation(FieldErrors),
    /// Malformed request (400).
    #[error("bad request: {0}")]
    BadRequest(String),
    /// No valid session (401).
    #[error("unauthenticated")]
    Unauthenticated,
    /// Wrong user name or password (401).
    #[error("bad credentials")]
    BadCredentials,
    /// The password was right; a TOTP code is needed (401).
    #[error("totp required")]
    TotpRequired,
    /// Account locked after failed logins (423).
    #[error("account locked")]
    Locked,
    /// Too many attempts (429).
    #[error("rate limited")]
    RateLimited,
    /// Lacking a permission or outside the data scope of a write (403).
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// Missing or wrong CSRF token (403).
    #[error("csrf")]
    Csrf,
    /// Not found or not visible (404).
    #[error("not found")]
    NotFound,
    /// The state does not allow this (409).
    #[error("conflict: {0}")]
    Conflict(String),
    /// A procedure step the current state does not allow (409), naming the allowed ones.
    #[error("not allowed: {message}")]
    NotAllowed {
        /// Why.
        message: String,
        /// The events the state allows.
        allowed: Vec<String>,
    },
    /// Body too large (413).
    #[error("payload too large")]
    PayloadTooLarge,
    /// Anything unexpected (500).
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// Result alias for handlers.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// One invalid field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        let mut f = FieldErrors::new();
        f.add(field, message);
        ApiError::Validation(f)
    }

    fn parts(&self) -> (StatusCode, &'static str, String) {
        match self {
            ApiError::Validation(_) => {
                (StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION", "输入有误，请检查标注的字段".into())
            }
            ApiError::BadRequest(m) => (StatusCode::BAD_REQUEST, "BAD_REQUEST", m.clone()),
            ApiError::Unauthenticated => (StatusCode::UNAUTHORIZED, "UNAUTHENTICATED", "未登录或会话已过期".into()),
            ApiError::BadCredentials => (StatusCode::UNAUTHORIZED, "BAD_CREDENTIALS", "用户名或密码错误".into()),
            ApiError::TotpRequired => (StatusCode::UNAUTHORIZED, "TOTP_REQUIRED", "请输入动态口令".into()),
            ApiError::Locked => {
                (StatusCode::LOCKED, "ACCOUNT_LOCKED", "登录失败次数过多，账号已临时锁定，请稍后再试".into())
            }
            ApiError::RateLimited => (StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED", "请求过于频繁，请稍后再试".into()),
            ApiError::Forbidden(m) => (StatusCode::FORBIDDEN, "FORBIDDEN", m.clone()),
            ApiError::Csrf => (StatusCode::FORBIDDEN, "CSRF", "CSRF 令牌缺失或不正确，请刷新页面".into()),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "NOT_FOUND", "记录不存在或无权访问".into()),
            ApiError::Conflict(m) => (StatusCode::CONFLICT, "CONFLICT", m.clone()),
            ApiError::NotAllowed { message, .. } => (StatusCode::CONFLICT, "CONFLICT", message.clone()),
            ApiError::PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", "请求内容过大".into()),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL", "服务器内部错误".into()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message) = self.parts();
        if let ApiError::Internal(e) = &self {
            tracing::error!(error = ?e, "internal error");
        }
        let fields = match &self {
            ApiError::Validation(f) => f.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            _ => BTreeMap::new(),
        };
        let allowed = match &self {
            ApiError::NotAllowed { allowed, .. } => allowed.clone(),
            _ => Vec::new(),
        };
        let mut resp = (status, axum::Json(ErrorBody { code, message, fields, allowed })).into_response();
        if status == StatusCode::UNAUTHORIZED {
            resp.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Cookie realm=\"zhibao\""));
        }
        resp
    }
}

/// The field a unique constraint protects, from the backend's description (`users.username`, `users_username_key`).
fn constraint_field(constraint: &str) -> String {
    let c = constraint.split(',').next().unwrap_or(constraint).trim();
    let c = c.rsplit('.').next().unwrap_or(c);
    let c = c.strip_suffix("_key").unwrap_or(c);
    // PostgreSQL names: <table>_<column>_key; keep what follows the table name.
    for table in ["depts_", "users_", "roles_", "dict_types_", "dict_entries_", "areas_", "cells_", "stations_"] {
        if let Some(rest) = c.strip_prefix(table) {
            return rest.to_string();
        }
    }
    c.to_string()
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => ApiError::NotFound,
            StoreError::Conflict { constraint } => {
                let field = match constraint_field(&constraint).as_str() {
                    "role_key" => "key".to_string(),
                    "parent_id_name" | "parent_id" => "name".to_string(),
                    "type_id_value" | "type_id" => "value".to_string(),
                    f => f.to_string(),
                };
                ApiError::field(&field, "已存在")
            }
            StoreError::Reference(field) => {
                let field = match field.as_str() {
                    "dept_id" | "parent_id" | "parent_code" => field,
                    _ => "reference".to_string(),
                };
                ApiError::field(&field, "所引用的记录不存在或无权访问")
            }
            StoreError::Rule(m) => ApiError::Conflict(m),
            e @ (StoreError::Config(_) | StoreError::Migrate(_) | StoreError::Database(_) | StoreError::Driver(_)) => {
                ApiError::Internal(anyhow::Error::new(e))
            }
        }
    }
}

impl From<FieldErrors> for ApiError {
    fn from(f: FieldErrors) -> Self {
        ApiError::Validation(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraint_names_become_fields() {
        assert_eq!(constraint_field("users.username"), "username");
        assert_eq!(constraint_field("users_username_key"), "username");
        assert_eq!(constraint_field("depts.parent_id, depts.name"), "parent_id");
        assert_eq!(constraint_field("roles_role_key_key"), "role_key");
    }
}
