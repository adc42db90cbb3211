//! Positional queries over postings with positions: nW, nD, S and P.
//!
//! A [`ProximityQuery`] evaluates a [`SpanExpr`] inside one text field. Every sub-expression
//! yields, per document, the sorted set of word spans `[start, end]` (inclusive word positions)
//! where it matches:
//!
//! * a leaf (one term, or the expansion of a truncation) matches single positions `[p, p]`;
//! * `a nW b` matches `[a.start, b.end]` for every pair with `b.start > a.end` and
//!   `b.start - a.end - 1 <= n`: **at most n words between**, in order. `0W` (`W`) is adjacency,
//!   so a phrase is a chain of `0W`;
//! * `a nD b` is `a nW b` or `b nW a`, spanning both;
//! * `a S b` / `a P b` match every pair of non-overlapping spans lying inside one sentence /
//!   paragraph: no sentence (paragraph) mark at a position `m` with `min start < m <= max end`
//!   (see [`crate::analyzer`] for the marks);
//! * `(a OR b)` merges the spans of both.
//!
//! Spans of the two operands never overlap in a match, so a word cannot satisfy both sides
//! (`电池 S 电池` needs two occurrences). A document matches when the root has at least one
//! span; its score is BM25 with the number of root spans as term frequency and the summed IDF of
//! one representative term per leaf (for a truncation or OR: its most frequent term).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{
    Bm25StatisticsProvider, Bm25Weight, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

use crate::analyzer::{PARAGRAPH_MARK, SENTENCE_MARK};
use crate::query::ast::ProxOp;

/// Inclusive range of word positions matched by a (sub-)expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PosSpan {
    /// First word position.
    pub start: u32,
    /// Last word position.
    pub end: u32,
}

impl PosSpan {
    fn overlaps(&self, other: &PosSpan) -> bool {
        !(self.end < other.start || other.end < self.start)
    }
}

/// A positional expression with its terms resolved (truncations already expanded).
#[derive(Debug, Clone, PartialEq)]
pub enum SpanExpr {
    /// Any of these terms (one word, or the expansion of a truncation). Empty matches nothing.
    Terms(Vec<Term>),
    /// Two operands related by a proximity operator.
    Near {
        /// Left operand.
        left: Box<SpanExpr>,
        /// Right operand.
        right: Box<SpanExpr>,
        /// Operator.
        op: ProxOp,
    },
    /// Any of these.
    Or(Vec<SpanExpr>),
}

impl SpanExpr {
    /// A phrase: the terms in sequence (a chain of `0W`).
    pub fn phrase(terms: Vec<Vec<Term>>) -> SpanExpr {
        let mut it = terms.into_iter().map(SpanExpr::Terms);
        let Some(mut acc) = it.next() else {
            return SpanExpr::Terms(Vec::new());
        };
        for next in it {
            acc = SpanExpr::Near { left: Box::new(acc), right: Box::new(next), op: ProxOp::W(0) };
        }
        acc
    }

    fn visit_terms<'a>(&'a self, f: &mut dyn FnMut(&'a Term)) {
        match self {
            SpanExpr::Terms(ts) => ts.iter().for_each(f),
            SpanExpr::Near { left, right, .. } => {
                left.visit_terms(f);
                right.visit_terms(f);
            }
            SpanExpr::Or(items) => items.iter().for_each(|i| i.visit_terms(f)),
        }
    }

    fn leaves<'a>(&'a self, out: &mut Vec<&'a [Term]>) {
        match self {
            SpanExpr::Terms(ts) => out.push(ts),
            SpanExpr::Near { left, right, .. } => {
                left.leaves(out);
                right.leaves(out);
            }
            SpanExpr::Or(items) => items.iter().for_each(|i| i.leaves(out)),
        }
    }
}

/// A positional query in one text field.
#[derive(Debug, Clone)]
pub struct ProximityQuery {
    field: Field,
    expr: SpanExpr,
}

impl ProximityQuery {
    /// A query for `expr` in `field` (all terms of `expr` must belong to `field`, which must be
    /// indexed with positions by the zhibao analyser).
    pub fn new(field: Field, expr: SpanExpr) -> ProximityQuery {
        ProximityQuery { field, expr }
    }

    fn representative_terms(&self, stats: &dyn Bm25StatisticsProvider) -> tantivy::Result<Vec<Term>> {
        let mut leaves = Vec::new();
        self.expr.leaves(&mut leaves);
        let mut out = Vec::with_capacity(leaves.len());
        for leaf in leaves {
            let mut best: Option<(u64, &Term)> = None;
            for t in leaf {
                let df = stats.doc_freq(t)?;
                if best.is_none_or(|(b, _)| df > b) {
                    best = Some((df, t));
                }
            }
            if let Some((_, t)) = best {
                out.push(t.clone());
            }
        }
        Ok(out)
    }
}

impl Query for ProximityQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let bm25 = match enable_scoring {
            EnableScoring::Enabled { statistics_provider, .. } => {
                let reps = self.representative_terms(statistics_provider)?;
                if reps.is_empty() {
                    None
                } else {
                    Some(Bm25Weight::for_terms(statistics_provider, &reps)?)
                }
            }
            EnableScoring::Disabled { .. } => None,
        };
        Ok(Box::new(ProximityWeight { field: self.field, expr: self.expr.clone(), bm25 }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.expr.visit_terms(&mut |t| visitor(t, true));
    }
}

struct ProximityWeight {
    field: Field,
    expr: SpanExpr,
    bm25: Option<Bm25Weight>,
}

impl ProximityWeight {
    fn build(&self, expr: &SpanExpr, reader: &SegmentReader) -> tantivy::Result<Option<Node>> {
        Ok(match expr {
            SpanExpr::Terms(terms) => {
                let inverted = reader.inverted_index(self.field)?;
                let mut postings = Vec::new();
                for t in terms {
                    if let Some(p) = inverted.read_postings(t, IndexRecordOption::WithFreqsAndPositions)? {
                        postings.push(p);
                    }
                }
                if postings.is_empty() {
                    None
                } else {
                    Some(Node::Leaf(Leaf::new(postings)))
                }
            }
            SpanExpr::Near { left, right, op } => {
                let Some(l) = self.build(left, reader)? else { return Ok(None) };
                let Some(r) = self.build(right, reader)? else { return Ok(None) };
                let mark = match op {
                    ProxOp::S => Some(SENTENCE_MARK),
                    ProxOp::P => Some(PARAGRAPH_MARK),
                    ProxOp::W(_) | ProxOp::D(_) => None,
                };
                let marks = match mark {
                    Some(m) => reader.inverted_index(self.field)?.read_postings(
                        &Term::from_field_text(self.field, m),
                        IndexRecordOption::WithFreqsAndPositions,
                    )?,
                    None => None,
                };
                Some(Node::Near(Box::new(NearNode::new(l, r, *op, marks))))
            }
            SpanExpr::Or(items) => {
                let mut children = Vec::new();
                for i in items {
                    if let Some(n) = self.build(i, reader)? {
                        children.push(n);
                    }
                }
                match children.len() {
                    0 => None,
                    1 => children.pop(),
                    _ => Some(Node::Or(OrNode::new(children))),
                }
            }
        })
    }

    fn proximity_scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Option<ProximityScorer>> {
        let Some(mut root) = self.build(&self.expr, reader)? else { return Ok(None) };
        if let Node::Near(n) = &mut root {
            // Only the number of the root's spans is used (the BM25 frequency): it may count them without listing.
            n.count_only = true;
        }
        let fieldnorm = match reader.fieldnorms_readers().get_field(self.field)? {
            Some(f) => f,
            None => FieldNormReader::constant(reader.max_doc(), 1),
        };
        let mut scorer = ProximityScorer { root, bm25: self.bm25.as_ref().map(|w| w.boost_by(boost)), boost, fieldnorm };
        // A scorer starts on its first match: verify the first candidate (and on).
        let first = scorer.root.doc();
        scorer.verified(first);
        Ok(Some(scorer))
    }
}

impl Weight for ProximityWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(match self.proximity_scorer(reader, boost)? {
            Some(s) => Box::new(s),
            None => Box::new(EmptyScorer),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let not_matching = || TantivyError::InvalidArgument(format!("Document #({doc}) does not match"));
        let Some(mut scorer) = self.proximity_scorer(reader, 1.0)? else { return Err(not_matching()) };
        if scorer.seek(doc) != doc {
            return Err(not_matching());
        }
        Ok(Explanation::new("proximity matches (BM25 over their count)", scorer.score()))
    }
}

struct ProximityScorer {
    root: Node,
    bm25: Option<Bm25Weight>,
    boost: Score,
    fieldnorm: FieldNormReader,
}

impl ProximityScorer {
    /// From the root's current candidate, on to the first document that matches.
    fn verified(&mut self, mut doc: DocId) -> DocId {
        while doc != TERMINATED && !self.root.matches() {
            doc = self.root.advance();
        }
        doc
    }
}

impl DocSet for ProximityScorer {
    fn advance(&mut self) -> DocId {
        let doc = self.root.advance();
        self.verified(doc)
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let doc = self.root.seek(target);
        self.verified(doc)
    }

    fn doc(&self) -> DocId {
        self.root.doc()
    }

    fn size_hint(&self) -> u32 {
        self.root.size_hint()
    }
}

impl Scorer for ProximityScorer {
    fn score(&mut self) -> Score {
        let doc = self.root.doc();
        let freq = self.root.match_count().max(1) as u32;
        match &self.bm25 {
            Some(w) => w.score(self.fieldnorm.fieldnorm_id(doc), freq),
            None => self.boost,
        }
    }
}

/// A node of the per-segment evaluation tree, evaluated in two phases (as Lucene's two-phase iteration): the node is
/// a doc set of *candidates* — documents holding the terms it needs (a leaf's documents; both operands' candidates
/// for a proximity; either operand's for an OR) — moved by `advance` / `seek` without reading positions, and
/// [`Node::matches`] verifies the current candidate from positions. Only the root verifies as it moves (the
/// scorer), so the positions of a nested operand (the phrase `处理 W 器` among the alternatives of 处理器) are read
/// only in documents where every term of the whole expression occurs.
enum Node {
    Leaf(Leaf),
    Near(Box<NearNode>),
    Or(OrNode),
}

impl Node {
    fn doc(&self) -> DocId {
        match self {
            Node::Leaf(n) => n.doc,
            Node::Near(n) => n.doc,
            Node::Or(n) => n.doc,
        }
    }

    fn advance(&mut self) -> DocId {
        match self {
            Node::Leaf(n) => n.advance(),
            Node::Near(n) => n.advance(),
            Node::Or(n) => n.advance(),
        }
    }

    /// Moves to the first document `>= target` (no move when already there).
    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc() >= target {
            return self.doc();
        }
        match self {
            Node::Leaf(n) => n.seek(target),
            Node::Near(n) => n.seek(target),
            Node::Or(n) => n.seek(target),
        }
    }

    fn size_hint(&self) -> u32 {
        match self {
            Node::Leaf(n) => n.postings.iter().fold(0u32, |a, p| a.saturating_add(p.size_hint())),
            Node::Near(n) => n.left.size_hint().min(n.right.size_hint()),
            Node::Or(n) => n.children.iter().fold(0u32, |a, c| a.saturating_add(c.size_hint())),
        }
    }

    /// Whether the current candidate matches (verified once per document).
    fn matches(&mut self) -> bool {
        match self {
            Node::Leaf(n) => n.doc != TERMINATED,
            Node::Near(n) => n.matches(),
            Node::Or(n) => n.matches(),
        }
    }

    /// The number of spans of the current document (after [`Node::matches`]).
    fn match_count(&mut self) -> usize {
        match self {
            Node::Near(n) if n.count_only => n.count,
            _ => self.spans().len(),
        }
    }

    /// The one term's positions in the current document when this is a leaf of one term (no copy into spans).
    fn single_positions(&mut self) -> Option<&[u32]> {
        match self {
            Node::Leaf(n) if n.single() => Some(n.positions()),
            _ => None,
        }
    }

    /// The spans of the current document, sorted and without duplicates (after [`Node::matches`] returned true).
    fn spans(&mut self) -> &[PosSpan] {
        match self {
            Node::Leaf(n) => n.spans(),
            Node::Near(n) => &n.spans,
            Node::Or(n) => n.spans(),
        }
    }
}

/// Union of the postings of one or more terms.
struct Leaf {
    postings: Vec<SegmentPostings>,
    /// Postings not on the current document, by their document.
    heap: BinaryHeap<Reverse<(DocId, usize)>>,
    /// Postings on the current document.
    current: Vec<usize>,
    doc: DocId,
    spans: Vec<PosSpan>,
    spans_doc: DocId,
    buf: Vec<u32>,
    /// The document whose positions `buf` holds (one term only).
    buf_doc: DocId,
}

impl Leaf {
    fn new(postings: Vec<SegmentPostings>) -> Leaf {
        let heap = postings
            .iter()
            .enumerate()
            .filter(|(_, p)| p.doc() != TERMINATED)
            .map(|(i, p)| Reverse((p.doc(), i)))
            .collect();
        let mut leaf = Leaf {
            postings,
            heap,
            current: Vec::new(),
            doc: TERMINATED,
            spans: Vec::new(),
            spans_doc: TERMINATED,
            buf: Vec::new(),
            buf_doc: TERMINATED,
        };
        if leaf.single() {
            // One term: no heap; `current` is always [0].
            leaf.heap.clear();
            leaf.current.push(0);
            leaf.doc = leaf.postings[0].doc();
        } else {
            leaf.pop_current();
        }
        leaf
    }

    /// One term (the common case): its postings are the leaf's documents, no merging needed.
    #[inline]
    fn single(&self) -> bool {
        self.postings.len() == 1
    }

    fn pop_current(&mut self) {
        self.current.clear();
        let Some(&Reverse((doc, _))) = self.heap.peek() else {
            self.doc = TERMINATED;
            return;
        };
        while let Some(&Reverse((d, i))) = self.heap.peek() {
            if d != doc {
                break;
            }
            self.heap.pop();
            self.current.push(i);
        }
        self.doc = doc;
    }

    fn advance(&mut self) -> DocId {
        if self.single() {
            if self.doc != TERMINATED {
                self.doc = self.postings[0].advance();
            }
            return self.doc;
        }
        for &i in &self.current {
            let d = self.postings[i].advance();
            if d != TERMINATED {
                self.heap.push(Reverse((d, i)));
            }
        }
        self.pop_current();
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.single() {
            self.doc = self.postings[0].seek(target);
            return self.doc;
        }
        for &i in &self.current {
            let d = self.postings[i].seek(target);
            if d != TERMINATED {
                self.heap.push(Reverse((d, i)));
            }
        }
        while let Some(&Reverse((d, i))) = self.heap.peek() {
            if d >= target {
                break;
            }
            self.heap.pop();
            let d = self.postings[i].seek(target);
            if d != TERMINATED {
                self.heap.push(Reverse((d, i)));
            }
        }
        self.pop_current();
        self.doc
    }

    /// Positions of the one term in the current document (see [`Leaf::single`]).
    fn positions(&mut self) -> &[u32] {
        if self.buf_doc != self.doc {
            self.postings[0].positions(&mut self.buf);
            self.buf_doc = self.doc;
        }
        &self.buf
    }

    fn spans(&mut self) -> &[PosSpan] {
        if self.spans_doc != self.doc && self.single() {
            let doc = self.doc;
            self.positions();
            self.spans.clear();
            self.spans.extend(self.buf.iter().map(|&p| PosSpan { start: p, end: p }));
            self.spans_doc = doc;
        }
        if self.spans_doc != self.doc {
            self.buf_doc = TERMINATED;
            self.spans.clear();
            for &i in &self.current {
                self.postings[i].positions(&mut self.buf);
                self.spans.extend(self.buf.iter().map(|&p| PosSpan { start: p, end: p }));
            }
            // One term's positions are already sorted and distinct.
            if self.current.len() > 1 {
                self.spans.sort_unstable();
                self.spans.dedup();
            }
            self.spans_doc = self.doc;
        }
        &self.spans
    }
}

struct OrNode {
    children: Vec<Node>,
    doc: DocId,
    /// The candidate last verified, and the verdict.
    checked: DocId,
    matched: bool,
    spans: Vec<PosSpan>,
    spans_doc: DocId,
}

impl OrNode {
    fn new(children: Vec<Node>) -> OrNode {
        let doc = children.iter().map(Node::doc).min().unwrap_or(TERMINATED);
        OrNode { children, doc, checked: TERMINATED, matched: false, spans: Vec::new(), spans_doc: TERMINATED }
    }

    fn advance(&mut self) -> DocId {
        let doc = self.doc;
        for c in &mut self.children {
            if c.doc() == doc {
                c.advance();
            }
        }
        self.doc = self.children.iter().map(Node::doc).min().unwrap_or(TERMINATED);
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        for c in &mut self.children {
            c.seek(target);
        }
        self.doc = self.children.iter().map(Node::doc).min().unwrap_or(TERMINATED);
        self.doc
    }

    /// Verifies every alternative on the candidate (the spans need all that match).
    fn matches(&mut self) -> bool {
        if self.checked != self.doc {
            let doc = self.doc;
            let mut any = false;
            for c in &mut self.children {
                if c.doc() == doc && c.matches() {
                    any = true;
                }
            }
            (self.checked, self.matched) = (doc, doc != TERMINATED && any);
        }
        self.matched
    }

    fn spans(&mut self) -> &[PosSpan] {
        if self.spans_doc != self.doc {
            self.spans.clear();
            let doc = self.doc;
            for c in &mut self.children {
                // `matches` ran on this document: a child's verdict is cached.
                if c.doc() == doc && c.matches() {
                    self.spans.extend_from_slice(c.spans());
                }
            }
            self.spans.sort_unstable();
            self.spans.dedup();
            self.spans_doc = doc;
        }
        &self.spans
    }
}

struct NearNode {
    left: Node,
    right: Node,
    op: ProxOp,
    /// Postings of the sentence or paragraph mark (S, P only).
    marks: Option<SegmentPostings>,
    breaks: Vec<u32>,
    /// The current candidate (both operands' candidates are on it).
    doc: DocId,
    /// The candidate last verified, and the verdict.
    checked: DocId,
    matched: bool,
    /// Spans of `doc` (when it matched; empty for the root, which only counts).
    spans: Vec<PosSpan>,
    /// Work space of [`combine`].
    scratch: Vec<PosSpan>,
    /// Count the spans of `doc` into `count` without listing them when both operands are single terms (set on the
    /// root, whose spans only the score reads).
    count_only: bool,
    count: usize,
}

impl NearNode {
    fn new(left: Node, right: Node, op: ProxOp, marks: Option<SegmentPostings>) -> NearNode {
        let mut n = NearNode {
            left,
            right,
            op,
            marks,
            breaks: Vec::new(),
            doc: TERMINATED,
            checked: TERMINATED,
            matched: false,
            spans: Vec::new(),
            scratch: Vec::new(),
            count_only: false,
            count: 0,
        };
        n.settle();
        n
    }

    /// From the operands' current candidates, moves to the first document both have (no positions read).
    fn settle(&mut self) -> DocId {
        let mut l = self.left.doc();
        let mut r = self.right.doc();
        while l != r {
            if l < r {
                l = self.left.seek(r);
            } else {
                r = self.right.seek(l);
            }
        }
        self.doc = l;
        l
    }

    /// Verifies the candidate: both operands match on it and the operator holds between their spans.
    fn matches(&mut self) -> bool {
        if self.checked != self.doc {
            let doc = self.doc;
            let ok = doc != TERMINATED && self.left.matches() && self.right.matches() && self.compute(doc);
            if !ok {
                self.spans.clear();
                self.count = 0;
            }
            (self.checked, self.matched) = (doc, ok);
        }
        self.matched
    }

    fn compute(&mut self, doc: DocId) -> bool {
        let NearNode { left, right, op, marks, breaks, spans, scratch, count_only, count, .. } = self;
        if *count_only {
            if let (ProxOp::W(n) | ProxOp::D(n), Some(a), Some(b)) = (*op, left.single_positions(), right.single_positions()) {
                *count = count_pairs(*op, n, a, b);
                return *count > 0;
            }
        }
        breaks.clear();
        if let Some(m) = marks {
            if m.doc() < doc {
                m.seek(doc);
            }
            if m.doc() == doc {
                m.positions(breaks);
            }
        }
        combine(*op, left.spans(), right.spans(), breaks, spans, scratch);
        *count = spans.len();
        !spans.is_empty()
    }

    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        self.left.advance();
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.left.seek(target);
        self.settle()
    }
}

/// The number of spans [`combine`] would list for `a op b` (`op` nW or nD) when both operands are single terms, from
/// their positions, without listing them: pairs in a sliding window walked by two cursors. For nD the pairs of both
/// directions are added and the spans both directions produce — pairs of positions held by both terms, possible when
/// the words overlap or repeat (`电池 D 电池`) — are taken off once.
fn count_pairs(op: ProxOp, n: u32, a: &[u32], b: &[u32]) -> usize {
    fn window(a: &[u32], b: &[u32], n: u32) -> usize {
        let (mut lo, mut hi, mut total) = (0usize, 0usize, 0usize);
        for &x in a {
            let (from, to) = (u64::from(x) + 1, u64::from(x) + 1 + u64::from(n));
            while lo < b.len() && u64::from(b[lo]) < from {
                lo += 1;
            }
            hi = hi.max(lo);
            while hi < b.len() && u64::from(b[hi]) <= to {
                hi += 1;
            }
            total += hi - lo;
        }
        total
    }
    match op {
        ProxOp::W(_) => window(a, b, n),
        _ => {
            let both = window(a, b, n) + window(b, a, n);
            let (mut i, mut j, mut shared) = (0, 0, Vec::new());
            while i < a.len() && j < b.len() {
                match a[i].cmp(&b[j]) {
                    std::cmp::Ordering::Less => i += 1,
                    std::cmp::Ordering::Greater => j += 1,
                    std::cmp::Ordering::Equal => {
                        shared.push(a[i]);
                        i += 1;
                        j += 1;
                    }
                }
            }
            both - window(&shared, &shared, n)
        }
    }
}

/// The spans matched by `left op right`, given the operands' spans (sorted) and, for S and P,
/// the sorted positions of the sentence or paragraph marks.
pub(crate) fn combine(
    op: ProxOp,
    left: &[PosSpan],
    right: &[PosSpan],
    breaks: &[u32],
    out: &mut Vec<PosSpan>,
    scratch: &mut Vec<PosSpan>,
) {
    out.clear();
    match op {
        ProxOp::W(n) => forward(left, right, n, out),
        ProxOp::D(n) => {
            forward(left, right, n, out);
            scratch.clear();
            forward(right, left, n, scratch);
            // Each direction's matches come out sorted when the operands are single words (the common case): merge
            // the two runs in one pass rather than sorting them together.
            if sorted(out) && sorted(scratch) {
                merge_from_back(out, scratch);
                out.dedup();
                return;
            }
            out.extend_from_slice(scratch);
        }
        ProxOp::S | ProxOp::P => same_unit(left, right, breaks, out),
    }
    // Often already strictly increasing (nW of single words always is): skip the sort then.
    if !sorted(out) {
        out.sort_unstable();
        out.dedup();
    }
}

fn sorted(spans: &[PosSpan]) -> bool {
    spans.windows(2).all(|w| w[0] < w[1])
}

/// Merges the sorted `more` into the sorted `out`, filling `out` from its end (no third buffer).
fn merge_from_back(out: &mut Vec<PosSpan>, more: &[PosSpan]) {
    let k = out.len();
    if more.is_empty() {
        return;
    }
    out.resize(k + more.len(), PosSpan { start: 0, end: 0 });
    let (mut i, mut j, mut w) = (k, more.len(), out.len());
    while j > 0 {
        w -= 1;
        if i > 0 && out[i - 1] > more[j - 1] {
            out[w] = out[i - 1];
            i -= 1;
        } else {
            out[w] = more[j - 1];
            j -= 1;
        }
    }
}

/// Pairs with `b` after `a` and at most `n` words between them.
fn forward(a: &[PosSpan], b: &[PosSpan], n: u32, out: &mut Vec<PosSpan>) {
    // `lo` (the first start allowed after x) mostly grows with x — always for single words — so the first candidate
    // in `b` is found by walking on from the previous one: one linear pass over both lists (a binary search per x
    // cost more than the walk on the short position lists of one document). When `lo` falls back (a longer span
    // followed by a shorter one), the candidate is searched for again.
    let mut prev_lo = 0u64;
    let mut first = 0usize;
    for x in a {
        let lo = u64::from(x.end) + 1;
        let hi = lo + u64::from(n);
        if lo < prev_lo {
            first = b.partition_point(|y| u64::from(y.start) < lo);
        } else {
            while first < b.len() && u64::from(b[first].start) < lo {
                first += 1;
            }
        }
        prev_lo = lo;
        for y in &b[first..] {
            if u64::from(y.start) > hi {
                break;
            }
            out.push(PosSpan { start: x.start, end: y.end.max(x.end) });
        }
    }
}

/// Pairs of non-overlapping spans inside one unit (sentence or paragraph): no break `m` with
/// `min start < m <= max end`. A unit is numbered by the count of breaks at or before it; both
/// span lists are sorted by start, so unit numbers are found with forward-moving cursors.
fn same_unit(a: &[PosSpan], b: &[PosSpan], breaks: &[u32], out: &mut Vec<PosSpan>) {
    // (unit, span) for the spans of `b` that lie inside one unit, in unit order.
    let mut units_b: Vec<(usize, PosSpan)> = Vec::with_capacity(b.len());
    let mut k = 0;
    for y in b {
        while k < breaks.len() && breaks[k] <= y.start {
            k += 1;
        }
        if k < breaks.len() && breaks[k] <= y.end {
            continue;
        }
        units_b.push((k, *y));
    }
    let mut k = 0;
    let mut first = 0;
    for x in a {
        while k < breaks.len() && breaks[k] <= x.start {
            k += 1;
        }
        if k < breaks.len() && breaks[k] <= x.end {
            continue;
        }
        while first < units_b.len() && units_b[first].0 < k {
            first += 1;
        }
        for (ub, y) in &units_b[first..] {
            if *ub != k {
                break;
            }
            if !x.overlaps(y) {
                out.push(PosSpan { start: x.start.min(y.start), end: x.end.max(y.end) });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(p: u32) -> PosSpan {
        PosSpan { start: p, end: p }
    }

    fn run(op: ProxOp, a: &[u32], b: &[u32], breaks: &[u32]) -> Vec<(u32, u32)> {
        let a: Vec<PosSpan> = a.iter().map(|&p| s(p)).collect();
        let b: Vec<PosSpan> = b.iter().map(|&p| s(p)).collect();
        let mut out = Vec::new();
        combine(op, &a, &b, breaks, &mut out, &mut Vec::new());
        out.into_iter().map(|x| (x.start, x.end)).collect()
    }

    #[test]
    fn w_counts_words_between_in_order() {
        // a at 0; b at 1 (0 between), 4 (3 between), 5 (4 between)
        assert_eq!(run(ProxOp::W(3), &[0], &[1, 4, 5], &[]), vec![(0, 1), (0, 4)]);
        assert_eq!(run(ProxOp::W(0), &[0], &[1, 2], &[]), vec![(0, 1)]);
        // wrong order
        assert_eq!(run(ProxOp::W(3), &[5], &[2], &[]), vec![]);
        // same position never matches
        assert_eq!(run(ProxOp::W(3), &[2], &[2], &[]), vec![]);
    }

    #[test]
    fn d_either_order() {
        assert_eq!(run(ProxOp::D(2), &[5], &[2, 8, 9], &[]), vec![(2, 5), (5, 8)]);
        assert_eq!(run(ProxOp::D(0), &[5], &[4, 6], &[]), vec![(4, 5), (5, 6)]);
    }

    /// W and D against their definition, pair by pair, on pseudo-random position lists: single words (the merge
    /// path) and multi-word spans (spans whose ends fall back, the search-again and sort paths).
    #[test]
    fn w_and_d_agree_with_the_definition() {
        fn naive_w(a: &[PosSpan], b: &[PosSpan], n: u32, out: &mut Vec<PosSpan>) {
            for x in a {
                for y in b {
                    if y.start > x.end && y.start - x.end - 1 <= n {
                        out.push(PosSpan { start: x.start, end: y.end.max(x.end) });
                    }
                }
            }
        }
        struct Rng(u64);
        impl Rng {
            fn below(&mut self, m: u32) -> u32 {
                self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                ((self.0 >> 33) % u64::from(m)) as u32
            }
            fn list(&mut self, multi: bool) -> Vec<PosSpan> {
                let len = self.below(12);
                let mut v: Vec<PosSpan> = (0..len)
                    .map(|_| {
                        let start = self.below(40);
                        let end = if multi { start + self.below(4) } else { start };
                        PosSpan { start, end }
                    })
                    .collect();
                v.sort_unstable();
                v.dedup();
                v
            }
        }
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for round in 0..2000 {
            let multi = round % 2 == 1;
            let (a, b) = (rng.list(multi), rng.list(multi));
            let n = rng.below(5);
            for op in [ProxOp::W(n), ProxOp::D(n)] {
                let mut want = Vec::new();
                naive_w(&a, &b, n, &mut want);
                if let ProxOp::D(_) = op {
                    naive_w(&b, &a, n, &mut want);
                }
                want.sort_unstable();
                want.dedup();
                let mut got = vec![PosSpan { start: 99, end: 99 }];
                combine(op, &a, &b, &[], &mut got, &mut vec![PosSpan { start: 7, end: 7 }]);
                assert_eq!(got, want, "{op:?} a={a:?} b={b:?}");
                if !multi {
                    let (pa, pb): (Vec<u32>, Vec<u32>) =
                        (a.iter().map(|x| x.start).collect(), b.iter().map(|x| x.start).collect());
                    assert_eq!(count_pairs(op, n, &pa, &pb), want.len(), "count {op:?} a={pa:?} b={pb:?}");
                }
            }
        }
    }

    #[test]
    fn s_respects_breaks() {
        // sentences: [0..3], [4..9], [10..]
        let breaks = [4, 10];
        assert_eq!(run(ProxOp::S, &[1], &[3, 4], &breaks), vec![(1, 3)]);
        assert_eq!(run(ProxOp::S, &[5], &[4, 9, 10], &breaks), vec![(4, 5), (5, 9)]);
        assert_eq!(run(ProxOp::S, &[3], &[4], &breaks), vec![]);
    }

    #[test]
    fn spans_of_phrases_chain() {
        // "a b" at 3-4; c at 6 → (a b) 1W c matches (1 word between 4 and 6)
        let ab = [PosSpan { start: 3, end: 4 }];
        let mut out = Vec::new();
        combine(ProxOp::W(1), &ab, &[s(6)], &[], &mut out, &mut Vec::new());
        assert_eq!(out, vec![PosSpan { start: 3, end: 6 }]);
        combine(ProxOp::W(0), &ab, &[s(6)], &[], &mut out, &mut Vec::new());
        assert!(out.is_empty());
        // a span crossing a sentence break is not inside one sentence
        combine(ProxOp::S, &ab, &[s(6)], &[4], &mut out, &mut Vec::new());
        assert!(out.is_empty());
    }
}
