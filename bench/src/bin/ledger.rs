//! Evidence-ledger benchmark (issue 4): durable appends per second in batch mode beside the raw durable insert of
//! the same rows into the same database (the engine's limit on this disk); inclusion-proof latency at a large log;
//! evidence-package verification time. Tessera's published ~2,900 appends/s on local disk is the external reference
//! (it cannot be run here: no Go toolchain and no network).
//!
//! ```sh
//! cargo build --release -p zhibao-bench
//! target/release/ledger --backend sqlite --entries 10000000 --append 200000 --batch 2000 --proofs 10000
//! ```

use anyhow::Context;
use clap::Parser;
use std::time::{Duration, Instant};
use zhibao_server::{AppState, Settings};
use zhibao_store::ledger::{LeafKind, NewLeaf};
use zhibao_store::{Backend, Store, Ts};

#[derive(Parser)]
struct Args {
    /// `sqlite` or `postgres` (TEST_DATABASE_URL names the server).
    #[arg(long, default_value = "sqlite")]
    backend: String,
    /// Log size for the proof-latency measurement.
    #[arg(long, default_value_t = 1_000_000)]
    entries: u64,
    /// Entries appended in the timed append run.
    #[arg(long, default_value_t = 100_000)]
    append: u64,
    /// Entries per append transaction.
    #[arg(long, default_value_t = 2_000)]
    batch: u64,
    /// Inclusion proofs to time.
    #[arg(long, default_value_t = 10_000)]
    proofs: u64,
    /// Package verifications to time.
    #[arg(long, default_value_t = 200)]
    packages: u64,
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// The engine's limit: the same rows a log append writes (one leaf row plus, on average, one node row per leaf),
/// written by the same store call in transactions of the same size, durably — with no hashing, no frontier and no
/// signing. Runs on a separate, fresh database.
async fn raw_insert(store: &Store, n: u64, batch: u64) -> anyhow::Result<f64> {
    let t = Instant::now();
    let mut done = 0u64;
    while done < n {
        let k = batch.min(n - done);
        let leaves: Vec<NewLeaf> = (done..done + k)
            .map(|i| NewLeaf { kind: LeafKind::Probe, ref_id: i as i64, leaf_hash: i.to_be_bytes().repeat(4) })
            .collect();
        let nodes: Vec<(i64, i64, Vec<u8>)> =
            (done..done + k).map(|i| (1 + (i % 20) as i64, i as i64, vec![7u8; 32])).collect();
        store.ledger_append(done as i64, &leaves, &nodes, Ts::new(chrono::Utc::now())).await?;
        done += k;
    }
    Ok(n as f64 / t.elapsed().as_secs_f64())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let backend = match args.backend.as_str() {
        "sqlite" => Backend::Sqlite,
        "postgres" => Backend::Postgres,
        b => anyhow::bail!("unknown backend {b}"),
    };
    let db = zhibao_store::testing::TestDb::new(backend).await;
    let store = db.store().await?;
    zhibao_server::seed::bootstrap(&store).await?;
    let dir = tempfile::tempdir()?;
    let mut settings = Settings::for_test();
    settings.ledger.keys_dir = dir.path().join("keys").display().to_string();
    settings.evidence.store = dir.path().join("evidence").display().to_string();
    let state = AppState::new(store.clone(), settings);
    let ledger = state.ledger().map_err(|e| anyhow::anyhow!("{e}"))?;
    ledger.check_alg(&store).await?;
    println!("backend {}, hash {}", args.backend, ledger.alg.name());

    // 1. Durable appends in batch mode, beside the raw insert of the same rows.
    let peer_db = zhibao_store::testing::TestDb::new(backend).await;
    let raw = raw_insert(&peer_db.store().await?, args.append, args.batch).await.context("raw insert")?;
    let t = Instant::now();
    ledger.append_probes(&store, args.append, args.batch, |_| {}).await?;
    let ours = args.append as f64 / t.elapsed().as_secs_f64();
    println!("| raw durable insert, same rows, {} per transaction (engine limit) | {raw:.0} |", args.batch);
    println!(
        "| zhibao append (hash, frontier, leaves + nodes + checkpoint signed per batch), {} per transaction | {ours:.0} |",
        args.batch
    );
    println!("ratio to raw {:.0} %, to Tessera's published 2,900/s {:.1}×", 100.0 * ours / raw, ours / 2900.0);

    // 2. Grow the log to `entries` and time inclusion proofs at random indices against the full size.
    let have = store.ledger_size().await? as u64;
    if args.entries > have {
        let t = Instant::now();
        ledger.append_probes(&store, args.entries - have, 20_000, |_| {}).await?;
        println!("grew the log to {} entries in {:.0} s", args.entries, t.elapsed().as_secs_f64());
    }
    let size = store.ledger_size().await? as u64;
    // Steady state, as autovacuum / the nightly ANALYZE leave it: statistics, and on PostgreSQL a visibility map
    // (index-only scans) — measured right after a bulk load, autovacuum would otherwise run during the timing.
    let t = Instant::now();
    match backend {
        Backend::Postgres => {
            store.execute_raw("VACUUM ANALYZE ledger_nodes").await?;
            store.execute_raw("VACUUM ANALYZE ledger_leaves").await?;
        }
        Backend::Sqlite => store.analyze().await?,
    }
    println!("vacuum/analyze after the load: {:.1} s", t.elapsed().as_secs_f64());
    // Warm-up (connections, prepared statements, caches), not timed.
    for i in 0..1000u64 {
        std::hint::black_box(ledger.inclusion(&store, (i * 7919) % size, size).await?);
    }
    let mut lat = Vec::with_capacity(args.proofs as usize);
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..args.proofs {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let index = x % size;
        let t = Instant::now();
        let p = ledger.inclusion(&store, index, size).await?;
        lat.push(t.elapsed());
        std::hint::black_box(p);
    }
    lat.sort();
    println!(
        "| inclusion proof at {size} entries ({} proofs, in-process, DB lookups included) | p50 {:.3} ms | p99 {:.3} ms |",
        args.proofs,
        pct(&lat, 0.5),
        pct(&lat, 0.99)
    );

    // 3. Evidence package: build once, verify many times.
    let who = zhibao_server::ledger::evidence::Uploader { id: None, name: "bench".into(), dept_id: None };
    let text = vec![b'a'; 256 * 1024];
    let e = zhibao_server::ledger::evidence::add(&state, None, &who, "bench.txt", text.into(), Default::default())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let zip = zhibao_server::ledger::package::build(&state, &e).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut lat = Vec::new();
    for _ in 0..args.packages {
        let t = Instant::now();
        let r = zhibao_ledger_verify(&zip);
        lat.push(t.elapsed());
        anyhow::ensure!(r, "package does not verify");
    }
    lat.sort();
    println!(
        "| verify a 256 KiB evidence package (all checks, both signatures, TSA token) | p50 {:.2} ms | p99 {:.2} ms | ({} bytes) |",
        pct(&lat, 0.5),
        pct(&lat, 0.99),
        zip.len()
    );
    Ok(())
}

fn zhibao_ledger_verify(zip: &[u8]) -> bool {
    zhibao_ledger::package::verify(zip, &zhibao_ledger::package::VerifyOptions::default()).ok
}
