//! The working-day calendar over HTTP: due dates, years not covered, and an administrator adding a year.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::both;
use crate::helpers::{spawn_app, Backend};

both!(calendar_due_dates_and_admin_years);

async fn calendar_due_dates_and_admin_years(b: Backend) {
    let mut app = spawn_app(b).await;
    app.login("officer").await;
    let (s, v) = app.get("/api/v1/calendar/due?from=2025-09-28&workdays=7").await;
    assert_eq!((s, v["due"].as_str()), (StatusCode::OK, Some("2025-10-14")), "{v}");
    let (s, v) = app.get("/api/v1/calendar/due?from=2027-03-01&workdays=7").await;
    assert_eq!(
        (s, v["fields"]["calendar"].is_string()),
        (StatusCode::UNPROCESSABLE_ENTITY, true),
        "a year not covered is an error: {v}"
    );
    let (s, _) = app.get("/api/v1/calendar/due?from=2025-09-28&workdays=7&days=3").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = app.get("/api/v1/calendar/due?from=2025-02-30&days=3").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "impossible date");
    let (s, years) = app.get("/api/v1/calendar/years").await;
    assert_eq!(s, StatusCode::OK);
    let ys: Vec<i64> =
        years.as_array().map(|a| a.iter().filter_map(|y| y["year"].as_i64()).collect()).unwrap_or_default();
    assert_eq!(ys, (2020..=2026).collect::<Vec<i64>>());
    let table = json!({"year": 2027, "source": "国务院办公厅关于2027年部分节假日安排的通知（测试用）",
        "holidays": [{"name": "元旦", "first": "2027-01-01", "last": "2027-01-03"}], "workdays": []});
    let (s, _) = app.send(Method::PUT, "/api/v1/calendar/years/2027", table.clone()).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "officers cannot edit the calendar");

    app.login("admin").await;
    let bad = json!({"year": 2027, "source": "x", "holidays": [{"name": "元旦", "first": "2028-01-01", "last": "2028-01-01"}]});
    let (s, v) = app.send(Method::PUT, "/api/v1/calendar/years/2027", bad).await;
    assert_eq!((s, v["fields"]["table"].is_string()), (StatusCode::UNPROCESSABLE_ENTITY, true), "{v}");
    let (s, v) = app.send(Method::PUT, "/api/v1/calendar/years/2028", table.clone()).await;
    assert_eq!((s, v["fields"]["year"].is_string()), (StatusCode::UNPROCESSABLE_ENTITY, true));
    let (s, v) = app.send(Method::PUT, "/api/v1/calendar/years/2027", table).await;
    assert_eq!(s, StatusCode::NO_CONTENT, "{v}");
    let (s, v) = app.get("/api/v1/calendar/due?from=2026-12-31&workdays=1").await;
    assert_eq!((s, v["due"].as_str()), (StatusCode::OK, Some("2027-01-04")), "{v}");
    let (_, years) = app.get("/api/v1/calendar/years").await;
    assert!(years.as_array().is_some_and(|a| a.iter().any(|y| y["year"] == 2027 && y["added"] == true)));
}
