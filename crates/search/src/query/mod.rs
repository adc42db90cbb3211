//! The examiner query language: lexer, parser, syntax tree, compilation to tantivy, and the
//! positional (proximity) query.
//!
//! See `docs/search.md` for the language reference. Entry point: [`parse`].

pub mod ast;
pub mod compile;
pub mod date;
pub mod error;
pub mod filter;
pub mod lexer;
pub mod parser;
pub mod proximity;

pub use ast::{DateField, DateRange, Expr, FieldCode, KeywordField, PosExpr, ProxOp, Span, TextField, DEFAULT_FIELDS};
pub use error::{QueryError, QueryErrorKind};
pub use filter::{DateBounds, DateFilterQuery};
pub use parser::parse;
pub use proximity::{PosSpan, ProximityQuery, SpanExpr};
