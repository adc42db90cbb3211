//! Paging and sorting of lists.

use serde::Serialize;

/// A page request: 1-based page, size capped at 500, and a sort column chosen from a whitelist.
#[derive(Debug, Clone)]
pub struct PageRequest {
    /// 1-based page number.
    pub page: u32,
    /// Rows per page (1–500).
    pub page_size: u32,
    /// Sort key requested by the client (validated against a whitelist by each list).
    pub sort: Option<String>,
    /// Descending order.
    pub desc: bool,
}

impl Default for PageRequest {
    fn default() -> Self {
        Self { page: 1, page_size: 20, sort: None, desc: false }
    }
}

impl PageRequest {
    /// SQL `LIMIT … OFFSET …` for this page.
    pub fn limit_offset(&self) -> String {
        let size = self.page_size.clamp(1, 500) as u64;
        let page = self.page.max(1) as u64;
        format!(" LIMIT {size} OFFSET {}", (page - 1) * size)
    }
    /// SQL `ORDER BY` choosing the client's sort key only when it is in `allowed` (key → column); else `default`.
    /// A unique tie-breaker keeps pages stable.
    pub fn order_by(&self, allowed: &[(&str, &str)], default: &str, tie: &str) -> String {
        let col = self
            .sort
            .as_deref()
            .and_then(|s| allowed.iter().find(|(k, _)| *k == s).map(|(_, c)| *c))
            .unwrap_or(default);
        let dir = if self.desc { "DESC" } else { "ASC" };
        format!(" ORDER BY {col} {dir}, {tie} {dir}")
    }
}

/// One page of a list.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    /// The rows.
    pub items: Vec<T>,
    /// Rows matching the filters, over all pages.
    pub total: i64,
    /// This page's number.
    pub page: u32,
    /// Rows per page.
    pub page_size: u32,
}

/// Escape `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern and wrap it in `%…%`, lower-cased.
pub fn like_pattern(s: &str) -> String {
    let mut out = String::from("%");
    for c in s.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// A bound argument of a dynamically built statement.
#[derive(Debug, Clone)]
pub enum Arg {
    /// An integer.
    I(i64),
    /// A string.
    S(String),
    /// A timestamp.
    T(crate::Ts),
    /// A calendar date.
    D(chrono::NaiveDate),
}

/// A `WHERE` clause built from optional filters; placeholders are numbered `$1…` in order, which both backends
/// accept.
#[derive(Debug, Clone, Default)]
pub struct Where {
    clauses: Vec<String>,
    /// The arguments, in placeholder order.
    pub args: Vec<Arg>,
}

impl Where {
    /// Start with fixed clauses (no placeholders), e.g. a data-scope fragment.
    pub fn new(fixed: impl Into<String>) -> Self {
        Where { clauses: vec![fixed.into()], args: Vec::new() }
    }
    /// Add `clause`, in which `?` stands for the new argument's placeholder.
    pub fn and(&mut self, clause: &str, arg: Arg) -> &mut Self {
        self.args.push(arg);
        let n = self.args.len();
        self.clauses.push(clause.replace('?', &format!("${n}")));
        self
    }
    /// Add a clause without arguments.
    pub fn and_fixed(&mut self, clause: &str) -> &mut Self {
        self.clauses.push(clause.to_string());
        self
    }
    /// Add a case-insensitive substring match on `col`, when `value` is non-empty.
    pub fn like(&mut self, col: &str, value: Option<&str>) -> &mut Self {
        if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
            self.and(&format!("LOWER({col}) LIKE ? ESCAPE '\\'"), Arg::S(like_pattern(v)));
        }
        self
    }
    /// Add an equality on `col`, when `value` is given.
    pub fn eq_str(&mut self, col: &str, value: Option<&str>) -> &mut Self {
        if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
            self.and(&format!("{col} = ?"), Arg::S(v.trim().to_string()));
        }
        self
    }
    /// The SQL text ` WHERE a AND b …`.
    pub fn sql(&self) -> String {
        format!(" WHERE {}", self.clauses.join(" AND "))
    }
}

/// Bind every [`Arg`] of a [`Where`] to a query (works for `query`, `query_as` and `query_scalar`).
#[macro_export]
#[doc(hidden)]
macro_rules! bind_args {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for a in $args.iter() {
            q = match a {
                $crate::page::Arg::I(v) => q.bind(*v),
                $crate::page::Arg::S(s) => q.bind(s.clone()),
                $crate::page::Arg::T(t) => q.bind(*t),
                $crate::page::Arg::D(d) => q.bind(*d),
            };
        }
        q
    }};
}
