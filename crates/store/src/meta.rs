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
            }
            crate::Pool::Postgres(p) => {
                sqlx::query("ANALYZE").execute(p).await?;
            }
        }
        Ok(())
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
