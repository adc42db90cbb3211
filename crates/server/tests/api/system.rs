//! Departments, users, roles, dictionaries, XLSX and the operation log; bad input gets field errors and stores
//! nothing.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::both;
use crate::helpers::{spawn_app, Backend};

both!(
    validation_errors_name_fields,
    dept_tree_moves_and_guards,
    roles_and_dicts,
    excel_round_trip,
    operation_log_records_writes
);

async fn validation_errors_name_fields(b: Backend) {
    let mut app = spawn_app(b).await;
    app.login("admin").await;
    let before = app.visible_usernames().await.len();
    let root = app.dept_id("BH").await;
    let (s, v) = app
        .post("/api/v1/system/users", json!({"username": "1x", "display_name": "", "password": "weak", "dept_id": root, "email": "not-mail", "phone": "abc"}))
        .await;
    assert_eq!((s, v["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("VALIDATION")));
    for f in ["username", "display_name", "email", "phone"] {
        assert!(v["fields"][f].is_string(), "{f}: {v}");
    }
    let (s, v) = app
        .post(
            "/api/v1/system/users",
            json!({"username": "okname", "display_name": "甲", "password": "weak", "dept_id": root}),
        )
        .await;
    assert_eq!((s, v["fields"]["password"].is_string()), (StatusCode::UNPROCESSABLE_ENTITY, true), "{v}");
    let (s, v) = app
        .post("/api/v1/system/users", json!({"username": "okname", "display_name": "甲", "password": "Good@2026x", "dept_id": root, "is_admin": true}))
        .await;
    assert_eq!(
        (s, v["fields"]["is_admin"].is_string()),
        (StatusCode::UNPROCESSABLE_ENTITY, true),
        "unknown fields are refused: {v}"
    );
    let (s, v) = app.post("/api/v1/system/users", json!({"username": "okname"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (s, v) = app
        .post(
            "/api/v1/system/users",
            json!({"username": "okname", "display_name": "甲", "password": "Good@2026x", "dept_id": "one"}),
        )
        .await;
    assert_eq!((s, v["fields"]["dept_id"].is_string()), (StatusCode::UNPROCESSABLE_ENTITY, true), "{v}");
    let r = app
        .client
        .post(format!("{}/api/v1/system/users", app.base))
        .header("x-csrf-token", app.csrf.clone().unwrap_or_default())
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let huge = "x".repeat(11 * 1024 * 1024);
    let (s, v) = app.post("/api/v1/system/users", json!({"username": huge})).await;
    assert_eq!((s, v["code"].as_str()), (StatusCode::PAYLOAD_TOO_LARGE, Some("PAYLOAD_TOO_LARGE")));
    let (s, v) = app.get("/api/v1/system/users?page=0").await;
    assert_eq!((s, v["fields"]["page"].is_string()), (StatusCode::UNPROCESSABLE_ENTITY, true));
    let (s, _) = app.get("/api/v1/system/users?page=abc").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    // Duplicate login name → field error from the unique constraint.
    let (s, v) = app
        .post(
            "/api/v1/system/users",
            json!({"username": "Leader", "display_name": "甲", "password": "Good@2026x", "dept_id": root}),
        )
        .await;
    assert_eq!((s, v["fields"]["username"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("已存在")), "{v}");
    assert_eq!(app.visible_usernames().await.len(), before, "nothing stored");
}

async fn dept_tree_moves_and_guards(b: Backend) {
    let mut app = spawn_app(b).await;
    app.login("admin").await;
    let root = app.dept_id("BH").await;
    let (_, a) = app
        .post("/api/v1/system/depts", json!({"parent_id": root, "name": "一级", "code": "T-A", "kind": "office"}))
        .await;
    let a = a["id"].as_i64().unwrap_or(0);
    let (_, c) = app
        .post(
            "/api/v1/system/depts",
            json!({"parent_id": a, "name": "二级", "code": "T-C", "kind": "office", "sort": 3}),
        )
        .await;
    let (c, c_anc) = (c["id"].as_i64().unwrap_or(0), c["ancestors"].as_str().unwrap_or("").to_string());
    assert_eq!(c_anc, format!("0,{root},{a}"));
    let scj = app.dept_id("BH-SCJGJ").await;
    let (s, v) = app
        .send(
            Method::PUT,
            &format!("/api/v1/system/depts/{a}"),
            json!({"parent_id": scj, "name": "一级", "code": "T-A", "kind": "office"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, cv) = app.get(&format!("/api/v1/system/depts/{c}")).await;
    assert_eq!(cv["ancestors"].as_str(), Some(format!("0,{root},{scj},{a}").as_str()), "descendants follow");
    let (s, v) = app
        .send(
            Method::PUT,
            &format!("/api/v1/system/depts/{a}"),
            json!({"parent_id": c, "name": "一级", "code": "T-A", "kind": "office"}),
        )
        .await;
    assert_eq!((s, v["fields"]["parent_id"].is_string()), (StatusCode::UNPROCESSABLE_ENTITY, true), "no cycles: {v}");
    let (s, v) = app.send(Method::DELETE, &format!("/api/v1/system/depts/{a}"), json!({})).await;
    assert_eq!((s, v["code"].as_str()), (StatusCode::CONFLICT, Some("CONFLICT")));
    let (s, _) = app.send(Method::DELETE, &format!("/api/v1/system/depts/{c}"), json!({})).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = app.get(&format!("/api/v1/system/depts/{c}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, v) = app.post("/api/v1/system/depts", json!({"parent_id": root, "name": "一级", "kind": "office"})).await;
    assert_eq!(s, StatusCode::CREATED, "same name under another parent is fine: {v}");
    let (s, v) = app.post("/api/v1/system/depts", json!({"parent_id": scj, "name": "一级", "kind": "office"})).await;
    assert_eq!((s, v["fields"]["name"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("已存在")), "{v}");
}

async fn roles_and_dicts(b: Backend) {
    let mut app = spawn_app(b).await;
    app.login("admin").await;
    let (s, v) = app
        .post(
            "/api/v1/system/roles",
            json!({"key": "r1", "name": "测试", "data_scope": "everything", "permissions": ["system:user:fly"]}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(v["fields"]["data_scope"].is_string() && v["fields"]["permissions"].is_string(), "{v}");
    let (s, v) = app
        .post("/api/v1/system/roles", json!({"key": "r1", "name": "测试", "data_scope": "custom", "dept_ids": []}))
        .await;
    assert_eq!((s, v["fields"]["dept_ids"].is_string()), (StatusCode::UNPROCESSABLE_ENTITY, true));
    let fy = app.dept_id("BH-FY").await;
    let (s, r) = app.post("/api/v1/system/roles", json!({"key": "r1", "name": "测试", "data_scope": "custom", "dept_ids": [fy], "permissions": ["system:user:list"]})).await;
    assert_eq!((s, r["dept_ids"].clone()), (StatusCode::CREATED, json!([fy])), "{r}");
    let (s, cat) = app.get("/api/v1/system/permissions").await;
    assert_eq!(s, StatusCode::OK);
    assert!(cat
        .as_array()
        .is_some_and(|a| a.iter().any(|e| e["key"] == "system:user:add" && e["parent"] == "system:user:list")));
    let (s, v) = app.send(Method::DELETE, "/api/v1/system/roles/1", json!({})).await;
    assert_eq!((s, v["code"].as_str()), (StatusCode::CONFLICT, Some("CONFLICT")), "admin role is in use");

    let (s, id) = app.post("/api/v1/system/dicts", json!({"type_key": "case_kind", "name": "案件类型"})).await;
    assert_eq!(s, StatusCode::CREATED);
    let id = id.as_i64().unwrap_or(0);
    let (s, v) = app
        .post(
            &format!("/api/v1/system/dicts/{id}/entries"),
            json!({"value": "complaint", "label_zh": "投诉", "label_en": "Complaint", "tag": "pink"}),
        )
        .await;
    assert_eq!((s, v["fields"]["tag"].is_string()), (StatusCode::UNPROCESSABLE_ENTITY, true));
    let (s, _) = app
        .post(
            &format!("/api/v1/system/dicts/{id}/entries"),
            json!({"value": "complaint", "label_zh": "投诉", "label_en": "Complaint", "tag": "warning"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let (_, all) = app.get("/api/v1/dicts").await;
    assert_eq!(all["case_kind"][0]["label_zh"], "投诉");
    assert_eq!(all["sys_status"][0]["value"], "active");
}

async fn excel_round_trip(b: Backend) {
    let mut app = spawn_app(b).await;
    app.login("admin").await;
    let r = app.request(Method::GET, "/api/v1/system/users/export", None).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"].to_str().unwrap_or("").contains("spreadsheetml"));
    let bytes = r.bytes().await.unwrap_or_default();
    let rows = zhibao_server::excel::read_sheet(&bytes).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(rows[0][0], "用户名");
    assert!(rows.iter().any(|r| r[0] == "mediator"), "every visible user exported");
    let r = app.request(Method::GET, "/api/v1/system/users/export?username=media", None).await;
    let rows =
        zhibao_server::excel::read_sheet(&r.bytes().await.unwrap_or_default()).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(rows.len(), 2, "the list's filters apply to the export");

    let header: Vec<String> = ["用户名*", "姓名*", "部门编码*", "角色标识", "手机", "邮箱", "初始密码*"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let write = |rows: Vec<Vec<&str>>| {
        let rows: Vec<Vec<String>> = rows.into_iter().map(|r| r.into_iter().map(str::to_string).collect()).collect();
        let h: Vec<&str> = header.iter().map(String::as_str).collect();
        zhibao_server::excel::write_sheet("用户", &h, &rows).unwrap_or_default()
    };
    let upload = |bytes: Vec<u8>| {
        let form =
            reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(bytes).file_name("u.xlsx"));
        app.client
            .post(format!("{}/api/v1/system/users/import", app.base))
            .header("x-csrf-token", app.csrf.clone().unwrap_or_default())
            .multipart(form)
            .send()
    };
    let bad = write(vec![
        vec!["imp01", "导入甲", "BH-KJJ", "expert", "", "", "Import@2026"],
        vec!["imp02", "导入乙", "NO-SUCH", "expert", "", "bad", "weak"],
        vec!["imp03", "导入丙", "BH-KJJ", "admin", "", "", "Import@2026"],
    ]);
    let report: serde_json::Value =
        upload(bad).await.unwrap_or_else(|e| panic!("{e}")).json().await.unwrap_or_default();
    assert_eq!(report["inserted"], 0, "{report}");
    let errs = report["errors"].as_array().cloned().unwrap_or_default();
    let rows_with_errors: Vec<i64> = errs.iter().filter_map(|e| e["row"].as_i64()).collect();
    assert!(
        rows_with_errors.contains(&3) && rows_with_errors.contains(&4) && !rows_with_errors.contains(&2),
        "{report}"
    );
    assert!(errs.iter().any(|e| e["row"] == 3 && e["field"] == "部门编码"), "{report}");
    assert_eq!(app.store.user_id_by_name("imp01").await.ok().flatten(), None, "all or nothing");
    let good = write(vec![
        vec!["imp01", "导入甲", "BH-KJJ", "expert", "13800000000", "a@b.cn", "Import@2026"],
        vec![],
        vec!["imp04", "导入丁", "BH-KJJ", "", "", "", "Import@2026"],
    ]);
    let report: serde_json::Value =
        upload(good).await.unwrap_or_else(|e| panic!("{e}")).json().await.unwrap_or_default();
    assert_eq!(
        (report["inserted"].as_i64(), report["errors"].as_array().map(Vec::len)),
        (Some(2), Some(0)),
        "{report}"
    );
    let (s, _) = app.login_as("imp01", "Import@2026").await;
    assert_eq!(s, StatusCode::OK, "imported users can sign in");

    app.login("admin").await;
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(b"not a workbook".to_vec()).file_name("x.xlsx"));
    let r = app
        .client
        .post(format!("{}/api/v1/system/depts/import", app.base))
        .header("x-csrf-token", app.csrf.clone().unwrap_or_default())
        .multipart(form)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = app.request(Method::GET, "/api/v1/system/depts/template", None).await;
    let tpl =
        zhibao_server::excel::read_sheet(&r.bytes().await.unwrap_or_default()).unwrap_or_else(|e| panic!("{e:?}"));
    let mut rows: Vec<Vec<String>> = vec![
        vec!["T-NEW".into(), "新科室".into(), "BH-SCJGJ".into(), "office".into(), "".into(), "".into(), "2".into()],
        vec!["T-SUB".into(), "新科室下属组".into(), "T-NEW".into(), "office".into(), "".into(), "".into(), "".into()],
    ];
    rows.insert(0, tpl[0].clone());
    let h: Vec<&str> = rows[0].iter().map(String::as_str).collect();
    let bytes = zhibao_server::excel::write_sheet("部门", &h, &rows[1..]).unwrap_or_default();
    let form = reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(bytes).file_name("d.xlsx"));
    let report: serde_json::Value = app
        .client
        .post(format!("{}/api/v1/system/depts/import", app.base))
        .header("x-csrf-token", app.csrf.clone().unwrap_or_default())
        .multipart(form)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(report["inserted"], 2, "a row may name an earlier row as parent: {report}");
}

async fn operation_log_records_writes(b: Backend) {
    let mut app = spawn_app(b).await;
    app.login("admin").await;
    let root = app.dept_id("BH").await;
    let (s, d) =
        app.post("/api/v1/system/depts", json!({"parent_id": root, "name": "日志测试科", "kind": "office"})).await;
    assert_eq!(s, StatusCode::CREATED);
    let id = d["id"].as_i64().unwrap_or(0);
    let (s, _) = app
        .post(
            "/api/v1/system/users",
            json!({"username": "logged", "display_name": "甲", "password": "Secret@Pw2026", "dept_id": id}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, _) = app
        .post(
            "/api/v1/system/users",
            json!({"username": "logged", "display_name": "甲", "password": "Secret@Pw2026", "dept_id": id}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, log) = app.get("/api/v1/monitor/oplog?module=system/users&page_size=10").await;
    assert_eq!(s, StatusCode::OK);
    let items = log["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 2, "{log}");
    assert_eq!((items[0]["result"].as_str(), items[0]["status_code"].as_i64()), (Some("error"), Some(422)));
    assert_eq!(
        (items[1]["username"].as_str(), items[1]["action"].as_str(), items[1]["result"].as_str()),
        (Some("admin"), Some("新增"), Some("ok"))
    );
    assert!(items[1]["duration_ms"].as_i64().is_some() && items[1]["ip"].as_str() == Some("127.0.0.1"));
    let (_, dlog) = app.get("/api/v1/monitor/oplog?module=system/depts").await;
    assert_eq!(dlog["items"][0]["path"], "/api/v1/system/depts");
    let (_, all) = app.get("/api/v1/monitor/oplog?page_size=500").await;
    assert!(!all.to_string().contains("Secret@Pw2026"), "no secret reaches the log");
    let (s, none) = app.get("/api/v1/monitor/oplog?from=2000-01-01&to=2000-01-02").await;
    assert_eq!((s, none["total"].as_i64()), (StatusCode::OK, Some(0)));
    let (s, v) = app.get("/api/v1/monitor/oplog?from=yesterday").await;
    assert_eq!((s, v["fields"]["from"].is_string()), (StatusCode::UNPROCESSABLE_ENTITY, true));

    // A public filing's entry is written in the filing's own transaction (middleware::OpLogDraft): exactly one
    // entry per filing, anonymous, 201; a refused filing is logged by the middleware as before.
    let (s, _) = crate::cases::file(&app, crate::cases::complaint("日志中的公众投诉")).await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, _) = crate::cases::file(&app, json!({"matter_type": "complaint"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, plog) = app.get("/api/v1/monitor/oplog?module=public/matters&page_size=10").await;
    let items = plog["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 2, "{plog}");
    assert_eq!((items[0]["status_code"].as_i64(), items[0]["result"].as_str()), (Some(422), Some("error")));
    assert_eq!((items[1]["status_code"].as_i64(), items[1]["result"].as_str()), (Some(201), Some("ok")));
    assert_eq!((items[1]["username"].as_str(), items[1]["action"].as_str()), (None, Some("新增")));
    assert_eq!((items[1]["path"].as_str(), items[1]["ip"].as_str()), (Some("/api/v1/public/matters"), Some("127.0.0.1")));
}
