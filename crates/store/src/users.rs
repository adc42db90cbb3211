//! Users (用户), listed and read within the caller's data scope.

use serde::Serialize;
use zhibao_domain::scope::Filter;
use zhibao_domain::validate::{Email, Name, Phone, Status, Username};

use crate::page::{Arg, Page, PageRequest, Where};
use crate::{bind_args, scope, with_db, Store, StoreError, StoreResult, Ts};

/// A role as shown on a user.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct RoleRef {
    /// Role id.
    pub id: i64,
    /// Role key.
    pub key: String,
    /// Role name.
    pub name: String,
}

/// A user as the console shows it (never the password hash or TOTP secret).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct User {
    /// Id.
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Display name.
    pub display_name: String,
    /// Department id.
    pub dept_id: i64,
    /// Department name.
    pub dept_name: String,
    /// Telephone.
    pub phone: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// `active` / `disabled`.
    pub status: String,
    /// Whether a TOTP second factor is set up.
    pub totp_enabled: bool,
    /// Locked by failed logins until this time.
    pub locked_until: Option<Ts>,
    /// Last successful login.
    pub last_login_at: Option<Ts>,
    /// Created.
    pub created_at: Ts,
    /// Roles (filled after the row is read).
    #[sqlx(skip)]
    pub roles: Vec<RoleRef>,
}

/// Filters of the user list.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    /// Login name contains.
    pub username: Option<String>,
    /// Display name contains.
    pub display_name: Option<String>,
    /// In this department or below it.
    pub dept_id: Option<i64>,
    /// Status equals.
    pub status: Option<String>,
}

/// A validated new user.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Login name.
    pub username: Username,
    /// Display name.
    pub display_name: Name,
    /// Argon2 hash of the password.
    pub password_hash: String,
    /// Department.
    pub dept_id: i64,
    /// Roles.
    pub role_ids: Vec<i64>,
    /// Telephone.
    pub phone: Option<Phone>,
    /// E-mail.
    pub email: Option<Email>,
    /// Status.
    pub status: Status,
    /// TOTP secret (base32) to store, enabled, when the account needs a second factor from the start.
    pub totp_secret: Option<String>,
    /// Who created it.
    pub created_by: Option<i64>,
}

/// A validated change to a user.
#[derive(Debug, Clone)]
pub struct UserUpdate {
    /// Display name.
    pub display_name: Name,
    /// Department.
    pub dept_id: i64,
    /// Roles.
    pub role_ids: Vec<i64>,
    /// Telephone.
    pub phone: Option<Phone>,
    /// E-mail.
    pub email: Option<Email>,
    /// Status.
    pub status: Status,
}

const COLS: &str = "u.id, u.username, u.display_name, u.dept_id, d.name AS dept_name, u.phone, u.email, u.status, \
                    u.totp_enabled, u.locked_until, u.last_login_at, u.created_at";
const SORTS: &[(&str, &str)] = &[
    ("username", "u.username"),
    ("display_name", "u.display_name"),
    ("created_at", "u.created_at"),
    ("last_login_at", "u.last_login_at"),
    ("status", "u.status"),
];

fn user_where(filter: &Filter, f: &UserFilter) -> Where {
    let mut w = Where::new(scope::sql(filter, "u.dept_id", Some("u.id")));
    w.like("u.username", f.username.as_deref())
        .like("u.display_name", f.display_name.as_deref())
        .eq_str("u.status", f.status.as_deref());
    if let Some(d) = f.dept_id {
        w.and(
            &format!("u.dept_id IN (SELECT sd.id FROM depts sd WHERE sd.id = ? OR (',' || sd.ancestors || ',') LIKE '%,{d},%')"),
            Arg::I(d),
        );
    }
    w
}

impl Store {
    /// A page of users visible in `filter`.
    pub async fn list_users(&self, filter: &Filter, f: &UserFilter, page: &PageRequest) -> StoreResult<Page<User>> {
        let w = user_where(filter, f);
        let from = format!(" FROM users u JOIN depts d ON d.id = u.dept_id{}", w.sql());
        let list_sql =
            format!("SELECT {COLS}{from}{}{}", page.order_by(SORTS, "u.created_at", "u.id"), page.limit_offset());
        let count_sql = format!("SELECT COUNT(*){from}");
        let (mut items, total) = with_db!(self, pool => {
            let items = bind_args!(sqlx::query_as::<_, User>(&list_sql), w.args).fetch_all(pool).await?;
            let total: i64 = bind_args!(sqlx::query_scalar(&count_sql), w.args).fetch_one(pool).await?;
            (items, total)
        });
        self.fill_roles(&mut items).await?;
        Ok(Page { items, total, page: page.page.max(1), page_size: page.page_size.clamp(1, 500) })
    }

    /// Every user visible in `filter` and matching `f` (for export), ordered by department and name.
    pub async fn all_users(&self, filter: &Filter, f: &UserFilter) -> StoreResult<Vec<User>> {
        let w = user_where(filter, f);
        let sql = format!(
            "SELECT {COLS} FROM users u JOIN depts d ON d.id = u.dept_id{} ORDER BY u.dept_id, u.username",
            w.sql()
        );
        let mut items =
            with_db!(self, pool => bind_args!(sqlx::query_as::<_, User>(&sql), w.args).fetch_all(pool).await?);
        self.fill_roles(&mut items).await?;
        Ok(items)
    }

    /// One user, if visible.
    pub async fn get_user(&self, filter: &Filter, id: i64) -> StoreResult<User> {
        let sql = format!(
            "SELECT {COLS} FROM users u JOIN depts d ON d.id = u.dept_id WHERE u.id = $1 AND {}",
            scope::sql(filter, "u.dept_id", Some("u.id"))
        );
        let user = with_db!(self, pool => sqlx::query_as::<_, User>(&sql).bind(id).fetch_optional(pool).await?);
        let mut items = vec![user.ok_or(StoreError::NotFound)?];
        self.fill_roles(&mut items).await?;
        items.pop().ok_or(StoreError::NotFound)
    }

    /// A user's id by login name (no scope: for the CLI and login).
    pub async fn user_id_by_name(&self, username: &str) -> StoreResult<Option<i64>> {
        Ok(with_db!(self, pool => {
            sqlx::query_scalar::<_, i64>("SELECT id FROM users WHERE username = $1")
                .bind(username).fetch_optional(pool).await?
        }))
    }

    async fn fill_roles(&self, users: &mut [User]) -> StoreResult<()> {
        if users.is_empty() {
            return Ok(());
        }
        let ids: Vec<String> = users.iter().map(|u| u.id.to_string()).collect();
        let sql = format!(
            "SELECT ur.user_id, r.id, r.role_key, r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id \
             WHERE ur.user_id IN ({}) ORDER BY r.sort, r.id",
            ids.join(",")
        );
        let rows: Vec<(i64, i64, String, String)> = with_db!(self, pool => sqlx::query_as(&sql).fetch_all(pool).await?);
        for u in users.iter_mut() {
            u.roles = rows
                .iter()
                .filter(|r| r.0 == u.id)
                .map(|r| RoleRef { id: r.1, key: r.2.clone(), name: r.3.clone() })
                .collect();
        }
        Ok(())
    }

    /// Create a user in a visible department, with its roles, in one transaction.
    pub async fn create_user(&self, filter: &Filter, u: &NewUser, now: Ts) -> StoreResult<User> {
        self.create_users(filter, std::slice::from_ref(u), now).await.map_err(|(_, e)| e)?;
        let id = self.user_id_by_name(u.username.as_ref()).await?.ok_or(StoreError::NotFound)?;
        self.get_user(&Filter::All, id).await
    }

    /// Create several users in one transaction: all or none. Every department must be visible in `filter`.
    /// On failure returns the index of the user that failed.
    pub async fn create_users(
        &self,
        filter: &Filter,
        users: &[NewUser],
        now: Ts,
    ) -> Result<usize, (usize, StoreError)> {
        for (i, u) in users.iter().enumerate() {
            self.get_dept(filter, u.dept_id).await.map_err(|e| match e {
                StoreError::NotFound => (i, StoreError::Reference("dept_id".into())),
                e => (i, e),
            })?;
        }
        let mut current = 0usize;
        let result: StoreResult<()> = async {
            with_db!(self, pool => {
                let mut tx = pool.begin_write().await?;
                for (i, u) in users.iter().enumerate() {
                    current = i;
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO users (username, display_name, password_hash, dept_id, phone, email, status, \
                         totp_secret, totp_enabled, created_by, created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id")
                        .bind(u.username.as_ref()).bind(u.display_name.as_ref()).bind(&u.password_hash).bind(u.dept_id)
                        .bind(u.phone.as_ref().map(|v| v.as_ref().to_string()))
                        .bind(u.email.as_ref().map(|v| v.as_ref().to_string()))
                        .bind(u.status.as_str()).bind(u.totp_secret.clone()).bind(u.totp_secret.is_some())
                        .bind(u.created_by).bind(now)
                        .fetch_one(&mut *tx).await?;
                    for r in &u.role_ids {
                        sqlx::query("INSERT INTO user_roles (user_id, role_id) VALUES ($1, $2)")
                            .bind(id).bind(r).execute(&mut *tx).await?;
                    }
                }
                tx.commit().await?;
            });
            Ok(())
        }
        .await;
        result.map(|_| users.len()).map_err(|e| (current, e))
    }

    /// Update a visible user (and move it only to a visible department).
    pub async fn update_user(&self, filter: &Filter, id: i64, u: &UserUpdate) -> StoreResult<User> {
        self.get_user(filter, id).await?;
        self.get_dept(filter, u.dept_id).await.map_err(|e| match e {
            StoreError::NotFound => StoreError::Reference("dept_id".into()),
            e => e,
        })?;
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query("UPDATE users SET display_name = $1, dept_id = $2, phone = $3, email = $4, status = $5 \
                         WHERE id = $6")
                .bind(u.display_name.as_ref()).bind(u.dept_id)
                .bind(u.phone.as_ref().map(|v| v.as_ref().to_string()))
                .bind(u.email.as_ref().map(|v| v.as_ref().to_string()))
                .bind(u.status.as_str()).bind(id)
                .execute(&mut *tx).await?;
            sqlx::query("DELETE FROM user_roles WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
            for r in &u.role_ids {
                sqlx::query("INSERT INTO user_roles (user_id, role_id) VALUES ($1, $2)")
                    .bind(id).bind(r).execute(&mut *tx).await?;
            }
            if u.status == Status::Disabled {
                sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        self.get_user(&Filter::All, id).await
    }

    /// Delete a visible user (their sessions go with them).
    pub async fn delete_user(&self, filter: &Filter, id: i64) -> StoreResult<()> {
        self.get_user(filter, id).await?;
        with_db!(self, pool => {
            sqlx::query("DELETE FROM users WHERE id = $1").bind(id).execute(pool).await?;
        });
        Ok(())
    }

    /// Set a visible user's password hash, clear the lockout and end their sessions.
    pub async fn set_password(&self, filter: &Filter, id: i64, hash: &str) -> StoreResult<()> {
        self.get_user(filter, id).await?;
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query("UPDATE users SET password_hash = $1, failed_logins = 0, locked_until = NULL WHERE id = $2")
                .bind(hash).bind(id).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
            tx.commit().await?;
        });
        Ok(())
    }
}
