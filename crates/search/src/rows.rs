//! Documents indexed from the database ("rows") and scans of their analysis payload.
//!
//! A document indexed from the store carries its row id (`rid`, indexed + fast) and an opaque analysis payload
//! (`_facts`, a bytes fast column — the server puts the JSON of the analytics' per-patent facts there). Analytics
//! over a result set ([`PatentIndex::scan_facts`]) run the result set's query over the shared index and read the
//! payload of every matching live document from the column: no document store, no per-request index, no cap.
//!
//! How a scan reads the column: per segment, the payload ordinals of the matching documents are collected and
//! sorted, then the column's dictionary is walked once in ordinal order
//! ([`tantivy_sstable::Dictionary::sorted_ords_to_term_cb`]), so each payload is decoded once, sequentially.
//! Documents arrive in payload order (not in id or score order); analytics only count.

use std::collections::HashSet;

use tantivy::query::{AllQuery, EnableScoring, ExistsQuery, Query, TermSetQuery};
use tantivy::schema::Value;
use tantivy::{TantivyDocument, Term};

use crate::index::{IndexOptions, PatentIndex};
use crate::query::compile::Compiler;
use crate::query::parse;
use crate::schema::names;
use crate::SearchError;

/// Which documents a scan reads.
#[derive(Debug, Clone, Copy)]
pub enum RowSet<'a> {
    /// Every document.
    All,
    /// The documents matching an examiner query (the search page's semantics).
    Query(&'a str),
    /// The documents with these row ids.
    RowIds(&'a [i64]),
}

impl PatentIndex {
    fn row_set_query(&self, set: RowSet<'_>, searcher: &tantivy::Searcher) -> Result<Box<dyn Query>, SearchError> {
        Ok(match set {
            RowSet::All => Box::new(AllQuery),
            RowSet::Query(q) => {
                let expr = parse(q)?;
                // The expansion limit of the default options: analytics use the same limit as the server's search.
                let mut c = Compiler::new(q, self.schema(), searcher, IndexOptions::default().max_expansions);
                c.compile(&expr)?
            }
            RowSet::RowIds(ids) => {
                let rid = self.schema().rid;
                Box::new(TermSetQuery::new(ids.iter().map(|id| Term::from_field_i64(rid, *id))))
            }
        })
    }

    /// Call `visit` with the analysis payload of every live document of `set` that has one; returns how many
    /// documents were visited. Documents without a payload (indexed without the database) are skipped.
    pub fn scan_facts(&self, set: RowSet<'_>, visit: &mut dyn FnMut(&[u8])) -> Result<u64, SearchError> {
        let searcher = self.searcher();
        let query = self.row_set_query(set, &searcher)?;
        let weight = query.weight(EnableScoring::disabled_from_searcher(&searcher))?;
        let mut visited = 0u64;
        for reader in searcher.segment_readers() {
            let Some(column) = reader.fast_fields().bytes(names::FACTS)? else { continue };
            let alive = reader.alive_bitset();
            let mut ords: Vec<u64> = Vec::new();
            weight.for_each_no_score(reader, &mut |docs| {
                for &doc in docs {
                    if alive.is_some_and(|a| !a.is_alive(doc)) {
                        continue;
                    }
                    if let Some(ord) = column.term_ords(doc).next() {
                        ords.push(ord);
                    }
                }
            })?;
            if ords.is_empty() {
                continue;
            }
            ords.sort_unstable();
            // Equal payloads share an ordinal: keep each ordinal once with its multiplicity.
            let mut unique: Vec<u64> = Vec::with_capacity(ords.len());
            let mut times: Vec<u32> = Vec::with_capacity(ords.len());
            for o in ords {
                if unique.last() == Some(&o) {
                    if let Some(t) = times.last_mut() {
                        *t += 1;
                    }
                } else {
                    unique.push(o);
                    times.push(1);
                }
            }
            let mut i = 0;
            column.dictionary().sorted_ords_to_term_cb(&unique, |bytes| {
                for _ in 0..times.get(i).copied().unwrap_or(0) {
                    visit(bytes);
                    visited += 1;
                }
                i += 1;
            })?;
        }
        Ok(visited)
    }

    /// Number of live documents carrying a row id (those indexed from the database).
    pub fn row_count(&self) -> Result<u64, SearchError> {
        let searcher = self.searcher();
        let q = ExistsQuery::new(names::RID.to_string(), false);
        Ok(q.count(&searcher)? as u64)
    }

    /// Ids (the `id` field) of the live documents whose row id is not in `keep`: documents of rows deleted from
    /// the database, to delete before a reindex.
    pub fn stale_rows(&self, keep: &HashSet<i64>) -> Result<Vec<String>, SearchError> {
        let searcher = self.searcher();
        let mut out = Vec::new();
        for (ord, reader) in searcher.segment_readers().iter().enumerate() {
            let rids = reader.fast_fields().i64(names::RID)?;
            for doc in 0..reader.max_doc() {
                if reader.is_deleted(doc) {
                    continue;
                }
                let Some(rid) = rids.first(doc) else { continue };
                if keep.contains(&rid) {
                    continue;
                }
                let stored: TantivyDocument = searcher.doc(tantivy::DocAddress::new(ord as u32, doc))?;
                if let Some(id) = stored.get_first(self.schema().id).and_then(|v| v.as_str()) {
                    out.push(id.to_string());
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::RowSet;
    use crate::{PatentDoc, PatentIndex};

    fn doc(id: &str, rid: Option<i64>, title: &str) -> PatentDoc {
        PatentDoc {
            id: id.into(),
            title: title.into(),
            row_id: rid,
            facts: rid.map(|r| format!("{{\"id\":{r}}}")),
            ..Default::default()
        }
    }

    fn scan(ix: &PatentIndex, set: RowSet<'_>) -> Vec<String> {
        let mut out = Vec::new();
        ix.scan_facts(set, &mut |b| out.push(String::from_utf8_lossy(b).into_owned()))
            .unwrap_or_else(|e| panic!("{e}"));
        out.sort();
        out
    }

    #[test]
    fn scans_payloads_of_a_result_set() {
        let ix = PatentIndex::create_in_ram().unwrap_or_else(|e| panic!("{e}"));
        ix.upsert_all(&[
            doc("A", Some(1), "锂电池隔膜"),
            doc("B", Some(2), "锂电池"),
            doc("C", None, "锂电池"),
            doc("D", Some(3), "齿轮"),
        ])
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(scan(&ix, RowSet::All), vec![r#"{"id":1}"#, r#"{"id":2}"#, r#"{"id":3}"#]);
        assert_eq!(scan(&ix, RowSet::Query("TI=锂电池")), vec![r#"{"id":1}"#, r#"{"id":2}"#], "C has no payload");
        assert_eq!(scan(&ix, RowSet::RowIds(&[3, 1, 99])), vec![r#"{"id":1}"#, r#"{"id":3}"#]);
        assert!(ix.scan_facts(RowSet::Query("TI=(锂"), &mut |_| {}).is_err(), "a malformed query is an error");
        assert_eq!(ix.row_count().unwrap_or_default(), 3);

        // Replacing a document: its old payload is no longer read.
        ix.upsert_all(&[doc("B", Some(2), "齿轮")]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(scan(&ix, RowSet::Query("TI=锂电池")), vec![r#"{"id":1}"#]);
        assert_eq!(scan(&ix, RowSet::Query("TI=齿轮")), vec![r#"{"id":2}"#, r#"{"id":3}"#]);
        assert_eq!(ix.row_count().unwrap_or_default(), 3);

        let keep: HashSet<i64> = [1, 3].into();
        assert_eq!(ix.stale_rows(&keep).unwrap_or_default(), vec!["B".to_string()]);
    }
}
