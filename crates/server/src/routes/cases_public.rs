//! The public side of the case desk (no login): filing a matter from the portal, and the status lookup by receipt
//! number and query code. Both are rate-limited per client address; the lookup shows public labels and public
//! timeline entries only — never anyone's identity.

use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zhibao_domain::case::matter::QueryCode;

use crate::casework::intake::{self, IntakeForm};
use crate::casework::progress::{procedure_of, today};
use crate::casework::views::{PublicEvent, PublicStatus};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiQuery, ClientIp};
use crate::middleware::OpLogDraft;
use crate::state::AppState;

/// Routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(file)).routes(routes!(lookup)).routes(routes!(attach))
}

/// The receipt of a filed matter.
#[derive(Serialize, ToSchema)]
pub struct Receipt {
    /// Receipt number (受理编号).
    pub receipt_no: String,
    /// Query code (查询码): keep it; with the receipt number it opens the status lookup.
    pub query_code: String,
    /// Type code.
    pub matter_type: String,
    /// Day of receipt.
    pub received_on: chrono::NaiveDate,
}

/// File a matter from the public portal.
#[utoipa::path(post, path = "/api/v1/public/matters", tag = "public", request_body = IntakeForm,
    responses((status = 201, body = Receipt), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn file(
    State(s): State<AppState>,
    ClientIp(ip): ClientIp,
    log: Option<Extension<OpLogDraft>>,
    ApiJson(f): ApiJson<IntakeForm>,
) -> ApiResult<(StatusCode, Json<Receipt>)> {
    if s.public_limiter.check_key(&ip).is_err() {
        return Err(ApiError::RateLimited);
    }
    let parsed = intake::parse(f, false, today(&s))?;
    // Always 201 once stored: the operation-log entry goes into the filing's transaction.
    let m = intake::create(&s, parsed, None, log.as_deref()).await?;
    Ok((
        StatusCode::CREATED,
        Json(Receipt {
            receipt_no: m.receipt_no,
            query_code: m.query_code,
            matter_type: m.matter_type,
            received_on: m.received_on,
        }),
    ))
}

/// Lookup question.
#[derive(Deserialize, IntoParams)]
pub struct LookupQuery {
    /// Receipt number.
    pub receipt_no: String,
    /// Query code.
    pub query_code: String,
}

/// The status of a matter by receipt number and query code; a wrong number or code gets the same 404.
#[utoipa::path(get, path = "/api/v1/public/matters/lookup", tag = "public", params(LookupQuery),
    responses((status = 200, body = PublicStatus), (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn lookup(
    State(s): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiQuery(q): ApiQuery<LookupQuery>,
) -> ApiResult<Json<PublicStatus>> {
    if s.public_limiter.check_key(&ip).is_err() {
        return Err(ApiError::RateLimited);
    }
    let m = own_matter(&s, &q).await?;
    let proc_ = procedure_of(&m)?;
    let label = |state: &str| proc_.public_label(state).unwrap_or("办理中").to_string();
    let events = s
        .store
        .matter_events(m.id)
        .await?
        .into_iter()
        .filter(|e| e.public)
        .map(|e| PublicEvent {
            at: e.created_at,
            label: e.to_state.as_deref().map(label).unwrap_or_else(|| "办理记录".into()),
        })
        .collect();
    Ok(Json(PublicStatus {
        receipt_no: m.receipt_no.clone(),
        matter_type: m.matter_type.clone(),
        state_label: label(&m.state),
        received_on: m.received_on,
        closed: m.closed_at.is_some(),
        outcome: m.closed_at.map(|_| label(&m.state)),
        public_note: m.public_note.clone(),
        events,
    }))
}

/// Attach a file to one's own filing (the applicant proves it with the receipt number and query code).
#[utoipa::path(post, path = "/api/v1/public/matters/attachments", tag = "public", params(LookupQuery), request_body(content_type = "multipart/form-data"),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn attach(
    State(s): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiQuery(q): ApiQuery<LookupQuery>,
    mp: Multipart,
) -> ApiResult<StatusCode> {
    if s.public_limiter.check_key(&ip).is_err() {
        return Err(ApiError::RateLimited);
    }
    let m = own_matter(&s, &q).await?;
    if m.closed_at.is_some() {
        return Err(ApiError::Conflict("事项已办结，不能再上传材料".into()));
    }
    let (name, bytes) = crate::files::read_upload(mp, s.settings.cases.max_attachment_bytes).await?;
    let mime = crate::files::check_type(&name, &bytes)?;
    let sha = s.files.put(&bytes)?;
    let a = zhibao_store::cases::NewAttachment {
        sha256: sha.clone(),
        file_name: name.clone(),
        mime,
        size_bytes: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
        public: true,
        uploaded_by: None,
        uploader: None,
    };
    let e = zhibao_store::cases::NewEvent {
        kind: "attachment".into(),
        note: Some(format!("申请人补充材料：{name}")),
        detail: serde_json::json!({"sha256": sha}).to_string(),
        ..Default::default()
    };
    s.store.add_attachment(m.id, &a, &e, zhibao_store::Ts::new(chrono::Utc::now())).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The matter behind a receipt number and query code, or 404 (the same for either being wrong).
async fn own_matter(s: &AppState, q: &LookupQuery) -> ApiResult<zhibao_store::cases::Matter> {
    let code = QueryCode::parse(&q.query_code).map_err(|_| ApiError::NotFound)?;
    let m = s.store.matter_by_receipt(q.receipt_no.trim()).await?.ok_or(ApiError::NotFound)?;
    let stored = QueryCode::parse(&m.query_code).map_err(|_| ApiError::NotFound)?;
    if !stored.ct_eq(&code) {
        return Err(ApiError::NotFound);
    }
    Ok(m)
}
