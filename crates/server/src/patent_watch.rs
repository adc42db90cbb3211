//! Patent analytics glue (专利分析/预警): loading a result set as analysis facts, and the watch sweep that runs
//! after every import — new matches raise alerts (in-app notices, and a webhook POST with a timeout whose outcome
//! is recorded).
//!
//! Result sets: an explicit list of patent ids (what the search page holds), or an examiner query, or everything.
//! Analytics scan the shared search index ([`scan`]): the query runs there, and each matching patent's analysis
//! facts are read from the index's `_facts` column — any size, no per-request index. The watch sweep after an
//! import only ever indexes the imported batch in memory, which is exactly the set a "new match" can come from;
//! the full sweep (`POST /patent-watch/sweep`) goes over every stored patent in chunks of [`SWEEP_CHUNK`].

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use zhibao_domain::patent::Patent;
use zhibao_domain::patent_analysis::watch::{new_alerts, DeliveryStatus, PayloadItem, WebhookPayload};
use zhibao_domain::patent_analysis::PatentFacts;
use zhibao_search::{PatentDoc, PatentIndex, RowSet, SearchError, SearchOptions, SortBy};
use zhibao_store::patents::StoredPatent;
use zhibao_store::{Store, Ts};

use crate::error::ApiError;

/// Patents per pass of a full watch sweep ([`sweep_all`]): each pass indexes its patents in memory, so memory stays
/// bounded at any corpus size.
pub const SWEEP_CHUNK: usize = 5_000;

/// How long a webhook may take to answer.
pub const WEBHOOK_TIMEOUT: Duration = Duration::from_secs(5);

/// The search document of a stored patent (id = the row id as text).
pub fn search_doc(s: &StoredPatent) -> PatentDoc {
    let p: &Patent = &s.patent;
    PatentDoc {
        id: s.id.to_string(),
        application_number: p.application_number.as_ref().map(|a| a.to_string()).unwrap_or_default(),
        publication_number: p.publication_number.to_string(),
        title: p.title.joined(),
        abstract_text: p.abstract_text.joined(),
        claims: p.claims.all().cloned().collect(),
        description: p.description.joined(),
        applicants: p.owners().iter().map(|o| o.name.clone()).collect(),
        inventors: p.inventors.clone(),
        ipc: p.ipc.iter().map(|c| c.to_string()).collect(),
        cpc: p.cpc.iter().map(|c| c.to_string()).collect(),
        application_date: p.application_date,
        publication_date: p.publication_date,
        applicant_address: p.first_address().map(|a| a.text.clone()).unwrap_or_default(),
        legal_status: Some(p.legal_status.key().to_string()),
        language: p.language.clone(),
        row_id: Some(s.id),
        facts: None,
    }
}

/// The watch sweep over every stored patent (`POST /patent-watch/sweep` without ids, e.g. for a new list): the
/// patents in id order, `chunk` at a time, each pass as [`after_import`] — no cap on the corpus, memory bounded by
/// `chunk`. A list gets one webhook post per pass that raised alerts for it; an unrunnable list is reported once.
pub async fn sweep_all(store: &Store, batch: &str, chunk: usize) -> Result<SweepReport, ApiError> {
    let mut total = SweepReport::default();
    let mut after = 0;
    loop {
        let mut ids = Vec::with_capacity(chunk);
        while ids.len() < chunk {
            let page = store.patents_after(after, chunk.min(1000) as i64).await?;
            let Some(last) = page.last() else { break };
            after = last.id;
            ids.extend(page.iter().map(|p| p.id));
        }
        if ids.is_empty() {
            break;
        }
        let r = after_import(store, &ids, batch).await?;
        total.lists = total.lists.max(r.lists);
        total.alerts += r.alerts;
        total.webhooks += r.webhooks;
        for e in r.errors {
            if !total.errors.contains(&e) {
                total.errors.push(e);
            }
        }
    }
    Ok(total)
}

fn query_error(e: SearchError) -> ApiError {
    match e {
        SearchError::Query(q) => ApiError::field("query", q.to_string()),
        other => ApiError::Internal(anyhow::anyhow!(other)),
    }
}

/// Ids (row ids) of the patents among `docs` that match an examiner query.
pub fn matching_ids(docs: &[PatentDoc], query: &str) -> Result<BTreeSet<i64>, ApiError> {
    let index = PatentIndex::create_in_ram().map_err(query_error)?;
    index.upsert_all(docs.iter()).map_err(query_error)?;
    let opts = SearchOptions {
        offset: 0,
        limit: docs.len().max(1),
        sort: SortBy::Relevance,
        snippets: false,
        snippet_chars: 0,
    };
    let res = index.search(query, &opts).map_err(query_error)?;
    Ok(res.hits.iter().filter_map(|h| h.id.parse().ok()).collect())
}

/// Fold the analysis facts of every patent of a result set — the given row ids, else those matching the examiner
/// query, else all — into `acc`, over the shared search index (a blocking scan on the blocking pool). A malformed
/// query is a field error on `query`.
pub async fn scan<A: Send + 'static>(
    index: Arc<PatentIndex>,
    query: Option<String>,
    ids: Option<Vec<i64>>,
    mut acc: A,
    add: impl Fn(&mut A, &PatentFacts) + Send + 'static,
) -> Result<A, ApiError> {
    tokio::task::spawn_blocking(move || {
        let query = query.as_deref().map(str::trim).filter(|q| !q.is_empty());
        let set = match (&ids, query) {
            (Some(ids), _) => RowSet::RowIds(ids),
            (None, Some(q)) => RowSet::Query(q),
            (None, None) => RowSet::All,
        };
        let mut unreadable = 0u64;
        index
            .scan_facts(set, &mut |bytes| match serde_json::from_slice::<PatentFacts>(bytes) {
                Ok(f) => add(&mut acc, &f),
                Err(_) => unreadable += 1,
            })
            .map_err(query_error)?;
        if unreadable > 0 {
            tracing::warn!(
                unreadable,
                "patent index: analysis payloads that do not read (run `zhibao patents reindex`)"
            );
        }
        Ok(acc)
    })
    .await
    .map_err(|e| ApiError::Internal(anyhow::anyhow!("analysis task: {e}")))?
}

/// The analysis view of stored patents.
pub fn facts(patents: &[StoredPatent]) -> Vec<PatentFacts> {
    patents.iter().map(|s| PatentFacts::from_patent(s.id, &s.patent)).collect()
}

/// What one sweep did.
#[derive(Debug, Default, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct SweepReport {
    /// Watch lists checked.
    pub lists: usize,
    /// Alerts raised.
    pub alerts: usize,
    /// Webhook posts attempted.
    pub webhooks: usize,
    /// Watch lists whose query could not run (id and message).
    pub errors: Vec<(i64, String)>,
}

/// Check the newly imported or updated patents against every active watch list and raise the new alerts. Call
/// after every import with the row ids of the batch. Webhooks are posted before returning (each with
/// [`WEBHOOK_TIMEOUT`]); a failed post is recorded, never retried silently.
pub async fn after_import(store: &Store, patent_ids: &[i64], batch: &str) -> Result<SweepReport, ApiError> {
    let mut report = SweepReport::default();
    if patent_ids.is_empty() {
        return Ok(report);
    }
    let lists = store.active_watch_lists().await?;
    report.lists = lists.len();
    if lists.is_empty() {
        return Ok(report);
    }
    let mut stored = Vec::new();
    for chunk in patent_ids.chunks(1000) {
        stored.extend(store.patents_by_ids(chunk).await?);
    }
    let facts = facts(&stored);
    let by_id: BTreeMap<i64, &PatentFacts> = facts.iter().map(|f| (f.id, f)).collect();
    let docs: Vec<PatentDoc> = stored.iter().map(search_doc).collect();
    let batch_ids: Vec<i64> = facts.iter().map(|f| f.id).collect();
    let now = Ts::new(Utc::now());
    for w in lists {
        let rule = match w.draft.check() {
            Ok(r) => r,
            Err(e) => {
                report.errors.push((w.id, format!("{e:?}")));
                continue;
            }
        };
        let hits = if rule.has_query {
            match matching_ids(&docs, &w.draft.query) {
                Ok(h) => h,
                Err(e) => {
                    report.errors.push((w.id, e.to_string()));
                    continue;
                }
            }
        } else {
            BTreeSet::new()
        };
        let already = store.alerted_patents(w.id, &batch_ids).await?;
        let found = new_alerts(w.id, &rule, &facts, &hits, &already);
        if found.is_empty() {
            continue;
        }
        let ids = store.record_alerts(&found, batch, now).await?;
        report.alerts += ids.len();
        if let (Some(url), false) = (w.draft.webhook_url.as_deref().filter(|u| !u.is_empty()), ids.is_empty()) {
            let payload = WebhookPayload {
                event: "zhibao.patent_watch.alerts".into(),
                watch_id: w.id,
                watch_name: w.draft.name.clone(),
                raised_at: now.to_text(),
                alerts: found
                    .iter()
                    .filter_map(|a| {
                        by_id.get(&a.patent_id).map(|f| PayloadItem {
                            patent_id: f.id,
                            application_no: f.application_no.clone(),
                            title: f.title.clone(),
                            reasons: a.reasons.clone(),
                        })
                    })
                    .collect(),
            };
            let body = serde_json::to_string(&payload).unwrap_or_else(|_| "{}".into());
            let delivery = store.create_delivery(w.id, url, payload.alerts.len() as i64, &body, now).await?;
            let (status, code, error) = post_webhook(url, body).await;
            store.finish_delivery(delivery, status, code, error.as_deref(), Ts::new(Utc::now())).await?;
            report.webhooks += 1;
        }
    }
    Ok(report)
}

/// [`after_import`] for an import that reports publication numbers (the importers' `written` list).
pub async fn after_import_numbers(store: &Store, numbers: &[String], batch: &str) -> Result<SweepReport, ApiError> {
    if numbers.is_empty() || store.active_watch_lists().await?.is_empty() {
        return Ok(SweepReport::default());
    }
    let mut ids = Vec::new();
    for chunk in numbers.chunks(1000) {
        ids.extend(store.patents_by_numbers(chunk).await?.iter().map(|p| p.id));
    }
    ids.sort_unstable();
    ids.dedup();
    after_import(store, &ids, batch).await
}

async fn post_webhook(url: &str, body: String) -> (DeliveryStatus, Option<u16>, Option<String>) {
    let client = match reqwest::Client::builder().timeout(WEBHOOK_TIMEOUT).build() {
        Ok(c) => c,
        Err(e) => return (DeliveryStatus::Failed, None, Some(e.to_string())),
    };
    match client.post(url).header("content-type", "application/json").body(body).send().await {
        Ok(resp) => {
            let code = resp.status().as_u16();
            let status = DeliveryStatus::from_http(Some(code));
            let error = (status == DeliveryStatus::Failed).then(|| format!("HTTP {code}"));
            (status, Some(code), error)
        }
        Err(e) => (DeliveryStatus::Failed, None, Some(if e.is_timeout() { "timeout".into() } else { e.to_string() })),
    }
}
