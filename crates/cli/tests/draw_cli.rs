//! `zhibao draw verify`: a published draw record reproduces; altering one pool entry makes it fail.

#[path = "../../domain/tests/draw_support.rs"]
#[allow(dead_code)]
mod support;

use std::process::Command;
use support::*;
use zhibao_domain::grid::draw::{commit, draw};

fn verify(path: &std::path::Path) -> (Option<i32>, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_zhibao"))
        .args(["draw", "verify"])
        .arg(path)
        .env("ZHIBAO_LOG", "warn")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    (o.status.code(), format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr)))
}

#[test]
fn a_published_record_verifies_and_an_altered_one_does_not() {
    let pools = golden_pools();
    let c = commit(golden_params(), &pools, &golden_seed()).unwrap_or_else(|e| panic!("{e}"));
    let record = draw(&c, &golden_seed(), None, pools).unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let good = dir.path().join("record.json");
    let mut json = serde_json::to_value(&record).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&good, serde_json::to_string_pretty(&json).unwrap_or_default()).unwrap_or_else(|e| panic!("{e}"));
    let (code, out) = verify(&good);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.starts_with("OK"), "{out}");
    // One pool entry changed after publication.
    let name = &mut json["pools"]["entities"][1]["name"];
    *name = serde_json::Value::String(format!("{}（改）", name.as_str().unwrap_or("")));
    let bad = dir.path().join("altered.json");
    std::fs::write(&bad, serde_json::to_string(&json).unwrap_or_default()).unwrap_or_else(|e| panic!("{e}"));
    let (code, out) = verify(&bad);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("MISMATCH"), "{out}");
    let junk = dir.path().join("junk.json");
    std::fs::write(&junk, "{\"not\": \"a record\"}").unwrap_or_else(|e| panic!("{e}"));
    let (code, out) = verify(&junk);
    assert_ne!(code, Some(0));
    assert!(out.contains("not a draw record"), "{out}");
}
