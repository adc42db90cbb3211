//! Patent analytics over HTTP on both backends, against the demo patents: charts over a result set, the
//! high-value indicator for Binhai (hand-counted below), concordance import with row errors, by-industry counts,
//! similar patents, permissions; watch lists with owners and data scope, alerts raised after an import (in-app
//! notices and a webhook whose delivery is recorded), and quiet re-runs.

use std::sync::{Arc, Mutex};

use chrono::{NaiveDate, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use zhibao_domain::patent::{Address, ClassSymbol, LegalStatus, Party, Patent, PatentType, PublicationNumber, Texts};
use zhibao_store::Ts;

use crate::both;
use crate::helpers::{spawn_at, Backend, TestApp};

both!(analytics_over_the_demo_patents, watch_lists_alert_after_an_import, an_uploaded_import_raises_alerts);

fn count(buckets: &Value, key: &str) -> i64 {
    buckets
        .as_array()
        .and_then(|a| a.iter().find(|b| b["key"] == key))
        .map(|b| b["count"].as_i64().unwrap_or(0))
        .unwrap_or(-1)
}

async fn analytics_over_the_demo_patents(b: Backend) {
    let mut app = spawn_at(b, "2026-12-05").await;
    app.login("deptadmin").await;

    // Charts over everything: 12 demo patents; applicant spellings merged (有限公司 / 有限责任公司).
    let (s, o) = app.post("/api/v1/patent-analysis/overview", json!({})).await;
    assert_eq!(s, StatusCode::OK, "{o}");
    assert_eq!(o["total"], 12);
    assert_eq!(o["by_applicant"][0]["label"], "天津示例新能源科技有限公司", "{}", o["by_applicant"]);
    assert_eq!(o["by_applicant"][0]["count"], 4);
    assert_eq!(o["by_ipc"][0]["key"], "H01M");
    assert_eq!(count(&o["by_legal_status"], "granted"), 10);
    assert_eq!(count(&o["by_region"], "天津市 / 天津市 / 滨海新区"), 9);

    // Over a query, and a bad query points at the problem.
    let (s, q) = app.post("/api/v1/patent-analysis/overview", json!({"query": "IPC=H01M*", "options": {"ipc_level": "main_group", "top": 5, "matrix": 3, "year_basis": "application", "region_level": "district"}})).await;
    assert_eq!(s, StatusCode::OK, "{q}");
    assert_eq!(q["total"], 5, "{q}");
    assert_eq!(count(&q["by_ipc"], "H01M10/00"), 4, "{}", q["by_ipc"]);
    let (s, e) = app.post("/api/v1/patent-analysis/overview", json!({"query": "TI=(电池"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e["fields"]["query"].is_string(), "{e}");

    // Explicit ids.
    let ids: Vec<i64> =
        app.store.patents_after(0, 100).await.unwrap_or_default().iter().take(3).map(|p| p.id).collect();
    let (_, o3) = app.post("/api/v1/patent-analysis/overview", json!({"ids": ids})).await;
    assert_eq!(o3["total"], 3);

    // High-value for Binhai with the default settings (hand count, see below).
    let (_, pops) = app.get("/api/v1/patent-analysis/populations").await;
    let binhai = pops
        .as_array()
        .and_then(|a| a.iter().find(|p| p["district"] == "滨海新区"))
        .cloned()
        .unwrap_or_else(|| panic!("{pops}"));
    let (s, hv) = app.post("/api/v1/patent-analysis/high-value", json!({"population_id": binhai["id"]})).await;
    assert_eq!(s, StatusCode::OK, "{hv}");
    let sum = &hv["summary"];
    // Binhai granted inventions: 001 002 004 005 008 009 012 (006 pending, 007 utility model) = 7.
    assert_eq!(sum["valid_inventions"], 7, "{sum}");
    // High-value: all but 002 (H01M50 is not in the demo table, not overseas, filed 2018) = 6.
    assert_eq!(sum["high_value"], 6, "{sum}");
    assert_eq!(sum["by_criterion"]["strategic_industry"], 6);
    assert_eq!(sum["by_criterion"]["overseas_family"], 2);
    assert_eq!(sum["by_criterion"]["maintained"], 3, "001 (2014), 004 (2012), 008 (2015)");
    assert_eq!(sum["by_criterion"]["pledge"], 1, "001 pledged 20M; 008's 5M is under 10M");
    assert_eq!(sum["by_criterion"]["award"], 0);
    assert_eq!(sum["per_10k"], 0.03, "6 / 2,100,000 × 10,000");
    assert_eq!(hv["hits"].as_array().map(Vec::len), Some(6));
    assert_eq!(hv["targets"]["binhai_kpi8"], 45.0);
    assert!(hv["strategic_table"]["is_demo"].as_bool().unwrap_or(false));
    // Switches: only the award criterion, whole city → the Tianjin University patent with a China Patent Award.
    let only_award =
        json!({"enabled": ["award"], "maintained_years": 10, "pledge_min_yuan": 10000000, "require_in_force": true});
    let (_, hv2) = app
        .post(
            "/api/v1/patent-analysis/high-value",
            json!({"province": "天津市", "settings": only_award, "population": 10000}),
        )
        .await;
    assert_eq!(hv2["summary"]["high_value"], 1, "{hv2}");
    assert_eq!(hv2["summary"]["per_10k"], 1.0);
    // Saved settings: checked field by field.
    let (s, e) = app
        .send(
            Method::PUT,
            "/api/v1/patent-analysis/high-value/settings",
            json!({"enabled": ["pledge"], "maintained_years": 0, "pledge_min_yuan": -1, "require_in_force": true}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e["fields"]["maintained_years"].is_string() && e["fields"]["pledge_min_yuan"].is_string(), "{e}");
    let (s, saved) = app.send(Method::PUT, "/api/v1/patent-analysis/high-value/settings", json!({"enabled": ["pledge"], "maintained_years": 10, "pledge_min_yuan": 5000000, "require_in_force": true})).await;
    assert_eq!(s, StatusCode::OK, "{saved}");
    let (_, hv3) = app.post("/api/v1/patent-analysis/high-value", json!({"population_id": binhai["id"]})).await;
    assert_eq!(hv3["summary"]["high_value"], 2, "001 and 008 at 5M: {hv3}");

    // Concordance import: every bad row reported, nothing stored.
    let (_, before) = app.get("/api/v1/patent-analysis/concordances").await;
    let bad = "产业代码,产业名称,IPC\n1,信息,G06F\n,无代码,G06N\n2,坏分类,Z99\n";
    let (s, e) = app
        .post("/api/v1/patent-analysis/concordances", json!({"kind": "intensive", "name": "坏表", "csv": bad}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e["fields"]["csv[3].产业代码"].is_string() && e["fields"]["csv[4].IPC"].is_string(), "{e}");
    let (_, after) = app.get("/api/v1/patent-analysis/concordances").await;
    assert_eq!(before, after);
    let good = "industry_code,industry_name,ipc\nX1,电池产业,H01M\nX2,医药,A61K;A61P\n";
    let (s, t) = app
        .post("/api/v1/patent-analysis/concordances", json!({"kind": "intensive", "name": "自定义", "csv": good}))
        .await;
    assert_eq!(s, StatusCode::OK, "{t}");
    let (s, ind) = app.post("/api/v1/patent-analysis/industries", json!({})).await;
    assert_eq!(s, StatusCode::OK, "{ind}");
    assert_eq!(ind["table"]["id"], t["id"], "the new table is the active one");
    assert_eq!(count(&ind["buckets"], "X1"), 5);
    assert_eq!(count(&ind["buckets"], "X2"), 1);
    assert_eq!(count(&ind["buckets"], ""), 6);
    let (_, rows) = app.get(&format!("/api/v1/patent-analysis/concordances/{}", t["id"])).await;
    assert_eq!(rows.as_array().map(Vec::len), Some(3));

    // Similar patents: a lithium-battery patent's neighbours are lithium-battery patents.
    let first = app.store.patent("CN109000001B").await.unwrap_or_else(|e| panic!("{e}"));
    let (s, sim) = app.post("/api/v1/patent-analysis/similar", json!({"patent_id": first.id, "limit": 3})).await;
    assert_eq!(s, StatusCode::OK, "{sim}");
    assert_eq!(sim["probe"]["id"], first.id);
    let top = &sim["hits"][0];
    assert!(
        top["ipc"].as_array().is_some_and(|a| a.iter().any(|s| s.as_str().unwrap_or("").starts_with("H01M"))),
        "{sim}"
    );
    assert!(sim["hits"].as_array().is_some_and(|a| a.iter().all(|h| h["id"] != first.id)));
    let (s, free) = app.post("/api/v1/patent-analysis/similar", json!({"text": "卷积神经网络图像识别"})).await;
    assert_eq!(s, StatusCode::OK, "{free}");
    assert_eq!(free["hits"][0]["publication_no"], "CN109000003B", "{free}");
    let (s, _) = app.post("/api/v1/patent-analysis/similar", json!({"text": " "})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);

    // Permissions: the examiner may look but not change the settings; the enterprise user may not look.
    app.login("examiner").await;
    let (s, _) = app.post("/api/v1/patent-analysis/overview", json!({})).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = app.send(Method::PUT, "/api/v1/patent-analysis/high-value/settings", saved.clone()).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) =
        app.post("/api/v1/patent-analysis/concordances", json!({"kind": "intensive", "name": "x", "csv": good})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    app.login("enterprise").await;
    let (s, _) = app.post("/api/v1/patent-analysis/overview", json!({})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = app.get("/api/v1/patent-watch/lists").await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

/// A one-route HTTP server that records the bodies posted to it and answers 204.
async fn hook_server() -> (String, Arc<Mutex<Vec<Value>>>) {
    let got: Arc<Mutex<Vec<Value>>> = Arc::default();
    let seen = got.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |axum::Json(v): axum::Json<Value>| {
            let seen = seen.clone();
            async move {
                seen.lock().map(|mut g| g.push(v)).unwrap_or(());
                StatusCode::NO_CONTENT
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap_or_else(|e| panic!("{e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}/hook"), got)
}

fn new_patent(pn: &str, title: &str, ipc: &str) -> Patent {
    let mut p = Patent::new(PublicationNumber::parse(pn, "CN").unwrap_or_else(|e| panic!("{e}")));
    p.patent_type = PatentType::Invention;
    p.title = Texts::zh(title);
    p.abstract_text = Texts::zh("一种固态锂电池的电解质材料。");
    p.application_date = NaiveDate::from_ymd_opt(2025, 1, 2);
    p.legal_status = LegalStatus::Pending;
    p.applicants = vec![Party {
        name: "天津示例新能源科技有限公司".into(),
        address: Address::parse_cn("天津市滨海新区第三大街"),
    }];
    p.ipc = vec![ClassSymbol::parse(ipc).unwrap_or_else(|e| panic!("{e}"))];
    p
}

async fn unread(app: &TestApp) -> i64 {
    let (s, n) = app.get("/api/v1/patent-watch/notices").await;
    assert_eq!(s, StatusCode::OK, "{n}");
    n["unread"].as_i64().unwrap_or(-1)
}

async fn watch_lists_alert_after_an_import(b: Backend) {
    let mut app = spawn_at(b, "2026-12-05").await;
    app.login("examiner").await;
    let office = app.dept_id("BH-SCJGJ-BHZX").await;

    // The demo: the office's battery list is visible to its examiner; the admin's personal list is not.
    let (s, lists) = app.get("/api/v1/patent-watch/lists").await;
    assert_eq!(s, StatusCode::OK, "{lists}");
    let names: Vec<&str> =
        lists.as_array().map(|a| a.iter().filter_map(|w| w["draft"]["name"].as_str()).collect()).unwrap_or_default();
    assert_eq!(names, vec!["锂电池技术预警（演示）"], "{lists}");
    // The demo sweep raised its alerts: H01M and 锂 in the text → 001, 002, 011.
    let battery = lists[0]["id"].as_i64().unwrap_or(0);
    assert_eq!(lists[0]["alert_count"], 3, "{lists}");
    let before = unread(&app).await;
    assert_eq!(before, 3);

    // Bad input: field by field, a malformed query at its position; a department outside the scope is not found.
    let (s, e) =
        app.post("/api/v1/patent-watch/lists", json!({"name": "", "ipc": ["Z99"], "webhook_url": "ftp://x"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    for f in ["name", "ipc[0]", "webhook_url"] {
        assert!(e["fields"][f].is_string(), "{f}: {e}");
    }
    let (s, e) = app.post("/api/v1/patent-watch/lists", json!({"name": "坏查询", "query": "TI=(固态"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e["fields"]["query"].is_string(), "{e}");
    let court = app.dept_id("BH-FY").await;
    let (s, _) =
        app.post("/api/v1/patent-watch/lists", json!({"name": "法院", "ipc": ["H01M"], "owner_dept_id": court})).await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // A department list with a query and a webhook, and a personal one whose webhook is down.
    let (hook, got) = hook_server().await;
    let (s, solid) = app
        .post(
            "/api/v1/patent-watch/lists",
            json!({"name": "固态电池", "query": "TI=固态", "webhook_url": hook, "owner_dept_id": office}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{solid}");
    let (s, down) = app
        .post(
            "/api/v1/patent-watch/lists",
            json!({"name": "电解质（个人）", "keywords": ["电解质"], "webhook_url": "http://127.0.0.1:9/hook"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{down}");

    // An import: one new patent (matches all three lists) and one that matches none.
    let now = Ts::new(Utc::now());
    let mut gear = new_patent("CN119999992A", "一种齿轮箱", "F16H1/00");
    gear.abstract_text = Texts::zh("一种减速齿轮箱。");
    let out = app
        .store
        .upsert_patents(&[new_patent("CN119999991A", "一种固态锂电池电解质", "H01M10/0562"), gear], now)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let ids: Vec<i64> = out.iter().map(|o| o.id).collect();
    let report = zhibao_server::patent_watch::after_import(&app.store, &ids, "test-import")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.alerts, 3, "{report:?}");
    assert_eq!(report.webhooks, 2, "{report:?}");
    assert!(report.errors.is_empty(), "{report:?}");
    assert_eq!(unread(&app).await, before + 3, "battery + 固态 (department) + 电解质 (mine)");

    // The webhook got the alert; the failed one is recorded as failed.
    let posted = got.lock().map(|g| g.clone()).unwrap_or_default();
    assert_eq!(posted.len(), 1, "{posted:?}");
    assert_eq!(posted[0]["event"], "zhibao.patent_watch.alerts");
    assert_eq!(posted[0]["alerts"][0]["patent_id"], ids[0]);
    assert_eq!(posted[0]["alerts"][0]["reasons"][0]["kind"], "query");
    let (_, d1) = app.get(&format!("/api/v1/patent-watch/lists/{}/deliveries", solid["id"])).await;
    assert_eq!(d1[0]["status"], "delivered", "{d1}");
    assert_eq!(d1[0]["http_status"], 204);
    let (_, d2) = app.get(&format!("/api/v1/patent-watch/lists/{}/deliveries", down["id"])).await;
    assert_eq!(d2[0]["status"], "failed", "{d2}");
    assert!(d2[0]["error"].is_string());

    // Re-importing the same patents is quiet.
    let again = zhibao_server::patent_watch::after_import(&app.store, &ids, "test-import-2")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((again.alerts, again.webhooks), (0, 0), "{again:?}");
    // A full sweep finds, for the two new lists, the older demo patent 006 (固态电池电解质) — once, also when it
    // goes over the corpus one patent per pass.
    let sweep = zhibao_server::patent_watch::sweep_all(&app.store, "test-sweep", 1)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sweep.alerts, 2, "{sweep:?}");
    assert!(sweep.errors.is_empty(), "{sweep:?}");
    let (s, sweep2) = app.post("/api/v1/patent-watch/sweep", json!({})).await;
    assert_eq!(s, StatusCode::OK, "{sweep2}");
    assert_eq!(sweep2["alerts"], 0, "{sweep2}");

    // History and notices.
    let (_, h) = app.get(&format!("/api/v1/patent-watch/alerts?watch_id={battery}")).await;
    assert_eq!(h["total"], 4, "{h}");
    let (_, all) = app.get("/api/v1/patent-watch/alerts?page_size=50").await;
    assert_eq!(all["total"], 8, "battery 4, 固态 2, 电解质 2: {all}");
    let (_, n) = app.get("/api/v1/patent-watch/notices?unread=true").await;
    let nid = n["items"][0]["id"].as_i64().unwrap_or(0);
    let (s, _) = app.post(&format!("/api/v1/patent-watch/notices/{nid}/read"), json!({})).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    assert_eq!(unread(&app).await, before + 4);
    let (s, _) = app.post("/api/v1/patent-watch/notices/999999/read", json!({})).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = app.post("/api/v1/patent-watch/notices/read-all", json!({})).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    assert_eq!(unread(&app).await, 0);

    // Another department's user sees none of it; the admin sees its own list, not the examiner's personal one.
    app.login("officer").await;
    let (s, _) = app.get("/api/v1/patent-watch/lists").await;
    assert_eq!(s, StatusCode::FORBIDDEN, "case officers have no watch permission");
    app.login("admin").await;
    let (_, adm) = app.get("/api/v1/patent-watch/lists").await;
    let adm_names: Vec<&str> =
        adm.as_array().map(|a| a.iter().filter_map(|w| w["draft"]["name"].as_str()).collect()).unwrap_or_default();
    assert!(adm_names.contains(&"竞争对手动态：天津大学（演示）") && !adm_names.contains(&"电解质（个人）"), "{adm}");
    let (s, _) = app.send(Method::DELETE, &format!("/api/v1/patent-watch/lists/{}", down["id"]), json!({})).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "personal lists stay personal");
    app.login("examiner").await;
    let (s, _) = app.send(Method::DELETE, &format!("/api/v1/patent-watch/lists/{}", down["id"]), json!({})).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
}

const IMPORT_CSV: &str = "申请号,公开（公告）号,标题,摘要,申请人,发明人,IPC分类号,申请日,公开日,法律状态,申请人地址\n\
202510123456,CN118888881A,一种钠离子电池正极材料,一种钠离子电池的层状氧化物正极材料。,天津示例新能源科技有限公司,张三,H01M4/505,2025-01-02,2025-05-06,实质审查,天津市滨海新区第三大街\n\
202510123457,CN118888882A,一种齿轮箱,一种减速齿轮箱。,天津示例装备有限公司,李四,F16H1/00,2025-01-03,2025-05-07,实质审查,天津市滨海新区第三大街\n";

/// The import upload (patents core) runs the watch sweep: a list on 钠离子 gets exactly the new sodium-ion patent.
async fn an_uploaded_import_raises_alerts(b: Backend) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let index_dir = dir.path().join("idx").display().to_string();
    let mut app = crate::helpers::spawn_with(b, |s| s.patents.index_dir = index_dir).await;
    app.login("admin").await;
    let (s, w) = app.post("/api/v1/patent-watch/lists", json!({"name": "钠电", "keywords": ["钠离子"]})).await;
    assert_eq!(s, StatusCode::OK, "{w}");
    let before = unread(&app).await;
    let (s, rep) = app.upload("/api/v1/patents/import", "导出.csv", IMPORT_CSV.as_bytes().to_vec(), &[]).await;
    assert_eq!(s, StatusCode::OK, "{rep}");
    assert_eq!(rep["files"][0]["imported"], 2, "{rep}");
    assert_eq!(unread(&app).await, before + 1);
    let (_, h) = app.get(&format!("/api/v1/patent-watch/alerts?watch_id={}", w["id"])).await;
    assert_eq!(h["total"], 1, "{h}");
    let pid = h["items"][0]["patent_id"].as_i64().unwrap_or(0);
    let stored = app.store.patent_by_id(pid).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stored.patent.publication_number.to_string(), "CN118888881A");
    assert!(h["items"][0]["batch"].as_str().unwrap_or("").starts_with("import:admin:"), "{h}");
    // The same file again: updated, not new to the list — no second alert.
    let (s, _) = app.upload("/api/v1/patents/import", "导出.csv", IMPORT_CSV.as_bytes().to_vec(), &[]).await;
    assert_eq!(s, StatusCode::OK);
    let (_, h2) = app.get(&format!("/api/v1/patent-watch/alerts?watch_id={}", w["id"])).await;
    assert_eq!(h2["total"], 1, "{h2}");
}
