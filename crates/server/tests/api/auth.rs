//! Login, second factor, lockout, rate limit, sessions, CSRF, password change.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::both;
use crate::helpers::{spawn_app, spawn_with, totp_now, Backend};

both!(admin_needs_totp, lockout_after_five_failures, csrf_is_required, logout_and_password_change);

async fn admin_needs_totp(b: Backend) {
    let mut app = spawn_app(b).await;
    let (s, v) = app.post("/api/v1/auth/login", json!({"username": "admin", "password": "Zhibao@2026"})).await;
    assert_eq!((s, v["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("TOTP_REQUIRED")));
    let (s, v) = app
        .post("/api/v1/auth/login", json!({"username": "admin", "password": "Zhibao@2026", "totp_code": "000000"}))
        .await;
    assert_eq!((s, v["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("BAD_CREDENTIALS")), "wrong code");
    let (s, v) = app.get("/api/v1/auth/me").await;
    assert_eq!((s, v["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("UNAUTHENTICATED")));
    let (s, v) = app
        .post(
            "/api/v1/auth/login",
            json!({"username": "admin", "password": "Zhibao@2026", "totp_code": totp_now(&app.totp_secret)}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["permissions"], json!(["*:*:*"]));
    app.csrf = v["csrf_token"].as_str().map(str::to_string);
    let (s, me) = app.get("/api/v1/auth/me").await;
    assert_eq!((s, me["user"]["username"].as_str()), (StatusCode::OK, Some("admin")));
    // Wrong password for a non-TOTP account is indistinguishable from an unknown user.
    let (s1, v1) = app.post("/api/v1/auth/login", json!({"username": "leader", "password": "nope"})).await;
    let (s2, v2) = app.post("/api/v1/auth/login", json!({"username": "nobody", "password": "nope"})).await;
    assert_eq!((s1, &v1["message"]), (s2, &v2["message"]));
    // The login log recorded each outcome.
    app.login("admin").await;
    let (_, log) = app.get("/api/v1/monitor/loginlog?page_size=50").await;
    let results: Vec<&str> =
        log["items"].as_array().map(|a| a.iter().filter_map(|e| e["result"].as_str()).collect()).unwrap_or_default();
    for r in ["totp_required", "bad_totp", "ok", "bad_password", "unknown_user"] {
        assert!(results.contains(&r), "{r} missing from {results:?}");
    }
}

async fn lockout_after_five_failures(b: Backend) {
    let app = spawn_app(b).await;
    for i in 0..4 {
        let (s, _) = app.post("/api/v1/auth/login", json!({"username": "officer", "password": "wrong"})).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let (s, v) = app.post("/api/v1/auth/login", json!({"username": "officer", "password": "wrong"})).await;
    assert_eq!((s, v["code"].as_str()), (StatusCode::LOCKED, Some("ACCOUNT_LOCKED")));
    let (s, _) = app.post("/api/v1/auth/login", json!({"username": "officer", "password": "Zhibao@2026"})).await;
    assert_eq!(s, StatusCode::LOCKED, "the right password does not open a locked account");
    // An administrator's password reset clears the lock.
    let mut app = app;
    app.login("admin").await;
    let id = app.user_id("officer").await;
    let (s, v) =
        app.send(Method::PUT, &format!("/api/v1/system/users/{id}/password"), json!({"password": "Reset@2026x"})).await;
    assert_eq!(s, StatusCode::NO_CONTENT, "{v}");
    let (s, _) = app.login_as("officer", "Reset@2026x").await;
    assert_eq!(s, StatusCode::OK);
}

async fn csrf_is_required(b: Backend) {
    let mut app = spawn_app(b).await;
    app.login("admin").await;
    let root = app.dept_id("BH").await;
    let body = json!({"parent_id": root, "name": "CSRF 测试科", "kind": "office"});
    let csrf = app.csrf.take();
    let (s, v) = app.post("/api/v1/system/depts", body.clone()).await;
    assert_eq!((s, v["code"].as_str()), (StatusCode::FORBIDDEN, Some("CSRF")));
    app.csrf = Some("forged".into());
    let (s, _) = app.post("/api/v1/system/depts", body.clone()).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    app.csrf = csrf;
    let (s, v) = app.post("/api/v1/system/depts", body).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
}

async fn logout_and_password_change(b: Backend) {
    let mut app = spawn_app(b).await;
    app.login("leader").await;
    let (s, v) =
        app.post("/api/v1/auth/password", json!({"old_password": "bad", "new_password": "Better@2026x"})).await;
    assert_eq!((s, v["fields"]["old_password"].is_string()), (StatusCode::UNPROCESSABLE_ENTITY, true));
    let (s, v) =
        app.post("/api/v1/auth/password", json!({"old_password": "Zhibao@2026", "new_password": "short"})).await;
    assert_eq!((s, v["fields"]["new_password"].is_string()), (StatusCode::UNPROCESSABLE_ENTITY, true), "{v}");
    let (s, _) =
        app.post("/api/v1/auth/password", json!({"old_password": "Zhibao@2026", "new_password": "Better@2026x"})).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = app.get("/api/v1/auth/me").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "a password change ends sessions");
    let (s, _) = app.login_as("leader", "Better@2026x").await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = app.post("/api/v1/auth/logout", json!({})).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = app.get("/api/v1/auth/me").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn login_rate_limit_per_ip() {
    let app = spawn_with(Backend::Sqlite, |s| s.security.login_attempts_per_minute = 3).await;
    for _ in 0..3 {
        let (s, _) = app.post("/api/v1/auth/login", json!({"username": "nobody", "password": "x"})).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
    }
    let (s, v) = app.post("/api/v1/auth/login", json!({"username": "leader", "password": "Zhibao@2026"})).await;
    assert_eq!((s, v["code"].as_str()), (StatusCode::TOO_MANY_REQUESTS, Some("RATE_LIMITED")));
}

#[tokio::test]
async fn idle_sessions_expire() {
    let mut app = spawn_with(Backend::Sqlite, |s| s.security.session_idle_minutes = 0).await;
    app.login("leader").await;
    let (s, _) = app.get("/api/v1/auth/me").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "with a zero idle timeout the session is already over");
}

#[tokio::test]
async fn session_cookie_flags() {
    let app = spawn_with(Backend::Sqlite, |s| s.server.secure_cookies = true).await;
    let r = app
        .request(Method::POST, "/api/v1/auth/login", Some(json!({"username": "leader", "password": "Zhibao@2026"})))
        .await;
    let cookies: Vec<String> =
        r.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok().map(str::to_string)).collect();
    let session = cookies.iter().find(|c| c.starts_with("zb_session=")).cloned().unwrap_or_default();
    for flag in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/"] {
        assert!(session.contains(flag), "{flag} missing in {session}");
    }
    let csrf = cookies.iter().find(|c| c.starts_with("zb_csrf=")).cloned().unwrap_or_default();
    assert!(!csrf.contains("HttpOnly") && csrf.contains("SameSite=Strict"));
}
