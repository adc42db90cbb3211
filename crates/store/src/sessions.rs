//! Sessions and login state. Session tokens are stored only as their SHA-256 hash, so a leaked database does not
//! leak live sessions.

use crate::{with_db, Store, StoreResult, Ts};

/// What login needs to know about an account (including secrets; never serialised).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LoginAccount {
    /// Id.
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Argon2 PHC string.
    pub password_hash: String,
    /// Department.
    pub dept_id: i64,
    /// `active` / `disabled`.
    pub status: String,
    /// TOTP secret (base32).
    pub totp_secret: Option<String>,
    /// TOTP enabled.
    pub totp_enabled: bool,
    /// Consecutive failures.
    pub failed_logins: i64,
    /// Locked until.
    pub locked_until: Option<Ts>,
}

/// A stored session.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    /// The user.
    pub user_id: i64,
    /// CSRF token bound to the session.
    pub csrf_token: String,
    /// Login time.
    pub created_at: Ts,
    /// Last request.
    pub last_seen_at: Ts,
}

impl Store {
    /// The account behind a login name.
    pub async fn login_account(&self, username: &str) -> StoreResult<Option<LoginAccount>> {
        Ok(with_db!(self, pool => {
            sqlx::query_as::<_, LoginAccount>(
                "SELECT id, username, password_hash, dept_id, status, totp_secret, totp_enabled, failed_logins, \
                 locked_until FROM users WHERE username = $1")
                .bind(username).fetch_optional(pool).await?
        }))
    }

    /// Store the failure counter and lock of an account.
    pub async fn set_lock_state(&self, user_id: i64, failures: i64, locked_until: Option<Ts>) -> StoreResult<()> {
        with_db!(self, pool => {
            sqlx::query("UPDATE users SET failed_logins = $1, locked_until = $2 WHERE id = $3")
                .bind(failures).bind(locked_until).bind(user_id).execute(pool).await?;
        });
        Ok(())
    }

    /// Record a successful login and open a session, in one transaction.
    pub async fn open_session(
        &self,
        user_id: i64,
        token_hash: &str,
        csrf: &str,
        ip: Option<&str>,
        now: Ts,
    ) -> StoreResult<()> {
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query("UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = $1 WHERE id = $2")
                .bind(now).bind(user_id).execute(&mut *tx).await?;
            sqlx::query("INSERT INTO sessions (token_hash, user_id, csrf_token, ip, created_at, last_seen_at) \
                         VALUES ($1, $2, $3, $4, $5, $5)")
                .bind(token_hash).bind(user_id).bind(csrf).bind(ip).bind(now).execute(&mut *tx).await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// A session by token hash.
    pub async fn session(&self, token_hash: &str) -> StoreResult<Option<SessionRow>> {
        Ok(with_db!(self, pool => {
            sqlx::query_as::<_, SessionRow>(
                "SELECT user_id, csrf_token, created_at, last_seen_at FROM sessions WHERE token_hash = $1")
                .bind(token_hash).fetch_optional(pool).await?
        }))
    }

    /// Mark a session used now.
    pub async fn touch_session(&self, token_hash: &str, now: Ts) -> StoreResult<()> {
        with_db!(self, pool => {
            sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
                .bind(now).bind(token_hash).execute(pool).await?;
        });
        Ok(())
    }

    /// End a session.
    pub async fn close_session(&self, token_hash: &str) -> StoreResult<()> {
        with_db!(self, pool => {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(pool).await?;
        });
        Ok(())
    }

    /// Remove sessions created before `created_before` or idle since before `idle_before`.
    pub async fn purge_sessions(&self, created_before: Ts, idle_before: Ts) -> StoreResult<u64> {
        Ok(with_db!(self, pool => {
            sqlx::query("DELETE FROM sessions WHERE created_at < $1 OR last_seen_at < $2")
                .bind(created_before).bind(idle_before).execute(pool).await?.rows_affected()
        }))
    }

    /// Store a TOTP secret; `enabled` makes it required at login.
    pub async fn set_totp(&self, user_id: i64, secret: Option<&str>, enabled: bool) -> StoreResult<()> {
        with_db!(self, pool => {
            sqlx::query("UPDATE users SET totp_secret = $1, totp_enabled = $2 WHERE id = $3")
                .bind(secret).bind(enabled).bind(user_id).execute(pool).await?;
        });
        Ok(())
    }
}
