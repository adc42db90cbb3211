//! Departments (部门): a tree kept with an ancestors path, read and written within the caller's data scope.

use serde::Serialize;
use zhibao_domain::dept;
use zhibao_domain::scope::Filter;
use zhibao_domain::validate::{Key, Name, Phone, Status};

use crate::page::{Arg, Where};
use crate::{bind_args, scope, with_db, Store, StoreError, StoreResult, Ts};

/// A department.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Dept {
    /// Id.
    pub id: i64,
    /// Parent id (0 for the root).
    pub parent_id: i64,
    /// Ancestors path, e.g. `0,1,5`.
    pub ancestors: String,
    /// Name.
    pub name: String,
    /// Unique code (used by imports).
    pub code: String,
    /// Kind (dictionary `dept_kind`).
    pub kind: String,
    /// Person in charge.
    pub leader: Option<String>,
    /// Telephone.
    pub phone: Option<String>,
    /// Display order.
    pub sort: i64,
    /// `active` / `disabled`.
    pub status: String,
    /// Created.
    pub created_at: Ts,
}

/// A validated department to create or update.
#[derive(Debug, Clone)]
pub struct DeptInput {
    /// Parent id; 0 makes a root (only for callers who see everything).
    pub parent_id: i64,
    /// Name.
    pub name: Name,
    /// Unique code.
    pub code: Key,
    /// Kind (a `dept_kind` value).
    pub kind: Key,
    /// Person in charge.
    pub leader: Option<Name>,
    /// Telephone.
    pub phone: Option<Phone>,
    /// Display order.
    pub sort: i64,
    /// Status.
    pub status: Status,
}

const COLS: &str =
    "d.id, d.parent_id, d.ancestors, d.name, d.code, d.kind, d.leader, d.phone, d.sort, d.status, d.created_at";

impl Store {
    /// Departments visible in `filter`, ordered for a tree.
    pub async fn list_depts(
        &self,
        filter: &Filter,
        name: Option<&str>,
        status: Option<&str>,
    ) -> StoreResult<Vec<Dept>> {
        let mut w = Where::new(scope::sql(filter, "d.id", None));
        w.like("d.name", name).eq_str("d.status", status);
        let sql = format!("SELECT {COLS} FROM depts d{} ORDER BY d.parent_id, d.sort, d.id", w.sql());
        Ok(with_db!(self, pool => bind_args!(sqlx::query_as::<_, Dept>(&sql), w.args).fetch_all(pool).await?))
    }

    /// One department, if visible.
    pub async fn get_dept(&self, filter: &Filter, id: i64) -> StoreResult<Dept> {
        let mut w = Where::new(scope::sql(filter, "d.id", None));
        w.and("d.id = ?", Arg::I(id));
        let sql = format!("SELECT {COLS} FROM depts d{}", w.sql());
        with_db!(self, pool => bind_args!(sqlx::query_as::<_, Dept>(&sql), w.args).fetch_optional(pool).await?)
            .ok_or(StoreError::NotFound)
    }

    /// One department by its code (no scope: for imports and the CLI, which check scope themselves).
    pub async fn dept_by_code(&self, code: &str) -> StoreResult<Option<Dept>> {
        let sql = format!("SELECT {COLS} FROM depts d WHERE d.code = $1");
        Ok(with_db!(self, pool => sqlx::query_as::<_, Dept>(&sql).bind(code).fetch_optional(pool).await?))
    }

    /// Create a department under a visible parent.
    pub async fn create_dept(&self, filter: &Filter, input: &DeptInput, now: Ts) -> StoreResult<Dept> {
        let ancestors = self.ancestors_for_parent(filter, input.parent_id).await?;
        let id = with_db!(self, pool => {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO depts (parent_id, ancestors, name, code, kind, leader, phone, sort, status, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id")
                .bind(input.parent_id).bind(&ancestors).bind(input.name.as_ref()).bind(input.code.as_ref())
                .bind(input.kind.as_ref()).bind(input.leader.as_ref().map(|v| v.as_ref().to_string()))
                .bind(input.phone.as_ref().map(|v| v.as_ref().to_string())).bind(input.sort)
                .bind(input.status.as_str()).bind(now)
                .fetch_one(pool).await?
        });
        self.get_dept(&Filter::All, id).await
    }

    async fn ancestors_for_parent(&self, filter: &Filter, parent_id: i64) -> StoreResult<String> {
        if parent_id == 0 {
            if *filter != Filter::All {
                return Err(StoreError::Rule("只有全部数据权限的用户可以创建顶级部门".into()));
            }
            return Ok("0".into());
        }
        let parent = self.get_dept(filter, parent_id).await.map_err(|e| match e {
            StoreError::NotFound => StoreError::Reference("parent_id".into()),
            e => e,
        })?;
        Ok(dept::child_ancestors(parent.id, &parent.ancestors))
    }

    /// Update a visible department; moving it rewrites its descendants' paths in the same transaction.
    pub async fn update_dept(&self, filter: &Filter, id: i64, input: &DeptInput) -> StoreResult<Dept> {
        let old = self.get_dept(filter, id).await?;
        let ancestors = if input.parent_id == old.parent_id {
            old.ancestors.clone()
        } else {
            let a = self.ancestors_for_parent(filter, input.parent_id).await?;
            dept::check_move(id, input.parent_id, &a).map_err(|e| StoreError::Rule(e.to_string()))?;
            a
        };
        let old_prefix = dept::child_ancestors(id, &old.ancestors);
        let new_prefix = dept::child_ancestors(id, &ancestors);
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query("UPDATE depts SET parent_id = $1, ancestors = $2, name = $3, code = $4, kind = $5, \
                         leader = $6, phone = $7, sort = $8, status = $9 WHERE id = $10")
                .bind(input.parent_id).bind(&ancestors).bind(input.name.as_ref()).bind(input.code.as_ref())
                .bind(input.kind.as_ref()).bind(input.leader.as_ref().map(|v| v.as_ref().to_string()))
                .bind(input.phone.as_ref().map(|v| v.as_ref().to_string())).bind(input.sort)
                .bind(input.status.as_str()).bind(id)
                .execute(&mut *tx).await?;
            if old_prefix != new_prefix {
                let rows: Vec<(i64, String)> = sqlx::query_as(
                    "SELECT id, ancestors FROM depts WHERE (ancestors || ',') LIKE $1")
                    .bind(format!("{old_prefix},%")).fetch_all(&mut *tx).await?;
                for (did, path) in rows {
                    sqlx::query("UPDATE depts SET ancestors = $1 WHERE id = $2")
                        .bind(dept::rebase(&path, &old_prefix, &new_prefix)).bind(did)
                        .execute(&mut *tx).await?;
                }
            }
            tx.commit().await?;
        });
        self.get_dept(&Filter::All, id).await
    }

    /// Delete a visible department that has no children and no users.
    pub async fn delete_dept(&self, filter: &Filter, id: i64) -> StoreResult<()> {
        self.get_dept(filter, id).await?;
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let children: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM depts WHERE parent_id = $1")
                .bind(id).fetch_one(&mut *tx).await?;
            if children > 0 {
                return Err(StoreError::Rule("存在下级部门，不能删除".into()));
            }
            let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE dept_id = $1")
                .bind(id).fetch_one(&mut *tx).await?;
            if users > 0 {
                return Err(StoreError::Rule("部门下存在用户，不能删除".into()));
            }
            sqlx::query("DELETE FROM depts WHERE id = $1").bind(id).execute(&mut *tx).await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Create departments from an import in one transaction: all or none. Each row names its parent by code,
    /// which may be an existing department (checked visible by the caller) or an earlier row.
    /// On failure returns the index of the row that failed.
    pub async fn import_depts(&self, rows: &[(String, DeptInput)], now: Ts) -> Result<usize, (usize, StoreError)> {
        let mut current = 0usize;
        let result: StoreResult<()> = async {
            with_db!(self, pool => {
                let mut tx = pool.begin_write().await?;
                for (i, (parent_code, d)) in rows.iter().enumerate() {
                    current = i;
                    let parent: Option<(i64, String)> = sqlx::query_as("SELECT id, ancestors FROM depts WHERE code = $1")
                        .bind(parent_code).fetch_optional(&mut *tx).await?;
                    let (pid, pan) = parent.ok_or_else(|| StoreError::Reference("parent_code".into()))?;
                    sqlx::query(
                        "INSERT INTO depts (parent_id, ancestors, name, code, kind, leader, phone, sort, status, created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
                        .bind(pid).bind(dept::child_ancestors(pid, &pan)).bind(d.name.as_ref()).bind(d.code.as_ref())
                        .bind(d.kind.as_ref()).bind(d.leader.as_ref().map(|v| v.as_ref().to_string()))
                        .bind(d.phone.as_ref().map(|v| v.as_ref().to_string())).bind(d.sort)
                        .bind(d.status.as_str()).bind(now)
                        .execute(&mut *tx).await?;
                }
                tx.commit().await?;
            });
            Ok(())
        }
        .await;
        result.map(|_| rows.len()).map_err(|e| (current, e))
    }

    /// The same scope with every "department and below" expanded into the explicit list of departments, so the
    /// SQL of each list is a plain `IN (…)` the planner can combine with other indexes.
    pub async fn resolve_scope(&self, filter: &Filter) -> StoreResult<Filter> {
        let Filter::Restricted { depts, subtrees, own_user } = filter else { return Ok(Filter::All) };
        if subtrees.is_empty() {
            return Ok(filter.clone());
        }
        let sql = format!(
            "SELECT d.id FROM depts d WHERE {}",
            crate::scope::sql(
                &Filter::Restricted { depts: Default::default(), subtrees: subtrees.clone(), own_user: None },
                "d.id",
                None
            )
        );
        let ids: Vec<i64> = with_db!(self, pool => sqlx::query_scalar(&sql).fetch_all(pool).await?);
        let mut all = depts.clone();
        all.extend(ids);
        Ok(Filter::Restricted { depts: all, subtrees: Default::default(), own_user: *own_user })
    }
}
