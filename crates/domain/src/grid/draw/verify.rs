//! Recomputing a published draw.

use super::engine::{run, DrawError};
use super::{
    CapacitySkip, DrawRecord, Entity, Inspector, Pools, Recusal, Seed, Selected, Task, ALGORITHM, RECORD_FORMAT,
};
use std::borrow::Cow;
use thiserror::Error;

/// Why a record does not verify: the first difference found.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum VerifyError {
    /// The record's format tag is not [`RECORD_FORMAT`].
    #[error("记录格式不受支持：{found}（应为 {RECORD_FORMAT}） / unsupported record format {found}")]
    Format {
        /// The tag found.
        found: String,
    },
    /// The record's algorithm is not [`ALGORITHM`].
    #[error("不支持的抽取算法 {found}（本系统为 {ALGORITHM}） / unsupported algorithm {found}")]
    Algorithm {
        /// The algorithm named.
        found: String,
    },
    /// The revealed seed is not 64 hex digits.
    #[error("{0}")]
    Seed(String),
    /// The draw itself is refused: the commitment was altered, the seed does not match, a pool changed, or the
    /// input is invalid.
    #[error("{0}")]
    Refused(#[from] DrawError),
    /// The recomputed record differs from the published one; `field` is a path such as `selection[3]`,
    /// `tasks[0]`, `recusals[5]` or `pools.entities[12]`.
    #[error("不一致 / mismatch at {field}: 重新计算 / expected {expected}; 记录 / found {found}")]
    Mismatch {
        /// Where.
        field: String,
        /// What recomputation gives.
        expected: String,
        /// What the record says.
        found: String,
    },
}

fn mismatch(field: impl Into<String>, expected: impl Into<String>, found: impl Into<String>) -> VerifyError {
    VerifyError::Mismatch { field: field.into(), expected: expected.into(), found: found.into() }
}

/// Compare two lists entry by entry; the first differing (or missing) entry is the error.
fn list<T: PartialEq>(name: &str, expected: &[T], found: &[T], show: impl Fn(&T) -> String) -> Result<(), VerifyError> {
    let none = || "（无） / (none)".to_string();
    for i in 0..expected.len().max(found.len()) {
        let (e, f) = (expected.get(i), found.get(i));
        if e != f {
            return Err(mismatch(format!("{name}[{i}]"), e.map_or_else(none, &show), f.map_or_else(none, &show)));
        }
    }
    Ok(())
}

fn show_selected(s: &Selected) -> String {
    format!("rank {} entity {} key {}", s.rank, s.entity_id, s.key)
}

fn show_task(t: &Task) -> String {
    let ids: Vec<String> = t.inspectors.iter().map(ToString::to_string).collect();
    match &t.unstaffed {
        None => format!("entity {} inspectors [{}]", t.entity_id, ids.join(", ")),
        Some(u) => format!(
            "entity {} unstaffed {} ({} / {}; needed {}, eligible {}, at capacity {})",
            t.entity_id,
            u.code.code(),
            u.zh,
            u.en,
            u.needed,
            u.eligible,
            u.at_capacity
        ),
    }
}

fn show_recusal(r: &Recusal) -> String {
    let reasons: Vec<String> = r.reasons.iter().map(|l| format!("{} ({} / {})", l.code.code(), l.zh, l.en)).collect();
    format!("entity {} inspector {}: {}", r.entity_id, r.inspector_id, reasons.join(", "))
}

fn show_skip(s: &CapacitySkip) -> String {
    format!("entity {} inspector {}", s.entity_id, s.inspector_id)
}

fn show_entity(e: &Entity) -> String {
    format!(
        "id {} {} {} cell {} industry {} tags [{}]",
        e.id,
        e.credit_code.as_str(),
        e.name,
        e.cell_code,
        e.industry_code,
        e.tags.join(", ")
    )
}

fn show_inspector(i: &Inspector) -> String {
    format!("{i:?}")
}

/// Recompute `record` from its commitment, its seed and beacon value, and `pools` (e.g. the pools as the registry
/// holds them now), and compare. Order of checks: format and algorithm; the draw's own refusals ([`DrawError`]:
/// commitment hashes, seed, beacon, pool hashes, validity); then `sample_size`, `load_cap`, `selection`,
/// `tasks`, `recusals`, `capacity_skips`, and the record's embedded pools against `pools` (as content: order does
/// not matter) — so an entry of the record's pools that differs from `pools` is named (`pools.entities[i]`, the
/// index in canonical order).
pub fn verify(record: &DrawRecord, pools: &Pools) -> Result<(), VerifyError> {
    if record.format != RECORD_FORMAT {
        return Err(VerifyError::Format { found: record.format.clone() });
    }
    if record.algorithm != ALGORITHM {
        return Err(VerifyError::Algorithm { found: record.algorithm.clone() });
    }
    let seed = Seed::parse_hex(&record.seed).map_err(VerifyError::Seed)?;
    let given = pools;
    let pools = canonical(pools);
    let expected = run(&record.commitment, &seed, record.beacon_value.as_deref(), &pools)?;
    if expected.sample_size != record.sample_size {
        return Err(mismatch("sample_size", expected.sample_size.to_string(), record.sample_size.to_string()));
    }
    if expected.load_cap != record.load_cap {
        return Err(mismatch("load_cap", format!("{:?}", expected.load_cap), format!("{:?}", record.load_cap)));
    }
    list("selection", &expected.selection, &record.selection, show_selected)?;
    list("tasks", &expected.tasks, &record.tasks, show_task)?;
    list("recusals", &expected.recusals, &record.recusals, show_recusal)?;
    list("capacity_skips", &expected.capacity_skips, &record.capacity_skips, show_skip)?;
    if !std::ptr::eq(given, &record.pools) {
        let embedded = canonical(&record.pools);
        list("pools.entities", &pools.entities, &embedded.entities, show_entity)?;
        list("pools.inspectors", &pools.inspectors, &embedded.inspectors, show_inspector)?;
    }
    Ok(())
}

/// The pools in canonical order, copied only when they are not.
fn canonical(pools: &Pools) -> Cow<'_, Pools> {
    if pools.is_canonical() {
        Cow::Borrowed(pools)
    } else {
        let mut owned = pools.clone();
        owned.canonicalise();
        Cow::Owned(owned)
    }
}

/// [`verify`] against the pools the record embeds: what `zhibao draw verify RECORD.json` runs. An embedded entry
/// altered after publication changes its pool's hash, so this fails with [`DrawError::PoolChanged`] naming the pool.
pub fn verify_record(record: &DrawRecord) -> Result<(), VerifyError> {
    verify(record, &record.pools)
}
