//! Case-desk benchmark (not a test).
//!
//! In one run, on one database on one disk:
//! 1. the physical limit: durable single-row inserts (one row per committed transaction) at the same concurrency;
//! 2. durable intake of matters over HTTP (staff intake endpoint, real server, real session) at that concurrency;
//! 3. a generated corpus of N matters (default 1,000,000) written through the store's batch path;
//! 4. the case list with filters at N (as the leader — all data — and as a case officer — department scope);
//! 5. recomputing every open clock at N (what happens when an administrator changes a calendar year).
//!
//! `cargo run --release -p zhibao-bench --bin case-desk -- --backend sqlite --corpus 1000000`
//! Results go to stdout as Markdown; copy them with the command into docs/benchmarks.md.

use anyhow::Context;
use chrono::NaiveDate;
use clap::Parser;
use sqlx::Connection;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use zhibao_bench::{percentile, Mix};
use zhibao_domain::case::matter::MatterType;
use zhibao_domain::case::procedure::{self, Facts, Run};
use zhibao_server::casework::progress;
use zhibao_server::{seed, AppState, Settings};
use zhibao_store::cases::{NewEvent, NewMatter, NewParty, NewRight};
use zhibao_store::testing::TestDb;
use zhibao_store::{Backend, Ts};

#[derive(Parser)]
struct Args {
    /// `sqlite` or `postgres` (TEST_DATABASE_URL names the server).
    #[arg(long, default_value = "sqlite")]
    backend: String,
    /// Matters in the corpus (list and recompute are measured at this size).
    #[arg(long, default_value_t = 1_000_000)]
    corpus: usize,
    /// Matters filed over HTTP (and raw rows inserted for the peer).
    #[arg(long, default_value_t = 3_000)]
    intake: usize,
    /// Concurrent clients.
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    /// List requests per query shape.
    #[arg(long, default_value_t = 100)]
    list_requests: usize,
    /// Keep the SQLite database at this path; when it already holds a corpus, skip the intake and corpus phases and
    /// measure lists and recompute on it (for iterating on queries).
    #[arg(long)]
    keep_sqlite: Option<std::path::PathBuf>,
    /// Stop after measuring intake (for profiling intake on a kept database).
    #[arg(long)]
    intake_only: bool,
}

const TODAY: &str = "2026-03-02";

fn stats(mut ms: Vec<f64>) -> (f64, f64, f64) {
    ms.sort_by(f64::total_cmp);
    (percentile(&ms, 50.0), percentile(&ms, 95.0), percentile(&ms, 99.0))
}

fn form(i: u64, mix: &mut Mix) -> serde_json::Value {
    let shop = mix.below(5000);
    serde_json::json!({
        "matter_type": if i % 3 == 0 { "report" } else { "complaint" },
        "title": format!("批量投诉 {i}：网店 {shop} 销售侵权商品"),
        "description": format!("第 {i} 件。网店 {shop} 销售仿冒注册商标的商品，请求依法处理。"),
        "applicant": {"kind": "person", "name": format!("投诉人{i}"), "phone": "13800000000"},
        "respondents": [{"kind": "organisation", "name": format!("网店{shop}电子商务有限公司")}],
        "rights": [{"kind": "trademark", "number": format!("{}", 1_000_000 + mix.below(9_000_000)), "title": "注册商标"}],
        "urls": [format!("https://shop.example.com/{shop}/item/{i}")],
    })
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let backend = match args.backend.as_str() {
        "sqlite" => Backend::Sqlite,
        "postgres" => Backend::Postgres,
        other => anyhow::bail!("unknown backend {other}"),
    };
    let today = NaiveDate::parse_from_str(TODAY, "%Y-%m-%d")?;
    let db = TestDb::new(backend).await;
    let reuse = args.keep_sqlite.as_ref().is_some_and(|p| p.exists());
    let (store, db_url) = match &args.keep_sqlite {
        Some(path) => {
            let url = format!("sqlite://{}", path.display());
            (zhibao_store::Store::connect(&url, &Default::default()).await?, url)
        }
        None => (db.store().await?, db.url.clone()),
    };
    if !reuse {
        seed::demo(&store).await?;
    }
    let files = tempfile::tempdir()?;
    let mut settings = Settings::for_test();
    settings.cases.files_dir = files.path().display().to_string();
    // The load comes from one address; lift the per-IP limit of the public filing endpoint for the run.
    settings.security.public_requests_per_minute = u32::MAX;
    let state = AppState::with_today(store.clone(), settings, Some(today));
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let served = state.clone();
    tokio::spawn(async move { zhibao_server::serve(served, listener, std::future::pending()).await });
    println!(
        "# case-desk benchmark — backend {}, concurrency {}, corpus {}\n",
        args.backend, args.concurrency, args.corpus
    );

    if !reuse {
        // 1. The peer: durable single-row inserts on the same database.
        let raw = raw_inserts(&db_url, backend, args.intake, args.concurrency, "bench_raw").await?;
        // 2. Intake over HTTP.
        let intake = http_intake(&base, 0, args.intake, args.concurrency).await?;
        println!("| measure | rows/s | p50 ms | p95 ms | p99 ms |\n|---|---:|---:|---:|---:|");
        println!(
            "| raw durable single-row insert (peer) | {:.0} | {:.2} | {:.2} | {:.2} |",
            raw.0, raw.1 .0, raw.1 .1, raw.1 .2
        );
        println!("| public intake over HTTP (validation, triage, dispatch, duplicate check; matter + 2 parties + right + URL + 2 events + clock in one transaction) | {:.0} | {:.2} | {:.2} | {:.2} |", intake.0, intake.1 .0, intake.1 .1, intake.1 .2);
        println!("\nintake / raw = {:.0} %\n", 100.0 * intake.0 / raw.0);

        // 3. Corpus.
        let t0 = Instant::now();
        let have = args.intake;
        corpus(&state, args.corpus.saturating_sub(have), today).await?;
        println!("corpus: {} matters written in {:.1} s\n", args.corpus, t0.elapsed().as_secs_f64());

        // The corpus stands for years of history, which a running desk has long since appended to the evidence log
        // (every timeline entry is a leaf). Let the sequencer catch up before measuring intake again, and report
        // what the catch-up cost — otherwise the second intake round measures a million-leaf backlog competing for
        // the write lock, not intake.
        let t = Instant::now();
        let ledger = state.ledger().map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let appended = ledger.sequence(&state.store).await?;
        println!(
            "ledger catch-up after the corpus: {appended} leaves appended in {:.1} s (plus what the background \
             sequencer appended while the corpus was written)\n",
            t.elapsed().as_secs_f64()
        );

        // The corpus stands for history the planner has long seen: take statistics before measuring intake on it
        // (PostgreSQL's autovacuum would analyse the grown tables within about a minute; SQLite's server checks every
        // ten minutes). Without this the second round measures plans made for near-empty tables.
        let t = Instant::now();
        store.analyze().await?;
        println!("ANALYZE after the corpus: {:.1} s\n", t.elapsed().as_secs_f64());
    }

    // 2b. Intake again, now into the full corpus (deeper indexes, more duplicate candidates per respondent), beside
    // the raw peer measured again on the same, now large, database file — the ratio compares two rates taken
    // minutes apart on the same disk, not one taken on an empty file at the start. On a kept database this is the
    // first measurement (each run adds `--intake` matters to it; the filings' numbers continue after the corpus).
    let size = count_matters(&db_url, backend).await?;
    let raw = raw_inserts(&db_url, backend, args.intake, args.concurrency, "bench_raw_full").await?;
    let again = http_intake(&base, size as u64, args.intake, args.concurrency).await?;
    println!("| measure at {size} matters | rows/s | p50 ms | p95 ms | p99 ms |\n|---|---:|---:|---:|---:|");
    println!(
        "| raw durable single-row insert (peer, same database) | {:.0} | {:.2} | {:.2} | {:.2} |",
        raw.0, raw.1 .0, raw.1 .1, raw.1 .2
    );
    println!(
        "| public intake over HTTP | {:.0} | {:.2} | {:.2} | {:.2} |",
        again.0, again.1 .0, again.1 .1, again.1 .2
    );
    println!("\nintake at {size} / raw = {:.0} %\n", 100.0 * again.0 / raw.0);
    if args.intake_only {
        return Ok(());
    }

    // The nightly planner-statistics refresh, as in operation (`Store::analyze`).
    let t = Instant::now();
    store.analyze().await?;
    println!("ANALYZE: {:.1} s\n", t.elapsed().as_secs_f64());

    // 4. Lists.
    println!("| list query at {} matters | p50 ms | p95 ms | p99 ms |\n|---|---:|---:|---:|", args.corpus);
    for user in ["leader", "officer"] {
        let client = session(&base, user).await?;
        for (name, q) in [
            ("first page, newest first", "/api/v1/cases?page_size=20&sort=created_at&order=desc"),
            (
                "type + state + open only",
                "/api/v1/cases?matter_type=complaint&state=received&open_only=true&page_size=20",
            ),
            ("received date range", "/api/v1/cases?received_from=2026-02-01&received_to=2026-02-28&page_size=20"),
            ("keyword (receipt number)", "/api/v1/cases?q=BH-TS-2026-0005&page_size=20"),
        ] {
            let mut ms = Vec::new();
            for _ in 0..args.list_requests {
                let t = Instant::now();
                let r = client.get(format!("{base}{q}")).send().await?;
                anyhow::ensure!(r.status().is_success(), "{q}: {}", r.status());
                let _ = r.bytes().await?;
                ms.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            let (p50, p95, p99) = stats(ms);
            println!("| {user}: {name} | {p50:.1} | {p95:.1} | {p99:.1} |");
        }
    }

    // 5. Recompute every open clock.
    let t = Instant::now();
    let moved = progress::recompute_clocks(&state).await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
    println!(
        "\nrecompute every open clock at {} matters: {:.2} s ({moved} moved)",
        args.corpus,
        t.elapsed().as_secs_f64()
    );
    Ok(())
}

/// How many matters the database holds.
async fn count_matters(url: &str, backend: Backend) -> anyhow::Result<i64> {
    const SQL: &str = "SELECT COUNT(*) FROM matters";
    Ok(match backend {
        Backend::Sqlite => sqlx::query_scalar(SQL).fetch_one(&mut sqlx::SqliteConnection::connect(url).await?).await?,
        Backend::Postgres => sqlx::query_scalar(SQL).fetch_one(&mut sqlx::PgConnection::connect(url).await?).await?,
    })
}

async fn raw_inserts(
    url: &str,
    backend: Backend,
    n: usize,
    conc: usize,
    table: &'static str,
) -> anyhow::Result<(f64, (f64, f64, f64))> {
    // The same database file / server, the same durability as zhibao's (SQLite WAL + synchronous=FULL; PostgreSQL
    // with its default synchronous_commit=on).
    let make = || async {
        let c: anyhow::Result<Box<dyn RawConn>> = match backend {
            Backend::Sqlite => {
                let opts: sqlx::sqlite::SqliteConnectOptions = url.parse()?;
                let opts = opts
                    .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
                    .synchronous(sqlx::sqlite::SqliteSynchronous::Full)
                    .busy_timeout(Duration::from_secs(30));
                Ok(Box::new(sqlx::SqliteConnection::connect_with(&opts).await?))
            }
            Backend::Postgres => Ok(Box::new(sqlx::PgConnection::connect(url).await?)),
        };
        c
    };
    {
        let mut c = make().await?;
        c.exec(&format!("DROP TABLE IF EXISTS {table}")).await?;
        c.exec(&format!("CREATE TABLE {table} (id BIGINT PRIMARY KEY, body TEXT NOT NULL)")).await?;
    }
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..conc {
        let next = next.clone();
        let mut c = make().await?;
        tasks.push(tokio::spawn(async move {
            let mut ms = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    break;
                }
                let t = Instant::now();
                c.insert(table, i as i64).await?;
                ms.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            anyhow::Ok(ms)
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await??);
    }
    Ok((n as f64 / started.elapsed().as_secs_f64(), stats(all)))
}

trait RawConn: Send {
    fn exec<'a>(
        &'a mut self,
        sql: &'a str,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = anyhow::Result<()>> + Send + 'a>>;
    fn insert(
        &mut self,
        table: &'static str,
        id: i64,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = anyhow::Result<()>> + Send + '_>>;
}

/// The same two statements on either connection type.
macro_rules! raw_conn {
    ($t:ty) => {
        impl RawConn for $t {
            fn exec<'a>(
                &'a mut self,
                sql: &'a str,
            ) -> std::pin::Pin<Box<dyn std::future::Future<Output = anyhow::Result<()>> + Send + 'a>> {
                Box::pin(async move { sqlx::query(sql).execute(&mut *self).await.map(|_| ()).context("exec") })
            }
            fn insert(
                &mut self,
                table: &'static str,
                id: i64,
            ) -> std::pin::Pin<Box<dyn std::future::Future<Output = anyhow::Result<()>> + Send + '_>> {
                Box::pin(async move {
                    // sqlx caches the prepared statement per SQL text, so this is prepared once per connection.
                    let sql = format!("INSERT INTO {table} (id, body) VALUES ($1, $2)");
                    sqlx::query(&sql)
                        .bind(id)
                        .bind("一行投诉登记的原始写入")
                        .execute(&mut *self)
                        .await?;
                    Ok(())
                })
            }
        }
    };
}
raw_conn!(sqlx::SqliteConnection);
raw_conn!(sqlx::PgConnection);

async fn http_intake(base: &str, first: u64, n: usize, conc: usize) -> anyhow::Result<(f64, (f64, f64, f64))> {
    // The public filing endpoint (the portal's form): validation, triage, dispatch, duplicate check, receipt.
    let next = Arc::new(AtomicUsize::new(0));
    let mut clients = Vec::new();
    for _ in 0..conc {
        clients.push(reqwest::Client::new());
    }
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (k, client) in clients.into_iter().enumerate() {
        let next = next.clone();
        let base = base.to_string();
        tasks.push(tokio::spawn(async move {
            let mut mix = Mix(k as u64 + 1);
            let mut ms = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    break;
                }
                let t = Instant::now();
                let r = client
                    .post(format!("{base}/api/v1/public/matters"))
                    .json(&form(first + i as u64, &mut mix))
                    .send()
                    .await?;
                anyhow::ensure!(
                    r.status().as_u16() == 201,
                    "intake {i}: {} {}",
                    r.status(),
                    r.text().await.unwrap_or_default()
                );
                ms.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            anyhow::Ok(ms)
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await??);
    }
    Ok((n as f64 / started.elapsed().as_secs_f64(), stats(all)))
}

/// A client with a session: cookies kept by reqwest, the CSRF token sent as a default header.
async fn session(base: &str, user: &str) -> anyhow::Result<reqwest::Client> {
    let jar = Arc::new(reqwest::cookie::Jar::default());
    let plain = reqwest::Client::builder().cookie_provider(jar.clone()).build()?;
    let r = plain
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"username": user, "password": seed::DEMO_PASSWORD}))
        .send()
        .await?;
    anyhow::ensure!(r.status().is_success(), "login {user}: {}", r.status());
    let me: serde_json::Value = r.json().await?;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-csrf-token", me["csrf_token"].as_str().unwrap_or_default().parse()?);
    Ok(reqwest::Client::builder().cookie_provider(jar).default_headers(headers).build()?)
}

async fn corpus(state: &AppState, n: usize, today: NaiveDate) -> anyhow::Result<()> {
    let store = &state.store;
    let cal = state.calendar();
    let officer = store.user_id_by_name("officer").await?.context("officer")?;
    let dept = store.dept_by_code("BH-SCJGJ-WQYZ").await?.context("dept")?.id;
    let mut mix = Mix(42);
    let mut batch = Vec::new();
    let now = Ts::new(chrono::Utc::now());
    let mut written = 0;
    // Receipt days spread over Jan–Feb 2026 so every clock lies inside the built-in calendar.
    let first = NaiveDate::from_ymd_opt(2026, 1, 5).context("date")?;
    while written < n {
        let i = written as u64;
        let t = if i % 3 == 0 { MatterType::Report } else { MatterType::Complaint };
        // Nine in ten matters of a mature desk are closed; the open ones were received in the last week, so their
        // clocks are still running (overdue ones would be escalated by the server's sweep during the run).
        let closed = mix.below(10) != 0;
        let received = if closed {
            first + chrono::Duration::days((mix.below(55)) as i64)
        } else {
            today - chrono::Duration::days((mix.below(6)) as i64)
        };
        let received = received.min(today);
        let proc_ = procedure::for_matter(t).context("procedure")?;
        let run = Run::open(proc_, received, &Facts::default(), &[], &cal).map_err(|e| anyhow::anyhow!("{e}"))?;
        let shop = mix.below(50_000);
        let name = format!("网店{shop}电子商务有限公司");
        batch.push(NewMatter {
            receipt_prefix: format!("BH-{}-2026", t.receipt_code()),
            query_code: "BENCHQRY".into(),
            matter_type: t.code().into(),
            state: if closed { "closed".into() } else { run.state.clone() },
            track: if mix.below(10) == 0 { "ordinary".into() } else { "simple".into() },
            channel: "import".into(),
            title: format!("批量投诉 {i}：网店 {shop} 销售侵权商品"),
            description: format!("第 {i} 件。网店 {shop} 销售仿冒注册商标的商品，请求依法处理。"),
            amount_cents: Some((mix.below(1_000_000)) as i64),
            area_code: Some(format!("120116{:03}", 1 + mix.below(19))),
            cell_code: None,
            dept_id: dept,
            officer_id: Some(officer),
            cross_region: false,
            foreign_party: false,
            real_name: true,
            received_on: received,
            created_by: None,
            parties: vec![
                NewParty {
                    role: "complainant".into(),
                    kind: "person".into(),
                    name: format!("投诉人{i}"),
                    name_key: format!("投诉人{i}"),
                    id_number: None,
                    credit_code: None,
                    phone: None,
                    address: None,
                    area_code: None,
                },
                NewParty {
                    role: "respondent".into(),
                    kind: "organisation".into(),
                    name_key: zhibao_domain::case::similar::normalize_name(&name),
                    name,
                    id_number: None,
                    credit_code: None,
                    phone: None,
                    address: None,
                    area_code: None,
                },
            ],
            rights: vec![NewRight {
                kind: "trademark".into(),
                number: Some(format!("{}", 1_000_000 + mix.below(9_000_000))),
                title: Some("注册商标".into()),
            }],
            urls: vec![(
                format!("https://shop.example.com/{shop}/item/{i}"),
                format!("shop.example.com/{shop}/item/{i}"),
            )],
            events: vec![NewEvent {
                kind: "intake".into(),
                to_state: Some(run.state.clone()),
                public: true,
                note: Some("批量登记".into()),
                ..Default::default()
            }],
            clocks: if closed { Vec::new() } else { progress::clock_rows(&run) },
            closed_at: closed.then_some(now),
            audit: None,
        });
        written += 1;
        if batch.len() == 5000 || written == n {
            store.create_matters(&batch, now).await?;
            batch.clear();
        }
    }
    Ok(())
}
