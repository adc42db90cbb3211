//! Attachment rows of matters (the files themselves live in a content-addressed folder, see the server's
//! `files` module).

use serde::Serialize;

use super::matters::NewEvent;
use crate::{with_db, Store, StoreError, StoreResult, Ts};

/// An attachment.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Attachment {
    /// Id.
    pub id: i64,
    /// Matter.
    pub matter_id: i64,
    /// SHA-256 of the content (hex).
    pub sha256: String,
    /// File name as uploaded.
    pub file_name: String,
    /// Type detected from the content.
    pub mime: String,
    /// Size.
    pub size_bytes: i64,
    /// Uploaded through the public portal (by the applicant).
    pub public: bool,
    /// Uploader's user id (staff).
    pub uploaded_by: Option<i64>,
    /// Uploader's name.
    pub uploader: Option<String>,
    /// When.
    pub created_at: Ts,
}

/// A new attachment row.
#[derive(Debug, Clone)]
pub struct NewAttachment {
    /// SHA-256 (hex).
    pub sha256: String,
    /// File name.
    pub file_name: String,
    /// Detected type.
    pub mime: String,
    /// Size.
    pub size_bytes: i64,
    /// From the public portal.
    pub public: bool,
    /// Uploader id.
    pub uploaded_by: Option<i64>,
    /// Uploader name.
    pub uploader: Option<String>,
}

impl Store {
    /// Link a stored file to a matter and append the timeline entry, in one transaction.
    pub async fn add_attachment(
        &self,
        matter_id: i64,
        a: &NewAttachment,
        e: &NewEvent,
        now: Ts,
    ) -> StoreResult<Attachment> {
        let id = with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO matter_attachments (matter_id, sha256, file_name, mime, size_bytes, public, uploaded_by, uploader, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id")
                .bind(matter_id).bind(&a.sha256).bind(&a.file_name).bind(&a.mime).bind(a.size_bytes).bind(a.public)
                .bind(a.uploaded_by).bind(&a.uploader).bind(now)
                .fetch_one(&mut *tx).await?;
            sqlx::query("UPDATE matters SET updated_at = $1 WHERE id = $2").bind(now).bind(matter_id).execute(&mut *tx).await?;
            insert_event!(tx, matter_id, e, now);
            tx.commit().await?;
            id
        });
        self.attachment(matter_id, id).await
    }

    /// One attachment of a matter.
    pub async fn attachment(&self, matter_id: i64, id: i64) -> StoreResult<Attachment> {
        with_db!(self, pool => sqlx::query_as::<_, Attachment>(
            "SELECT id, matter_id, sha256, file_name, mime, size_bytes, public, uploaded_by, uploader, created_at \
             FROM matter_attachments WHERE matter_id = $1 AND id = $2").bind(matter_id).bind(id).fetch_optional(pool).await?)
            .ok_or(StoreError::NotFound)
    }

    /// The attachments of a matter, oldest first.
    pub async fn attachments(&self, matter_id: i64) -> StoreResult<Vec<Attachment>> {
        Ok(with_db!(self, pool => sqlx::query_as::<_, Attachment>(
            "SELECT id, matter_id, sha256, file_name, mime, size_bytes, public, uploaded_by, uploader, created_at \
             FROM matter_attachments WHERE matter_id = $1 ORDER BY id").bind(matter_id).fetch_all(pool).await?))
    }
}
