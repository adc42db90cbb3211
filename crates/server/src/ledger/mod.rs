//! The ledger service (电子存证账本): signing keys, the sequencer that appends waiting rows to the Merkle log and
//! signs checkpoints, proofs for the public endpoints, trusted time stamps, full verification and evidence packages.
//!
//! The hashing, tree, proofs, note format and time-stamp encoding are in the pure `zhibao-ledger` crate; this module
//! only moves bytes between it, the database and the evidence store.

pub mod evidence;
pub mod keys;
pub mod package;
pub mod verify;

use chrono::{DateTime, Utc};
use std::path::Path;
use tokio::sync::{Mutex, Notify};
use zhibao_ledger::checkpoint::{self, Checkpoint, NoteKey, NoteVerifier};
use zhibao_ledger::hash::{Hash, HashAlg};
use zhibao_ledger::tree::{self, Frontier, NodeId, Nodes};
use zhibao_ledger::tsa::Authority;
use zhibao_store::ledger::{CheckpointRow, LeafKind, NewLeaf};
use zhibao_store::{Store, StoreError, Ts};

use crate::config::{EvidenceSettings, LedgerSettings};

/// The canonical leaf bytes of a source row (or a probe).
pub fn leaf_data(kind: LeafKind, ref_id: i64, fields: &serde_json::Value) -> Vec<u8> {
    match kind {
        LeafKind::Probe => zhibao_ledger::leaf::leaf_bytes("probe", &serde_json::json!({ "n": ref_id })),
        _ => zhibao_ledger::leaf::leaf_bytes(kind.as_str(), fields),
    }
}

/// The ledger of one instance.
pub struct Ledger {
    /// Hash algorithm of the log.
    pub alg: HashAlg,
    /// Checkpoint origin.
    pub origin: String,
    ed25519: NoteKey,
    sm2: NoteKey,
    /// The time-stamping authority.
    pub tsa: Authority,
    /// External TSA URL and the PEM it is verified against, when configured.
    external_tsa: Option<(String, String)>,
    batch: i64,
    /// The right edge of the tree as last appended by this process (reloaded when the log grew elsewhere).
    frontier: Mutex<Option<Frontier>>,
    /// Wakes the sequencer.
    pub wake: Notify,
    /// Longest time between sequencer runs.
    pub interval: std::time::Duration,
    /// Stored tree nodes of the upper levels, which every proof needs. A perfect-subtree node never changes once
    /// written, so caching it is safe; `ledger verify` always reads the database, never this cache.
    node_cache: std::sync::RwLock<std::collections::HashMap<NodeId, Hash>>,
}

/// Nodes at this level and above are cached (at 10M leaves: ~39k nodes, ~2.5 MB).
const CACHE_MIN_LEVEL: u8 = 8;
/// Upper bound on cached nodes.
const CACHE_MAX: usize = 1 << 20;

/// Ledger failures.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// Storage.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The tree is missing a node or the sizes are wrong.
    #[error(transparent)]
    Tree(#[from] tree::TreeError),
    /// Anything else.
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<LedgerError> for crate::error::ApiError {
    fn from(e: LedgerError) -> Self {
        match e {
            LedgerError::Store(s) => s.into(),
            LedgerError::Tree(t) => crate::error::ApiError::field("size", t.to_string()),
            LedgerError::Other(o) => crate::error::ApiError::Internal(o),
        }
    }
}

type LResult<T> = Result<T, LedgerError>;

impl Ledger {
    /// Load the keys from `settings.keys_dir` (creating them on first use).
    pub fn open(settings: &LedgerSettings, evidence: &EvidenceSettings) -> anyhow::Result<Self> {
        let alg = HashAlg::parse(settings.hash_alg.trim())
            .ok_or_else(|| anyhow::anyhow!("ledger.hash_alg must be sha256 or sm3, not {:?}", settings.hash_alg))?;
        let origin = settings.origin.trim().to_string();
        if origin.is_empty() || origin.contains(char::is_whitespace) || origin.contains('+') {
            anyhow::bail!("ledger.origin must be a non-empty name without spaces or '+', e.g. zhibao.example/ledger");
        }
        let dir = if settings.keys_dir.trim().is_empty() { "data/keys" } else { settings.keys_dir.trim() };
        let k = keys::load_or_create(Path::new(dir), &origin)?;
        let external_tsa = if evidence.tsa_url.trim().is_empty() {
            None
        } else {
            let pem = k.external_tsa_pem.clone().ok_or_else(|| {
                anyhow::anyhow!(
                    "evidence.tsa_url is set: put the TSA's CA certificate (PEM) in {dir}/external-tsa-ca.pem"
                )
            })?;
            Some((evidence.tsa_url.trim().to_string(), pem))
        };
        Ok(Ledger {
            alg,
            origin,
            ed25519: k.ed25519,
            sm2: k.sm2,
            tsa: k.tsa,
            external_tsa,
            batch: settings.batch_size.clamp(1, 100_000),
            frontier: Mutex::new(None),
            wake: Notify::new(),
            interval: std::time::Duration::from_secs(settings.checkpoint_interval_secs.max(1)),
            node_cache: std::sync::RwLock::new(std::collections::HashMap::new()),
        })
    }

    /// The checkpoint verifiers of this instance (Ed25519 and SM2).
    pub fn verifiers(&self) -> Vec<NoteVerifier> {
        vec![self.ed25519.verifier(), self.sm2.verifier()]
    }

    /// Record the hash algorithm on first use; refuse to run a log under a different one.
    pub async fn check_alg(&self, store: &Store) -> anyhow::Result<()> {
        match store.meta("ledger.hash_alg").await? {
            Some(a) if a == self.alg.name() => Ok(()),
            Some(a) => anyhow::bail!(
                "the ledger was created with {a}; ledger.hash_alg = {} would break every proof. Set it back to {a}.",
                self.alg.name()
            ),
            None => Ok(store.set_meta("ledger.hash_alg", self.alg.name()).await?),
        }
    }

    async fn fetch_nodes(&self, store: &Store, ids: &[NodeId]) -> LResult<Nodes> {
        let mut nodes = Nodes::new();
        let mut want: Vec<(i64, i64)> = Vec::with_capacity(ids.len());
        {
            let cache = self.node_cache.read().unwrap_or_else(|p| p.into_inner());
            for id in ids {
                match cache.get(id) {
                    Some(h) => {
                        nodes.insert(*id, *h);
                    }
                    None => want.push((i64::from(id.level), id.index as i64)),
                }
            }
        }
        if want.is_empty() {
            return Ok(nodes);
        }
        let mut fresh = Vec::new();
        for (level, idx, h) in store.ledger_nodes(&want).await? {
            let hash: Hash = h
                .as_slice()
                .try_into()
                .map_err(|_| anyhow::anyhow!("stored node {level}/{idx} is {} bytes, not 32", h.len()))?;
            let id = NodeId { level: level as u8, index: idx as u64 };
            if id.level >= CACHE_MIN_LEVEL {
                fresh.push((id, hash));
            }
            nodes.insert(id, hash);
        }
        if !fresh.is_empty() {
            let mut cache = self.node_cache.write().unwrap_or_else(|p| p.into_inner());
            if cache.len() + fresh.len() <= CACHE_MAX {
                cache.extend(fresh);
            }
        }
        Ok(nodes)
    }

    async fn current_frontier(&self, store: &Store, cached: &mut Option<Frontier>) -> LResult<Frontier> {
        let size = store.ledger_size().await? as u64;
        if let Some(f) = cached.as_ref().filter(|f| f.size() == size) {
            return Ok(f.clone());
        }
        let nodes = self.fetch_nodes(store, &Frontier::nodes_needed(size)).await?;
        let f = Frontier::restore(self.alg, size, &nodes)?;
        *cached = Some(f.clone());
        Ok(f)
    }

    /// Append every waiting row (in batches), then sign a checkpoint if the log grew. Returns the leaves appended.
    pub async fn sequence(&self, store: &Store) -> LResult<u64> {
        let mut cached = self.frontier.lock().await;
        let mut total = 0u64;
        let mut conflicts = 0;
        loop {
            let rows = store.ledger_unsequenced(self.batch).await?;
            if rows.is_empty() {
                break;
            }
            let leaves: Vec<NewLeaf> = rows
                .iter()
                .map(|r| NewLeaf {
                    kind: r.kind,
                    ref_id: r.ref_id,
                    leaf_hash: self.alg.leaf_hash(&leaf_data(r.kind, r.ref_id, &r.fields)).to_vec(),
                })
                .collect();
            match self.append_batch(store, &mut cached, &leaves).await {
                Ok(()) => total += leaves.len() as u64,
                Err(LedgerError::Store(StoreError::Conflict { .. })) if conflicts < 20 => {
                    // Another appender (a CLI command on the same database) got there first: reload and retry.
                    conflicts += 1;
                    *cached = None;
                }
                Err(e) => {
                    *cached = None;
                    return Err(e);
                }
            }
        }
        self.checkpoint_locked(store, &mut cached).await?;
        Ok(total)
    }

    async fn append_batch(&self, store: &Store, cached: &mut Option<Frontier>, leaves: &[NewLeaf]) -> LResult<()> {
        let mut f = self.current_frontier(store, cached).await?;
        let first = f.size();
        let mut nodes = Vec::with_capacity(leaves.len());
        for l in leaves {
            let h: Hash = l.leaf_hash.as_slice().try_into().map_err(|_| anyhow::anyhow!("leaf hash length"))?;
            for (id, hash) in f.append(h) {
                if id.level > 0 {
                    nodes.push((i64::from(id.level), id.index as i64, hash.to_vec()));
                }
            }
        }
        store.ledger_append(first as i64, leaves, &nodes, Ts::new(Utc::now())).await?;
        *cached = Some(f);
        Ok(())
    }

    /// Append synthetic probe leaves numbered from the current size (benchmarks and the crash test), in batches of
    /// `batch`; `after_commit` is called with the log size after each committed batch.
    pub async fn append_probes(
        &self,
        store: &Store,
        count: u64,
        batch: u64,
        mut after_commit: impl FnMut(u64),
    ) -> LResult<()> {
        let mut cached = self.frontier.lock().await;
        let mut done = 0;
        while done < count {
            let f = self.current_frontier(store, &mut cached).await?;
            let n = batch.min(count - done);
            let leaves: Vec<NewLeaf> = (f.size()..f.size() + n)
                .map(|i| {
                    let ref_id = i as i64;
                    let data = leaf_data(LeafKind::Probe, ref_id, &serde_json::Value::Null);
                    NewLeaf { kind: LeafKind::Probe, ref_id, leaf_hash: self.alg.leaf_hash(&data).to_vec() }
                })
                .collect();
            self.append_batch(store, &mut cached, &leaves).await?;
            done += n;
            self.checkpoint_locked(store, &mut cached).await?;
            after_commit(f.size() + n);
        }
        Ok(())
    }

    /// Sign a checkpoint for the current size unless one exists.
    pub async fn checkpoint(&self, store: &Store) -> LResult<Option<CheckpointRow>> {
        let mut cached = self.frontier.lock().await;
        self.checkpoint_locked(store, &mut cached).await?;
        Ok(store.ledger_latest_checkpoint().await?)
    }

    async fn checkpoint_locked(&self, store: &Store, cached: &mut Option<Frontier>) -> LResult<()> {
        let f = self.current_frontier(store, cached).await?;
        let latest = store.ledger_latest_checkpoint().await?.map(|c| c.size).unwrap_or(-1);
        if latest >= f.size() as i64 {
            return Ok(());
        }
        let root = f.root();
        let note = self.sign(f.size(), root)?;
        store.ledger_put_checkpoint(f.size() as i64, &root, &note, Ts::new(Utc::now())).await?;
        Ok(())
    }

    fn sign(&self, size: u64, root: Hash) -> anyhow::Result<String> {
        let body = Checkpoint { origin: self.origin.clone(), size, root, extensions: Vec::new() }.body();
        checkpoint::sign(&body, &[&self.ed25519, &self.sm2], &mut rand::rngs::OsRng)
            .map_err(|e| anyhow::anyhow!("signing the checkpoint: {e}"))
    }

    /// The inclusion proof of leaf `index` in the tree of `size` leaves.
    pub async fn inclusion(&self, store: &Store, index: u64, size: u64) -> LResult<Vec<Hash>> {
        let ids = tree::inclusion_nodes(index, size)?;
        let nodes = self.fetch_nodes(store, &ids).await?;
        Ok(tree::inclusion_proof(self.alg, index, size, &nodes)?)
    }

    /// The consistency proof between tree sizes `first` and `second`.
    pub async fn consistency(&self, store: &Store, first: u64, second: u64) -> LResult<Vec<Hash>> {
        let ids = tree::consistency_nodes(first, second)?;
        let nodes = self.fetch_nodes(store, &ids).await?;
        Ok(tree::consistency_proof(self.alg, first, second, &nodes)?)
    }

    /// The root of the tree of `size` leaves, from stored nodes.
    pub async fn root(&self, store: &Store, size: u64) -> LResult<Hash> {
        let nodes = self.fetch_nodes(store, &tree::root_nodes(size)).await?;
        Ok(tree::root(self.alg, size, &nodes)?)
    }

    /// An RFC 3161 time stamp over a file's SHA-256: from our own TSA, or the configured external one (verified
    /// against its CA before it is accepted). Returns the DER `TimeStampResp` and the time it states.
    pub async fn timestamp(&self, sha256: &[u8; 32]) -> anyhow::Result<(Vec<u8>, DateTime<Utc>)> {
        match &self.external_tsa {
            None => {
                let now = Utc::now();
                let serial = rand::random::<u64>() >> 1;
                let resp = self
                    .tsa
                    .stamp(sha256, serial, now, None, &mut rand::rngs::OsRng)
                    .map_err(|e| anyhow::anyhow!("time stamp: {e}"))?;
                Ok((resp, now))
            }
            Some((url, pem)) => {
                let req = zhibao_ledger::tsa::request_der(sha256, Some(rand::random::<u64>() >> 1), true)
                    .map_err(|e| anyhow::anyhow!("time-stamp request: {e}"))?;
                let resp = reqwest::Client::new()
                    .post(url)
                    .header("content-type", "application/timestamp-query")
                    .body(req)
                    .timeout(std::time::Duration::from_secs(20))
                    .send()
                    .await?
                    .error_for_status()?
                    .bytes()
                    .await?
                    .to_vec();
                let info = zhibao_ledger::tsa::verify_response(&resp, sha256, pem)
                    .map_err(|e| anyhow::anyhow!("the external TSA's answer does not verify: {e}"))?;
                Ok((resp, info.gen_time))
            }
        }
    }

    /// The PEM that tokens of this instance verify against (our CA, or the external TSA's).
    pub fn tsa_trust_pem(&self) -> String {
        match &self.external_tsa {
            Some((_, pem)) => pem.clone(),
            None => self.tsa.ca_cert_pem(),
        }
    }
}

/// Run the sequencer until the task is aborted: at start, whenever woken, and at least every `interval`.
pub async fn run_sequencer(state: crate::AppState) {
    let ledger = match state.ledger() {
        Ok(l) => l,
        Err(e) => {
            tracing::error!(error = %e, "the ledger cannot start; evidence and audit anchoring are off");
            return;
        }
    };
    if let Err(e) = ledger.check_alg(&state.store).await {
        tracing::error!(error = %e, "the ledger cannot start");
        return;
    }
    loop {
        match ledger.sequence(&state.store).await {
            Ok(0) => {}
            Ok(n) => tracing::debug!(leaves = n, "ledger appended"),
            Err(e) => tracing::warn!(error = %e, "ledger sequencing failed; retrying"),
        }
        let _ = tokio::time::timeout(ledger.interval, ledger.wake.notified()).await;
    }
}
