//! Evidence items (证据): metadata rows; the files live content-addressed in the object store (server `vault`).

use serde::Serialize;

use super::matters::NewEvent;
use crate::{with_db, Store, StoreError, StoreResult, Ts};

/// An evidence item.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Evidence {
    /// Id.
    pub id: i64,
    /// The matter it belongs to, if any.
    pub matter_id: Option<i64>,
    /// The matter's receipt number.
    pub receipt_no: Option<String>,
    /// Owning department (the matter's, or the uploader's).
    #[serde(skip)]
    pub dept_id: Option<i64>,
    /// File name as uploaded.
    pub file_name: String,
    /// Detected content type.
    pub content_type: String,
    /// Size in bytes.
    #[sqlx(rename = "size_bytes")]
    pub size: i64,
    /// SHA-256 of the file (hex); also its address in the store.
    pub sha256: String,
    /// SM3 of the file (hex).
    pub sm3: String,
    /// Where it was captured from.
    pub source_url: Option<String>,
    /// When it was captured (as stated by the uploader).
    pub captured_at: Option<Ts>,
    /// Description.
    pub description: Option<String>,
    /// Uploader id.
    #[serde(skip)]
    pub uploader_id: Option<i64>,
    /// Uploader name.
    pub uploader: String,
    /// When stored.
    pub created_at: Ts,
    /// RFC 3161 time-stamp response (DER).
    #[serde(skip)]
    pub tsa_token: Option<Vec<u8>>,
    /// The time in the time stamp.
    pub tsa_time: Option<Ts>,
    /// Index of its leaf in the log, once sequenced.
    pub leaf_index: Option<i64>,
}

const COLS: &str = "e.id, e.matter_id, m.receipt_no, e.dept_id, e.file_name, e.content_type, e.size_bytes, e.sha256, \
                    e.sm3, e.source_url, e.captured_at, e.description, e.uploader_id, e.uploader, e.created_at, \
                    e.tsa_token, e.tsa_time, e.ledger_idx AS leaf_index";

/// A new evidence item.
#[derive(Debug, Clone)]
pub struct NewEvidence {
    /// Matter.
    pub matter_id: Option<i64>,
    /// Owning department.
    pub dept_id: Option<i64>,
    /// File name.
    pub file_name: String,
    /// Content type.
    pub content_type: String,
    /// Size.
    pub size: i64,
    /// SHA-256 (hex).
    pub sha256: String,
    /// SM3 (hex).
    pub sm3: String,
    /// Source URL.
    pub source_url: Option<String>,
    /// Capture time.
    pub captured_at: Option<Ts>,
    /// Description.
    pub description: Option<String>,
    /// Uploader id.
    pub uploader_id: Option<i64>,
    /// Uploader name.
    pub uploader: String,
    /// Time-stamp response.
    pub tsa_token: Option<Vec<u8>>,
    /// Time-stamp time.
    pub tsa_time: Option<Ts>,
}

impl Store {
    /// Store an evidence row and, for a matter, its timeline entry — in one transaction.
    pub async fn add_evidence(&self, e: &NewEvidence, event: Option<&NewEvent>, now: Ts) -> StoreResult<Evidence> {
        let id: i64 = with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO evidence (matter_id, dept_id, file_name, content_type, size_bytes, sha256, sm3, source_url, \
                 captured_at, description, uploader_id, uploader, created_at, tsa_token, tsa_time) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id")
                .bind(e.matter_id).bind(e.dept_id).bind(&e.file_name).bind(&e.content_type).bind(e.size)
                .bind(&e.sha256).bind(&e.sm3).bind(&e.source_url).bind(e.captured_at).bind(&e.description)
                .bind(e.uploader_id).bind(&e.uploader).bind(now).bind(&e.tsa_token).bind(e.tsa_time)
                .fetch_one(&mut *tx).await?;
            if let (Some(matter_id), Some(ev)) = (e.matter_id, event) {
                sqlx::query("UPDATE matters SET updated_at = $1 WHERE id = $2").bind(now).bind(matter_id)
                    .execute(&mut *tx).await?;
                insert_event!(tx, matter_id, ev, now);
            }
            tx.commit().await?;
            id
        });
        self.evidence(id).await
    }

    /// One evidence item (the caller checks scope through its matter or department).
    pub async fn evidence(&self, id: i64) -> StoreResult<Evidence> {
        let sql = format!("SELECT {COLS} FROM evidence e LEFT JOIN matters m ON m.id = e.matter_id WHERE e.id = $1");
        with_db!(self, pool => sqlx::query_as::<_, Evidence>(&sql).bind(id).fetch_optional(pool).await?)
            .ok_or(StoreError::NotFound)
    }

    /// An evidence item that belongs to no matter, if its department or uploader is within `filter`.
    pub async fn evidence_in_scope(&self, filter: &zhibao_domain::scope::Filter, id: i64) -> StoreResult<Evidence> {
        let sql = format!(
            "SELECT {COLS} FROM evidence e LEFT JOIN matters m ON m.id = e.matter_id WHERE e.id = $1 AND {}",
            crate::scope::sql(filter, "e.dept_id", Some("e.uploader_id"))
        );
        with_db!(self, pool => sqlx::query_as::<_, Evidence>(&sql).bind(id).fetch_optional(pool).await?)
            .ok_or(StoreError::NotFound)
    }

    /// The evidence of a matter, oldest first.
    pub async fn evidence_of_matter(&self, matter_id: i64) -> StoreResult<Vec<Evidence>> {
        let sql = format!(
            "SELECT {COLS} FROM evidence e LEFT JOIN matters m ON m.id = e.matter_id WHERE e.matter_id = $1 ORDER BY e.id"
        );
        Ok(with_db!(self, pool => sqlx::query_as::<_, Evidence>(&sql).bind(matter_id).fetch_all(pool).await?))
    }

    /// All evidence with id in `[from, to)` (verification), in id order.
    pub async fn evidence_range(&self, from: i64, to: i64) -> StoreResult<Vec<Evidence>> {
        let sql = format!(
            "SELECT {COLS} FROM evidence e LEFT JOIN matters m ON m.id = e.matter_id WHERE e.id >= $1 AND e.id < $2 \
             ORDER BY e.id"
        );
        Ok(with_db!(self, pool => sqlx::query_as::<_, Evidence>(&sql).bind(from).bind(to).fetch_all(pool).await?))
    }
}
