//! Patent information API (issue 5): import uploads with a per-file / per-row report, search in expert and one-box
//! modes with paging and sorting, 400 with the position on a malformed query, CSV / XLSX export, one document,
//! permissions.

use reqwest::StatusCode;
use serde_json::Value;

use crate::both;
use crate::helpers::{spawn_with, Backend, TestApp};

fn fixture(name: &str) -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../patents/tests/data/uspto").join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

const CSV: &str = "申请号,公开（公告）号,标题,摘要,申请人,发明人,IPC分类号,申请日,公开日,法律状态,申请人地址\n\
202010123456,CN111111111A,一种锂电池隔膜,本发明公开了一种锂电池隔膜。隔膜表面涂覆陶瓷层。,天津力神电池股份有限公司,张三,H01M50/409,2020-01-02,2020-05-06,实质审查,天津市滨海新区兰苑路6号\n\
202120234567,CN212345678U,一种充电桩散热装置,一种充电桩，包括壳体和散热风扇。,天津大学,王五,B60L53/302,2021-02-03,2021-10-01,有效,天津市南开区卫津路92号\n\
,CN114444444A,坏的日期,摘要,某公司,某人,H01M10/0525,2020-02-30,2020-05-06,公开,\n";

async fn upload_many(app: &TestApp, files: &[(&str, Vec<u8>)]) -> (StatusCode, Value) {
    let mut form = reqwest::multipart::Form::new();
    for (name, bytes) in files {
        form = form.part("file", reqwest::multipart::Part::bytes(bytes.clone()).file_name(name.to_string()));
    }
    let mut rb = app.client.post(format!("{}/api/v1/patents/import", app.base)).multipart(form);
    if let Some(c) = &app.csrf {
        rb = rb.header("x-csrf-token", c);
    }
    let r = rb.send().await.unwrap_or_else(|e| panic!("{e}"));
    (r.status(), r.json().await.unwrap_or(Value::Null))
}

fn ids(v: &Value) -> Vec<String> {
    v["hits"]
        .as_array()
        .map(|a| a.iter().filter_map(|h| h["id"].as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

async fn patents_api(backend: Backend) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let index_dir = dir.path().join("idx").display().to_string();
    let mut app = spawn_with(backend, |s| s.patents.index_dir = index_dir).await;

    // Without the permissions: 403.
    app.login("officer").await;
    let (st, _) = app.get("/api/v1/patents/search?q=battery").await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, _) = app.upload("/api/v1/patents/import", "a.csv", CSV.as_bytes().to_vec(), &[]).await;
    assert_eq!(st, StatusCode::FORBIDDEN);

    app.fresh_client();
    app.login("admin").await;
    let (st, rep) = upload_many(
        &app,
        &[
            ("US08927386-20150106.XML", fixture("US08927386-20150106.XML")),
            ("US08613112-notSupportedDTD.XML", fixture("US08613112-notSupportedDTD.XML")),
            ("导出.csv", CSV.as_bytes().to_vec()),
            ("notes.txt", b"hello".to_vec()),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{rep}");
    let files = rep["files"].as_array().cloned().unwrap_or_default();
    assert_eq!(files.len(), 4);
    assert_eq!(files[0]["imported"], 1);
    assert_eq!(files[1]["skipped"], 1);
    assert!(files[1]["problems"][0]["message"].as_str().unwrap_or("").contains("unsupported DTD"), "{rep}");
    assert_eq!(files[2]["imported"], 2);
    assert_eq!(files[2]["problems"][0]["location"], "row 4");
    assert!(files[3]["error"].as_str().unwrap_or("").contains("unsupported"), "{rep}");

    // Expert search, Chinese and English, paging and sort.
    let (st, r) =
        app.get("/api/v1/patents/search?q=TI%3D(%E9%94%82%E7%94%B5%E6%B1%A0%20AND%20%E9%9A%94%E8%86%9C)").await;
    assert_eq!(st, StatusCode::OK, "{r}");
    assert_eq!(ids(&r), vec!["CN111111111A"]);
    assert!(r["hits"][0]["title"]["html"].as_str().unwrap_or("").contains("<b>"), "{r}");
    let (_, r) = app.get("/api/v1/patents/search?q=super%201W%20junctions").await;
    assert_eq!(ids(&r), vec!["US8927386B2"]);
    let (_, r) = app.get("/api/v1/patents/search?q=PD%3E%3D2015&sort=pd&size=1&page=1").await;
    assert_eq!((r["total"].as_u64(), ids(&r)), (Some(3), vec!["CN212345678U".to_string()]));
    let (_, r) = app.get("/api/v1/patents/search?q=PD%3E%3D2015&sort=pd&size=1&page=3").await;
    assert_eq!(ids(&r), vec!["US8927386B2"]);
    // One-box mode.
    let (_, r) = app.get("/api/v1/patents/search?mode=simple&q=%E5%85%85%E7%94%B5%E6%A1%A9").await;
    assert_eq!(ids(&r), vec!["CN212345678U"]);

    // A malformed query: 400 pointing at the position.
    let (st, e) = app.get("/api/v1/patents/search?q=(battery%20AND%20cooling").await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{e}");
    assert_eq!(e["code"], "QUERY_SYNTAX");
    assert_eq!((e["offset"].as_u64(), e["column"].as_u64()), (Some(20), Some(21)), "{e}");
    assert!(e["caret"].as_str().unwrap_or("").ends_with('^'), "{e}");
    let (st, _) = app.get("/api/v1/patents/search?q=x&sort=sideways").await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);

    // Export: CSV with the import's column names.
    let r = app.request(reqwest::Method::GET, "/api/v1/patents/export?q=PD%3E%3D2000", None).await;
    assert_eq!(r.status(), StatusCode::OK);
    let body = r.text().await.unwrap_or_default();
    assert!(body.starts_with("\u{feff}公开(公告)号,申请号,标题"), "{body}");
    assert_eq!(body.lines().count(), 4, "{body}");
    let r = app.request(reqwest::Method::GET, "/api/v1/patents/export?q=PD%3E%3D2000&format=xlsx", None).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.bytes().await.map(|b| b.starts_with(b"PK")).unwrap_or(false));
    let r = app.request(reqwest::Method::GET, "/api/v1/patents/export?q=AND", None).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    // One document from the store.
    let (st, d) = app.get("/api/v1/patents/US8927386B2").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(d["patent"]["assignees"][0]["name"], "CSMC Technologies FAB1 Co., Ltd.");
    let (st, _) = app.get("/api/v1/patents/CN999999999A").await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

both!(patents_api);
