//! The evidence ledger's tables (电子存证账本): leaves, perfect-subtree nodes, signed checkpoints, verification runs,
//! peer regions, and the outbox of rows not yet sequenced into the log.
//!
//! The store knows nothing of hashing: the server computes leaf hashes and tree nodes with `zhibao-ledger` and hands
//! them here; [`Store::ledger_append`] writes one batch — leaves, completed nodes and the source rows' `ledger_idx`
//! markers — in one transaction, refusing it (`Conflict`) if the log grew meanwhile, so two appenders (a server and a
//! CLI command on the same database) can never interleave. A crash before the commit leaves the source rows
//! unsequenced; they are appended by the next run. See `docs/adr/0004-evidence-ledger.md`.

use serde::Serialize;
use sqlx::QueryBuilder;

use crate::{with_db, Store, StoreError, StoreResult, Ts};

/// Rows per multi-row statement (SQLite allows 32,766 parameters; 5 per row here).
const CHUNK: usize = 1000;

/// What a leaf was derived from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeafKind {
    /// An evidence item (证据).
    Evidence,
    /// A case-timeline event (案件流转记录).
    CaseEvent,
    /// An operation-log entry (操作日志).
    OpLog,
    /// A synthetic entry written by benchmarks and the crash test (`ref_id` is its number).
    Probe,
}

impl LeafKind {
    /// Every kind, in the order the sequencer drains them.
    pub const ALL: [LeafKind; 4] = [LeafKind::Evidence, LeafKind::CaseEvent, LeafKind::OpLog, LeafKind::Probe];
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            LeafKind::Evidence => "evidence",
            LeafKind::CaseEvent => "case_event",
            LeafKind::OpLog => "oplog",
            LeafKind::Probe => "probe",
        }
    }
    /// Parse a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
    /// The source table, for kinds that have one.
    fn table(self) -> Option<&'static str> {
        match self {
            LeafKind::Evidence => Some("evidence"),
            LeafKind::CaseEvent => Some("matter_events"),
            LeafKind::OpLog => Some("op_log"),
            LeafKind::Probe => None,
        }
    }
}

/// A source row as the fields its leaf encodes (the canonical JSON is made by `zhibao_ledger::leaf`).
#[derive(Debug, Clone)]
pub struct SourceRow {
    /// Kind.
    pub kind: LeafKind,
    /// Row id.
    pub ref_id: i64,
    /// The fields, serialised from the leaf structs below (never from API types, so the leaf schema is pinned here).
    pub fields: serde_json::Value,
}

/// The fields of an evidence item that its leaf commits to.
#[derive(Debug, Serialize, sqlx::FromRow)]
struct EvidenceLeaf {
    id: i64,
    matter_id: Option<i64>,
    file_name: String,
    content_type: String,
    size: i64,
    sha256: String,
    sm3: String,
    source_url: Option<String>,
    captured_at: Option<Ts>,
    description: Option<String>,
    uploader: String,
    created_at: Ts,
}
const EVIDENCE_COLS: &str = "id, matter_id, file_name, content_type, size_bytes AS size, sha256, sm3, source_url, \
                             captured_at, description, uploader, created_at";

/// The fields of a case-timeline event that its leaf commits to.
#[derive(Debug, Serialize, sqlx::FromRow)]
struct EventLeaf {
    id: i64,
    matter_id: i64,
    kind: String,
    event: Option<String>,
    from_state: Option<String>,
    to_state: Option<String>,
    actor_id: Option<i64>,
    actor_name: Option<String>,
    note: Option<String>,
    public: bool,
    detail: String,
    created_at: Ts,
}
const EVENT_COLS: &str =
    "id, matter_id, kind, event, from_state, to_state, actor_id, actor_name, note, public, detail, created_at";

/// The fields of an operation-log entry that its leaf commits to.
#[derive(Debug, Serialize, sqlx::FromRow)]
struct OpLogLeaf {
    id: i64,
    user_id: Option<i64>,
    username: Option<String>,
    dept_id: Option<i64>,
    method: String,
    path: String,
    module: String,
    action: String,
    target: Option<String>,
    ip: Option<String>,
    status_code: i64,
    result: String,
    duration_ms: i64,
    created_at: Ts,
}
const OPLOG_COLS: &str =
    "id, user_id, username, dept_id, method, path, module, action, target, ip, status_code, result, duration_ms, created_at";

/// A leaf to append; its index is the batch's first index plus its position.
#[derive(Debug, Clone)]
pub struct NewLeaf {
    /// Kind.
    pub kind: LeafKind,
    /// Source row id (or probe number).
    pub ref_id: i64,
    /// RFC 9162 leaf hash.
    pub leaf_hash: Vec<u8>,
}

/// A stored leaf.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LeafRow {
    /// Index.
    pub idx: i64,
    /// Kind name.
    pub kind: String,
    /// Source row id.
    pub ref_id: i64,
    /// Leaf hash.
    pub leaf_hash: Vec<u8>,
}

/// A stored checkpoint.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct CheckpointRow {
    /// Tree size.
    pub size: i64,
    /// Root hash.
    #[serde(skip)]
    pub root: Vec<u8>,
    /// The signed note.
    pub note: String,
    /// When signed.
    pub created_at: Ts,
}

/// A problem found by a verification run.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct Problem {
    /// What is wrong: `leaf`, `row_missing`, `file`, `node`, `checkpoint`, `timestamp`.
    pub kind: String,
    /// The row, file or node concerned (e.g. `evidence#12`, `leaf#40`, `node 3/5`).
    pub ref_id: String,
    /// Human-readable detail.
    pub detail: String,
}

/// A verification run.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    /// Started.
    pub started_at: Ts,
    /// Finished.
    pub finished_at: Ts,
    /// No problems.
    pub ok: bool,
    /// Leaves recomputed.
    pub checked_leaves: i64,
    /// Problems (at most the first 1,000 are kept).
    pub problems: Vec<Problem>,
}

#[derive(sqlx::FromRow)]
struct VerificationRow {
    started_at: Ts,
    finished_at: Ts,
    ok: bool,
    checked_leaves: i64,
    problems: String,
}

/// A peer region whose packages this instance accepts (证据互认).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize)]
pub struct Peer {
    /// Id.
    pub id: i64,
    /// Name, e.g. 北京市知识产权保护中心.
    pub name: String,
    /// Signed-note verifier keys.
    pub vkeys: Vec<String>,
    /// The peer's TSA root certificate (PEM).
    pub tsa_ca_pem: Option<String>,
    /// Registered.
    pub created_at: Ts,
}

#[derive(sqlx::FromRow)]
struct PeerRow {
    id: i64,
    name: String,
    vkeys: String,
    tsa_ca_pem: Option<String>,
    created_at: Ts,
}

impl From<PeerRow> for Peer {
    fn from(r: PeerRow) -> Self {
        Peer {
            id: r.id,
            name: r.name,
            vkeys: serde_json::from_str(&r.vkeys).unwrap_or_default(),
            tsa_ca_pem: r.tsa_ca_pem,
            created_at: r.created_at,
        }
    }
}

fn to_json<T: Serialize>(kind: LeafKind, rows: Vec<(i64, T)>) -> StoreResult<Vec<SourceRow>> {
    rows.into_iter()
        .map(|(id, r)| {
            let fields = serde_json::to_value(r).map_err(|e| StoreError::Rule(format!("leaf fields: {e}")))?;
            Ok(SourceRow { kind, ref_id: id, fields })
        })
        .collect()
}

impl Store {
    /// The number of leaves in the log.
    pub async fn ledger_size(&self) -> StoreResult<i64> {
        Ok(with_db!(self, pool => sqlx::query_scalar::<_, i64>("SELECT COALESCE(MAX(idx) + 1, 0) FROM ledger_leaves")
            .fetch_one(pool).await?))
    }

    /// Rows not yet in the log, oldest first, at most `limit` (evidence first, then timeline, then operation log).
    pub async fn ledger_unsequenced(&self, limit: i64) -> StoreResult<Vec<SourceRow>> {
        let mut out = Vec::new();
        for kind in [LeafKind::Evidence, LeafKind::CaseEvent, LeafKind::OpLog] {
            let left = limit - out.len() as i64;
            if left <= 0 {
                break;
            }
            out.extend(self.source_rows_where(kind, "ledger_idx IS NULL", left).await?);
        }
        Ok(out)
    }

    /// The current fields of source rows (for verification); rows that no longer exist are absent.
    pub async fn ledger_source_rows(&self, kind: LeafKind, ids: &[i64]) -> StoreResult<Vec<SourceRow>> {
        if ids.is_empty() || kind.table().is_none() {
            return Ok(Vec::new());
        }
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        self.source_rows_where(kind, &format!("id IN ({list})"), ids.len() as i64).await
    }

    async fn source_rows_where(&self, kind: LeafKind, cond: &str, limit: i64) -> StoreResult<Vec<SourceRow>> {
        let (cols, table) = match kind {
            LeafKind::Evidence => (EVIDENCE_COLS, "evidence"),
            LeafKind::CaseEvent => (EVENT_COLS, "matter_events"),
            LeafKind::OpLog => (OPLOG_COLS, "op_log"),
            LeafKind::Probe => return Ok(Vec::new()),
        };
        let sql = format!("SELECT {cols} FROM {table} WHERE {cond} ORDER BY id LIMIT $1");
        match kind {
            LeafKind::Evidence => {
                let rows: Vec<EvidenceLeaf> =
                    with_db!(self, pool => sqlx::query_as(&sql).bind(limit).fetch_all(pool).await?);
                to_json(kind, rows.into_iter().map(|r| (r.id, r)).collect())
            }
            LeafKind::CaseEvent => {
                let rows: Vec<EventLeaf> =
                    with_db!(self, pool => sqlx::query_as(&sql).bind(limit).fetch_all(pool).await?);
                to_json(kind, rows.into_iter().map(|r| (r.id, r)).collect())
            }
            LeafKind::OpLog => {
                let rows: Vec<OpLogLeaf> =
                    with_db!(self, pool => sqlx::query_as(&sql).bind(limit).fetch_all(pool).await?);
                to_json(kind, rows.into_iter().map(|r| (r.id, r)).collect())
            }
            LeafKind::Probe => Ok(Vec::new()),
        }
    }

    /// Append one batch: `leaves` get indices `first, first + 1, …`; `nodes` are the perfect-subtree nodes
    /// (level ≥ 1) they complete; source rows are marked with their index. One transaction; `Conflict` when the log
    /// is no longer `first` long or a source row was sequenced by someone else (reload and retry).
    pub async fn ledger_append(
        &self,
        first: i64,
        leaves: &[NewLeaf],
        nodes: &[(i64, i64, Vec<u8>)],
        now: Ts,
    ) -> StoreResult<()> {
        let conflict = || StoreError::Conflict { constraint: "ledger_leaves.idx".into() };
        let not_indexed = if matches!(self.backend(), crate::Backend::Sqlite) { " NOT INDEXED" } else { "" };
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            // Taking the write lock first (SQLite) and reading the size inside the transaction.
            let size: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(idx) + 1, 0) FROM ledger_leaves")
                .fetch_one(&mut *tx).await?;
            if size != first {
                return Err(conflict());
            }
            for (c, chunk) in leaves.chunks(CHUNK).enumerate() {
                let base = first + (c * CHUNK) as i64;
                let mut qb: QueryBuilder<DB> =
                    QueryBuilder::new("INSERT INTO ledger_leaves (idx, kind, ref_id, leaf_hash, appended_at) ");
                qb.push_values(chunk.iter().enumerate(), |mut b, (i, l)| {
                    b.push_bind(base + i as i64).push_bind(l.kind.as_str()).push_bind(l.ref_id)
                        .push_bind(l.leaf_hash.clone()).push_bind(now);
                });
                qb.build().execute(&mut *tx).await?;
            }
            for chunk in nodes.chunks(CHUNK) {
                let mut qb: QueryBuilder<DB> = QueryBuilder::new("INSERT INTO ledger_nodes (level, idx, hash) ");
                qb.push_values(chunk, |mut b, (level, idx, hash)| {
                    b.push_bind(*level).push_bind(*idx).push_bind(hash.clone());
                });
                qb.build().execute(&mut *tx).await?;
            }
            for kind in [LeafKind::Evidence, LeafKind::CaseEvent, LeafKind::OpLog] {
                let Some(table) = kind.table() else { continue };
                let marks: Vec<(i64, i64)> = leaves.iter().enumerate()
                    .filter(|(_, l)| l.kind == kind)
                    .map(|(i, l)| (l.ref_id, first + i as i64)).collect();
                for chunk in marks.chunks(CHUNK) {
                    // UPDATE … FROM (VALUES …) works on both PostgreSQL and SQLite ≥ 3.33; both name a VALUES
                    // list's columns column1, column2. Not a UNION ALL chain: SQLite refuses more than 500 terms in
                    // a compound SELECT (SQLITE_MAX_COMPOUND_SELECT), which a multi-row VALUES is exempt from.
                    // SQLite's `NOT INDEXED` keeps the planner on rowid lookups: with statistics taken while the
                    // table was empty it walked every waiting row (the `…_unsequenced` index) once per VALUES row.
                    let mut qb: QueryBuilder<DB> = QueryBuilder::new(format!(
                        "UPDATE {table}{not_indexed} SET ledger_idx = v.column2 FROM (VALUES "));
                    for (i, (id, idx)) in chunk.iter().enumerate() {
                        qb.push(if i == 0 { "(" } else { ", (" });
                        qb.push_bind(*id).push(", ").push_bind(*idx).push(")");
                    }
                    qb.push(format!(") AS v WHERE {table}.id = v.column1 AND {table}.ledger_idx IS NULL"));
                    let done = qb.build().execute(&mut *tx).await?.rows_affected();
                    if done != chunk.len() as u64 {
                        return Err(conflict());
                    }
                }
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Leaves `[from, to)`, in order.
    pub async fn ledger_leaves(&self, from: i64, to: i64) -> StoreResult<Vec<LeafRow>> {
        Ok(with_db!(self, pool => sqlx::query_as::<_, LeafRow>(
            "SELECT idx, kind, ref_id, leaf_hash FROM ledger_leaves WHERE idx >= $1 AND idx < $2 ORDER BY idx")
            .bind(from).bind(to).fetch_all(pool).await?))
    }

    /// The leaf derived from a source row.
    pub async fn ledger_leaf_of(&self, kind: LeafKind, ref_id: i64) -> StoreResult<Option<LeafRow>> {
        Ok(with_db!(self, pool => sqlx::query_as::<_, LeafRow>(
            "SELECT idx, kind, ref_id, leaf_hash FROM ledger_leaves WHERE kind = $1 AND ref_id = $2")
            .bind(kind.as_str()).bind(ref_id).fetch_optional(pool).await?))
    }

    /// The first leaf with this hash.
    pub async fn ledger_leaf_by_hash(&self, leaf_hash: &[u8]) -> StoreResult<Option<LeafRow>> {
        Ok(with_db!(self, pool => sqlx::query_as::<_, LeafRow>(
            "SELECT idx, kind, ref_id, leaf_hash FROM ledger_leaves WHERE leaf_hash = $1 ORDER BY idx LIMIT 1")
            .bind(leaf_hash).fetch_optional(pool).await?))
    }

    /// Tree nodes by `(level, index)`; level 0 comes from the leaves. Missing nodes are absent from the answer.
    /// One round trip per chunk: on PostgreSQL with array parameters (the statement text never changes, so it is
    /// prepared once); on SQLite with row values `(level, idx) IN (VALUES …)`, which use the primary key.
    pub async fn ledger_nodes(&self, ids: &[(i64, i64)]) -> StoreResult<Vec<(i64, i64, Vec<u8>)>> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(CHUNK) {
            let leaves: Vec<i64> = chunk.iter().filter(|(l, _)| *l == 0).map(|(_, i)| *i).collect();
            let inner: Vec<(i64, i64)> = chunk.iter().filter(|(l, _)| *l > 0).copied().collect();
            let rows: Vec<(i64, i64, Vec<u8>)> = match &self.pool {
                crate::Pool::Postgres(pool) => {
                    let (levels, idxs): (Vec<i64>, Vec<i64>) = inner.iter().copied().unzip();
                    sqlx::query_as(
                        "SELECT n.level, n.idx, n.hash FROM ledger_nodes n \
                         JOIN unnest($1::bigint[], $2::bigint[]) AS w(level, idx) ON n.level = w.level AND n.idx = w.idx \
                         UNION ALL SELECT 0::bigint, l.idx, l.leaf_hash FROM ledger_leaves l WHERE l.idx = ANY($3)",
                    )
                    .bind(levels)
                    .bind(idxs)
                    .bind(leaves)
                    .fetch_all(pool)
                    .await?
                }
                crate::Pool::Sqlite(pool) => {
                    let mut qb: QueryBuilder<sqlx::Sqlite> = QueryBuilder::new("");
                    if !inner.is_empty() {
                        qb.push("SELECT level, idx, hash FROM ledger_nodes WHERE (level, idx) IN (VALUES ");
                        for (n, (l, i)) in inner.iter().enumerate() {
                            qb.push(if n == 0 { "(" } else { ", (" });
                            qb.push_bind(*l).push(", ").push_bind(*i).push(")");
                        }
                        qb.push(")");
                    }
                    if !leaves.is_empty() {
                        if !inner.is_empty() {
                            qb.push(" UNION ALL ");
                        }
                        qb.push("SELECT 0, idx, leaf_hash FROM ledger_leaves WHERE idx IN (");
                        let mut sep = qb.separated(", ");
                        for i in &leaves {
                            sep.push_bind(*i);
                        }
                        qb.push(")");
                    }
                    if inner.is_empty() && leaves.is_empty() {
                        continue;
                    }
                    qb.build_query_as().fetch_all(pool).await?
                }
            };
            out.extend(rows);
        }
        Ok(out)
    }

    /// Stored nodes of one level with index in `[from, to)` (verification).
    pub async fn ledger_level(&self, level: i64, from: i64, to: i64) -> StoreResult<Vec<(i64, Vec<u8>)>> {
        Ok(with_db!(self, pool => sqlx::query_as::<_, (i64, Vec<u8>)>(
            "SELECT idx, hash FROM ledger_nodes WHERE level = $1 AND idx >= $2 AND idx < $3 ORDER BY idx")
            .bind(level).bind(from).bind(to).fetch_all(pool).await?))
    }

    /// Store a signed checkpoint (idempotent per size).
    pub async fn ledger_put_checkpoint(&self, size: i64, root: &[u8], note: &str, now: Ts) -> StoreResult<()> {
        with_db!(self, pool => {
            sqlx::query("INSERT INTO ledger_checkpoints (size, root, note, created_at) VALUES ($1, $2, $3, $4) \
                         ON CONFLICT (size) DO NOTHING")
                .bind(size).bind(root).bind(note).bind(now).execute(pool).await?;
        });
        Ok(())
    }

    /// The latest checkpoint.
    pub async fn ledger_latest_checkpoint(&self) -> StoreResult<Option<CheckpointRow>> {
        Ok(with_db!(self, pool => sqlx::query_as::<_, CheckpointRow>(
            "SELECT size, root, note, created_at FROM ledger_checkpoints ORDER BY size DESC LIMIT 1")
            .fetch_optional(pool).await?))
    }

    /// The smallest checkpoint covering at least `size` leaves.
    pub async fn ledger_checkpoint_covering(&self, size: i64) -> StoreResult<Option<CheckpointRow>> {
        Ok(with_db!(self, pool => sqlx::query_as::<_, CheckpointRow>(
            "SELECT size, root, note, created_at FROM ledger_checkpoints WHERE size >= $1 ORDER BY size LIMIT 1")
            .bind(size).fetch_optional(pool).await?))
    }

    /// All checkpoints, smallest first (verification).
    pub async fn ledger_checkpoints(&self) -> StoreResult<Vec<CheckpointRow>> {
        Ok(with_db!(self, pool => sqlx::query_as::<_, CheckpointRow>(
            "SELECT size, root, note, created_at FROM ledger_checkpoints ORDER BY size").fetch_all(pool).await?))
    }

    /// Record a verification run.
    pub async fn ledger_put_verification(&self, v: &Verification) -> StoreResult<()> {
        let problems = serde_json::to_string(&v.problems.iter().take(1000).collect::<Vec<_>>())
            .map_err(|e| StoreError::Rule(e.to_string()))?;
        with_db!(self, pool => {
            sqlx::query("INSERT INTO ledger_verifications (started_at, finished_at, ok, checked_leaves, problems) \
                         VALUES ($1, $2, $3, $4, $5)")
                .bind(v.started_at).bind(v.finished_at).bind(v.ok).bind(v.checked_leaves).bind(problems)
                .execute(pool).await?;
        });
        Ok(())
    }

    /// The last verification run.
    pub async fn ledger_last_verification(&self) -> StoreResult<Option<Verification>> {
        let row = with_db!(self, pool => sqlx::query_as::<_, VerificationRow>(
            "SELECT started_at, finished_at, ok, checked_leaves, problems FROM ledger_verifications \
             ORDER BY id DESC LIMIT 1").fetch_optional(pool).await?);
        Ok(row.map(|r| Verification {
            started_at: r.started_at,
            finished_at: r.finished_at,
            ok: r.ok,
            checked_leaves: r.checked_leaves,
            problems: serde_json::from_str(&r.problems).unwrap_or_default(),
        }))
    }

    /// Number of rows waiting to be sequenced.
    pub async fn ledger_pending(&self) -> StoreResult<i64> {
        let mut n = 0;
        for t in ["evidence", "matter_events", "op_log"] {
            n += with_db!(self, pool => sqlx::query_scalar::<_, i64>(
                &format!("SELECT COUNT(*) FROM {t} WHERE ledger_idx IS NULL")).fetch_one(pool).await?);
        }
        Ok(n)
    }

    /// Registered peer regions.
    pub async fn ledger_peers(&self) -> StoreResult<Vec<Peer>> {
        let rows = with_db!(self, pool => sqlx::query_as::<_, PeerRow>(
            "SELECT id, name, vkeys, tsa_ca_pem, created_at FROM ledger_peers ORDER BY id").fetch_all(pool).await?);
        Ok(rows.into_iter().map(Peer::from).collect())
    }

    /// Register a peer region.
    pub async fn ledger_add_peer(
        &self,
        name: &str,
        vkeys: &[String],
        tsa_ca_pem: Option<&str>,
        now: Ts,
    ) -> StoreResult<Peer> {
        let vk = serde_json::to_string(vkeys).map_err(|e| StoreError::Rule(e.to_string()))?;
        let row = with_db!(self, pool => sqlx::query_as::<_, PeerRow>(
            "INSERT INTO ledger_peers (name, vkeys, tsa_ca_pem, created_at) VALUES ($1, $2, $3, $4) \
             RETURNING id, name, vkeys, tsa_ca_pem, created_at")
            .bind(name).bind(vk).bind(tsa_ca_pem).bind(now).fetch_one(pool).await?);
        Ok(row.into())
    }

    /// Remove a peer region.
    pub async fn ledger_delete_peer(&self, id: i64) -> StoreResult<()> {
        let n = with_db!(self, pool => sqlx::query("DELETE FROM ledger_peers WHERE id = $1").bind(id)
            .execute(pool).await?.rows_affected());
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}
