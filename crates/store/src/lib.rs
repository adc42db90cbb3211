//! # zhibao-store — one storage interface over SQLite and PostgreSQL
//!
//! [`Store`] is the only way the rest of zhibao reaches a database. It is built once from a URL
//! (`sqlite://…` or `postgres://…`), applies that backend's embedded migrations, and exposes typed methods whose
//! arguments are validated domain values. SQL is written once where the dialects agree — which is almost
//! everywhere: both accept `$1` placeholders, `RETURNING`, `ON CONFLICT` and `||` — and each statement is
//! compiled against both typed sqlx drivers by the [`with_db!`] dispatch (see `docs/adr/0001-storage.md` for why
//! not sqlx's `Any` driver). Backend differences live in the migrations and in [`Ts`], the timestamp type.
//!
//! Department data scope ([`zhibao_domain::scope::Filter`]) is an argument of every list and read that returns
//! scoped records, and is rendered into the `WHERE` clause here, never in a handler or the UI.
//!
//! Modules: [`time`] (timestamps), [`scope`] (data-scope SQL), [`page`] (paging and sorting), [`depts`],
//! [`users`], [`roles`], [`sessions`] (sessions and login state), [`logs`] (login and operation logs), [`dicts`],
//! [`geo`] (areas, cells, stations), [`meta`] (instance metadata), [`patents`] (专利信息).
#![warn(missing_docs)]

pub mod cases;
pub mod depts;
pub mod dicts;
pub mod draws;
pub mod error;
pub mod geo;
pub mod grid;
pub mod ledger;
pub mod logs;
pub mod meta;
pub mod notifications;
pub mod page;
pub mod patent_analysis;
pub mod patents;
pub mod roles;
pub mod scope;
pub mod sessions;
pub mod testing;
pub mod time;
pub mod users;

pub use error::{StoreError, StoreResult};
pub use page::{Page, PageRequest};
pub use time::Ts;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

/// Which database a [`Store`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite (the default).
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

#[derive(Clone)]
pub(crate) enum Pool {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

/// Run the same block against whichever typed pool the store holds. Inside the block `$pool` is the pool
/// (`&SqlitePool` or `&PgPool`) and `DB` names the driver type, so the SQL text is written once and type-checked
/// against both drivers.
#[macro_export]
#[doc(hidden)]
macro_rules! with_db {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.pool {
            $crate::Pool::Sqlite($pool) => {
                #[allow(dead_code)]
                type DB = sqlx::Sqlite;
                #[allow(unused_imports)]
                use $crate::BeginWrite as _;
                $body
            }
            $crate::Pool::Postgres($pool) => {
                #[allow(dead_code)]
                type DB = sqlx::Postgres;
                #[allow(unused_imports)]
                use $crate::BeginWrite as _;
                $body
            }
        }
    };
}

/// Transactions that write. On SQLite a transaction begun `DEFERRED` (sqlx's `begin`) that reads before it writes fails
/// at once with `SQLITE_BUSY` when another connection committed after its first read (WAL: its snapshot is stale and
/// cannot be upgraded); `busy_timeout` does not apply, and the request answers 500 — seen once in a full CI run, a
/// public grid report (`create_grid_event`: read the next number, then insert). `BEGIN IMMEDIATE` takes the write lock first, waiting
/// under `busy_timeout`, so such a transaction queues instead of failing. PostgreSQL: a plain `BEGIN`.
pub(crate) trait BeginWrite {
    /// The backend.
    type Db: sqlx::Database;
    /// Begin a transaction that will write.
    fn begin_write(
        &self,
    ) -> impl std::future::Future<Output = Result<sqlx::Transaction<'static, Self::Db>, sqlx::Error>> + Send;
}

impl BeginWrite for sqlx::SqlitePool {
    type Db = sqlx::Sqlite;
    fn begin_write(
        &self,
    ) -> impl std::future::Future<Output = Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error>> + Send {
        self.begin_with("BEGIN IMMEDIATE")
    }
}

impl BeginWrite for sqlx::PgPool {
    type Db = sqlx::Postgres;
    fn begin_write(
        &self,
    ) -> impl std::future::Future<Output = Result<sqlx::Transaction<'static, sqlx::Postgres>, sqlx::Error>> + Send {
        self.begin()
    }
}

/// Connection settings that are not part of the URL.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    /// Maximum pooled connections.
    pub max_connections: u32,
    /// How long SQLite waits on a locked database before failing.
    pub busy_timeout: Duration,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        Self { max_connections: 10, busy_timeout: Duration::from_secs(5) }
    }
}

/// The storage handle: cheap to clone, shared by every request.
#[derive(Clone)]
pub struct Store {
    pub(crate) pool: Pool,
    /// A SQLite database file (not an in-memory one) and its busy timeout: where batch intake's own writer
    /// thread connects ([`cases::intake`]).
    sqlite_file: Option<(std::path::PathBuf, Duration)>,
    /// That writer, started on first use.
    fast: Arc<std::sync::OnceLock<Result<cases::FastWriter, String>>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the URL: it may carry a password.
        f.debug_struct("Store").field("backend", &self.backend()).finish()
    }
}

impl Store {
    /// Connect to `url` (`sqlite://PATH` — created if missing — or `postgres://…`) and apply migrations.
    pub async fn connect(url: &str, opts: &ConnectOptions) -> StoreResult<Self> {
        let store = if url.starts_with("sqlite:") {
            let co = SqliteConnectOptions::from_str(url)
                .map_err(StoreError::from)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // FULL: a commit is on disk when it returns (NORMAL in WAL mode may lose the last commits on power loss).
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(opts.busy_timeout);
            // No ping before each acquire (sqlx's default): on SQLite it is one more hand-off to the connection's
            // worker thread per statement, on PostgreSQL one more network round trip per query (measured: it doubled
            // inclusion-proof latency). A broken connection still fails its query with an error.
            let pool = SqlitePoolOptions::new()
                .max_connections(opts.max_connections)
                .test_before_acquire(false)
                .connect_with(co.clone())
                .await?;
            let in_memory = url.contains(":memory:") || url.contains("mode=memory");
            let file = (!in_memory).then(|| (co.get_filename().to_path_buf(), opts.busy_timeout));
            Store { pool: Pool::Sqlite(pool), sqlite_file: file, fast: Default::default() }
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let co = PgConnectOptions::from_str(url).map_err(StoreError::from)?;
            let pool = PgPoolOptions::new()
                .max_connections(opts.max_connections)
                .test_before_acquire(false)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(co)
                .await?;
            Store { pool: Pool::Postgres(pool), sqlite_file: None, fast: Default::default() }
        } else {
            return Err(StoreError::Config("database URL must start with sqlite:// or postgres://".into()));
        };
        store.migrate().await?;
        Ok(store)
    }

    /// Apply the backend's pending migrations (idempotent).
    pub async fn migrate(&self) -> StoreResult<()> {
        match &self.pool {
            Pool::Sqlite(p) => sqlx::migrate!("./migrations/sqlite").run(p).await?,
            Pool::Postgres(p) => sqlx::migrate!("./migrations/postgres").run(p).await?,
        }
        Ok(())
    }

    /// Which backend this store uses.
    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// Round-trip a trivial query (readiness probe).
    pub async fn ping(&self) -> StoreResult<()> {
        with_db!(self, pool => {
            sqlx::query("SELECT 1").execute(pool).await?;
        });
        Ok(())
    }

    /// Batch intake's SQLite writer thread, when this store is a SQLite file (started on first use).
    pub(crate) fn fast_writer(&self) -> StoreResult<Option<&cases::FastWriter>> {
        let Some((path, busy)) = &self.sqlite_file else { return Ok(None) };
        self.fast
            .get_or_init(|| cases::FastWriter::open(path.clone(), *busy).map_err(|e| e.to_string()))
            .as_ref()
            .map(Some)
            .map_err(|e| StoreError::Config(format!("intake writer: {e}")))
    }

    /// Close every pooled connection.
    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(p) => p.close().await,
            Pool::Postgres(p) => p.close().await,
        }
    }
}
