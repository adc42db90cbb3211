//! The evidence vault from the command line, end to end with the built binary: `evidence add/export`,
//! `verify-package`, `ledger verify` naming what changed, `ledger watch` catching a rolled-back log, and the crash
//! test — `kill -9` in the middle of appending, on SQLite and PostgreSQL.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use zhibao_store::testing::TestDb;
use zhibao_store::Backend;

fn zhibao(data: &Path, db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zhibao"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("ZHIBAO_LOG", "warn")
        .env("ZHIBAO__DATABASE__URL", db)
        .output()
        .unwrap_or_else(|e| panic!("cannot run zhibao: {e}"))
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn ok(data: &Path, db: &str, args: &[&str]) -> String {
    let o = zhibao(data, db, args);
    assert!(o.status.success(), "zhibao {args:?} failed ({}): {}{}", o.status, text(&o.stdout), text(&o.stderr));
    text(&o.stdout)
}

async fn fresh(b: Backend) -> (TestDb, tempfile::TempDir) {
    let db = TestDb::new(b).await;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    (db, dir)
}

async fn evidence_package_round_trip(b: Backend) {
    let (db, dir) = fresh(b).await;
    let file = dir.path().join("截图.txt");
    std::fs::write(&file, "侵权网页内容 2026-11-21").unwrap_or_else(|e| panic!("{e}"));
    let id = ok(
        dir.path(),
        &db.url,
        &["evidence", "add", file.to_str().unwrap_or(""), "--source-url", "https://shop.example.com/1"],
    );
    let id = id.trim();
    assert!(id.parse::<i64>().is_ok(), "prints only the new id: {id:?}");
    let pkg = dir.path().join("package.zip");
    ok(dir.path(), &db.url, &["evidence", "export", id, "-o", pkg.to_str().unwrap_or("")]);
    let out = ok(dir.path(), &db.url, &["verify-package", pkg.to_str().unwrap_or("")]);
    assert!(out.contains("VERIFIED"), "{out}");
    assert!(out.lines().filter(|l| l.starts_with("[OK]")).count() >= 7, "each check printed: {out}");
    // With the instance's own keys as the trusted set it verifies too; with another instance's keys it does not.
    let keys = dir.path().join("keys");
    let trusted = dir.path().join("trusted");
    std::fs::create_dir_all(&trusted).unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(keys.join("tsa-ca.pem"), trusted.join("ca.pem")).unwrap_or_else(|e| panic!("{e}"));
    let vkeys = extract_vkeys(&pkg);
    std::fs::write(trusted.join("self.vkey"), vkeys).unwrap_or_else(|e| panic!("{e}"));
    let out = ok(
        dir.path(),
        &db.url,
        &["verify-package", pkg.to_str().unwrap_or(""), "--trusted-keys", trusted.to_str().unwrap_or("")],
    );
    assert!(out.contains("VERIFIED"), "{out}");
    let other = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (db2, _d2) = fresh(Backend::Sqlite).await;
    let id2 = ok(other.path(), &db2.url, &["evidence", "add", file.to_str().unwrap_or("")]);
    let pkg2 = other.path().join("p.zip");
    ok(other.path(), &db2.url, &["evidence", "export", id2.trim(), "-o", pkg2.to_str().unwrap_or("")]);
    let o = zhibao(
        dir.path(),
        &db.url,
        &["verify-package", pkg2.to_str().unwrap_or(""), "--trusted-keys", trusted.to_str().unwrap_or("")],
    );
    assert_eq!(o.status.code(), Some(1), "another region's package is not trusted: {}", text(&o.stdout));
    // A changed byte in the file inside the package fails, naming the check.
    let tampered = dir.path().join("tampered.zip");
    std::fs::write(&tampered, rewrite_member(&pkg, "files/", |b| b[0] ^= 1)).unwrap_or_else(|e| panic!("{e}"));
    let o = zhibao(dir.path(), &db.url, &["verify-package", tampered.to_str().unwrap_or("")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stdout).contains("[FAIL]"), "{}", text(&o.stdout));
    // Missing file → a clear error, not a panic.
    let o = zhibao(dir.path(), &db.url, &["verify-package", "/nonexistent.zip"]);
    assert!(!o.status.success() && text(&o.stderr).contains("nonexistent"), "{}", text(&o.stderr));
}

fn extract_vkeys(pkg: &Path) -> String {
    let f = std::fs::File::open(pkg).unwrap_or_else(|e| panic!("{e}"));
    let mut z = zip::ZipArchive::new(f).unwrap_or_else(|e| panic!("{e}"));
    let mut out = String::new();
    for i in 0..z.len() {
        let mut m = z.by_index(i).unwrap_or_else(|e| panic!("{e}"));
        if m.name().ends_with(".vkey") {
            std::io::Read::read_to_string(&mut m, &mut out).unwrap_or_else(|e| panic!("{e}"));
            out.push('\n');
        }
    }
    out
}

/// Copy a ZIP, changing the first member whose name starts with `prefix`.
fn rewrite_member(pkg: &Path, prefix: &str, change: impl Fn(&mut Vec<u8>)) -> Vec<u8> {
    let f = std::fs::File::open(pkg).unwrap_or_else(|e| panic!("{e}"));
    let mut z = zip::ZipArchive::new(f).unwrap_or_else(|e| panic!("{e}"));
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut changed = false;
    for i in 0..z.len() {
        let mut m = z.by_index(i).unwrap_or_else(|e| panic!("{e}"));
        let name = m.name().to_string();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut m, &mut bytes).unwrap_or_else(|e| panic!("{e}"));
        if !changed && name.starts_with(prefix) {
            change(&mut bytes);
            changed = true;
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        std::io::Write::write_all(&mut out, &bytes).unwrap_or_else(|e| panic!("{e}"));
    }
    assert!(changed, "no member {prefix}");
    out.finish().unwrap_or_else(|e| panic!("{e}")).into_inner()
}

async fn ledger_verify_names_changed_rows_and_files(b: Backend) {
    let (db, dir) = fresh(b).await;
    let file = dir.path().join("a.txt");
    std::fs::write(&file, "原始证据").unwrap_or_else(|e| panic!("{e}"));
    let id = ok(dir.path(), &db.url, &["evidence", "add", file.to_str().unwrap_or("")]);
    ok(dir.path(), &db.url, &["ledger", "probe", "--count", "40", "--batch", "7"]);
    let out = ok(dir.path(), &db.url, &["ledger", "verify"]);
    assert!(out.contains("OK"), "{out}");
    let store = db.store().await.unwrap_or_else(|e| panic!("{e}"));
    store
        .execute_raw(&format!("UPDATE evidence SET description = '后来改的' WHERE id = {}", id.trim()))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let sha = store.evidence(id.trim().parse().unwrap_or(0)).await.unwrap_or_else(|e| panic!("{e}")).sha256;
    std::fs::write(dir.path().join("evidence/sha256").join(&sha[..2]).join(&sha), "换掉")
        .unwrap_or_else(|e| panic!("{e}"));
    let o = zhibao(dir.path(), &db.url, &["ledger", "verify"]);
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains(&format!("CHANGED leaf evidence#{}", id.trim())), "{out}");
    assert!(out.contains(&format!("CHANGED file evidence#{}", id.trim())), "{out}");
}

/// kill -9 while appending: the log reopens consistent and every acknowledged entry is there.
async fn crash_in_the_middle_of_appending_loses_nothing_acknowledged(b: Backend) {
    let (db, dir) = fresh(b).await;
    // Create the keys and schema first so the child spends its time appending.
    ok(dir.path(), &db.url, &["ledger", "probe", "--count", "1", "--batch", "1"]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhibao"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["ledger", "probe", "--count", "1000000", "--batch", "50"])
        .env("ZHIBAO_LOG", "warn")
        .env("ZHIBAO__DATABASE__URL", &db.url)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let stdout = child.stdout.take().unwrap_or_else(|| panic!("stdout"));
    let mut acked = 0u64;
    // Read acknowledgements until well into the run, then kill without warning.
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap_or_default();
        if let Some(n) = line.strip_prefix("acked ") {
            acked = n.parse().unwrap_or(acked);
        }
        if acked >= 2_000 {
            break;
        }
    }
    child.kill().unwrap_or_else(|e| panic!("kill -9: {e}"));
    let _ = child.wait();
    assert!(acked >= 2_000, "the child acknowledged appends before the kill");
    let store = db.store().await.unwrap_or_else(|e| panic!("{e}"));
    let size = store.ledger_size().await.unwrap_or(0) as u64;
    assert!(size >= acked, "acknowledged {acked} entries, log has {size}");
    // Consistent: every leaf, node and checkpoint verifies, and appending goes on from where it stopped.
    let out = ok(dir.path(), &db.url, &["ledger", "verify"]);
    assert!(out.contains(&format!("{size} leaves checked, 0 problem(s): OK")), "{out}");
    ok(dir.path(), &db.url, &["ledger", "probe", "--count", "25", "--batch", "10"]);
    let out = ok(dir.path(), &db.url, &["ledger", "verify"]);
    assert!(out.contains(&format!("{} leaves checked, 0 problem(s): OK", size + 25)), "{out}");
}

macro_rules! both {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() { super::$name(zhibao_store::Backend::Sqlite).await }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() { super::$name(zhibao_store::Backend::Postgres).await }
            }
        )*
    };
}

both!(
    evidence_package_round_trip,
    ledger_verify_names_changed_rows_and_files,
    crash_in_the_middle_of_appending_loses_nothing_acknowledged,
);

/// A running instance whose log is rolled back, then forked: `ledger watch` accepts honest growth and reports both.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_accepts_growth_and_catches_rollback_and_fork() {
    let (db, dir) = fresh(Backend::Sqlite).await;
    ok(dir.path(), &db.url, &["ledger", "probe", "--count", "10", "--batch", "3"]);
    let mut server = Command::new(env!("CARGO_BIN_EXE_zhibao"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env("ZHIBAO_LOG", "warn")
        .env("ZHIBAO__DATABASE__URL", &db.url)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut lines = BufReader::new(server.stdout.take().unwrap_or_else(|| panic!("stdout"))).lines();
    let url = loop {
        match lines.next() {
            Some(Ok(l)) if l.starts_with("URL: ") => break l.trim_start_matches("URL: ").to_string(),
            Some(_) => continue,
            None => panic!("server printed no URL"),
        }
    };
    let watch_dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let state = watch_dir.path().join("seen.checkpoint");
    let watch = |dir: &Path| {
        zhibao(dir, &db.url, &["ledger", "watch", &url, "--once", "--state", state.to_str().unwrap_or("")])
    };
    let o = watch(watch_dir.path());
    assert!(
        o.status.success() && text(&o.stdout).contains("first checkpoint: 10 entries"),
        "{}{}",
        text(&o.stdout),
        text(&o.stderr)
    );
    ok(dir.path(), &db.url, &["ledger", "probe", "--count", "7", "--batch", "7"]);
    let o = watch(watch_dir.path());
    assert!(
        o.status.success() && text(&o.stdout).contains("consistent: 10 → 17 entries"),
        "{}{}",
        text(&o.stdout),
        text(&o.stderr)
    );
    // Roll the log back to 12 entries behind the watcher's back.
    let store = db.store().await.unwrap_or_else(|e| panic!("{e}"));
    for sql in [
        "DELETE FROM ledger_leaves WHERE idx >= 12",
        "DELETE FROM ledger_nodes WHERE (idx + 1) * (1 << level) > 12",
        "DELETE FROM ledger_checkpoints WHERE size > 12",
    ] {
        store.execute_raw(sql).await.unwrap_or_else(|e| panic!("{e}"));
    }
    // Whatever the server now serves (the checkpoint at 10, or one it signs for 12) is smaller than 17.
    let o = watch(watch_dir.path());
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}{}", text(&o.stderr));
    assert!(out.contains("ROLLBACK"), "{out}");
    // Fork: different entries at index 12.., grown past the size the watcher saw.
    let f = dir.path().join("other.txt");
    std::fs::write(&f, "另一条历史").unwrap_or_else(|e| panic!("{e}"));
    ok(dir.path(), &db.url, &["evidence", "add", f.to_str().unwrap_or("")]);
    ok(dir.path(), &db.url, &["ledger", "probe", "--count", "10", "--batch", "10"]);
    let o = watch(watch_dir.path());
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}{}", text(&o.stderr));
    assert!(out.contains("FORK"), "{out}");
    let _ = server.kill();
    let _ = server.wait();
}
