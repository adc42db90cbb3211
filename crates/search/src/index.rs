//! The patent index: open or create, add / replace documents in batches, search.

use std::collections::BTreeMap;
use std::collections::BTreeSet;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{
    DateTime, DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, Score, Searcher, TantivyDocument, Term,
    Warmer,
};

use crate::analyzer::{analyze, normalize_number, Mode, ZhEnTokenizer, TOKENIZER_NAME};
use crate::doc::PatentDoc;
use crate::facet::{FacetTables, TableCounts};
use crate::query::ast::DateField;
use crate::query::compile::{Compiler, Highlights};
use crate::query::filter::DateFilterQuery;
use crate::query::{parse, Expr, QueryError, QueryErrorKind};
use crate::schema::{names, PatentSchema};
use crate::SearchError;

/// Tuning of an index handle.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// Memory budget of a writer, in bytes, shared by its threads (at least 15 MB per thread).
    pub writer_memory_bytes: usize,
    /// Indexing threads of a writer; 0 picks one per core (at most 4).
    pub writer_threads: usize,
    /// A truncation expanding to more indexed words than this is an error.
    pub max_expansions: usize,
    /// Relevance-ordered pages of queries made of terms only (a term, a union or an intersection
    /// of terms, optionally with date ranges) count their hits in a separate pass without scoring
    /// and find the page with tantivy's block-max WAND, which skips blocks of postings that
    /// cannot reach the page. When false, every query counts and scores every hit in one pass
    /// (same results; kept to measure the difference).
    pub prune_top_k: bool,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions { writer_memory_bytes: 128 << 20, writer_threads: 0, max_expansions: 10_000, prune_top_k: true }
    }
}

/// Order of the results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    /// Best BM25 score first.
    #[default]
    Relevance,
    /// By a date; documents without that date come last.
    Date {
        /// AD or PD.
        field: DateField,
        /// Newest first when true.
        descending: bool,
    },
}

/// What a search returns and how.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    /// Hits to skip (paging).
    pub offset: usize,
    /// Hits to return; 0 only counts.
    pub limit: usize,
    /// Order.
    pub sort: SortBy,
    /// Compute highlighted title and abstract snippets.
    pub snippets: bool,
    /// Approximate length of the abstract snippet, in characters.
    pub snippet_chars: usize,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions { offset: 0, limit: 20, sort: SortBy::Relevance, snippets: true, snippet_chars: 160 }
    }
}

/// Text with highlighted byte ranges.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Highlight {
    /// The text shown (whole title, or a fragment of the abstract).
    pub text: String,
    /// Byte ranges of `text` that matched the query.
    pub ranges: Vec<Range<usize>>,
    /// `text` HTML-escaped with the ranges in `<b>…</b>`.
    pub html: String,
}

/// One result.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// Document id.
    pub id: String,
    /// BM25 score (relevance order only).
    pub score: Option<f32>,
    /// The stored document.
    pub doc: PatentDoc,
    /// The title with matches highlighted (when snippets were asked for).
    pub title: Option<Highlight>,
    /// A fragment of the abstract with matches highlighted (when snippets were asked for).
    pub abstract_snippet: Option<Highlight>,
}

/// A page of results.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// Number of matching documents.
    pub total: usize,
    /// The requested page.
    pub hits: Vec<Hit>,
}

/// A page of results before loading: (score in relevance order, address).
type Page = Vec<(Option<Score>, DocAddress)>;

/// One hit of [`PatentIndex::search_ids`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IdHit {
    /// Document id.
    pub id: String,
    /// BM25 score (relevance order only).
    pub score: Option<f32>,
}

/// A page of ids (see [`PatentIndex::search_ids`]).
#[derive(Debug, Clone, Serialize)]
pub struct IdResults {
    /// Number of matching documents (exact).
    pub total: usize,
    /// The requested page.
    pub hits: Vec<IdHit>,
}

/// A patent index on disk or in memory.
pub struct PatentIndex {
    index: Index,
    reader: IndexReader,
    schema: PatentSchema,
    options: IndexOptions,
    /// Uninverted keyword columns for facet counts (a warmer of `reader`, which holds it weakly).
    facets: Arc<FacetTables>,
}

impl PatentIndex {
    /// A new index in memory (tests, small tools).
    pub fn create_in_ram() -> Result<PatentIndex, SearchError> {
        let schema = PatentSchema::new();
        let index = Index::create_in_ram(schema.schema.clone());
        PatentIndex::from_index(index, schema, IndexOptions::default())
    }

    /// Opens the index in `dir`, creating the directory and an empty index when there is none.
    pub fn open_or_create(dir: impl AsRef<Path>) -> Result<PatentIndex, SearchError> {
        PatentIndex::open_or_create_with(dir, IndexOptions::default())
    }

    /// [`PatentIndex::open_or_create`] with options.
    pub fn open_or_create_with(dir: impl AsRef<Path>, options: IndexOptions) -> Result<PatentIndex, SearchError> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir)?;
        let directory = MmapDirectory::open(dir).map_err(tantivy::TantivyError::from)?;
        let schema = PatentSchema::new();
        let index = Index::open_or_create(directory, schema.schema.clone()).map_err(|e| match e {
            tantivy::TantivyError::SchemaError(msg) => SearchError::SchemaMismatch(format!("{}: {msg}", dir.display())),
            other => SearchError::Index(other),
        })?;
        let schema = PatentSchema::from_schema(index.schema())
            .ok_or_else(|| SearchError::SchemaMismatch(dir.display().to_string()))?;
        PatentIndex::from_index(index, schema, options)
    }

    fn from_index(index: Index, schema: PatentSchema, options: IndexOptions) -> Result<PatentIndex, SearchError> {
        index.tokenizers().register(TOKENIZER_NAME, ZhEnTokenizer::index().analyzer());
        // The IPC table is kept warm: the search page's distribution and the benchmark's facet class count it.
        let facets = Arc::new(FacetTables::new(&[names::IPC]));
        let warmer: Arc<dyn Warmer> = facets.clone();
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .warmers(vec![Arc::downgrade(&warmer)])
            .try_into()?;
        Ok(PatentIndex { index, reader, schema, options, facets })
    }

    /// Replaces the options (writer budget, expansion limit).
    pub fn set_options(&mut self, options: IndexOptions) {
        self.options = options;
    }

    /// The schema handles.
    pub fn schema(&self) -> &PatentSchema {
        &self.schema
    }

    /// The underlying tantivy index (for aggregations and other advanced uses).
    pub fn tantivy_index(&self) -> &Index {
        &self.index
    }

    /// A searcher on the last reloaded commit.
    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Makes the last commit visible (done by [`PatentWriter::commit`]; needed only when another
    /// process writes the index).
    pub fn reload(&self) -> Result<(), SearchError> {
        Ok(self.reader.reload()?)
    }

    /// Number of (live) documents.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// A writer. Only one writer may exist per index at a time (tantivy holds a lock file);
    /// nothing is visible to searches before [`PatentWriter::commit`].
    pub fn writer(&self) -> Result<PatentWriter<'_>, SearchError> {
        let threads = match self.options.writer_threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()).min(4),
            n => n,
        };
        let min = 15 << 20;
        let threads = threads.min((self.options.writer_memory_bytes / min).max(1));
        let memory = self.options.writer_memory_bytes.max(min * threads);
        let writer = self.index.writer_with_num_threads(threads, memory)?;
        Ok(PatentWriter { index: self, writer })
    }

    /// Adds or replaces `docs` and commits.
    pub fn upsert_all<'d>(&self, docs: impl IntoIterator<Item = &'d PatentDoc>) -> Result<(), SearchError> {
        let mut w = self.writer()?;
        for d in docs {
            w.upsert(d)?;
        }
        w.commit()
    }

    /// The document with this id.
    pub fn get(&self, id: &str) -> Result<Option<PatentDoc>, SearchError> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(Term::from_field_text(self.schema.id, id), IndexRecordOption::Basic);
        let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
        match top.first() {
            Some((_, addr)) => Ok(Some(self.load(&searcher, *addr)?)),
            None => Ok(None),
        }
    }

    fn load(&self, searcher: &Searcher, addr: DocAddress) -> Result<PatentDoc, SearchError> {
        let stored: TantivyDocument = searcher.doc(addr)?;
        let json = stored.get_first(self.schema.source).and_then(|v| v.as_str()).unwrap_or("{}");
        Ok(serde_json::from_str(json)?)
    }

    /// Parses an examiner query (see `docs/search.md`).
    pub fn parse(&self, query: &str) -> Result<Expr, QueryError> {
        parse(query)
    }

    /// Runs an examiner query.
    pub fn search(&self, query: &str, opts: &SearchOptions) -> Result<SearchResults, SearchError> {
        let expr = parse(query)?;
        self.search_expr(query, &expr, opts)
    }

    /// Runs a parsed query; `query_text` is the text it was parsed from (error positions).
    pub fn search_expr(
        &self,
        query_text: &str,
        expr: &Expr,
        opts: &SearchOptions,
    ) -> Result<SearchResults, SearchError> {
        let searcher = self.reader.searcher();
        let mut compiler = Compiler::new(query_text, &self.schema, &searcher, self.options.max_expansions);
        let q = compiler.compile(expr)?;
        self.run(&searcher, q.as_ref(), &compiler.highlights, opts)
    }

    /// [`PatentIndex::search`] returning only the ids of the page (read from the stored `id`
    /// field; no JSON decoding of the stored document, no snippets): the total is exact.
    pub fn search_ids(&self, query: &str, opts: &SearchOptions) -> Result<IdResults, SearchError> {
        let expr = parse(query)?;
        let searcher = self.reader.searcher();
        let mut compiler = Compiler::new(query, &self.schema, &searcher, self.options.max_expansions);
        let q = compiler.compile(&expr)?;
        let (total, page) = self.page(&searcher, q.as_ref(), opts)?;
        let mut hits = Vec::with_capacity(page.len());
        for (score, addr) in page {
            let stored: TantivyDocument = searcher.doc(addr)?;
            let id = stored.get_first(self.schema.id).and_then(|v| v.as_str()).unwrap_or_default().to_string();
            hits.push(IdHit { id, score });
        }
        Ok(IdResults { total, hits })
    }

    /// Number of documents matching an examiner query.
    pub fn count(&self, query: &str) -> Result<usize, SearchError> {
        let expr = parse(query)?;
        let searcher = self.reader.searcher();
        let mut compiler = Compiler::new(query, &self.schema, &searcher, self.options.max_expansions);
        let q = compiler.compile(&expr)?;
        Ok(q.count(&searcher)?)
    }

    /// Counts of the values of a keyword fast field (`ipc`, `cpc`, `ls`, `lang`) over every document matching an
    /// examiner query (documents per value), most frequent first (ties by value), at most `size` values. Exact:
    /// every segment counts its documents' ordinals from an uninverted table ([`crate::facet`]).
    pub fn facet_counts(&self, query: &str, field: &str, size: u32) -> Result<Vec<(String, u64)>, SearchError> {
        if self.schema.schema.get_field(field).is_err() {
            return Err(tantivy::TantivyError::FieldNotFound(field.to_string()).into());
        }
        let expr = parse(query)?;
        let searcher = self.reader.searcher();
        let mut compiler = Compiler::new(query, &self.schema, &searcher, self.options.max_expansions);
        let q = compiler.compile(&expr)?;
        let counts = searcher.search(q.as_ref(), &TableCounts { field: field.to_string(), tables: self.facets.clone() })?;
        let mut out: Vec<(String, u64)> = counts.into_iter().collect();
        out.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out.truncate(size as usize);
        Ok(out)
    }

    /// One-box search for non-experts: the text is analysed into words, and a document matches
    /// when any word is in its title, abstract or claims (a title match weighs 3×). Text that
    /// looks like a publication or application number also matches PN / AN exactly.
    pub fn search_simple(&self, text: &str, opts: &SearchOptions) -> Result<SearchResults, SearchError> {
        let mut words: Vec<String> = Vec::new();
        for t in analyze(text, Mode::Query) {
            if !words.contains(&t.text) {
                words.push(t.text);
            }
        }
        let s = &self.schema;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let term_q = |f, w: &str| {
            Box::new(TermQuery::new(Term::from_field_text(f, w), IndexRecordOption::WithFreqs)) as Box<dyn Query>
        };
        for w in &words {
            clauses.push((Occur::Should, Box::new(BoostQuery::new(term_q(s.ti, w), 3.0))));
            clauses.push((Occur::Should, term_q(s.ab, w)));
            clauses.push((Occur::Should, term_q(s.cl, w)));
        }
        let trimmed = text.trim();
        let number = normalize_number(trimmed);
        if !trimmed.contains(char::is_whitespace) && number.bytes().filter(u8::is_ascii_digit).count() >= 5 {
            for f in [s.pn, s.an] {
                let q = TermQuery::new(Term::from_field_text(f, &number), IndexRecordOption::Basic);
                clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), 10.0))));
            }
        }
        if clauses.is_empty() {
            let kind = if trimmed.is_empty() {
                QueryErrorKind::Empty
            } else {
                QueryErrorKind::NothingToSearch(trimmed.to_string())
            };
            return Err(QueryError::new(text, 0, text.len(), kind).into());
        }
        let highlights = Highlights {
            title: words.iter().cloned().collect::<BTreeSet<_>>(),
            abstract_text: words.iter().cloned().collect::<BTreeSet<_>>(),
        };
        let searcher = self.reader.searcher();
        self.run(&searcher, &BooleanQuery::new(clauses), &highlights, opts)
    }

    fn run(
        &self,
        searcher: &Searcher,
        q: &dyn Query,
        highlights: &Highlights,
        opts: &SearchOptions,
    ) -> Result<SearchResults, SearchError> {
        let (total, page) = self.page(searcher, q, opts)?;
        let mut snippets = if opts.snippets && !page.is_empty() {
            Some((
                self.generator(searcher, self.schema.ti, &highlights.title)?,
                self.generator(searcher, self.schema.ab, &highlights.abstract_text)?,
            ))
        } else {
            None
        };
        let mut hits = Vec::with_capacity(page.len());
        for (score, addr) in page {
            let doc = self.load(searcher, addr)?;
            let (title, abstract_snippet) = match &mut snippets {
                Some((ti, ab)) => (
                    Some(title_highlight(ti, &doc.title)),
                    Some(abstract_highlight(ab, &doc.abstract_text, opts.snippet_chars)),
                ),
                None => (None, None),
            };
            hits.push(Hit { id: doc.id.clone(), score, doc, title, abstract_snippet });
        }
        Ok(SearchResults { total, hits })
    }

    /// The exact number of hits and the requested page of `q`.
    fn page(&self, searcher: &Searcher, q: &dyn Query, opts: &SearchOptions) -> Result<(usize, Page), SearchError> {
        if opts.limit == 0 {
            return Ok((q.count(searcher)?, Vec::new()));
        }
        let top = TopDocs::with_limit(opts.limit).and_offset(opts.offset);
        Ok(match opts.sort {
            SortBy::Relevance if self.options.prune_top_k && prunable(q) => {
                // Two passes: an unscored count (a term's is its document frequency), then the page
                // alone, which lets tantivy skip with block-max WAND.
                let total = q.count(searcher)?;
                let docs = searcher.search(q, &top.order_by_score())?;
                (total, docs.into_iter().map(|(s, a)| (Some(s), a)).collect())
            }
            SortBy::Relevance => {
                let (total, docs) = searcher.search(q, &(Count, top.order_by_score()))?;
                (total, docs.into_iter().map(|(s, a)| (Some(s), a)).collect())
            }
            SortBy::Date { field, descending } => {
                let name = match field {
                    DateField::Ad => names::AD,
                    DateField::Pd => names::PD,
                };
                let order = if descending { Order::Desc } else { Order::Asc };
                let (total, docs) = searcher.search(q, &(Count, top.order_by_fast_field::<DateTime>(name, order)))?;
                (total, docs.into_iter().map(|(_, a)| (None, a)).collect())
            }
        })
    }

    fn generator(
        &self,
        searcher: &Searcher,
        field: tantivy::schema::Field,
        terms: &BTreeSet<String>,
    ) -> Result<SnippetGenerator, SearchError> {
        let mut weights = BTreeMap::new();
        for t in terms {
            let df = searcher.doc_freq(&Term::from_field_text(field, t))?;
            if df > 0 {
                weights.insert(t.clone(), 1.0 / (1.0 + df as Score));
            }
        }
        Ok(SnippetGenerator::new(weights, ZhEnTokenizer::index().analyzer(), field, 150))
    }
}

/// True when tantivy's top-k search can skip through `q` with block-max WAND: a term, a union or an
/// intersection of terms, any of these under a date filter.
fn prunable(q: &dyn Query) -> bool {
    if q.is::<TermQuery>() {
        return true;
    }
    if let Some(f) = q.downcast_ref::<DateFilterQuery>() {
        return prunable(f.inner());
    }
    if let Some(b) = q.downcast_ref::<BooleanQuery>() {
        let clauses = b.clauses();
        let terms = clauses.iter().all(|(_, c)| c.is::<TermQuery>());
        let should = clauses.iter().all(|(o, _)| *o == Occur::Should);
        let must = clauses.iter().all(|(o, _)| *o == Occur::Must);
        return !clauses.is_empty() && terms && (should || must);
    }
    false
}

/// The whole text (a title, a short abstract) with its matches marked.
fn title_highlight(generator: &mut SnippetGenerator, title: &str) -> Highlight {
    generator.set_max_num_chars(title.len() + 1);
    let snippet = generator.snippet(title);
    let shift = snippet.fragment_range().start;
    let ranges: Vec<Range<usize>> = snippet.highlighted().iter().map(|r| r.start + shift..r.end + shift).collect();
    Highlight { html: to_html(title, &ranges), text: title.to_string(), ranges }
}

/// The whole abstract when it has at most `chars` characters; else its best fragment (about
/// `chars` characters), or its beginning when nothing matched.
fn abstract_highlight(generator: &mut SnippetGenerator, text: &str, chars: usize) -> Highlight {
    let n = text.chars().count().max(1);
    if n <= chars {
        return title_highlight(generator, text);
    }
    let bytes_per_char = text.len().div_ceil(n).max(1);
    generator.set_max_num_chars(chars.max(1) * bytes_per_char);
    let snippet = generator.snippet(text);
    if snippet.is_empty() || snippet.highlighted().is_empty() {
        let end = text.char_indices().nth(chars).map_or(text.len(), |(i, _)| i);
        let head = &text[..end];
        return Highlight { text: head.to_string(), ranges: Vec::new(), html: to_html(head, &[]) };
    }
    let ranges = snippet.highlighted().to_vec();
    let fragment = snippet.fragment().to_string();
    Highlight { html: to_html(&fragment, &ranges), text: fragment, ranges }
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// `text` escaped for HTML, with `ranges` (sorted, non-overlapping) in `<b>`.
fn to_html(text: &str, ranges: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(text.len() + ranges.len() * 7);
    let mut at = 0;
    for r in ranges {
        let (Some(before), Some(hit)) = (text.get(at..r.start), text.get(r.start..r.end)) else { continue };
        escape_into(&mut out, before);
        out.push_str("<b>");
        escape_into(&mut out, hit);
        out.push_str("</b>");
        at = r.end;
    }
    escape_into(&mut out, text.get(at..).unwrap_or(""));
    out
}

/// A writer on a [`PatentIndex`].
pub struct PatentWriter<'a> {
    index: &'a PatentIndex,
    writer: IndexWriter,
}

impl PatentWriter<'_> {
    /// Adds `doc`, replacing any document with the same id (also one added earlier in this batch).
    pub fn upsert(&mut self, doc: &PatentDoc) -> Result<(), SearchError> {
        if doc.id.trim().is_empty() {
            return Err(SearchError::MissingId);
        }
        let s = &self.index.schema;
        self.writer.delete_term(Term::from_field_text(s.id, &doc.id));
        self.writer.add_document(s.to_document(doc)?)?;
        Ok(())
    }

    /// Deletes the document with this id (if any).
    pub fn delete(&mut self, id: &str) {
        self.writer.delete_term(Term::from_field_text(self.index.schema.id, id));
    }

    /// Makes everything since the last commit durable and visible to searches.
    pub fn commit(&mut self) -> Result<(), SearchError> {
        self.writer.commit()?;
        self.index.reader.reload()?;
        Ok(())
    }

    /// Drops everything since the last commit.
    pub fn rollback(&mut self) -> Result<(), SearchError> {
        self.writer.rollback()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{prunable, to_html, PatentIndex};
    use crate::query::compile::Compiler;
    use crate::query::parse;

    /// The uninverted IPC tables follow the segments: built when a commit is warmed (also for a field counted only on
    /// demand), counting what the live documents hold after an update and a delete, released once a merge retires
    /// their segments.
    #[test]
    fn facet_tables_follow_commits_updates_and_merges() {
        use crate::PatentDoc;
        let index = PatentIndex::create_in_ram().expect("index");
        let doc = |id: &str, ipc: &[&str], cpc: &[&str]| PatentDoc {
            id: id.into(),
            abstract_text: "电池 隔膜".into(),
            ipc: ipc.iter().map(|s| s.to_string()).collect(),
            cpc: cpc.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        };
        index.upsert_all([&doc("A", &["H01M 10/0525", "H01M 2/16", "H01M 10/0525"], &["Y02E 60/10"])]).expect("a");
        index.upsert_all([&doc("B", &["H01M 2/16"], &[]), &doc("C", &["C08J 5/18"], &["Y02E 60/10"])]).expect("b");
        let segments = index.searcher().segment_readers().len();
        assert!(segments >= 2, "two commits, two segments at least");
        assert_eq!(index.facets.len(), segments, "the IPC table of each segment is warmed at commit");
        let counts = |field: &str| index.facet_counts("AB=电池", field, 20).expect("facets");
        assert_eq!(
            counts("ipc"),
            vec![("H01M2/16".to_string(), 2), ("C08J5/18".to_string(), 1), ("H01M10/0525".to_string(), 1)]
        );
        assert_eq!(counts("cpc"), vec![("Y02E60/10".to_string(), 2)]);
        assert_eq!(index.facets.len(), 2 * segments, "a field counted on demand gets its tables on first use");

        // B moves to another class, C goes.
        let mut w = index.writer().expect("writer");
        w.upsert(&doc("B", &["G06F 16/00"], &[])).expect("upsert");
        w.delete("C");
        w.commit().expect("commit");
        drop(w);
        assert_eq!(
            counts("ipc"),
            vec![("G06F16/00".to_string(), 1), ("H01M10/0525".to_string(), 1), ("H01M2/16".to_string(), 1)]
        );

        // Merge everything into one segment: the old segments' tables go with their last searcher.
        let ids = index.index.searchable_segment_ids().expect("ids");
        let mut w = index.writer().expect("writer");
        w.writer.merge(&ids).wait().expect("merge");
        w.writer.wait_merging_threads().expect("wait");
        index.reload().expect("reload");
        let searcher = index.searcher();
        assert_eq!(searcher.segment_readers().len(), 1);
        tantivy::Warmer::garbage_collect(index.facets.as_ref(), &[searcher.generation()]);
        assert_eq!(index.facets.len(), 1, "only the merged segment's IPC table remains");
        assert_eq!(counts("ipc").len(), 3);
    }

    #[test]
    fn queries_of_terms_take_the_pruned_path() {
        let index = PatentIndex::create_in_ram().expect("index");
        let searcher = index.searcher();
        let check = |q: &str, want: bool| {
            let mut c = Compiler::new(q, index.schema(), &searcher, 100);
            let compiled = c.compile(&parse(q).expect("parse")).expect("compile");
            assert_eq!(prunable(compiled.as_ref()), want, "{q}: {compiled:?}");
        };
        check("AB=battery", true);
        check("AB=电池", true);
        check("battery", true); // TI, AB, CL: a union of terms
        check("AB=(battery OR anode)", true);
        check("AB=(battery AND anode)", true);
        check("AB=battery AND PD>=2020", true);
        check("TI=电池 AND PD=[2020-01-01 TO 2026-12-31]", true);
        check("AB=(battery AND anode) AND PD<2020", true);
        check("AB=催化剂", false); // the word OR its two-part cuts as phrases
        check("AB=\"the battery\"", false);
        check("AB=(battery 3D anode)", false);
        check("AB=((battery OR cathode) AND anode)", false);
        check("AB=(battery NOT anode)", false);
        check("PD>=2020", false);
    }

    #[test]
    fn html_escapes_and_marks() {
        let hit = 5..11;
        assert_eq!(to_html("a<b> 电池", std::slice::from_ref(&hit)), "a&lt;b&gt; <b>电池</b>");
        assert_eq!(to_html("x & y", &[]), "x &amp; y");
    }
}
