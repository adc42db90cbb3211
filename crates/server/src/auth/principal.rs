//! The signed-in user behind a request.
//!
//! Sessions: an opaque random token in the `zb_session` cookie (HttpOnly, SameSite=Strict, Secure when configured
//! or behind https), stored server-side only as its SHA-256 hash; 30 minutes idle and 8 hours absolute by default.
//! CSRF: every state-changing request with a session must carry `X-CSRF-Token` equal to the session's token
//! (also readable in the `zb_csrf` cookie) — checked here, so no handler can forget it.

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::Method;
use axum_extra::extract::CookieJar;
use chrono::Utc;
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use zhibao_domain::permission;
use zhibao_domain::scope::{self, Filter};
use zhibao_store::{StoreError, Ts};

use super::token_hash;
use crate::error::ApiError;
use crate::state::AppState;

/// Session cookie name.
pub const SESSION_COOKIE: &str = "zb_session";
/// CSRF cookie name (readable by the page).
pub const CSRF_COOKIE: &str = "zb_csrf";
/// CSRF header name.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// Who made a request, filled by the [`Principal`] extractor for the operation-log middleware.
#[derive(Clone, Default)]
pub struct ActorSlot(pub Arc<Mutex<Option<(i64, String, i64)>>>);

impl ActorSlot {
    /// Record the actor (user id, login name, department).
    pub fn set(&self, id: i64, username: &str, dept_id: i64) {
        if let Ok(mut g) = self.0.lock() {
            *g = Some((id, username.to_string(), dept_id));
        }
    }
    /// The recorded actor.
    pub fn get(&self) -> Option<(i64, String, i64)> {
        self.0.lock().ok().and_then(|g| g.clone())
    }
}

/// The signed-in user, their permissions and data scope.
#[derive(Debug, Clone)]
pub struct Principal {
    /// User id.
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Department.
    pub dept_id: i64,
    /// Permission strings of all active roles.
    pub permissions: BTreeSet<String>,
    /// Folded data scope.
    pub scope: Filter,
    /// The session's CSRF token.
    pub csrf: String,
    /// The session token's hash.
    pub token_hash: String,
}

impl Principal {
    /// True when the user holds `perm` (or a wildcard covering it).
    pub fn has(&self, perm: &str) -> bool {
        permission::any_matches(self.permissions.iter().map(String::as_str), perm)
    }
    /// 403 unless the user holds `perm`.
    pub fn require(&self, perm: &str) -> Result<(), ApiError> {
        if self.has(perm) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!("缺少权限 {perm}")))
        }
    }
    /// True for administrators (`*:*:*`).
    pub fn is_admin(&self) -> bool {
        self.permissions.contains(permission::ALL)
    }
}

impl<S> FromRequestParts<S> for Principal
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let jar = CookieJar::from_headers(&parts.headers);
        let token = jar.get(SESSION_COOKIE).map(|c| c.value().to_string()).ok_or(ApiError::Unauthenticated)?;
        let hash = token_hash(&token);
        let session = state.store.session(&hash).await?.ok_or(ApiError::Unauthenticated)?;
        let now = Utc::now();
        if !state.session_policy.is_alive(session.created_at.0, session.last_seen_at.0, now) {
            state.store.close_session(&hash).await?;
            return Err(ApiError::Unauthenticated);
        }
        let unsafe_method = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if unsafe_method {
            let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
            if !constant_time_eq(sent.as_bytes(), session.csrf_token.as_bytes()) {
                return Err(ApiError::Csrf);
            }
        }
        // Refresh the idle clock at most once a minute, to spare the database a write per request.
        if now - session.last_seen_at.0 > chrono::Duration::seconds(60) {
            state.store.touch_session(&hash, Ts::new(now)).await?;
        }
        let user = match state.store.get_user(&Filter::All, session.user_id).await {
            Ok(u) => u,
            Err(StoreError::NotFound) => return Err(ApiError::Unauthenticated),
            Err(e) => return Err(e.into()),
        };
        if user.status != "active" {
            state.store.close_session(&hash).await?;
            return Err(ApiError::Unauthenticated);
        }
        let roles = state.store.roles_of_user(user.id).await?;
        let permissions: BTreeSet<String> = roles.iter().flat_map(|r| r.permissions.iter().cloned()).collect();
        let scopes: Vec<_> = roles.iter().map(|r| r.scope()).collect();
        let principal = Principal {
            id: user.id,
            username: user.username.clone(),
            dept_id: user.dept_id,
            permissions,
            scope: state.store.resolve_scope(&scope::effective(&scopes, user.id, user.dept_id)).await?,
            csrf: session.csrf_token,
            token_hash: hash,
        };
        if let Some(slot) = parts.extensions.get::<ActorSlot>() {
            slot.set(principal.id, &principal.username, principal.dept_id);
        }
        Ok(principal)
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
