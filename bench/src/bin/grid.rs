//! Grid registry benchmark (not a test).
//!
//! In one run:
//! 1. placing N points (default 1,000,000) in the 278 Binhai demo cells: the R-tree index (what zhibao uses) beside
//!    the naive baseline (every cell's point-in-polygon test in turn) and the physical limit (one pass over the
//!    points doing nothing but summing coordinates — memory bandwidth);
//! 2. writing N placed market entities through the store's batch path, on SQLite or PostgreSQL;
//! 3. the heat-map query (counts per cell, entities measure) at N, as the leader (all data) and under a department
//!    scope, p50/p95/p99 over repeated requests (goal ≤ 100 ms).
//!
//! `cargo run --release -p zhibao-bench --bin grid -- --backend sqlite --entities 1000000`
//! Results go to stdout as Markdown; copy them with the command into docs/benchmarks.md.

use chrono::{NaiveDate, Utc};
use clap::Parser;
use std::collections::BTreeSet;
use std::time::Instant;
use zhibao_bench::{percentile, Mix};
use zhibao_domain::grid::heat::Measure;
use zhibao_domain::grid::place::{CellIndex, Region};
use zhibao_domain::scope::Filter;
use zhibao_server::seed;
use zhibao_store::grid::NewEntity;
use zhibao_store::testing::TestDb;
use zhibao_store::{Backend, Ts};

#[derive(Parser)]
struct Args {
    /// `sqlite` or `postgres` (TEST_DATABASE_URL names the server).
    #[arg(long, default_value = "sqlite")]
    backend: String,
    /// Entities placed and stored.
    #[arg(long, default_value_t = 1_000_000)]
    entities: usize,
    /// Points the naive baseline places (it is slow; its rate is reported per point).
    #[arg(long, default_value_t = 200_000)]
    naive: usize,
    /// Heat-map requests per shape.
    #[arg(long, default_value_t = 30)]
    requests: usize,
    /// Skip the database phases (placement only).
    #[arg(long)]
    no_db: bool,
}

fn stats(mut ms: Vec<f64>) -> (f64, f64, f64) {
    ms.sort_by(f64::total_cmp);
    (percentile(&ms, 50.0), percentile(&ms, 95.0), percentile(&ms, 99.0))
}

fn demo_cells() -> anyhow::Result<Vec<Region>> {
    let seed: serde_json::Value = serde_json::from_str(include_str!("../../../crates/server/seed/binhai-geo.json"))?;
    let mut out = Vec::new();
    for (i, f) in seed["cells"]["features"].as_array().into_iter().flatten().enumerate() {
        let polygons = zhibao_domain::grid::geojson::polygons_of(&f["geometry"]).map_err(anyhow::Error::msg)?;
        out.push(Region { id: i as i64 + 1, area_id: 1, polygons });
    }
    Ok(out)
}

fn bbox(regions: &[Region]) -> [f64; 4] {
    let mut b = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
    for r in regions {
        for p in r.polygons.iter().flatten().flatten() {
            b = [b[0].min(p[0]), b[1].min(p[1]), b[2].max(p[0]), b[3].max(p[1])];
        }
    }
    b
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let regions = demo_cells()?;
    let b = bbox(&regions);
    let mut mix = Mix(2026_12_05);
    let unit = |m: &mut Mix| (m.next() >> 11) as f64 / (1u64 << 53) as f64;
    let points: Vec<(f64, f64)> = (0..args.entities)
        .map(|_| (b[0] + unit(&mut mix) * (b[2] - b[0]), b[1] + unit(&mut mix) * (b[3] - b[1])))
        .collect();
    let t = Instant::now();
    let index = CellIndex::new(regions.clone());
    let build_ms = t.elapsed().as_secs_f64() * 1e3;

    println!("## Grid registry (issue 6) — placement and heat map, {} backend\n", args.backend);
    println!(
        "Cells: {} (Binhai demo geometry); points uniform over their bounding box; N = {}.\n",
        index.len(),
        args.entities
    );
    println!("| placement | points | seconds | points/s | placed |");
    println!("|---|---:|---:|---:|---:|");
    // Physical limit: one pass over the points.
    let t = Instant::now();
    let sum: f64 = points.iter().map(|(x, y)| x + y).sum();
    let s = t.elapsed().as_secs_f64();
    println!(
        "| memory pass (limit; checksum {:.0}) | {} | {s:.3} | {:.0} | – |",
        sum,
        points.len(),
        points.len() as f64 / s
    );
    let t = Instant::now();
    let placed: Vec<Option<i64>> = points.iter().map(|(x, y)| index.locate(*x, *y).map(|r| r.id)).collect();
    let s = t.elapsed().as_secs_f64();
    let n_placed = placed.iter().filter(|p| p.is_some()).count();
    println!(
        "| R-tree + point in polygon (zhibao; index built in {build_ms:.1} ms) | {} | {s:.3} | {:.0} | {n_placed} |",
        points.len(),
        points.len() as f64 / s
    );
    let naive_n = args.naive.min(points.len());
    let t = Instant::now();
    let naive: Vec<Option<i64>> =
        points[..naive_n].iter().map(|(x, y)| index.locate_naive(*x, *y).map(|r| r.id)).collect();
    let s = t.elapsed().as_secs_f64();
    let agree = naive.iter().zip(&placed).filter(|(a, b)| a == b).count();
    println!(
        "| naive: every cell in turn (baseline) | {naive_n} | {s:.3} | {:.0} | agrees on {agree}/{naive_n} |",
        naive_n as f64 / s
    );
    println!();
    if args.no_db {
        return Ok(());
    }

    let backend = if args.backend == "postgres" { Backend::Postgres } else { Backend::Sqlite };
    let db = TestDb::new(backend).await;
    let store = db.store().await?;
    seed::demo(&store).await?;
    let cells = store.list_cells(None).await?;
    let root = store.dept_by_code("BH-SCJGJ").await?.map(|d| d.id).unwrap_or(1);
    let other = store.dept_by_code("BH-SCJGJ-WQYZ").await?.map(|d| d.id).unwrap_or(root);
    // Map the benchmark's region ids (1-based order of the seed file) to stored cell ids (same order by code).
    let mut by_code: Vec<(String, i64, i64)> = cells.iter().map(|c| (c.code.clone(), c.id, c.area_id)).collect();
    by_code.sort();
    let seed_order: Vec<String> = {
        let seed: serde_json::Value =
            serde_json::from_str(include_str!("../../../crates/server/seed/binhai-geo.json"))?;
        seed["cells"]["features"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|f| f["properties"]["code"].as_str().unwrap_or("").to_string())
            .collect()
    };
    let cell_of = |rid: i64| -> Option<(i64, i64)> {
        let code = seed_order.get((rid - 1) as usize)?;
        by_code.iter().find(|(c, ..)| c == code).map(|(_, id, area)| (*id, *area))
    };
    let lookup: Vec<Option<(i64, i64)>> = (1..=regions.len() as i64).map(cell_of).collect();
    let now = Ts::new(Utc::now());
    let t = Instant::now();
    let batch = 5_000;
    let mut written = 0usize;
    for (chunk_no, chunk) in points.chunks(batch).enumerate() {
        let rows: Vec<NewEntity> = chunk
            .iter()
            .enumerate()
            .map(|(i, (lon, lat))| {
                let k = chunk_no * batch + i;
                let cell = placed[k].and_then(|rid| lookup[(rid - 1) as usize]);
                NewEntity {
                    credit_code: format!("B{k:017}"),
                    name: format!("基准主体{k}"),
                    legal_rep: None,
                    address: None,
                    lon: Some(*lon),
                    lat: Some(*lat),
                    industry: "C2710".into(),
                    rights: vec![],
                    tags: if k % 10 == 0 { vec!["key_supervision".into()] } else { vec![] },
                    risk_level: "low".into(),
                    dept_id: if k % 4 == 0 { other } else { root },
                    status: "active".into(),
                    area_id: cell.map(|c| c.1),
                    cell_id: cell.map(|c| c.0),
                }
            })
            .collect();
        store.insert_entities(&rows, None, now).await.map_err(|(i, e)| anyhow::anyhow!("row {i}: {e}"))?;
        written += rows.len();
    }
    let s = t.elapsed().as_secs_f64();
    // Planner statistics, as the server keeps them (ANALYZE at start and nightly; ADR 0006).
    store.analyze().await?;
    println!("Stored {written} placed entities through the store's batch path (5,000 per transaction, tags on 10 %) in {s:.1} s ({:.0} rows/s).\n", written as f64 / s);

    println!("| heat-map query (entities measure) at N | requests | p50 ms | p95 ms | p99 ms | cells |");
    println!("|---|---:|---:|---:|---:|---:|");
    let from = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let to = NaiveDate::from_ymd_opt(2030, 12, 31).unwrap_or_default();
    let scoped = Filter::Restricted { depts: BTreeSet::from([other]), subtrees: BTreeSet::new(), own_user: None };
    for (label, filter) in [("leader (all data)", Filter::All), ("one department (¼ of the entities)", scoped)] {
        let mut ms = Vec::new();
        let mut n = 0;
        for _ in 0..args.requests {
            let t = Instant::now();
            n = store.heat_counts(&filter, Measure::Entities, from, to).await?.len();
            ms.push(t.elapsed().as_secs_f64() * 1e3);
        }
        let (p50, p95, p99) = stats(ms);
        println!("| {label} | {} | {p50:.1} | {p95:.1} | {p99:.1} | {n} |", args.requests);
    }
    let mut ms = Vec::new();
    for _ in 0..args.requests {
        let t = Instant::now();
        store.heat_counts(&Filter::All, Measure::Matters, from, to).await?;
        ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let (p50, p95, p99) = stats(ms);
    println!("| matters measure (no matters in this corpus: the query's fixed cost) | {} | {p50:.1} | {p95:.1} | {p99:.1} | – |", args.requests);
    // Re-placing everything after a cell change: read all points, place, write the changes.
    let t = Instant::now();
    let pts = store.entity_points().await?;
    let read = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let _ = pts.iter().map(|p| index.locate(p.lon.unwrap_or(0.0), p.lat.unwrap_or(0.0))).count();
    let place = t.elapsed().as_secs_f64();
    println!("\nRe-placement pass: reading {} points {read:.2} s, placing them {place:.2} s (writes only for entities whose cell changed).", pts.len());
    Ok(())
}
