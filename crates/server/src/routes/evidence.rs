//! Evidence (电子存证) of matters: upload, list, download, and the evidence package that anyone verifies offline;
//! and the public package verifier.

use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use chrono::Utc;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zhibao_store::cases::Evidence;

use crate::auth::Principal;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::ClientIp;
use crate::ledger::evidence::{self as intake, EvidenceMeta, Uploader};
use crate::state::AppState;

/// Routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, upload))
        .routes(routes!(file))
        .routes(routes!(package))
        .routes(routes!(verify_package))
}

/// An evidence item with its anchoring status.
#[derive(Serialize, ToSchema)]
pub struct EvidenceView {
    /// The item.
    #[serde(flatten)]
    pub evidence: Evidence,
    /// `pending` until a signed checkpoint covers its leaf, then `anchored`.
    pub status: &'static str,
}

/// A list of evidence.
#[derive(Serialize, ToSchema)]
pub struct EvidenceList {
    /// Items, oldest first.
    pub items: Vec<EvidenceView>,
}

async fn view(s: &AppState, e: Evidence) -> ApiResult<EvidenceView> {
    let covered = s.store.ledger_latest_checkpoint().await?.map(|c| c.size).unwrap_or(0);
    let status = match e.leaf_index {
        Some(i) if i < covered => "anchored",
        _ => "pending",
    };
    Ok(EvidenceView { evidence: e, status })
}

/// Load an evidence item the caller may see: through its matter's scope, or its department's.
pub async fn visible(s: &AppState, p: &Principal, id: i64) -> ApiResult<Evidence> {
    p.require("evidence:item:view")?;
    let e = s.store.evidence(id).await?;
    match e.matter_id {
        Some(m) => {
            s.store.get_matter(&p.scope, m).await?;
        }
        None => {
            s.store.evidence_in_scope(&p.scope, id).await?;
        }
    }
    Ok(e)
}

/// The evidence of a visible matter.
#[utoipa::path(get, path = "/api/v1/cases/{id}/evidence", tag = "evidence", responses((status = 200, body = EvidenceList), (status = 404, body = ErrorBody)))]
async fn list(State(s): State<AppState>, p: Principal, Path(id): Path<i64>) -> ApiResult<Json<EvidenceList>> {
    p.require("evidence:item:view")?;
    s.store.get_matter(&p.scope, id).await?;
    let mut items = Vec::new();
    for e in s.store.evidence_of_matter(id).await? {
        items.push(view(&s, e).await?);
    }
    Ok(Json(EvidenceList { items }))
}

/// Add evidence to a visible matter: multipart `file`, optional `source_url`, `captured_at` (RFC 3339),
/// `description`. The file is stored by its SHA-256 (SM3 recorded too), time-stamped (RFC 3161) and logged.
#[utoipa::path(post, path = "/api/v1/cases/{id}/evidence", tag = "evidence", request_body(content_type = "multipart/form-data"),
    responses((status = 201, body = EvidenceView), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn upload(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<i64>,
    mp: Multipart,
) -> ApiResult<(StatusCode, Json<EvidenceView>)> {
    p.require("evidence:item:add")?;
    let matter = s.store.get_matter(&p.scope, id).await?;
    let (name, bytes, mut f) = crate::files::read_form(mp, s.settings.evidence.max_bytes).await?;
    let meta =
        EvidenceMeta::parse(f.remove("source_url"), f.remove("captured_at"), f.remove("description"), Utc::now())?;
    let who = Uploader { id: Some(p.id), name: p.username.clone(), dept_id: Some(p.dept_id) };
    let e = intake::add(&s, Some(&matter), &who, &name, bytes, meta).await?;
    Ok((StatusCode::CREATED, Json(view(&s, e).await?)))
}

/// Download the evidence file.
#[utoipa::path(get, path = "/api/v1/evidence/{id}/file", tag = "evidence", responses((status = 200, content_type = "application/octet-stream"), (status = 404, body = ErrorBody)))]
async fn file(State(s): State<AppState>, p: Principal, Path(id): Path<i64>) -> ApiResult<Response> {
    let e = visible(&s, &p, id).await?;
    let bytes = s.vault()?.get(&e.sha256).await?.ok_or(ApiError::NotFound)?;
    Ok(crate::files::download_response(bytes.to_vec(), &e.content_type, &e.file_name))
}

/// Download the evidence package (ZIP): the file, manifest, leaf, inclusion proof, signed checkpoint, time stamp,
/// public keys and a README on verifying it with standard tools.
#[utoipa::path(get, path = "/api/v1/evidence/{id}/package", tag = "evidence", responses((status = 200, content_type = "application/zip"), (status = 404, body = ErrorBody)))]
async fn package(State(s): State<AppState>, p: Principal, Path(id): Path<i64>) -> ApiResult<Response> {
    let e = visible(&s, &p, id).await?;
    let zip = crate::ledger::package::build(&s, &e).await?;
    Ok(crate::files::download_response(zip, "application/zip", &format!("evidence-{id}.zip")))
}

/// Verify an evidence package (no login): each check with its result. 200 even when checks fail.
#[utoipa::path(post, path = "/api/v1/public/verify-package", tag = "public", request_body(content_type = "multipart/form-data"),
    responses((status = 200, body = Object), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn verify_package(
    State(s): State<AppState>,
    ClientIp(ip): ClientIp,
    mp: Multipart,
) -> ApiResult<Json<zhibao_ledger::package::Report>> {
    if s.public_limiter.check_key(&ip).is_err() {
        return Err(ApiError::RateLimited);
    }
    let (_, bytes, _) = crate::files::read_form(mp, s.settings.evidence.max_bytes.saturating_mul(2)).await?;
    let trust = crate::ledger::package::trust(&s).await?;
    let report = tokio::task::spawn_blocking(move || {
        zhibao_ledger::package::verify(
            &bytes,
            &zhibao_ledger::package::VerifyOptions { trust: Some(trust), ..Default::default() },
        )
    })
    .await
    .map_err(|e| ApiError::Internal(e.into()))?;
    Ok(Json(report))
}
