//! The documented script `scripts/draw_verify.py` (Python standard library only) against records made here: it
//! must say OK for genuine records and report the first mismatch for altered ones. Never skipped: without python3
//! this test fails.

#[path = "draw_support.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use support::*;
use zhibao_domain::grid::draw::{commit, draw, DrawParams, DrawRecord, InspectorId, LoadCap, Rounding, SampleSize};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Run the script on `record`; (exit code, stdout + stderr).
fn run(name: &str, record: &DrawRecord) -> (i32, String) {
    let dir = std::env::temp_dir().join(format!("zhibao-draw-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let file = dir.join(format!("{name}.json"));
    std::fs::write(&file, to_json(record)).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let script = root().join("scripts/draw_verify.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("cannot run python3 {} (python3 is required): {e}", script.display()));
    let _ = std::fs::remove_file(&file);
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap_or(-1), text)
}

fn assert_ok(name: &str, record: &DrawRecord) {
    let (code, text) = run(name, record);
    assert_eq!(code, 0, "{name}: the script disagrees:\n{text}");
    assert!(text.starts_with("OK "), "{name}: {text}");
}

fn assert_mismatch(name: &str, record: &DrawRecord, needle: &str) {
    let (code, text) = run(name, record);
    assert_eq!(code, 1, "{name}: the script should fail:\n{text}");
    assert!(text.starts_with("MISMATCH ") && text.contains(needle), "{name}: expected {needle:?} in:\n{text}");
}

fn generated() -> DrawRecord {
    let mut rng = Rng(42);
    let pools = random_pools(&mut rng, 400, 25, 6);
    let params = DrawParams {
        draw_id: "SJ-2026-PY".into(),
        sample: SampleSize::Ratio { basis_points: 1_250, rounding: Rounding::HalfUp },
        inspectors_per_task: 3,
        load_cap: LoadCap::Auto,
        beacon_source: Some("见证人现场报数 \"双引号\" \\ 反斜杠".into()),
        ..golden_params()
    };
    let seed = rng.seed();
    let c = commit(params, &pools, &seed).unwrap_or_else(|e| panic!("commit: {e}"));
    draw(&c, &seed, Some("20260315-7"), pools).unwrap_or_else(|e| panic!("draw: {e}"))
}

#[test]
fn the_script_reproduces_the_golden_record() {
    let pools = golden_pools();
    let c = commit(golden_params(), &pools, &golden_seed()).unwrap_or_else(|e| panic!("{e}"));
    let record = draw(&c, &golden_seed(), None, pools).unwrap_or_else(|e| panic!("{e}"));
    assert_ok("golden", &record);
}

#[test]
fn the_script_reproduces_a_generated_record_and_catches_alterations() {
    let record = generated();
    assert_eq!(record.sample_size, 50);
    assert!(!record.recusals.is_empty());
    assert_ok("generated", &record);

    let mut r = record.clone();
    r.pools.entities[17].name.push('X');
    assert_mismatch("entity", &r, "pools.entities (sha256");

    let mut r = record.clone();
    r.pools.inspectors[3].relations.clear();
    r.pools.inspectors[3].cells.push("12011600109999".into());
    assert_mismatch("inspector", &r, "pools.inspectors (sha256");

    let mut r = record.clone();
    r.selection.swap(3, 4);
    assert_mismatch("selection", &r, "selection[3]");

    let mut r = record.clone();
    r.tasks[5].inspectors[0] = InspectorId(999_999);
    assert_mismatch("task", &r, "tasks[5]");

    let mut r = record.clone();
    r.recusals.pop();
    assert_mismatch("recusal", &r, &format!("recusals[{}]", record.recusals.len() - 1));

    let mut r = record.clone();
    r.commitment.params.inspectors_per_task = 2;
    assert_mismatch("params", &r, "commitment.params_sha256");

    let mut r = record.clone();
    r.seed = "00".repeat(32);
    assert_mismatch("seed", &r, "seed");

    let mut r = record;
    r.beacon_value = Some("20260315-8".into());
    assert_mismatch("beacon", &r, "selection[0]");
}
