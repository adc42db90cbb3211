//! Storage of patent analytics (专利分析): IPC → industry concordance tables, the high-value indicator's settings,
//! area populations, watch lists (专利预警) with their alerts, in-app notices and webhook deliveries.
//!
//! Watch lists are owned by a user or a department. A user sees the lists they own and the lists of departments
//! inside their data scope; alerts and deliveries follow their list. Patents themselves live in `store::patents`
//! (migration 0010); here a patent is only an id.

use std::collections::BTreeSet;

use serde::Serialize;
use zhibao_domain::patent_analysis::high_value::{Criterion, Settings};
use zhibao_domain::patent_analysis::industry::{Concordance, ConcordanceRow};
use zhibao_domain::patent_analysis::ipc::IpcPattern;
use zhibao_domain::patent_analysis::watch::{DeliveryStatus, NewAlert, Owner, WatchDraft};
use zhibao_domain::scope::Filter;

use crate::{scope, with_db, Page, PageRequest, Store, StoreError, StoreResult, Ts};

/// A stored concordance table (without its rows).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ConcordanceInfo {
    /// Id.
    pub id: i64,
    /// `strategic` or `intensive`.
    pub kind: String,
    /// Name given at import.
    pub name: String,
    /// Where the table comes from (free text).
    pub source: String,
    /// A demonstration table written by zhibao, not an official one.
    pub is_demo: bool,
    /// The table in use for its kind.
    pub active: bool,
    /// Number of IPC ranges.
    pub row_count: i64,
    /// Importer.
    pub imported_by: Option<i64>,
    /// When imported.
    pub imported_at: Ts,
}

/// One stored row of a concordance table.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ConcordanceRowView {
    /// CSV line.
    pub line: i64,
    /// Industry code.
    pub industry_code: String,
    /// Industry name.
    pub industry_name: String,
    /// IPC range as written back (`H01M10/05*`).
    pub ipc: String,
    /// Note.
    pub note: String,
}

/// A population figure for an area.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AreaPopulation {
    /// Id.
    pub id: i64,
    /// Display name (e.g. 滨海新区).
    pub name: String,
    /// Province.
    pub province: String,
    /// City ('' for the whole province).
    pub city: String,
    /// District ('' for the whole city).
    pub district: String,
    /// Resident population (常住人口).
    pub population: i64,
    /// Year of the figure.
    pub year: i64,
    /// Source of the figure (free text; say when unverified).
    pub source: String,
    /// Last change.
    pub updated_at: Ts,
}

/// A population figure to save (insert, or replace the one for the same area and year).
#[derive(Debug, Clone)]
pub struct NewAreaPopulation {
    /// Display name.
    pub name: String,
    /// Province.
    pub province: String,
    /// City or ''.
    pub city: String,
    /// District or ''.
    pub district: String,
    /// Population (> 0).
    pub population: i64,
    /// Year.
    pub year: i64,
    /// Source.
    pub source: String,
}

/// A watch list as stored.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize)]
pub struct WatchList {
    /// Id.
    pub id: i64,
    /// Owner: `user` or `dept` and the id.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub owner: Owner,
    /// Owner's display name (user name or department name).
    pub owner_name: String,
    /// The conditions, name, query, webhook and active flag.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub draft: WatchDraft,
    /// Creator.
    pub created_by: Option<i64>,
    /// Created.
    pub created_at: Ts,
    /// Last change.
    pub updated_at: Ts,
    /// Alerts raised so far.
    pub alert_count: i64,
}

#[derive(sqlx::FromRow)]
struct WatchRow {
    id: i64,
    name: String,
    owner_user_id: Option<i64>,
    owner_dept_id: Option<i64>,
    owner_name: Option<String>,
    query: String,
    conditions: String,
    webhook_url: Option<String>,
    active: bool,
    created_by: Option<i64>,
    created_at: Ts,
    updated_at: Ts,
    alert_count: i64,
}

/// The condition fields of a draft, as stored in `conditions` (JSON).
#[derive(serde::Serialize, serde::Deserialize, Default)]
struct Conditions {
    #[serde(default)]
    applicants: Vec<String>,
    #[serde(default)]
    ipc: Vec<String>,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    province: Option<String>,
    #[serde(default)]
    city: Option<String>,
    #[serde(default)]
    district: Option<String>,
    #[serde(default)]
    kinds: Vec<zhibao_domain::patent_analysis::PatentKind>,
}

fn conditions_json(d: &WatchDraft) -> String {
    let c = Conditions {
        applicants: d.applicants.clone(),
        ipc: d.ipc.clone(),
        keywords: d.keywords.clone(),
        province: d.province.clone(),
        city: d.city.clone(),
        district: d.district.clone(),
        kinds: d.kinds.clone(),
    };
    serde_json::to_string(&c).unwrap_or_else(|_| "{}".into())
}

impl WatchRow {
    fn into_list(self) -> WatchList {
        let c: Conditions = serde_json::from_str(&self.conditions).unwrap_or_default();
        let owner = match (self.owner_user_id, self.owner_dept_id) {
            (Some(u), _) => Owner::User(u),
            (None, Some(d)) => Owner::Dept(d),
            (None, None) => Owner::User(0),
        };
        WatchList {
            id: self.id,
            owner,
            owner_name: self.owner_name.unwrap_or_default(),
            draft: WatchDraft {
                name: self.name,
                query: self.query,
                applicants: c.applicants,
                ipc: c.ipc,
                keywords: c.keywords,
                province: c.province,
                city: c.city,
                district: c.district,
                kinds: c.kinds,
                webhook_url: self.webhook_url,
                active: self.active,
            },
            created_by: self.created_by,
            created_at: self.created_at,
            updated_at: self.updated_at,
            alert_count: self.alert_count,
        }
    }
}

const WATCH_SELECT: &str = "SELECT w.id, w.name, w.owner_user_id, w.owner_dept_id, \
    COALESCE(u.display_name, d.name) AS owner_name, w.query, w.conditions, w.webhook_url, w.active, w.created_by, \
    w.created_at, w.updated_at, (SELECT COUNT(*) FROM patent_alerts a WHERE a.watch_id = w.id) AS alert_count \
    FROM patent_watch_lists w LEFT JOIN users u ON u.id = w.owner_user_id LEFT JOIN depts d ON d.id = w.owner_dept_id";

/// Which watch lists a user may see: their own, and those of departments in their data scope.
fn watch_scope(filter: &Filter, me: i64) -> String {
    format!(
        "(w.owner_user_id = {me} OR (w.owner_dept_id IS NOT NULL AND {}))",
        scope::sql(filter, "w.owner_dept_id", None)
    )
}

/// An alert in the history.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AlertRow {
    /// Id.
    pub id: i64,
    /// Watch list.
    pub watch_id: i64,
    /// Watch list name.
    pub watch_name: String,
    /// Patent id.
    pub patent_id: i64,
    /// Reasons (JSON array of the domain's `Reason`).
    pub reasons: String,
    /// Import batch that raised it.
    pub batch: String,
    /// When raised.
    pub created_at: Ts,
}

/// An alert notice as the notification bell shows it (站内提醒).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AlertBellItem {
    /// Notice id.
    pub id: i64,
    /// Watch list.
    pub watch_id: i64,
    /// Watch list name.
    pub watch_name: String,
    /// Patent id.
    pub patent_id: i64,
    /// The patent's publication number (none when the patent was deleted since).
    pub publication_number: Option<String>,
    /// The patent's title.
    pub title: Option<String>,
    /// Created.
    pub created_at: Ts,
    /// Read, if read.
    pub read_at: Option<Ts>,
}

/// An in-app notice of an alert for one user.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AlertNotice {
    /// Notice id.
    pub id: i64,
    /// Alert id.
    pub alert_id: i64,
    /// Watch list.
    pub watch_id: i64,
    /// Watch list name.
    pub watch_name: String,
    /// Patent id.
    pub patent_id: i64,
    /// Created.
    pub created_at: Ts,
    /// Read, if read.
    pub read_at: Option<Ts>,
}

/// A webhook delivery.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Delivery {
    /// Id.
    pub id: i64,
    /// Watch list.
    pub watch_id: i64,
    /// URL posted to.
    pub url: String,
    /// Alerts in the payload.
    pub alert_count: i64,
    /// `pending`, `delivered` or `failed`.
    pub status: String,
    /// HTTP status, when an answer came.
    pub http_status: Option<i64>,
    /// Error text, when failed.
    pub error: Option<String>,
    /// Created.
    pub created_at: Ts,
    /// Attempted.
    pub attempted_at: Option<Ts>,
}

/// An active watch list for the post-import sweep (no data scope: the sweep is the system).
#[derive(Debug, Clone)]
pub struct ActiveWatch {
    /// Id.
    pub id: i64,
    /// Owner.
    pub owner: Owner,
    /// Draft (conditions).
    pub draft: WatchDraft,
}

impl Store {
    // ---- concordance tables -------------------------------------------------------------------------------

    /// Store a checked concordance table in one transaction; with `activate` it becomes the table in use for its
    /// kind (the previous one is kept, inactive).
    #[allow(clippy::too_many_arguments)]
    pub async fn import_concordance(
        &self,
        kind: &str,
        name: &str,
        source: &str,
        is_demo: bool,
        activate: bool,
        table: &Concordance,
        by: Option<i64>,
        now: Ts,
    ) -> StoreResult<ConcordanceInfo> {
        if kind != "strategic" && kind != "intensive" {
            return Err(StoreError::Rule("kind must be strategic or intensive".into()));
        }
        let id = with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            if activate {
                sqlx::query("UPDATE patent_concordances SET active = FALSE WHERE kind = $1")
                    .bind(kind).execute(&mut *tx).await?;
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO patent_concordances (kind, name, source, is_demo, active, row_count, imported_by, imported_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
                .bind(kind).bind(name).bind(source).bind(is_demo).bind(activate).bind(table.rows.len() as i64)
                .bind(by).bind(now).fetch_one(&mut *tx).await?;
            for r in &table.rows {
                sqlx::query(
                    "INSERT INTO patent_concordance_rows (concordance_id, line, industry_code, industry_name, ipc, note) \
                     VALUES ($1, $2, $3, $4, $5, $6)")
                    .bind(id).bind(r.line as i64).bind(&r.industry_code).bind(&r.industry_name)
                    .bind(r.ipc.to_string()).bind(&r.note).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            id
        });
        self.concordance(id).await
    }

    /// One table's header.
    pub async fn concordance(&self, id: i64) -> StoreResult<ConcordanceInfo> {
        Ok(with_db!(self, pool => sqlx::query_as::<_, ConcordanceInfo>(
            "SELECT id, kind, name, source, is_demo, active, row_count, imported_by, imported_at \
             FROM patent_concordances WHERE id = $1").bind(id).fetch_one(pool).await?))
    }

    /// All tables, newest first, optionally of one kind.
    pub async fn concordances(&self, kind: Option<&str>) -> StoreResult<Vec<ConcordanceInfo>> {
        Ok(with_db!(self, pool => sqlx::query_as::<_, ConcordanceInfo>(
            "SELECT id, kind, name, source, is_demo, active, row_count, imported_by, imported_at \
             FROM patent_concordances WHERE ($1 IS NULL OR kind = $1) ORDER BY id DESC")
            .bind(kind).fetch_all(pool).await?))
    }

    /// A table's rows in file order.
    pub async fn concordance_rows(&self, id: i64) -> StoreResult<Vec<ConcordanceRowView>> {
        self.concordance(id).await?;
        Ok(with_db!(self, pool => sqlx::query_as::<_, ConcordanceRowView>(
            "SELECT line, industry_code, industry_name, ipc, note FROM patent_concordance_rows \
             WHERE concordance_id = $1 ORDER BY line, id").bind(id).fetch_all(pool).await?))
    }

    /// A table as a domain [`Concordance`].
    pub async fn concordance_table(&self, id: i64) -> StoreResult<Concordance> {
        let rows = self.concordance_rows(id).await?;
        let mut out = Concordance::default();
        for r in rows {
            let ipc = IpcPattern::parse(&r.ipc).map_err(|e| StoreError::Rule(e.to_string()))?;
            out.rows.push(ConcordanceRow {
                line: r.line as usize,
                industry_code: r.industry_code,
                industry_name: r.industry_name,
                ipc,
                note: r.note,
            });
        }
        Ok(out)
    }

    /// The table in use for a kind, if any.
    pub async fn active_concordance(&self, kind: &str) -> StoreResult<Option<(ConcordanceInfo, Concordance)>> {
        let id = with_db!(self, pool => sqlx::query_scalar::<_, i64>(
            "SELECT id FROM patent_concordances WHERE kind = $1 AND active = TRUE ORDER BY id DESC LIMIT 1")
            .bind(kind).fetch_optional(pool).await?);
        match id {
            Some(id) => Ok(Some((self.concordance(id).await?, self.concordance_table(id).await?))),
            None => Ok(None),
        }
    }

    /// Make a table the one in use for its kind.
    pub async fn activate_concordance(&self, id: i64) -> StoreResult<ConcordanceInfo> {
        let info = self.concordance(id).await?;
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query("UPDATE patent_concordances SET active = (id = $1) WHERE kind = $2")
                .bind(id).bind(&info.kind).execute(&mut *tx).await?;
            tx.commit().await?;
        });
        self.concordance(id).await
    }

    /// Delete a table and its rows.
    pub async fn delete_concordance(&self, id: i64) -> StoreResult<()> {
        let n = with_db!(self, pool => sqlx::query("DELETE FROM patent_concordances WHERE id = $1")
            .bind(id).execute(pool).await?.rows_affected());
        if n == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    // ---- high-value settings and populations --------------------------------------------------------------

    /// The indicator's settings (the defaults until saved once).
    pub async fn high_value_settings(&self) -> StoreResult<Settings> {
        let row = with_db!(self, pool => sqlx::query_as::<_, (String, i64, i64, bool)>(
            "SELECT criteria, maintained_years, pledge_min_yuan, require_in_force FROM patent_high_value_settings WHERE id = 1")
            .fetch_optional(pool).await?);
        Ok(match row {
            None => Settings::default(),
            Some((criteria, years, pledge, in_force)) => Settings {
                enabled: criteria.split(',').filter_map(Criterion::parse).collect(),
                maintained_years: years.clamp(0, 100) as u32,
                pledge_min_yuan: pledge,
                require_in_force: in_force,
            },
        })
    }

    /// Save the settings (checked by the caller with [`Settings::check`]).
    pub async fn save_high_value_settings(&self, s: &Settings, by: Option<i64>, now: Ts) -> StoreResult<Settings> {
        let criteria: Vec<&str> = s.enabled.iter().map(|c| c.code()).collect();
        with_db!(self, pool => sqlx::query(
            "INSERT INTO patent_high_value_settings (id, criteria, maintained_years, pledge_min_yuan, require_in_force, updated_by, updated_at) \
             VALUES (1, $1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO UPDATE SET criteria = $1, maintained_years = $2, \
             pledge_min_yuan = $3, require_in_force = $4, updated_by = $5, updated_at = $6")
            .bind(criteria.join(",")).bind(s.maintained_years as i64).bind(s.pledge_min_yuan).bind(s.require_in_force)
            .bind(by).bind(now).execute(pool).await?.rows_affected());
        self.high_value_settings().await
    }

    /// All population figures, by province, city, district, newest year first.
    pub async fn area_populations(&self) -> StoreResult<Vec<AreaPopulation>> {
        Ok(with_db!(self, pool => sqlx::query_as::<_, AreaPopulation>(
            "SELECT id, name, province, city, district, population, year, source, updated_at FROM patent_area_populations \
             ORDER BY province, city, district, year DESC").fetch_all(pool).await?))
    }

    /// One population figure.
    pub async fn area_population(&self, id: i64) -> StoreResult<AreaPopulation> {
        Ok(with_db!(self, pool => sqlx::query_as::<_, AreaPopulation>(
            "SELECT id, name, province, city, district, population, year, source, updated_at FROM patent_area_populations \
             WHERE id = $1").bind(id).fetch_one(pool).await?))
    }

    /// Insert a figure, or replace the one for the same area and year.
    pub async fn save_area_population(&self, p: &NewAreaPopulation, now: Ts) -> StoreResult<AreaPopulation> {
        let id = with_db!(self, pool => sqlx::query_scalar::<_, i64>(
            "INSERT INTO patent_area_populations (name, province, city, district, population, year, source, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (province, city, district, year) DO UPDATE SET \
             name = $1, population = $5, source = $7, updated_at = $8 RETURNING id")
            .bind(&p.name).bind(&p.province).bind(&p.city).bind(&p.district).bind(p.population).bind(p.year)
            .bind(&p.source).bind(now).fetch_one(pool).await?);
        self.area_population(id).await
    }

    /// Delete a figure.
    pub async fn delete_area_population(&self, id: i64) -> StoreResult<()> {
        let n = with_db!(self, pool => sqlx::query("DELETE FROM patent_area_populations WHERE id = $1")
            .bind(id).execute(pool).await?.rows_affected());
        if n == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    // ---- watch lists --------------------------------------------------------------------------------------

    async fn dept_in_scope(&self, filter: &Filter, dept_id: i64) -> StoreResult<bool> {
        let sql = format!("SELECT COUNT(*) FROM depts d WHERE d.id = $1 AND {}", scope::sql(filter, "d.id", None));
        let n = with_db!(self, pool => sqlx::query_scalar::<_, i64>(&sql).bind(dept_id).fetch_one(pool).await?);
        Ok(n > 0)
    }

    /// Watch lists the user may see, newest first.
    pub async fn watch_lists(&self, filter: &Filter, me: i64) -> StoreResult<Vec<WatchList>> {
        let sql = format!("{WATCH_SELECT} WHERE {} ORDER BY w.id DESC", watch_scope(filter, me));
        let rows = with_db!(self, pool => sqlx::query_as::<_, WatchRow>(&sql).fetch_all(pool).await?);
        Ok(rows.into_iter().map(WatchRow::into_list).collect())
    }

    /// One watch list, if the user may see it.
    pub async fn watch_list(&self, filter: &Filter, me: i64, id: i64) -> StoreResult<WatchList> {
        let sql = format!("{WATCH_SELECT} WHERE w.id = $1 AND {}", watch_scope(filter, me));
        let row = with_db!(self, pool => sqlx::query_as::<_, WatchRow>(&sql).bind(id).fetch_one(pool).await?);
        Ok(row.into_list())
    }

    /// Create a watch list (the draft already checked). A department owner must be inside the data scope; a user
    /// owner must be the caller.
    pub async fn create_watch_list(
        &self,
        filter: &Filter,
        me: i64,
        owner: Owner,
        d: &WatchDraft,
        now: Ts,
    ) -> StoreResult<WatchList> {
        let (user, dept) = self.check_owner(filter, me, owner).await?;
        let webhook = d.webhook_url.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let id = with_db!(self, pool => sqlx::query_scalar::<_, i64>(
            "INSERT INTO patent_watch_lists (name, owner_user_id, owner_dept_id, query, conditions, webhook_url, active, \
             created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id")
            .bind(d.name.trim()).bind(user).bind(dept).bind(d.query.trim()).bind(conditions_json(d)).bind(webhook)
            .bind(d.active).bind(me).bind(now).fetch_one(pool).await?);
        self.watch_list(filter, me, id).await
    }

    async fn check_owner(&self, filter: &Filter, me: i64, owner: Owner) -> StoreResult<(Option<i64>, Option<i64>)> {
        match owner {
            Owner::User(u) if u == me => Ok((Some(u), None)),
            Owner::User(_) => Err(StoreError::Rule("a watch list can be owned by yourself or a department".into())),
            Owner::Dept(d) => {
                if self.dept_in_scope(filter, d).await? {
                    Ok((None, Some(d)))
                } else {
                    Err(StoreError::NotFound)
                }
            }
        }
    }

    /// Replace a watch list's conditions and owner.
    pub async fn update_watch_list(
        &self,
        filter: &Filter,
        me: i64,
        id: i64,
        owner: Owner,
        d: &WatchDraft,
        now: Ts,
    ) -> StoreResult<WatchList> {
        self.watch_list(filter, me, id).await?;
        let (user, dept) = self.check_owner(filter, me, owner).await?;
        let webhook = d.webhook_url.as_deref().map(str::trim).filter(|s| !s.is_empty());
        with_db!(self, pool => sqlx::query(
            "UPDATE patent_watch_lists SET name = $1, owner_user_id = $2, owner_dept_id = $3, query = $4, conditions = $5, \
             webhook_url = $6, active = $7, updated_at = $8 WHERE id = $9")
            .bind(d.name.trim()).bind(user).bind(dept).bind(d.query.trim()).bind(conditions_json(d)).bind(webhook)
            .bind(d.active).bind(now).bind(id).execute(pool).await?.rows_affected());
        self.watch_list(filter, me, id).await
    }

    /// Delete a watch list with its alerts, notices and deliveries.
    pub async fn delete_watch_list(&self, filter: &Filter, me: i64, id: i64) -> StoreResult<()> {
        self.watch_list(filter, me, id).await?;
        with_db!(self, pool => sqlx::query("DELETE FROM patent_watch_lists WHERE id = $1").bind(id).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Every active watch list (for the sweep after an import).
    pub async fn active_watch_lists(&self) -> StoreResult<Vec<ActiveWatch>> {
        let sql = format!("{WATCH_SELECT} WHERE w.active = TRUE ORDER BY w.id");
        let rows = with_db!(self, pool => sqlx::query_as::<_, WatchRow>(&sql).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .map(WatchRow::into_list)
            .map(|w| ActiveWatch { id: w.id, owner: w.owner, draft: w.draft })
            .collect())
    }

    // ---- alerts -------------------------------------------------------------------------------------------

    /// Which of these patents were already alerted for a watch list.
    pub async fn alerted_patents(&self, watch_id: i64, patent_ids: &[i64]) -> StoreResult<BTreeSet<i64>> {
        if patent_ids.is_empty() {
            return Ok(BTreeSet::new());
        }
        let ids: Vec<String> = patent_ids.iter().map(i64::to_string).collect();
        let sql =
            format!("SELECT patent_id FROM patent_alerts WHERE watch_id = $1 AND patent_id IN ({})", ids.join(","));
        let got = with_db!(self, pool => sqlx::query_scalar::<_, i64>(&sql).bind(watch_id).fetch_all(pool).await?);
        Ok(got.into_iter().collect())
    }

    /// Record alerts of one watch list (those already recorded are skipped) and an in-app notice for each
    /// recipient — the owning user, or the active users of the owning department. Returns the new alert ids.
    pub async fn record_alerts(&self, alerts: &[NewAlert], batch: &str, now: Ts) -> StoreResult<Vec<i64>> {
        let mut ids = Vec::new();
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            for a in alerts {
                let reasons = serde_json::to_string(&a.reasons).unwrap_or_else(|_| "[]".into());
                let id: Option<i64> = sqlx::query_scalar(
                    "INSERT INTO patent_alerts (watch_id, patent_id, reasons, batch, created_at) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (watch_id, patent_id) DO NOTHING RETURNING id")
                    .bind(a.watch_id).bind(a.patent_id).bind(reasons).bind(batch).bind(now)
                    .fetch_optional(&mut *tx).await?;
                let Some(id) = id else { continue };
                sqlx::query(
                    "INSERT INTO patent_alert_notices (alert_id, user_id, created_at) \
                     SELECT $1, u.id, $2 FROM patent_watch_lists w JOIN users u \
                       ON (u.id = w.owner_user_id OR (w.owner_dept_id IS NOT NULL AND u.dept_id = w.owner_dept_id)) \
                     WHERE w.id = $3 AND u.status = 'active' ON CONFLICT (alert_id, user_id) DO NOTHING")
                    .bind(id).bind(now).bind(a.watch_id).execute(&mut *tx).await?;
                ids.push(id);
            }
            tx.commit().await?;
        });
        Ok(ids)
    }

    /// Alert history the user may see (optionally of one watch list), newest first.
    pub async fn alerts(
        &self,
        filter: &Filter,
        me: i64,
        watch_id: Option<i64>,
        page: &PageRequest,
    ) -> StoreResult<Page<AlertRow>> {
        let mut w = format!(" WHERE {}", watch_scope(filter, me));
        if let Some(id) = watch_id {
            w.push_str(&format!(" AND a.watch_id = {id}"));
        }
        let from = "FROM patent_alerts a JOIN patent_watch_lists w ON w.id = a.watch_id";
        let count = format!("SELECT COUNT(*) {from}{w}");
        let list = format!(
            "SELECT a.id, a.watch_id, w.name AS watch_name, a.patent_id, a.reasons, a.batch, a.created_at {from}{w} \
             ORDER BY a.id DESC{}",
            page.limit_offset()
        );
        let (total, items) = with_db!(self, pool => (
            sqlx::query_scalar::<_, i64>(&count).fetch_one(pool).await?,
            sqlx::query_as::<_, AlertRow>(&list).fetch_all(pool).await?,
        ));
        Ok(Page { items, total, page: page.page.max(1), page_size: page.page_size.clamp(1, 500) })
    }

    /// A user's alert notices, newest first.
    pub async fn alert_notices(&self, user_id: i64, unread_only: bool, limit: i64) -> StoreResult<Vec<AlertNotice>> {
        Ok(with_db!(self, pool => sqlx::query_as::<_, AlertNotice>(
            "SELECT n.id, n.alert_id, a.watch_id, w.name AS watch_name, a.patent_id, n.created_at, n.read_at \
             FROM patent_alert_notices n JOIN patent_alerts a ON a.id = n.alert_id JOIN patent_watch_lists w ON w.id = a.watch_id \
             WHERE n.user_id = $1 AND ($2 = FALSE OR n.read_at IS NULL) ORDER BY n.id DESC LIMIT $3")
            .bind(user_id).bind(unread_only).bind(limit.clamp(1, 500)).fetch_all(pool).await?))
    }

    /// A user's alert notices as the notification bell lists them (with the patent's number and title; a patent
    /// deleted since leaves them empty), newest first.
    pub async fn alert_notices_for_bell(
        &self,
        user_id: i64,
        unread_only: bool,
        limit: i64,
    ) -> StoreResult<Vec<AlertBellItem>> {
        Ok(with_db!(self, pool => sqlx::query_as::<_, AlertBellItem>(
            "SELECT n.id, a.watch_id, w.name AS watch_name, a.patent_id, p.publication_number, p.title, \
             n.created_at, n.read_at \
             FROM patent_alert_notices n JOIN patent_alerts a ON a.id = n.alert_id \
             JOIN patent_watch_lists w ON w.id = a.watch_id LEFT JOIN patents p ON p.id = a.patent_id \
             WHERE n.user_id = $1 AND ($2 = FALSE OR n.read_at IS NULL) ORDER BY n.id DESC LIMIT $3")
            .bind(user_id).bind(unread_only).bind(limit.clamp(1, 500)).fetch_all(pool).await?))
    }

    /// Whether an alert notice is the user's.
    pub async fn alert_notice_is_mine(&self, user_id: i64, id: i64) -> StoreResult<bool> {
        Ok(with_db!(self, pool => sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM patent_alert_notices WHERE user_id = $1 AND id = $2")
            .bind(user_id).bind(id).fetch_one(pool).await?)
            > 0)
    }

    /// Number of unread alert notices.
    pub async fn unread_alert_notices(&self, user_id: i64) -> StoreResult<i64> {
        Ok(with_db!(self, pool => sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM patent_alert_notices WHERE user_id = $1 AND read_at IS NULL")
            .bind(user_id).fetch_one(pool).await?))
    }

    /// Mark one notice (or all with `None`) read; returns how many changed.
    pub async fn mark_alert_notices_read(&self, user_id: i64, id: Option<i64>, now: Ts) -> StoreResult<u64> {
        Ok(with_db!(self, pool => sqlx::query(
            "UPDATE patent_alert_notices SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL AND ($3 IS NULL OR id = $3)")
            .bind(now).bind(user_id).bind(id).execute(pool).await?.rows_affected()))
    }

    /// Remove alerts of deleted patents.
    pub async fn forget_patent_alerts(&self, patent_ids: &[i64]) -> StoreResult<u64> {
        if patent_ids.is_empty() {
            return Ok(0);
        }
        let ids: Vec<String> = patent_ids.iter().map(i64::to_string).collect();
        let sql = format!("DELETE FROM patent_alerts WHERE patent_id IN ({})", ids.join(","));
        Ok(with_db!(self, pool => sqlx::query(&sql).execute(pool).await?.rows_affected()))
    }

    // ---- webhook deliveries -------------------------------------------------------------------------------

    /// Record a delivery about to be attempted.
    pub async fn create_delivery(
        &self,
        watch_id: i64,
        url: &str,
        alert_count: i64,
        payload: &str,
        now: Ts,
    ) -> StoreResult<i64> {
        Ok(with_db!(self, pool => sqlx::query_scalar::<_, i64>(
            "INSERT INTO patent_webhook_deliveries (watch_id, url, alert_count, payload, status, created_at) \
             VALUES ($1, $2, $3, $4, 'pending', $5) RETURNING id")
            .bind(watch_id).bind(url).bind(alert_count).bind(payload).bind(now).fetch_one(pool).await?))
    }

    /// Record the outcome of a delivery.
    pub async fn finish_delivery(
        &self,
        id: i64,
        status: DeliveryStatus,
        http_status: Option<u16>,
        error: Option<&str>,
        now: Ts,
    ) -> StoreResult<()> {
        with_db!(self, pool => sqlx::query(
            "UPDATE patent_webhook_deliveries SET status = $1, http_status = $2, error = $3, attempted_at = $4 WHERE id = $5")
            .bind(status.code()).bind(http_status.map(i64::from)).bind(error).bind(now).bind(id).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Deliveries of a watch list the user may see, newest first.
    pub async fn deliveries(&self, filter: &Filter, me: i64, watch_id: i64, limit: i64) -> StoreResult<Vec<Delivery>> {
        self.watch_list(filter, me, watch_id).await?;
        Ok(with_db!(self, pool => sqlx::query_as::<_, Delivery>(
            "SELECT id, watch_id, url, alert_count, status, http_status, error, created_at, attempted_at \
             FROM patent_webhook_deliveries WHERE watch_id = $1 ORDER BY id DESC LIMIT $2")
            .bind(watch_id).bind(limit.clamp(1, 500)).fetch_all(pool).await?))
    }
}

impl Store {
    /// Add permissions to a role by key, keeping those it has (demo data; unknown role: nothing happens).
    pub async fn grant_role_permissions(&self, role_key: &str, perms: &[&str]) -> StoreResult<()> {
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            for p in perms {
                sqlx::query(
                    "INSERT INTO role_permissions (role_id, permission) SELECT r.id, $2 FROM roles r WHERE r.role_key = $1 \
                     AND NOT EXISTS (SELECT 1 FROM role_permissions x WHERE x.role_id = r.id AND x.permission = $2)")
                    .bind(role_key).bind(*p).execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }
}
