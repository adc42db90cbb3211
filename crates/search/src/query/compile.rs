//! Compiles the syntax tree into tantivy queries.
//!
//! | syntax | tantivy |
//! |---|---|
//! | word (one analysed token) | `TermQuery` (BM25) |
//! | word that analyses to several tokens, `"phrase"` | `PhraseQuery` (adjacent positions) |
//! | Chinese word of 3–8 characters | the word OR any two-part cut of it as a phrase ([`cjk_splits`]); inside a phrase, a [`ProximityQuery`] chain |
//! | truncation `batter*`, `电?` | expanded against the term dictionaries of the open searcher, then a union of `TermQuery`s (text) or a `TermSetQuery` (keywords) |
//! | `nW`, `nD`, `S`, `P` | [`ProximityQuery`] (custom positional query) |
//! | several fields (bare terms: TI, AB, CL) | union over the fields; proximity is evaluated within each field |
//! | `AND`, `OR`, `a NOT b` | `BooleanQuery` Must / Should / MustNot |
//! | `NOT a` alone | `AllQuery` minus a |
//! | dates ANDed with a scored operand | [`DateFilterQuery`]: a filter on the date fast field (keeps block-max WAND) |
//! | other dates | `RangeQuery` on the date fast field |

use std::collections::BTreeSet;
use std::ops::Bound;

use tantivy::query::{
    AllQuery, BooleanQuery, EmptyQuery, ExistsQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

use super::ast::{DateField, Expr, KeywordField, PosExpr, Span, TextField};
use super::error::{QueryError, QueryErrorKind};
use super::filter::{DateBounds, DateFilterQuery};
use super::proximity::{ProximityQuery, SpanExpr};
use crate::analyzer::{analyze, cjk_splits, normalize_word, Mode};
use crate::schema::{date_to_tantivy, PatentSchema};
use crate::SearchError;

/// Terms to highlight in the title and abstract.
#[derive(Debug, Default, Clone)]
pub struct Highlights {
    /// Terms in TI.
    pub title: BTreeSet<String>,
    /// Terms in AB.
    pub abstract_text: BTreeSet<String>,
}

/// A word of query text, with the two-part cuts it also matches (see [`cjk_splits`]).
struct QueryWord {
    text: String,
    splits: Vec<(String, String)>,
}

/// At most this many expansions of one truncation are highlighted.
const MAX_HIGHLIGHT_EXPANSIONS: usize = 64;

/// Compiles one query against one searcher (truncations are expanded against its segments).
pub struct Compiler<'a> {
    query_text: &'a str,
    schema: &'a PatentSchema,
    searcher: &'a Searcher,
    max_expansions: usize,
    /// Terms found for highlighting.
    pub highlights: Highlights,
}

impl<'a> Compiler<'a> {
    /// A compiler; `query_text` is the text the tree was parsed from (for error columns).
    pub fn new(query_text: &'a str, schema: &'a PatentSchema, searcher: &'a Searcher, max_expansions: usize) -> Self {
        Compiler { query_text, schema, searcher, max_expansions, highlights: Highlights::default() }
    }

    fn err(&self, span: Span, kind: QueryErrorKind) -> SearchError {
        SearchError::Query(QueryError::new(self.query_text, span.start, span.len(), kind))
    }

    fn text_field(&self, f: TextField) -> Field {
        let s = self.schema;
        match f {
            TextField::Ti => s.ti,
            TextField::Ab => s.ab,
            TextField::Cl => s.cl,
            TextField::De => s.de,
            TextField::Pa => s.pa,
            TextField::In => s.inventor,
            TextField::Addr => s.addr,
        }
    }

    fn keyword_field(&self, f: KeywordField) -> Field {
        let s = self.schema;
        match f {
            KeywordField::Ipc => s.ipc,
            KeywordField::Cpc => s.cpc,
            KeywordField::Pn => s.pn,
            KeywordField::An => s.an,
        }
    }

    fn date_field(&self, f: DateField) -> Field {
        match f {
            DateField::Ad => self.schema.ad,
            DateField::Pd => self.schema.pd,
        }
    }

    /// Compiles `expr`.
    pub fn compile(&mut self, expr: &Expr) -> Result<Box<dyn Query>, SearchError> {
        Ok(match expr {
            Expr::Or(items) => {
                let mut clauses = Vec::with_capacity(items.len());
                for i in items {
                    clauses.push((Occur::Should, self.compile(i)?));
                }
                Box::new(BooleanQuery::new(clauses))
            }
            Expr::And(items) => {
                // Date ranges beside at least one scored (non-negated, non-date) operand become a
                // filter on the date fast fields (see [`DateFilterQuery`]); same hits, same scores.
                let is_date = |i: &Expr| matches!(i, Expr::Date { .. });
                let scored = items.iter().filter(|i| !is_date(i) && !matches!(i, Expr::Not(_))).count();
                let dates: Vec<DateBounds> = if scored > 0 {
                    items
                        .iter()
                        .filter_map(|i| match i {
                            Expr::Date { field, range, .. } => Some(self.date_bounds(*field, range)),
                            _ => None,
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                if !dates.is_empty() {
                    let rest: Vec<&Expr> = items.iter().filter(|i| !is_date(i)).collect();
                    let inner = if let [only] = rest.as_slice() {
                        self.compile(only)?
                    } else {
                        let mut clauses = Vec::with_capacity(rest.len());
                        for i in rest {
                            match i {
                                Expr::Not(inner) => clauses.push((Occur::MustNot, self.compile(inner)?)),
                                other => clauses.push((Occur::Must, self.compile(other)?)),
                            }
                        }
                        Box::new(BooleanQuery::new(clauses))
                    };
                    return Ok(Box::new(DateFilterQuery::new(inner, dates)));
                }
                let mut clauses = Vec::with_capacity(items.len() + 1);
                for i in items {
                    match i {
                        Expr::Not(inner) => clauses.push((Occur::MustNot, self.compile(inner)?)),
                        other => clauses.push((Occur::Must, self.compile(other)?)),
                    }
                }
                if !clauses.iter().any(|(o, _)| *o == Occur::Must) {
                    clauses.push((Occur::Must, Box::new(AllQuery)));
                }
                Box::new(BooleanQuery::new(clauses))
            }
            Expr::AndNot(a, b) => {
                Box::new(BooleanQuery::new(vec![(Occur::Must, self.compile(a)?), (Occur::MustNot, self.compile(b)?)]))
            }
            Expr::Not(a) => {
                Box::new(BooleanQuery::new(vec![(Occur::Must, Box::new(AllQuery)), (Occur::MustNot, self.compile(a)?)]))
            }
            Expr::Text { fields, pos } => {
                let mut per_field = Vec::with_capacity(fields.len());
                for f in fields {
                    per_field.push(self.compile_text(*f, pos)?);
                }
                if per_field.len() == 1 {
                    per_field.remove(0)
                } else {
                    Box::new(BooleanQuery::union(per_field))
                }
            }
            Expr::Keyword { field, value, truncated, span } => {
                let f = self.keyword_field(*field);
                if *truncated {
                    let terms = self.expand(f, value, *span)?;
                    if terms.is_empty() {
                        Box::new(EmptyQuery)
                    } else {
                        Box::new(TermSetQuery::new(terms.iter().map(|t| Term::from_field_text(f, t))))
                    }
                } else {
                    Box::new(TermQuery::new(Term::from_field_text(f, value), IndexRecordOption::Basic))
                }
            }
            Expr::Date { field, range, .. } => {
                let f = self.date_field(*field);
                let lower = range
                    .from
                    .map_or(Bound::Unbounded, |d| Bound::Included(Term::from_field_date(f, date_to_tantivy(d))));
                let upper = range
                    .to
                    .map_or(Bound::Unbounded, |d| Bound::Excluded(Term::from_field_date(f, date_to_tantivy(d))));
                if matches!((&lower, &upper), (Bound::Unbounded, Bound::Unbounded)) {
                    let name = self.schema.schema.get_field_name(f).to_string();
                    Box::new(ExistsQuery::new(name, false))
                } else {
                    Box::new(RangeQuery::new(lower, upper))
                }
            }
        })
    }

    fn date_bounds(&self, field: DateField, range: &super::ast::DateRange) -> DateBounds {
        let name = self.schema.schema.get_field_name(self.date_field(field)).to_string();
        DateBounds {
            field: name,
            lower: range.from.map_or(Bound::Unbounded, |d| Bound::Included(date_to_tantivy(d))),
            upper: range.to.map_or(Bound::Unbounded, |d| Bound::Excluded(date_to_tantivy(d))),
        }
    }

    fn note_highlight(&mut self, field: TextField, terms: &[String]) {
        let set = match field {
            TextField::Ti => &mut self.highlights.title,
            TextField::Ab => &mut self.highlights.abstract_text,
            _ => return,
        };
        set.extend(terms.iter().take(MAX_HIGHLIGHT_EXPANSIONS).cloned());
    }

    fn words(&self, text: &str, span: Span) -> Result<Vec<QueryWord>, SearchError> {
        let words: Vec<QueryWord> = analyze(text, Mode::Query)
            .into_iter()
            .map(|t| QueryWord { splits: cjk_splits(&t.text), text: t.text })
            .collect();
        if words.is_empty() {
            return Err(self.err(span, QueryErrorKind::NothingToSearch(text.to_string())));
        }
        Ok(words)
    }

    fn note_words(&mut self, field: TextField, words: &[QueryWord]) {
        let mut all = Vec::new();
        for w in words {
            all.push(w.text.clone());
            for (a, b) in &w.splits {
                all.push(a.clone());
                all.push(b.clone());
            }
        }
        self.note_highlight(field, &all);
    }

    /// The words in sequence as a positional expression; a word with splits is `word OR a W b …`.
    fn word_chain(f: Field, words: &[QueryWord]) -> SpanExpr {
        let term = |w: &str| Term::from_field_text(f, w);
        let mut it = words.iter().map(|w| {
            if w.splits.is_empty() {
                SpanExpr::Terms(vec![term(&w.text)])
            } else {
                let mut alts = vec![SpanExpr::Terms(vec![term(&w.text)])];
                alts.extend(w.splits.iter().map(|(a, b)| SpanExpr::phrase(vec![vec![term(a)], vec![term(b)]])));
                SpanExpr::Or(alts)
            }
        });
        let Some(mut acc) = it.next() else { return SpanExpr::Terms(Vec::new()) };
        for next in it {
            acc = SpanExpr::Near { left: Box::new(acc), right: Box::new(next), op: super::ast::ProxOp::W(0) };
        }
        acc
    }

    fn compile_text(&mut self, field: TextField, pos: &PosExpr) -> Result<Box<dyn Query>, SearchError> {
        let f = self.text_field(field);
        Ok(match pos {
            PosExpr::Word { text, span } | PosExpr::Phrase { text, span } => {
                let words = self.words(text, *span)?;
                self.note_words(field, &words);
                let term = |w: &str| Term::from_field_text(f, w);
                if words.iter().all(|w| w.splits.is_empty()) {
                    if words.len() == 1 {
                        Box::new(TermQuery::new(term(&words[0].text), IndexRecordOption::WithFreqs))
                    } else {
                        let terms = words.iter().enumerate().map(|(i, w)| (i, term(&w.text))).collect();
                        Box::new(PhraseQuery::new_with_offset(terms))
                    }
                } else if words.len() == 1 {
                    let w = &words[0];
                    let mut clauses: Vec<Box<dyn Query>> =
                        vec![Box::new(TermQuery::new(term(&w.text), IndexRecordOption::WithFreqs))];
                    for (a, b) in &w.splits {
                        clauses.push(Box::new(PhraseQuery::new(vec![term(a), term(b)])));
                    }
                    Box::new(BooleanQuery::union(clauses))
                } else {
                    Box::new(ProximityQuery::new(f, Self::word_chain(f, &words)))
                }
            }
            PosExpr::Truncated { pattern, span } => {
                let words = self.expand(f, &normalize_word(pattern), *span)?;
                self.note_highlight(field, &words);
                if words.is_empty() {
                    Box::new(EmptyQuery)
                } else {
                    let clauses = words
                        .iter()
                        .map(|w| {
                            Box::new(TermQuery::new(Term::from_field_text(f, w), IndexRecordOption::WithFreqs))
                                as Box<dyn Query>
                        })
                        .collect();
                    Box::new(BooleanQuery::union(clauses))
                }
            }
            PosExpr::Or(items) => {
                let mut clauses = Vec::with_capacity(items.len());
                for i in items {
                    clauses.push(self.compile_text(field, i)?);
                }
                Box::new(BooleanQuery::union(clauses))
            }
            PosExpr::Near { .. } => Box::new(ProximityQuery::new(f, self.span_expr(field, f, pos)?)),
        })
    }

    fn span_expr(&mut self, field: TextField, f: Field, pos: &PosExpr) -> Result<SpanExpr, SearchError> {
        Ok(match pos {
            PosExpr::Word { text, span } | PosExpr::Phrase { text, span } => {
                let words = self.words(text, *span)?;
                self.note_words(field, &words);
                Self::word_chain(f, &words)
            }
            PosExpr::Truncated { pattern, span } => {
                let words = self.expand(f, &normalize_word(pattern), *span)?;
                self.note_highlight(field, &words);
                SpanExpr::Terms(words.iter().map(|w| Term::from_field_text(f, w)).collect())
            }
            PosExpr::Or(items) => {
                let mut out = Vec::with_capacity(items.len());
                for i in items {
                    out.push(self.span_expr(field, f, i)?);
                }
                SpanExpr::Or(out)
            }
            PosExpr::Near { left, op, right, .. } => SpanExpr::Near {
                left: Box::new(self.span_expr(field, f, left)?),
                right: Box::new(self.span_expr(field, f, right)?),
                op: *op,
            },
        })
    }

    /// The indexed words of `field` matching `pattern` (`*` any characters, `?` one), across all
    /// segments, sorted.
    fn expand(&self, field: Field, pattern: &str, span: Span) -> Result<Vec<String>, SearchError> {
        let prefix: String = pattern.chars().take_while(|c| *c != '*' && *c != '?').collect();
        let pat: Vec<char> = pattern.chars().collect();
        let mut found = BTreeSet::new();
        for segment in self.searcher.segment_readers() {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted.terms().range().ge(prefix.as_bytes()).into_stream()?;
            while stream.advance() {
                let key = stream.key();
                if !key.starts_with(prefix.as_bytes()) {
                    break;
                }
                let Ok(word) = std::str::from_utf8(key) else { continue };
                if word.starts_with('\u{1}') || !glob(&pat, word) {
                    continue;
                }
                if found.len() >= self.max_expansions && !found.contains(word) {
                    return Err(self.err(
                        span,
                        QueryErrorKind::TooManyExpansions { pattern: pattern.to_string(), limit: self.max_expansions },
                    ));
                }
                found.insert(word.to_string());
            }
        }
        Ok(found.into_iter().collect())
    }
}

/// `*` matches any run of characters (also none), `?` exactly one character.
pub(crate) fn glob(pattern: &[char], text: &str) -> bool {
    let t: Vec<char> = text.chars().collect();
    let (mut i, mut j) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while j < t.len() {
        if i < pattern.len() && pattern[i] != '*' && (pattern[i] == '?' || pattern[i] == t[j]) {
            i += 1;
            j += 1;
        } else if i < pattern.len() && pattern[i] == '*' {
            star = Some((i, j));
            i += 1;
        } else if let Some((si, sj)) = star {
            i = si + 1;
            j = sj + 1;
            star = Some((si, sj + 1));
        } else {
            return false;
        }
    }
    while i < pattern.len() && pattern[i] == '*' {
        i += 1;
    }
    i == pattern.len()
}

#[cfg(test)]
mod tests {
    use super::glob;

    fn g(p: &str, t: &str) -> bool {
        glob(&p.chars().collect::<Vec<_>>(), t)
    }

    #[test]
    fn glob_semantics() {
        assert!(g("batter*", "battery"));
        assert!(g("batter*", "batter"));
        assert!(g("batter*", "batteries"));
        assert!(!g("batter*", "batte"));
        assert!(g("b?ttery", "battery"));
        assert!(!g("b?ttery", "bttery"));
        assert!(g("*ode", "electrode"));
        assert!(g("电*", "电池"));
        assert!(g("电?", "电池"));
        assert!(!g("电?", "电池组"));
        assert!(g("H01M10/*", "H01M10/0525"));
        assert!(!g("H01M10/*", "H01M100/01"));
        assert!(g("a*b*c", "axxbyyc"));
        assert!(!g("a*b*c", "axxbyy"));
    }
}
