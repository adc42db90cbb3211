//! Benchmark: a verifiable 双随机 draw over 100 000 entities and 500 inspectors (goal ≤ 100 ms), beside the raw
//! SHA-256 throughput over the same data — the physical limit, since the draw must hash the entity pool once (its
//! commitment hash) and every entity once more (its key).
//!
//! `cargo run --release -p zhibao-bench --bin draw -- [--entities 100000] [--inspectors 500] [--runs 7]`

use clap::Parser;
use sha2::{Digest, Sha256};
use std::time::{Duration, Instant};
use zhibao_domain::case::ids::CreditCode;
use zhibao_domain::grid::draw::{self, *};

#[derive(Parser)]
struct Args {
    /// Entities in the pool.
    #[arg(long, default_value_t = 100_000)]
    entities: usize,
    /// Inspectors in the pool.
    #[arg(long, default_value_t = 500)]
    inspectors: usize,
    /// Runs (the median is reported).
    #[arg(long, default_value_t = 7)]
    runs: usize,
}

fn credit(n: usize) -> CreditCode {
    let base = format!("91120116MA{:06}", n % 1_000_000);
    CreditCode::complete(&base).unwrap_or_else(|| panic!("credit code {base}"))
}

fn pools(n: usize, m: usize) -> Pools {
    let entities = (1..=n)
        .map(|i| Entity {
            id: EntityId(i as i64),
            name: format!("滨海演示{i}有限公司"),
            credit_code: credit(i),
            cell_code: format!("120116{:03}{:03}{:02}", i % 7, i % 13, i % 40),
            industry_code: ["C2710", "C3911", "F5137", "I6513"][i % 4].into(),
            tags: if i % 10 == 0 { vec!["key_supervision".into()] } else { vec![] },
        })
        .collect();
    let inspectors = (1..=m)
        .map(|j| Inspector {
            id: InspectorId(j as i64),
            name: format!("执法员{j}"),
            dept_id: 1 + (j % 5) as i64,
            certified: j % 25 != 0,
            cells: vec![format!("120116{:03}{:03}{:02}", j % 7, j % 13, j % 40)],
            conflicts: if j % 50 == 0 { vec![Conflict::Entity(EntityId(j as i64))] } else { vec![] },
            relations: vec![],
        })
        .collect();
    Pools::new(entities, inspectors)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let a = Args::parse();
    let mut p = pools(a.entities, a.inspectors);
    p.canonicalise();
    let params = DrawParams {
        draw_id: "BENCH-1".into(),
        year: 2026,
        item: InspectionItem { code: "ZSCQ-001".into(), name: "商标使用行为检查".into(), citation: "商标法 第六十二条".into() },
        filter: PoolFilter::default(),
        sample: SampleSize::Ratio { basis_points: 500, rounding: Rounding::Ceil },
        inspectors_per_task: 2,
        load_cap: LoadCap::Auto,
        beacon_source: None,
    };
    let seed = Seed::from_bytes([7u8; 32]);
    let (mut commit_t, mut draw_t, mut verify_t, mut sha_t) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let bytes = entity_pool_bytes(&p.entities);
    let mut tasks = 0;
    for _ in 0..a.runs.max(1) {
        let t = Instant::now();
        let c = draw::commit(params.clone(), &p, &seed).unwrap_or_else(|e| panic!("{e:?}"));
        commit_t.push(t.elapsed());
        let t = Instant::now();
        let rec = draw::draw(&c, &seed, None, p.clone()).unwrap_or_else(|e| panic!("{e}"));
        draw_t.push(t.elapsed());
        tasks = rec.tasks.len();
        let t = Instant::now();
        verify_record(&rec).unwrap_or_else(|e| panic!("{e}"));
        verify_t.push(t.elapsed());
        // The physical limit: SHA-256 of the canonical pool bytes plus one short hash per entity (its key).
        let t = Instant::now();
        let mut acc = Sha256::digest(&bytes);
        for e in &p.entities {
            let mut h = Sha256::new();
            h.update(seed.as_bytes());
            h.update(b"entity\x1f");
            h.update(e.id.0.to_string().as_bytes());
            let k = h.finalize();
            acc[0] ^= k[0];
        }
        std::hint::black_box(acc);
        sha_t.push(t.elapsed());
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("entities={} inspectors={} drawn={} pool bytes={} runs={}", a.entities, a.inspectors, tasks, bytes.len(), a.runs);
    println!("commit (validate + hash both pools)   median {:8.2} ms", ms(median(commit_t)));
    println!("draw   (check + select + staff)        median {:8.2} ms   goal ≤ 100 ms", ms(median(draw_t)));
    println!("verify (recompute the record)          median {:8.2} ms", ms(median(verify_t)));
    let s = median(sha_t);
    println!(
        "raw SHA-256 (pool bytes + {} keys)   median {:8.2} ms   ({:.0} MB/s on the pool bytes)",
        a.entities,
        ms(s),
        bytes.len() as f64 / s.as_secs_f64() / 1e6
    );
}
