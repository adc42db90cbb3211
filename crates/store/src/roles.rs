//! Roles (角色): permissions for menus and buttons, and a data scope.

use serde::Serialize;
use zhibao_domain::scope::{DataScope, RoleScope};
use zhibao_domain::validate::{Key, Name, Status};

use crate::page::{Page, PageRequest, Where};
use crate::{bind_args, with_db, Store, StoreError, StoreResult, Ts};

/// A role with its permissions and custom departments.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Role {
    /// Id.
    pub id: i64,
    /// Unique key, e.g. `case_officer`.
    #[sqlx(rename = "role_key")]
    pub key: String,
    /// Name.
    pub name: String,
    /// Data scope code (`all`, `custom`, `dept`, `dept_and_below`, `self`).
    pub data_scope: String,
    /// Whether members must pass a TOTP second factor.
    pub require_totp: bool,
    /// Display order.
    pub sort: i64,
    /// `active` / `disabled`.
    pub status: String,
    /// Created.
    pub created_at: Ts,
    /// Permission strings.
    #[sqlx(skip)]
    pub permissions: Vec<String>,
    /// Departments of a custom scope.
    #[sqlx(skip)]
    pub dept_ids: Vec<i64>,
}

impl Role {
    /// The role's scope for [`zhibao_domain::scope::effective`].
    pub fn scope(&self) -> RoleScope {
        RoleScope {
            scope: DataScope::parse(&self.data_scope).unwrap_or(DataScope::SelfOnly),
            custom_depts: self.dept_ids.clone(),
        }
    }
}

/// A validated role to create or update.
#[derive(Debug, Clone)]
pub struct RoleInput {
    /// Unique key.
    pub key: Key,
    /// Name.
    pub name: Name,
    /// Data scope.
    pub data_scope: DataScope,
    /// Departments of a custom scope.
    pub dept_ids: Vec<i64>,
    /// Permission strings (checked against the catalogue by the caller).
    pub permissions: Vec<String>,
    /// Second factor required.
    pub require_totp: bool,
    /// Display order.
    pub sort: i64,
    /// Status.
    pub status: Status,
}

const COLS: &str = "r.id, r.role_key, r.name, r.data_scope, r.require_totp, r.sort, r.status, r.created_at";
const SORTS: &[(&str, &str)] =
    &[("key", "r.role_key"), ("name", "r.name"), ("sort", "r.sort"), ("created_at", "r.created_at")];

impl Store {
    /// A page of roles.
    pub async fn list_roles(
        &self,
        name: Option<&str>,
        status: Option<&str>,
        page: &PageRequest,
    ) -> StoreResult<Page<Role>> {
        let mut w = Where::new("1=1");
        w.like("r.name", name).eq_str("r.status", status);
        let list_sql = format!(
            "SELECT {COLS} FROM roles r{}{}{}",
            w.sql(),
            page.order_by(SORTS, "r.sort", "r.id"),
            page.limit_offset()
        );
        let count_sql = format!("SELECT COUNT(*) FROM roles r{}", w.sql());
        let (mut items, total) = with_db!(self, pool => {
            let items = bind_args!(sqlx::query_as::<_, Role>(&list_sql), w.args).fetch_all(pool).await?;
            let total: i64 = bind_args!(sqlx::query_scalar(&count_sql), w.args).fetch_one(pool).await?;
            (items, total)
        });
        self.fill_role_details(&mut items).await?;
        Ok(Page { items, total, page: page.page.max(1), page_size: page.page_size.clamp(1, 500) })
    }

    /// One role.
    pub async fn get_role(&self, id: i64) -> StoreResult<Role> {
        let sql = format!("SELECT {COLS} FROM roles r WHERE r.id = $1");
        let role = with_db!(self, pool => sqlx::query_as::<_, Role>(&sql).bind(id).fetch_optional(pool).await?);
        let mut v = vec![role.ok_or(StoreError::NotFound)?];
        self.fill_role_details(&mut v).await?;
        v.pop().ok_or(StoreError::NotFound)
    }

    /// A role's id by key.
    pub async fn role_id_by_key(&self, key: &str) -> StoreResult<Option<i64>> {
        Ok(with_db!(self, pool => {
            sqlx::query_scalar::<_, i64>("SELECT id FROM roles WHERE role_key = $1").bind(key).fetch_optional(pool).await?
        }))
    }

    /// The active roles of a user, with permissions and custom departments.
    pub async fn roles_of_user(&self, user_id: i64) -> StoreResult<Vec<Role>> {
        let sql = format!(
            "SELECT {COLS} FROM roles r JOIN user_roles ur ON ur.role_id = r.id \
             WHERE ur.user_id = $1 AND r.status = 'active' ORDER BY r.sort, r.id"
        );
        let mut v = with_db!(self, pool => sqlx::query_as::<_, Role>(&sql).bind(user_id).fetch_all(pool).await?);
        self.fill_role_details(&mut v).await?;
        Ok(v)
    }

    async fn fill_role_details(&self, roles: &mut [Role]) -> StoreResult<()> {
        if roles.is_empty() {
            return Ok(());
        }
        let ids: Vec<String> = roles.iter().map(|r| r.id.to_string()).collect();
        let ids = ids.join(",");
        let perm_sql =
            format!("SELECT role_id, permission FROM role_permissions WHERE role_id IN ({ids}) ORDER BY permission");
        let dept_sql = format!("SELECT role_id, dept_id FROM role_depts WHERE role_id IN ({ids}) ORDER BY dept_id");
        type Rows = (Vec<(i64, String)>, Vec<(i64, i64)>);
        let (perms, depts): Rows = with_db!(self, pool => (
            sqlx::query_as(&perm_sql).fetch_all(pool).await?,
            sqlx::query_as(&dept_sql).fetch_all(pool).await?,
        ));
        for r in roles.iter_mut() {
            r.permissions = perms.iter().filter(|p| p.0 == r.id).map(|p| p.1.clone()).collect();
            r.dept_ids = depts.iter().filter(|d| d.0 == r.id).map(|d| d.1).collect();
        }
        Ok(())
    }

    /// Create a role with its permissions and departments in one transaction.
    pub async fn create_role(&self, r: &RoleInput, now: Ts) -> StoreResult<Role> {
        let id = with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO roles (role_key, name, data_scope, require_totp, sort, status, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
                .bind(r.key.as_ref()).bind(r.name.as_ref()).bind(r.data_scope.as_str()).bind(r.require_totp)
                .bind(r.sort).bind(r.status.as_str()).bind(now)
                .fetch_one(&mut *tx).await?;
            for p in &r.permissions {
                sqlx::query("INSERT INTO role_permissions (role_id, permission) VALUES ($1, $2)")
                    .bind(id).bind(p).execute(&mut *tx).await?;
            }
            for d in &r.dept_ids {
                sqlx::query("INSERT INTO role_depts (role_id, dept_id) VALUES ($1, $2)")
                    .bind(id).bind(d).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            id
        });
        self.get_role(id).await
    }

    /// Replace a role's fields, permissions and departments in one transaction.
    pub async fn update_role(&self, id: i64, r: &RoleInput) -> StoreResult<Role> {
        self.get_role(id).await?;
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query("UPDATE roles SET role_key = $1, name = $2, data_scope = $3, require_totp = $4, sort = $5, \
                         status = $6 WHERE id = $7")
                .bind(r.key.as_ref()).bind(r.name.as_ref()).bind(r.data_scope.as_str()).bind(r.require_totp)
                .bind(r.sort).bind(r.status.as_str()).bind(id)
                .execute(&mut *tx).await?;
            sqlx::query("DELETE FROM role_permissions WHERE role_id = $1").bind(id).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM role_depts WHERE role_id = $1").bind(id).execute(&mut *tx).await?;
            for p in &r.permissions {
                sqlx::query("INSERT INTO role_permissions (role_id, permission) VALUES ($1, $2)")
                    .bind(id).bind(p).execute(&mut *tx).await?;
            }
            for d in &r.dept_ids {
                sqlx::query("INSERT INTO role_depts (role_id, dept_id) VALUES ($1, $2)")
                    .bind(id).bind(d).execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        self.get_role(id).await
    }

    /// Delete a role no user holds.
    pub async fn delete_role(&self, id: i64) -> StoreResult<()> {
        self.get_role(id).await?;
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM user_roles WHERE role_id = $1")
                .bind(id).fetch_one(&mut *tx).await?;
            if n > 0 {
                return Err(StoreError::Rule(format!("角色已分配给 {n} 个用户，不能删除")));
            }
            sqlx::query("DELETE FROM roles WHERE id = $1").bind(id).execute(&mut *tx).await?;
            tx.commit().await?;
        });
        Ok(())
    }
}
