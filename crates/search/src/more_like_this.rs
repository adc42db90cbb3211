//! Candidates for similar patents (相似专利): more-like-this over the shared index.
//!
//! The probe text is analysed like a query; each word gets a weight `(1 + ln tf) · idf`, idf from the index's
//! document frequencies in title, abstract and claims (the largest of the three). The `terms` heaviest words form
//! a disjunction over TI (×2), AB and CL, and the best `limit` documents by BM25 are the candidates. Re-ranking
//! (text cosine, IPC overlap) is the analytics' business (`domain::patent_analysis::similar`).

use std::collections::BTreeMap;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

use crate::analyzer::{analyze, Mode};
use crate::doc::PatentDoc;
use crate::index::PatentIndex;
use crate::schema::names;
use crate::SearchError;

/// A candidate: the stored document, its row id (when indexed from the database) and its BM25 score.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Database row id.
    pub row_id: Option<i64>,
    /// BM25 score of the disjunction.
    pub score: f32,
    /// The stored document.
    pub doc: PatentDoc,
}

impl PatentIndex {
    /// The probe's `terms` most telling words, weighted (heaviest first); words absent from the index are left
    /// out.
    pub fn key_words(&self, text: &str, terms: usize) -> Result<Vec<(String, f64)>, SearchError> {
        let searcher = self.searcher();
        let s = self.schema();
        let n = searcher.num_docs() as f64;
        let mut tf: BTreeMap<String, u32> = BTreeMap::new();
        for t in analyze(text, Mode::Query) {
            *tf.entry(t.text).or_default() += 1;
        }
        let mut weighted = Vec::new();
        for (word, f) in tf {
            let mut df = 0u64;
            for field in [s.ti, s.ab, s.cl] {
                df = df.max(searcher.doc_freq(&Term::from_field_text(field, &word))?);
            }
            if df == 0 {
                continue;
            }
            let idf = (1.0 + (n - df as f64 + 0.5).max(0.0) / (df as f64 + 0.5)).ln();
            weighted.push((word, (1.0 + f64::from(f).ln()) * idf));
        }
        weighted.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        weighted.truncate(terms);
        Ok(weighted)
    }

    /// The best `limit` documents sharing the probe's key words (see the module documentation), best first.
    pub fn more_like_this(&self, text: &str, terms: usize, limit: usize) -> Result<Vec<Candidate>, SearchError> {
        let words = self.key_words(text, terms)?;
        if words.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let s = self.schema();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (w, weight) in &words {
            let weight = (*weight as f32).max(0.01);
            for (field, boost) in [(s.ti, 2.0f32), (s.ab, 1.0), (s.cl, 1.0)] {
                let q = TermQuery::new(Term::from_field_text(field, w), IndexRecordOption::WithFreqs);
                clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), boost * weight))));
            }
        }
        let searcher = self.searcher();
        let top = searcher.search(&BooleanQuery::new(clauses), &TopDocs::with_limit(limit).order_by_score())?;
        let mut out = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let stored: TantivyDocument = searcher.doc(addr)?;
            let json = stored.get_first(s.source).and_then(|v| v.as_str()).unwrap_or("{}");
            let doc: PatentDoc = serde_json::from_str(json)?;
            let rids = searcher.segment_reader(addr.segment_ord).fast_fields().i64(names::RID)?;
            out.push(Candidate { row_id: rids.first(addr.doc_id), score, doc });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use crate::{PatentDoc, PatentIndex};

    #[test]
    fn neighbours_share_the_telling_words() {
        let ix = PatentIndex::create_in_ram().unwrap_or_else(|e| panic!("{e}"));
        let d = |id: &str, rid: i64, title: &str| PatentDoc {
            id: id.into(),
            title: title.into(),
            row_id: Some(rid),
            ..Default::default()
        };
        ix.upsert_all(&[
            d("A", 1, "一种锂电池隔膜"),
            d("B", 2, "锂电池正极材料"),
            d("C", 3, "一种齿轮箱"),
            d("D", 4, "卷积神经网络图像识别方法"),
        ])
        .unwrap_or_else(|e| panic!("{e}"));
        let got = ix.more_like_this("锂电池隔膜的制备", 10, 10).unwrap_or_else(|e| panic!("{e}"));
        let ids: Vec<&str> = got.iter().map(|c| c.doc.id.as_str()).collect();
        assert_eq!(ids.first(), Some(&"A"), "{ids:?}");
        assert!(ids.contains(&"B") && !ids.contains(&"C") && !ids.contains(&"D"), "{ids:?}");
        assert_eq!(got[0].row_id, Some(1));
        assert!(ix.more_like_this("", 10, 10).unwrap_or_default().is_empty());
    }
}
