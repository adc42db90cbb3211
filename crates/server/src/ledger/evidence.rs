//! Adding evidence (证据固定): check the file, store it content-addressed, time-stamp its SHA-256, record the row
//! (and the case-timeline entry) in one transaction, and wake the sequencer that puts it in the log.

use bytes::Bytes;
use chrono::{DateTime, Utc};
use zhibao_domain::validate::FieldErrors;
use zhibao_store::cases::{Evidence, Matter, NewEvent, NewEvidence};
use zhibao_store::Ts;

use crate::error::ApiError;
use crate::AppState;

/// What the uploader states about the evidence.
#[derive(Debug, Clone, Default)]
pub struct EvidenceMeta {
    /// Where it was captured (http/https URL).
    pub source_url: Option<String>,
    /// When it was captured.
    pub captured_at: Option<Ts>,
    /// Description.
    pub description: Option<String>,
}

fn clean(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

impl EvidenceMeta {
    /// Validate the raw fields; every problem is reported against its field.
    pub fn parse(
        source_url: Option<String>,
        captured_at: Option<String>,
        description: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<Self, ApiError> {
        let mut f = FieldErrors::new();
        let source_url = clean(source_url);
        if let Some(u) = &source_url {
            let ok = (u.starts_with("http://") || u.starts_with("https://"))
                && u.len() <= 2000
                && u.len() > "https://".len()
                && !u.chars().any(|c| c.is_whitespace() || c.is_control());
            if !ok {
                f.add("source_url", "来源网址应为 http:// 或 https:// 开头的完整网址（不超过 2000 字符）");
            }
        }
        let captured_at = match clean(captured_at) {
            None => None,
            Some(t) => match DateTime::parse_from_rfc3339(&t) {
                Ok(t) if t.with_timezone(&Utc) <= now + chrono::Duration::minutes(5) => {
                    Some(Ts::new(t.with_timezone(&Utc)))
                }
                Ok(_) => {
                    f.add("captured_at", "取证时间不能晚于现在");
                    None
                }
                Err(_) => {
                    f.add("captured_at", "取证时间格式应为 RFC 3339，例如 2026-11-21T09:30:00+08:00");
                    None
                }
            },
        };
        let description = clean(description);
        if description.as_ref().is_some_and(|d| d.chars().count() > 2000) {
            f.add("description", "说明不超过 2000 字");
        }
        if !f.is_empty() {
            return Err(f.into());
        }
        Ok(EvidenceMeta { source_url, captured_at, description })
    }
}

/// Who adds the evidence.
#[derive(Debug, Clone)]
pub struct Uploader {
    /// User id (none for the CLI's operator).
    pub id: Option<i64>,
    /// Name shown and logged.
    pub name: String,
    /// Department owning evidence that belongs to no matter.
    pub dept_id: Option<i64>,
}

/// Add one evidence item. `matter` must already be checked visible to the uploader.
pub async fn add(
    s: &AppState,
    matter: Option<&Matter>,
    who: &Uploader,
    file_name: &str,
    bytes: Bytes,
    meta: EvidenceMeta,
) -> Result<Evidence, ApiError> {
    if bytes.len() > s.settings.evidence.max_bytes {
        return Err(ApiError::PayloadTooLarge);
    }
    if bytes.is_empty() {
        return Err(ApiError::field("file", "文件为空"));
    }
    let content_type = crate::files::check_type(file_name, &bytes)?;
    let ledger = s.ledger()?;
    let size = bytes.len() as i64;
    let digests = s.vault()?.put(bytes).await?;
    let mut imprint = [0u8; 32];
    hex::decode_to_slice(&digests.sha256, &mut imprint).map_err(|e| ApiError::Internal(e.into()))?;
    let (token, tsa_time) = ledger.timestamp(&imprint).await?;
    let row = NewEvidence {
        matter_id: matter.map(|m| m.id),
        dept_id: matter.map(|m| m.dept_id).or(who.dept_id),
        file_name: file_name.to_string(),
        content_type,
        size,
        sha256: digests.sha256.clone(),
        sm3: digests.sm3,
        source_url: meta.source_url,
        captured_at: meta.captured_at,
        description: meta.description,
        uploader_id: who.id,
        uploader: who.name.clone(),
        tsa_token: Some(token),
        tsa_time: Some(Ts::new(tsa_time)),
    };
    let event = NewEvent {
        kind: "evidence".into(),
        actor_id: who.id,
        actor_name: Some(who.name.clone()),
        note: Some(format!("固定证据：{file_name}")),
        detail: serde_json::json!({ "sha256": digests.sha256 }).to_string(),
        ..Default::default()
    };
    let e = s.store.add_evidence(&row, Some(&event), Ts::new(Utc::now())).await?;
    ledger.wake.notify_one();
    Ok(e)
}
