//! The built-in calendar tables against an independent oracle: for every day of 2020–2026, `is_workday` must agree
//! with the PyPI package `chinese-calendar` (MIT), asked through `scripts/calendar_oracle.py`.
//!
//! This test never skips: without python3 or the package it fails and says `pip install chinese-calendar`.

use chrono::{Datelike, NaiveDate};
use std::path::Path;
use std::process::Command;
use zhibao_domain::calendar::Calendar;

const FIRST: i32 = 2020;
const LAST: i32 = 2026;
const HINT: &str = "the calendar oracle needs python3 with the package chinese-calendar: pip install chinese-calendar";

#[test]
fn every_day_of_2020_to_2026_agrees_with_chinese_calendar() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let script = root.join("scripts/calendar_oracle.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg(FIRST.to_string())
        .arg(LAST.to_string())
        .current_dir(&root)
        .output()
        .unwrap_or_else(|e| panic!("cannot run python3 {}: {e}\n{HINT}", script.display()));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{} failed ({}):\n{stderr}\n{HINT}", script.display(), out.status);
    let stdout = String::from_utf8(out.stdout).unwrap_or_else(|e| panic!("oracle output is not UTF-8: {e}"));

    let cal = Calendar::builtin();
    let mut version = "unknown version".to_string();
    let mut compared = 0usize;
    let mut expected_next = NaiveDate::from_ymd_opt(FIRST, 1, 1).unwrap_or_else(|| panic!("bad first date"));
    let mut mismatches = Vec::new();
    for line in stdout.lines() {
        if let Some(v) = line.strip_prefix("# ") {
            version = v.to_string();
            continue;
        }
        let (date, flag) = line.split_once(' ').unwrap_or_else(|| panic!("oracle line without a space: {line:?}"));
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap_or_else(|e| panic!("oracle date {line:?}: {e}"));
        let oracle = match flag {
            "1" => true,
            "0" => false,
            _ => panic!("oracle flag must be 0 or 1: {line:?}"),
        };
        assert_eq!(date, expected_next, "oracle skipped or repeated a day");
        expected_next = date.succ_opt().unwrap_or_else(|| panic!("date overflow"));
        let ours = cal.is_workday(date).unwrap_or_else(|e| panic!("{date}: {e}"));
        if ours != oracle {
            let kind = cal.day_kind(date).map(|k| format!("{k:?}")).unwrap_or_else(|e| e.to_string());
            mismatches.push(format!("{date} ({}) zhibao={ours} ({kind}) chinese-calendar={oracle}", date.weekday()));
        }
        compared += 1;
    }
    let days: usize = (FIRST..=LAST).map(|y| if NaiveDate::from_ymd_opt(y, 2, 29).is_some() { 366 } else { 365 }).sum();
    assert_eq!(compared, days, "the oracle ({version}) answered for {compared} days, expected {days}");
    assert!(
        mismatches.is_empty(),
        "{} of {compared} days disagree with {version}:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    eprintln!("calendar oracle: {compared} days of {FIRST}–{LAST} agree with {version}");
}
