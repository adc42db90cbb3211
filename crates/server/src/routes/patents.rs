//! Patent information (专利信息, issue 5): search with the examiner query language or the one-box mode, export of
//! results (CSV streamed, XLSX), one document, and import of uploaded files with a per-file / per-row report.
//!
//! Permissions: `patent:search:list` (search, read), `patent:search:export` (export), `patent:import:add` (import).
//! Patents are public bibliographic data and carry no department, so no data scope applies.

use std::io::Cursor;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zhibao_patents::import::Importer;
use zhibao_patents::ImportReport;
use zhibao_search::query::ast::DateField;
use zhibao_search::{PatentIndex, SearchError, SearchOptions, SearchResults, SortBy};
use zhibao_store::Ts;

use crate::auth::Principal;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::state::AppState;

/// Routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(search))
        .routes(routes!(export))
        .routes(routes!(import))
        .routes(routes!(get_patent))
}

/// Search parameters.
#[derive(Debug, Deserialize, IntoParams)]
pub struct SearchParams {
    /// The query.
    pub q: String,
    /// `expert` (default: the examiner query language) or `simple` (one box, plain words).
    pub mode: Option<String>,
    /// `relevance` (default), `pd`, `pd_asc`, `ad`, `ad_asc`.
    pub sort: Option<String>,
    /// Page number from 1.
    pub page: Option<usize>,
    /// Page size (1–100, default 20).
    pub size: Option<usize>,
    /// Export only: `csv` (default) or `xlsx`.
    pub format: Option<String>,
}

/// A malformed query: where and why (400).
#[derive(Serialize, ToSchema)]
pub struct QueryErrorBody {
    /// `QUERY_SYNTAX`.
    pub code: &'static str,
    /// `at column N: …`.
    pub message: String,
    /// Byte offset of the problem in the query.
    pub offset: usize,
    /// Byte length of the offending part.
    pub len: usize,
    /// 1-based character column.
    pub column: usize,
    /// The query with a caret line under the problem.
    pub caret: String,
}

fn search_error(q: &str, e: SearchError) -> Response {
    match e {
        SearchError::Query(qe) => (
            StatusCode::BAD_REQUEST,
            Json(QueryErrorBody {
                code: "QUERY_SYNTAX",
                message: qe.to_string(),
                offset: qe.offset,
                len: qe.len,
                column: qe.column,
                caret: qe.caret(q),
            }),
        )
            .into_response(),
        other => ApiError::Internal(anyhow::anyhow!("search: {other}")).into_response(),
    }
}

fn sort_of(s: Option<&str>) -> Result<SortBy, ApiError> {
    Ok(match s.unwrap_or("relevance") {
        "relevance" | "" => SortBy::Relevance,
        "pd" => SortBy::Date { field: DateField::Pd, descending: true },
        "pd_asc" => SortBy::Date { field: DateField::Pd, descending: false },
        "ad" => SortBy::Date { field: DateField::Ad, descending: true },
        "ad_asc" => SortBy::Date { field: DateField::Ad, descending: false },
        _ => return Err(ApiError::field("sort", "排序方式应为 relevance、pd、pd_asc、ad、ad_asc 之一")),
    })
}

fn run_search(index: &PatentIndex, p: &SearchParams, opts: &SearchOptions) -> Result<SearchResults, SearchError> {
    match p.mode.as_deref() {
        Some("simple") => index.search_simple(&p.q, opts),
        _ => index.search(&p.q, opts),
    }
}

fn check_params(p: &SearchParams) -> Result<(), ApiError> {
    if p.q.trim().is_empty() {
        return Err(ApiError::field("q", "请输入检索式"));
    }
    if p.q.len() > 4000 {
        return Err(ApiError::field("q", "检索式过长（最多 4000 字节）"));
    }
    if !matches!(p.mode.as_deref(), None | Some("expert") | Some("simple")) {
        return Err(ApiError::field("mode", "模式应为 expert 或 simple"));
    }
    Ok(())
}

/// Search (permission `patent:search:list`). A malformed query answers 400 with the position of the problem.
#[utoipa::path(get, path = "/api/v1/patents/search", tag = "patents", params(SearchParams),
    responses((status = 200, body = Object), (status = 400, body = QueryErrorBody), (status = 422, body = ErrorBody)))]
async fn search(State(s): State<AppState>, p: Principal, Query(params): Query<SearchParams>) -> Response {
    let r: ApiResult<()> = (|| {
        p.require("patent:search:list")?;
        check_params(&params)
    })();
    if let Err(e) = r {
        return e.into_response();
    }
    let sort = match sort_of(params.sort.as_deref()) {
        Ok(s) => s,
        Err(e) => return e.into_response(),
    };
    let size = params.size.unwrap_or(20).clamp(1, 100);
    let page = params.page.unwrap_or(1).clamp(1, 10_000);
    let opts = SearchOptions { offset: (page - 1) * size, limit: size, sort, ..Default::default() };
    let index = match s.patent_index() {
        Ok(i) => i,
        Err(e) => return e.into_response(),
    };
    let q = params.q.clone();
    let res = tokio::task::spawn_blocking(move || run_search(&index, &params, &opts)).await;
    match res {
        Ok(Ok(r)) => Json(r).into_response(),
        Ok(Err(e)) => search_error(&q, e),
        Err(e) => ApiError::Internal(anyhow::anyhow!("search task: {e}")).into_response(),
    }
}

/// Export every hit (permission `patent:search:export`): CSV streamed page by page, or XLSX (at most 50,000 rows).
#[utoipa::path(get, path = "/api/v1/patents/export", tag = "patents", params(SearchParams),
    responses((status = 200, content_type = "text/csv"), (status = 400, body = QueryErrorBody)))]
async fn export(State(s): State<AppState>, p: Principal, Query(params): Query<SearchParams>) -> Response {
    if let Err(e) = p.require("patent:search:export").and_then(|_| check_params(&params)) {
        return e.into_response();
    }
    let index = match s.patent_index() {
        Ok(i) => i,
        Err(e) => return e.into_response(),
    };
    // Parse (and count) first, so a malformed query is a 400 and not a broken download.
    let count_opts = SearchOptions { limit: 0, snippets: false, ..Default::default() };
    let total = match run_search(&index, &params, &count_opts) {
        Ok(r) => r.total,
        Err(e) => return search_error(&params.q, e),
    };
    let stamp = Utc::now().format("%Y%m%d%H%M%S");
    if params.format.as_deref() == Some("xlsx") {
        let res = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, String> {
            let mut docs = Vec::new();
            let mut offset = 0;
            while offset < total.min(zhibao_patents::export::XLSX_MAX_ROWS) {
                let opts = SearchOptions { offset, limit: 1000, snippets: false, ..Default::default() };
                let r = run_search(&index, &params, &opts).map_err(|e| e.to_string())?;
                if r.hits.is_empty() {
                    break;
                }
                offset += r.hits.len();
                docs.extend(r.hits.into_iter().map(|h| h.doc));
            }
            zhibao_patents::export::xlsx(docs.iter())
        })
        .await;
        return match res {
            Ok(Ok(bytes)) => crate::files::download_response(
                bytes,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                &format!("patents-{stamp}.xlsx"),
            ),
            Ok(Err(e)) => ApiError::Internal(anyhow::anyhow!(e)).into_response(),
            Err(e) => ApiError::Internal(anyhow::anyhow!("export task: {e}")).into_response(),
        };
    }
    // CSV: pages of 500 hits are rendered on a blocking thread and streamed through a small channel.
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<bytes::Bytes, std::io::Error>>(4);
    tokio::task::spawn_blocking(move || {
        let mut head = zhibao_patents::export::CsvExport::new(Vec::new()).and_then(|mut c| {
            c.header()?;
            c.finish()
        });
        if let Ok(h) = head.as_mut() {
            if tx.blocking_send(Ok(bytes::Bytes::from(std::mem::take(h)))).is_err() {
                return;
            }
        }
        let mut offset = 0;
        while offset < total {
            let opts = SearchOptions { offset, limit: 500, snippets: false, ..Default::default() };
            let r = match run_search(&index, &params, &opts) {
                Ok(r) => r,
                Err(e) => {
                    let _ = tx.blocking_send(Err(std::io::Error::other(e.to_string())));
                    return;
                }
            };
            if r.hits.is_empty() {
                break;
            }
            offset += r.hits.len();
            let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
            for h in &r.hits {
                let _ = w.write_record(zhibao_patents::export::row(&h.doc).iter().map(|c| {
                    if c.starts_with(['=', '+', '-', '@']) {
                        format!("'{c}")
                    } else {
                        c.clone()
                    }
                }));
            }
            let chunk = w.into_inner().unwrap_or_default();
            if tx.blocking_send(Ok(bytes::Bytes::from(chunk))).is_err() {
                return;
            }
        }
    });
    let stream = futures_stream(rx);
    Response::builder()
        .header(header::CONTENT_TYPE, "text/csv; charset=utf-8")
        .header(header::CONTENT_DISPOSITION, format!("attachment; filename=\"patents-{stamp}.csv\""))
        .body(Body::from_stream(stream))
        .unwrap_or_else(|e| ApiError::Internal(anyhow::anyhow!("{e}")).into_response())
}

fn futures_stream(
    mut rx: tokio::sync::mpsc::Receiver<Result<bytes::Bytes, std::io::Error>>,
) -> impl futures_util::Stream<Item = Result<bytes::Bytes, std::io::Error>> {
    futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
}

/// One patent by publication number (permission `patent:search:list`), with everything the store keeps and its
/// legal-status history (`legal_status_history`: seen_at, old_status → new_status, source_file).
#[utoipa::path(get, path = "/api/v1/patents/{pn}", tag = "patents",
    responses((status = 200, body = Object), (status = 404, body = ErrorBody)))]
async fn get_patent(
    State(s): State<AppState>,
    p: Principal,
    Path(pn): Path<String>,
) -> ApiResult<Json<serde_json::Value>> {
    p.require("patent:search:list")?;
    let stored = s.store.patent(&pn).await?;
    let history = s.store.legal_status_history(stored.id).await?;
    Ok(Json(serde_json::json!({
        "id": stored.id,
        "patent": stored.patent,
        "created_at": stored.created_at,
        "updated_at": stored.updated_at,
        // 法律状态变更记录: each change seen on a re-import, oldest first.
        "legal_status_history": history,
    })))
}

/// Import uploaded files (permission `patent:import:add`): multipart, one or more `file` parts (.xml, .csv, .xlsx,
/// .jsonl). Answers the report: per file the documents imported / created / updated, the refused rows or documents
/// with their position, and files refused as a whole. One import runs at a time (409 while another runs).
#[utoipa::path(post, path = "/api/v1/patents/import", tag = "patents",
    responses((status = 200, body = Object), (status = 409, body = ErrorBody), (status = 413, body = ErrorBody)))]
async fn import(State(s): State<AppState>, p: Principal, mut mp: Multipart) -> ApiResult<Json<ImportReport>> {
    p.require("patent:import:add")?;
    let max = match s.settings.patents.max_upload_bytes {
        0 => s.settings.server.max_body_bytes,
        n => n,
    };
    let err = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge
        } else {
            ApiError::BadRequest(e.body_text())
        }
    };
    let mut files: Vec<(String, bytes::Bytes)> = Vec::new();
    let mut total = 0usize;
    while let Some(field) = mp.next_field().await.map_err(err)? {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().map(|n| n.rsplit(['/', '\\']).next().unwrap_or(n).to_string()).unwrap_or_default();
        let name: String = name.trim().chars().filter(|c| !c.is_control()).take(200).collect();
        let bytes = field.bytes().await.map_err(err)?;
        total += bytes.len();
        if total > max {
            return Err(ApiError::PayloadTooLarge);
        }
        files.push((name, bytes));
    }
    if files.is_empty() {
        return Err(ApiError::field("file", "请选择要导入的文件"));
    }
    let Ok(_guard) = s.patent_import.try_lock() else {
        return Err(ApiError::Conflict("另一个专利导入正在进行，请稍后再试".into()));
    };
    let index = s.patent_index()?;
    let store = s.store.clone();
    let now = Ts::new(Utc::now());
    let handle = tokio::runtime::Handle::current();
    let (report, written) = tokio::task::spawn_blocking(move || -> Result<(ImportReport, Vec<String>), String> {
        let index: Arc<PatentIndex> = index;
        // Numbers written are kept for the watch sweep below (专利预警).
        let mut imp = Importer::new(Some(&store), Some(&index), now)?.track_numbers(true);
        let mut report = ImportReport::default();
        for (name, bytes) in files {
            let r = handle.block_on(imp.import_reader(&name, Cursor::new(bytes.to_vec()), &mut |_| {}));
            report.files.push(r);
        }
        Ok((report, std::mem::take(&mut imp.written)))
    })
    .await
    .map_err(|e| ApiError::Internal(anyhow::anyhow!("import task: {e}")))?
    .map_err(|e| ApiError::Conflict(format!("导入未能开始：{e}")))?;
    tracing::info!(user = p.id, imported = report.imported(), refused = report.failures(), "patent import");
    // Watch lists (专利预警): the new matches of this import raise alerts (in-app notices, webhooks). A failure here
    // is logged, never turns a done import into an error.
    let batch = format!("import:{}:{}", p.username, now.to_text());
    match crate::patent_watch::after_import_numbers(&s.store, &written, &batch).await {
        Ok(w) => tracing::info!(alerts = w.alerts, webhooks = w.webhooks, "patent watch sweep"),
        Err(e) => tracing::warn!(error = %e, "patent watch sweep failed"),
    }
    Ok(Json(report))
}
