//! Patent gaps (helper patents-gaps), on both backends:
//! - analytics run over the shared search index: for several result sets (everything, an IPC query, a date range)
//!   every count equals a direct SQL count over the stored patents — with the 12 demo patents plus 400 generated
//!   ones written to the database behind the index's back (the server brings its index up to date first);
//! - the notification bell counts and lists patent watch alerts with the case notices (unread, mark read);
//! - legal-status history: a re-import that changes the status records old → new with the file;
//! - a concordance table uploaded as a GBK file (what Excel / WPS save) is read in its encoding.

use chrono::Utc;
use reqwest::StatusCode;
use serde_json::{json, Value};
use zhibao_store::Ts;

use crate::both;
use crate::helpers::{spawn_at, Backend, TestApp};

both!(
    analysis_counts_equal_sql_counts,
    the_bell_counts_patent_alerts,
    legal_status_changes_are_kept,
    a_concordance_in_gbk_is_read
);

/// `'…'` with quotes doubled (SQL literal).
fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

async fn sql(app: &TestApp, q: &str) -> i64 {
    app.store.scalar_raw(q).await.unwrap_or_else(|e| panic!("{q}: {e}"))
}

fn buckets(v: &Value) -> Vec<(String, i64)> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|b| (b["key"].as_str().unwrap_or_default().to_string(), b["count"].as_i64().unwrap_or(-1)))
                .collect()
        })
        .unwrap_or_default()
}

async fn analysis_counts_equal_sql_counts(b: Backend) {
    let mut app = spawn_at(b, "2026-12-05").await;
    app.login("deptadmin").await;
    // 400 generated patents straight into the database (not through the importer, so not in the index yet).
    let mut g = zhibao_patents::gen::Generator::new(7);
    let extra: Vec<_> = (0..400).map(|_| g.next_patent()).collect();
    for chunk in extra.chunks(100) {
        app.store.upsert_patents(chunk, Ts::new(Utc::now())).await.unwrap_or_else(|e| panic!("{e}"));
    }
    let stored = sql(&app, "SELECT COUNT(*) FROM patents").await;
    assert!(stored >= 412, "{stored}");

    let in_h01m = "id IN (SELECT patent_id FROM patent_classes WHERE scheme = 'ipc' AND subclass = 'H01M')";
    let sets: [(&str, Option<&str>, String); 3] = [
        ("everything", None, "1 = 1".to_string()),
        ("IPC=H01M*", Some("IPC=H01M*"), in_h01m.to_string()),
        ("AD>=2019", Some("AD>=2019"), "application_date >= '2019-01-01'".to_string()),
    ];
    let options = json!({"ipc_level": "subclass", "region_level": "district", "year_basis": "application", "top": 100, "matrix": 5});
    for (name, query, cond) in sets {
        let body = match query {
            Some(q) => json!({"query": q, "options": options}),
            None => json!({"options": options}),
        };
        let (s, o) = app.post("/api/v1/patent-analysis/overview", body).await;
        assert_eq!(s, StatusCode::OK, "{name}: {o}");
        let total = sql(&app, &format!("SELECT COUNT(*) FROM patents WHERE {cond}")).await;
        assert!(total > 0, "{name}: the set is not empty");
        assert_eq!(o["total"].as_i64(), Some(total), "{name}: total");

        // By legal status: every bucket, and together they cover the set.
        let by_status = buckets(&o["by_legal_status"]);
        assert_eq!(by_status.iter().map(|b| b.1).sum::<i64>(), total, "{name}: one status per patent");
        for (key, count) in &by_status {
            let want =
                sql(&app, &format!("SELECT COUNT(*) FROM patents WHERE {cond} AND legal_status = {}", lit(key))).await;
            assert_eq!(*count, want, "{name}: status {key}");
        }

        // By application year (the unknown bucket: no application date).
        for (key, count) in buckets(&o["by_year"]) {
            let want = if key.is_empty() {
                sql(&app, &format!("SELECT COUNT(*) FROM patents WHERE {cond} AND application_date IS NULL")).await
            } else {
                let y: i32 = key.parse().unwrap_or_else(|e| panic!("{key}: {e}"));
                sql(
                    &app,
                    &format!(
                        "SELECT COUNT(*) FROM patents WHERE {cond} AND application_date >= '{y}-01-01' \
                         AND application_date < '{}-01-01'",
                        y + 1
                    ),
                )
                .await
            };
            assert_eq!(count, want, "{name}: year {key}");
        }

        // By IPC subclass: patents with at least one symbol in it.
        let by_ipc = buckets(&o["by_ipc"]);
        assert!(!by_ipc.is_empty());
        for (key, count) in by_ipc.iter().filter(|b| !b.0.is_empty()) {
            let want = sql(
                &app,
                &format!(
                    "SELECT COUNT(*) FROM patents WHERE {cond} AND id IN \
                     (SELECT patent_id FROM patent_classes WHERE scheme = 'ipc' AND subclass = {})",
                    lit(key)
                ),
            )
            .await;
            assert_eq!(*count, want, "{name}: IPC {key}");
        }

        // By district of the first applicant's address.
        for (key, count) in buckets(&o["by_region"]).iter().filter(|b| !b.0.is_empty()) {
            let parts: Vec<&str> = key.split(" / ").collect();
            assert_eq!(parts.len(), 3, "{key}");
            let want = sql(
                &app,
                &format!(
                    "SELECT COUNT(*) FROM patents WHERE {cond} AND province = {} AND city = {} AND district = {}",
                    lit(parts[0]),
                    lit(parts[1]),
                    lit(parts[2])
                ),
            )
            .await;
            assert_eq!(*count, want, "{name}: region {key}");
        }
    }

    // Explicit row ids: the same patents, whatever their number.
    let ids: Vec<i64> = app.store.patent_ids().await.unwrap_or_default().into_iter().step_by(3).collect();
    let (s, o) = app.post("/api/v1/patent-analysis/overview", json!({"ids": ids})).await;
    assert_eq!(s, StatusCode::OK, "{o}");
    assert_eq!(o["total"].as_i64(), Some(ids.len() as i64));

    // Industries over everything: the unknown bucket and the others add up to at least the total.
    let (s, ind) = app.post("/api/v1/patent-analysis/industries", json!({})).await;
    assert_eq!(s, StatusCode::OK, "{ind}");
    assert_eq!(ind["total"].as_i64(), Some(stored));

    // A patent deleted from the database leaves the analysis too (the index is brought up to date).
    let gone = extra[0].publication_number.to_string();
    app.store.delete_patent(&gone).await.unwrap_or_else(|e| panic!("{e}"));
    let (_, o) = app.post("/api/v1/patent-analysis/overview", json!({})).await;
    assert_eq!(o["total"].as_i64(), Some(stored - 1));
}

async fn the_bell_counts_patent_alerts(b: Backend) {
    let mut app = spawn_at(b, "2026-12-05").await;
    app.login("examiner").await;
    let me = app.user_id("examiner").await;
    let case_unread = app.store.unread_notifications(me).await.unwrap_or_else(|e| panic!("{e}"));
    // The demo's battery watch list raised 3 alerts for the examiner's office.
    let (s, bell) = app.get("/api/v1/notifications").await;
    assert_eq!(s, StatusCode::OK, "{bell}");
    assert_eq!(bell["unread"].as_i64(), Some(case_unread + 3), "{bell}");
    assert_eq!(bell["unread_patent_alerts"], 3);
    let alerts: Vec<Value> = bell["items"]
        .as_array()
        .map(|a| a.iter().filter(|n| n["source"] == "patent_alert").cloned().collect())
        .unwrap_or_default();
    assert_eq!(alerts.len(), 3, "{bell}");
    assert!(alerts.iter().all(|a| a["kind"] == "patent_alert" && a["read_at"].is_null()));
    assert!(alerts[0]["title"].as_str().unwrap_or("").contains("锂电池技术预警"), "{}", alerts[0]);
    assert!(alerts[0]["body"].as_str().unwrap_or("").contains("CN"), "the patent's number: {}", alerts[0]);
    let (_, only_unread) = app.get("/api/v1/notifications?unread=true").await;
    assert_eq!(only_unread["unread"], bell["unread"]);

    // Mark one read from the bell: the watch page's count follows, and so does the bell's.
    let id = alerts[0]["id"].as_i64().unwrap_or(0);
    let (s, e) = app.post(&format!("/api/v1/notifications/{id}/read?source=nonsense"), json!({})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    let (s, _) = app.post(&format!("/api/v1/notifications/{id}/read?source=patent_alert"), json!({})).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (_, watch) = app.get("/api/v1/patent-watch/notices").await;
    assert_eq!(watch["unread"], 2, "{watch}");
    let (_, bell2) = app.get("/api/v1/notifications").await;
    assert_eq!(bell2["unread"].as_i64(), Some(case_unread + 2));
    let read = bell2["items"]
        .as_array()
        .and_then(|a| a.iter().find(|n| n["source"] == "patent_alert" && n["id"] == id).cloned())
        .unwrap_or_default();
    assert!(read["read_at"].is_string(), "{read}");
    // Marking it again is fine; someone else's is not found.
    let (s, _) = app.post(&format!("/api/v1/notifications/{id}/read?source=patent_alert"), json!({})).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    app.login("deptadmin").await;
    let (s, _) = app.post(&format!("/api/v1/notifications/{id}/read?source=patent_alert"), json!({})).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, theirs) = app.get("/api/v1/notifications").await;
    assert!(theirs["items"].as_array().is_some_and(|a| a.iter().all(|n| n["source"] != "patent_alert")), "{theirs}");

    // 全部已读 clears both kinds.
    app.login("examiner").await;
    let (s, _) = app.post("/api/v1/notifications/read-all", json!({})).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (_, bell3) = app.get("/api/v1/notifications").await;
    assert_eq!(bell3["unread"], 0, "{bell3}");
    let (_, watch3) = app.get("/api/v1/patent-watch/notices").await;
    assert_eq!(watch3["unread"], 0);
}

const HEAD: &str = "申请号,公开（公告）号,标题,摘要,申请人,发明人,IPC分类号,申请日,公开日,法律状态,申请人地址\n";

fn row(status: &str) -> String {
    format!(
        "202510123456,CN118888881A,一种钠离子电池正极材料,一种钠离子电池的层状氧化物正极材料。,天津示例新能源科技有限公司,张三,H01M4/505,2025-01-02,2025-05-06,{status},天津市滨海新区第三大街\n"
    )
}

async fn legal_status_changes_are_kept(b: Backend) {
    let mut app = spawn_at(b, "2026-12-05").await;
    app.login("admin").await;
    let up = |name: &'static str, status: &'static str| {
        let bytes = format!("{HEAD}{}", row(status)).into_bytes();
        (name, bytes)
    };
    for (name, bytes) in [up("第一批.csv", "实质审查"), up("第一批-重复.csv", "实质审查"), up("第二批.csv", "有效")]
    {
        let (s, rep) = app.upload("/api/v1/patents/import", name, bytes, &[]).await;
        assert_eq!(s, StatusCode::OK, "{rep}");
        assert_eq!(rep["files"][0]["imported"], 1, "{rep}");
    }
    let (s, d) = app.get("/api/v1/patents/CN118888881A").await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["patent"]["legal_status"], "granted", "{d}");
    let h = d["legal_status_history"].as_array().cloned().unwrap_or_default();
    assert_eq!(h.len(), 1, "an unchanged re-import records nothing: {d}");
    assert_eq!(h[0]["old_status"], "pending");
    assert_eq!(h[0]["new_status"], "granted");
    assert_eq!(h[0]["source_file"], "第二批.csv");
    assert!(h[0]["seen_at"].is_string());
    // And back: a second change is a second entry, oldest first.
    let (s, _) =
        app.upload("/api/v1/patents/import", "更正.csv", format!("{HEAD}{}", row("驳回")).into_bytes(), &[]).await;
    assert_eq!(s, StatusCode::OK);
    let (_, d2) = app.get("/api/v1/patents/CN118888881A").await;
    let h2 = d2["legal_status_history"].as_array().cloned().unwrap_or_default();
    assert_eq!(h2.len(), 2, "{d2}");
    assert_eq!((h2[1]["old_status"].as_str(), h2[1]["source_file"].as_str()), (Some("granted"), Some("更正.csv")));
    assert_eq!(h2[1]["new_status"], d2["patent"]["legal_status"]);
    // A patent never re-imported has an empty history.
    let (_, demo) = app.get("/api/v1/patents/CN109000001B").await;
    assert_eq!(demo["legal_status_history"], json!([]), "{demo}");
}

async fn a_concordance_in_gbk_is_read(b: Backend) {
    use base64::Engine;
    let mut app = spawn_at(b, "2026-12-05").await;
    app.login("deptadmin").await;
    let text = "产业代码,产业名称,IPC\nX1,电池产业,H01M\nX2,医药,A61K;A61P\n";
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable && std::str::from_utf8(&gbk).is_err(), "a real GBK file");
    let b64 = base64::engine::general_purpose::STANDARD.encode(&gbk);
    let (s, t) = app
        .post(
            "/api/v1/patent-analysis/concordances",
            json!({"kind": "intensive", "name": "GBK 表", "csv_base64": b64, "activate": false}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{t}");
    let (_, rows) = app.get(&format!("/api/v1/patent-analysis/concordances/{}", t["id"])).await;
    assert_eq!(rows.as_array().map(Vec::len), Some(3), "one row per IPC range: {rows}");
    assert_eq!(rows[0]["industry_name"], "电池产业", "{rows}");
    assert_eq!(rows[2]["industry_name"], "医药", "{rows}");

    // Not base64; not text in any encoding tried: refused by field, nothing stored.
    let (_, before) = app.get("/api/v1/patent-analysis/concordances").await;
    let (s, e) = app
        .post("/api/v1/patent-analysis/concordances", json!({"kind": "intensive", "name": "x", "csv_base64": "%%%"}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e["fields"]["csv_base64"].is_string(), "{e}");
    let junk = base64::engine::general_purpose::STANDARD.encode([b'a', 0xff, b'\n']);
    let (s, e) = app
        .post("/api/v1/patent-analysis/concordances", json!({"kind": "intensive", "name": "x", "csv_base64": junk}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e["fields"]["csv"].as_str().unwrap_or("").contains("编码"), "{e}");
    let (_, after) = app.get("/api/v1/patent-analysis/concordances").await;
    assert_eq!(before, after);
}
