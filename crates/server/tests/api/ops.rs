//! Health, readiness, metrics, OpenAPI and Swagger UI, geography, the public portal and the web fallback.

use reqwest::{Method, StatusCode};

use crate::both;
use crate::helpers::{spawn_app, Backend};

both!(operations_endpoints, geography_for_the_map);

async fn operations_endpoints(b: Backend) {
    let app = spawn_app(b).await;
    let text = |path: &'static str| {
        let c = app.client.clone();
        let url = format!("{}{}", app.base, path);
        async move {
            let r = c.get(url).send().await.unwrap_or_else(|e| panic!("{e}"));
            (r.status(), r.text().await.unwrap_or_default())
        }
    };
    assert_eq!(text("/healthz").await, (StatusCode::OK, "ok".to_string()));
    assert_eq!(text("/readyz").await.0, StatusCode::OK);
    let (s, m) = text("/metrics").await;
    assert_eq!(s, StatusCode::OK);
    assert!(m.contains("zhibao_http_requests_total"), "{m}");
    let (s, doc) = app.get("/api/openapi.json").await;
    assert_eq!(s, StatusCode::OK);
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")), "{}", doc["openapi"]);
    for p in [
        "/api/v1/auth/login",
        "/api/v1/system/users",
        "/api/v1/system/users/{id}",
        "/api/v1/geo/areas",
        "/api/v1/monitor/oplog",
    ] {
        assert!(doc["paths"][p].is_object(), "{p} documented");
    }
    let (s, ui) = text("/api/docs/").await;
    assert_eq!(s, StatusCode::OK);
    assert!(ui.contains("swagger"), "bundled Swagger UI");
    let (s, portal) = app.get("/api/v1/public/portal").await;
    assert_eq!((s, portal["stats"]["stations"].as_i64().unwrap_or(0) >= 20), (StatusCode::OK, true), "{portal}");
    let (s, v) = app.get("/api/v1/no/such/route").await;
    assert_eq!((s, v["code"].as_str()), (StatusCode::NOT_FOUND, Some("NOT_FOUND")));
    let r = app.request(Method::GET, "/console/system/user", None).await;
    assert_eq!(r.status(), StatusCode::OK, "history-mode routes get the SPA");
    assert!(r.headers().contains_key("content-security-policy"));
    let page = r.text().await.unwrap_or_default();
    assert!(
        page.contains("<script"),
        "the built console is served (run `npm --prefix web run build` first; scripts/test.sh does): {page}"
    );
}

async fn geography_for_the_map(b: Backend) {
    let mut app = spawn_app(b).await;
    app.login("inspector").await;
    let (s, areas) = app.get("/api/v1/geo/areas").await;
    assert_eq!((s, areas["type"].as_str()), (StatusCode::OK, Some("FeatureCollection")));
    let feats = areas["features"].as_array().cloned().unwrap_or_default();
    assert_eq!(feats.len(), 24, "19 街镇 + 5 功能区");
    assert!(feats.iter().filter(|f| f["properties"]["kind"] == "zone").count() == 5);
    assert!(feats.iter().all(|f| f["properties"]["demo"] == true));
    let (_, cells) = app.get("/api/v1/geo/cells").await;
    let n_cells = cells["features"].as_array().map(Vec::len).unwrap_or(0);
    assert!(n_cells > 100, "{n_cells}");
    let area1 = feats[0]["properties"]["id"].as_i64().unwrap_or(0);
    let (_, some) = app.get(&format!("/api/v1/geo/cells?area_id={area1}")).await;
    let some = some["features"].as_array().cloned().unwrap_or_default();
    assert!(!some.is_empty() && some.len() < n_cells && some.iter().all(|c| c["properties"]["area_id"] == area1));
    let (_, st) = app.get("/api/v1/geo/stations").await;
    let st = st.as_array().cloned().unwrap_or_default();
    assert!(st.len() >= 20);
    // Every station lies inside its area's polygon.
    for s in &st {
        let area =
            feats.iter().find(|f| f["properties"]["id"] == s["area_id"]).unwrap_or_else(|| panic!("area of {s}"));
        let (lon, lat) = (s["lon"].as_f64().unwrap_or(0.0), s["lat"].as_f64().unwrap_or(0.0));
        let polys: Vec<Vec<Vec<[f64; 2]>>> = match area["geometry"]["type"].as_str() {
            Some("Polygon") => {
                vec![serde_json::from_value(area["geometry"]["coordinates"].clone()).unwrap_or_default()]
            }
            _ => serde_json::from_value(area["geometry"]["coordinates"].clone()).unwrap_or_default(),
        };
        assert!(
            polys.iter().any(|p| zhibao_domain::geo::point_in_ring(lon, lat, &p[0])),
            "{} outside its area",
            s["name"]
        );
        assert!(s["staff"].as_array().is_some_and(|a| !a.is_empty()));
    }
}
