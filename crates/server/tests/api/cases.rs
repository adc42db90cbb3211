//! The case desk end to end over HTTP: public filing → receipt → dispatch → acceptance → clocks → closure → public
//! lookup; field-level validation of identity and right numbers; reporter confidentiality; the overdue board.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::both;
use crate::helpers::{spawn_at, Backend, TestApp};

both!(
    clock_operations_go_through_procedure_steps,
    clocks_await_an_uncovered_year,
    respondent_location_places_the_matter,
    batch_import_reports_each_row,
    attachments_checked_and_stored,
    triage_rules_are_configurable,
    complaint_end_to_end,
    intake_validation_stores_nothing,
    reporter_identity_is_confidential,
    missed_clock_reaches_the_board,
    staff_intake_transfer_and_bulk
);

// GB 11643 check characters computed by hand: 11010519491231002X (the standard's example);
// GB 32100: 91350100M000100Y43 (the standard's example); patent 200310102344.5 (ZC 0006-2003 example).
const PERSON_ID: &str = "11010519491231002X";
const CREDIT: &str = "91350100M000100Y43";
const PATENT: &str = "200310102344.5";

pub(crate) fn complaint(title: &str) -> Value {
    json!({
        "matter_type": "complaint",
        "title": title,
        "description": "网店销售仿冒我公司专利产品，请求处理。",
        "applicant": {"kind": "person", "name": "投诉人甲", "id_number": PERSON_ID, "phone": "13800000000"},
        "respondents": [{"kind": "organisation", "name": "某某电子商务有限公司", "credit_code": CREDIT, "address": "滨海新区塘沽街道"}],
        "rights": [{"kind": "patent", "number": PATENT, "title": "一种电池结构"}],
        "urls": ["https://shop.example.com/item/1?utm_source=x"],
        "amount_yuan": 1200.5
    })
}

pub(crate) async fn file(app: &TestApp, body: Value) -> (StatusCode, Value) {
    let r = app
        .client
        .post(format!("{}/api/v1/public/matters", app.base))
        .json(&body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    (r.status(), r.json().await.unwrap_or(Value::Null))
}

async fn lookup(app: &TestApp, receipt: &str, code: &str) -> (StatusCode, Value) {
    let r = app
        .client
        .get(format!("{}/api/v1/public/matters/lookup", app.base))
        .query(&[("receipt_no", receipt), ("query_code", code)])
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    (r.status(), r.json().await.unwrap_or(Value::Null))
}

async fn complaint_end_to_end(b: Backend) {
    // Monday 2026-03-02: acceptance due in 7 working days = 2026-03-11.
    let mut app = spawn_at(b, "2026-03-02").await;
    let (s, receipt) = file(&app, complaint("投诉网店销售侵权产品")).await;
    assert_eq!(s, StatusCode::CREATED, "{receipt}");
    let no = receipt["receipt_no"].as_str().unwrap_or("").to_string();
    let code = receipt["query_code"].as_str().unwrap_or("").to_string();
    assert_eq!(no, "BH-TS-2026-000001");
    assert_eq!(code.len(), 8);
    let (s, st) = lookup(&app, &no, &code).await;
    assert_eq!(
        (s, st["state_label"].as_str(), st["closed"].as_bool()),
        (StatusCode::OK, Some("已接收"), Some(false)),
        "{st}"
    );
    assert!(!st.to_string().contains("投诉人甲") && !st.to_string().contains(PERSON_ID), "no identity in the lookup");
    assert!(st.get("state").is_none(), "the internal state key is not public (it could reveal 立案 of a report): {st}");
    let (s, _) = lookup(&app, &no, "AAAAAAAA").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s2, _) = lookup(&app, "BH-TS-2026-999999", &code).await;
    assert_eq!(s2, StatusCode::NOT_FOUND, "same answer for a wrong number");

    // Dispatched by the rules to the 维权援助中心 and its case officer.
    app.login("officer").await;
    let (s, list) = app.get("/api/v1/cases?mine=true").await;
    assert_eq!((s, list["total"].as_i64()), (StatusCode::OK, Some(1)), "{list}");
    let id = list["items"][0]["id"].as_i64().unwrap_or(0);
    assert_eq!(list["items"][0]["dept_name"], "知识产权维权援助中心");
    assert_eq!(list["items"][0]["next_due_on"], "2026-03-11");
    let (s, d) = app.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["officer_name"], "维权援助办案员（演示）");
    let clock = &d["clocks"][0];
    assert_eq!(
        (clock["key"].as_str(), clock["due_on"].as_str(), clock["remaining_workdays"].as_i64()),
        (Some("acceptance"), Some("2026-03-11"), Some(7)),
        "{clock}"
    );
    assert!(clock["citation"].as_str().is_some_and(|c| c.contains("Art.14")));
    let actions: Vec<&str> =
        d["actions"].as_array().map(|a| a.iter().filter_map(|x| x["event"].as_str()).collect()).unwrap_or_default();
    assert!(actions.contains(&"accept") && actions.contains(&"decline"), "{actions:?}");
    assert_eq!(d["rights"][0]["number"], "CN200310102344.5", "canonical patent number");
    let (s, v) = app.post(&format!("/api/v1/cases/{id}/actions"), json!({"event": "decline"})).await;
    assert_eq!(
        (s, v["fields"]["reason"].is_string()),
        (StatusCode::UNPROCESSABLE_ENTITY, true),
        "decline needs a reason: {v}"
    );
    let (s, d) = app
        .post(&format!("/api/v1/cases/{id}/actions"), json!({"event": "accept", "public_note": "已受理，将组织调解"}))
        .await;
    assert_eq!((s, d["state"].as_str()), (StatusCode::OK, Some("accepted")), "{d}");
    let keys: Vec<(&str, &str)> = d["clocks"]
        .as_array()
        .map(|a| a.iter().map(|c| (c["key"].as_str().unwrap_or(""), c["state"].as_str().unwrap_or(""))).collect())
        .unwrap_or_default();
    assert_eq!(keys, vec![("acceptance", "met"), ("mediation", "running")]);
    assert_eq!(
        d["clocks"][1]["due_on"], "2026-05-08",
        "45 working days from 2026-03-02 (清明 and 劳动节 skipped, 调休 Saturdays counted)"
    );
    let (s, v) = app.post(&format!("/api/v1/cases/{id}/actions"), json!({"event": "accept"})).await;
    assert_eq!((s, v["code"].as_str()), (StatusCode::CONFLICT, Some("CONFLICT")));
    assert!(
        v["allowed"].as_array().is_some_and(|a| a.iter().any(|e| e == "start_mediation")),
        "409 names the allowed steps: {v}"
    );
    let (_, st) = lookup(&app, &no, &code).await;
    assert_eq!((st["state_label"].as_str(), st["public_note"].as_str()), (Some("已受理"), Some("已受理，将组织调解")));

    // The mediator's step needs their permission: the officer lacks none of the complaint steps here, so walk on.
    for (event, reason) in [("start_mediation", None), ("reach_agreement", Some("双方达成调解协议"))] {
        let body = match reason {
            Some(r) => json!({"event": event, "reason": r}),
            None => json!({"event": event}),
        };
        let (s, v) = app.post(&format!("/api/v1/cases/{id}/actions"), body).await;
        assert_eq!(s, StatusCode::OK, "{event}: {v}");
    }
    let (_, d) = app.get(&format!("/api/v1/cases/{id}")).await;
    assert!(d["closed_at"].is_string(), "{d}");
    let kinds: Vec<&str> =
        d["events"].as_array().map(|a| a.iter().filter_map(|e| e["kind"].as_str()).collect()).unwrap_or_default();
    assert_eq!(kinds, vec!["intake", "assign", "transition", "transition", "transition"]);
    let (_, st) = lookup(&app, &no, &code).await;
    assert_eq!((st["closed"].as_bool(), st["state_label"].as_str()), (Some(true), Some("已办结")), "{st}");
    assert_eq!(st["events"].as_array().map(Vec::len), Some(4), "public events only (intake + 3 steps): {st}");
}

async fn intake_validation_stores_nothing(b: Backend) {
    let app = spawn_at(b, "2026-03-02").await;
    let mut bad = complaint("坏数据");
    bad["applicant"]["id_number"] = json!("110105194912310021");
    bad["respondents"][0]["credit_code"] = json!("91350100M000100Y44");
    bad["rights"][0]["number"] = json!("200310102344.6");
    bad["urls"] = json!(["ftp://x"]);
    let (s, v) = file(&app, bad).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    for f in ["applicant.id_number", "respondents[0].credit_code", "rights[0].number", "urls[0]"] {
        assert!(v["fields"][f].is_string(), "{f}: {v}");
    }
    let (s, v) = file(&app, json!({"matter_type": "lawsuit", "title": "", "description": "x", "applicant": {"kind": "person", "name": "x"}})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(v["fields"]["matter_type"].is_string() && v["fields"]["title"].is_string(), "{v}");
    let mut staffish = complaint("x");
    staffish["channel"] = json!("phone");
    let (s, v) = file(&app, staffish).await;
    assert_eq!(
        (s, v["fields"]["channel"].is_string()),
        (StatusCode::UNPROCESSABLE_ENTITY, true),
        "the public cannot pick a channel"
    );
    let (s, r) = file(&app, complaint("有效投诉")).await;
    assert_eq!(
        (s, r["receipt_no"].as_str()),
        (StatusCode::CREATED, Some("BH-TS-2026-000001")),
        "refused filings stored nothing"
    );
}

async fn reporter_identity_is_confidential(b: Backend) {
    let mut app = spawn_at(b, "2026-03-02").await;
    let report = json!({
        "matter_type": "report", "title": "举报仓库存放假冒商标商品", "description": "某仓库存放大量假冒注册商标的商品。",
        "applicant": {"kind": "person", "name": "举报人乙", "id_number": PERSON_ID, "phone": "13900000000", "address": "某小区"},
        "respondents": [{"kind": "organisation", "name": "某仓储有限公司"}],
        "rights": [{"kind": "trademark", "number": "1234567", "title": "某商标"}],
        "real_name": true
    });
    let (s, r) = file(&app, report).await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    let (_, st) = lookup(&app, r["receipt_no"].as_str().unwrap_or(""), r["query_code"].as_str().unwrap_or("")).await;
    assert!(!st.to_string().contains("举报人乙") && !st.to_string().contains("13900000000"));
    // The leader sees every matter but not who reported it.
    app.login("leader").await;
    let (_, list) = app.get("/api/v1/cases").await;
    let id = list["items"][0]["id"].as_i64().unwrap_or(0);
    let (_, d) = app.get(&format!("/api/v1/cases/{id}")).await;
    let text = d.to_string();
    assert!(!text.contains("举报人乙") && !text.contains(PERSON_ID) && !text.contains("13900000000"), "{text}");
    assert_eq!(
        (d["parties"][0]["name"].as_str(), d["parties"][0]["redacted"].as_bool()),
        (Some("（保密）"), Some(true))
    );
    assert_eq!(d["parties"][1]["name"], "某仓储有限公司", "the respondent is not confidential");
    let r = app.request(Method::GET, "/api/v1/cases/export", None).await;
    let rows =
        zhibao_server::excel::read_sheet(&r.bytes().await.unwrap_or_default()).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(rows.len(), 2);
    assert!(!format!("{rows:?}").contains("举报人乙"), "exports carry no identity");
    // The handling officer holds case:reporter:view (to tell a real-name reporter of the decision).
    app.login("officer").await;
    let (_, d) = app.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(
        (d["parties"][0]["name"].as_str(), d["parties"][0]["redacted"].as_bool()),
        (Some("举报人乙"), Some(false))
    );
    // Nor does the timeline leak it.
    assert!(!d["events"].to_string().contains("举报人乙"));
}

async fn missed_clock_reaches_the_board(b: Backend) {
    let mut app = spawn_at(b, "2026-03-20").await;
    app.login("officer").await;
    let mut body = complaint("电话投诉：店铺销售侵权商品");
    body["channel"] = json!("phone");
    body["received_on"] = json!("2026-03-02");
    let (s, d) = app.post("/api/v1/cases", body).await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    assert_eq!((d["channel"].as_str(), d["clocks"][0]["due_on"].as_str()), (Some("phone"), Some("2026-03-11")));
    assert_eq!(d["clocks"][0]["state"], "missed", "past due on 2026-03-20");
    assert_eq!(d["overdue"], true);
    let mut future = complaint("x");
    future["received_on"] = json!("2026-03-21");
    let (s, v) = app.post("/api/v1/cases", future).await;
    assert_eq!((s, v["fields"]["received_on"].is_string()), (StatusCode::UNPROCESSABLE_ENTITY, true));
    let (s, _) = app.get("/api/v1/cases/overdue").await;
    assert_eq!(s, StatusCode::FORBIDDEN, "the board is the supervisor's");
    let (s, mine) = app.get("/api/v1/cases/my-deadlines").await;
    assert_eq!((s, mine[0]["remaining_workdays"].as_i64()), (StatusCode::OK, Some(-7)), "{mine}");

    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 20).unwrap_or_default();
    let n =
        zhibao_server::casework::progress::sweep_overdue(&app.state, today).await.unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(n, 1);
    let again =
        zhibao_server::casework::progress::sweep_overdue(&app.state, today).await.unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(again, 0, "the sweep is idempotent");
    app.login("leader").await;
    let (s, board) = app.get("/api/v1/cases/overdue").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        (board.as_array().map(Vec::len), board[0]["clock_key"].as_str()),
        (Some(1), Some("acceptance")),
        "{board}"
    );
    let id = board[0]["matter_id"].as_i64().unwrap_or(0);
    let (_, d) = app.get(&format!("/api/v1/cases/{id}")).await;
    assert!(d["events"].as_array().is_some_and(|a| a.iter().any(|e| e["kind"] == "escalation")), "督办 recorded");
    let (_, list) = app.get("/api/v1/cases").await;
    assert_eq!(
        (list["items"][0]["overdue"].as_bool(), list["items"][0]["next_due_on"].as_str()),
        (Some(true), Some("2026-03-11")),
        "a missed clock keeps the matter overdue in lists"
    );
}

async fn staff_intake_transfer_and_bulk(b: Backend) {
    let mut app = spawn_at(b, "2026-03-02").await;
    // Three filings against the same shop: grouped as similar matters at intake.
    for t in ["投诉一", "投诉二"] {
        let (s, _) = file(&app, complaint(t)).await;
        assert_eq!(s, StatusCode::CREATED);
    }
    app.login("officer").await;
    let (_, list) = app.get("/api/v1/cases?sort=receipt_no&order=asc").await;
    let ids: Vec<i64> =
        list["items"].as_array().map(|a| a.iter().filter_map(|m| m["id"].as_i64()).collect()).unwrap_or_default();
    assert_eq!(ids.len(), 2);
    assert!(
        list["items"][0]["group_id"].is_i64() && list["items"][0]["group_id"] == list["items"][1]["group_id"],
        "类案 at intake: {list}"
    );
    let (_, d) = app.get(&format!("/api/v1/cases/{}", ids[0])).await;
    assert!(
        d["similar"]
            .as_array()
            .is_some_and(|a| a.len() == 1 && a[0]["reasons"].as_array().is_some_and(|r| !r.is_empty())),
        "{}",
        d["similar"]
    );
    // Transfer one to the mediation committee: it leaves the officer's scope.
    let tjwyh = app.dept_id("BH-SFJ-TJWYH").await;
    let (s, v) = app.post(&format!("/api/v1/cases/{}/assign", ids[1]), json!({"dept_id": tjwyh, "reason": ""})).await;
    assert_eq!((s, v["fields"]["reason"].is_string()), (StatusCode::UNPROCESSABLE_ENTITY, true));
    let (s, v) = app
        .post(
            &format!("/api/v1/cases/{}/assign", ids[1]),
            json!({"dept_id": tjwyh, "reason": "当事人同意调解，转人民调解委员会"}),
        )
        .await;
    assert_eq!((s, v["transferred_out"].as_bool()), (StatusCode::OK, Some(true)), "{v}");
    let (s, _) = app.get(&format!("/api/v1/cases/{}", ids[1])).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    app.login("mediator").await;
    let (_, list) = app.get("/api/v1/cases").await;
    assert_eq!(list["total"], 1, "the mediator now holds it");
    assert_eq!(list["items"][0]["officer_name"], "人民调解员（演示）");
    // Bulk close: the procedure decides per matter (a received complaint cannot simply be "closed").
    app.login("officer").await;
    let (s, r) =
        app.post("/api/v1/cases/bulk", json!({"ids": [ids[0], ids[1]], "action": "close", "reason": "重复投诉"})).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!((r["done"].as_i64(), r["failed"].as_array().map(Vec::len)), (Some(0), Some(2)), "{r}");
    let (s, r) = app.post("/api/v1/cases/bulk", json!({"ids": [ids[0]], "action": "explode", "reason": "x"})).await;
    assert_eq!((s, r["fields"]["action"].is_string()), (StatusCode::UNPROCESSABLE_ENTITY, true));
    let (s, v) = app
        .post(
            &format!("/api/v1/cases/{}/referrals", ids[0]),
            json!({"target": "army", "target_name": "", "reason": "x"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(v["fields"]["target"].is_string() && v["fields"]["target_name"].is_string(), "{v}");
    let (s, d) = app.post(&format!("/api/v1/cases/{}/referrals", ids[0]),
        json!({"target": "police", "target_name": "滨海分局经侦支队", "their_receipt_no": "津滨公(经)受字〔2026〕18号", "reason": "涉嫌假冒注册商标罪，移送相关证据"})).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert!(d["events"].as_array().is_some_and(|a| a
        .iter()
        .any(|e| e["kind"] == "referral" && e["note"].as_str().is_some_and(|n| n.contains("回执")))));
    let (s, d) = app
        .post(&format!("/api/v1/cases/{}/notes", ids[0]), json!({"note": "已电话联系投诉人", "public": false}))
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(d["events"].as_array().is_some_and(|a| a.iter().any(|e| e["kind"] == "note")));
    app.login("enterprise").await;
    let (s, _) = app.get("/api/v1/cases").await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

async fn triage_rules_are_configurable(b: Backend) {
    let mut app = spawn_at(b, "2026-03-02").await;
    app.login("deptadmin").await;
    let (s, rules) = app.get("/api/v1/cases/triage-rules").await;
    assert_eq!(s, StatusCode::OK);
    assert!(rules.as_array().is_some_and(|r| !r.is_empty()), "documented defaults: {rules}");
    // A complaint with one patent is simple under the defaults …
    let (_, r) = file(&app, complaint("默认规则")).await;
    assert!(r["receipt_no"].is_string());
    let bad = json!([{"name": "全部普通", "when": [], "track": "ordinary"}, {"name": "永不生效", "when": ["cross_region"], "track": "simple"}]);
    let (s, v) = app.send(Method::PUT, "/api/v1/cases/triage-rules", bad).await;
    assert_eq!((s, v["fields"]["rules"].is_string()), (StatusCode::UNPROCESSABLE_ENTITY, true), "{v}");
    let mine = json!([{"name": "涉及专利一律普通程序", "when": [{"rights_at_least": 1}], "track": "ordinary"}]);
    let (s, _) = app.send(Method::PUT, "/api/v1/cases/triage-rules", mine).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    // … and ordinary under the saved table, with the rule named in the intake event.
    let (_, r) = file(&app, complaint("新规则")).await;
    app.login("officer").await;
    let (_, list) = app.get(&format!("/api/v1/cases?q={}", r["receipt_no"].as_str().unwrap_or(""))).await;
    assert_eq!(list["items"][0]["track"], "ordinary", "{list}");
    let first = list["items"][0]["id"].as_i64().unwrap_or(0);
    let (_, d) = app.get(&format!("/api/v1/cases/{first}")).await;
    assert!(
        d["events"][0]["detail"].as_str().is_some_and(|x| x.contains("涉及专利一律普通程序")),
        "{}",
        d["events"][0]
    );
    let (_, list) = app.get("/api/v1/cases?track=simple").await;
    assert_eq!(list["total"], 1);
}

async fn upload(app: &TestApp, url: &str, name: &str, bytes: Vec<u8>) -> (StatusCode, Value) {
    app.upload(url, name, bytes, &[]).await
}

async fn attachments_checked_and_stored(b: Backend) {
    let mut app = crate::helpers::spawn_full(
        b,
        |s| s.cases.max_attachment_bytes = 64 * 1024,
        chrono::NaiveDate::from_ymd_opt(2026, 3, 2),
    )
    .await;
    let (_, r) = file(&app, complaint("附件测试")).await;
    let (no, code) =
        (r["receipt_no"].as_str().unwrap_or("").to_string(), r["query_code"].as_str().unwrap_or("").to_string());
    let pdf = b"%PDF-1.7\n% evidence\n".to_vec();
    let png = vec![0x89u8, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R'];
    // The applicant adds material with the receipt number and query code.
    let q = format!("/api/v1/public/matters/attachments?receipt_no={no}&query_code={code}");
    let (s, _) = upload(&app, &q, "购买凭证.pdf", pdf.clone()).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = upload(
        &app,
        &format!("/api/v1/public/matters/attachments?receipt_no={no}&query_code=ZZZZZZZZ"),
        "x.pdf",
        pdf.clone(),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, v) = upload(&app, &q, "伪装.pdf", png.clone()).await;
    assert_eq!(
        (s, v["fields"]["file"].is_string()),
        (StatusCode::UNPROCESSABLE_ENTITY, true),
        "content must match the name: {v}"
    );
    let (s, v) = upload(&app, &q, "大文件.pdf", [b"%PDF-1.7\n".to_vec(), vec![b'x'; 70 * 1024]].concat()).await;
    assert_eq!((s, v["code"].as_str()), (StatusCode::PAYLOAD_TOO_LARGE, Some("PAYLOAD_TOO_LARGE")));
    let (s, v) = upload(&app, &q, "tool.exe", b"MZ\x90\x00".to_vec()).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");

    app.login("officer").await;
    let (_, list) = app.get("/api/v1/cases").await;
    let id = list["items"][0]["id"].as_i64().unwrap_or(0);
    let (s, d) = upload(&app, &format!("/api/v1/cases/{id}/attachments"), "现场照片.png", png.clone()).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    let atts = d["attachments"].as_array().cloned().unwrap_or_default();
    assert_eq!(atts.len(), 2, "only the two valid files were stored");
    assert_eq!((atts[0]["public"].as_bool(), atts[0]["mime"].as_str()), (Some(true), Some("application/pdf")));
    assert_eq!((atts[1]["uploader"].as_str(), atts[1]["mime"].as_str()), (Some("officer"), Some("image/png")));
    let r = app.request(Method::GET, &format!("/api/v1/cases/{id}/attachments/{}", atts[0]["id"]), None).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.bytes().await.map(|b| b.to_vec()).unwrap_or_default(), pdf, "byte-exact download");
    let kinds: Vec<&str> =
        d["events"].as_array().map(|a| a.iter().filter_map(|e| e["kind"].as_str()).collect()).unwrap_or_default();
    assert_eq!(kinds.iter().filter(|k| **k == "attachment").count(), 2);
    // Others' matters' files stay out of reach.
    app.login("mediator").await;
    let r = app.request(Method::GET, &format!("/api/v1/cases/{id}/attachments/{}", atts[0]["id"]), None).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

async fn batch_import_reports_each_row(b: Backend) {
    let mut app = spawn_at(b, "2026-03-20").await;
    app.login("officer").await;
    let r = app.request(Method::GET, "/api/v1/cases/template", None).await;
    let tpl =
        zhibao_server::excel::read_sheet(&r.bytes().await.unwrap_or_default()).unwrap_or_else(|e| panic!("{e:?}"));
    let header: Vec<&str> = tpl[0].iter().map(String::as_str).collect();
    let good = tpl[1].clone();
    let mut bad_id = good.clone();
    bad_id[5] = "91350100M000100Y44".into();
    let mut bad_type = good.clone();
    bad_type[0] = "诉讼".into();
    let send = |rows: Vec<Vec<String>>| {
        let bytes = zhibao_server::excel::write_sheet("事项", &header, &rows).unwrap_or_default();
        let form =
            reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(bytes).file_name("m.xlsx"));
        app.client
            .post(format!("{}/api/v1/cases/import", app.base))
            .header("x-csrf-token", app.csrf.clone().unwrap_or_default())
            .multipart(form)
            .send()
    };
    let rep: Value = send(vec![good.clone(), bad_id, bad_type])
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(rep["inserted"], 0, "{rep}");
    let rows: Vec<(i64, String)> = rep["errors"]
        .as_array()
        .map(|a| {
            a.iter().map(|e| (e["row"].as_i64().unwrap_or(0), e["field"].as_str().unwrap_or("").to_string())).collect()
        })
        .unwrap_or_default();
    assert!(
        rows.contains(&(3, "applicant.credit_code".into())) && rows.contains(&(4, "matter_type".into())),
        "{rows:?}"
    );
    let (_, list) = app.get("/api/v1/cases").await;
    assert_eq!(list["total"], 0, "nothing stored");
    let rep: Value =
        send(vec![good.clone(), good]).await.unwrap_or_else(|e| panic!("{e}")).json().await.unwrap_or_default();
    assert_eq!(rep["inserted"], 2, "{rep}");
    let (_, list) = app.get("/api/v1/cases?sort=receipt_no&order=asc").await;
    assert_eq!(
        (list["items"][0]["channel"].as_str(), list["items"][0]["received_on"].as_str()),
        (Some("phone"), Some("2026-03-02"))
    );
}

async fn respondent_location_places_the_matter(b: Backend) {
    let mut app = spawn_at(b, "2026-03-02").await;
    let mut body = complaint("定位测试");
    // The demo 塘沽街道 station's point lies in area 120116001.
    body["respondents"][0]["lon"] = json!(117.66);
    body["respondents"][0]["lat"] = json!(39.02);
    let (s, _) = file(&app, body).await;
    assert_eq!(s, StatusCode::CREATED);
    let mut half = complaint("x");
    half["respondents"][0]["lon"] = json!(117.66);
    let (s, v) = file(&app, half).await;
    assert_eq!((s, v["fields"]["respondents[0].lon"].is_string()), (StatusCode::UNPROCESSABLE_ENTITY, true), "{v}");
    app.login("officer").await;
    let (_, list) = app.get("/api/v1/cases").await;
    let id = list["items"][0]["id"].as_i64().unwrap_or(0);
    let (_, d) = app.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(d["area_code"], "120116001", "{d}");
    assert!(d["cell_code"].as_str().is_some_and(|c| c.starts_with("120116001-")), "{}", d["cell_code"]);
}

async fn clocks_await_an_uncovered_year(b: Backend) {
    // 45 working days from 2026-11-20 run into 2027, whose holiday table is not in the calendar yet.
    let mut app = spawn_at(b, "2026-11-20").await;
    let (s, _) = file(&app, complaint("年末受理的投诉")).await;
    assert_eq!(s, StatusCode::CREATED);
    app.login("officer").await;
    let (_, list) = app.get("/api/v1/cases").await;
    let id = list["items"][0]["id"].as_i64().unwrap_or(0);
    let (s, d) = app.post(&format!("/api/v1/cases/{id}/actions"), json!({"event": "accept"})).await;
    assert_eq!(s, StatusCode::OK, "the act is recorded even though the due date cannot be computed yet: {d}");
    let m = &d["clocks"][1];
    assert_eq!(
        (m["key"].as_str(), m["state"].as_str(), m["awaiting_year"].as_i64()),
        (Some("mediation"), Some("awaiting_calendar"), Some(2027)),
        "{m}"
    );
    assert!(m["due_on"].is_null(), "never a guessed date");
    app.login("admin").await;
    let table = json!({"year": 2027, "source": "测试用 2027 年放假安排（非官方数据）",
        "holidays": [{"name": "元旦", "first": "2027-01-01", "last": "2027-01-03"}, {"name": "春节", "first": "2027-02-06", "last": "2027-02-12"}],
        "workdays": ["2027-02-20"]});
    let (s, _) = app.send(Method::PUT, "/api/v1/calendar/years/2027", table).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    app.login("officer").await;
    let (_, d) = app.get(&format!("/api/v1/cases/{id}")).await;
    let m = &d["clocks"][1];
    // 45 WD after Fri 2026-11-20: 6 in Nov 23–30, 23 in December = 29; then from Mon 2027-01-04 (Jan 1–3 off) the
    // 16th working day is Mon Jan 25.
    assert_eq!((m["state"].as_str(), m["due_on"].as_str()), (Some("running"), Some("2027-01-25")), "{m}");
}

async fn clock_operations_go_through_procedure_steps(b: Backend) {
    let mut app = spawn_at(b, "2026-03-02").await;
    let report = json!({"matter_type": "report", "title": "举报", "description": "举报线索", "applicant": {"kind": "person", "name": "匿名"},
        "respondents": [{"kind": "organisation", "name": "某公司"}], "real_name": false});
    let (s, _) = file(&app, report).await;
    assert_eq!(s, StatusCode::CREATED);
    app.login("officer").await;
    let (_, list) = app.get("/api/v1/cases").await;
    let id = list["items"][0]["id"].as_i64().unwrap_or(0);
    assert_eq!(list["items"][0]["next_due_remaining_workdays"], 15, "{}", list["items"][0]);
    let (s, d) = app
        .post(&format!("/api/v1/cases/{id}/actions"), json!({"event": "verify", "note": "已调取平台交易记录"}))
        .await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert!(d["events"]
        .as_array()
        .is_some_and(|a| a.iter().any(|e| e["kind"] == "note" && e["note"] == "已调取平台交易记录")));
    let clock =
        d["clocks"].as_array().and_then(|a| a.iter().find(|c| c["key"] == "verification")).cloned().unwrap_or_default();
    assert_eq!((clock["due_on"].as_str(), clock["extendable"].as_bool()), (Some("2026-03-23"), Some(true)), "{clock}");
    let (s, _) =
        app.post(&format!("/api/v1/cases/{id}/clocks/verification/extend"), json!({"reason": "案情复杂"})).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "extensions need an approver");
    app.login("deptadmin").await;
    let (s, v) = app.post(&format!("/api/v1/cases/{id}/clocks/verification/extend"), json!({})).await;
    assert_eq!((s, v["fields"]["reason"].is_string()), (StatusCode::UNPROCESSABLE_ENTITY, true), "{v}");
    let (s, d) = app
        .post(&format!("/api/v1/cases/{id}/clocks/verification/extend"), json!({"reason": "涉案链接多，需延长核查"}))
        .await;
    assert_eq!(s, StatusCode::OK, "{d}");
    let clock =
        d["clocks"].as_array().and_then(|a| a.iter().find(|c| c["key"] == "verification")).cloned().unwrap_or_default();
    assert_eq!(
        (clock["state"].as_str(), clock["due_on"].as_str(), clock["extendable"].as_bool()),
        (Some("extended"), Some("2026-04-14"), Some(false)),
        "{clock}"
    );
    let (s, v) = app.post(&format!("/api/v1/cases/{id}/clocks/verification/extend"), json!({"reason": "再延"})).await;
    assert_eq!(s, StatusCode::CONFLICT, "only once: {v}");
    let (s, _) = app.post(&format!("/api/v1/cases/{id}/clocks/verification/explode"), json!({})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
}
