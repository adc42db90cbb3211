//! Instance metadata (key → value), e.g. whether this instance holds demo data.

use crate::{with_db, Store, StoreResult};

impl Store {
    /// Read a metadata value.
    pub async fn meta(&self, key: &str) -> StoreResult<Option<String>> {
        Ok(with_db!(self, pool => {
            sqlx::query_scalar::<_, String>("SELECT value FROM instance_meta WHERE meta_key = $1")
                .bind(key).fetch_optional(pool).await?
        }))
    }

    /// Write a metadata value.
    pub async fn set_meta(&self, key: &str, value: &str) -> StoreResult<()> {
        with_db!(self, pool => {
            sqlx::query("INSERT INTO instance_meta (meta_key, value) VALUES ($1, $2) \
                         ON CONFLICT (meta_key) DO UPDATE SET value = excluded.value")
                .bind(key).bind(value).execute(pool).await?;
        });
        Ok(())
    }
}

impl Store {
    /// Refresh the query planner's statistics (`ANALYZE`). SQLite has none until this runs, and without them it
    /// guesses that every index is selective: at 1M matters it then reads a whole department through
    /// `matters_dept` and sorts it instead of walking `matters_received_id` in order (0.5 s vs 1 ms per page).
    /// Full analysis: ~1.6 s at 1M matters on SQLite (holding the write lock), so the server runs it at start when no
    /// statistics exist and then nightly. PostgreSQL's autovacuum analyses on its own; an explicit run is harmless.
    pub async fn analyze(&self) -> StoreResult<()> {
        match &self.pool {
            crate::Pool::Sqlite(p) => {
                let mut c = p.acquire().await?;
                sqlx::query("PRAGMA analysis_limit = 0").execute(&mut *c).await?;
                sqlx::query("ANALYZE").execute(&mut *c).await?;
                reload_statistics(&mut c).await?;
            }
            crate::Pool::Postgres(p) => {
                sqlx::query("ANALYZE").execute(p).await?;
            }
        }
        Ok(())
    }

    /// Re-analyse the tables whose size changed tenfold since their statistics were taken — what SQLite's
    /// `PRAGMA optimize` with mask 0x10000 (check every table) decides, run with an approximate analysis
    /// (`analysis_limit` 1,000 rows per index), as SQLite recommends periodically for long-lived connections. Without
    /// it, statistics taken while a table was nearly empty (a new instance's first start) mislead the planner until
    /// the nightly `ANALYZE` once the desk has grown (ADR 0016). Cheap when nothing changed. PostgreSQL: nothing to
    /// do (autovacuum's autoanalyze).
    /// Returns the tables whose statistics changed (empty tables are analysed every time — they never get
    /// statistics rows — but change nothing).
    pub async fn optimize(&self) -> StoreResult<Vec<String>> {
        let crate::Pool::Sqlite(p) = &self.pool else { return Ok(Vec::new()) };
        let mut c = p.acquire().await?;
        sqlx::query("PRAGMA analysis_limit = 1000").execute(&mut *c).await?;
        // Bit 0x1 makes the pragma list the `ANALYZE "main"."t"` statements it would run instead of running them.
        let todo: Vec<String> = sqlx::query_scalar("PRAGMA optimize = 0x10003").fetch_all(&mut *c).await?;
        if todo.is_empty() {
            return Ok(Vec::new());
        }
        const SNAPSHOT: &str = "SELECT tbl, group_concat(COALESCE(idx, '') || '=' || stat, ';') \
             FROM (SELECT * FROM sqlite_stat1 ORDER BY tbl, idx) GROUP BY tbl";
        let before: std::collections::BTreeMap<String, String> =
            sqlx::query_as(SNAPSHOT).fetch_all(&mut *c).await?.into_iter().collect();
        for stmt in &todo {
            sqlx::query(stmt).execute(&mut *c).await?;
        }
        let after: Vec<(String, String)> = sqlx::query_as(SNAPSHOT).fetch_all(&mut *c).await?;
        let changed: Vec<String> =
            after.into_iter().filter(|(t, s)| before.get(t) != Some(s)).map(|(t, _)| t).collect();
        if !changed.is_empty() {
            reload_statistics(&mut c).await?;
        }
        Ok(changed)
    }

    /// The planner's estimate of a table's rows (SQLite: from `sqlite_stat1`, `None` when the table has not been
    /// analysed; PostgreSQL: `pg_class.reltuples`, `None` before the first analysis). For tests and the monitor.
    pub async fn planner_row_estimate(&self, table: &str) -> StoreResult<Option<i64>> {
        Ok(match &self.pool {
            crate::Pool::Sqlite(p) => {
                if !self.has_statistics().await? {
                    return Ok(None);
                }
                let stats: Vec<String> = sqlx::query_scalar("SELECT stat FROM sqlite_stat1 WHERE tbl = $1")
                    .bind(table)
                    .fetch_all(p)
                    .await?;
                stats.iter().filter_map(|s| s.split(' ').next()?.parse::<i64>().ok()).max()
            }
            crate::Pool::Postgres(p) => sqlx::query_scalar::<_, f32>(
                "SELECT reltuples FROM pg_class WHERE relname = $1 AND relkind = 'r'",
            )
            .bind(table)
            .fetch_optional(p)
            .await?
            .filter(|n| *n >= 0.0)
            .map(|n| n as i64),
        })
    }

    /// Whether the planner has statistics (SQLite: `sqlite_stat1` exists; PostgreSQL: always, via autovacuum).
    pub async fn has_statistics(&self) -> StoreResult<bool> {
        match &self.pool {
            crate::Pool::Sqlite(p) => Ok(sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'",
            )
            .fetch_one(p)
            .await?
                > 0),
            crate::Pool::Postgres(_) => Ok(true),
        }
    }
}

/// Make every open connection load the statistics just written. SQLite reads `sqlite_stat1` when a connection
/// loads the schema and again only when the schema cookie changes, which `ANALYZE` does not do: the pool's
/// connections and the long-lived intake writer would keep planning with the statistics of the moment they were
/// opened (for a new instance: those of empty tables, which made the duplicate check scan every open matter per
/// filing). Creating and dropping a table changes the cookie, so each connection reloads the schema, statistics
/// included, before its next statement, and re-prepares its cached statements (SQLITE_SCHEMA, handled by
/// `sqlite3_prepare_v2`). SQLite offers no narrower way to tell other connections.
async fn reload_statistics(c: &mut sqlx::SqliteConnection) -> StoreResult<()> {
    let mut tx = sqlx::Connection::begin(c).await?;
    sqlx::query("CREATE TABLE zhibao_statistics_reload (x INTEGER)").execute(&mut *tx).await?;
    sqlx::query("DROP TABLE zhibao_statistics_reload").execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}
