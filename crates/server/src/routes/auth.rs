//! Login (with lockout, per-IP rate limit and the TOTP step), logout, the current user, password change and TOTP
//! enrolment. Every attempt is written to the login log.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zhibao_domain::scope::Filter;
use zhibao_domain::security::LockState;
use zhibao_store::logs::NewLoginLog;
use zhibao_store::users::User;
use zhibao_store::Ts;

use crate::auth::{self, ActorSlot, Principal, CSRF_COOKIE, SESSION_COOKIE};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{ApiJson, ClientIp};
use crate::state::AppState;

/// Routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(me))
        .routes(routes!(change_password))
        .routes(routes!(totp_setup))
        .routes(routes!(totp_enable))
}

/// Login form.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// Login name.
    pub username: String,
    /// Password.
    pub password: String,
    /// Six-digit TOTP code, when the account needs one.
    #[serde(default)]
    pub totp_code: Option<String>,
}

/// The signed-in user.
#[derive(Serialize, ToSchema)]
pub struct Me {
    /// The user.
    pub user: User,
    /// Permission strings.
    pub permissions: Vec<String>,
    /// The CSRF token to send as `X-CSRF-Token`.
    pub csrf_token: String,
}

fn secure_cookies(state: &AppState, headers: &HeaderMap) -> bool {
    state.settings.server.secure_cookies
        || (state.settings.server.trust_proxy
            && headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()) == Some("https"))
}

async fn me_for(state: &AppState, user_id: i64, csrf: String) -> ApiResult<Me> {
    let user = state.store.get_user(&Filter::All, user_id).await?;
    let roles = state.store.roles_of_user(user_id).await?;
    let mut permissions: Vec<String> = roles.iter().flat_map(|r| r.permissions.iter().cloned()).collect();
    permissions.sort();
    permissions.dedup();
    Ok(Me { user, permissions, csrf_token: csrf })
}

/// Sign in. Answers 401 `TOTP_REQUIRED` when the password is right and a second factor is needed.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = Me), (status = 401, body = ErrorBody), (status = 423, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    slot: Option<Extension<ActorSlot>>,
    jar: CookieJar,
    ApiJson(req): ApiJson<LoginRequest>,
) -> ApiResult<Response> {
    let now = Utc::now();
    let username = req.username.trim().to_lowercase();
    let agent = headers.get("user-agent").and_then(|v| v.to_str().ok()).map(|s| s.chars().take(200).collect());
    let log = |result: &'static str, user_id: Option<i64>, dept_id: Option<i64>| NewLoginLog {
        username: username.chars().take(64).collect(),
        user_id,
        dept_id,
        ip: Some(ip.to_string()),
        user_agent: agent.clone(),
        result,
        at: Ts::new(now),
    };
    let outcome = |result: &'static str| {
        state.metrics.logins.get_or_create(&vec![("result".to_string(), result.to_string())]).inc();
    };
    if state.login_limiter.check_key(&ip).is_err() {
        state.store.log_login(&log("rate_limited", None, None)).await?;
        outcome("rate_limited");
        return Err(ApiError::RateLimited);
    }
    let Some(acct) = state.store.login_account(&username).await? else {
        auth::verify_password(&req.password, auth::DUMMY_HASH);
        state.store.log_login(&log("unknown_user", None, None)).await?;
        outcome("unknown_user");
        return Err(ApiError::BadCredentials);
    };
    let (uid, dept) = (Some(acct.id), Some(acct.dept_id));
    let lock = LockState {
        failures: u32::try_from(acct.failed_logins).unwrap_or(u32::MAX),
        locked_until: acct.locked_until.map(|t| t.0),
    };
    if state.lockout.is_locked(&lock, now) {
        state.store.log_login(&log("locked", uid, dept)).await?;
        outcome("locked");
        return Err(ApiError::Locked);
    }
    let fail = |result: &'static str| {
        let next = state.lockout.on_failure(&lock, now);
        (next, result)
    };
    if acct.status != "active" {
        state.store.log_login(&log("disabled", uid, dept)).await?;
        outcome("disabled");
        return Err(ApiError::BadCredentials);
    }
    let mut failure = None;
    if !auth::verify_password(&req.password, &acct.password_hash) {
        failure = Some(fail("bad_password"));
    } else {
        let roles = state.store.roles_of_user(acct.id).await?;
        let needs_totp = acct.totp_enabled
            || (state.settings.security.require_totp_for_admin && roles.iter().any(|r| r.require_totp));
        if needs_totp {
            let secret = acct.totp_secret.as_deref().unwrap_or("");
            match req.totp_code.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
                None => {
                    state.store.log_login(&log("totp_required", uid, dept)).await?;
                    outcome("totp_required");
                    return Err(ApiError::TotpRequired);
                }
                Some(code) => {
                    let t = u64::try_from(now.timestamp()).unwrap_or(0);
                    if secret.is_empty() || !auth::verify_totp(secret, &acct.username, code, t) {
                        failure = Some(fail("bad_totp"));
                    }
                }
            }
        }
    }
    if let Some((next, result)) = failure {
        state.store.set_lock_state(acct.id, i64::from(next.failures), next.locked_until.map(Ts::new)).await?;
        state.store.log_login(&log(result, uid, dept)).await?;
        outcome(result);
        return Err(if state.lockout.is_locked(&next, now) { ApiError::Locked } else { ApiError::BadCredentials });
    }
    let token = auth::random_token();
    let csrf = auth::random_token();
    state.store.open_session(acct.id, &auth::token_hash(&token), &csrf, Some(&ip.to_string()), Ts::new(now)).await?;
    state.store.log_login(&log("ok", uid, dept)).await?;
    outcome("ok");
    if let Some(Extension(slot)) = slot {
        slot.set(acct.id, &acct.username, acct.dept_id);
    }
    let secure = secure_cookies(&state, &headers);
    let session_cookie = Cookie::build((SESSION_COOKIE, token))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .path("/")
        .build();
    let csrf_cookie =
        Cookie::build((CSRF_COOKIE, csrf.clone())).same_site(SameSite::Strict).secure(secure).path("/").build();
    let me = me_for(&state, acct.id, csrf).await?;
    Ok((jar.add(session_cookie).add(csrf_cookie), Json(me)).into_response())
}

/// Sign out.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", responses((status = 204)))]
async fn logout(State(state): State<AppState>, p: Principal, jar: CookieJar) -> ApiResult<impl IntoResponse> {
    state.store.close_session(&p.token_hash).await?;
    let jar = jar.remove(Cookie::build(SESSION_COOKIE).path("/")).remove(Cookie::build(CSRF_COOKIE).path("/"));
    Ok((jar, StatusCode::NO_CONTENT))
}

/// The signed-in user, permissions and CSRF token.
#[utoipa::path(get, path = "/api/v1/auth/me", tag = "auth", responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
async fn me(State(state): State<AppState>, p: Principal) -> ApiResult<Json<Me>> {
    Ok(Json(me_for(&state, p.id, p.csrf.clone()).await?))
}

/// Password change form.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    /// Current password.
    pub old_password: String,
    /// New password.
    pub new_password: String,
}

/// Change one's own password (ends every session of the user).
#[utoipa::path(post, path = "/api/v1/auth/password", tag = "auth", request_body = PasswordChange,
    responses((status = 204), (status = 422, body = ErrorBody)))]
async fn change_password(
    State(state): State<AppState>,
    p: Principal,
    ApiJson(req): ApiJson<PasswordChange>,
) -> ApiResult<StatusCode> {
    let acct = state.store.login_account(&p.username).await?.ok_or(ApiError::Unauthenticated)?;
    if !auth::verify_password(&req.old_password, &acct.password_hash) {
        return Err(ApiError::field("old_password", "原密码不正确"));
    }
    state
        .password_policy
        .check(&req.new_password, &p.username)
        .map_err(|e| ApiError::field("new_password", e.to_string()))?;
    let hash = auth::hash_password(&req.new_password)?;
    state.store.set_password(&Filter::All, p.id, &hash).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A TOTP secret to enrol.
#[derive(Serialize, ToSchema)]
pub struct TotpSetup {
    /// Base32 secret.
    pub secret: String,
    /// `otpauth://` URL for authenticator apps.
    pub otpauth_url: String,
}

/// Start TOTP enrolment: a new secret, inactive until confirmed with a code.
#[utoipa::path(post, path = "/api/v1/auth/totp/setup", tag = "auth", responses((status = 200, body = TotpSetup), (status = 409, body = ErrorBody)))]
async fn totp_setup(State(state): State<AppState>, p: Principal) -> ApiResult<Json<TotpSetup>> {
    let acct = state.store.login_account(&p.username).await?.ok_or(ApiError::Unauthenticated)?;
    if acct.totp_enabled {
        return Err(ApiError::Conflict("动态口令已启用".into()));
    }
    let secret = auth::new_secret();
    state.store.set_totp(p.id, Some(&secret), false).await?;
    let otpauth_url = auth::otpauth_url(&secret, &p.username).unwrap_or_default();
    Ok(Json(TotpSetup { secret, otpauth_url }))
}

/// Confirmation code.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TotpCode {
    /// Six-digit code.
    pub code: String,
}

/// Confirm TOTP enrolment with a current code.
#[utoipa::path(post, path = "/api/v1/auth/totp/enable", tag = "auth", request_body = TotpCode,
    responses((status = 204), (status = 422, body = ErrorBody)))]
async fn totp_enable(
    State(state): State<AppState>,
    p: Principal,
    ApiJson(req): ApiJson<TotpCode>,
) -> ApiResult<StatusCode> {
    let acct = state.store.login_account(&p.username).await?.ok_or(ApiError::Unauthenticated)?;
    let secret = acct.totp_secret.ok_or_else(|| ApiError::Conflict("请先生成动态口令密钥".into()))?;
    let t = u64::try_from(Utc::now().timestamp()).unwrap_or(0);
    if !auth::verify_totp(&secret, &p.username, &req.code, t) {
        return Err(ApiError::field("code", "动态口令不正确"));
    }
    state.store.set_totp(p.id, Some(&secret), true).await?;
    Ok(StatusCode::NO_CONTENT)
}
