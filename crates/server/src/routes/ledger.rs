//! The ledger (账本): its status and verification for staff, peer regions (证据互认), and the public log endpoints —
//! latest checkpoint, inclusion and consistency proofs, keys — plus an RFC 3161 time-stamping endpoint.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zhibao_domain::validate::FieldErrors;
use zhibao_store::ledger::{Peer, Verification};
use zhibao_store::Ts;

use crate::auth::Principal;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiQuery, ClientIp};
use crate::state::AppState;

/// Routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(status))
        .routes(routes!(verify))
        .routes(routes!(peers, add_peer))
        .routes(routes!(delete_peer))
        .routes(routes!(checkpoint))
        .routes(routes!(inclusion))
        .routes(routes!(consistency))
        .routes(routes!(keys))
        .routes(routes!(tsa))
}

/// The latest checkpoint.
#[derive(Serialize, ToSchema)]
pub struct CheckpointView {
    /// Tree size.
    pub size: i64,
    /// Root hash (hex).
    pub root: String,
    /// When signed.
    pub created_at: Ts,
    /// The signed note.
    pub note: String,
}

/// Public keys of this instance.
#[derive(Serialize, ToSchema)]
pub struct KeysView {
    /// Log origin.
    pub origin: String,
    /// Hash algorithm.
    pub hash_alg: String,
    /// Ed25519 verifier key (signed-note vkey format).
    pub ed25519_vkey: String,
    /// SM2 verifier key.
    pub sm2_vkey: String,
    /// Ed25519 public key (SPKI PEM).
    pub ed25519_pem: String,
    /// SM2 public key (SPKI PEM).
    pub sm2_pem: String,
    /// TSA certificate (PEM).
    pub tsa_cert_pem: String,
    /// The CA that time stamps verify against (PEM).
    pub tsa_ca_pem: String,
}

/// Ledger status.
#[derive(Serialize, ToSchema)]
pub struct LedgerStatus {
    /// Leaves in the log.
    pub size: i64,
    /// Hash algorithm.
    pub hash_alg: String,
    /// Origin.
    pub origin: String,
    /// Rows waiting to be appended.
    pub pending: i64,
    /// Latest checkpoint.
    pub checkpoint: Option<CheckpointView>,
    /// Last verification run.
    pub last_verification: Option<Verification>,
    /// Public keys.
    pub keys: KeysView,
}

fn keys_view(s: &AppState) -> ApiResult<KeysView> {
    let l = s.ledger()?;
    let v = l.verifiers();
    let find = |k: zhibao_ledger::checkpoint::SigKind| v.iter().find(|x| x.kind == k).cloned();
    let ed = find(zhibao_ledger::checkpoint::SigKind::Ed25519)
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no key")))?;
    let sm =
        find(zhibao_ledger::checkpoint::SigKind::Sm2).ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no key")))?;
    Ok(KeysView {
        origin: l.origin.clone(),
        hash_alg: l.alg.name().to_string(),
        ed25519_vkey: ed.to_vkey(),
        sm2_vkey: sm.to_vkey(),
        ed25519_pem: ed.public_key_pem(),
        sm2_pem: sm.public_key_pem(),
        tsa_cert_pem: l.tsa.cert_pem(),
        tsa_ca_pem: l.tsa_trust_pem(),
    })
}

async fn latest(s: &AppState) -> ApiResult<Option<CheckpointView>> {
    Ok(s.store.ledger_latest_checkpoint().await?.map(|c| CheckpointView {
        size: c.size,
        root: hex::encode(&c.root),
        created_at: c.created_at,
        note: c.note,
    }))
}

/// Size, latest checkpoint, keys and the last verification run.
#[utoipa::path(get, path = "/api/v1/ledger/status", tag = "evidence", responses((status = 200, body = LedgerStatus)))]
async fn status(State(s): State<AppState>, p: Principal) -> ApiResult<Json<LedgerStatus>> {
    p.require("evidence:ledger:view")?;
    let l = s.ledger()?;
    Ok(Json(LedgerStatus {
        size: s.store.ledger_size().await?,
        hash_alg: l.alg.name().to_string(),
        origin: l.origin.clone(),
        pending: s.store.ledger_pending().await?,
        checkpoint: latest(&s).await?,
        last_verification: s.store.ledger_last_verification().await?,
        keys: keys_view(&s)?,
    }))
}

/// Verify the whole log now: every leaf recomputed from its row and file, every node and checkpoint.
#[utoipa::path(post, path = "/api/v1/ledger/verify", tag = "evidence", responses((status = 200, body = Verification)))]
async fn verify(State(s): State<AppState>, p: Principal) -> ApiResult<Json<Verification>> {
    p.require("evidence:ledger:verify")?;
    let l = s.ledger()?;
    l.sequence(&s.store).await?;
    Ok(Json(crate::ledger::verify::verify_all(&l, &s.store, s.vault()?).await?))
}

/// Registered peer regions (证据互认).
#[utoipa::path(get, path = "/api/v1/ledger/peers", tag = "evidence", responses((status = 200, body = [Peer])))]
async fn peers(State(s): State<AppState>, p: Principal) -> ApiResult<Json<Vec<Peer>>> {
    p.require("evidence:ledger:peers")?;
    Ok(Json(s.store.ledger_peers().await?))
}

/// A peer region to register.
#[derive(Deserialize, ToSchema)]
pub struct PeerForm {
    /// Name, e.g. 北京市知识产权保护中心.
    pub name: String,
    /// The peer's signed-note verifier keys (Ed25519 and/or SM2).
    pub vkeys: Vec<String>,
    /// The peer's TSA CA certificate (PEM).
    pub tsa_ca_pem: Option<String>,
}

/// Register a peer region's public keys; its evidence packages then verify here.
#[utoipa::path(post, path = "/api/v1/ledger/peers", tag = "evidence", request_body = PeerForm, responses((status = 201, body = Peer), (status = 422, body = ErrorBody)))]
async fn add_peer(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(f): ApiJson<PeerForm>,
) -> ApiResult<(StatusCode, Json<Peer>)> {
    p.require("evidence:ledger:peers")?;
    let mut errs = FieldErrors::new();
    let name = f.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        errs.add("name", "名称为 1–100 字");
    }
    let vkeys: Vec<String> = f.vkeys.iter().map(|v| v.trim().to_string()).filter(|v| !v.is_empty()).collect();
    if vkeys.is_empty() {
        errs.add("vkeys", "至少需要一个验证公钥");
    }
    for (i, v) in vkeys.iter().enumerate() {
        if let Err(e) = zhibao_ledger::checkpoint::NoteVerifier::parse_vkey(v) {
            errs.add("vkeys", format!("第 {} 个公钥无效：{e}", i + 1));
        }
    }
    let pem = f.tsa_ca_pem.as_deref().map(str::trim).filter(|p| !p.is_empty());
    if let Some(pem) = pem {
        if !pem.starts_with("-----BEGIN CERTIFICATE-----") || pem.len() > 20_000 {
            errs.add("tsa_ca_pem", "应为 PEM 格式的证书");
        }
    }
    if !errs.is_empty() {
        return Err(errs.into());
    }
    let peer = s.store.ledger_add_peer(name, &vkeys, pem, Ts::new(Utc::now())).await?;
    Ok((StatusCode::CREATED, Json(peer)))
}

/// Remove a peer region.
#[utoipa::path(delete, path = "/api/v1/ledger/peers/{id}", tag = "evidence", responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_peer(State(s): State<AppState>, p: Principal, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    p.require("evidence:ledger:peers")?;
    s.store.ledger_delete_peer(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The latest signed checkpoint (C2SP tlog-checkpoint in a signed note), as text.
#[utoipa::path(get, path = "/api/v1/public/ledger/checkpoint", tag = "public", responses((status = 200, content_type = "text/plain"), (status = 404, body = ErrorBody)))]
async fn checkpoint(State(s): State<AppState>) -> ApiResult<Response> {
    let l = s.ledger()?;
    let cp = match s.store.ledger_latest_checkpoint().await? {
        Some(c) => c,
        None => l.checkpoint(&s.store).await?.ok_or(ApiError::NotFound)?,
    };
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], cp.note).into_response())
}

/// Which leaf, in which tree.
#[derive(Deserialize, IntoParams)]
pub struct InclusionQuery {
    /// Leaf index (or give `hash`).
    pub index: Option<u64>,
    /// Leaf hash, hex (or give `index`).
    pub hash: Option<String>,
    /// Tree size; default: the latest checkpoint's.
    pub size: Option<u64>,
}

/// An inclusion proof.
#[derive(Serialize, ToSchema)]
pub struct InclusionProof {
    /// Hash algorithm.
    pub hash_alg: String,
    /// Leaf index.
    pub index: u64,
    /// Tree size.
    pub size: u64,
    /// Leaf hash (hex).
    pub leaf_hash: String,
    /// Audit path, hex, leaf to root (RFC 9162 §2.1.3).
    pub proof: Vec<String>,
    /// Root of the tree of `size` (hex).
    pub root: String,
}

async fn default_size(s: &AppState) -> ApiResult<u64> {
    let l = s.ledger()?;
    let cp = match s.store.ledger_latest_checkpoint().await? {
        Some(c) => Some(c),
        None => l.checkpoint(&s.store).await?,
    };
    Ok(cp.map(|c| c.size as u64).unwrap_or(0))
}

/// An inclusion proof by leaf index or leaf hash.
#[utoipa::path(get, path = "/api/v1/public/ledger/inclusion", tag = "public", params(InclusionQuery), responses((status = 200, body = InclusionProof), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn inclusion(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<InclusionQuery>,
) -> ApiResult<Json<InclusionProof>> {
    let l = s.ledger()?;
    let size = match q.size {
        Some(n) => n,
        None => default_size(&s).await?,
    };
    if size as i64 > s.store.ledger_size().await? {
        return Err(ApiError::field("size", "大于日志当前大小"));
    }
    let (index, leaf_hash) = match (q.index, q.hash.as_deref()) {
        (Some(i), None) => {
            let leaf = s.store.ledger_leaves(i as i64, i as i64 + 1).await?.pop().ok_or(ApiError::NotFound)?;
            (i, leaf.leaf_hash)
        }
        (None, Some(h)) => {
            let bytes = hex::decode(h.trim())
                .ok()
                .filter(|b| b.len() == 32)
                .ok_or_else(|| ApiError::field("hash", "叶子哈希应为 64 位十六进制"))?;
            let leaf = s.store.ledger_leaf_by_hash(&bytes).await?.ok_or(ApiError::NotFound)?;
            (leaf.idx as u64, leaf.leaf_hash)
        }
        _ => return Err(ApiError::field("index", "请给出 index 或 hash 之一")),
    };
    if index >= size {
        return Err(ApiError::field("size", format!("叶子 {index} 不在大小为 {size} 的树中")));
    }
    let proof = l.inclusion(&s.store, index, size).await?;
    let root = l.root(&s.store, size).await?;
    Ok(Json(InclusionProof {
        hash_alg: l.alg.name().into(),
        index,
        size,
        leaf_hash: hex::encode(leaf_hash),
        proof: proof.iter().map(hex::encode).collect(),
        root: hex::encode(root),
    }))
}

/// Two tree sizes.
#[derive(Deserialize, IntoParams)]
pub struct ConsistencyQuery {
    /// The older size.
    pub first: u64,
    /// The newer size; default: the latest checkpoint's.
    pub second: Option<u64>,
}

/// A consistency proof.
#[derive(Serialize, ToSchema)]
pub struct ConsistencyProof {
    /// Hash algorithm.
    pub hash_alg: String,
    /// Older size.
    pub first: u64,
    /// Newer size.
    pub second: u64,
    /// Proof, hex (RFC 9162 §2.1.4).
    pub proof: Vec<String>,
    /// Root of the older tree (hex).
    pub first_root: String,
    /// Root of the newer tree (hex).
    pub second_root: String,
}

/// A consistency proof between two tree sizes.
#[utoipa::path(get, path = "/api/v1/public/ledger/consistency", tag = "public", params(ConsistencyQuery), responses((status = 200, body = ConsistencyProof), (status = 422, body = ErrorBody)))]
async fn consistency(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<ConsistencyQuery>,
) -> ApiResult<Json<ConsistencyProof>> {
    let l = s.ledger()?;
    let second = match q.second {
        Some(n) => n,
        None => default_size(&s).await?,
    };
    if second as i64 > s.store.ledger_size().await? {
        return Err(ApiError::field("second", "大于日志当前大小"));
    }
    if q.first == 0 || q.first > second {
        return Err(ApiError::field("first", "应满足 0 < first ≤ second"));
    }
    let proof = l.consistency(&s.store, q.first, second).await?;
    Ok(Json(ConsistencyProof {
        hash_alg: l.alg.name().into(),
        first: q.first,
        second,
        proof: proof.iter().map(hex::encode).collect(),
        first_root: hex::encode(l.root(&s.store, q.first).await?),
        second_root: hex::encode(l.root(&s.store, second).await?),
    }))
}

/// The public keys: checkpoint verifier keys and the TSA certificates.
#[utoipa::path(get, path = "/api/v1/public/ledger/keys", tag = "public", responses((status = 200, body = KeysView)))]
async fn keys(State(s): State<AppState>) -> ApiResult<Json<KeysView>> {
    Ok(Json(keys_view(&s)?))
}

/// RFC 3161 over HTTP (§3.4): POST a DER `TimeStampReq` as `application/timestamp-query`, get a
/// `TimeStampResp` as `application/timestamp-reply`. Rate-limited per client address.
#[utoipa::path(post, path = "/api/v1/public/tsa", tag = "public", request_body(content_type = "application/timestamp-query"),
    responses((status = 200, content_type = "application/timestamp-reply"), (status = 429, body = ErrorBody)))]
async fn tsa(State(s): State<AppState>, ClientIp(ip): ClientIp, body: Bytes) -> ApiResult<Response> {
    if s.public_limiter.check_key(&ip).is_err() {
        return Err(ApiError::RateLimited);
    }
    if body.len() > 64 * 1024 {
        return Err(ApiError::PayloadTooLarge);
    }
    let l = s.ledger()?;
    let serial = rand::random::<u64>() >> 1;
    let resp = l.tsa.respond(&body, serial, Utc::now(), &mut rand::rngs::OsRng);
    Ok(([(header::CONTENT_TYPE, "application/timestamp-reply")], resp).into_response())
}
