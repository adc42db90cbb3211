//! Evidence packages (证据包): gather the file, leaf, proof, checkpoint, time stamp and keys of one evidence item
//! and let `zhibao_ledger::package` write (and self-check) the ZIP.

use chrono::Utc;
use zhibao_ledger::checkpoint::NoteVerifier;
use zhibao_ledger::package::{PackageFile, PackageInput, Trust};
use zhibao_store::cases::Evidence;
use zhibao_store::ledger::LeafKind;

use super::leaf_data;
use crate::error::ApiError;
use crate::AppState;

/// Build the package of `e`, sequencing it (and signing a checkpoint) first if it is not in the log yet.
pub async fn build(s: &AppState, e: &Evidence) -> Result<Vec<u8>, ApiError> {
    let ledger = s.ledger()?;
    let mut e = e.clone();
    if e.leaf_index.is_none() {
        ledger.sequence(&s.store).await?;
        e = s.store.evidence(e.id).await?;
    }
    let index = e.leaf_index.ok_or_else(|| ApiError::Conflict("证据尚未写入账本，请稍后再试".into()))?;
    let cp = match s.store.ledger_checkpoint_covering(index + 1).await? {
        Some(c) => c,
        None => {
            ledger.checkpoint(&s.store).await?;
            s.store
                .ledger_checkpoint_covering(index + 1)
                .await?
                .ok_or_else(|| ApiError::Conflict("尚无覆盖该证据的签名检查点".into()))?
        }
    };
    let index = index as u64;
    let size = cp.size as u64;
    let proof = ledger.inclusion(&s.store, index, size).await?;
    let row = s.store.ledger_source_rows(LeafKind::Evidence, &[e.id]).await?.pop().ok_or(ApiError::NotFound)?;
    let leaf = leaf_data(LeafKind::Evidence, e.id, &row.fields);
    let stored = s.store.ledger_leaf_of(LeafKind::Evidence, e.id).await?.ok_or(ApiError::NotFound)?;
    if ledger.alg.leaf_hash(&leaf).as_slice() != stored.leaf_hash.as_slice() {
        return Err(ApiError::Conflict(format!(
            "证据 {} 的记录在写入账本后被改动，不能出具证据包；请运行 zhibao ledger verify",
            e.id
        )));
    }
    let bytes = s.vault()?.get(&e.sha256).await?.ok_or(ApiError::NotFound)?;
    let token = e.tsa_token.clone().ok_or_else(|| ApiError::Conflict("证据缺少时间戳".into()))?;
    let token_for_cert = token.clone();
    let e_id = e.id;
    let tsa_ca_pem = ledger.tsa_trust_pem();
    let input = PackageInput {
        hash_alg: ledger.alg,
        origin: ledger.origin.clone(),
        evidence_id: e.id.to_string(),
        generated_at: Utc::now(),
        files: vec![PackageFile { file_name: e.file_name.clone(), bytes: bytes.to_vec(), tsa_token: token }],
        leaf,
        leaf_index: index,
        tree_size: size,
        inclusion_path: proof,
        checkpoint: cp.note,
        verifiers: ledger.verifiers(),
        // The certificate that signed the token (ours, or the external TSA's).
        tsa_cert_pem: zhibao_ledger::tsa::token_signer_pem(&token_for_cert)
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("time stamp of evidence {}: {e}", e_id)))?,
        tsa_ca_pem,
    };
    tokio::task::spawn_blocking(move || zhibao_ledger::package::build(&input))
        .await
        .map_err(|e| ApiError::Internal(e.into()))?
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("evidence package: {e}")))
}

/// The keys this instance trusts: its own and those of registered peer regions (证据互认).
pub async fn trust(s: &AppState) -> Result<Trust, ApiError> {
    let ledger = s.ledger()?;
    let mut trust = Trust { verifiers: ledger.verifiers(), tsa_ca_pems: vec![ledger.tsa_trust_pem()] };
    for p in s.store.ledger_peers().await? {
        for v in &p.vkeys {
            if let Ok(v) = NoteVerifier::parse_vkey(v) {
                trust.verifiers.push(v);
            }
        }
        if let Some(pem) = p.tsa_ca_pem {
            trust.tsa_ca_pems.push(pem);
        }
    }
    Ok(trust)
}
