//! Date ranges ANDed with a scored query, checked on the date fast fields of the documents the
//! scored query finds (a filter), instead of intersected as a scored `RangeQuery` clause.
//!
//! `TI=电池 AND PD=[2020 TO 2022]` used to be `BooleanQuery(Must TermQuery, Must RangeQuery)`: tantivy
//! scores such an intersection document by document, so a top-10 search cannot skip blocks of
//! postings (block-max WAND works only on pure term unions and intersections). A
//! [`DateFilterQuery`] hands the top-10 search to the scored query's own (pruning) evaluation and
//! drops the documents whose date is outside the range as they come, so `TI=电池` keeps its
//! block-max WAND.
//!
//! Scores are unchanged: a `RangeQuery` clause of a boolean AND adds its constant score (the
//! boost, 1 at the top level) to every hit, so the filter adds 1 × boost per range.

use std::ops::Bound;

use tantivy::columnar::Column;
use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DateTime, DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

/// One date range on a date fast field (a document matches when one of its values is inside; both
/// bounds unbounded: when it has a value at all).
#[derive(Debug, Clone)]
pub struct DateBounds {
    /// Name of the date fast field.
    pub field: String,
    /// Lower bound.
    pub lower: Bound<DateTime>,
    /// Upper bound.
    pub upper: Bound<DateTime>,
}

impl DateBounds {
    fn contains(&self, v: DateTime) -> bool {
        let lower = match self.lower {
            Bound::Included(l) => v >= l,
            Bound::Excluded(l) => v > l,
            Bound::Unbounded => true,
        };
        lower
            && match self.upper {
                Bound::Included(u) => v <= u,
                Bound::Excluded(u) => v < u,
                Bound::Unbounded => true,
            }
    }
}

/// `inner` restricted to the documents with a date inside every one of `ranges`.
#[derive(Debug)]
pub struct DateFilterQuery {
    inner: Box<dyn Query>,
    ranges: Vec<DateBounds>,
}

impl Clone for DateFilterQuery {
    fn clone(&self) -> Self {
        DateFilterQuery { inner: self.inner.box_clone(), ranges: self.ranges.clone() }
    }
}

impl DateFilterQuery {
    /// `inner` AND every range (at least one range).
    pub fn new(inner: Box<dyn Query>, ranges: Vec<DateBounds>) -> DateFilterQuery {
        DateFilterQuery { inner, ranges }
    }

    /// The filtered query.
    pub fn inner(&self) -> &dyn Query {
        self.inner.as_ref()
    }
}

impl Query for DateFilterQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let scoring = enable_scoring.is_scoring_enabled();
        Ok(Box::new(DateFilterWeight {
            inner: self.inner.weight(enable_scoring)?,
            ranges: self.ranges.clone(),
            per_boost: if scoring { self.ranges.len() as Score } else { 0.0 },
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

struct DateFilterWeight {
    inner: Box<dyn Weight>,
    ranges: Vec<DateBounds>,
    /// Score added per unit of boost (one per range, as the `RangeQuery` clauses did).
    per_boost: Score,
}

/// The date columns of one segment; `None` when a column is missing (no document has that date).
struct Columns(Vec<(Column<DateTime>, DateBounds)>);

impl Columns {
    fn open(reader: &SegmentReader, ranges: &[DateBounds]) -> tantivy::Result<Option<Columns>> {
        let mut out = Vec::with_capacity(ranges.len());
        for r in ranges {
            match reader.fast_fields().column_opt::<DateTime>(&r.field)? {
                Some(c) => out.push((c, r.clone())),
                None => return Ok(None),
            }
        }
        Ok(Some(Columns(out)))
    }

    #[inline]
    fn matches(&self, doc: DocId) -> bool {
        self.0.iter().all(|(c, r)| c.values_for_doc(doc).any(|v| r.contains(v)))
    }
}

impl DateFilterWeight {
    fn filtered(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Option<DateFilterScorer>> {
        let Some(columns) = Columns::open(reader, &self.ranges)? else { return Ok(None) };
        let inner = self.inner.scorer(reader, boost)?;
        let mut s = DateFilterScorer { inner, columns, bonus: self.per_boost * boost };
        let d = s.inner.doc();
        if d != TERMINATED && !s.columns.matches(d) {
            s.advance();
        }
        Ok(Some(s))
    }
}

impl Weight for DateFilterWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(match self.filtered(reader, boost)? {
            Some(s) => Box::new(s),
            None => Box::new(EmptyScorer),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let not_matching = || TantivyError::InvalidArgument(format!("Document #({doc}) does not match"));
        let Some(columns) = Columns::open(reader, &self.ranges)? else { return Err(not_matching()) };
        if !columns.matches(doc) {
            return Err(not_matching());
        }
        let inner = self.inner.explain(reader, doc)?;
        let mut e = Explanation::new("date filter", inner.value() + self.per_boost);
        e.add_detail(inner);
        Ok(e)
    }

    /// The top-k search: the inner query's own pruning evaluation (block-max WAND where it has
    /// one), with out-of-range documents dropped before they reach the collector.
    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        let Some(columns) = Columns::open(reader, &self.ranges)? else { return Ok(()) };
        let bonus = self.per_boost;
        // The inner threshold is lowered a little below `threshold - bonus`, so that rounding can
        // never make the inner evaluation skip a document whose total score beats the threshold.
        let inner_threshold = |t: Score| {
            let x = t - bonus;
            x - x.abs() * 1e-5 - 1e-6
        };
        let mut current = threshold;
        self.inner.for_each_pruning(inner_threshold(threshold), reader, &mut |doc, score| {
            let total = score + bonus;
            if total > current && columns.matches(doc) {
                current = callback(doc, total);
            }
            inner_threshold(current)
        })
    }
}

struct DateFilterScorer {
    inner: Box<dyn Scorer>,
    columns: Columns,
    bonus: Score,
}

impl DocSet for DateFilterScorer {
    fn advance(&mut self) -> DocId {
        loop {
            let d = self.inner.advance();
            if d == TERMINATED || self.columns.matches(d) {
                return d;
            }
        }
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let mut d = self.inner.seek(target);
        while d != TERMINATED && !self.columns.matches(d) {
            d = self.inner.advance();
        }
        d
    }

    fn doc(&self) -> DocId {
        self.inner.doc()
    }

    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }
}

impl Scorer for DateFilterScorer {
    fn score(&mut self) -> Score {
        self.inner.score() + self.bonus
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> DateTime {
        crate::schema::date_to_tantivy(chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date"))
    }

    #[test]
    fn bounds_are_inclusive_exclusive_or_open() {
        let r = DateBounds {
            field: "pd".into(),
            lower: Bound::Included(day(2020, 1, 1)),
            upper: Bound::Excluded(day(2021, 1, 1)),
        };
        assert!(r.contains(day(2020, 1, 1)));
        assert!(r.contains(day(2020, 12, 31)));
        assert!(!r.contains(day(2021, 1, 1)));
        assert!(!r.contains(day(2019, 12, 31)));
        let open = DateBounds { field: "pd".into(), lower: Bound::Unbounded, upper: Bound::Unbounded };
        assert!(open.contains(day(1900, 1, 1)));
    }
}
