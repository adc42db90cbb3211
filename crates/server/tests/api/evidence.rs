//! The evidence vault over HTTP: upload, package, public verification, log endpoints, tamper detection, peers and an
//! external TSA — on both databases.

use reqwest::StatusCode;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use zhibao_ledger::checkpoint::{self, NoteVerifier};
use zhibao_ledger::hash::HashAlg;
use zhibao_ledger::package::{self, VerifyOptions};

use crate::both;
use crate::cases::{complaint, file};
use crate::helpers::{spawn_app, spawn_with, Backend, TestApp};

both!(
    evidence_is_stored_stamped_logged_and_packaged,
    bad_evidence_input_is_refused_field_by_field,
    ledger_verify_names_what_changed,
    log_endpoints_serve_verifiable_proofs,
    peer_packages_verify_after_registering_keys,
    an_external_tsa_is_used_and_verified,
);

const PNG: [u8; 16] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R'];

/// File a complaint from the portal and return its id as seen by `officer`.
async fn matter_for_officer(app: &mut TestApp) -> i64 {
    let (s, r) = file(app, complaint("证据测试")).await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    app.login("officer").await;
    let (_, list) = app.get(&format!("/api/v1/cases?q={}", r["receipt_no"].as_str().unwrap_or(""))).await;
    list["items"][0]["id"].as_i64().unwrap_or_else(|| panic!("officer sees the matter: {list}"))
}

async fn upload(app: &TestApp, url: &str, name: &str, bytes: Vec<u8>, fields: &[(&str, &str)]) -> (StatusCode, Value) {
    app.upload(url, name, bytes, fields).await
}

async fn bytes_of(app: &TestApp, path: &str) -> (StatusCode, Vec<u8>) {
    let r = app.client.get(format!("{}{}", app.base, path)).send().await.unwrap_or_else(|e| panic!("{e}"));
    (r.status(), r.bytes().await.map(|b| b.to_vec()).unwrap_or_default())
}

async fn anchor(app: &TestApp) {
    let ledger = app.state.ledger().unwrap_or_else(|e| panic!("ledger: {e}"));
    ledger.sequence(&app.store).await.unwrap_or_else(|e| panic!("sequence: {e}"));
}

async fn verify_public(app: &TestApp, zip: Vec<u8>) -> Value {
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(zip).file_name("package.zip".to_string()));
    let r = app
        .client
        .post(format!("{}/api/v1/public/verify-package", app.base))
        .multipart(form)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap_or(Value::Null)
}

fn failed(report: &Value) -> Vec<String> {
    report["checks"]
        .as_array()
        .map(|a| a.iter().filter(|c| c["ok"] == false).map(|c| c["id"].as_str().unwrap_or("").to_string()).collect())
        .unwrap_or_default()
}

async fn evidence_is_stored_stamped_logged_and_packaged(b: Backend) {
    let mut app = spawn_app(b).await;
    let id = matter_for_officer(&mut app).await;
    let (s, e) = upload(
        &app,
        &format!("/api/v1/cases/{id}/evidence"),
        "网页截图.png",
        PNG.to_vec(),
        &[
            ("source_url", "https://shop.example.com/item/1"),
            ("captured_at", "2026-11-20T09:30:00+08:00"),
            ("description", "侵权商品页面"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{e}");
    assert_eq!(e["sha256"], hex::encode(Sha256::digest(PNG)));
    assert_eq!(e["sm3"].as_str().map(str::len), Some(64));
    assert_eq!(e["content_type"], "image/png");
    assert_eq!(e["source_url"], "https://shop.example.com/item/1");
    assert!(e["tsa_time"].is_string(), "time-stamped at once: {e}");
    let eid = e["id"].as_i64().unwrap_or(0);

    anchor(&app).await;
    let (_, list) = app.get(&format!("/api/v1/cases/{id}/evidence")).await;
    assert_eq!(list["items"][0]["status"], "anchored", "{list}");
    assert!(list["items"][0]["leaf_index"].is_i64());
    // The timeline says so, and the reporter-free event is itself a log entry.
    let (_, d) = app.get(&format!("/api/v1/cases/{id}")).await;
    assert!(d["events"].as_array().is_some_and(|ev| ev.iter().any(|x| x["kind"] == "evidence")), "{d}");

    let (s, body) = bytes_of(&app, &format!("/api/v1/evidence/{eid}/file")).await;
    assert_eq!((s, body), (StatusCode::OK, PNG.to_vec()));
    let (s, zip) = bytes_of(&app, &format!("/api/v1/evidence/{eid}/package")).await;
    assert_eq!(s, StatusCode::OK);
    let report = package::verify(&zip, &VerifyOptions::default());
    assert!(report.ok, "{}", serde_json::to_string_pretty(&report).unwrap_or_default());
    // The public verifier (our own keys trusted) agrees; a flipped byte anywhere in the archive is caught.
    let r = verify_public(&app, zip.clone()).await;
    assert_eq!(r["ok"], true, "{r}");
    let mut bad = zip.clone();
    let at = bad.len() / 3;
    bad[at] ^= 0x01;
    let r = verify_public(&app, bad).await;
    assert_eq!(r["ok"], false, "{r}");

    // Without evidence:item:view nothing is served; outside the scope it does not exist.
    app.login("enterprise").await;
    assert_eq!(bytes_of(&app, &format!("/api/v1/evidence/{eid}/package")).await.0, StatusCode::FORBIDDEN);
    app.login("mediator").await;
    assert_eq!(bytes_of(&app, &format!("/api/v1/evidence/{eid}/file")).await.0, StatusCode::NOT_FOUND);
    let (s, _) = upload(&app, &format!("/api/v1/cases/{id}/evidence"), "a.png", PNG.to_vec(), &[]).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "mediators may not add evidence");
}

async fn bad_evidence_input_is_refused_field_by_field(b: Backend) {
    let mut app = spawn_with(b, |s| s.evidence.max_bytes = 1024).await;
    let id = matter_for_officer(&mut app).await;
    let url = format!("/api/v1/cases/{id}/evidence");
    let (s, v) = upload(
        &app,
        &url,
        "a.png",
        PNG.to_vec(),
        &[("source_url", "javascript:alert(1)"), ("captured_at", "yesterday"), ("description", &"长".repeat(2001))],
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    for f in ["source_url", "captured_at", "description"] {
        assert!(v["fields"][f].is_string() || v["fields"][f].is_array(), "{f} named: {v}");
    }
    let (s, v) = upload(&app, &url, "a.png", PNG.to_vec(), &[("captured_at", "2099-01-01T00:00:00Z")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (s, _) = upload(&app, &url, "big.txt", vec![b'a'; 2048], &[]).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
    let (s, v) = upload(&app, &url, "fake.pdf", PNG.to_vec(), &[]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    // Nothing was half-stored.
    let (_, list) = app.get(&url).await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(0), "{list}");
    let (s, v) = app.get("/api/v1/public/ledger/inclusion?hash=zz").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (s, v) = app.get("/api/v1/public/ledger/consistency?first=0").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (s, v) = app.get("/api/v1/public/ledger/inclusion?index=999999&size=999999999").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let form = reqwest::multipart::Form::new().text("nothing", "here");
    let r = app.client.post(format!("{}/api/v1/public/verify-package", app.base)).multipart(form).send().await;
    assert_eq!(r.map(|r| r.status()).ok(), Some(StatusCode::UNPROCESSABLE_ENTITY));
    let r = verify_public(&app, b"PK\x03\x04 not really a zip".to_vec()).await;
    assert_eq!(r["ok"], false, "{r}");
}

async fn ledger_verify_names_what_changed(b: Backend) {
    let mut app = spawn_app(b).await;
    let id = matter_for_officer(&mut app).await;
    let (_, e) =
        upload(&app, &format!("/api/v1/cases/{id}/evidence"), "note.txt", "证据原文".as_bytes().to_vec(), &[]).await;
    let eid = e["id"].as_i64().unwrap_or(0);
    anchor(&app).await;
    app.login("deptadmin").await;
    let (s, v) = app.post("/api/v1/ledger/verify", json!({})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["ok"], true, "{v}");
    assert!(v["checked_leaves"].as_i64().unwrap_or(0) > 3, "timeline and operation log are in the log too: {v}");

    // Change a timeline row, an operation-log row and the stored file behind everyone's back.
    let ev = app
        .store
        .scalar_raw(&format!("SELECT MIN(id) FROM matter_events WHERE matter_id = {id}"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    for sql in [
        format!("UPDATE matter_events SET note = '改过' WHERE id = {ev}"),
        "UPDATE op_log SET status_code = 299 WHERE id = (SELECT MIN(id) FROM op_log WHERE ledger_idx IS NOT NULL)"
            .into(),
    ] {
        assert_eq!(app.store.execute_raw(&sql).await.unwrap_or_else(|e| panic!("{e}")), 1, "{sql}");
    }
    let sha = e["sha256"].as_str().unwrap_or("").to_string();
    let path = std::path::Path::new(&app.state.settings.evidence.store).join("sha256").join(&sha[..2]).join(&sha);
    std::fs::write(&path, "篡改后的内容").unwrap_or_else(|e| panic!("{e}"));

    let (_, v) = app.post("/api/v1/ledger/verify", json!({})).await;
    assert_eq!(v["ok"], false, "{v}");
    let refs: Vec<String> = v["problems"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| format!("{} {}", p["kind"].as_str().unwrap_or(""), p["ref_id"].as_str().unwrap_or("")))
                .collect()
        })
        .unwrap_or_default();
    assert!(refs.contains(&format!("leaf case_event#{ev}")), "{refs:?}");
    assert!(refs.iter().any(|r| r.starts_with("leaf oplog#")), "{refs:?}");
    assert!(refs.contains(&format!("file evidence#{eid} file {sha}")), "{refs:?}");
    let (_, st) = app.get("/api/v1/ledger/status").await;
    assert_eq!(st["last_verification"]["ok"], false, "{st}");
}

async fn log_endpoints_serve_verifiable_proofs(b: Backend) {
    let mut app = spawn_app(b).await;
    let id = matter_for_officer(&mut app).await;
    for i in 0..3 {
        let (s, v) = upload(
            &app,
            &format!("/api/v1/cases/{id}/evidence"),
            &format!("e{i}.txt"),
            format!("证据 {i}").into_bytes(),
            &[],
        )
        .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        anchor(&app).await;
    }
    let (_, keys) = app.get("/api/v1/public/ledger/keys").await;
    let verifiers: Vec<NoteVerifier> = ["ed25519_vkey", "sm2_vkey"]
        .iter()
        .map(|k| NoteVerifier::parse_vkey(keys[k].as_str().unwrap_or("")).unwrap_or_else(|e| panic!("{k}: {e}")))
        .collect();
    let note = app
        .client
        .get(format!("{}/api/v1/public/ledger/checkpoint", app.base))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .text()
        .await
        .unwrap_or_default();
    let opened = checkpoint::open(&note, &verifiers).unwrap_or_else(|e| panic!("{e}: {note}"));
    assert_eq!(opened.verified.len(), 2, "Ed25519 and SM2 both verify");
    let cp = opened.checkpoint;
    let alg = HashAlg::parse(keys["hash_alg"].as_str().unwrap_or("")).unwrap_or(HashAlg::Sha256);
    for index in [0, cp.size / 2, cp.size - 1] {
        let (s, p) = app.get(&format!("/api/v1/public/ledger/inclusion?index={index}&size={}", cp.size)).await;
        assert_eq!(s, StatusCode::OK, "{p}");
        let proof: Vec<Vec<u8>> = p["proof"]
            .as_array()
            .map(|a| a.iter().map(|h| hex::decode(h.as_str().unwrap_or("")).unwrap_or_default()).collect())
            .unwrap_or_default();
        let leaf = hex::decode(p["leaf_hash"].as_str().unwrap_or("")).unwrap_or_default();
        zhibao_ledger::proof::verify_inclusion(alg, index, cp.size, &leaf, &proof, &cp.root)
            .unwrap_or_else(|e| panic!("leaf {index}: {e}"));
        // The same leaf found by its hash.
        let (_, by_hash) = app
            .get(&format!(
                "/api/v1/public/ledger/inclusion?hash={}&size={}",
                p["leaf_hash"].as_str().unwrap_or(""),
                cp.size
            ))
            .await;
        assert_eq!(by_hash["index"], index);
    }
    let first = cp.size / 3;
    let (s, c) = app.get(&format!("/api/v1/public/ledger/consistency?first={first}&second={}", cp.size)).await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let proof: Vec<Vec<u8>> = c["proof"]
        .as_array()
        .map(|a| a.iter().map(|h| hex::decode(h.as_str().unwrap_or("")).unwrap_or_default()).collect())
        .unwrap_or_default();
    let first_root = hex::decode(c["first_root"].as_str().unwrap_or("")).unwrap_or_default();
    zhibao_ledger::proof::verify_consistency(alg, first, cp.size, &first_root, &cp.root, &proof)
        .unwrap_or_else(|e| panic!("{e}"));
    // The TSA answers RFC 3161 requests over HTTP.
    let imprint: [u8; 32] = Sha256::digest(b"hello").into();
    let req = zhibao_ledger::tsa::request_der(&imprint, Some(7), true).unwrap_or_else(|e| panic!("{e}"));
    let r = app
        .client
        .post(format!("{}/api/v1/public/tsa", app.base))
        .header("content-type", "application/timestamp-query")
        .body(req)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("application/timestamp-reply"));
    let resp = r.bytes().await.unwrap_or_default();
    zhibao_ledger::tsa::verify_response(&resp, &imprint, keys["tsa_ca_pem"].as_str().unwrap_or(""))
        .unwrap_or_else(|e| panic!("{e}"));
}

async fn peer_packages_verify_after_registering_keys(b: Backend) {
    // Region B (another zhibao) exports a package …
    let mut peer = spawn_app(b).await;
    let pid = matter_for_officer(&mut peer).await;
    let (_, e) =
        upload(&peer, &format!("/api/v1/cases/{pid}/evidence"), "b.txt", "北京证据".as_bytes().to_vec(), &[]).await;
    anchor(&peer).await;
    let (_, zip) = bytes_of(&peer, &format!("/api/v1/evidence/{}/package", e["id"].as_i64().unwrap_or(0))).await;
    let (_, keys) = peer.get("/api/v1/public/ledger/keys").await;
    // … which region A does not trust until B's keys are registered (证据互认).
    let mut app = spawn_app(b).await;
    let r = verify_public(&app, zip.clone()).await;
    assert_eq!(r["ok"], false, "{r}");
    assert!(failed(&r).iter().any(|id| id.starts_with("checkpoint")), "the untrusted key is the failure: {r}");
    app.login("deptadmin").await;
    let (s, v) = app.post("/api/v1/ledger/peers", json!({"name": "", "vkeys": ["not a key"]})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v["fields"]["name"].is_string() || v["fields"]["name"].is_array(), "{v}");
    let (s, p) = app
        .post(
            "/api/v1/ledger/peers",
            json!({"name": "北京市知识产权保护中心", "vkeys": [keys["ed25519_vkey"], keys["sm2_vkey"]], "tsa_ca_pem": keys["tsa_ca_pem"]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{p}");
    let r = verify_public(&app, zip.clone()).await;
    assert_eq!(r["ok"], true, "{r}");
    let (s, _) = app.send(reqwest::Method::DELETE, &format!("/api/v1/ledger/peers/{}", p["id"]), json!({})).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let r = verify_public(&app, zip).await;
    assert_eq!(r["ok"], false, "{r}");
    app.login("officer").await;
    let (s, _) = app.get("/api/v1/ledger/peers").await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

async fn an_external_tsa_is_used_and_verified(b: Backend) {
    let tsa = spawn_app(b).await;
    let (_, keys) = tsa.get("/api/v1/public/ledger/keys").await;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("external-tsa-ca.pem"), keys["tsa_ca_pem"].as_str().unwrap_or(""))
        .unwrap_or_else(|e| panic!("{e}"));
    let url = format!("{}/api/v1/public/tsa", tsa.base);
    let keys_dir = dir.path().display().to_string();
    let mut app = spawn_with(b, move |s| {
        s.evidence.tsa_url = url;
        s.ledger.keys_dir = keys_dir;
    })
    .await;
    let id = matter_for_officer(&mut app).await;
    let (s, e) =
        upload(&app, &format!("/api/v1/cases/{id}/evidence"), "x.txt", b"stamped elsewhere".to_vec(), &[]).await;
    assert_eq!(s, StatusCode::CREATED, "{e}");
    let ev = app.store.evidence(e["id"].as_i64().unwrap_or(0)).await.unwrap_or_else(|e| panic!("{e}"));
    let imprint: [u8; 32] = Sha256::digest(b"stamped elsewhere").into();
    let token = ev.tsa_token.unwrap_or_default();
    zhibao_ledger::tsa::verify_response(&token, &imprint, keys["tsa_ca_pem"].as_str().unwrap_or(""))
        .unwrap_or_else(|e| panic!("signed by the external TSA: {e}"));
    let (_, own) = app.get("/api/v1/public/ledger/keys").await;
    assert!(zhibao_ledger::tsa::verify_response(&token, &imprint, own["tsa_cert_pem"].as_str().unwrap_or("")).is_err());
    // Its package carries the external TSA's certificate and verifies.
    anchor(&app).await;
    let (s, zip) = bytes_of(&app, &format!("/api/v1/evidence/{}/package", e["id"].as_i64().unwrap_or(0))).await;
    assert_eq!(s, StatusCode::OK);
    let report = package::verify(&zip, &VerifyOptions::default());
    assert!(report.ok, "{}", serde_json::to_string_pretty(&report).unwrap_or_default());
}
