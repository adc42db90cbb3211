//! Query errors: every error names the byte range of the problem in the query text.

use std::fmt;

/// A malformed (or unanswerable) query.
///
/// `offset` and `len` are byte offsets into the query text; `column` is the 1-based character
/// column of `offset`, for people. The [`Display`](fmt::Display) form reads
/// `at column 7: expected ')' to close the '(' at column 1, found end of query`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// Byte offset of the problem in the query text.
    pub offset: usize,
    /// Length in bytes of the offending part (0 at the end of the query).
    pub len: usize,
    /// 1-based character column of `offset`.
    pub column: usize,
    /// What went wrong.
    pub kind: QueryErrorKind,
}

impl QueryError {
    /// An error at `offset..offset + len` of `query`.
    pub fn new(query: &str, offset: usize, len: usize, kind: QueryErrorKind) -> QueryError {
        let offset = offset.min(query.len());
        let column = query.get(..offset).map_or(offset, |s| s.chars().count()) + 1;
        QueryError { offset, len, column, kind }
    }

    /// The query with a caret line under the problem, for terminals and logs.
    pub fn caret(&self, query: &str) -> String {
        let width = query
            .get(self.offset..self.offset + self.len)
            .map_or(1, |s| s.chars().map(char_width).sum::<usize>().max(1));
        let pad: usize = query.get(..self.offset).map_or(self.column - 1, |s| s.chars().map(char_width).sum());
        format!("{query}\n{}{}", " ".repeat(pad), "^".repeat(width))
    }
}

fn char_width(c: char) -> usize {
    if crate::analyzer::is_cjk(c) || ('\u{FF01}'..='\u{FF60}').contains(&c) || ('\u{3000}'..='\u{303F}').contains(&c) {
        2
    } else {
        1
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at column {}: {}", self.column, self.kind)
    }
}

impl std::error::Error for QueryError {}

/// What is wrong with a query.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryErrorKind {
    /// Nothing but white space.
    #[error("the query is empty")]
    Empty,
    /// The query ended where something else was needed.
    #[error("expected {expected}, found end of query")]
    UnexpectedEnd {
        /// What would have been accepted.
        expected: String,
    },
    /// A token that cannot stand here.
    #[error("expected {expected}, found '{found}'")]
    Unexpected {
        /// The offending text.
        found: String,
        /// What would have been accepted.
        expected: String,
    },
    /// A `(` without its `)`.
    #[error("expected ')' to close the '(' at column {open_column}, found {found}")]
    UnclosedParen {
        /// Character column of the `(`.
        open_column: usize,
        /// What was found instead (`end of query` or `'x'`).
        found: String,
    },
    /// A `)` without a `(`.
    #[error("')' has no matching '('")]
    UnmatchedParen,
    /// A `"` without its closing `"`.
    #[error("phrase not terminated: expected a closing '\"'")]
    UnterminatedPhrase,
    /// `""`.
    #[error("empty phrase")]
    EmptyPhrase,
    /// `XX=` with an unknown `XX`.
    #[error("unknown field code '{0}'; expected one of TI, AB, CL, DE, PA, IN, ADDR, IPC, CPC, PN, AN, AD, PD")]
    UnknownField(String),
    /// A date that cannot be read.
    #[error("invalid date '{value}': {reason}; expected YYYY, YYYY-MM or YYYY-MM-DD")]
    BadDate {
        /// The text.
        value: String,
        /// Why.
        reason: String,
    },
    /// A date range whose start is after its end, or otherwise empty.
    #[error("empty date range: {0}")]
    EmptyRange(String),
    /// A construct that is not allowed in this place (comparison on a text field, truncation on a
    /// date, AND inside a proximity operand …).
    #[error("{0}")]
    NotAllowed(String),
    /// A word that the analyser reduces to nothing (only punctuation).
    #[error("'{0}' contains no searchable word")]
    NothingToSearch(String),
    /// A truncation that expands to too many indexed words.
    #[error("truncation '{pattern}' matches more than {limit} indexed words; make it longer")]
    TooManyExpansions {
        /// The pattern.
        pattern: String,
        /// The limit in force.
        limit: usize,
    },
    /// A truncation pattern with no literal character, or with characters that never occur in
    /// an indexed word.
    #[error("bad truncation '{pattern}': {reason}")]
    BadTruncation {
        /// The pattern.
        pattern: String,
        /// Why.
        reason: String,
    },
    /// Parentheses, NOTs or proximity operators nested deeper than the parser allows.
    #[error("the query nests deeper than {0} levels")]
    TooDeep(usize),
    /// A distance above the maximum in `3W`, `5D`.
    #[error("proximity distance {0} is too large (at most {max})", max = crate::query::ast::MAX_DISTANCE)]
    DistanceTooLarge(u64),
}
