//! Patent search core of zhibao: Chinese + English analysis and the examiner query language over
//! [tantivy](https://docs.rs/tantivy).
//!
//! * [`doc`]: the [`PatentDoc`] that gets indexed;
//! * [`analyzer`]: the mixed Chinese / English tokenizer and the position scheme that lets the
//!   S (same sentence) and P (same paragraph) operators work;
//! * [`schema`]: the tantivy schema;
//! * [`query`]: the examiner query language — lexer, parser, typed syntax tree, errors with
//!   positions, compilation to tantivy, and the positional [`query::ProximityQuery`] behind nW,
//!   nD, S and P;
//! * [`index`]: [`PatentIndex`] — open / create, batch upserts, search with paging, sorting and
//!   highlighting, and a one-box mode;
//! * `facet`: uninverted keyword columns behind [`PatentIndex::facet_counts`];
//! * [`rows`]: scans of the analysis payload over any result set (analytics without a cap), row-id bookkeeping;
//! * [`more_like_this`]: candidates for similar patents (the probe's most telling words, BM25).
//!
//! ```no_run
//! use zhibao_search::{PatentDoc, PatentIndex, SearchOptions};
//! # fn main() -> Result<(), zhibao_search::SearchError> {
//! let index = PatentIndex::open_or_create("/var/lib/zhibao/patents")?;
//! let doc = PatentDoc { id: "CN1A".into(), title: "一种锂电池隔膜".into(), ..Default::default() };
//! index.upsert_all([&doc])?;
//! let results = index.search("TI=(锂电池 AND 隔膜) AND PD>=2021", &SearchOptions::default())?;
//! # let _ = results; Ok(()) }
//! ```
//!
//! The query language is documented in `docs/search.md`.

pub mod analyzer;
pub mod doc;
mod facet;
pub mod index;
pub mod more_like_this;
pub mod query;
pub mod rows;
pub mod schema;

pub use doc::PatentDoc;
pub use index::{
    Highlight, Hit, IdHit, IdResults, IndexOptions, PatentIndex, PatentWriter, SearchOptions, SearchResults, SortBy,
};
pub use query::{parse, Expr, QueryError, QueryErrorKind};
pub use rows::RowSet;
pub use schema::PatentSchema;

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The query is malformed or cannot be answered (the error names the position).
    #[error("query error {0}")]
    Query(#[from] QueryError),
    /// tantivy failed.
    #[error("index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// A stored document could not be encoded or decoded.
    #[error("stored document: {0}")]
    Json(#[from] serde_json::Error),
    /// File system.
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    /// A document without an id cannot be indexed.
    #[error("document has an empty id")]
    MissingId,
    /// The directory holds an index with another schema.
    #[error("the index has a different schema: {0}")]
    SchemaMismatch(String),
}
