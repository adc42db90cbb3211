//! The fast paths of a relevance-ordered page — unscored count + block-max WAND page for queries of
//! terms, and dates ANDed with a scored query evaluated as a filter — against the one-pass
//! evaluation that counts and scores every hit, on a pseudo-random corpus with a skewed vocabulary,
//! publication dates, several segments and deleted documents.

use chrono::NaiveDate;
use zhibao_search::{IndexOptions, PatentDoc, PatentIndex, SearchOptions, SortBy};

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    /// Word `w<i>` with probability about proportional to 1 / (i + 1).
    fn word(&mut self) -> String {
        let weights: Vec<u64> = (0..30).map(|i| 3000 / (i + 1)).collect();
        let mut x = self.below(weights.iter().sum());
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return format!("w{i}");
            }
            x -= w;
        }
        "w0".into()
    }
    fn text(&mut self, min: u64, spread: u64) -> String {
        let n = min + self.below(spread);
        (0..n).map(|_| self.word()).collect::<Vec<_>>().join(" ")
    }
}

fn corpus_index() -> PatentIndex {
    let mut r = Lcg(0xB10C);
    let mut docs = Vec::new();
    for i in 0..3000 {
        let pd = if r.below(10) == 0 {
            None
        } else {
            NaiveDate::from_ymd_opt(2010 + r.below(16) as i32, 1 + r.below(12) as u32, 1 + r.below(28) as u32)
        };
        docs.push(PatentDoc {
            id: format!("D{i:04}"),
            title: r.text(2, 6),
            abstract_text: r.text(10, 60),
            publication_date: pd,
            ipc: (0..r.below(3)).map(|_| format!("H01M {}/{}", r.below(12), r.below(3))).collect(),
            ..Default::default()
        });
    }
    let index = PatentIndex::create_in_ram().expect("index");
    for chunk in docs.chunks(700) {
        index.upsert_all(chunk).expect("upsert");
    }
    // Replace some documents: their old versions are deleted in their segments.
    let replaced: Vec<PatentDoc> =
        docs.iter().step_by(17).map(|d| PatentDoc { abstract_text: r.text(10, 60), ..d.clone() }).collect();
    index.upsert_all(&replaced).expect("replace");
    assert!(index.searcher().segment_readers().len() > 1, "want several segments");
    assert!(index.searcher().segment_readers().iter().any(|s| s.alive_bitset().is_some()), "want deletes");
    index
}

const QUERIES: &[&str] = &[
    "AB=w0",
    "AB=w5",
    "AB=w23",
    "w3",
    "AB=w1*",
    "AB=(w1 OR w7)",
    "AB=(w2 AND w4)",
    "AB=(w2 AND w4 AND w9)",
    "AB=w1 AND PD>=2018",
    "TI=w3 AND PD=[2012 TO 2016]",
    "PD<2020 AND AB=(w2 AND w5)",
    "AB=w1 AND PD>=2015 NOT AB=w2",
    "AB=w6 AND PD>=2011 AND PD<2024",
    "(AB=w4 AND PD>=2020) OR TI=w8",
    "AB=\"w1 w2\"",
    "AB=(w1 3D w2) AND PD>=2016",
    "PD>=2024",
];

/// (id, score) of a page.
fn page(index: &PatentIndex, q: &str, offset: usize, limit: usize) -> (usize, Vec<(String, f32)>) {
    let opts = SearchOptions { offset, limit, snippets: false, ..Default::default() };
    let r = index.search_ids(q, &opts).unwrap_or_else(|e| panic!("{q}: {e}"));
    let full = index.search(q, &opts).unwrap_or_else(|e| panic!("{q}: {e}"));
    assert_eq!(r.total, full.total, "{q}: search_ids and search count alike");
    let ids: Vec<&str> = full.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(r.hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(), ids, "{q}: same page");
    (r.total, r.hits.into_iter().map(|h| (h.id, h.score.expect("relevance has scores"))).collect())
}

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() <= 1e-4 * a.abs().max(1.0)
}

#[test]
fn pruned_pages_equal_full_evaluation() {
    let mut index = corpus_index();
    for q in QUERIES {
        index.set_options(IndexOptions { prune_top_k: false, ..Default::default() });
        let (total, all) = page(&index, q, 0, 5000);
        assert_eq!(all.len(), total, "{q}");
        assert!(total > 0, "{q} should match something");
        let score_of = |id: &str| all.iter().find(|(i, _)| i == id).map(|(_, s)| *s);
        for (offset, limit) in [(0, 10), (5, 7), (0, 1), (0, 200)] {
            index.set_options(IndexOptions { prune_top_k: false, ..Default::default() });
            let (t_full, want) = page(&index, q, offset, limit);
            index.set_options(IndexOptions { prune_top_k: true, ..Default::default() });
            let (t_pruned, got) = page(&index, q, offset, limit);
            assert_eq!(t_full, total, "{q}");
            assert_eq!(t_pruned, total, "{q}: pruned count is exact");
            assert_eq!(got.len(), want.len(), "{q} {offset}+{limit}");
            for (k, ((gid, gs), (_, ws))) in got.iter().zip(&want).enumerate() {
                // The same scores rank by rank (ties may pick other documents of that score) …
                assert!(close(*gs, *ws), "{q} {offset}+{limit} rank {k}: {gs} vs {ws}");
                // … and every document returned has that score in the full evaluation.
                let s = score_of(gid).unwrap_or_else(|| panic!("{q}: {gid} is not a hit"));
                assert!(close(s, *gs), "{q}: {gid} scored {gs}, fully {s}");
            }
        }
    }
}

#[test]
fn date_filter_keeps_the_range_clause_scores() {
    let index = corpus_index();
    // A date range ANDed with a scored query adds 1 per range, as tantivy's RangeQuery clause did.
    for (plain, dated, ranges) in [
        ("AB=w1", "AB=w1 AND PD>=2018", 1.0f32),
        ("AB=(w2 AND w4)", "AB=(w2 AND w4) AND PD=[2012 TO 2020]", 1.0),
        ("TI=w3", "PD>=2011 AND TI=w3 AND PD<2024", 2.0),
    ] {
        let (_, all) = page(&index, plain, 0, 5000);
        let (total, got) = page(&index, dated, 0, 5000);
        assert!(total > 0 && total < all.len(), "{dated}: the range filters");
        for (id, s) in &got {
            let base = all.iter().find(|(i, _)| i == id).map(|(_, s)| *s).expect("dated hit is a plain hit");
            assert!(close(*s, base + ranges), "{dated}: {id} {s} vs {base} + {ranges}");
        }
    }
}

#[test]
fn date_filter_hits_are_the_documents_in_range() {
    let index = corpus_index();
    let opts = SearchOptions { limit: 5000, snippets: false, ..Default::default() };
    let plain = index.search("AB=w1", &opts).expect("search");
    let dated = index.search("AB=w1 AND PD=[2015-03-01 TO 2019-06-30]", &opts).expect("search");
    let lo = NaiveDate::from_ymd_opt(2015, 3, 1);
    let hi = NaiveDate::from_ymd_opt(2019, 6, 30);
    let mut want: Vec<&str> = plain
        .hits
        .iter()
        .filter(|h| h.doc.publication_date.is_some_and(|d| Some(d) >= lo && Some(d) <= hi))
        .map(|h| h.id.as_str())
        .collect();
    want.sort_unstable();
    let mut got: Vec<&str> = dated.hits.iter().map(|h| h.id.as_str()).collect();
    got.sort_unstable();
    assert!(!want.is_empty());
    assert_eq!(got, want);
    assert_eq!(dated.total, want.len());
    // Date order still works on a filtered query.
    let by_date = SearchOptions {
        limit: 5000,
        snippets: false,
        sort: SortBy::Date { field: zhibao_search::query::DateField::Pd, descending: true },
        ..Default::default()
    };
    let sorted = index.search("AB=w1 AND PD=[2015-03-01 TO 2019-06-30]", &by_date).expect("search");
    assert_eq!(sorted.total, want.len());
    let dates: Vec<_> = sorted.hits.iter().map(|h| h.doc.publication_date).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");
}

#[test]
fn facet_counts_are_exact_over_all_hits() {
    let index = corpus_index();
    let opts = SearchOptions { limit: 5000, snippets: false, ..Default::default() };
    for q in ["AB=w1", "AB=w7 AND PD>=2018", "AB=(w1 3D w2)"] {
        let hits = index.search(q, &opts).expect("search");
        let mut want: std::collections::BTreeMap<String, u64> = Default::default();
        for h in &hits.hits {
            let mut seen = std::collections::BTreeSet::new();
            for s in &h.doc.ipc {
                let norm = zhibao_search::analyzer::normalize_classification(s);
                if seen.insert(norm.clone()) {
                    *want.entry(norm).or_insert(0) += 1;
                }
            }
        }
        let mut want: Vec<(String, u64)> = want.into_iter().collect();
        want.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        want.truncate(20);
        let got = index.facet_counts(q, "ipc", 20).expect("facets");
        assert!(!got.is_empty(), "{q}");
        assert_eq!(got, want, "{q}");
    }
    assert!(index.facet_counts("AB=w1", "nope", 20).is_err());
}
