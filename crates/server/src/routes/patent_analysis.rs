//! Patent analytics (专利分析): charts over any result set, the high-value invention patent indicator
//! (高价值发明专利) with its settings and area populations, IPC → industry concordance tables and counts by
//! industry (专利密集型产业), and similar patents (相似专利). Permissions `patent:analysis:*`. Patents are public
//! bibliographic data without a department, so no data scope applies here; watch lists (which have owners) are in
//! `routes::patent_watch`.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zhibao_domain::patent_analysis::aggregate::{Bucket, Overview, OverviewBuilder, OverviewOptions};
use zhibao_domain::patent_analysis::high_value::{Area, Criterion, Settings, Source, Summary, SummaryBuilder, SOURCES};
use zhibao_domain::patent_analysis::industry::{parse_concordance, Concordance, IndustryCounter};
use zhibao_domain::patent_analysis::similar::{rank, Candidate, MemoryStats, Probe};
use zhibao_domain::validate::FieldErrors;
use zhibao_store::patent_analysis::{AreaPopulation, ConcordanceInfo, ConcordanceRowView, NewAreaPopulation};
use zhibao_store::Ts;

use crate::auth::Principal;
use crate::casework::progress::today;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::ApiJson;
use crate::patent_watch::scan;
use crate::state::AppState;

/// Routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(analyse))
        .routes(routes!(high_value))
        .routes(routes!(get_settings, put_settings))
        .routes(routes!(populations, save_population))
        .routes(routes!(delete_population))
        .routes(routes!(concordances, import_concordance))
        .routes(routes!(concordance_rows, delete_concordance))
        .routes(routes!(activate_concordance))
        .routes(routes!(industries))
        .routes(routes!(similar))
        .routes(routes!(export_xlsx))
}

const VIEW: &str = "patent:analysis:view";
const SETTINGS: &str = "patent:analysis:settings";
const IMPORT: &str = "patent:analysis:import";

/// A result set: explicit ids (from the search page), or an examiner query, or everything.
#[derive(Deserialize, ToSchema, Default)]
pub struct ResultSpec {
    /// Examiner query (e.g. `TI=电池 AND IPC=H01M*`).
    #[serde(default)]
    pub query: Option<String>,
    /// Patent ids.
    #[serde(default)]
    pub ids: Option<Vec<i64>>,
}

/// Analysis request.
#[derive(Deserialize, ToSchema)]
pub struct AnalyseBody {
    /// Which patents.
    #[serde(flatten)]
    pub set: ResultSpec,
    /// Chart options (year basis, IPC level, region level, top N, matrix size).
    #[serde(default)]
    #[schema(value_type = Object)]
    pub options: Option<OverviewOptions>,
}

/// Every chart of the analysis page over one result set (permission `patent:analysis:view`).
#[utoipa::path(post, path = "/api/v1/patent-analysis/overview", tag = "patents", request_body = AnalyseBody,
    responses((status = 200, body = Object), (status = 422, body = ErrorBody)))]
async fn analyse(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(b): ApiJson<AnalyseBody>,
) -> ApiResult<Json<Overview>> {
    p.require(VIEW)?;
    let mut o = b.options.unwrap_or_default();
    o.top = o.top.clamp(1, 100);
    o.matrix = o.matrix.clamp(1, 30);
    let index = s.analysis_index().await?;
    let (query, ids) = (b.set.query, b.set.ids);
    let built = scan(index.clone(), query.clone(), ids.clone(), OverviewBuilder::new(o), |b, f| b.add(f)).await?;
    let (mut out, matrix) = built.finish();
    // The matrix cells: a second pass over the same result set, now that its headings are known.
    let matrix = if matrix.is_empty() { matrix } else { scan(index, query, ids, matrix, |m, f| m.add(f)).await? };
    out.matrix = matrix.finish();
    Ok(Json(out))
}

/// High-value request.
#[derive(Deserialize, ToSchema)]
pub struct HighValueBody {
    /// Which patents (default: all).
    #[serde(flatten)]
    pub set: ResultSpec,
    /// Area by a stored population figure.
    #[serde(default)]
    pub population_id: Option<i64>,
    /// Or an area given directly (province required).
    #[serde(default)]
    pub province: Option<String>,
    /// City.
    #[serde(default)]
    pub city: Option<String>,
    /// District.
    #[serde(default)]
    pub district: Option<String>,
    /// Population to use (overrides the stored figure).
    #[serde(default)]
    pub population: Option<u64>,
    /// Settings for this computation only (default: the saved ones).
    #[serde(default)]
    #[schema(value_type = Object)]
    pub settings: Option<Settings>,
    /// Drill-down: patents listed (default 200, at most 2000).
    #[serde(default)]
    pub limit: Option<usize>,
}

/// One high-value patent in the drill-down.
#[derive(Serialize, ToSchema)]
pub struct HighValueHit {
    /// Patent id.
    pub id: i64,
    /// Publication number.
    pub publication_no: Option<String>,
    /// Title.
    pub title: String,
    /// First applicant.
    pub applicant: String,
    /// Criteria met.
    #[schema(value_type = [String])]
    pub criteria: Vec<Criterion>,
}

/// A drill-down entry ordered by id (the heap keeps the lowest ids).
struct HeapHit(HighValueHit);

impl PartialEq for HeapHit {
    fn eq(&self, other: &Self) -> bool {
        self.0.id == other.0.id
    }
}
impl Eq for HeapHit {}
impl PartialOrd for HeapHit {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for HeapHit {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.id.cmp(&other.0.id)
    }
}

/// The indicator for an area.
#[derive(Serialize, ToSchema)]
pub struct HighValueResult {
    /// Counts and per-10,000 figures.
    #[schema(value_type = Object)]
    pub summary: Summary,
    /// Settings used.
    #[schema(value_type = Object)]
    pub settings: Settings,
    /// The strategic-industry table used (none: that criterion finds nothing).
    pub strategic_table: Option<ConcordanceInfo>,
    /// The area's name, when one was chosen.
    pub area: Option<String>,
    /// Sources of the definition and targets.
    #[schema(value_type = [Object])]
    pub sources: Vec<Source>,
    /// Targets per 10,000 people: Binhai KPI 8 and Tianjin 2025.
    pub targets: BTreeMap<String, f64>,
    /// Drill-down.
    pub hits: Vec<HighValueHit>,
}

/// Count high-value invention patents in a result set and area, with the per-10,000 figure
/// (permission `patent:analysis:view`).
#[utoipa::path(post, path = "/api/v1/patent-analysis/high-value", tag = "patents", request_body = HighValueBody,
    responses((status = 200, body = HighValueResult), (status = 422, body = ErrorBody)))]
async fn high_value(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(b): ApiJson<HighValueBody>,
) -> ApiResult<Json<HighValueResult>> {
    p.require(VIEW)?;
    let settings = match b.settings {
        Some(x) => x,
        None => s.store.high_value_settings().await?,
    };
    settings.check().map_err(|e| ApiError::field("settings", e.to_string()))?;
    let (area, mut population, area_name) = match b.population_id {
        Some(id) => {
            let a = s.store.area_population(id).await?;
            let area = Area {
                province: a.province.clone(),
                city: (!a.city.is_empty()).then(|| a.city.clone()),
                district: (!a.district.is_empty()).then(|| a.district.clone()),
            };
            (Some(area), Some(a.population as u64), Some(a.name))
        }
        None => match b.province.as_deref().map(str::trim).filter(|x| !x.is_empty()) {
            Some(prov) => {
                let opt =
                    |x: &Option<String>| x.as_deref().map(str::trim).filter(|x| !x.is_empty()).map(str::to_string);
                let area = Area { province: prov.into(), city: opt(&b.city), district: opt(&b.district) };
                let name = [Some(prov.to_string()), area.city.clone(), area.district.clone()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" / ");
                (Some(area), None, Some(name))
            }
            None => (None, None, None),
        },
    };
    if b.population.is_some() {
        population = b.population;
    }
    let strategic = s.store.active_concordance("strategic").await?;
    let table = strategic.as_ref().map(|(_, t)| t.clone()).unwrap_or_default();
    let limit = b.limit.unwrap_or(200).min(2000);
    let index = s.analysis_index().await?;
    let (today, rules) = (today(&s), settings.clone());
    // Counts over the whole result set; the drill-down keeps the `limit` lowest ids (a bounded heap).
    let (builder, hits) = scan(
        index,
        b.set.query,
        b.set.ids,
        (SummaryBuilder::new(&settings), std::collections::BinaryHeap::<HeapHit>::new()),
        move |(sb, hits), f| {
            if area.as_ref().is_some_and(|a| !a.contains(f)) {
                return;
            }
            let criteria = sb.add(f, &rules, &table, today);
            if criteria.is_empty() || limit == 0 {
                return;
            }
            if hits.len() == limit && hits.peek().is_some_and(|top| top.0.id < f.id) {
                return;
            }
            hits.push(HeapHit(HighValueHit {
                id: f.id,
                publication_no: f.publication_no.clone(),
                title: f.title.clone(),
                applicant: f.applicants.first().cloned().unwrap_or_default(),
                criteria,
            }));
            if hits.len() > limit {
                hits.pop();
            }
        },
    )
    .await?;
    let summary = builder.finish(population);
    let mut hits: Vec<HighValueHit> = hits.into_iter().map(|h| h.0).collect();
    hits.sort_by_key(|h| h.id);
    Ok(Json(HighValueResult {
        summary,
        settings,
        strategic_table: strategic.map(|(i, _)| i),
        area: area_name,
        sources: SOURCES.to_vec(),
        targets: BTreeMap::from([("binhai_kpi8".to_string(), 45.0), ("tianjin_2025".to_string(), 16.0)]),
        hits,
    }))
}

/// The saved settings of the indicator.
#[utoipa::path(get, path = "/api/v1/patent-analysis/high-value/settings", tag = "patents",
    responses((status = 200, body = Object)))]
async fn get_settings(State(s): State<AppState>, p: Principal) -> ApiResult<Json<Settings>> {
    p.require(VIEW)?;
    Ok(Json(s.store.high_value_settings().await?))
}

/// Save the indicator's settings (permission `patent:analysis:settings`).
#[utoipa::path(put, path = "/api/v1/patent-analysis/high-value/settings", tag = "patents", request_body = Object,
    responses((status = 200, body = Object), (status = 422, body = ErrorBody)))]
async fn put_settings(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(b): ApiJson<Settings>,
) -> ApiResult<Json<Settings>> {
    p.require(SETTINGS)?;
    let mut e = FieldErrors::new();
    if !(1..=20).contains(&b.maintained_years) {
        e.add("maintained_years", "应为 1–20 年 (1–20 years)");
    }
    if b.pledge_min_yuan < 0 {
        e.add("pledge_min_yuan", "不能为负数 (must not be negative)");
    }
    e.into_result()?;
    Ok(Json(s.store.save_high_value_settings(&b, Some(p.id), Ts::new(Utc::now())).await?))
}

/// Stored population figures.
#[utoipa::path(get, path = "/api/v1/patent-analysis/populations", tag = "patents",
    responses((status = 200, body = [AreaPopulation])))]
async fn populations(State(s): State<AppState>, p: Principal) -> ApiResult<Json<Vec<AreaPopulation>>> {
    p.require(VIEW)?;
    Ok(Json(s.store.area_populations().await?))
}

/// A population figure.
#[derive(Deserialize, ToSchema)]
pub struct PopulationBody {
    /// Display name.
    pub name: String,
    /// Province.
    pub province: String,
    /// City.
    #[serde(default)]
    pub city: String,
    /// District.
    #[serde(default)]
    pub district: String,
    /// Population.
    pub population: i64,
    /// Year.
    pub year: i64,
    /// Source.
    #[serde(default)]
    pub source: String,
}

/// Save a population figure (replaces the one of the same area and year; permission `patent:analysis:settings`).
#[utoipa::path(post, path = "/api/v1/patent-analysis/populations", tag = "patents", request_body = PopulationBody,
    responses((status = 200, body = AreaPopulation), (status = 422, body = ErrorBody)))]
async fn save_population(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(b): ApiJson<PopulationBody>,
) -> ApiResult<Json<AreaPopulation>> {
    p.require(SETTINGS)?;
    let mut e = FieldErrors::new();
    let t = |x: &str| x.trim().to_string();
    if t(&b.name).is_empty() || b.name.chars().count() > 100 {
        e.add("name", "必填，最多 100 字 (required, at most 100 characters)");
    }
    if t(&b.province).is_empty() {
        e.add("province", "必填 (required)");
    }
    if t(&b.city).is_empty() && !t(&b.district).is_empty() {
        e.add("city", "填写区县时须填写城市 (a district needs its city)");
    }
    if !(1..=2_000_000_000).contains(&b.population) {
        e.add("population", "应为正整数 (a positive number)");
    }
    if !(1949..=2100).contains(&b.year) {
        e.add("year", "年份无效 (invalid year)");
    }
    e.into_result()?;
    let n = NewAreaPopulation {
        name: t(&b.name),
        province: t(&b.province),
        city: t(&b.city),
        district: t(&b.district),
        population: b.population,
        year: b.year,
        source: t(&b.source),
    };
    Ok(Json(s.store.save_area_population(&n, Ts::new(Utc::now())).await?))
}

/// Delete a population figure (permission `patent:analysis:settings`).
#[utoipa::path(delete, path = "/api/v1/patent-analysis/populations/{id}", tag = "patents",
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_population(State(s): State<AppState>, p: Principal, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    p.require(SETTINGS)?;
    s.store.delete_area_population(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Concordance tables, newest first.
#[utoipa::path(get, path = "/api/v1/patent-analysis/concordances", tag = "patents",
    responses((status = 200, body = [ConcordanceInfo])))]
async fn concordances(State(s): State<AppState>, p: Principal) -> ApiResult<Json<Vec<ConcordanceInfo>>> {
    p.require(VIEW)?;
    Ok(Json(s.store.concordances(None).await?))
}

/// A concordance table to import.
#[derive(Deserialize, ToSchema)]
pub struct ConcordanceBody {
    /// `strategic` (战略性新兴产业) or `intensive` (专利密集型产业).
    pub kind: String,
    /// Name.
    pub name: String,
    /// Source (document, edition).
    #[serde(default)]
    pub source: String,
    /// The CSV text (see docs/patent-analysis.md for the columns).
    #[serde(default)]
    pub csv: String,
    /// Or the CSV file's bytes, base64 — a file saved by Excel or WPS in GB18030 / GBK or UTF-16 is read in its
    /// encoding (see `domain::encoding`); takes precedence over `csv`.
    #[serde(default)]
    pub csv_base64: Option<String>,
    /// Make it the table in use for its kind (default true).
    #[serde(default)]
    pub activate: Option<bool>,
}

/// Import a concordance table from CSV (permission `patent:analysis:import`). Every bad row is reported as a
/// field `csv[LINE].COLUMN`; a table with any bad row is not stored.
#[utoipa::path(post, path = "/api/v1/patent-analysis/concordances", tag = "patents", request_body = ConcordanceBody,
    responses((status = 200, body = ConcordanceInfo), (status = 422, body = ErrorBody)))]
async fn import_concordance(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(b): ApiJson<ConcordanceBody>,
) -> ApiResult<Json<ConcordanceInfo>> {
    p.require(IMPORT)?;
    let mut e = FieldErrors::new();
    if b.kind != "strategic" && b.kind != "intensive" {
        e.add("kind", "应为 strategic 或 intensive");
    }
    let name = b.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        e.add("name", "必填，最多 100 字 (required, at most 100 characters)");
    }
    let csv: Option<String> = match b.csv_base64.as_deref() {
        None => Some(b.csv.clone()),
        Some(b64) => {
            use base64::Engine;
            match base64::engine::general_purpose::STANDARD.decode(b64.trim()) {
                Err(_) => {
                    e.add("csv_base64", "不是有效的 base64 (not valid base64)");
                    None
                }
                Ok(bytes) => match zhibao_domain::encoding::decode_text(&bytes) {
                    Ok((text, _)) => Some(text.into_owned()),
                    Err(err) => {
                        e.add("csv", err.to_string());
                        None
                    }
                },
            }
        }
    };
    let csv = csv.unwrap_or_default();
    if csv.len() > 5 * 1024 * 1024 {
        e.add("csv", "最大 5 MB (at most 5 MB)");
    }
    let table = match parse_concordance(&csv) {
        Ok(t) => Some(t),
        Err(rows) => {
            for r in rows.iter().take(200) {
                e.add(format!("csv[{}].{}", r.line, r.column), r.message.clone());
            }
            None
        }
    };
    e.into_result()?;
    let table = table.unwrap_or_default();
    let info = s
        .store
        .import_concordance(
            &b.kind,
            name,
            b.source.trim(),
            false,
            b.activate.unwrap_or(true),
            &table,
            Some(p.id),
            Ts::new(Utc::now()),
        )
        .await?;
    Ok(Json(info))
}

/// A table's rows.
#[utoipa::path(get, path = "/api/v1/patent-analysis/concordances/{id}", tag = "patents",
    responses((status = 200, body = [ConcordanceRowView]), (status = 404, body = ErrorBody)))]
async fn concordance_rows(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<i64>,
) -> ApiResult<Json<Vec<ConcordanceRowView>>> {
    p.require(VIEW)?;
    Ok(Json(s.store.concordance_rows(id).await?))
}

/// Delete a table (permission `patent:analysis:import`).
#[utoipa::path(delete, path = "/api/v1/patent-analysis/concordances/{id}", tag = "patents",
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_concordance(State(s): State<AppState>, p: Principal, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    p.require(IMPORT)?;
    s.store.delete_concordance(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Make a table the one in use for its kind (permission `patent:analysis:import`).
#[utoipa::path(post, path = "/api/v1/patent-analysis/concordances/{id}/activate", tag = "patents",
    responses((status = 200, body = ConcordanceInfo), (status = 404, body = ErrorBody)))]
async fn activate_concordance(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<i64>,
) -> ApiResult<Json<ConcordanceInfo>> {
    p.require(IMPORT)?;
    Ok(Json(s.store.activate_concordance(id).await?))
}

/// By-industry request.
#[derive(Deserialize, ToSchema)]
pub struct IndustryBody {
    /// Which patents.
    #[serde(flatten)]
    pub set: ResultSpec,
    /// The table (default: the active `intensive` one).
    #[serde(default)]
    pub concordance_id: Option<i64>,
    /// Only the main IPC counts.
    #[serde(default)]
    pub main_only: bool,
}

/// Counts by industry.
#[derive(Serialize, ToSchema)]
pub struct IndustryResult {
    /// The table used.
    pub table: ConcordanceInfo,
    /// Patents analysed.
    pub total: u64,
    /// Per industry (key = industry code; the last bucket, key '', counts patents in no industry).
    #[schema(value_type = [Object])]
    pub buckets: Vec<Bucket>,
}

/// Patents per industry of a concordance table (permission `patent:analysis:view`).
#[utoipa::path(post, path = "/api/v1/patent-analysis/industries", tag = "patents", request_body = IndustryBody,
    responses((status = 200, body = IndustryResult), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn industries(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(b): ApiJson<IndustryBody>,
) -> ApiResult<Json<IndustryResult>> {
    p.require(VIEW)?;
    let (info, table): (ConcordanceInfo, Concordance) = match b.concordance_id {
        Some(id) => (s.store.concordance(id).await?, s.store.concordance_table(id).await?),
        None => s.store.active_concordance("intensive").await?.ok_or_else(|| {
            ApiError::field("concordance_id", "尚未导入专利密集型产业参照表 (no industry table imported yet)")
        })?,
    };
    let index = s.analysis_index().await?;
    let counter =
        scan(index, b.set.query, b.set.ids, IndustryCounter::new(table, b.main_only), |c, f| c.add(f)).await?;
    Ok(Json(IndustryResult { table: info, total: counter.total(), buckets: counter.finish() }))
}

/// Similar-patent request: a stored patent, or free text (with optional IPC symbols).
#[derive(Deserialize, ToSchema)]
pub struct SimilarBody {
    /// Patent id.
    #[serde(default)]
    pub patent_id: Option<i64>,
    /// Or a publication number.
    #[serde(default)]
    pub publication_number: Option<String>,
    /// Or free text.
    #[serde(default)]
    pub text: Option<String>,
    /// IPC symbols for free text.
    #[serde(default)]
    pub ipc: Vec<String>,
    /// How many (default 10, at most 100).
    #[serde(default)]
    pub limit: Option<usize>,
    /// IPC boost (default 0.5, 0–5).
    #[serde(default)]
    pub boost: Option<f64>,
}

/// A similar patent.
#[derive(Serialize, ToSchema)]
pub struct SimilarHit {
    /// Patent id.
    pub id: i64,
    /// Publication number.
    pub publication_no: Option<String>,
    /// Title.
    pub title: String,
    /// Abstract.
    pub abstract_text: String,
    /// IPC.
    pub ipc: Vec<String>,
    /// Application date.
    pub application_date: Option<chrono::NaiveDate>,
    /// Score (text × (1 + boost × IPC overlap)).
    pub score: f64,
    /// Text cosine.
    pub text_score: f64,
    /// IPC overlap.
    pub ipc_overlap: f64,
    /// Shared terms.
    pub shared_terms: Vec<String>,
}

/// The probe and its neighbours.
#[derive(Serialize, ToSchema)]
pub struct SimilarResult {
    /// The probe patent, when one was given.
    pub probe: Option<SimilarHit>,
    /// Nearest first.
    pub hits: Vec<SimilarHit>,
}

/// Similar patents: more-like-this over title, abstract and claims, boosted by IPC overlap
/// (permission `patent:analysis:view`).
#[utoipa::path(post, path = "/api/v1/patent-analysis/similar", tag = "patents", request_body = SimilarBody,
    responses((status = 200, body = SimilarResult), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn similar(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(b): ApiJson<SimilarBody>,
) -> ApiResult<Json<SimilarResult>> {
    p.require(VIEW)?;
    let boost = b.boost.unwrap_or(0.5);
    if !(0.0..=5.0).contains(&boost) {
        return Err(ApiError::field("boost", "应为 0–5 (0–5)"));
    }
    let limit = b.limit.unwrap_or(10).clamp(1, 100);
    let text_of = |pt: &zhibao_domain::patent::Patent| {
        let mut t = format!("{}\n{}", pt.title.joined(), pt.abstract_text.joined());
        for c in pt.claims.all().take(3) {
            t.push('\n');
            t.push_str(c);
        }
        t
    };
    let probe_patent = match (b.patent_id, b.publication_number.as_deref().map(str::trim).filter(|x| !x.is_empty())) {
        (Some(id), _) => Some(s.store.patent_by_id(id).await?),
        (None, Some(pn)) => Some(s.store.patent(pn).await?),
        (None, None) => None,
    };
    let probe = match &probe_patent {
        Some(sp) => Probe {
            id: Some(sp.id),
            text: text_of(&sp.patent),
            ipc: sp.patent.ipc.iter().map(|c| c.to_string()).collect(),
        },
        None => {
            let text = b.text.as_deref().map(str::trim).unwrap_or_default();
            if text.is_empty() {
                return Err(ApiError::field("text", "请输入专利号或一段技术描述 (give a patent or some text)"));
            }
            if text.chars().count() > 20_000 {
                return Err(ApiError::field("text", "最多 20000 字 (at most 20,000 characters)"));
            }
            Probe { id: None, text: text.to_string(), ipc: b.ipc.clone() }
        }
    };
    // Candidates from the shared index (more-like-this, BM25), re-ranked by the analytics' scoring with corpus
    // statistics taken over the candidates and the probe.
    let index = s.analysis_index().await?;
    let probe_text = probe.text.clone();
    let pool = (limit * 10).max(SIMILAR_POOL);
    let found = tokio::task::spawn_blocking(move || index.more_like_this(&probe_text, SIMILAR_TERMS, pool + 1))
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("similar task: {e}")))?
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("similar: {e}")))?;
    let candidates: Vec<Candidate> = found
        .iter()
        .filter_map(|c| {
            let id = c.row_id?;
            let mut text = format!("{}\n{}", c.doc.title, c.doc.abstract_text);
            for cl in c.doc.claims.iter().take(3) {
                text.push('\n');
                text.push_str(cl);
            }
            Some(Candidate { id, text, ipc: c.doc.ipc.clone() })
        })
        .collect();
    let stats = MemoryStats::of(candidates.iter().map(|c| c.text.as_str()).chain([probe.text.as_str()]));
    let ranked = rank(&probe, &candidates, &stats, boost, limit);
    let mut wanted: Vec<i64> = ranked.iter().map(|r| r.id).collect();
    wanted.extend(probe.id);
    let stored = s.store.patents_by_ids(&wanted).await?;
    let by_id: BTreeMap<i64, &zhibao_store::patents::StoredPatent> = stored.iter().map(|x| (x.id, x)).collect();
    let hit = |id: i64, score: f64, text_score: f64, ipc_overlap: f64, shared_terms: Vec<String>| {
        by_id.get(&id).map(|sp| SimilarHit {
            id,
            publication_no: Some(sp.patent.publication_number.to_string()),
            title: sp.patent.title.best().to_string(),
            abstract_text: sp.patent.abstract_text.best().to_string(),
            ipc: sp.patent.ipc.iter().map(|c| c.to_string()).collect(),
            application_date: sp.patent.application_date,
            score,
            text_score,
            ipc_overlap,
            shared_terms,
        })
    };
    Ok(Json(SimilarResult {
        probe: probe.id.and_then(|id| hit(id, 1.0, 1.0, 1.0, Vec::new())),
        hits: ranked.into_iter().filter_map(|r| hit(r.id, r.score, r.text, r.ipc, r.shared_terms)).collect(),
    }))
}

/// Candidates retrieved for similar patents (at least; 10 × the hits asked for when more).
const SIMILAR_POOL: usize = 200;
/// Words of the probe sent to the index.
const SIMILAR_TERMS: usize = 30;

/// A table to export.
#[derive(Deserialize, ToSchema)]
pub struct ExportBody {
    /// Sheet and file name (no extension).
    pub title: String,
    /// Column headings.
    pub headers: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
}

/// Export a chart's data (or the drill-down) as XLSX (permission `patent:analysis:view`).
#[utoipa::path(post, path = "/api/v1/patent-analysis/export", tag = "patents", request_body = ExportBody,
    responses((status = 200, description = "XLSX"), (status = 422, body = ErrorBody)))]
async fn export_xlsx(
    State(_s): State<AppState>,
    p: Principal,
    ApiJson(b): ApiJson<ExportBody>,
) -> ApiResult<axum::response::Response> {
    p.require(VIEW)?;
    let title: String = b.title.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
    let title = if title.trim().is_empty() { "export".to_string() } else { title };
    if b.headers.is_empty() || b.headers.len() > 200 {
        return Err(ApiError::field("headers", "1–200 columns"));
    }
    if b.rows.len() > 100_000 {
        return Err(ApiError::field("rows", "at most 100,000 rows"));
    }
    let headers: Vec<&str> = b.headers.iter().map(String::as_str).collect();
    let bytes = crate::excel::write_sheet(&title, &headers, &b.rows).map_err(ApiError::Internal)?;
    Ok(crate::excel::xlsx_response(bytes, &format!("{title}.xlsx")))
}
