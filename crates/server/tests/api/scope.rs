//! Department data scope, enforced by the server for every list and read — the foundation's acceptance test.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::both;
use crate::helpers::{spawn_app, Backend};

both!(
    own_department_scope_hides_other_departments,
    dept_and_below_and_writes,
    permissions_gate_endpoints,
    no_privilege_escalation
);

async fn own_department_scope_hides_other_departments(b: Backend) {
    let mut app = spawn_app(b).await;
    app.login("admin").await;
    let root = app.dept_id("BH").await;
    let (s, d) = app
        .post(
            "/api/v1/system/depts",
            json!({"parent_id": root, "name": "专利侵权纠纷调处科", "code": "BH-TCK", "kind": "office"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    let dept = d["id"].as_i64().unwrap_or(0);
    let (s, r) = app
        .post(
            "/api/v1/system/roles",
            json!({"key": "viewer", "name": "本部门查看员", "data_scope": "dept",
            "permissions": ["system:user:list", "system:user:query", "geo:map:view"]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    let role = r["id"].as_i64().unwrap_or(0);
    for (name, dept_id) in [("viewer01", dept), ("colleague", dept)] {
        let (s, u) = app
            .post("/api/v1/system/users", json!({"username": name, "display_name": name, "password": "Viewer@2026x", "dept_id": dept_id, "role_ids": [role]}))
            .await;
        assert_eq!(s, StatusCode::CREATED, "{u}");
    }
    app.login_as("viewer01", "Viewer@2026x").await;
    let mut seen = app.visible_usernames().await;
    seen.sort();
    assert_eq!(seen, vec!["colleague", "viewer01"]);
    let admin = app.user_id("admin").await;
    let officer = app.user_id("officer").await;
    for id in [admin, officer] {
        let (s, v) = app.get(&format!("/api/v1/system/users/{id}")).await;
        assert_eq!((s, v["code"].as_str()), (StatusCode::NOT_FOUND, Some("NOT_FOUND")), "another department's user");
    }
    // Filtering by another department does not widen the scope.
    let other = app.dept_id("BH-SCJGJ").await;
    let (s, v) = app.get(&format!("/api/v1/system/users?dept_id={other}")).await;
    assert_eq!((s, v["total"].as_i64()), (StatusCode::OK, Some(0)));
    // The user page's department tree shows only the own department.
    let (s, tree) = app.get("/api/v1/system/users/dept-tree").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        tree.as_array().map(|a| a.iter().filter_map(|d| d["id"].as_i64()).collect::<Vec<_>>()),
        Some(vec![dept])
    );
    // And the role has no department permission.
    let (s, _) = app.get("/api/v1/system/depts").await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

async fn dept_and_below_and_writes(b: Backend) {
    let mut app = spawn_app(b).await;
    app.login("deptadmin").await;
    let seen = app.visible_usernames().await;
    for u in ["deptadmin", "officer", "inspector", "examiner"] {
        assert!(seen.contains(&u.to_string()), "{u} is in 市场监管局 or below: {seen:?}");
    }
    for u in ["admin", "leader", "mediator", "expert", "enterprise"] {
        assert!(!seen.contains(&u.to_string()), "{u} is outside: {seen:?}");
    }
    let (_, depts) = app.get("/api/v1/system/depts").await;
    let codes: Vec<&str> =
        depts.as_array().map(|a| a.iter().filter_map(|d| d["code"].as_str()).collect()).unwrap_or_default();
    assert!(codes.contains(&"BH-SCJGJ-WQYZ") && !codes.contains(&"BH-FY") && !codes.contains(&"BH"), "{codes:?}");
    // Writes outside the scope are refused like reads.
    let mediator = app.user_id("mediator").await;
    let court = app.dept_id("BH-FY").await;
    let (s, _) = app
        .send(
            Method::PUT,
            &format!("/api/v1/system/users/{mediator}"),
            json!({"display_name": "x", "dept_id": court, "role_ids": [], "status": "active"}),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, v) = app
        .post(
            "/api/v1/system/users",
            json!({"username": "outsider", "display_name": "外部", "password": "Outside@2026", "dept_id": court}),
        )
        .await;
    assert_eq!((s, v["fields"]["dept_id"].is_string()), (StatusCode::UNPROCESSABLE_ENTITY, true), "{v}");
    let (s, _) = app.post("/api/v1/system/depts", json!({"parent_id": court, "name": "x", "kind": "office"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.store.user_id_by_name("outsider").await.ok().flatten(), None);
}

async fn permissions_gate_endpoints(b: Backend) {
    let mut app = spawn_app(b).await;
    app.login("enterprise").await;
    for path in [
        "/api/v1/system/users",
        "/api/v1/system/depts",
        "/api/v1/system/roles",
        "/api/v1/monitor/oplog",
        "/api/v1/geo/areas",
    ] {
        let (s, v) = app.get(path).await;
        assert_eq!((s, v["code"].as_str()), (StatusCode::FORBIDDEN, Some("FORBIDDEN")), "{path}");
    }
    let (s, _) = app.get("/api/v1/dicts").await;
    assert_eq!(s, StatusCode::OK, "dictionaries are for every signed-in user");
    app.fresh_client();
    let (s, _) = app.get("/api/v1/system/users").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let r = app.request(Method::GET, "/api/v1/system/users", None).await;
    assert!(r.headers().contains_key("www-authenticate"));
}

async fn no_privilege_escalation(b: Backend) {
    let mut app = spawn_app(b).await;
    app.login("deptadmin").await;
    let admin_role = app.role_id("admin").await;
    let office = app.dept_id("BH-SCJGJ-ZSCQK").await;
    let (s, v) = app
        .post("/api/v1/system/users", json!({"username": "sneaky", "display_name": "x", "password": "Sneaky@2026", "dept_id": office, "role_ids": [admin_role]}))
        .await;
    assert_eq!((s, v["fields"]["role_ids"].is_string()), (StatusCode::UNPROCESSABLE_ENTITY, true), "{v}");
    let me = app.user_id("deptadmin").await;
    let own_role = app.role_id("dept_admin").await;
    let (s, _) = app
        .send(
            Method::PUT,
            &format!("/api/v1/system/users/{me}"),
            json!({"display_name": "x", "dept_id": office, "role_ids": [own_role, admin_role], "status": "active"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "cannot grant oneself admin");
}
