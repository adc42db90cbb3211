//! Facet counts over every hit (the IPC distribution of a result set, IPC 分布) from uninverted per-segment tables.
//!
//! tantivy keeps a multi-valued keyword fast field as a column index (which value rows belong to a document) over a
//! bit-packed column of dictionary ordinals. Reading one document's values through it costs a rank lookup and a
//! bit-unpacking per value; counting the 361,869 hits of `AB=system` over a million patents that way ran level with
//! Lucene's doc-values facets (docs/benchmarks.md). Here each segment's values are read once — when a searcher is
//! warmed ([`tantivy::Warmer`], for the fields named at open) or on the first count of another field — into two flat
//! arrays: every document's distinct ordinals one after another, and where each document's run starts; the labels
//! are resolved up front. Counting a hit is then a slice walk over memory. This is the idea of Lucene's `FieldCache`
//! / Solr's `UnInvertedField`; tantivy has no such cache, hence this module. Memory: 4 bytes per document plus 4 per
//! value (about 16 MB for a million patents with three IPC symbols each), released with the segment (merges, GC).

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, RwLock};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, Searcher, SearcherGeneration, SegmentReader, Warmer};

/// One segment's values of one keyword field, uninverted.
pub(crate) struct OrdTable {
    /// `starts[d]..starts[d + 1]` indexes `ords` for document `d`.
    starts: Vec<u32>,
    /// Each document's distinct ordinals, ascending.
    ords: Vec<u32>,
    /// Label of each ordinal.
    labels: Vec<String>,
}

impl OrdTable {
    /// Reads `field` of one segment; `None` when the segment has no value of it.
    fn build(reader: &SegmentReader, field: &str) -> tantivy::Result<Option<OrdTable>> {
        let Some(column) = reader.fast_fields().str(field)? else { return Ok(None) };
        let max = reader.max_doc();
        let mut starts = Vec::with_capacity(max as usize + 1);
        let mut ords: Vec<u32> = Vec::with_capacity(max as usize);
        let mut buf: Vec<u64> = Vec::new();
        starts.push(0);
        for doc in 0..max {
            buf.clear();
            buf.extend(column.term_ords(doc));
            // A document counts once per value, also when it holds the value twice.
            if buf.len() > 1 {
                buf.sort_unstable();
                buf.dedup();
            }
            // A segment holds fewer than 2^31 documents and values (tantivy's limit), so u32 is lossless.
            ords.extend(buf.iter().map(|&o| o as u32));
            starts.push(ords.len() as u32);
        }
        let all: Vec<u64> = (0..column.num_terms() as u64).collect();
        let mut labels = Vec::with_capacity(all.len());
        column
            .dictionary()
            .sorted_ords_to_term_cb(&all, |bytes| labels.push(String::from_utf8_lossy(bytes).into_owned()))?;
        if labels.len() != all.len() {
            return Err(tantivy::TantivyError::InternalError(format!(
                "facet table for {field}: {} labels for {} ordinals",
                labels.len(),
                all.len()
            )));
        }
        ords.shrink_to_fit();
        Ok(Some(OrdTable { starts, ords, labels }))
    }

    #[inline]
    fn of(&self, doc: DocId) -> &[u32] {
        let d = doc as usize;
        &self.ords[self.starts[d] as usize..self.starts[d + 1] as usize]
    }
}

/// The uninverted tables of the open index, per (segment, field). Registered as a warmer on the index reader, which
/// builds the tables of [`FacetTables::warmed`] fields for every new segment before a reload is visible and drops the
/// tables of segments no searcher uses any more.
pub(crate) struct FacetTables {
    warmed: Vec<String>,
    tables: RwLock<HashMap<(SegmentId, String), Option<Arc<OrdTable>>>>,
}

impl FacetTables {
    /// Tables kept warm for these fields (others are built on their first count).
    pub(crate) fn new(warmed: &[&str]) -> FacetTables {
        FacetTables { warmed: warmed.iter().map(|f| f.to_string()).collect(), tables: RwLock::new(HashMap::new()) }
    }

    fn get(&self, reader: &SegmentReader, field: &str) -> tantivy::Result<Option<Arc<OrdTable>>> {
        let key = (reader.segment_id(), field.to_string());
        if let Some(t) = self.tables.read().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return Ok(t.clone());
        }
        // Built outside the lock; two searches racing on a cold field both build, one result is kept.
        let built = OrdTable::build(reader, field)?.map(Arc::new);
        let mut map = self.tables.write().unwrap_or_else(|e| e.into_inner());
        Ok(map.entry(key).or_insert(built).clone())
    }

    /// Number of (segment, field) tables held (tests).
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.tables.read().unwrap_or_else(|e| e.into_inner()).len()
    }
}

impl Warmer for FacetTables {
    fn warm(&self, searcher: &Searcher) -> tantivy::Result<()> {
        for reader in searcher.segment_readers() {
            for field in &self.warmed {
                self.get(reader, field)?;
            }
        }
        Ok(())
    }

    fn garbage_collect(&self, live_generations: &[&SearcherGeneration]) {
        let live: BTreeSet<SegmentId> = live_generations.iter().flat_map(|g| g.segments().keys().copied()).collect();
        self.tables.write().unwrap_or_else(|e| e.into_inner()).retain(|(segment, _), _| live.contains(segment));
    }
}

/// Collector of the documents per value of one keyword field (see `PatentIndex::facet_counts`).
pub(crate) struct TableCounts {
    pub(crate) field: String,
    pub(crate) tables: Arc<FacetTables>,
}

pub(crate) struct SegmentTableCounts {
    table: Option<Arc<OrdTable>>,
    counts: Vec<u32>,
}

impl Collector for TableCounts {
    type Fruit = HashMap<String, u64>;
    type Child = SegmentTableCounts;

    fn for_segment(&self, _segment: u32, reader: &SegmentReader) -> tantivy::Result<SegmentTableCounts> {
        let table = self.tables.get(reader, &self.field)?;
        let n = table.as_ref().map_or(0, |t| t.labels.len());
        Ok(SegmentTableCounts { table, counts: vec![0; n] })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<HashMap<String, u64>>) -> tantivy::Result<HashMap<String, u64>> {
        let mut it = fruits.into_iter();
        let mut all = it.next().unwrap_or_default();
        for f in it {
            for (k, v) in f {
                *all.entry(k).or_insert(0) += v;
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentTableCounts {
    type Fruit = HashMap<String, u64>;

    #[inline]
    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(t) = &self.table {
            for &o in t.of(doc) {
                self.counts[o as usize] += 1;
            }
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        let Some(t) = &self.table else { return };
        for &doc in docs {
            for &o in t.of(doc) {
                self.counts[o as usize] += 1;
            }
        }
    }

    fn harvest(self) -> HashMap<String, u64> {
        let Some(t) = &self.table else { return HashMap::new() };
        self.counts
            .iter()
            .enumerate()
            .filter(|(_, &n)| n > 0)
            .map(|(o, &n)| (t.labels[o].clone(), u64::from(n)))
            .collect()
    }
}
