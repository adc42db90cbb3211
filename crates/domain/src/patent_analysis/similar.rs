//! Similar patents (相似专利): more-like-this over terms, boosted by IPC overlap.
//!
//! Retrieval of candidates belongs to the search index (a disjunction of the query document's most telling terms,
//! see `zhibao_search`); this module holds the scoring so that it is the same whoever retrieves, and testable by
//! hand:
//!
//! 1. [`terms`] turns text into terms — lower-cased Latin words of two or more letters (minus a few stop words) and
//!    overlapping **character bigrams** of Chinese runs (`锂离子电池` → `锂离` `离子` `子电` `电池`). Bigrams need no
//!    dictionary and are the usual baseline for Chinese retrieval;
//! 2. [`key_terms`] picks the query's most telling terms by tf·idf (what more-like-this sends to the index);
//! 3. [`text_score`] is the cosine of the tf·idf vectors of query and candidate;
//! 4. [`ipc_overlap`] is the mean of the Jaccard overlaps of the two patents' IPC sets at subclass and at main-group
//!    level (0 when either has no IPC);
//! 5. the final score is `text × (1 + boost × ipc_overlap)` ([`rank`]), `boost` a setting (default 0.5).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::ipc::{key_at, IpcLevel};

const STOP: [&str; 24] = [
    "the", "and", "of", "to", "in", "for", "on", "with", "by", "an", "or", "is", "are", "be", "as", "at", "from",
    "that", "this", "which", "its", "it", "said", "wherein",
];

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// Split text into terms (see the module documentation). A Chinese run of one character gives that character.
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut latin = String::new();
    let mut han: Vec<char> = Vec::new();
    let flush_latin = |latin: &mut String, out: &mut Vec<String>| {
        if latin.chars().count() >= 2 && !STOP.contains(&latin.as_str()) {
            out.push(std::mem::take(latin));
        } else {
            latin.clear();
        }
    };
    let flush_han = |han: &mut Vec<char>, out: &mut Vec<String>| {
        match han.len() {
            0 => {}
            1 => out.push(han[0].to_string()),
            _ => out.extend(han.windows(2).map(|w| w.iter().collect::<String>())),
        }
        han.clear();
    };
    for c in text.chars().map(super::normalize::fold_char) {
        if is_cjk(c) {
            flush_latin(&mut latin, &mut out);
            han.push(c);
        } else if c.is_alphanumeric() {
            flush_han(&mut han, &mut out);
            latin.extend(c.to_lowercase());
        } else {
            flush_latin(&mut latin, &mut out);
            flush_han(&mut han, &mut out);
        }
    }
    flush_latin(&mut latin, &mut out);
    flush_han(&mut han, &mut out);
    out
}

/// Term frequencies of a text.
pub fn term_freqs(text: &str) -> BTreeMap<String, u32> {
    let mut tf = BTreeMap::new();
    for t in terms(text) {
        *tf.entry(t).or_default() += 1;
    }
    tf
}

/// Corpus statistics for idf: number of documents and each term's document frequency (absent terms: 0).
pub trait DocFreqs {
    /// Documents in the corpus.
    fn docs(&self) -> u64;
    /// Documents containing the term.
    fn doc_freq(&self, term: &str) -> u64;
}

/// In-memory statistics (tests, small corpora).
#[derive(Debug, Clone, Default)]
pub struct MemoryStats {
    docs: u64,
    df: BTreeMap<String, u64>,
}

impl MemoryStats {
    /// Statistics over these texts.
    pub fn of<'a>(texts: impl IntoIterator<Item = &'a str>) -> Self {
        let mut s = Self::default();
        for t in texts {
            s.docs += 1;
            for term in term_freqs(t).into_keys() {
                *s.df.entry(term).or_default() += 1;
            }
        }
        s
    }
}

impl DocFreqs for MemoryStats {
    fn docs(&self) -> u64 {
        self.docs
    }
    fn doc_freq(&self, term: &str) -> u64 {
        self.df.get(term).copied().unwrap_or(0)
    }
}

/// Smoothed idf: `ln(1 + (N − df + 0.5) / (df + 0.5))` (the BM25 form; always positive).
pub fn idf(stats: &dyn DocFreqs, term: &str) -> f64 {
    let n = stats.docs() as f64;
    let df = stats.doc_freq(term) as f64;
    (1.0 + (n - df + 0.5).max(0.0) / (df + 0.5)).ln()
}

fn weights(tf: &BTreeMap<String, u32>, stats: &dyn DocFreqs) -> BTreeMap<String, f64> {
    tf.iter().map(|(t, f)| (t.clone(), (1.0 + (*f as f64).ln()) * idf(stats, t))).collect()
}

/// The `n` terms with the highest tf·idf in a text, best first (ties by term) — the more-like-this query.
pub fn key_terms(text: &str, stats: &dyn DocFreqs, n: usize) -> Vec<(String, f64)> {
    let mut w: Vec<(String, f64)> = weights(&term_freqs(text), stats).into_iter().collect();
    w.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    w.truncate(n);
    w
}

/// Cosine similarity of the tf·idf vectors of two texts, in 0..=1.
pub fn text_score(a: &str, b: &str, stats: &dyn DocFreqs) -> f64 {
    let (wa, wb) = (weights(&term_freqs(a), stats), weights(&term_freqs(b), stats));
    let dot: f64 = wa.iter().filter_map(|(t, x)| wb.get(t).map(|y| x * y)).sum();
    let norm = |w: &BTreeMap<String, f64>| w.values().map(|x| x * x).sum::<f64>().sqrt();
    let d = norm(&wa) * norm(&wb);
    if d == 0.0 {
        0.0
    } else {
        (dot / d).min(1.0)
    }
}

fn ipc_set(ipc: &[String], level: IpcLevel) -> BTreeSet<String> {
    ipc.iter().filter_map(|s| key_at(s, level)).collect()
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        0.0
    } else {
        a.intersection(b).count() as f64 / union as f64
    }
}

/// IPC overlap in 0..=1: mean of the Jaccard overlaps at subclass and main-group level.
pub fn ipc_overlap(a: &[String], b: &[String]) -> f64 {
    let (sa, sb) = (ipc_set(a, IpcLevel::Subclass), ipc_set(b, IpcLevel::Subclass));
    if sa.is_empty() || sb.is_empty() {
        return 0.0;
    }
    let (ga, gb) = (ipc_set(a, IpcLevel::MainGroup), ipc_set(b, IpcLevel::MainGroup));
    (jaccard(&sa, &sb) + jaccard(&ga, &gb)) / 2.0
}

/// The document to find neighbours for: text (title + abstract + claims, as available) and IPC symbols.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Probe {
    /// Id of the probe patent, excluded from the results; `None` for free text.
    pub id: Option<i64>,
    /// Text.
    pub text: String,
    /// IPC symbols (may be empty for free text).
    pub ipc: Vec<String>,
}

/// One candidate as retrieved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    /// Patent id.
    pub id: i64,
    /// Text (same fields as the probe's).
    pub text: String,
    /// IPC symbols.
    pub ipc: Vec<String>,
}

/// A ranked neighbour with the parts of its score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ranked {
    /// Patent id.
    pub id: i64,
    /// Final score.
    pub score: f64,
    /// Text cosine.
    pub text: f64,
    /// IPC overlap.
    pub ipc: f64,
    /// Up to five shared terms with the highest weight (for "why similar").
    pub shared_terms: Vec<String>,
}

/// Rank candidates against a probe, best first (ties by id), dropping the probe itself and zero scores.
pub fn rank(probe: &Probe, candidates: &[Candidate], stats: &dyn DocFreqs, boost: f64, limit: usize) -> Vec<Ranked> {
    let probe_w = weights(&term_freqs(&probe.text), stats);
    let mut out: Vec<Ranked> = candidates
        .iter()
        .filter(|c| Some(c.id) != probe.id)
        .map(|c| {
            let text = text_score(&probe.text, &c.text, stats);
            let ipc = ipc_overlap(&probe.ipc, &c.ipc);
            let ctf = term_freqs(&c.text);
            let mut shared: Vec<(&String, f64)> =
                probe_w.iter().filter(|(t, _)| ctf.contains_key(*t)).map(|(t, w)| (t, *w)).collect();
            shared.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
            Ranked {
                id: c.id,
                score: text * (1.0 + boost.max(0.0) * ipc),
                text,
                ipc,
                shared_terms: shared.into_iter().take(5).map(|(t, _)| t.clone()).collect(),
            }
        })
        .filter(|r| r.score > 0.0)
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
    out.truncate(limit);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_bigrams_and_words() {
        assert_eq!(terms("锂离子电池"), vec!["锂离", "离子", "子电", "电池"]);
        assert_eq!(terms("The Lithium-ion battery, 电池!"), vec!["lithium", "ion", "battery", "电池"]);
        assert_eq!(terms("Ａ 电 x"), vec!["电"]);
        assert_eq!(terms("H01M10 锂"), vec!["h01m10", "锂"]);
        assert!(terms("").is_empty());
    }

    #[test]
    fn idf_is_positive_and_falls_with_frequency() {
        let stats = MemoryStats::of(["电池 电极", "电池 隔膜", "电池 外壳", "图像 识别"]);
        assert!(idf(&stats, "电池") > 0.0);
        assert!(idf(&stats, "隔膜") > idf(&stats, "电池"));
        assert!(idf(&stats, "从未") > idf(&stats, "隔膜"));
    }

    #[test]
    fn key_terms_prefer_rare_terms() {
        let stats = MemoryStats::of(["电池 电极", "电池 隔膜", "电池 外壳", "图像 识别"]);
        let got = key_terms("电池 隔膜", &stats, 1);
        assert_eq!(got[0].0, "隔膜");
    }

    #[test]
    fn text_score_bounds() {
        let stats = MemoryStats::of(["锂离子电池负极材料", "图像识别方法"]);
        let same = text_score("锂离子电池负极材料", "锂离子电池负极材料", &stats);
        assert!((same - 1.0).abs() < 1e-9, "{same}");
        assert_eq!(text_score("锂离子电池", "图像识别", &stats), 0.0);
        assert_eq!(text_score("", "图像识别", &stats), 0.0);
        let part = text_score("锂离子电池负极材料", "锂离子电池隔膜", &stats);
        assert!(part > 0.0 && part < 1.0);
    }

    #[test]
    fn ipc_overlap_by_hand() {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(ipc_overlap(&v(&["H01M 10/0525"]), &v(&["H01M 10/0525"])), 1.0);
        // subclass {H01M} vs {H01M}: 1; main group {H01M10/00} vs {H01M4/00}: 0 → 0.5
        assert_eq!(ipc_overlap(&v(&["H01M 10/0525"]), &v(&["H01M 4/13"])), 0.5);
        // subclass {H01M} vs {H01M, G06N}: 1/2; groups {H01M10} vs {H01M10, G06N3}: 1/2 → 0.5
        assert_eq!(ipc_overlap(&v(&["H01M 10/0525"]), &v(&["H01M 10/052", "G06N 3/08"])), 0.5);
        assert_eq!(ipc_overlap(&v(&["H01M 10/0525"]), &v(&["G06N 3/08"])), 0.0);
        assert_eq!(ipc_overlap(&v(&[]), &v(&["G06N 3/08"])), 0.0);
    }

    #[test]
    fn ipc_overlap_breaks_text_ties() {
        let texts = ["一种锂离子电池负极材料", "一种锂离子电池负极材料", "一种锂离子电池负极材料", "图像识别"];
        let stats = MemoryStats::of(texts);
        let probe = Probe { id: Some(1), text: texts[0].into(), ipc: vec!["H01M 4/13".into()] };
        let c = |id: i64, ipc: &str| Candidate { id, text: texts[(id - 1) as usize].into(), ipc: vec![ipc.into()] };
        let got = rank(
            &probe,
            &[c(1, "H01M 4/13"), c(2, "G06N 3/08"), c(3, "H01M 4/13"), c(4, "H01M 4/13")],
            &stats,
            0.5,
            10,
        );
        let ids: Vec<i64> = got.iter().map(|r| r.id).collect();
        assert_eq!(ids, vec![3, 2], "probe excluded, zero-text candidate dropped, IPC match first");
        assert!((got[0].score - 1.5).abs() < 1e-9);
        assert!((got[1].score - 1.0).abs() < 1e-9);
        assert!(got[0].shared_terms.len() <= 5 && !got[0].shared_terms.is_empty());
        let no_boost = rank(&probe, &[c(2, "G06N 3/08"), c(3, "H01M 4/13")], &stats, 0.0, 10);
        assert_eq!(no_boost.iter().map(|r| r.id).collect::<Vec<_>>(), vec![2, 3], "without boost: tie by id");
    }
}
