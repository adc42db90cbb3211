//! `zhibao calendar` end to end: the built binary, its stdout, stderr and exit codes.

use std::path::PathBuf;
use std::process::{Command, Output};

fn zhibao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zhibao"))
        .args(args)
        .env("ZHIBAO_LOG", "warn")
        .output()
        .unwrap_or_else(|e| panic!("cannot run zhibao: {e}"))
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Run and expect success; returns stdout.
fn answer(args: &[&str]) -> String {
    let o = zhibao(args);
    assert!(o.status.success(), "zhibao {args:?} failed ({}): {}", o.status, stderr(&o));
    stdout(&o)
}

fn temp_file(name: &str, text: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("zhibao-calendar-cli-{}-{name}", std::process::id()));
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
    path
}

#[test]
fn due_dates_print_only_the_date() {
    assert_eq!(answer(&["calendar", "due", "--from", "2025-09-28", "--workdays", "7"]), "2025-10-14\n");
    assert_eq!(answer(&["calendar", "due", "--from", "2025-09-26", "--days", "5"]), "2025-10-09\n");
    assert_eq!(answer(&["calendar", "due", "--from", "2025-01-31", "--months", "1"]), "2025-02-28\n");
    assert_eq!(answer(&["calendar", "due", "--from", "2026-02-13", "--workdays", "5"]), "2026-02-27\n");
    // The 调休 switch: make-up Saturday 2025-10-11 no longer counts.
    assert_eq!(
        answer(&["calendar", "--no-makeup-workdays", "due", "--from", "2025-09-28", "--workdays", "7"]),
        "2025-10-15\n"
    );
}

#[test]
fn is_workday_prints_true_or_false() {
    assert_eq!(answer(&["calendar", "is-workday", "2025-10-11"]), "true\n"); // Saturday 上班
    assert_eq!(answer(&["calendar", "is-workday", "2025-10-08"]), "false\n");
    assert_eq!(answer(&["calendar", "is-workday", "2025-10-12"]), "false\n");
    assert_eq!(answer(&["calendar", "is-workday", "2026-03-02"]), "true\n");
    assert_eq!(answer(&["calendar", "is-workday", "--no-makeup-workdays", "2025-10-11"]), "false\n");
}

#[test]
fn years_list_their_sources() {
    let out = answer(&["calendar", "years"]);
    assert_eq!(out.lines().count(), 7, "{out}");
    assert!(out.starts_with("2020\t"), "{out}");
    assert!(out.contains("2026\t国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号"), "{out}");
}

#[test]
fn year_not_covered_exits_2_with_a_message() {
    for args in [
        &["calendar", "is-workday", "2027-01-04"][..],
        &["calendar", "due", "--from", "2026-12-31", "--workdays", "1"][..],
        &["calendar", "is-workday", "2019-06-03"][..],
    ] {
        let o = zhibao(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert_eq!(stdout(&o), "", "{args:?}");
        let err = stderr(&o);
        assert!(err.contains("年的放假安排未收录") && err.contains("2020, 2021"), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn bad_input_is_a_clear_error() {
    let o = zhibao(&["calendar", "is-workday", "2025-02-30"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("YYYY-MM-DD"), "{}", stderr(&o));
    let o = zhibao(&["calendar", "due", "--from", "28/09/2025", "--workdays", "7"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("YYYY-MM-DD"), "{}", stderr(&o));
    // Exactly one period.
    let o = zhibao(&["calendar", "due", "--from", "2025-09-28", "--workdays", "7", "--days", "3"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = zhibao(&["calendar", "due", "--from", "2025-09-28"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // A zero period.
    let o = zhibao(&["calendar", "due", "--from", "2025-09-28", "--days", "0"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("期间至少为 1"), "{}", stderr(&o));
}

#[test]
fn a_year_table_can_be_added_from_json() {
    let table = temp_file(
        "2027.json",
        r#"{"year": 2027, "source": "测试：假定的 2027 年通知",
            "holidays": [{"name": "元旦", "first": "2027-01-01", "last": "2027-01-03"}],
            "workdays": ["2027-01-09"]}"#,
    );
    let t = table.to_string_lossy().into_owned();
    assert_eq!(answer(&["calendar", "--table", &t, "is-workday", "2027-01-09"]), "true\n");
    assert_eq!(answer(&["calendar", "--table", &t, "due", "--from", "2026-12-31", "--workdays", "1"]), "2027-01-04\n");
    assert!(answer(&["calendar", "--table", &t, "years"]).contains("2027\t测试"));

    // Invalid: a make-up day on a Wednesday → exit 1 with the validation message.
    let bad = temp_file(
        "bad.json",
        r#"[{"year": 2027, "source": "x", "holidays": [{"name": "元旦", "first": "2027-01-01", "last": "2027-01-01"}],
            "workdays": ["2027-01-06"]}]"#,
    );
    let o = zhibao(&["calendar", "--table", &bad.to_string_lossy(), "is-workday", "2027-01-04"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("调休上班日 2027-01-06 是周三"), "{}", stderr(&o));
    // Not a table at all.
    let junk = temp_file("junk.json", r#"{"year": 2027}"#);
    let o = zhibao(&["calendar", "--table", &junk.to_string_lossy(), "years"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not a year table"), "{}", stderr(&o));
    for p in [table, bad, junk] {
        let _ = std::fs::remove_file(p);
    }
}
