//! Shared application state.

use chrono::Duration;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, OnceLock, RwLock};
use zhibao_domain::calendar::{Calendar, YearTable};
use zhibao_domain::security::{LockoutPolicy, PasswordPolicy, SessionPolicy};
use zhibao_store::Store;

use crate::config::Settings;
use crate::metrics::Metrics;

/// Everything handlers share; cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

/// The shared parts.
pub struct Inner {
    /// Storage.
    pub store: Store,
    /// Settings.
    pub settings: Settings,
    /// Per-IP login limiter.
    pub login_limiter: DefaultKeyedRateLimiter<IpAddr>,
    /// Per-IP limiter of the public filing and lookup endpoints.
    pub public_limiter: DefaultKeyedRateLimiter<IpAddr>,
    /// Prometheus metrics.
    pub metrics: Metrics,
    /// Password policy.
    pub password_policy: PasswordPolicy,
    /// Lockout policy.
    pub lockout: LockoutPolicy,
    /// Session policy.
    pub session_policy: SessionPolicy,
    /// The working-day calendar: built-in years plus those administrators added (工作日历).
    calendar: RwLock<Arc<Calendar>>,
    /// A fixed "today" instead of the system date (tests).
    fixed_today: Option<chrono::NaiveDate>,
    /// Uploaded files.
    pub files: crate::files::FileStore,
    /// The evidence ledger, opened (keys loaded or created) on first use.
    ledger: OnceLock<Result<Arc<crate::ledger::Ledger>, String>>,
    /// The evidence store, opened on first use.
    vault: OnceLock<Result<crate::vault::Vault, String>>,
    /// Group commit of intake, started on first use.
    intake_writer: OnceLock<crate::casework::writer::IntakeWriter>,
    /// The operation-log writer (group commit), started on first use.
    oplog_writer: OnceLock<crate::oplog::OpLogWriter>,
    /// The intake rule tables, parsed, with the time they were read.
    intake_rules: std::sync::RwLock<Option<(std::time::Instant, Arc<crate::casework::intake::IntakeRules>)>>,
    // patents (issue 5, patents core)
    /// The patent search index, opened on first use.
    patent_index: OnceLock<Arc<zhibao_search::PatentIndex>>,
    /// One patent import at a time (the index has one writer).
    pub patent_import: tokio::sync::Mutex<()>,
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    /// Build the state from a connected store and settings.
    pub fn new(store: Store, settings: Settings) -> Self {
        Self::with_today(store, settings, None)
    }

    /// Build the state with a fixed "today" for statutory dates (tests); `None` uses the system date.
    pub fn with_today(store: Store, settings: Settings, fixed_today: Option<chrono::NaiveDate>) -> Self {
        let per_min = NonZeroU32::new(settings.security.login_attempts_per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        let sec = &settings.security;
        let lockout = LockoutPolicy {
            max_failures: sec.lockout_failures.max(1),
            lock_for: Duration::minutes(sec.lockout_minutes),
        };
        let session_policy = SessionPolicy {
            idle: Duration::minutes(sec.session_idle_minutes),
            absolute: Duration::hours(sec.session_absolute_hours),
        };
        let files_dir = settings.cases.files_dir.trim();
        let files = crate::files::FileStore::new(if files_dir.is_empty() { "data/files" } else { files_dir });
        AppState(Arc::new(Inner {
            store,
            login_limiter: RateLimiter::keyed(Quota::per_minute(per_min)),
            public_limiter: RateLimiter::keyed(Quota::per_minute(
                NonZeroU32::new(settings.security.public_requests_per_minute.max(1)).unwrap_or(NonZeroU32::MIN),
            )),
            metrics: Metrics::new(),
            password_policy: PasswordPolicy::default(),
            lockout,
            session_policy,
            settings,
            calendar: RwLock::new(Arc::new(Calendar::builtin())),
            fixed_today,
            files,
            ledger: OnceLock::new(),
            vault: OnceLock::new(),
            intake_writer: OnceLock::new(),
            oplog_writer: OnceLock::new(),
            intake_rules: std::sync::RwLock::new(None),
            patent_index: OnceLock::new(),
            patent_import: tokio::sync::Mutex::new(()),
        }))
    }

    /// The evidence ledger (keys are loaded, or created, on first use).
    pub fn ledger(&self) -> Result<Arc<crate::ledger::Ledger>, crate::error::ApiError> {
        self.0
            .ledger
            .get_or_init(|| {
                crate::ledger::Ledger::open(&self.settings.ledger, &self.settings.evidence)
                    .map(Arc::new)
                    .map_err(|e| e.to_string())
            })
            .clone()
            .map_err(|e| crate::error::ApiError::Internal(anyhow::anyhow!("ledger unavailable: {e}")))
    }

    /// The patent search index (`patents.index_dir`, default `data/patents-index`), opened or created on first use.
    pub fn patent_index(&self) -> Result<Arc<zhibao_search::PatentIndex>, crate::error::ApiError> {
        if let Some(i) = self.0.patent_index.get() {
            return Ok(i.clone());
        }
        let dir = self.0.settings.patents.index_dir.trim();
        let dir = if dir.is_empty() { "data/patents-index" } else { dir };
        // An index with an older schema is moved aside and rebuilt from the database (see `analysis_index`).
        let (index, _) = zhibao_patents::open_index(std::path::Path::new(dir))
            .map_err(|e| crate::error::ApiError::Internal(anyhow::anyhow!("patent index {dir}: {e}")))?;
        Ok(self.0.patent_index.get_or_init(|| Arc::new(index)).clone())
    }

    /// The patent index with every stored patent in it (row id and analysis payload), for analytics: when the
    /// number of documents indexed from the database differs from the number of stored patents (an index moved
    /// aside for its schema, patents written to the database by the demo seed or another process), the index is
    /// brought up to date from the database first (`zhibao_patents::reindex`, under the import lock: one writer).
    pub async fn analysis_index(&self) -> Result<Arc<zhibao_search::PatentIndex>, crate::error::ApiError> {
        use crate::error::ApiError;
        let index = self.patent_index()?;
        // Another process (`zhibao patents import` / `reindex`) may have committed since: see its commits first.
        index.reload().map_err(|e| ApiError::Internal(anyhow::anyhow!("patent index: {e}")))?;
        let current = |index: &zhibao_search::PatentIndex, stored: i64| -> Result<bool, ApiError> {
            let rows = index.row_count().map_err(|e| ApiError::Internal(anyhow::anyhow!("patent index: {e}")))?;
            Ok(i64::try_from(rows).unwrap_or(i64::MAX) == stored)
        };
        if current(&index, self.store.patent_count().await?)? {
            return Ok(index);
        }
        let _one_writer = self.0.patent_import.lock().await;
        if !current(&index, self.store.patent_count().await?)? {
            // Blocking index writes (and a progress callback that is not Send) on the blocking pool, as the import.
            let (store, ix, handle) = (self.store.clone(), index.clone(), tokio::runtime::Handle::current());
            let n =
                tokio::task::spawn_blocking(move || handle.block_on(zhibao_patents::reindex(&store, &ix, &mut |_| {})))
                    .await
                    .map_err(|e| ApiError::Internal(anyhow::anyhow!("patent reindex task: {e}")))?
                    .map_err(|e| ApiError::Internal(anyhow::anyhow!("patent reindex: {e}")))?;
            tracing::info!(indexed = n, "patent index brought up to date with the database");
        }
        Ok(index)
    }

    /// The intake writer (group commit); its task starts on the current runtime at first use.
    pub fn intake_writer(&self) -> &crate::casework::writer::IntakeWriter {
        self.0.intake_writer.get_or_init(|| crate::casework::writer::IntakeWriter::start(self.store.clone()))
    }

    /// The operation-log writer (group commit); its task starts on the current runtime at first use.
    pub fn oplog_writer(&self) -> &crate::oplog::OpLogWriter {
        self.0.oplog_writer.get_or_init(|| crate::oplog::OpLogWriter::start(self.store.clone()))
    }

    /// The intake rule tables (triage, clock overrides, dispatch), from memory when read less than
    /// [`crate::casework::intake::RULES_TTL`] ago and not changed since.
    pub async fn intake_rules(&self) -> Result<Arc<crate::casework::intake::IntakeRules>, crate::error::ApiError> {
        if let Ok(g) = self.0.intake_rules.read() {
            if let Some((at, r)) = g.as_ref() {
                if at.elapsed() < crate::casework::intake::RULES_TTL {
                    return Ok(r.clone());
                }
            }
        }
        let fresh = Arc::new(crate::casework::intake::load_rules(self).await?);
        if let Ok(mut g) = self.0.intake_rules.write() {
            *g = Some((std::time::Instant::now(), fresh.clone()));
        }
        Ok(fresh)
    }

    /// Drop the cached intake rule tables (after a change to any of them).
    pub fn invalidate_intake_rules(&self) {
        if let Ok(mut g) = self.0.intake_rules.write() {
            *g = None;
        }
    }

    /// The evidence store.
    pub fn vault(&self) -> Result<&crate::vault::Vault, crate::error::ApiError> {
        self.0
            .vault
            .get_or_init(|| crate::vault::Vault::open(&self.settings.evidence.store).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| crate::error::ApiError::Internal(anyhow::anyhow!("evidence store unavailable: {e}")))
    }

    /// The fixed "today", if any.
    pub fn fixed_today(&self) -> Option<chrono::NaiveDate> {
        self.0.fixed_today
    }

    /// The current working-day calendar.
    pub fn calendar(&self) -> Arc<Calendar> {
        match self.0.calendar.read() {
            Ok(c) => c.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Rebuild the calendar from the built-in tables and the years stored by administrators.
    pub async fn reload_calendar(&self) -> anyhow::Result<()> {
        let mut cal = Calendar::builtin();
        for row in self.store.calendar_years().await? {
            let table: YearTable = serde_json::from_str(&row.body)
                .map_err(|e| anyhow::anyhow!("stored calendar year {} is not a valid table: {e}", row.year))?;
            cal.replace(table).map_err(|e| anyhow::anyhow!("stored calendar year {}: {e}", row.year))?;
        }
        let cal = Arc::new(cal);
        match self.0.calendar.write() {
            Ok(mut c) => *c = cal,
            Err(poisoned) => *poisoned.into_inner() = cal,
        }
        Ok(())
    }
}
