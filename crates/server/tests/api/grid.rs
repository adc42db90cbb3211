//! Grid registry over HTTP on both databases: the demo registry, entity CRUD with field errors (invalid credit code
//! → 422 naming the field), placement and the unplaced list, Excel import with per-row errors (good rows stored,
//! bad rows reported) and export, GeoJSON import refused per feature index, H3 generation re-placing entities,
//! stations, grid inspectors, the heat map with drill-down, and permissions / data scope.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::both;
use crate::helpers::{spawn_app, Backend};

fn entity(code: &str, name: &str, lon: f64, lat: f64) -> Value {
    json!({"credit_code": code, "name": name, "legal_rep": "李四", "address": "测试路1号", "lon": lon, "lat": lat,
           "industry": "C2710", "rights": ["ZL202310123456.7"], "tags": ["whitelist"], "risk_level": "medium"})
}

fn fc(features: Vec<Value>) -> Value {
    json!({"type": "FeatureCollection", "features": features})
}

fn poly(code: &str, props: Value, ring: Vec<[f64; 2]>) -> Value {
    let mut p = props;
    p["code"] = json!(code);
    json!({"type": "Feature", "properties": p, "geometry": {"type": "Polygon", "coordinates": [ring]}})
}

fn square(x: f64, y: f64, s: f64) -> Vec<[f64; 2]> {
    vec![[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]
}

async fn grid_registry(backend: Backend) {
    let mut app = spawn_app(backend).await;
    app.login("admin").await;

    // The demo registry: 300+ entities, a few unplaced listed for fixing.
    let (s, v) = app.get("/api/v1/grid/entities?page_size=5").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(v["total"].as_i64().unwrap_or(0) >= 300, "{}", v["total"]);
    let (_, unplaced) = app.get("/api/v1/grid/entities?placed=false&page_size=50").await;
    let unplaced_before = unplaced["total"].as_i64().unwrap_or(0);
    assert!(unplaced_before >= 4, "{unplaced}");
    assert!(unplaced["items"].as_array().into_iter().flatten().all(|e| e["cell_id"].is_null()));

    // Bad input → 422 naming the fields; nothing stored.
    let mut bad = entity("91350100M000100Y44", "", 39.0, 117.7);
    bad["industry"] = json!("F2710");
    bad["tags"] = json!(["no_such_tag"]);
    let (s, v) = app.post("/api/v1/grid/entities", bad).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    for f in ["credit_code", "name", "industry", "lat", "tags"] {
        assert!(v["fields"][f].is_string(), "{f}: {v}");
    }
    assert!(v["fields"]["credit_code"].as_str().unwrap_or("").contains("校验位"), "{v}");

    // Create inside a demo cell of 塘沽街道 → placed.
    let (_, cells) = app.get("/api/v1/grid/heatmap/cells").await;
    let first = &cells["features"][0];
    let ring = first["geometry"]["coordinates"][0].as_array().cloned().unwrap_or_default();
    let (mut lon, mut lat) = (0.0, 0.0);
    let k = (ring.len() - 1) as f64;
    for p in &ring[..ring.len() - 1] {
        lon += p[0].as_f64().unwrap_or(0.0) / k;
        lat += p[1].as_f64().unwrap_or(0.0) / k;
    }
    let (s, e) = app.post("/api/v1/grid/entities", entity("91350100M000100Y43", "测试科技有限公司", lon, lat)).await;
    assert_eq!(s, StatusCode::CREATED, "{e}");
    assert_eq!(e["cell_code"], first["properties"]["name"], "{e}");
    assert_eq!(e["tags"], json!(["whitelist"]));
    let id = e["id"].as_i64().unwrap_or(0);
    // The same credit code again → 422 on credit_code.
    let (s, v) = app.post("/api/v1/grid/entities", entity("91350100M000100Y43", "重复", lon, lat)).await;
    assert_eq!((s, v["fields"]["credit_code"].is_string()), (StatusCode::UNPROCESSABLE_ENTITY, true), "{v}");
    // Moved out to sea → unplaced, still listed.
    let (s, e) = app
        .send(
            Method::PUT,
            &format!("/api/v1/grid/entities/{id}"),
            entity("91350100M000100Y43", "测试科技有限公司", 118.6, 38.7),
        )
        .await;
    assert_eq!((s, e["cell_id"].is_null()), (StatusCode::OK, true), "{e}");
    let (_, v) = app.get("/api/v1/grid/entities?placed=false&page_size=100").await;
    assert!(v["items"].as_array().into_iter().flatten().any(|x| x["id"] == json!(id)), "{v}");

    // GeoJSON import: every bad feature refused with its index; nothing stored.
    let bad_geo = fc(vec![
        poly("120116099", json!({"name": "海上试验区", "kind": "zone"}), square(118.5, 38.6, 0.2)),
        poly("120116098", json!({"name": "未闭合", "kind": "zone"}), square(118.5, 38.6, 0.2)[..4].to_vec()),
        poly(
            "120116097",
            json!({"name": "自相交", "kind": "zone"}),
            vec![[118.0, 38.0], [118.1, 38.1], [118.1, 38.0], [118.0, 38.1], [118.0, 38.0]],
        ),
        poly("120116096", json!({"name": "颠倒", "kind": "zone"}), square(38.6, 118.5, 0.2)),
    ]);
    let (s, v) = app.post("/api/v1/grid/geo/import", json!({"kind": "area", "geojson": bad_geo})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let keys: Vec<&String> = v["fields"].as_object().map(|o| o.keys().collect()).unwrap_or_default();
    assert_eq!(keys, vec!["features[1]", "features[2]", "features[3]"], "{v}");
    assert!(v["fields"]["features[2]"].as_str().unwrap_or("").contains("自相交"), "{v}");
    assert!(v["fields"]["features[3]"].as_str().unwrap_or("").contains("颠倒"), "{v}");
    let crs = json!({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:4547"}},
                     "features": [poly("120116099", json!({"name": "x", "kind": "zone"}), square(118.5, 38.6, 0.2))]});
    let (s, v) = app.post("/api/v1/grid/geo/import", json!({"kind": "area", "geojson": crs})).await;
    assert_eq!((s, v["fields"]["geojson"].is_string()), (StatusCode::UNPROCESSABLE_ENTITY, true), "{v}");
    let (_, areas) = app.get("/api/v1/geo/areas").await;
    assert!(!areas["features"].as_array().into_iter().flatten().any(|a| a["properties"]["code"] == "120116099"));

    // A good area and one cell over the sea entity: it gets placed.
    let good = fc(vec![poly("120116099", json!({"name": "海上试验区", "kind": "zone"}), square(118.5, 38.6, 0.2))]);
    let (s, v) = app.post("/api/v1/grid/geo/import", json!({"kind": "area", "geojson": good})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let cell = fc(vec![poly(
        "120116099-001",
        json!({"name": "海上试验网格1", "area_code": "120116099"}),
        square(118.5, 38.6, 0.2),
    )]);
    let (s, v) = app.post("/api/v1/grid/geo/import", json!({"kind": "cell", "geojson": cell})).await;
    assert_eq!((s, v["imported"]["cells"].as_i64()), (StatusCode::OK, Some(1)), "{v}");
    let (_, e) = app.get(&format!("/api/v1/grid/entities/{id}")).await;
    assert_eq!(e["cell_code"], "120116099-001", "{e}");

    // H3 hexagons replace the area's cells; the entity is re-placed into one of them.
    let (_, areas) = app.get("/api/v1/geo/areas").await;
    let area_id = areas["features"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|a| a["properties"]["code"] == "120116099")
        .and_then(|a| a["properties"]["id"].as_i64())
        .unwrap_or(0);
    let (s, v) = app.post(&format!("/api/v1/grid/geo/areas/{area_id}/hexagons"), json!({"resolution": 5})).await;
    assert_eq!((s, v["fields"]["resolution"].is_string()), (StatusCode::UNPROCESSABLE_ENTITY, true), "{v}");
    let (s, v) = app.post(&format!("/api/v1/grid/geo/areas/{area_id}/hexagons"), json!({"resolution": 7})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(v["imported"]["cells"].as_i64().unwrap_or(0) > 50, "{v}");
    assert_eq!(v["imported"]["cells_removed"], 1, "{v}");
    let (_, e) = app.get(&format!("/api/v1/grid/entities/{id}")).await;
    assert!(e["cell_code"].as_str().unwrap_or("").starts_with("120116099-H7"), "{e}");

    // Stations: add, edit, field errors, delete.
    let st = json!({"name": "测试工作站", "area_id": area_id, "lon": 118.6, "lat": 38.7, "address": "海上",
                    "staff": [{"name": "王五", "role": "站长", "phone": "022-1"}]});
    let (s, sid) = app.post("/api/v1/grid/geo/stations", st.clone()).await;
    assert_eq!(s, StatusCode::CREATED, "{sid}");
    let mut bad_st = st.clone();
    bad_st["lat"] = json!(118.6);
    let (s, v) = app.send(Method::PUT, &format!("/api/v1/grid/geo/stations/{sid}"), bad_st).await;
    assert_eq!((s, v["fields"]["lat"].is_string()), (StatusCode::UNPROCESSABLE_ENTITY, true), "{v}");
    let mut renamed = st.clone();
    renamed["name"] = json!("测试工作站（改）");
    let (s, _) = app.send(Method::PUT, &format!("/api/v1/grid/geo/stations/{sid}"), renamed).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let r = app.request(Method::DELETE, &format!("/api/v1/grid/geo/stations/{sid}"), None).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);

    // Grid inspectors.
    let cell_id = first["properties"]["id"].as_i64().unwrap_or(0);
    let inspector = app.user_id("inspector").await;
    let (s, _) = app
        .send(Method::PUT, &format!("/api/v1/grid/geo/cells/{cell_id}/inspectors"), json!({"user_ids": [inspector]}))
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, v) = app
        .send(Method::PUT, &format!("/api/v1/grid/geo/cells/{cell_id}/inspectors"), json!({"user_ids": [999999]}))
        .await;
    assert_eq!((s, v["fields"]["user_ids[0]"].is_string()), (StatusCode::UNPROCESSABLE_ENTITY, true), "{v}");
    let (_, v) = app.get(&format!("/api/v1/grid/geo/inspectors?user_id={inspector}")).await;
    assert!(v.as_array().into_iter().flatten().any(|c| c["cell_id"] == json!(cell_id)), "{v}");

    // Excel import: good rows stored, bad rows reported by row and column.
    let h: Vec<&str> = zhibao_server::routes::grid::HEADERS.to_vec();
    let code = |n: u32| zhibao_server::seed_grid::demo_credit_code(900_000 + n);
    let row = |c: &str, name: &str, industry: &str, lon: &str, lat: &str| -> Vec<String> {
        vec![
            c.into(),
            name.into(),
            "".into(),
            "".into(),
            lon.into(),
            lat.into(),
            industry.into(),
            "".into(),
            "whitelist".into(),
            "高".into(),
            "".into(),
            "".into(),
        ]
    };
    let rows = vec![
        row(&code(1), "导入甲有限公司", "C2710", &lon.to_string(), &lat.to_string()),
        row("91350100M000100Y44", "导入乙有限公司", "C2710", "", ""),
        row(&code(2), "导入丙有限公司", "Z99", "", ""),
        row("91350100M000100Y43", "已登记", "C2710", "", ""),
        row(&code(3), "导入丁有限公司（海上）", "I6513", "119.5", "38.0"),
        row(&code(1), "文件内重复", "C2710", "", ""),
    ];
    let bytes = zhibao_server::excel::write_sheet("市场主体", &h, &rows).unwrap_or_default();
    let (s, rep) = app.upload("/api/v1/grid/entities/import", "e.xlsx", bytes, &[]).await;
    assert_eq!(s, StatusCode::OK, "{rep}");
    assert_eq!(rep["inserted"], 2, "{rep}");
    assert_eq!(rep["stored_rows"], json!([2, 6]), "{rep}");
    assert_eq!(rep["unplaced_rows"], json!([6]), "{rep}");
    let err_rows: Vec<(i64, String)> = rep["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| (e["row"].as_i64().unwrap_or(0), e["field"].as_str().unwrap_or("").to_string()))
        .collect();
    assert_eq!(
        err_rows,
        vec![
            (3, "统一社会信用代码".to_string()),
            (4, "行业代码".to_string()),
            (5, "统一社会信用代码".to_string()),
            (7, "统一社会信用代码".to_string())
        ],
        "{rep}"
    );
    let (_, v) = app.get(&format!("/api/v1/grid/entities?credit_code={}", code(1))).await;
    assert_eq!((v["total"].as_i64(), v["items"][0]["risk_level"].as_str()), (Some(1), Some("high")), "{v}");
    let (_, v) = app.get("/api/v1/grid/entities?name=%E5%AF%BC%E5%85%A5%E4%B9%99").await;
    assert_eq!(v["total"], 0, "{v}");
    // Not a workbook → 422 on file.
    let (s, v) = app.upload("/api/v1/grid/entities/import", "e.xlsx", b"nope".to_vec(), &[]).await;
    assert_eq!((s, v["fields"]["file"].is_string()), (StatusCode::UNPROCESSABLE_ENTITY, true), "{v}");

    // Export: the filtered list as XLSX.
    let r = app.request(Method::GET, "/api/v1/grid/entities/export?tag=whitelist", None).await;
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
    let sheet = zhibao_server::excel::read_sheet(&bytes).unwrap_or_default();
    let (_, v) = app.get("/api/v1/grid/entities?tag=whitelist&page_size=1").await;
    assert_eq!(sheet.len() as i64 - 1, v["total"].as_i64().unwrap_or(-1));
    assert_eq!(sheet[0][0], "统一社会信用代码*");

    // Heat map of entities: counts per cell, and the drill-down lists them.
    let (s, v) = app.get("/api/v1/grid/heatmap?measure=entities").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let cells = v["cells"].as_array().cloned().unwrap_or_default();
    assert!(cells.len() > 100, "{}", cells.len());
    let top = cells.iter().max_by_key(|c| c["count"].as_i64().unwrap_or(0)).cloned().unwrap_or_default();
    assert_eq!(top["class"], 4);
    let (s, d) = app
        .get(&format!("/api/v1/grid/heatmap/drill?measure=entities&cell={}", top["cell_code"].as_str().unwrap_or("")))
        .await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["items"].as_array().map(Vec::len).map(|n| n as i64), top["count"].as_i64(), "{d}");
    for m in ["matters", "complaints", "repeat_infringers", "findings"] {
        let (s, v) = app.get(&format!("/api/v1/grid/heatmap?measure={m}&from=2026-01-01&to=2026-12-31")).await;
        assert_eq!(s, StatusCode::OK, "{m}: {v}");
    }
    // Inspection findings (the draws' tasks, migration 0009): the demo's non-compliant results are counted in their
    // entities' cells, and the drill-down lists those entities.
    let (s, v) = app.get("/api/v1/grid/heatmap?measure=findings&from=2000-01-01&to=2030-12-31").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let cells = v["cells"].as_array().cloned().unwrap_or_default();
    let total: i64 = cells.iter().map(|c| c["count"].as_i64().unwrap_or(0)).sum();
    assert!(total >= 1, "the demo has findings: {v}");
    let top = cells.iter().max_by_key(|c| c["count"].as_i64().unwrap_or(0)).cloned().unwrap_or_default();
    let (s, d) = app
        .get(&format!(
            "/api/v1/grid/heatmap/drill?measure=findings&from=2000-01-01&to=2030-12-31&cell={}",
            top["cell_code"].as_str().unwrap_or("")
        ))
        .await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert!(!d["items"].as_array().map(Vec::is_empty).unwrap_or(true), "{d}");
    let (s, v) = app.get("/api/v1/grid/heatmap?measure=nope").await;
    assert_eq!((s, v["fields"]["measure"].is_string()), (StatusCode::UNPROCESSABLE_ENTITY, true), "{v}");
    let (s, v) = app.get("/api/v1/grid/heatmap?from=2026-05-01&to=2026-01-01").await;
    assert_eq!((s, v["fields"]["from"].is_string()), (StatusCode::UNPROCESSABLE_ENTITY, true), "{v}");

    // Delete.
    let r = app.request(Method::DELETE, &format!("/api/v1/grid/entities/{id}"), None).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let (s, _) = app.get(&format!("/api/v1/grid/entities/{id}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // The grid inspector (self-only scope) sees the entities of their cells, can view the heat map, cannot
    // import geography; the officer cannot add entities.
    app.login("inspector").await;
    let (s, v) = app.get("/api/v1/grid/entities?page_size=500").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let mine = v["items"].as_array().cloned().unwrap_or_default();
    let my_cells: Vec<i64> = app
        .store
        .list_cell_inspectors(None, Some(inspector))
        .await
        .unwrap_or_default()
        .iter()
        .map(|c| c.cell_id)
        .collect();
    assert!(!mine.is_empty());
    assert!(mine.iter().all(|e| e["cell_id"].as_i64().is_some_and(|c| my_cells.contains(&c))), "{v}");
    // …and edits one of them (its department is kept without a department scope).
    let e0 = &mine[0];
    let edit = json!({"credit_code": e0["credit_code"], "name": e0["name"], "lon": e0["lon"], "lat": e0["lat"],
                      "industry": e0["industry"], "tags": e0["tags"], "risk_level": "high"});
    let (s, v) = app.send(Method::PUT, &format!("/api/v1/grid/entities/{}", e0["id"]), edit).await;
    assert_eq!((s, v["risk_level"].as_str(), &v["dept_id"]), (StatusCode::OK, Some("high"), &e0["dept_id"]), "{v}");
    let (s, _) = app.get("/api/v1/grid/heatmap?measure=entities").await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = app.post("/api/v1/grid/geo/import", json!({"kind": "area", "geojson": fc(vec![])})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    app.login("officer").await;
    let (s, _) = app.post("/api/v1/grid/entities", entity(&code(9), "越权", 117.7, 39.0)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

both!(grid_registry);
