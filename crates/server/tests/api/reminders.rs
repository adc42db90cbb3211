//! Deadline reminders and 督办 notifications (站内提醒), and per-track clock overrides (繁简分流 changes clocks).

use reqwest::StatusCode;
use serde_json::json;

use crate::both;
use crate::cases::{complaint, file};
use crate::helpers::{spawn_at, Backend, TestApp};

both!(reminders_reach_the_officer_once_and_escalations_the_supervisors, the_track_changes_configurable_clocks_only);

fn day(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("{e}"))
}

/// File a complaint and assign it to the demo officer; returns (matter id, officer id).
async fn assigned_complaint(app: &mut TestApp) -> (i64, i64) {
    let (s, r) = file(app, complaint("提醒测试")).await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    app.login("officer").await;
    let (_, me) = app.get("/api/v1/auth/me").await;
    let (officer, dept) = (me["user"]["id"].as_i64().unwrap_or(0), me["user"]["dept_id"].as_i64().unwrap_or(0));
    let (_, list) = app.get(&format!("/api/v1/cases?q={}", r["receipt_no"].as_str().unwrap_or(""))).await;
    let id = list["items"][0]["id"].as_i64().unwrap_or_else(|| panic!("{list}"));
    let (s, v) = app
        .post(&format!("/api/v1/cases/{id}/assign"), json!({"dept_id": dept, "officer_id": officer, "reason": "测试"}))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    (id, officer)
}

async fn reminders_reach_the_officer_once_and_escalations_the_supervisors(b: Backend) {
    let mut app = spawn_at(b, "2026-03-02").await;
    let (id, officer) = assigned_complaint(&mut app).await;
    let (_, d) = app.get(&format!("/api/v1/cases/{id}")).await;
    let clock = d["clocks"].as_array().and_then(|c| c.first()).cloned().unwrap_or_default();
    let due = day(clock["due_on"].as_str().unwrap_or_else(|| panic!("{clock}")));
    // Far from the due date: nothing.
    let sent = zhibao_server::casework::progress::send_reminders(&app.state, day("2026-03-02")).await;
    assert_eq!(sent.ok(), Some(0));
    // Two working days before it: one reminder to the officer, and only one however often the sweep runs.
    let cal = app.state.calendar();
    let mut on = due;
    let mut back = 0;
    while back < 2 {
        on = on.pred_opt().unwrap_or(on);
        if cal.is_workday(on).unwrap_or(false) {
            back += 1;
        }
    }
    let sent = zhibao_server::casework::progress::send_reminders(&app.state, on).await;
    assert!(sent.as_ref().is_ok_and(|n| *n >= 1), "{sent:?}");
    let again = zhibao_server::casework::progress::send_reminders(&app.state, on).await;
    assert_eq!(again.ok(), Some(0), "not repeated");
    let (s, list) = app.get("/api/v1/notifications").await;
    assert_eq!(s, StatusCode::OK, "{list}");
    let mine: Vec<_> = list["items"].as_array().cloned().unwrap_or_default();
    assert!(mine.iter().any(|n| n["kind"] == "reminder" && n["matter_id"] == id), "{list}");
    assert!(list["unread"].as_i64().unwrap_or(0) >= 1);
    let nid = mine[0]["id"].as_i64().unwrap_or(0);
    // Someone else cannot touch it; the officer reads it.
    app.login("mediator").await;
    let (s, _) = app.post(&format!("/api/v1/notifications/{nid}/read"), json!({})).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, theirs) = app.get("/api/v1/notifications").await;
    assert!(!theirs["items"].as_array().is_some_and(|a| a.iter().any(|n| n["id"] == nid)), "{theirs}");
    app.login("officer").await;
    let (s, _) = app.post(&format!("/api/v1/notifications/{nid}/read"), json!({})).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = app.post("/api/v1/notifications/read-all", json!({})).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (_, list) = app.get("/api/v1/notifications?unread=true").await;
    assert_eq!(list["unread"], 0, "{list}");
    // The day after the due date the sweep escalates: the officer and the department's supervisors are told.
    let missed = zhibao_server::casework::progress::sweep_overdue(&app.state, due.succ_opt().unwrap_or(due)).await;
    assert!(missed.is_ok_and(|n| n >= 1));
    let (_, list) = app.get("/api/v1/notifications?unread=true").await;
    assert!(list["items"].as_array().is_some_and(|a| a.iter().any(|n| n["kind"] == "overdue")), "{list}");
    app.login("deptadmin").await;
    let (_, list) = app.get("/api/v1/notifications?unread=true").await;
    assert!(
        list["items"].as_array().is_some_and(|a| a.iter().any(|n| n["kind"] == "overdue" && n["matter_id"] == id)),
        "the supervisor (case:clock:extend) is told: {list}"
    );
    let n = app.store.notifications(officer, false, 50).await.unwrap_or_default();
    assert_eq!(
        n.iter().filter(|x| x.kind == "reminder" && x.matter_id == id).count(),
        1,
        "one reminder per clock and due date"
    );
}

async fn the_track_changes_configurable_clocks_only(b: Backend) {
    let mut app = spawn_at(b, "2026-03-02").await;
    app.login("deptadmin").await;
    // A statutory limit cannot be changed by track; an unknown track or key is refused by name.
    let (s, v) = app
        .send(
            reqwest::Method::PUT,
            "/api/v1/cases/clock-overrides",
            json!({"simple": [{"key": "acceptance", "name_zh": "受理期限", "unit": "workdays", "count": 3,
                   "citation": "x", "basis": "local_standard", "extension": null}], "fast": []}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v["fields"]["simple.acceptance"].is_string() || v["fields"]["simple.acceptance"].is_array(), "{v}");
    assert!(v["fields"]["track"].is_string() || v["fields"]["track"].is_array(), "{v}");
    // The rights-assistance assessment target is a local service standard: the simple track shortens it.
    let (_, before) = app.get("/api/v1/cases/clock-overrides").await;
    assert_eq!(before, json!({}));
    let (s, v) = app
        .send(
            reqwest::Method::PUT,
            "/api/v1/cases/clock-overrides",
            json!({"simple": [{"key": "assessment", "name_zh": "简案评估", "unit": "workdays", "count": 2,
                   "citation": "本中心简案服务标准", "basis": "local_standard", "extension": null}],
                   "ordinary": [{"key": "assessment", "name_zh": "普通案件评估", "unit": "workdays", "count": 4,
                   "citation": "本中心普通案件服务标准", "basis": "local_standard", "extension": null}]}),
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT, "{v}");
    let mut body = complaint("简案援助");
    body["matter_type"] = json!("assistance");
    body["rights"] = json!([]);
    let (s, r) = file(&app, body).await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    app.login("officer").await;
    let (_, list) = app.get(&format!("/api/v1/cases?q={}", r["receipt_no"].as_str().unwrap_or(""))).await;
    let item = &list["items"][0];
    let (_, d) = app.get(&format!("/api/v1/cases/{}", item["id"])).await;
    let clock = d["clocks"].as_array().and_then(|c| c.iter().find(|c| c["key"] == "assessment")).cloned();
    let clock = clock.unwrap_or_else(|| panic!("assessment clock: {d}"));
    // Each track gets its own target: 2 working days on the simple track, 4 on the ordinary one.
    let (count, citation) = if item["track"] == "simple" {
        (2, "本中心简案服务标准")
    } else {
        (4, "本中心普通案件服务标准")
    };
    assert_eq!(clock["citation"], citation, "{clock}");
    let due = app.state.calendar().add_workdays(day("2026-03-02"), count).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(clock["due_on"], json!(due.to_string()), "{clock}");
}
