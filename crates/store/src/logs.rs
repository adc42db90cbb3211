//! The login log (登录日志) and the operation log (操作日志). Both are append-only; lists are scoped by the
//! department and user the entry belongs to.

use serde::Serialize;
use zhibao_domain::scope::Filter;

use crate::page::{Arg, Page, PageRequest, Where};
use crate::{bind_args, scope, with_db, Store, StoreResult, Ts};

/// A login attempt.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct LoginLog {
    /// Id.
    pub id: i64,
    /// The name typed.
    pub username: String,
    /// Client address.
    pub ip: Option<String>,
    /// Browser.
    pub user_agent: Option<String>,
    /// Outcome code (dictionary `login_result`).
    pub result: String,
    /// When.
    pub created_at: Ts,
}

/// A new login-log entry.
#[derive(Debug, Clone)]
pub struct NewLoginLog {
    /// The name typed.
    pub username: String,
    /// The account, when it exists.
    pub user_id: Option<i64>,
    /// The account's department.
    pub dept_id: Option<i64>,
    /// Client address.
    pub ip: Option<String>,
    /// Browser.
    pub user_agent: Option<String>,
    /// Outcome code.
    pub result: &'static str,
    /// When.
    pub at: Ts,
}

/// A state-changing request.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct OpLog {
    /// Id.
    pub id: i64,
    /// Who (absent for anonymous requests).
    pub username: Option<String>,
    /// HTTP method.
    pub method: String,
    /// Path.
    pub path: String,
    /// Module, e.g. `system/user`.
    pub module: String,
    /// Action: 新增 / 修改 / 删除 / 导入 / 登录 …
    pub action: String,
    /// Target id, when the path names one.
    pub target: Option<String>,
    /// Client address.
    pub ip: Option<String>,
    /// HTTP status.
    pub status_code: i64,
    /// `ok` / `error`.
    pub result: String,
    /// Handling time.
    pub duration_ms: i64,
    /// When.
    pub created_at: Ts,
}

/// A new operation-log entry.
#[derive(Debug, Clone)]
pub struct NewOpLog {
    /// User id.
    pub user_id: Option<i64>,
    /// Login name.
    pub username: Option<String>,
    /// Department of the user.
    pub dept_id: Option<i64>,
    /// HTTP method.
    pub method: String,
    /// Path.
    pub path: String,
    /// Module.
    pub module: String,
    /// Action.
    pub action: String,
    /// Target id.
    pub target: Option<String>,
    /// Client address.
    pub ip: Option<String>,
    /// HTTP status.
    pub status_code: i64,
    /// Handling time.
    pub duration_ms: i64,
    /// When.
    pub at: Ts,
}

impl NewOpLog {
    /// `ok` below HTTP 400, else `error`.
    pub(crate) fn result(&self) -> &'static str {
        if self.status_code < 400 {
            "ok"
        } else {
            "error"
        }
    }
}

/// An operation-log entry written in the same transaction as the change it records (a filing and its entry are
/// committed together: one disk sync instead of two, and never one without the other). Its duration runs from
/// `started` to the moment the store writes it, so it includes waiting for the writer but not the commit.
#[derive(Debug, Clone)]
pub struct Audit {
    /// The entry; `duration_ms` and `at` are set when it is written.
    pub entry: NewOpLog,
    /// When the request began.
    pub started: std::time::Instant,
}

impl Audit {
    /// The entry as written at `at`.
    pub(crate) fn finish(&self, at: Ts) -> NewOpLog {
        let mut e = self.entry.clone();
        e.duration_ms = i64::try_from(self.started.elapsed().as_millis()).unwrap_or(i64::MAX);
        e.at = at;
        e
    }
}

/// Rows per operation-log INSERT: 13 values a row, far below both backends' bind-parameter limits.
pub(crate) const OP_LOG_CHUNK: usize = 200;

/// `INSERT INTO op_log … VALUES (…), …` for `rows` rows (`$n` placeholders, 13 per row, in column order), for both
/// backends and for the SQLite writer thread.
pub(crate) fn op_log_insert(rows: usize) -> String {
    let values: Vec<String> = (0..rows)
        .map(|i| {
            let b = i * 13;
            let ps: Vec<String> = (1..=13).map(|k| format!("${}", b + k)).collect();
            format!("({})", ps.join(", "))
        })
        .collect();
    format!(
        "INSERT INTO op_log (user_id, username, dept_id, method, path, module, action, target, ip, status_code, \
         result, duration_ms, created_at) VALUES {}",
        values.join(", ")
    )
}

/// Bind one entry's 13 values to an [`op_log_insert`] statement, on either backend.
pub(crate) fn bind_op<'q, DB>(
    q: sqlx::query::Query<'q, DB, <DB as sqlx::Database>::Arguments<'q>>,
    e: &'q NewOpLog,
) -> sqlx::query::Query<'q, DB, <DB as sqlx::Database>::Arguments<'q>>
where
    DB: sqlx::Database,
    i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    Option<i64>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    &'q String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    &'q Option<String>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    Ts: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    q.bind(e.user_id)
        .bind(&e.username)
        .bind(e.dept_id)
        .bind(&e.method)
        .bind(&e.path)
        .bind(&e.module)
        .bind(&e.action)
        .bind(&e.target)
        .bind(&e.ip)
        .bind(e.status_code)
        .bind(e.result())
        .bind(e.duration_ms)
        .bind(e.at)
}

/// Filters of both logs.
#[derive(Debug, Clone, Default)]
pub struct LogFilter {
    /// Login name contains.
    pub username: Option<String>,
    /// Module contains (operation log only).
    pub module: Option<String>,
    /// Result equals.
    pub result: Option<String>,
    /// From this instant.
    pub from: Option<Ts>,
    /// Before this instant.
    pub to: Option<Ts>,
}

fn log_where(scope_filter: &Filter, f: &LogFilter, with_module: bool) -> Where {
    let mut w = Where::new(scope::sql(scope_filter, "l.dept_id", Some("l.user_id")));
    w.like("l.username", f.username.as_deref()).eq_str("l.result", f.result.as_deref());
    if with_module {
        w.like("l.module", f.module.as_deref());
    }
    if let Some(t) = f.from {
        w.and("l.created_at >= ?", Arg::T(t));
    }
    if let Some(t) = f.to {
        w.and("l.created_at < ?", Arg::T(t));
    }
    w
}

impl Store {
    /// Append a login attempt.
    pub async fn log_login(&self, e: &NewLoginLog) -> StoreResult<()> {
        with_db!(self, pool => {
            sqlx::query("INSERT INTO login_log (username, user_id, dept_id, ip, user_agent, result, created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .bind(&e.username).bind(e.user_id).bind(e.dept_id).bind(&e.ip).bind(&e.user_agent)
                .bind(e.result).bind(e.at).execute(pool).await?;
        });
        Ok(())
    }

    /// Append an operation (as [`Store::log_ops`] with one row).
    pub async fn log_op(&self, e: &NewOpLog) -> StoreResult<()> {
        self.log_ops(std::slice::from_ref(e)).await
    }

    /// Write many operation-log rows in one statement and one transaction (the group-committed log writer).
    pub async fn log_ops(&self, es: &[NewOpLog]) -> StoreResult<()> {
        // A SQLite file: through the intake writer's connection (see `cases::FastWriter::log_ops`).
        if let Some(w) = self.fast_writer()? {
            return w.log_ops(es.to_vec()).await;
        }
        for chunk in es.chunks(OP_LOG_CHUNK) {
            let sql = op_log_insert(chunk.len());
            with_db!(self, pool => {
                let mut q = sqlx::query(&sql);
                for e in chunk {
                    q = bind_op(q, e);
                }
                q.execute(pool).await?;
            });
        }
        Ok(())
    }

    /// A page of login attempts, newest first.
    pub async fn list_login_log(
        &self,
        scope_filter: &Filter,
        f: &LogFilter,
        page: &PageRequest,
    ) -> StoreResult<Page<LoginLog>> {
        let w = log_where(scope_filter, f, false);
        let list = format!(
            "SELECT l.id, l.username, l.ip, l.user_agent, l.result, l.created_at FROM login_log l{} \
             ORDER BY l.created_at DESC, l.id DESC{}",
            w.sql(),
            page.limit_offset()
        );
        let count = format!("SELECT COUNT(*) FROM login_log l{}", w.sql());
        let (items, total) = with_db!(self, pool => (
            bind_args!(sqlx::query_as::<_, LoginLog>(&list), w.args).fetch_all(pool).await?,
            bind_args!(sqlx::query_scalar::<_, i64>(&count), w.args).fetch_one(pool).await?,
        ));
        Ok(Page { items, total, page: page.page.max(1), page_size: page.page_size.clamp(1, 500) })
    }

    /// A page of operations, newest first.
    pub async fn list_op_log(
        &self,
        scope_filter: &Filter,
        f: &LogFilter,
        page: &PageRequest,
    ) -> StoreResult<Page<OpLog>> {
        let w = log_where(scope_filter, f, true);
        let list = format!(
            "SELECT l.id, l.username, l.method, l.path, l.module, l.action, l.target, l.ip, l.status_code, l.result, \
             l.duration_ms, l.created_at FROM op_log l{} ORDER BY l.created_at DESC, l.id DESC{}",
            w.sql(),
            page.limit_offset()
        );
        let count = format!("SELECT COUNT(*) FROM op_log l{}", w.sql());
        let (items, total) = with_db!(self, pool => (
            bind_args!(sqlx::query_as::<_, OpLog>(&list), w.args).fetch_all(pool).await?,
            bind_args!(sqlx::query_scalar::<_, i64>(&count), w.args).fetch_one(pool).await?,
        ));
        Ok(Page { items, total, page: page.page.max(1), page_size: page.page_size.clamp(1, 500) })
    }
}
