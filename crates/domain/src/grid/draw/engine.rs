//! Commitment and draw.

use super::canon::{self, InspectorStream};
use super::{
    check, CapacitySkip, Commitment, DrawParams, DrawRecord, Entity, Inspector, Pools, Recusal, RecusalReason, Seed,
    Selected, Task, Unstaffed, UnstaffedReason, ALGORITHM, RECORD_FORMAT,
};
use crate::validate::FieldErrors;
use serde::{Deserialize, Serialize};
use std::fmt;
use thiserror::Error;

/// One of the two pools.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PoolKind {
    /// 检查对象名录库.
    Entities,
    /// 执法检查人员名录库.
    Inspectors,
}

impl fmt::Display for PoolKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PoolKind::Entities => "检查对象名录库 (entity pool)",
            PoolKind::Inspectors => "执法检查人员名录库 (inspector pool)",
        })
    }
}

/// Why a draw was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DrawError {
    /// The commitment names an algorithm this code does not implement.
    #[error("不支持的抽取算法 {found}（本系统为 {ALGORITHM}） / unsupported algorithm {found}")]
    Algorithm {
        /// The algorithm named.
        found: String,
    },
    /// A hash inside the commitment does not match what it covers: the stored commitment was altered.
    #[error("承诺被改动：{field} 记载为 {stated}，重新计算为 {computed} / commitment altered: {field} differs")]
    CommitmentAltered {
        /// `params_sha256` or `commitment_sha256`.
        field: &'static str,
        /// The value in the commitment.
        stated: String,
        /// The value recomputed.
        computed: String,
    },
    /// The revealed seed is not the committed one.
    #[error("公开的种子与承诺不符：承诺哈希 {committed}，公开种子的哈希 {revealed} / revealed seed does not match")]
    SeedMismatch {
        /// The committed seed hash.
        committed: String,
        /// The hash of the revealed seed.
        revealed: String,
    },
    /// A pool differs from the committed one: the draw is refused.
    #[error(
        "{pool}在承诺后被改动，拒绝抽取：承诺 {committed_count} 条、哈希 {committed_sha256}，现为 {current_count} 条、\
         哈希 {current_sha256} / {pool} changed after the commitment: draw refused"
    )]
    PoolChanged {
        /// Which pool.
        pool: PoolKind,
        /// The committed hash.
        committed_sha256: String,
        /// The hash of the pool given now.
        current_sha256: String,
        /// The committed entry count.
        committed_count: u64,
        /// The entry count now.
        current_count: u64,
    },
    /// Parameters, pools or the beacon value are invalid (field-level errors).
    #[error("参数无效 / invalid input: {0}")]
    Invalid(FieldErrors),
}

/// Make the commitment to publish before the draw. `seed` is 32 bytes from a CSPRNG, kept secret until the draw.
/// The pools may be in any order. Refused with field errors when [`check`] fails.
pub fn commit(params: DrawParams, pools: &Pools, seed: &Seed) -> Result<Commitment, FieldErrors> {
    check(&params, pools)?;
    let mut c = Commitment {
        algorithm: ALGORITHM.to_string(),
        params_sha256: canon::params_sha256(&params),
        params,
        seed_sha256: canon::seed_sha256(seed),
        entity_pool_sha256: canon::entity_pool_sha256(&pools.entities),
        entity_count: pools.entities.len() as u64,
        inspector_pool_sha256: canon::inspector_pool_sha256(&pools.inspectors),
        inspector_count: pools.inspectors.len() as u64,
        commitment_sha256: String::new(),
    };
    c.commitment_sha256 = sha256_hex(&canon::commitment_bytes(&c));
    Ok(c)
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(bytes))
}

/// Check a commitment's own hashes.
fn check_commitment(c: &Commitment) -> Result<(), DrawError> {
    if c.algorithm != ALGORITHM {
        return Err(DrawError::Algorithm { found: c.algorithm.clone() });
    }
    let params = canon::params_sha256(&c.params);
    if params != c.params_sha256 {
        return Err(DrawError::CommitmentAltered {
            field: "params_sha256",
            stated: c.params_sha256.clone(),
            computed: params,
        });
    }
    let whole = sha256_hex(&canon::commitment_bytes(c));
    if whole != c.commitment_sha256 {
        return Err(DrawError::CommitmentAltered {
            field: "commitment_sha256",
            stated: c.commitment_sha256.clone(),
            computed: whole,
        });
    }
    Ok(())
}

fn check_beacon(params: &DrawParams, beacon: Option<&str>) -> Result<(), DrawError> {
    let mut errors = FieldErrors::new();
    match (&params.beacon_source, beacon) {
        (Some(_), None) => errors.add("beacon_value", "本次抽取须录入公开随机源的值"),
        (None, Some(_)) => errors.add("beacon_value", "本次抽取未约定公开随机源，不应录入其值"),
        (Some(_), Some(b)) => {
            let n = b.chars().count();
            if n == 0 || n > 200 || b.chars().any(char::is_control) || b.trim() != b {
                errors.add("beacon_value", "应为 1–200 个字符，无控制字符，首尾无空白");
            }
        }
        (None, None) => {}
    }
    errors.into_result().map_err(DrawError::Invalid)
}

/// What a draw computes besides the inputs it echoes.
pub(super) struct Outcome {
    pub(super) sample_size: u64,
    pub(super) load_cap: Option<u64>,
    pub(super) selection: Vec<Selected>,
    pub(super) tasks: Vec<Task>,
    pub(super) recusals: Vec<Recusal>,
    pub(super) capacity_skips: Vec<CapacitySkip>,
}

/// Reveal the seed and draw. Checks, in this order: the commitment's own hashes, the seed against its hash, the
/// beacon value (present exactly when the parameters name a beacon), the entity pool and then the inspector pool
/// against their hashes ([`DrawError::PoolChanged`]), then [`check`]. The pools may be given in any order; the
/// record holds them in canonical order.
pub fn draw(
    commitment: &Commitment,
    seed: &Seed,
    beacon_value: Option<&str>,
    mut pools: Pools,
) -> Result<DrawRecord, DrawError> {
    pools.canonicalise();
    let out = run(commitment, seed, beacon_value, &pools)?;
    Ok(DrawRecord {
        format: RECORD_FORMAT.to_string(),
        algorithm: ALGORITHM.to_string(),
        commitment: commitment.clone(),
        seed: seed.to_hex(),
        beacon_value: beacon_value.map(str::to_string),
        sample_size: out.sample_size,
        load_cap: out.load_cap,
        selection: out.selection,
        tasks: out.tasks,
        recusals: out.recusals,
        capacity_skips: out.capacity_skips,
        pools,
    })
}

/// The draw on pools already in canonical order ([`Pools::canonicalise`]).
pub(super) fn run(
    commitment: &Commitment,
    seed: &Seed,
    beacon_value: Option<&str>,
    pools: &Pools,
) -> Result<Outcome, DrawError> {
    check_commitment(commitment)?;
    let revealed = canon::seed_sha256(seed);
    if revealed != commitment.seed_sha256 {
        return Err(DrawError::SeedMismatch { committed: commitment.seed_sha256.clone(), revealed });
    }
    let params = &commitment.params;
    check_beacon(params, beacon_value)?;

    let entities = canon::entity_pool_sha256(&pools.entities);
    if entities != commitment.entity_pool_sha256 || pools.entities.len() as u64 != commitment.entity_count {
        return Err(DrawError::PoolChanged {
            pool: PoolKind::Entities,
            committed_sha256: commitment.entity_pool_sha256.clone(),
            current_sha256: entities,
            committed_count: commitment.entity_count,
            current_count: pools.entities.len() as u64,
        });
    }
    let inspectors = canon::inspector_pool_sha256(&pools.inspectors);
    if inspectors != commitment.inspector_pool_sha256 || pools.inspectors.len() as u64 != commitment.inspector_count {
        return Err(DrawError::PoolChanged {
            pool: PoolKind::Inspectors,
            committed_sha256: commitment.inspector_pool_sha256.clone(),
            current_sha256: inspectors,
            committed_count: commitment.inspector_count,
            current_count: pools.inspectors.len() as u64,
        });
    }
    check(params, pools).map_err(DrawError::Invalid)?;

    let key = canon::draw_key(seed, beacon_value);
    let selection = select(&key, &pools.entities, params.sample.resolve(pools.entities.len()));
    let mut out = Outcome {
        sample_size: selection.len() as u64,
        load_cap: None,
        selection: Vec::new(),
        tasks: Vec::new(),
        recusals: Vec::new(),
        capacity_skips: Vec::new(),
    };
    staff(&mut out, &key, params, pools, &selection);
    out.selection = selection
        .iter()
        .enumerate()
        .map(|(rank, (k, i))| Selected { rank: rank as u64 + 1, entity_id: pools.entities[*i].id, key: hex::encode(k) })
        .collect();
    Ok(out)
}

/// The `k` entities with the smallest keys, in ascending (key, id) order: `(key, index in the sorted pool)`.
/// O(n) hashing and partial selection, then O(k log k) to sort the chosen.
fn select(key: &[u8; 32], entities: &[Entity], k: u64) -> Vec<([u8; 32], usize)> {
    // The pool is sorted by id, so comparing indices compares ids.
    let mut keyed: Vec<([u8; 32], usize)> =
        entities.iter().enumerate().map(|(i, e)| (canon::entity_key(key, e.id), i)).collect();
    let k = usize::try_from(k).unwrap_or(usize::MAX).min(keyed.len());
    if k == 0 {
        return Vec::new();
    }
    if k < keyed.len() {
        keyed.select_nth_unstable(k - 1);
        keyed.truncate(k);
    }
    keyed.sort_unstable();
    keyed
}

/// The reasons `inspector` may not inspect `entity`, in [`RecusalReason`] order (empty: no recusal): not certified;
/// the entity's cell is one of the inspector's cells (exact match); a declared conflict names the entity's id or
/// its credit code; a recorded relation names the entity's id.
pub fn recusal_reasons(inspector: &Inspector, entity: &Entity) -> Vec<RecusalReason> {
    let mut reasons = Vec::new();
    if !inspector.certified {
        reasons.push(RecusalReason::NotCertified);
    }
    if inspector.cells.contains(&entity.cell_code) {
        reasons.push(RecusalReason::OwnCell);
    }
    if inspector.conflicts.iter().any(|c| match c {
        super::Conflict::Entity(id) => *id == entity.id,
        super::Conflict::CreditCode(code) => *code == entity.credit_code,
    }) {
        reasons.push(RecusalReason::DeclaredConflict);
    }
    if inspector.relations.contains(&entity.id) {
        reasons.push(RecusalReason::Relation);
    }
    reasons
}

/// Staff every drawn entity in draw order: walk the inspectors in the entity's shuffled order (lazy Fisher–Yates on
/// the inspector stream), recusing, skipping at the load cap, taking until `inspectors_per_task` are taken.
fn staff(record: &mut Outcome, key: &[u8; 32], params: &DrawParams, pools: &Pools, selection: &[([u8; 32], usize)]) {
    let inspectors = &pools.inspectors;
    let n = inspectors.len();
    let m = params.inspectors_per_task as usize;
    let certified = inspectors.iter().filter(|i| i.certified).count();
    let cap = params.load_cap.resolve(selection.len() as u64, params.inspectors_per_task, certified);
    record.load_cap = cap;
    let mut load = vec![0u64; n];
    let mut order: Vec<usize> = (0..n).collect();
    let mut taken = Vec::with_capacity(m);
    for (_, index) in selection {
        let entity = &pools.entities[*index];
        for (i, slot) in order.iter_mut().enumerate() {
            *slot = i;
        }
        let mut stream = InspectorStream::new(key, entity.id);
        taken.clear();
        let mut at_capacity = 0u32;
        for t in 0..n {
            let r = stream.next_u64();
            let j = t + (r % (n - t) as u64) as usize;
            order.swap(t, j);
            let c = order[t];
            let reasons = recusal_reasons(&inspectors[c], entity);
            if !reasons.is_empty() {
                record.recusals.push(Recusal {
                    entity_id: entity.id,
                    inspector_id: inspectors[c].id,
                    reasons: reasons.into_iter().map(RecusalReason::label).collect(),
                });
                continue;
            }
            if cap.is_some_and(|cap| load[c] >= cap) {
                record.capacity_skips.push(CapacitySkip { entity_id: entity.id, inspector_id: inspectors[c].id });
                at_capacity += 1;
                continue;
            }
            taken.push(c);
            if taken.len() == m {
                break;
            }
        }
        if taken.len() == m {
            for &c in &taken {
                load[c] += 1;
            }
            record.tasks.push(Task {
                entity_id: entity.id,
                inspectors: taken.iter().map(|&c| inspectors[c].id).collect(),
                unstaffed: None,
            });
        } else {
            let eligible = taken.len() as u32 + at_capacity;
            let code =
                if (eligible as usize) < m { UnstaffedReason::TooFewEligible } else { UnstaffedReason::LoadCapReached };
            record.tasks.push(Task {
                entity_id: entity.id,
                inspectors: Vec::new(),
                unstaffed: Some(Unstaffed {
                    code,
                    zh: code.zh().into(),
                    en: code.en().into(),
                    needed: params.inspectors_per_task,
                    eligible,
                    at_capacity,
                }),
            });
        }
    }
}
