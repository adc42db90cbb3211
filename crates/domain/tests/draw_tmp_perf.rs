#[path = "draw_support.rs"]
mod support;
use std::time::Instant;
use support::*;
use zhibao_domain::grid::draw::*;

fn sha256_of(b: &[u8]) -> [u8; 32] { use sha2::Digest; sha2::Sha256::digest(b).into() }
#[test]
fn perf() {
    let cell = |n: u64| format!("1201160010{:04}", n);
    let entities: Vec<Entity> = (1..=100_000i64).map(|id| Entity {
        id: EntityId(id), name: format!("天津滨海新区某某科技有限公司{id}"), credit_code: credit_code(10_000_000 + id as u32),
        cell_code: cell(id as u64 % 300), industry_code: "C2710".into(), tags: vec!["重点监管".into()],
    }).collect();
    let inspectors: Vec<Inspector> = (1..=500i64).map(|id| {
        let mut i = inspector(id, &format!("执法员{id}"), 1 + id % 5, id % 10 != 0);
        i.cells = vec![cell(id as u64 % 300)];
        i.conflicts = vec![Conflict::Entity(EntityId(id * 7))];
        i.relations = vec![EntityId(id * 11)];
        i
    }).collect();
    let pools = Pools::new(entities, inspectors);
    let seed = Seed::from_bytes([9; 32]);
    let params = golden_params();
    let best = |f: &dyn Fn()| (0..7).map(|_| { let t = Instant::now(); f(); t.elapsed() }).min().unwrap_or_default();
    let p1 = DrawParams { sample: SampleSize::Count(1000), ..params.clone() };
    eprintln!("check best {:?}", best(&|| { check(&p1, &pools).expect("c"); }));
    eprintln!("ehash best {:?}", best(&|| { entity_pool_sha256(&pools.entities); }));
    let bytes = entity_pool_bytes(&pools.entities);
    eprintln!("bytes {} MB; build best {:?}", bytes.len() / 1_000_000, best(&|| { let _ = entity_pool_bytes(&pools.entities); }));
    eprintln!("raw sha best {:?}", best(&|| { let _ = sha256_of(&bytes); }));
    let key0 = draw_key(&seed, None);
    eprintln!("keys best {:?}", best(&|| { let mut x = 0u8; for e in &pools.entities { x ^= entity_key(&key0, e.id)[0]; } assert!(x < 255 || x == 255); }));
    let c1 = commit(p1.clone(), &pools, &seed).expect("commit");
    let mut cp = pools.clone(); cp.canonicalise();
    eprintln!("draw(k=1000) best {:?}", best(&|| { draw(&c1, &seed, None, cp.clone()).expect("d"); }));
    eprintln!("clone best {:?}", best(&|| { let _ = cp.clone(); }));
    let r1 = draw(&c1, &seed, None, cp.clone()).expect("d");
    eprintln!("verify_record(k=1000) best {:?}", best(&|| { verify_record(&r1).expect("v"); }));
    let t = Instant::now(); check(&DrawParams { sample: SampleSize::Count(1000), ..params.clone() }, &pools).expect("c"); eprintln!("check {:?}", t.elapsed());
    let t = Instant::now(); entity_pool_sha256(&pools.entities); eprintln!("ehash {:?}", t.elapsed());
    let t = Instant::now(); inspector_pool_sha256(&pools.inspectors); eprintln!("ihash {:?}", t.elapsed());
    let key = draw_key(&seed, None);
    let t = Instant::now(); let mut x = 0u8; for e in &pools.entities { x ^= entity_key(&key, e.id)[0]; } eprintln!("keys {:?} {x}", t.elapsed());
    let t = Instant::now(); let mut p2 = pools.clone(); p2.canonicalise(); eprintln!("clone+canon {:?}", t.elapsed());

    for (label, sample) in [("k=1000", SampleSize::Count(1000)), ("5%", SampleSize::Ratio { basis_points: 500, rounding: Rounding::Ceil }), ("100%", SampleSize::Count(100_000))] {
        let params = DrawParams { sample, ..golden_params() };
        let t = Instant::now();
        let c = commit(params, &pools, &seed).expect("commit");
        let t_commit = t.elapsed();
        let p = pools.clone();
        let t = Instant::now();
        let r = draw(&c, &seed, None, p).expect("draw");
        let t_draw = t.elapsed();
        let t = Instant::now();
        verify_record(&r).expect("verify");
        let t_verify = t.elapsed();
        let json = to_json(&r);
        std::fs::write(format!("/tmp/draw_perf_{}.json", r.sample_size), &json).unwrap_or_default();
        eprintln!("{label}: commit {t_commit:?} draw {t_draw:?} verify {t_verify:?} json {} MB, recusals {}, unstaffed {}", json.len() / 1_000_000, r.recusals.len(), r.unstaffed().count());
    }
}
#[test]
fn perf_parts() {
    let entities: Vec<Entity> = (1..=100_000i64).map(|id| Entity {
        id: EntityId(id), name: format!("天津滨海新区某某科技有限公司{id}"), credit_code: credit_code(10_000_000 + id as u32),
        cell_code: format!("1201160010{:04}", id % 300), industry_code: "C2710".into(), tags: vec!["重点监管".into()],
    }).collect();
    let best = |f: &dyn Fn()| (0..9).map(|_| { let t = Instant::now(); f(); t.elapsed() }).min().unwrap_or_default();
    let one = vec![inspector(1, "a", 1, true), inspector(2, "b", 1, true)];
    let pools = Pools::new(entities, one);
    let p = DrawParams { sample: SampleSize::Count(10), ..golden_params() };
    eprintln!("check only best {:?}", best(&|| { check(&p, &pools).expect("c"); }));
    let mut seen = std::collections::HashSet::new();
    eprintln!("u128 set std best {:?}", best(&|| { let mut s = std::collections::HashSet::with_capacity(100_000); for e in &pools.entities { s.insert(e.credit_code.as_str().bytes().fold(0u128, |a, b| (a << 7) | u128::from(b))); } assert!(s.len() == 100_000); }));
    seen.insert(1);
    eprintln!("names best {:?}", best(&|| { let mut n = 0; for e in &pools.entities { n += e.name.chars().filter(|c| c.is_control()).count(); } assert_eq!(n, 0); }));
}
