//! Dictionaries (字典): typed code lists with labels in both languages and a tag colour, used by the UI for every
//! code it shows.

use serde::Serialize;
use zhibao_domain::validate::{Key, Name, Status};

use crate::{with_db, Store, StoreError, StoreResult};

/// A dictionary type with its entries.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct DictType {
    /// Id.
    pub id: i64,
    /// Key, e.g. `sys_status`.
    pub type_key: String,
    /// Name.
    pub name: String,
    /// Remark.
    pub remark: Option<String>,
    /// Entries, in order.
    #[sqlx(skip)]
    pub entries: Vec<DictEntry>,
}

/// One entry.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct DictEntry {
    /// Id.
    pub id: i64,
    /// Owning type.
    pub type_id: i64,
    /// Stored value.
    pub value: String,
    /// Chinese label.
    pub label_zh: String,
    /// English label.
    pub label_en: String,
    /// Tag colour.
    pub tag: String,
    /// Order.
    pub sort: i64,
    /// Status.
    pub status: String,
}

/// A validated entry.
#[derive(Debug, Clone)]
pub struct EntryInput {
    /// Value.
    pub value: Key,
    /// Chinese label.
    pub label_zh: Name,
    /// English label.
    pub label_en: Name,
    /// Tag colour (one of [`zhibao_domain::validate::TAG_COLOURS`]).
    pub tag: String,
    /// Order.
    pub sort: i64,
    /// Status.
    pub status: Status,
}

impl Store {
    /// Every dictionary with its entries.
    pub async fn list_dicts(&self) -> StoreResult<Vec<DictType>> {
        let (mut types, entries) = with_db!(self, pool => (
            sqlx::query_as::<_, DictType>("SELECT id, type_key, name, remark FROM dict_types ORDER BY type_key")
                .fetch_all(pool).await?,
            sqlx::query_as::<_, DictEntry>(
                "SELECT id, type_id, value, label_zh, label_en, tag, sort, status FROM dict_entries ORDER BY type_id, sort, id")
                .fetch_all(pool).await?,
        ));
        for t in types.iter_mut() {
            t.entries = entries.iter().filter(|e| e.type_id == t.id).cloned().collect();
        }
        Ok(types)
    }

    /// Create a dictionary type.
    pub async fn create_dict_type(&self, key: &Key, name: &Name, remark: Option<&str>) -> StoreResult<i64> {
        Ok(with_db!(self, pool => {
            sqlx::query_scalar::<_, i64>("INSERT INTO dict_types (type_key, name, remark) VALUES ($1, $2, $3) RETURNING id")
                .bind(key.as_ref()).bind(name.as_ref()).bind(remark).fetch_one(pool).await?
        }))
    }

    /// Update a dictionary type.
    pub async fn update_dict_type(&self, id: i64, key: &Key, name: &Name, remark: Option<&str>) -> StoreResult<()> {
        let n = with_db!(self, pool => {
            sqlx::query("UPDATE dict_types SET type_key = $1, name = $2, remark = $3 WHERE id = $4")
                .bind(key.as_ref()).bind(name.as_ref()).bind(remark).bind(id).execute(pool).await?.rows_affected()
        });
        if n == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    /// Delete a dictionary type and its entries.
    pub async fn delete_dict_type(&self, id: i64) -> StoreResult<()> {
        let n = with_db!(self, pool => {
            sqlx::query("DELETE FROM dict_types WHERE id = $1").bind(id).execute(pool).await?.rows_affected()
        });
        if n == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    /// Add an entry to a type.
    pub async fn create_dict_entry(&self, type_id: i64, e: &EntryInput) -> StoreResult<i64> {
        Ok(with_db!(self, pool => {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO dict_entries (type_id, value, label_zh, label_en, tag, sort, status) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
                .bind(type_id).bind(e.value.as_ref()).bind(e.label_zh.as_ref()).bind(e.label_en.as_ref())
                .bind(&e.tag).bind(e.sort).bind(e.status.as_str()).fetch_one(pool).await?
        }))
    }

    /// Update an entry of a type.
    pub async fn update_dict_entry(&self, type_id: i64, id: i64, e: &EntryInput) -> StoreResult<()> {
        let n = with_db!(self, pool => {
            sqlx::query("UPDATE dict_entries SET value = $1, label_zh = $2, label_en = $3, tag = $4, sort = $5, \
                         status = $6 WHERE id = $7 AND type_id = $8")
                .bind(e.value.as_ref()).bind(e.label_zh.as_ref()).bind(e.label_en.as_ref()).bind(&e.tag)
                .bind(e.sort).bind(e.status.as_str()).bind(id).bind(type_id).execute(pool).await?.rows_affected()
        });
        if n == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    /// Delete an entry of a type.
    pub async fn delete_dict_entry(&self, type_id: i64, id: i64) -> StoreResult<()> {
        let n = with_db!(self, pool => {
            sqlx::query("DELETE FROM dict_entries WHERE id = $1 AND type_id = $2")
                .bind(id).bind(type_id).execute(pool).await?.rows_affected()
        });
        if n == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }
}
