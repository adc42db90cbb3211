//! The 双随机 draw: golden values computed independently (Python `hashlib`, see each literal), recusals, unstaffed
//! tasks, refusals, verification, validation, and a property test over random pools.

#[path = "draw_support.rs"]
mod support;

use std::collections::{BTreeSet, HashMap};
use support::*;
use zhibao_domain::grid::draw::{
    commit, commitment_bytes, draw, draw_key, entity_key, entity_pool_bytes, inspector_pool_bytes, params_bytes,
    params_sha256, recusal_reasons, verify, verify_record, Conflict, DrawError, DrawParams, DrawRecord, EntityId,
    InspectorId, LoadCap, PoolFilter, PoolKind, Pools, RecusalReason, Rounding, SampleSize, Seed, UnstaffedReason,
    VerifyError, ALGORITHM, DRAW_RULES,
};

fn golden_record() -> DrawRecord {
    let pools = golden_pools();
    let c = commit(golden_params(), &pools, &golden_seed()).unwrap_or_else(|e| panic!("commit: {e}"));
    draw(&c, &golden_seed(), None, pools).unwrap_or_else(|e| panic!("draw: {e}"))
}

fn ok_draw(params: DrawParams, pools: Pools, seed: &Seed) -> DrawRecord {
    let c = commit(params, &pools, seed).unwrap_or_else(|e| panic!("commit: {e}"));
    draw(&c, seed, None, pools).unwrap_or_else(|e| panic!("draw: {e}"))
}

fn field_keys(params: DrawParams, pools: &Pools) -> Vec<String> {
    match commit(params, pools, &golden_seed()) {
        Ok(_) => Vec::new(),
        Err(e) => e.iter().map(|(k, _)| k.clone()).collect(),
    }
}

fn hex32(s: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    hex::decode_to_slice(s, &mut out).unwrap_or_else(|e| panic!("{s}: {e}"));
    out
}

// ---------------------------------------------------------------------------------------------------------------
// Golden values
// ---------------------------------------------------------------------------------------------------------------

/// The byte formats, spelled out; the SHA-256 values were computed with Python's hashlib from these literals.
#[test]
fn golden_byte_formats_and_hashes() {
    let pools = golden_pools();
    let entities = "zhibao.draw.entities.v1\n\
        101\x1f91120116100000016W\x1f滨海甲公司\x1f12011600100101\x1fC2710\x1f重点监管\n\
        102\x1f91120116100000024P\x1f滨海乙公司\x1f12011600100102\x1fF5137\x1f\n\
        103\x1f91120116100000032J\x1f滨海丙公司\x1f12011600100101\x1fC3911\x1f示范企业\x1e重点监管\n\
        104\x1f91120116100000040D\x1f滨海丁公司\x1f12011600100103\x1fI6510\x1f\n\
        105\x1f91120116100000059A\x1f滨海戊公司\x1f12011600100102\x1fC2710\x1f知识产权示范\n";
    assert_eq!(String::from_utf8_lossy(&entity_pool_bytes(&pools.entities)), entities);
    let inspectors = "zhibao.draw.inspectors.v1\n\
        1\x1f张三\x1f10\x1f1\x1f12011600100101\x1f\x1f\n\
        2\x1f李四\x1f10\x1f1\x1f\x1fcredit_code:91120116100000024P\x1f\n\
        3\x1f王五\x1f11\x1f1\x1f\x1fentity:104\x1f105\n\
        4\x1f赵六\x1f11\x1f0\x1f\x1f\x1f\n\
        5\x1f钱七\x1f12\x1f1\x1f12011600100102\x1f\x1f\n\
        6\x1f孙八\x1f12\x1f1\x1f\x1f\x1f\n";
    assert_eq!(String::from_utf8_lossy(&inspector_pool_bytes(&pools.inspectors)), inspectors);
    let params = "zhibao.draw.params.v1\ndraw_id=SJ-2026-001\nyear=2026\nitem_code=ZSCQ-001\n\
        item_name=商标使用行为检查\nitem_citation=商标法 第六十二条\nfilter_industry_prefixes=\n\
        filter_cell_prefixes=\nfilter_exclude_tags=\nsample=count:3\ninspectors_per_task=2\nload_cap=auto\n\
        beacon_source=\n";
    assert_eq!(String::from_utf8_lossy(&params_bytes(&golden_params())), params);

    let c = commit(golden_params(), &pools, &golden_seed()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(c.algorithm, ALGORITHM);
    assert_eq!(c.seed_sha256, "630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd");
    assert_eq!(c.entity_pool_sha256, "d652cd8d7f44895526473745e67bf62d1dc8c301c70093c3d17b9a0a2e72023d");
    assert_eq!(c.inspector_pool_sha256, "306e783465ca480a33f1ab39b0ffad3f509e77c01c309f651ce88172805e23f0");
    assert_eq!(c.params_sha256, "1cf66f7ac3af12cd5732294d9b5e2d4089cd41b1f566f363f2b670f184e427cd");
    assert_eq!((c.entity_count, c.inspector_count), (5, 6));
    let expected_commitment = format!(
        "zhibao.draw.commitment.v1\nalgorithm=zhibao-draw/1\nparams_sha256={}\nseed_sha256={}\n\
         entity_pool_sha256={}\nentity_count=5\ninspector_pool_sha256={}\ninspector_count=6\n",
        c.params_sha256, c.seed_sha256, c.entity_pool_sha256, c.inspector_pool_sha256
    );
    assert_eq!(String::from_utf8_lossy(&commitment_bytes(&c)), expected_commitment);
    assert_eq!(c.commitment_sha256, "4d633a504e81d1e1c558f29612ad6f2575f44ab20341412fdb3c7c33ede1e2dc");
}

/// Keys `SHA-256(seed ‖ "entity" ␟ id)` with seed = bytes 0x00…0x1f, from Python:
/// `hashlib.sha256(bytes(range(32)) + b"entity\x1f" + b"101").hexdigest()` etc.
#[test]
fn golden_keys_and_selection() {
    let key = draw_key(&golden_seed(), None);
    assert_eq!(key, *golden_seed().as_bytes());
    let expected = [
        (101, "d736a71d00d36a588a2a5c32cc7859e661b3ef128b49ecf495f36e1a8970ea63"),
        (102, "fca2ebfa834d35f31df4d94cf146e93dd437f2d342b8bc4df23020d2f3d09281"),
        (103, "21dc433cc9ff73812e5231aa3bc815aca97ef5ae177e0aad6ee729e191118a0c"),
        (104, "800656eb9cbd032addc08922256f774171d53a6dcd78527882b6a0bfde82f0d4"),
        (105, "4fed8c36c5fcaf964c85fc7de80a017fcb7c5344375b92547fcdb0d1af1e1a33"),
    ];
    for (id, hex) in expected {
        assert_eq!(entity_key(&key, EntityId(id)), hex32(hex), "key of {id}");
    }
    // Ascending keys: 103 (21dc…) < 105 (4fed…) < 104 (8006…) < 101 (d736…) < 102 (fca2…); k = 3.
    let record = golden_record();
    let drawn: Vec<(u64, i64, &str)> =
        record.selection.iter().map(|s| (s.rank, s.entity_id.0, s.key.as_str())).collect();
    assert_eq!(drawn, [(1, 103, expected[2].1), (2, 105, expected[4].1), (3, 104, expected[3].1)],);
    assert_eq!(record.sample_size, 3);
}

/// Inspector walk orders from Python (Fisher–Yates on `SHA-256(seed ‖ "inspector" ␟ entity ␟ block)`):
/// 103 → [5, 4, 2, 6, 1, 3]; 105 → [6, 5, 1, 2, 4, 3]; 104 → [1, 3, 6, 4, 2, 5].
#[test]
fn golden_assignments_and_recusals() {
    let record = golden_record();
    // Auto cap: ceil(3 tasks × 2 / 5 certified) + 1 = 3.
    assert_eq!(record.load_cap, Some(3));
    let tasks: Vec<(i64, Vec<i64>)> =
        record.tasks.iter().map(|t| (t.entity_id.0, t.inspectors.iter().map(|i| i.0).collect())).collect();
    // 103 (cell …101): 5 taken, 4 not certified, 2 taken (its conflict is 102's credit code).
    // 105 (cell …102): 6 taken, 5 own cell, 1 taken.
    // 104: 1 taken, 3 declared conflict (entity 104), 6 taken.
    assert_eq!(tasks, [(103, vec![5, 2]), (105, vec![6, 1]), (104, vec![1, 6])]);
    assert!(record.tasks.iter().all(|t| t.unstaffed.is_none()));
    let recusals: Vec<(i64, i64, Vec<RecusalReason>)> = record
        .recusals
        .iter()
        .map(|r| (r.entity_id.0, r.inspector_id.0, r.reasons.iter().map(|l| l.code).collect()))
        .collect();
    assert_eq!(
        recusals,
        [
            (103, 4, vec![RecusalReason::NotCertified]),
            (105, 5, vec![RecusalReason::OwnCell]),
            (104, 3, vec![RecusalReason::DeclaredConflict]),
        ]
    );
    assert_eq!(record.recusals[1].reasons[0].zh, "检查对象位于本人负责的网格");
    assert_eq!(record.recusals[1].reasons[0].en, "entity lies in the inspector's own grid cell");
    assert!(record.capacity_skips.is_empty());
    // The record holds the pools in canonical order.
    let ids: Vec<i64> = record.pools.entities.iter().map(|e| e.id.0).collect();
    assert_eq!(ids, [101, 102, 103, 104, 105]);
    assert_eq!(verify_record(&record), Ok(()));
}

/// With a beacon, `K = SHA-256("zhibao.draw.beacon.v1" ␟ seed ␟ beacon)`; values from Python.
#[test]
fn golden_beacon_key_and_params() {
    let beacon = "福彩3D 2026123期 581";
    let key = draw_key(&golden_seed(), Some(beacon));
    assert_eq!(key, hex32("361068e4064e3bdb4d2657e5c0ee7c8b41a1706711096d5b6ec7f7c0e0de03d0"));
    assert_eq!(
        entity_key(&key, EntityId(101)),
        hex32("30d9e094ab13642923c5e0051b702307ea38a5a3f0736e18cbd655b52ff12f83")
    );
    let params = DrawParams {
        filter: PoolFilter {
            industry_prefixes: vec!["I65".into(), "C27".into()],
            cell_prefixes: Vec::new(),
            exclude_tags: vec!["白名单".into()],
        },
        sample: SampleSize::Ratio { basis_points: 500, rounding: Rounding::Ceil },
        inspectors_per_task: 3,
        load_cap: LoadCap::Fixed(4),
        beacon_source: Some("福彩3D 第2026123期开奖号码".into()),
        ..golden_params()
    };
    assert_eq!(params_sha256(&params), "9448312ebe0e48e17e66d95853285fc615a0801d0b3632d77e2ede16eaef1b4a");
}

#[test]
fn beacon_is_required_exactly_when_named() {
    let pools = golden_pools();
    let params = DrawParams { beacon_source: Some("见证人现场报数".into()), ..golden_params() };
    let c = commit(params, &pools, &golden_seed()).unwrap_or_else(|e| panic!("{e}"));
    match draw(&c, &golden_seed(), None, pools.clone()) {
        Err(DrawError::Invalid(e)) => assert_eq!(e.iter().next().map(|(k, _)| k.as_str()), Some("beacon_value")),
        other => panic!("expected a beacon error, got {other:?}"),
    }
    let record = draw(&c, &golden_seed(), Some("4711"), pools.clone()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(verify_record(&record), Ok(()));
    let plain = golden_record();
    assert_ne!(record.selection, plain.selection, "the beacon changes the keys");

    let c = commit(golden_params(), &pools, &golden_seed()).unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(draw(&c, &golden_seed(), Some("4711"), pools), Err(DrawError::Invalid(_))));
}

// ---------------------------------------------------------------------------------------------------------------
// Recusals and unstaffed tasks
// ---------------------------------------------------------------------------------------------------------------

/// One entity; one clean inspector and five with a reason each (one with two): only one can be taken, so the task
/// is unstaffed, the walk visits everybody, and every recusal is recorded with its reasons.
#[test]
fn every_recusal_reason_and_an_unstaffed_task() {
    let target = entity(7, "91120116100000016W", "滨海甲公司", "12011600100101", "C2710", &[]);
    let mut own_cell = inspector(1, "网格员", 1, true);
    own_cell.cells = vec!["12011600100101".into(), "12011600100109".into()];
    let mut by_code = inspector(2, "申报甲", 1, true);
    by_code.conflicts = vec![Conflict::CreditCode(cc("91120116100000016W"))];
    let mut by_id = inspector(3, "申报乙", 1, true);
    by_id.conflicts = vec![Conflict::Entity(EntityId(7)), Conflict::Entity(EntityId(8))];
    let mut related = inspector(4, "亲属任职", 2, true);
    related.relations = vec![EntityId(7)];
    let uncertified = inspector(5, "未持证", 2, false);
    let mut two = inspector(6, "双重", 2, true);
    two.cells = vec!["12011600100101".into()];
    two.relations = vec![EntityId(7)];
    let clean = inspector(7, "无关", 3, true);

    use RecusalReason::*;
    assert_eq!(recusal_reasons(&own_cell, &target), [OwnCell]);
    assert_eq!(recusal_reasons(&by_code, &target), [DeclaredConflict]);
    assert_eq!(recusal_reasons(&by_id, &target), [DeclaredConflict]);
    assert_eq!(recusal_reasons(&related, &target), [Relation]);
    assert_eq!(recusal_reasons(&uncertified, &target), [NotCertified]);
    assert_eq!(recusal_reasons(&two, &target), [OwnCell, Relation]);
    assert!(recusal_reasons(&clean, &target).is_empty());

    let pools = Pools::new(vec![target], vec![own_cell, by_code, by_id, related, uncertified, two, clean]);
    let params = DrawParams { sample: SampleSize::Count(1), ..golden_params() };
    let record = ok_draw(params, pools, &golden_seed());
    let task = &record.tasks[0];
    assert!(task.inspectors.is_empty(), "an unstaffed task assigns nobody");
    let u = task.unstaffed.as_ref().unwrap_or_else(|| panic!("task should be unstaffed"));
    assert_eq!((u.code, u.needed, u.eligible, u.at_capacity), (UnstaffedReason::TooFewEligible, 2, 1, 0));
    assert_eq!(u.zh, "无需回避的执法人员不足");
    let got: HashMap<i64, Vec<RecusalReason>> =
        record.recusals.iter().map(|r| (r.inspector_id.0, r.reasons.iter().map(|l| l.code).collect())).collect();
    let want: HashMap<i64, Vec<RecusalReason>> = [
        (1, vec![OwnCell]),
        (2, vec![DeclaredConflict]),
        (3, vec![DeclaredConflict]),
        (4, vec![Relation]),
        (5, vec![NotCertified]),
        (6, vec![OwnCell, Relation]),
    ]
    .into_iter()
    .collect();
    assert_eq!(got, want);
    for r in &record.recusals {
        for l in &r.reasons {
            assert_eq!((l.zh.as_str(), l.en.as_str()), (l.code.zh(), l.code.en()));
        }
    }
    assert_eq!(verify_record(&record), Ok(()));
}

/// Three entities that only inspectors 1 and 2 may inspect (3 and 4 have all three cells), cap 2 each: the third
/// task in draw order finds both at the cap.
#[test]
fn load_cap_reached_is_reported() {
    let cells = ["12011600100101", "12011600100102", "12011600100103"];
    let entities = vec![
        entity(1, "91120116100000016W", "甲", cells[0], "C2710", &[]),
        entity(2, "91120116100000024P", "乙", cells[1], "C2710", &[]),
        entity(3, "91120116100000032J", "丙", cells[2], "C2710", &[]),
    ];
    let mut local_a = inspector(3, "网格员甲", 1, true);
    local_a.cells = cells.iter().map(|c| c.to_string()).collect();
    let mut local_b = inspector(4, "网格员乙", 1, true);
    local_b.cells = cells.iter().map(|c| c.to_string()).collect();
    let pools = Pools::new(entities, vec![inspector(1, "甲", 1, true), inspector(2, "乙", 1, true), local_a, local_b]);
    let params = DrawParams { sample: SampleSize::Count(3), load_cap: LoadCap::Fixed(2), ..golden_params() };
    let record = ok_draw(params, pools, &golden_seed());
    let staffed: Vec<&Vec<InspectorId>> = record.tasks[..2].iter().map(|t| &t.inspectors).collect();
    for s in staffed {
        let mut s = s.clone();
        s.sort();
        assert_eq!(s, [InspectorId(1), InspectorId(2)]);
    }
    let last = &record.tasks[2];
    let u = last.unstaffed.as_ref().unwrap_or_else(|| panic!("third task should be unstaffed"));
    assert_eq!((u.code, u.eligible, u.at_capacity), (UnstaffedReason::LoadCapReached, 2, 2));
    assert_eq!(record.capacity_skips.len(), 2);
    assert!(record.capacity_skips.iter().all(|s| s.entity_id == last.entity_id));
    assert_eq!(verify_record(&record), Ok(()));
}

// ---------------------------------------------------------------------------------------------------------------
// Refusals and verification
// ---------------------------------------------------------------------------------------------------------------

#[test]
fn a_pool_changed_after_the_commitment_is_refused() {
    let pools = golden_pools();
    let c = commit(golden_params(), &pools, &golden_seed()).unwrap_or_else(|e| panic!("{e}"));

    let mut changed = pools.clone();
    changed.entities[0].name = "滨海戊有限公司".into();
    match draw(&c, &golden_seed(), None, changed) {
        Err(DrawError::PoolChanged { pool: PoolKind::Entities, committed_count: 5, current_count: 5, .. }) => {}
        other => panic!("expected the entity pool refused, got {other:?}"),
    }
    let mut fewer = pools.clone();
    fewer.entities.pop();
    match draw(&c, &golden_seed(), None, fewer) {
        Err(e @ DrawError::PoolChanged { pool: PoolKind::Entities, current_count: 4, .. }) => {
            assert!(e.to_string().contains("检查对象名录库"), "{e}")
        }
        other => panic!("expected the entity pool refused, got {other:?}"),
    }
    let mut inspectors = pools.clone();
    inspectors.inspectors[0].certified = false;
    match draw(&c, &golden_seed(), None, inspectors) {
        Err(e @ DrawError::PoolChanged { pool: PoolKind::Inspectors, .. }) => {
            assert!(e.to_string().contains("执法检查人员名录库"), "{e}")
        }
        other => panic!("expected the inspector pool refused, got {other:?}"),
    }
    // Order is not content: the same pools shuffled are accepted.
    let mut shuffled = pools.clone();
    shuffled.entities.reverse();
    shuffled.inspectors.reverse();
    shuffled.entities[2].tags.reverse();
    assert!(draw(&c, &golden_seed(), None, shuffled).is_ok());
}

#[test]
fn a_wrong_seed_or_altered_commitment_is_refused() {
    let pools = golden_pools();
    let c = commit(golden_params(), &pools, &golden_seed()).unwrap_or_else(|e| panic!("{e}"));
    let other = Seed::from_bytes([7; 32]);
    assert!(matches!(draw(&c, &other, None, pools.clone()), Err(DrawError::SeedMismatch { .. })));

    let mut altered = c.clone();
    altered.params.sample = SampleSize::Count(4);
    assert!(matches!(
        draw(&altered, &golden_seed(), None, pools.clone()),
        Err(DrawError::CommitmentAltered { field: "params_sha256", .. })
    ));
    let mut altered = c.clone();
    altered.entity_count = 4;
    assert!(matches!(
        draw(&altered, &golden_seed(), None, pools),
        Err(DrawError::CommitmentAltered { field: "commitment_sha256", .. })
    ));
}

#[test]
fn altering_one_pool_entry_of_a_record_fails_verification() {
    let record = golden_record();
    let original = golden_pools();

    let mut altered = record.clone();
    altered.pools.entities[2].cell_code = "12011600100109".into();
    match verify_record(&altered) {
        Err(VerifyError::Refused(DrawError::PoolChanged { pool: PoolKind::Entities, .. })) => {}
        other => panic!("expected the entity pool named, got {other:?}"),
    }
    // Against the pools the registry holds, the altered entry itself is named.
    match verify(&altered, &original) {
        Err(VerifyError::Mismatch { field, found, .. }) => {
            assert_eq!(field, "pools.entities[2]");
            assert!(found.contains("id 103") && found.contains("12011600100109"), "{found}");
        }
        other => panic!("expected pools.entities[2], got {other:?}"),
    }

    let mut altered = record.clone();
    altered.pools.inspectors[3].certified = true;
    assert!(matches!(
        verify_record(&altered),
        Err(VerifyError::Refused(DrawError::PoolChanged { pool: PoolKind::Inspectors, .. }))
    ));
}

#[test]
fn altering_the_outcome_fails_verification_at_the_first_difference() {
    let record = golden_record();
    let mismatch_field = |r: &DrawRecord| match verify_record(r) {
        Err(VerifyError::Mismatch { field, .. }) => field,
        other => panic!("expected a mismatch, got {other:?}"),
    };

    let mut r = record.clone();
    r.selection.swap(0, 1);
    assert_eq!(mismatch_field(&r), "selection[0]");

    let mut r = record.clone();
    r.tasks[1].inspectors[1] = InspectorId(5);
    assert_eq!(mismatch_field(&r), "tasks[1]");

    let mut r = record.clone();
    r.recusals.remove(2);
    assert_eq!(mismatch_field(&r), "recusals[2]");

    let mut r = record.clone();
    r.recusals[0].reasons[0].zh = "其他".into();
    assert_eq!(mismatch_field(&r), "recusals[0]");

    let mut r = record.clone();
    r.load_cap = None;
    assert_eq!(mismatch_field(&r), "load_cap");

    let mut r = record.clone();
    r.seed = "zz".into();
    assert!(matches!(verify_record(&r), Err(VerifyError::Seed(_))));

    let mut r = record;
    r.algorithm = "zhibao-draw/0".into();
    assert!(matches!(verify_record(&r), Err(VerifyError::Algorithm { .. })));
}

// ---------------------------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------------------------

#[test]
fn bad_parameters_are_field_errors() {
    let pools = golden_pools();
    assert!(field_keys(golden_params(), &pools).is_empty());

    let p = DrawParams { sample: SampleSize::Count(6), ..golden_params() };
    assert_eq!(field_keys(p, &pools), ["sample"]);
    let p = DrawParams { sample: SampleSize::Count(0), ..golden_params() };
    assert_eq!(field_keys(p, &pools), ["sample"]);
    let p =
        DrawParams { sample: SampleSize::Ratio { basis_points: 500, rounding: Rounding::Floor }, ..golden_params() };
    assert_eq!(field_keys(p, &pools), ["sample"], "5 % of 5 rounded down is 0");
    let p =
        DrawParams { sample: SampleSize::Ratio { basis_points: 10_001, rounding: Rounding::Ceil }, ..golden_params() };
    assert_eq!(field_keys(p, &pools), ["sample"]);
    let p = DrawParams { inspectors_per_task: 1, ..golden_params() };
    assert_eq!(field_keys(p, &pools), ["inspectors_per_task"]);
    let p = DrawParams { inspectors_per_task: 6, ..golden_params() };
    assert_eq!(field_keys(p, &pools), ["inspectors"], "only 5 certified");
    let p = DrawParams { load_cap: LoadCap::Fixed(1), ..golden_params() };
    assert_eq!(field_keys(p, &pools), ["load_cap"], "1 × 5 < 3 × 2");

    let mut p = golden_params();
    p.draw_id = "x".into();
    p.year = 1999;
    p.item.name = String::new();
    p.item.citation = "商标法\n第六十二条".into();
    p.beacon_source = Some(" ".into());
    assert_eq!(field_keys(p, &pools), ["beacon_source", "draw_id", "item.citation", "item.name", "year"]);

    let empty = Pools::default();
    assert_eq!(field_keys(golden_params(), &empty), ["entities", "inspectors"]);
}

#[test]
fn bad_pool_entries_are_field_errors() {
    let mut pools = golden_pools();
    pools.entities[0].id = EntityId(101); // a duplicate of the entity listed last (id 101)
    pools.entities[1].cell_code = "1201 16".into();
    pools.entities[2].tags = vec!["重点监管".into(), "重点监管".into()];
    pools.entities[3].industry_code = String::new();
    pools.entities[3].credit_code = cc("91120116100000016W"); // also entity 101's
    pools.inspectors[0].dept_id = 0;
    pools.inspectors[1].relations = vec![EntityId(0)];
    let keys = field_keys(golden_params(), &pools);
    assert_eq!(
        keys,
        [
            "entities[1].cell_code",
            "entities[2].tags",
            "entities[3].industry_code",
            "entities[4].credit_code",
            "entities[4].id",
            "inspectors[0].dept_id",
            "inspectors[1].relations[0]",
        ]
    );

    let mut pools = golden_pools();
    let params = DrawParams {
        filter: PoolFilter { exclude_tags: vec!["示范企业".into()], ..PoolFilter::default() },
        ..golden_params()
    };
    assert_eq!(field_keys(params.clone(), &pools), ["entities[2]"], "entity 103 carries an excluded tag");
    pools.entities = params.filter.apply(pools.entities);
    assert_eq!(pools.entities.len(), 4);
    assert!(field_keys(params, &pools).is_empty());
}

#[test]
fn ratios_round_as_said() {
    let r = |bp, rounding| SampleSize::Ratio { basis_points: bp, rounding };
    assert_eq!(r(500, Rounding::Floor).resolve(1_999), 99);
    assert_eq!(r(500, Rounding::Ceil).resolve(1_999), 100);
    assert_eq!(r(500, Rounding::HalfUp).resolve(1_989), 99); // 99.45
    assert_eq!(r(500, Rounding::HalfUp).resolve(1_990), 100); // 99.5
    assert_eq!(r(10_000, Rounding::Floor).resolve(7), 7);
    assert_eq!(LoadCap::Auto.resolve(100, 2, 30), Some(8)); // ceil(200/30) + 1
    assert_eq!(LoadCap::Unlimited.resolve(100, 2, 30), None);
}

#[test]
fn the_rules_cite_their_sources() {
    assert!(DRAW_RULES.iter().all(|r| !r.citation.is_empty() && !r.key.is_empty()));
    let keys: BTreeSet<&str> = DRAW_RULES.iter().map(|r| r.key).collect();
    assert_eq!(keys.len(), DRAW_RULES.len());
    assert!(keys.contains("two_certified_inspectors") && keys.contains("recusal"));
}

#[test]
fn the_seed_is_not_printed() {
    assert_eq!(format!("{:?}", golden_seed()), "Seed(…)");
    assert_eq!(Seed::parse_hex(&golden_seed().to_hex()), Ok(golden_seed()));
}

// ---------------------------------------------------------------------------------------------------------------
// Property test
// ---------------------------------------------------------------------------------------------------------------

/// Over random pools, parameters and seeds: the draw verifies, selects exactly k distinct pool entities, staffs
/// tasks with exactly m distinct, non-recused inspectors within the cap, and explains every unstaffed task.
#[test]
fn random_draws_always_verify() {
    let mut rng = Rng(0x5eed_2026);
    let mut unstaffed_seen = 0;
    let mut cap_skips_seen = 0;
    for round in 0..250 {
        let n = 1 + rng.below(60) as usize;
        let ni = 2 + rng.below(12) as usize;
        let cells = 1 + rng.below(8);
        let pools = random_pools(&mut rng, n, ni, cells);
        let certified = pools.inspectors.iter().filter(|i| i.certified).count() as u32;
        if certified < 2 {
            continue;
        }
        let m = 2 + rng.below(u64::from(certified.min(4) - 1)) as u32;
        let sample = if rng.chance(50) {
            SampleSize::Count(1 + rng.below(n as u64) as u32)
        } else {
            SampleSize::Ratio { basis_points: 1_000 + rng.below(9_001) as u32, rounding: Rounding::Ceil }
        };
        let load_cap = match rng.below(3) {
            0 => LoadCap::Auto,
            1 => LoadCap::Unlimited,
            _ => {
                let k = sample.resolve(n);
                LoadCap::Fixed(((k * u64::from(m)).div_ceil(u64::from(certified)) + rng.below(2)) as u32)
            }
        };
        let params =
            DrawParams { draw_id: format!("P-{round}"), sample, inspectors_per_task: m, load_cap, ..golden_params() };
        let seed = rng.seed();
        let record = ok_draw(params, pools.clone(), &seed);
        assert_eq!(verify_record(&record), Ok(()), "round {round}");
        assert_eq!(verify(&record, &pools), Ok(()), "round {round}");

        let k = sample.resolve(n) as usize;
        let ids: BTreeSet<EntityId> = record.selection.iter().map(|s| s.entity_id).collect();
        assert_eq!((record.selection.len(), ids.len()), (k, k), "round {round}: k distinct");
        let pool_ids: BTreeSet<EntityId> = pools.entities.iter().map(|e| e.id).collect();
        assert!(ids.is_subset(&pool_ids));
        assert!(record.selection.windows(2).all(|w| w[0].key < w[1].key), "draw order is ascending keys");

        let entities: HashMap<EntityId, _> = pools.entities.iter().map(|e| (e.id, e)).collect();
        let inspectors: HashMap<InspectorId, _> = pools.inspectors.iter().map(|i| (i.id, i)).collect();
        let mut load: HashMap<InspectorId, u64> = HashMap::new();
        for t in &record.tasks {
            match &t.unstaffed {
                None => {
                    let distinct: BTreeSet<_> = t.inspectors.iter().collect();
                    assert_eq!((t.inspectors.len(), distinct.len()), (m as usize, m as usize));
                    for i in &t.inspectors {
                        assert!(recusal_reasons(inspectors[i], entities[&t.entity_id]).is_empty());
                        *load.entry(*i).or_default() += 1;
                    }
                }
                Some(u) => {
                    unstaffed_seen += 1;
                    assert!(t.inspectors.is_empty());
                    let not_recused = pools
                        .inspectors
                        .iter()
                        .filter(|i| recusal_reasons(i, entities[&t.entity_id]).is_empty())
                        .count() as u32;
                    assert_eq!(u.eligible, not_recused, "round {round}");
                    assert_eq!(u.code == UnstaffedReason::TooFewEligible, not_recused < m, "round {round}");
                }
            }
        }
        if let Some(cap) = record.load_cap {
            assert!(load.values().all(|&l| l <= cap), "round {round}: load cap");
        }
        cap_skips_seen += record.capacity_skips.len();
    }
    assert!(
        unstaffed_seen > 0 && cap_skips_seen > 0,
        "the generator should exercise both ({unstaffed_seen}, {cap_skips_seen})"
    );
}
