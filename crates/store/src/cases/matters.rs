//! Matters, their parties / rights / URLs, and the timeline.

use chrono::NaiveDate;
use serde::Serialize;
use zhibao_domain::scope::Filter;

use crate::page::{Arg, Page, PageRequest, Where};
use crate::{bind_args, scope, with_db, Store, StoreError, StoreResult, Ts};

/// A matter (事项) as stored.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Matter {
    /// Id.
    pub id: i64,
    /// Receipt number, e.g. `BH-TS-2026-000123`.
    pub receipt_no: String,
    /// Query code for the public lookup (never shown in lists).
    #[serde(skip)]
    pub query_code: String,
    /// Matter type code.
    pub matter_type: String,
    /// Procedure state.
    pub state: String,
    /// `simple` / `ordinary`.
    pub track: String,
    /// Intake channel.
    pub channel: String,
    /// Short title.
    pub title: String,
    /// Facts and claims.
    pub description: String,
    /// Amount involved, in fen.
    pub amount_cents: Option<i64>,
    /// Area of the respondent.
    pub area_code: Option<String>,
    /// Grid cell of the respondent.
    pub cell_code: Option<String>,
    /// Responsible department.
    pub dept_id: i64,
    /// Responsible department's name.
    pub dept_name: String,
    /// Responsible officer.
    pub officer_id: Option<i64>,
    /// Responsible officer's name.
    pub officer_name: Option<String>,
    /// Similar-matter group (类案).
    pub group_id: Option<i64>,
    /// Parties in other regions.
    pub cross_region: bool,
    /// A foreign party.
    pub foreign_party: bool,
    /// Reporter gave their real name.
    pub real_name: bool,
    /// Note shown by the public lookup.
    pub public_note: Option<String>,
    /// Outcome when closed.
    pub outcome: Option<String>,
    /// Day of receipt.
    pub received_on: NaiveDate,
    /// Created.
    pub created_at: Ts,
    /// Last change.
    pub updated_at: Ts,
    /// Closed.
    pub closed_at: Option<Ts>,
}

/// A matter id with one text value (a name, a number, a URL).
type IdText = (i64, String);

/// A matter with what duplicate detection compares.
#[derive(Debug, Clone)]
pub struct SimilarityRow {
    /// The matter.
    pub matter: Matter,
    /// Respondents' names.
    pub respondent_names: Vec<String>,
    /// Right numbers.
    pub right_numbers: Vec<String>,
    /// URLs as filed.
    pub urls: Vec<String>,
}

/// A party (当事人).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct MatterParty {
    /// Id.
    pub id: i64,
    /// Matter.
    pub matter_id: i64,
    /// `complainant`, `reporter`, `applicant`, `respondent`, `agent`.
    pub role: String,
    /// `person` / `organisation`.
    pub kind: String,
    /// Name.
    pub name: String,
    /// ID number (persons).
    pub id_number: Option<String>,
    /// Credit code (organisations).
    pub credit_code: Option<String>,
    /// Telephone.
    pub phone: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Area of the address.
    pub area_code: Option<String>,
}

/// A right involved (涉及权利).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct MatterRight {
    /// Id.
    pub id: i64,
    /// Matter.
    pub matter_id: i64,
    /// `patent`, `trademark`, `copyright` …
    pub kind: String,
    /// Registration / application number.
    pub number: Option<String>,
    /// Title.
    pub title: Option<String>,
}

/// A timeline entry (办理记录): immutable.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct MatterEvent {
    /// Id.
    pub id: i64,
    /// Matter.
    pub matter_id: i64,
    /// `intake`, `transition`, `assign`, `transfer`, `clock`, `note`, `attachment` …
    pub kind: String,
    /// Procedure event, for transitions.
    pub event: Option<String>,
    /// State before.
    pub from_state: Option<String>,
    /// State after.
    pub to_state: Option<String>,
    /// Who.
    pub actor_id: Option<i64>,
    /// Who (name at the time).
    pub actor_name: Option<String>,
    /// Note or reason.
    pub note: Option<String>,
    /// Shown by the public lookup.
    pub public: bool,
    /// Structured detail (JSON).
    pub detail: String,
    /// When.
    pub created_at: Ts,
}

/// A new party.
#[derive(Debug, Clone)]
pub struct NewParty {
    /// Role.
    pub role: String,
    /// Kind.
    pub kind: String,
    /// Name.
    pub name: String,
    /// Normalised name (for duplicate detection).
    pub name_key: String,
    /// ID number.
    pub id_number: Option<String>,
    /// Credit code.
    pub credit_code: Option<String>,
    /// Telephone.
    pub phone: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Area.
    pub area_code: Option<String>,
}

/// A new right.
#[derive(Debug, Clone)]
pub struct NewRight {
    /// Kind.
    pub kind: String,
    /// Number.
    pub number: Option<String>,
    /// Title.
    pub title: Option<String>,
}

/// A new timeline entry.
#[derive(Debug, Clone, Default)]
pub struct NewEvent {
    /// Kind.
    pub kind: String,
    /// Procedure event.
    pub event: Option<String>,
    /// State before.
    pub from_state: Option<String>,
    /// State after.
    pub to_state: Option<String>,
    /// Who.
    pub actor_id: Option<i64>,
    /// Who (name).
    pub actor_name: Option<String>,
    /// Note.
    pub note: Option<String>,
    /// Public.
    pub public: bool,
    /// JSON detail.
    pub detail: String,
}

/// A validated new matter.
#[derive(Debug, Clone)]
pub struct NewMatter {
    /// Receipt prefix, e.g. `BH-TS-2026`; the store appends the next sequence number.
    pub receipt_prefix: String,
    /// Query code.
    pub query_code: String,
    /// Type code.
    pub matter_type: String,
    /// Initial state.
    pub state: String,
    /// Track.
    pub track: String,
    /// Channel.
    pub channel: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Amount in fen.
    pub amount_cents: Option<i64>,
    /// Area.
    pub area_code: Option<String>,
    /// Cell.
    pub cell_code: Option<String>,
    /// Responsible department.
    pub dept_id: i64,
    /// Responsible officer.
    pub officer_id: Option<i64>,
    /// Cross-region.
    pub cross_region: bool,
    /// Foreign party.
    pub foreign_party: bool,
    /// Real-name reporter.
    pub real_name: bool,
    /// Day of receipt.
    pub received_on: NaiveDate,
    /// Creator.
    pub created_by: Option<i64>,
    /// Parties.
    pub parties: Vec<NewParty>,
    /// Rights.
    pub rights: Vec<NewRight>,
    /// URLs: (as given, normalised).
    pub urls: Vec<(String, String)>,
    /// Timeline entries written with the matter (intake, assignment …).
    pub events: Vec<NewEvent>,
    /// Clocks started at intake: (key, state, due_on, body JSON).
    pub clocks: Vec<(String, String, Option<NaiveDate>, String)>,
    /// Already closed (historical matters migrated from an earlier system).
    pub closed_at: Option<Ts>,
    /// The operation-log entry of the request that files it, written in the same transaction (none for imports
    /// and seeds, which log otherwise).
    pub audit: Option<crate::logs::Audit>,
}

/// A state change with its timeline entry and clock changes, applied only from `from_state`.
#[derive(Debug, Clone)]
pub struct Transition {
    /// Expected current state.
    pub from_state: String,
    /// New state.
    pub to_state: String,
    /// Timeline entry.
    pub event: NewEvent,
    /// Clocks to insert or replace: (key, state, due_on, body JSON).
    pub clocks: Vec<(String, String, Option<NaiveDate>, String)>,
    /// New outcome (closing).
    pub outcome: Option<String>,
    /// New public note.
    pub public_note: Option<String>,
    /// The matter is closed by this transition.
    pub closes: bool,
}

/// Filters of the matter list.
#[derive(Debug, Clone, Default)]
pub struct MatterFilter {
    /// Receipt number or title contains.
    pub q: Option<String>,
    /// Type code.
    pub matter_type: Option<String>,
    /// State.
    pub state: Option<String>,
    /// Track.
    pub track: Option<String>,
    /// Responsible officer.
    pub officer_id: Option<i64>,
    /// Responsible department (and below).
    pub dept_id: Option<i64>,
    /// Received on or after.
    pub received_from: Option<NaiveDate>,
    /// Received on or before.
    pub received_to: Option<NaiveDate>,
    /// Only open (not closed) matters.
    pub open_only: bool,
    /// Similar-matter group.
    pub group_id: Option<i64>,
}

pub(crate) const COLS: &str = "m.id, m.receipt_no, m.query_code, m.matter_type, m.state, m.track, m.channel, m.title, \
    m.description, m.amount_cents, m.area_code, m.cell_code, m.dept_id, d.name AS dept_name, m.officer_id, \
    u.display_name AS officer_name, m.group_id, m.cross_region, m.foreign_party, m.real_name, m.public_note, m.outcome, \
    m.received_on, m.created_at, m.updated_at, m.closed_at";
pub(crate) const FROM: &str =
    " FROM matters m JOIN depts d ON d.id = m.dept_id LEFT JOIN users u ON u.id = m.officer_id";
/// Lists count matching matters up to this many; a page's `total` above it means "more than this".
pub const COUNT_CAP: i64 = 10_000;

const SORTS: &[(&str, &str)] = &[
    ("receipt_no", "m.receipt_no"),
    ("received_on", "m.received_on"),
    ("created_at", "m.created_at"),
    ("updated_at", "m.updated_at"),
    ("state", "m.state"),
];

/// `BH-TS-2026-0001…`: region, type code, year — a receipt number or a prefix of one.
fn looks_like_receipt(q: &str) -> bool {
    let parts: Vec<&str> = q.split('-').collect();
    parts.len() >= 2
        && parts[0].len() >= 2
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_alphanumeric()))
        && parts[0].chars().all(|c| c.is_ascii_alphabetic())
}

/// The matter data scope: the responsible department, or the responsible officer for "self" scopes.
pub(crate) fn matter_scope(filter: &Filter) -> String {
    scope::sql(filter, "m.dept_id", Some("m.officer_id"))
}

fn matter_where(filter: &Filter, f: &MatterFilter) -> Where {
    let mut w = Where::new(matter_scope(filter));
    if let Some(q) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        if looks_like_receipt(q) {
            // A receipt number or its prefix: an index range on the unique receipt number, not a scan.
            let upper = format!("{}\u{10FFFF}", q.to_uppercase());
            w.and("m.receipt_no >= ?", Arg::S(q.to_uppercase()));
            w.and("m.receipt_no < ?", Arg::S(upper));
        } else {
            // Title words or a fragment of a number: a scan (full-text search of matters comes with the search
            // crate). Both `?` become the same `$n`, bound once.
            let pat = crate::page::like_pattern(q);
            w.and("(LOWER(m.receipt_no) LIKE ? ESCAPE '\\' OR LOWER(m.title) LIKE ? ESCAPE '\\')", Arg::S(pat));
        }
    }
    w.eq_str("m.matter_type", f.matter_type.as_deref())
        .eq_str("m.state", f.state.as_deref())
        .eq_str("m.track", f.track.as_deref());
    if let Some(o) = f.officer_id {
        w.and("m.officer_id = ?", Arg::I(o));
    }
    if let Some(d) = f.dept_id {
        w.and(&format!("m.dept_id IN (SELECT sd.id FROM depts sd WHERE sd.id = ? OR (',' || sd.ancestors || ',') LIKE '%,{d},%')"), Arg::I(d));
    }
    if let Some(g) = f.group_id {
        w.and("m.group_id = ?", Arg::I(g));
    }
    if let Some(t) = f.received_from {
        w.and("m.received_on >= ?", Arg::D(t));
    }
    if let Some(t) = f.received_to {
        w.and("m.received_on <= ?", Arg::D(t));
    }
    if f.open_only {
        w.and_fixed("m.closed_at IS NULL");
    }
    w
}

impl Store {
    /// Store a new matter with its parties, rights, URLs, first timeline entries and clocks, in one transaction;
    /// the receipt number is the prefix plus the next number of that prefix's sequence (`-000123`).
    pub async fn create_matter(&self, m: &NewMatter, now: Ts) -> StoreResult<Matter> {
        let ids = self.create_matters(std::slice::from_ref(m), now).await?;
        self.get_matter(&Filter::All, ids.first().copied().ok_or(StoreError::NotFound)?).await
    }

    /// Store many matters in one transaction (all or none), returning their ids in order. Used by batch intake
    /// and the benchmark's corpus generator.
    pub async fn create_matters(&self, ms: &[NewMatter], now: Ts) -> StoreResult<Vec<i64>> {
        let mut ids = Vec::with_capacity(ms.len());
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            for m in ms {
            let seq: i64 = sqlx::query_scalar(super::intake::sql::NEXT_RECEIPT)
                .bind(&m.receipt_prefix).fetch_one(&mut *tx).await?;
            let receipt = format!("{}-{:06}", m.receipt_prefix, seq);
            let id: i64 = sqlx::query_scalar(super::intake::sql::INSERT_MATTER)
                .bind(&receipt).bind(&m.query_code).bind(&m.matter_type).bind(&m.state).bind(&m.track).bind(&m.channel)
                .bind(&m.title).bind(&m.description).bind(m.amount_cents).bind(&m.area_code).bind(&m.cell_code)
                .bind(m.dept_id).bind(m.officer_id).bind(m.cross_region).bind(m.foreign_party).bind(m.real_name)
                .bind(m.received_on).bind(m.created_by).bind(now).bind(m.closed_at)
                .fetch_one(&mut *tx).await?;
            for p in &m.parties {
                sqlx::query(super::intake::sql::INSERT_PARTY)
                    .bind(id).bind(&p.role).bind(&p.kind).bind(&p.name).bind(&p.name_key).bind(&p.id_number)
                    .bind(&p.credit_code).bind(&p.phone).bind(&p.address).bind(&p.area_code)
                    .execute(&mut *tx).await?;
            }
            for r in &m.rights {
                sqlx::query(super::intake::sql::INSERT_RIGHT)
                    .bind(id).bind(&r.kind).bind(&r.number).bind(&r.title).execute(&mut *tx).await?;
            }
            for (url, norm) in &m.urls {
                sqlx::query(super::intake::sql::INSERT_URL)
                    .bind(id).bind(url).bind(norm).execute(&mut *tx).await?;
            }
            for e in &m.events {
                insert_event!(tx, id, e, now);
            }
            for (key, state, due, body) in &m.clocks {
                upsert_clock!(tx, id, key, state, due, body, now);
            }
            ids.push(id);
            }
            tx.commit().await?;
        });
        Ok(ids)
    }

    /// One matter, if visible.
    pub async fn get_matter(&self, filter: &Filter, id: i64) -> StoreResult<Matter> {
        let sql = format!("SELECT {COLS}{FROM} WHERE m.id = $1 AND {}", matter_scope(filter));
        with_db!(self, pool => sqlx::query_as::<_, Matter>(&sql).bind(id).fetch_optional(pool).await?)
            .ok_or(StoreError::NotFound)
    }

    /// A matter by receipt number (no scope: for the public lookup, which checks the query code itself).
    pub async fn matter_by_receipt(&self, receipt_no: &str) -> StoreResult<Option<Matter>> {
        let sql = format!("SELECT {COLS}{FROM} WHERE m.receipt_no = $1");
        Ok(with_db!(self, pool => sqlx::query_as::<_, Matter>(&sql).bind(receipt_no).fetch_optional(pool).await?))
    }

    /// A page of visible matters.
    pub async fn list_matters(
        &self,
        filter: &Filter,
        f: &MatterFilter,
        page: &PageRequest,
    ) -> StoreResult<Page<Matter>> {
        let w = matter_where(filter, f);
        // Two steps: the page's ids from `matters` alone (so the planner walks a matters index in order and stops
        // after one page, instead of driving the query from the small joined tables and sorting every row), then
        // the joined rows of just those ids.
        let ids_sql = format!(
            "SELECT m.id FROM matters m{}{}{}",
            w.sql(),
            page.order_by(SORTS, "m.received_on", "m.id"),
            page.limit_offset()
        );
        // Counting stops after COUNT_CAP rows: exact totals of a million-row table cost a full scan per page.
        let count =
            format!("SELECT COUNT(*) FROM (SELECT 1 FROM matters m{} LIMIT {}) AS capped", w.sql(), COUNT_CAP + 1);
        let (ids, total): (Vec<i64>, i64) = with_db!(self, pool => (
            bind_args!(sqlx::query_scalar::<_, i64>(&ids_sql), w.args).fetch_all(pool).await?,
            bind_args!(sqlx::query_scalar::<_, i64>(&count), w.args).fetch_one(pool).await?,
        ));
        let mut items = Vec::with_capacity(ids.len());
        if !ids.is_empty() {
            let list: Vec<String> = ids.iter().map(i64::to_string).collect();
            let sql = format!("SELECT {COLS}{FROM} WHERE m.id IN ({})", list.join(","));
            let rows: Vec<Matter> = with_db!(self, pool => sqlx::query_as::<_, Matter>(&sql).fetch_all(pool).await?);
            for id in &ids {
                if let Some(m) = rows.iter().find(|m| m.id == *id) {
                    items.push(m.clone());
                }
            }
        }
        Ok(Page { items, total, page: page.page.max(1), page_size: page.page_size.clamp(1, 500) })
    }

    /// Matters by id within `filter`, each with what duplicate detection compares (respondent names, right numbers,
    /// URLs) — four queries for any number of ids instead of four per matter.
    pub async fn similarity_rows(&self, filter: &Filter, ids: &[i64]) -> StoreResult<Vec<SimilarityRow>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let sql = format!("SELECT {COLS}{FROM} WHERE m.id IN ({list}) AND {}", matter_scope(filter));
        let (matters, names, numbers, urls): (Vec<Matter>, Vec<IdText>, Vec<IdText>, Vec<IdText>) = with_db!(self, pool => (
            sqlx::query_as::<_, Matter>(&sql).fetch_all(pool).await?,
            sqlx::query_as(&format!("SELECT matter_id, name FROM matter_parties WHERE role = 'respondent' AND matter_id IN ({list}) ORDER BY id"))
                .fetch_all(pool).await?,
            sqlx::query_as(&format!("SELECT matter_id, number FROM matter_rights WHERE number IS NOT NULL AND matter_id IN ({list}) ORDER BY id"))
                .fetch_all(pool).await?,
            sqlx::query_as(&format!("SELECT matter_id, url FROM matter_urls WHERE matter_id IN ({list}) ORDER BY id"))
                .fetch_all(pool).await?,
        ));
        let pick = |v: &[(i64, String)], id: i64| v.iter().filter(|(m, _)| *m == id).map(|(_, x)| x.clone()).collect();
        Ok(ids
            .iter()
            .filter_map(|id| matters.iter().find(|m| m.id == *id))
            .map(|m| SimilarityRow {
                respondent_names: pick(&names, m.id),
                right_numbers: pick(&numbers, m.id),
                urls: pick(&urls, m.id),
                matter: m.clone(),
            })
            .collect())
    }

    /// Parties, rights and URLs of a matter.
    pub async fn matter_details(&self, id: i64) -> StoreResult<(Vec<MatterParty>, Vec<MatterRight>, Vec<String>)> {
        Ok(with_db!(self, pool => (
            sqlx::query_as::<_, MatterParty>("SELECT id, matter_id, role, kind, name, id_number, credit_code, phone, address, \
                area_code FROM matter_parties WHERE matter_id = $1 ORDER BY id").bind(id).fetch_all(pool).await?,
            sqlx::query_as::<_, MatterRight>("SELECT id, matter_id, kind, number, title FROM matter_rights WHERE matter_id = $1 \
                ORDER BY id").bind(id).fetch_all(pool).await?,
            sqlx::query_scalar::<_, String>("SELECT url FROM matter_urls WHERE matter_id = $1 ORDER BY id").bind(id).fetch_all(pool).await?,
        )))
    }

    /// The timeline of a matter, oldest first.
    pub async fn matter_events(&self, id: i64) -> StoreResult<Vec<MatterEvent>> {
        Ok(with_db!(self, pool => sqlx::query_as::<_, MatterEvent>(
            "SELECT id, matter_id, kind, event, from_state, to_state, actor_id, actor_name, note, public, detail, created_at \
             FROM matter_events WHERE matter_id = $1 ORDER BY id").bind(id).fetch_all(pool).await?))
    }

    /// Apply a state change only if the matter is still in `t.from_state`, with its timeline entry and clocks,
    /// in one transaction. Another officer's earlier change → `StoreError::Rule`.
    pub async fn transition_matter(&self, id: i64, t: &Transition, now: Ts) -> StoreResult<()> {
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let n = sqlx::query("UPDATE matters SET state = $1, updated_at = $2, \
                    outcome = COALESCE($3, outcome), public_note = COALESCE($4, public_note), \
                    closed_at = CASE WHEN $5 THEN $2 ELSE closed_at END \
                    WHERE id = $6 AND state = $7")
                .bind(&t.to_state).bind(now).bind(&t.outcome).bind(&t.public_note).bind(t.closes).bind(id).bind(&t.from_state)
                .execute(&mut *tx).await?.rows_affected();
            if n == 0 {
                return Err(StoreError::Rule("事项状态已被他人更新，请刷新后重试".into()));
            }
            insert_event!(tx, id, t.event, now);
            for (key, state, due, body) in &t.clocks {
                upsert_clock!(tx, id, key, state, due, body, now);
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Reassign a matter (分拨 / 转办) to a department and officer, with its timeline entry.
    pub async fn assign_matter(
        &self,
        id: i64,
        dept_id: i64,
        officer_id: Option<i64>,
        e: &NewEvent,
        now: Ts,
    ) -> StoreResult<()> {
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let n = sqlx::query("UPDATE matters SET dept_id = $1, officer_id = $2, updated_at = $3 WHERE id = $4")
                .bind(dept_id).bind(officer_id).bind(now).bind(id).execute(&mut *tx).await?.rows_affected();
            if n == 0 {
                return Err(StoreError::NotFound);
            }
            insert_event!(tx, id, e, now);
            tx.commit().await?;
        });
        Ok(())
    }

    /// Append a timeline entry (note, attachment, clock change …) and optionally replace clocks.
    pub async fn append_matter_event(
        &self,
        id: i64,
        e: &NewEvent,
        clocks: &[(String, String, Option<NaiveDate>, String)],
        now: Ts,
    ) -> StoreResult<()> {
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query("UPDATE matters SET updated_at = $1 WHERE id = $2").bind(now).bind(id).execute(&mut *tx).await?;
            insert_event!(tx, id, e, now);
            for (key, state, due, body) in clocks {
                upsert_clock!(tx, id, key, state, due, body, now);
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Put matters into one similar-matter group (类案), recording an event on each.
    pub async fn group_matters(&self, ids: &[i64], group_id: i64, e: &NewEvent, now: Ts) -> StoreResult<()> {
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            for id in ids {
                sqlx::query("UPDATE matters SET group_id = $1, updated_at = $2 WHERE id = $3")
                    .bind(group_id).bind(now).bind(id).execute(&mut *tx).await?;
                insert_event!(tx, *id, e, now);
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Ids of visible open matters sharing a respondent name key, a right number or a normalised URL with the
    /// given keys (the candidates the duplicate check compares in detail).
    pub async fn similar_candidates(
        &self,
        filter: &Filter,
        open_only: bool,
        name_keys: &[String],
        numbers: &[String],
        urls: &[String],
        limit: u32,
    ) -> StoreResult<Vec<i64>> {
        let mut w = Where::new(matter_scope(filter));
        let mut ors = Vec::new();
        for k in name_keys.iter().filter(|k| !k.is_empty()) {
            w.args.push(Arg::S(k.clone()));
            ors.push(format!(
                "m.id IN (SELECT matter_id FROM matter_parties WHERE role = 'respondent' AND name_key = ${})",
                w.args.len()
            ));
        }
        for n in numbers.iter().filter(|n| !n.is_empty()) {
            w.args.push(Arg::S(n.clone()));
            ors.push(format!("m.id IN (SELECT matter_id FROM matter_rights WHERE number = ${})", w.args.len()));
        }
        for u in urls.iter().filter(|u| !u.is_empty()) {
            w.args.push(Arg::S(u.clone()));
            ors.push(format!("m.id IN (SELECT matter_id FROM matter_urls WHERE normalized = ${})", w.args.len()));
        }
        if ors.is_empty() {
            return Ok(Vec::new());
        }
        w.and_fixed(&format!("({})", ors.join(" OR ")));
        if open_only {
            w.and_fixed("m.closed_at IS NULL");
        }
        let sql = format!("SELECT m.id FROM matters m{} ORDER BY m.id DESC LIMIT {}", w.sql(), limit.clamp(1, 500));
        Ok(with_db!(self, pool => bind_args!(sqlx::query_scalar::<_, i64>(&sql), w.args).fetch_all(pool).await?))
    }
}

impl Store {
    /// The root department (the lowest id among departments without a parent): where matters go when no dispatch
    /// rule matches.
    pub async fn root_dept_id(&self) -> StoreResult<i64> {
        with_db!(self, pool => sqlx::query_scalar::<_, i64>("SELECT id FROM depts WHERE parent_id = 0 ORDER BY id LIMIT 1").fetch_optional(pool).await?)
            .ok_or(StoreError::NotFound)
    }

    /// The active officer of a department who may handle matters (`case:matter:list`, administrators excluded) with
    /// the fewest open matters; `None` when the department has nobody (its head assigns by hand).
    pub async fn pick_officer(&self, dept_id: i64) -> StoreResult<Option<i64>> {
        Ok(with_db!(self, pool => sqlx::query_scalar::<_, i64>(super::intake::sql::PICK_OFFICER)
            .bind(dept_id).fetch_optional(pool).await?))
    }
}
