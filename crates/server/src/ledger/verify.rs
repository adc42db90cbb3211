//! `ledger verify`: recompute every leaf from the database rows and stored files, rebuild the tree from the leaves,
//! compare every stored node and every checkpoint (root and signatures), and name each row, file or node that
//! changed. Streams the log in batches, so memory stays flat at any size.

use chrono::Utc;
use std::collections::HashMap;
use zhibao_ledger::checkpoint;
use zhibao_ledger::hash::Hash;
use zhibao_ledger::tree::{Frontier, NodeId};
use zhibao_store::ledger::{LeafKind, Problem, Verification};
use zhibao_store::{Store, Ts};

use super::{leaf_data, LResult, Ledger};
use crate::vault::{Digests, Vault};

const BATCH: i64 = 5_000;
const MAX_PROBLEMS: usize = 10_000;

fn problem(kind: &str, ref_id: impl Into<String>, detail: impl Into<String>) -> Problem {
    Problem { kind: kind.into(), ref_id: ref_id.into(), detail: detail.into() }
}

/// Verify the whole log; the run is recorded and returned.
pub async fn verify_all(ledger: &Ledger, store: &Store, vault: &Vault) -> LResult<Verification> {
    let started_at = Ts::new(Utc::now());
    let mut problems: Vec<Problem> = Vec::new();
    let push = |p: Problem, problems: &mut Vec<Problem>| {
        if problems.len() < MAX_PROBLEMS {
            problems.push(p);
        }
    };
    let size = store.ledger_size().await?;
    let checkpoints = store.ledger_checkpoints().await?;
    let mut cp_iter = checkpoints.iter().peekable();
    let verifiers = ledger.verifiers();
    let tsa_pem = ledger.tsa_trust_pem();
    let mut frontier = Frontier::empty(ledger.alg);
    while let Some(cp) = cp_iter.next_if(|c| c.size == 0) {
        check_checkpoint(ledger, &verifiers, cp, frontier.root(), &mut problems);
    }
    let mut from = 0i64;
    while from < size {
        let to = (from + BATCH).min(size);
        let leaves = store.ledger_leaves(from, to).await?;
        // Group the source ids by kind and fetch their current rows.
        let mut by_kind: HashMap<LeafKind, Vec<i64>> = HashMap::new();
        for l in &leaves {
            if let Some(k) = LeafKind::parse(&l.kind) {
                by_kind.entry(k).or_default().push(l.ref_id);
            }
        }
        let mut rows: HashMap<(LeafKind, i64), serde_json::Value> = HashMap::new();
        for (kind, ids) in &by_kind {
            for r in store.ledger_source_rows(*kind, ids).await? {
                rows.insert((r.kind, r.ref_id), r.fields);
            }
        }
        let mut expected_idx = from;
        let mut emitted: Vec<(NodeId, Hash)> = Vec::new();
        for l in &leaves {
            if l.idx != expected_idx {
                push(problem("leaf", format!("leaf#{expected_idx}"), "leaf row missing from the log"), &mut problems);
            }
            expected_idx = l.idx + 1;
            let Some(kind) = LeafKind::parse(&l.kind) else {
                push(problem("leaf", format!("leaf#{}", l.idx), format!("unknown kind {:?}", l.kind)), &mut problems);
                continue;
            };
            let label = format!("{}#{}", kind.as_str(), l.ref_id);
            let recomputed = match kind {
                LeafKind::Probe => Some(leaf_data(kind, l.ref_id, &serde_json::Value::Null)),
                _ => rows.get(&(kind, l.ref_id)).map(|f| leaf_data(kind, l.ref_id, f)),
            };
            match recomputed {
                None => push(
                    problem("row_missing", label.clone(), format!("leaf {} names a row that no longer exists", l.idx)),
                    &mut problems,
                ),
                Some(data) => {
                    if ledger.alg.leaf_hash(&data).as_slice() != l.leaf_hash.as_slice() {
                        push(
                            problem(
                                "leaf",
                                label.clone(),
                                format!("row changed since it was logged as leaf {}", l.idx),
                            ),
                            &mut problems,
                        );
                    }
                }
            }
            let stored: Hash = match l.leaf_hash.as_slice().try_into() {
                Ok(h) => h,
                Err(_) => {
                    push(problem("leaf", format!("leaf#{}", l.idx), "stored leaf hash is not 32 bytes"), &mut problems);
                    [0u8; 32]
                }
            };
            emitted.extend(frontier.append(stored).into_iter().filter(|(id, _)| id.level > 0));
            while let Some(cp) = cp_iter.next_if(|c| c.size as u64 == frontier.size()) {
                check_checkpoint(ledger, &verifiers, cp, frontier.root(), &mut problems);
            }
        }
        if expected_idx != to {
            push(problem("leaf", format!("leaf#{expected_idx}"), "leaf rows missing from the log"), &mut problems);
        }
        // Every node the leaves completed must be stored as computed.
        let want: Vec<(i64, i64)> = emitted.iter().map(|(id, _)| (i64::from(id.level), id.index as i64)).collect();
        let stored: HashMap<(i64, i64), Vec<u8>> =
            store.ledger_nodes(&want).await?.into_iter().map(|(l, i, h)| ((l, i), h)).collect();
        for (id, hash) in &emitted {
            let key = (i64::from(id.level), id.index as i64);
            match stored.get(&key) {
                Some(h) if h.as_slice() == hash.as_slice() => {}
                Some(_) => push(
                    problem(
                        "node",
                        format!("node {}/{}", id.level, id.index),
                        "stored tree node differs from the leaves",
                    ),
                    &mut problems,
                ),
                None => {
                    push(problem("node", format!("node {}/{}", id.level, id.index), "tree node missing"), &mut problems)
                }
            }
        }
        // Evidence files: the stored bytes must still have the digests of the row, and the time stamp must verify.
        if let Some(ids) = by_kind.get(&LeafKind::Evidence) {
            for id in ids {
                check_evidence(store, vault, *id, &tsa_pem, &mut problems).await?;
            }
        }
        from = to;
    }
    for cp in cp_iter {
        push(
            problem("checkpoint", format!("checkpoint@{}", cp.size), "checkpoint is larger than the log"),
            &mut problems,
        );
    }
    let finished_at = Ts::new(Utc::now());
    let v = Verification { started_at, finished_at, ok: problems.is_empty(), checked_leaves: size, problems };
    store.ledger_put_verification(&v).await?;
    Ok(v)
}

fn check_checkpoint(
    ledger: &Ledger,
    verifiers: &[checkpoint::NoteVerifier],
    cp: &zhibao_store::ledger::CheckpointRow,
    root: Hash,
    problems: &mut Vec<Problem>,
) {
    let label = format!("checkpoint@{}", cp.size);
    if cp.root.as_slice() != root.as_slice() {
        problems.push(problem("checkpoint", label.clone(), "root differs from the tree rebuilt from the leaves"));
    }
    match checkpoint::open(&cp.note, verifiers) {
        Err(e) => problems.push(problem("checkpoint", label, format!("signed note does not verify: {e}"))),
        Ok(o) => {
            let kinds: Vec<_> = o.verified.iter().map(|(_, k)| *k).collect();
            if kinds.len() < 2 {
                problems.push(problem("checkpoint", label.clone(), "missing the Ed25519 or the SM2 signature"));
            }
            if o.checkpoint.size != cp.size as u64 || o.checkpoint.root != root || o.checkpoint.origin != ledger.origin
            {
                problems.push(problem("checkpoint", label, "signed note names another size, root or origin"));
            }
        }
    }
}

async fn check_evidence(
    store: &Store,
    vault: &Vault,
    id: i64,
    tsa_pem: &str,
    problems: &mut Vec<Problem>,
) -> LResult<()> {
    let Ok(e) = store.evidence(id).await else { return Ok(()) };
    let label = format!("evidence#{id} file {}", e.sha256);
    match vault.get(&e.sha256).await {
        Ok(None) => problems.push(problem("file", label, "stored file is missing")),
        Err(err) => problems.push(problem("file", label, format!("stored file cannot be read: {err}"))),
        Ok(Some(bytes)) => {
            let d = Digests::of(&bytes);
            if d.sha256 != e.sha256 || d.sm3 != e.sm3 || bytes.len() as i64 != e.size {
                problems.push(problem("file", label.clone(), "stored file changed (digest or size differs)"));
            }
        }
    }
    if let Some(token) = &e.tsa_token {
        let mut imprint = [0u8; 32];
        if hex::decode_to_slice(&e.sha256, &mut imprint).is_ok() {
            if let Err(err) = zhibao_ledger::tsa::verify_response(token, &imprint, tsa_pem) {
                problems.push(problem(
                    "timestamp",
                    format!("evidence#{id}"),
                    format!("time stamp does not verify: {err}"),
                ));
            }
        }
    } else {
        problems.push(problem("timestamp", format!("evidence#{id}"), "no time stamp"));
    }
    Ok(())
}
