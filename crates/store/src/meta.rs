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
