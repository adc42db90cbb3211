//! Similar matters and duplicates (类案与重复件).
//!
//! The same infringement often arrives more than once — by the right holder and by a consumer, through the
//! portal and the hotline, once per platform link. This module compares two matters by their respondents, their
//! right numbers, their links and their text, after normalising each (so `华为技术有限责任公司（天津分公司）`
//! and `华为技术有限公司` are the same respondent, and a Taobao link with and without `spm=` is the same link),
//! and groups the matters that look alike.
//!
//! Everything here is in memory and quadratic in the number of matters: [`group`] compares every pair. The store
//! pre-filters candidates with indexed keys (normalised respondent names, right numbers and links, a recent time
//! window) before calling it, so `n` stays small.

use std::collections::{BTreeMap, BTreeSet};

use super::ids::{fold_width, CopyrightRegNo, PatentNumber, TrademarkRegNo};

/// Width-fold and case-fold, then split into runs of letters and digits (Unicode alphanumerics, which include
/// Chinese characters); whitespace, punctuation and symbols separate the runs and are dropped.
fn words(raw: &str) -> Vec<String> {
    let folded: String = raw.chars().map(fold_width).flat_map(char::to_lowercase).collect();
    folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// English legal-form endings (as lowercase words) that all become `ltd`.
const LTD_ENDINGS: [&[&str]; 5] = [&["company", "limited"], &["co", "limited"], &["co", "ltd"], &["limited"], &["ltd"]];

/// Chinese company-form endings that all become `有限公司`.
const CN_ENDINGS: [&str; 2] = ["股份有限公司", "有限责任公司"];

/// Normalise an organisation or person name for comparison (名称归一化), in this order:
///
/// 1. full-width forms are folded to ASCII (`ＡＢＣ（` → `ABC(`) and letters are lower-cased;
/// 2. whitespace, punctuation and symbols are removed (only Unicode letters, digits and Chinese characters stay);
/// 3. a trailing English legal form — `Company Limited`, `Co., Limited`, `Co., Ltd.`, `Limited`, `Ltd` (as whole
///    words) — becomes `ltd`;
/// 4. a branch marker is removed: when the name ends with `分公司` and an earlier `公司` exists, everything after
///    that `公司` goes (`某某有限公司天津分公司`, `某某有限公司（滨海分公司）`, `某某有限公司(分公司)` →
///    `某某有限公司`); a name with no earlier `公司` keeps its `分公司`;
/// 5. the ending `股份有限公司` or `有限责任公司` becomes `有限公司`.
///
/// So `华为技术有限责任公司（天津分公司）` and ` 华为技术 有限公司 ` both give `华为技术有限公司`. Head office and
/// branch are deliberately treated as one respondent: for duplicate detection that is the useful answer.
pub fn normalize_name(raw: &str) -> String {
    let mut parts = words(raw);
    for ending in LTD_ENDINGS {
        let keep = parts.len().saturating_sub(ending.len());
        if keep > 0 && parts[keep..].iter().zip(ending).all(|(have, want)| have == want) {
            parts.truncate(keep);
            parts.push("ltd".to_string());
            break;
        }
    }
    let mut s = parts.concat();
    if let Some(head) = s.strip_suffix("分公司") {
        if let Some(pos) = head.rfind("公司") {
            s = head[..pos + "公司".len()].to_string();
        }
    }
    for ending in CN_ENDINGS {
        if let Some(head) = s.strip_suffix(ending) {
            s = format!("{head}有限公司");
            break;
        }
    }
    s
}

/// Query parameters dropped by [`normalize_url`] (compared lowercase): they track the visit, not the page.
pub const TRACKING_PARAMS: [&str; 14] = [
    "spm",
    "scm",
    "from",
    "share_from",
    "share_source",
    "share_medium",
    "share_token",
    "share_app_id",
    "ali_trackid",
    "pvid",
    "fbclid",
    "gclid",
    "xsec_source",
    "ref_src",
];

fn is_tracking(param: &str) -> bool {
    let key = param.split('=').next().unwrap_or("").to_ascii_lowercase();
    key.starts_with("utm_") || TRACKING_PARAMS.contains(&key.as_str())
}

/// Normalise a link for comparison (链接归一化):
///
/// - surrounding whitespace and the fragment (`#…`) are removed;
/// - the scheme (`https://`, `http://`, any `xyz://`, or a leading `//`) is removed, and so is a user-info part
///   (`user:pass@`);
/// - the host is lower-cased, a trailing dot, a leading `www.` and the ports `:80` and `:443` are removed;
/// - trailing slashes of the path are removed (the path keeps its case: paths are case-sensitive);
/// - query parameters named in [`TRACKING_PARAMS`] or starting with `utm_` are removed, empty ones too; the others
///   are kept, sorted and de-duplicated, and the `?` is dropped when none is left.
///
/// So `https://WWW.Taobao.com:443/item.htm?spm=a1z10&id=2&b=1#detail` gives `taobao.com/item.htm?b=1&id=2`.
/// Percent-encoding and internationalised domain names are not normalised.
pub fn normalize_url(raw: &str) -> String {
    let s = raw.trim();
    let s = s.split('#').next().unwrap_or("");
    let s = match s.find("://") {
        Some(pos) if s[..pos].chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) => {
            &s[pos + 3..]
        }
        _ => s.strip_prefix("//").unwrap_or(s),
    };
    let split = s.find(['/', '?']).unwrap_or(s.len());
    let (authority, rest) = s.split_at(split);
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let mut host = host_port.to_lowercase();
    for port in [":80", ":443"] {
        if let Some(h) = host.strip_suffix(port) {
            host = h.to_string();
        }
    }
    let host = host.trim_end_matches('.');
    let host = host.strip_prefix("www.").unwrap_or(host);
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let path = path.trim_end_matches('/');
    let params: BTreeSet<&str> = query.split('&').filter(|p| !p.is_empty() && !is_tracking(p)).collect();
    let mut out = format!("{host}{path}");
    if !params.is_empty() {
        out.push('?');
        out.push_str(&params.into_iter().collect::<Vec<_>>().join("&"));
    }
    out
}

/// Normalise a right number: the canonical form when it parses as a patent, trademark or copyright number
/// (`ZL 200310102344.5` → `CN200310102344.5`), otherwise upper-cased letters and digits only.
fn normalize_right_number(raw: &str) -> String {
    if let Ok(p) = PatentNumber::parse(raw) {
        return p.to_string();
    }
    if let Ok(t) = TrademarkRegNo::parse(raw) {
        return t.to_string();
    }
    if let Ok(c) = CopyrightRegNo::parse(raw) {
        return c.to_string();
    }
    words(raw).concat().to_uppercase()
}

/// A character bigram packed into one integer (first character in the high half); a lone character is paired
/// with `'\0'`, which normalised text never contains.
type Gram = u64;

fn gram(a: char, b: char) -> Gram {
    (u64::from(a) << 32) | u64::from(b)
}

/// The distinct bigrams of a text, sorted (a sorted vector: the intersection is one merge, and it is a tenth of
/// the size of a tree set, which matters for the fingerprints the intake writer keeps).
fn grams(text: &str) -> Vec<Gram> {
    let chars: Vec<char> = words(text).concat().chars().collect();
    let mut out: Vec<Gram> = match chars.as_slice() {
        [] => Vec::new(),
        [c] => vec![gram(*c, '\0')],
        _ => chars.windows(2).map(|w| gram(w[0], w[1])).collect(),
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// How many items two sorted, de-duplicated slices share.
fn shared<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

fn jaccard(a: &[Gram], b: &[Gram]) -> f64 {
    let inter = shared(a, b);
    let union = a.len() + b.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

/// Text similarity (文本相似度) in 0..=1: the Jaccard index of the sets of character bigrams, after width- and
/// case-folding and removing whitespace, punctuation and symbols. A one-character text counts as one gram; two
/// empty texts give 0 (no evidence of sameness).
pub fn text_similarity(a: &str, b: &str) -> f64 {
    jaccard(&grams(a), &grams(b))
}

/// What [`compare`] needs of a matter (a sketch the store builds from the matter's rows).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MatterSketch {
    /// The matter's id.
    pub id: i64,
    /// Names of the respondents (被投诉人 / 被举报人 / 被申请人 …).
    pub respondent_names: Vec<String>,
    /// Numbers of the rights involved.
    pub right_numbers: Vec<String>,
    /// Infringing links.
    pub urls: Vec<String>,
    /// The free text (请求事项、事实与理由).
    pub text: String,
}

/// The text similarity from which two matters are duplicate candidates on text alone.
pub const TEXT_THRESHOLD: f64 = 0.6;
/// Weight of a shared respondent in [`Similarity::score`].
pub const WEIGHT_RESPONDENT: f64 = 0.35;
/// Weight of a shared right number in [`Similarity::score`].
pub const WEIGHT_RIGHT: f64 = 0.25;
/// Weight of a shared link in [`Similarity::score`].
pub const WEIGHT_URL: f64 = 0.25;
/// Weight of the text similarity in [`Similarity::score`] (the four weights sum to 1).
pub const WEIGHT_TEXT: f64 = 0.15;

/// How alike two matters are.
#[derive(Debug, Clone, PartialEq)]
pub struct Similarity {
    /// A respondent name is the same after [`normalize_name`].
    pub same_respondent: bool,
    /// A right number is the same after normalisation (patent numbers in canonical form).
    pub same_right: bool,
    /// A link is the same after [`normalize_url`].
    pub same_url: bool,
    /// [`text_similarity`] of the texts.
    pub text: f64,
    /// A ranking score in 0..=1: `0.35·respondent + 0.25·right + 0.25·url + 0.15·text` (see the `WEIGHT_*`
    /// constants). For ordering a list of similar matters; the candidate rule does not use it.
    pub score: f64,
    /// Why, in Chinese, for the console (`同一被投诉方`, `同一权利`, `同一链接`, `内容相似`).
    pub reasons: Vec<&'static str>,
}

impl Similarity {
    /// The duplicate-candidate rule (疑似重复): any exact signal — same respondent, same right or same link — or a
    /// text similarity of at least [`TEXT_THRESHOLD`] (0.6).
    ///
    /// Note that a shared right alone makes two matters candidates: complaints by one brand owner against
    /// different sellers are then linked as similar matters (类案), which is intended — staff confirm or dismiss.
    pub fn is_duplicate_candidate(&self) -> bool {
        self.is_candidate_at(TEXT_THRESHOLD)
    }

    /// The candidate rule with another text threshold.
    pub fn is_candidate_at(&self, text_threshold: f64) -> bool {
        self.same_respondent || self.same_right || self.same_url || self.text >= text_threshold
    }
}

/// A matter's sketch with every key normalised, sorted and de-duplicated once: what a comparison reads. The
/// store's intake writer keeps the fingerprints of recent matters, so a filing is compared with its candidates
/// without reading or normalising them again (a matter's respondents, rights, links and text do not change after
/// intake).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Fingerprint {
    respondents: Vec<String>,
    rights: Vec<String>,
    urls: Vec<String>,
    grams: Vec<Gram>,
}

fn keys(values: &[String], normalize: impl Fn(&str) -> String) -> Vec<String> {
    let mut out: Vec<String> = values.iter().map(|v| normalize(v)).filter(|k| !k.is_empty()).collect();
    out.sort_unstable();
    out.dedup();
    out.shrink_to_fit();
    out
}

impl Fingerprint {
    /// Normalise a sketch.
    pub fn of(s: &MatterSketch) -> Fingerprint {
        let mut grams = grams(&s.text);
        grams.shrink_to_fit();
        Fingerprint {
            respondents: keys(&s.respondent_names, normalize_name),
            rights: keys(&s.right_numbers, normalize_right_number),
            urls: keys(&s.urls, normalize_url),
            grams,
        }
    }

    /// Roughly how many bytes of memory this fingerprint holds (for sizing caches of them).
    pub fn heap_bytes(&self) -> usize {
        let strings = |v: &[String]| v.iter().map(|s| s.capacity() + std::mem::size_of::<String>()).sum::<usize>();
        strings(&self.respondents)
            + strings(&self.rights)
            + strings(&self.urls)
            + self.grams.capacity() * std::mem::size_of::<Gram>()
    }
}

fn compare_prepared(a: &Fingerprint, b: &Fingerprint) -> Similarity {
    let same_respondent = shared(&a.respondents, &b.respondents) > 0;
    let same_right = shared(&a.rights, &b.rights) > 0;
    let same_url = shared(&a.urls, &b.urls) > 0;
    let text = jaccard(&a.grams, &b.grams);
    let flag = |b: bool| if b { 1.0 } else { 0.0 };
    let score = WEIGHT_RESPONDENT * flag(same_respondent)
        + WEIGHT_RIGHT * flag(same_right)
        + WEIGHT_URL * flag(same_url)
        + WEIGHT_TEXT * text;
    let mut reasons = Vec::new();
    if same_respondent {
        reasons.push("同一被投诉方");
    }
    if same_right {
        reasons.push("同一权利");
    }
    if same_url {
        reasons.push("同一链接");
    }
    if text >= TEXT_THRESHOLD {
        reasons.push("内容相似");
    }
    Similarity { same_respondent, same_right, same_url, text, score, reasons }
}

/// Compare two matters.
pub fn compare(a: &MatterSketch, b: &MatterSketch) -> Similarity {
    compare_prepared(&Fingerprint::of(a), &Fingerprint::of(b))
}

/// One matter normalised once, to be compared with many ([`compare`] normalises both sides on every call; the
/// duplicate check at intake compares each filing with up to twenty candidates).
pub struct Probe(Fingerprint);

impl Probe {
    /// Normalise `me`.
    pub fn new(me: &MatterSketch) -> Probe {
        Probe(Fingerprint::of(me))
    }

    /// [`compare`]`(me, other)`.
    pub fn compare(&self, other: &MatterSketch) -> Similarity {
        compare_prepared(&self.0, &Fingerprint::of(other))
    }

    /// [`compare`]`(me, other)` with `other` already normalised.
    pub fn compare_fingerprint(&self, other: &Fingerprint) -> Similarity {
        compare_prepared(&self.0, other)
    }

    /// The probe's own fingerprint.
    pub fn fingerprint(&self) -> &Fingerprint {
        &self.0
    }
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Group matters that are candidates of each other, transitively (A~B and B~C put A, B, C together), by
/// union-find over every pair: O(n²) comparisons, fine for the few dozen matters the store pre-selects with its
/// indexed keys. A pair is joined when [`Similarity::is_candidate_at`]`(text_threshold)` holds; pass
/// [`TEXT_THRESHOLD`] for the standard rule.
///
/// Returns only groups of two or more distinct ids; ids ascending within a group, groups ordered by their
/// smallest id.
pub fn group(sketches: &[MatterSketch], text_threshold: f64) -> Vec<Vec<i64>> {
    let prepared: Vec<Fingerprint> = sketches.iter().map(Fingerprint::of).collect();
    let mut parent: Vec<usize> = (0..sketches.len()).collect();
    for i in 0..prepared.len() {
        for j in i + 1..prepared.len() {
            let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
            if ri != rj && compare_prepared(&prepared[i], &prepared[j]).is_candidate_at(text_threshold) {
                parent[rj.max(ri)] = ri.min(rj);
            }
        }
    }
    let mut groups: BTreeMap<usize, BTreeSet<i64>> = BTreeMap::new();
    for (i, s) in sketches.iter().enumerate() {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().insert(s.id);
    }
    let mut out: Vec<Vec<i64>> =
        groups.into_values().filter(|g| g.len() > 1).map(|g| g.into_iter().collect()).collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_normalisation_table() {
        let table = [
            ("华为技术有限公司", "华为技术有限公司"),
            (" 华为技术 有限公司 ", "华为技术有限公司"),
            ("华为技术有限责任公司", "华为技术有限公司"),
            ("华为技术有限责任公司（天津分公司）", "华为技术有限公司"),
            ("华为技术有限公司天津分公司", "华为技术有限公司"),
            ("华为技术有限公司(分公司)", "华为技术有限公司"),
            ("ＡＢＣ科技股份有限公司", "abc科技有限公司"),
            ("某某股份有限公司北京分公司", "某某有限公司"),
            ("某某公司滨海分公司", "某某公司"),
            ("某某分公司", "某某分公司"),
            ("天津·滨海 “知保” 商行", "天津滨海知保商行"),
            ("ACME Co., Ltd.", "acmeltd"),
            ("Acme Company Limited", "acmeltd"),
            ("ACME LIMITED", "acmeltd"),
            ("acme ltd", "acmeltd"),
            ("Costco Ltd", "costcoltd"),
            ("Costco Co., Ltd.", "costcoltd"),
            ("Ltd", "ltd"),
            ("Apple Inc.", "appleinc"),
            ("张 三", "张三"),
            ("", ""),
            ("（）", ""),
        ];
        for (raw, want) in table {
            assert_eq!(normalize_name(raw), want, "{raw}");
        }
    }

    #[test]
    fn url_normalisation_table() {
        let table = [
            ("https://WWW.Taobao.com:443/item.htm?spm=a1z10&id=2&b=1#detail", "taobao.com/item.htm?b=1&id=2"),
            ("http://item.taobao.com/item.htm?id=123&spm=a.b.c", "item.taobao.com/item.htm?id=123"),
            ("item.taobao.com/item.htm?id=123", "item.taobao.com/item.htm?id=123"),
            ("https://item.jd.com/100012043978.html", "item.jd.com/100012043978.html"),
            ("https://www.jd.com/", "jd.com"),
            ("HTTP://Example.COM:80/Path/To/", "example.com/Path/To"),
            ("https://example.com:8443/a", "example.com:8443/a"),
            ("https://user:pw@example.com/a", "example.com/a"),
            ("//example.com/a", "example.com/a"),
            ("https://example.com./a", "example.com/a"),
            ("https://v.douyin.com/iRNBjk1/ ", "v.douyin.com/iRNBjk1"),
            (
                "https://example.com/p?utm_source=x&UTM_Medium=y&from=timeline&share_token=t&fbclid=f&a=1",
                "example.com/p?a=1",
            ),
            ("https://example.com/p?b=2&a=1&b=2&&", "example.com/p?a=1&b=2"),
            ("https://example.com/p?utm_source=x", "example.com/p"),
            ("https://example.com?x=1", "example.com?x=1"),
            ("", ""),
        ];
        for (raw, want) in table {
            assert_eq!(normalize_url(raw), want, "{raw}");
        }
    }

    #[test]
    fn text_similarity_bounds_and_values() {
        assert_eq!(text_similarity("", ""), 0.0);
        assert_eq!(text_similarity("商标侵权", ""), 0.0);
        assert_eq!(text_similarity("商标侵权", "商标侵权"), 1.0);
        // Whitespace, punctuation, width and case do not count.
        assert_eq!(text_similarity("Ａ店铺，销售假冒商标！", "a店铺 销售假冒商标"), 1.0);
        // {ab, bc, cd} vs {ab, bc, ce}: 2 shared of 4 → 0.5.
        assert_eq!(text_similarity("abcd", "abce"), 0.5);
        assert_eq!(text_similarity("好", "好"), 1.0);
        assert_eq!(text_similarity("好", "好好"), 0.0);
        let s = text_similarity("被投诉人在淘宝店铺销售假冒知保牌净水器", "被投诉人在京东店铺销售假冒知保牌净水器");
        assert!(s > 0.6 && s < 1.0, "{s}");
        assert!(text_similarity("专利侵权纠纷", "商标注册申请") < 0.1);
    }

    fn sketch(id: i64, respondents: &[&str], rights: &[&str], urls: &[&str], text: &str) -> MatterSketch {
        MatterSketch {
            id,
            respondent_names: respondents.iter().map(|s| s.to_string()).collect(),
            right_numbers: rights.iter().map(|s| s.to_string()).collect(),
            urls: urls.iter().map(|s| s.to_string()).collect(),
            text: text.to_string(),
        }
    }

    #[test]
    fn compare_signals_and_reasons() {
        let a = sketch(
            1,
            &["天津某某贸易有限责任公司"],
            &["ZL 200310102344.5"],
            &["https://item.taobao.com/item.htm?id=1&spm=x"],
            "销售侵犯专利权的净水器",
        );
        let b = sketch(
            2,
            &["天津某某贸易有限公司（滨海分公司）"],
            &["CN200310102344.5"],
            &["item.taobao.com/item.htm?id=1"],
            "销售侵犯专利权的净水器",
        );
        let s = compare(&a, &b);
        assert_eq!(Probe::new(&a).compare(&b), s, "a probe compares as compare does");
        assert_eq!(Probe::new(&a).compare_fingerprint(&Fingerprint::of(&b)), s, "and so does a kept fingerprint");
        assert_eq!(Probe::new(&b).fingerprint(), &Fingerprint::of(&b));
        assert!(s.same_respondent && s.same_right && s.same_url);
        assert_eq!(s.text, 1.0);
        assert!((s.score - 1.0).abs() < 1e-9);
        assert_eq!(s.reasons, ["同一被投诉方", "同一权利", "同一链接", "内容相似"]);
        assert!(s.is_duplicate_candidate());

        let c = sketch(3, &["另一家公司"], &["第1234567号"], &[], "商标侵权");
        let s = compare(&a, &c);
        assert_eq!(Probe::new(&a).compare(&c), s);
        assert!(!s.same_respondent && !s.same_right && !s.same_url);
        assert!(s.reasons.is_empty());
        assert!(!s.is_duplicate_candidate());
        assert!(s.score < 0.15);

        // Trademark numbers compare without the 第…号 wrapper.
        let d = sketch(4, &[], &["1234567"], &[], "");
        let s = compare(&c, &d);
        assert!(s.same_right);
        assert!((s.score - WEIGHT_RIGHT).abs() < 1e-9);
        assert_eq!(s.reasons, ["同一权利"]);

        // Empty keys never match each other.
        let e = sketch(5, &["  "], &[""], &[""], "");
        let f = sketch(6, &["（）"], &[" "], &[" "], "");
        assert!(!compare(&e, &f).is_duplicate_candidate());
    }

    /// Fingerprints hold each key once, sorted, whatever the order and repetition of the input; a repeated
    /// bigram counts once in the Jaccard index.
    #[test]
    fn fingerprints_are_sorted_sets() {
        let a = sketch(1, &["乙公司", "甲公司", "乙公司"], &["1234567", "第1234567号"], &["b.cn/x", "a.cn/y"], "哈哈哈哈");
        let b = sketch(1, &["甲公司", "乙公司"], &["1234567"], &["a.cn/y", "b.cn/x"], "哈哈");
        assert_eq!(Fingerprint::of(&a), Fingerprint::of(&b));
        assert_eq!(grams("哈哈哈哈"), vec![gram('哈', '哈')]);
        assert_eq!(shared(&[1, 3, 5, 7], &[2, 3, 4, 7, 9]), 2);
        assert_eq!(shared::<u64>(&[], &[1]), 0);
        // {ab, bc, cd} vs {bc, cd, de, ef}: 2 shared of 5.
        assert_eq!(text_similarity("abcd", "bcdef"), 0.4);
        assert!(Fingerprint::of(&a).heap_bytes() > 0);
    }

    #[test]
    fn text_alone_needs_the_threshold() {
        let a = sketch(1, &[], &[], &[], "被投诉人在淘宝店铺销售假冒知保牌净水器");
        let b = sketch(2, &[], &[], &[], "被投诉人在京东店铺销售假冒知保牌净水器");
        let s = compare(&a, &b);
        assert!(s.text >= TEXT_THRESHOLD, "{}", s.text);
        assert!(s.is_duplicate_candidate());
        assert_eq!(s.reasons, ["内容相似"]);
        assert!(!s.is_candidate_at(0.99));
    }

    #[test]
    fn weights_sum_to_one() {
        assert!((WEIGHT_RESPONDENT + WEIGHT_RIGHT + WEIGHT_URL + WEIGHT_TEXT - 1.0).abs() < 1e-12);
    }

    #[test]
    fn grouping_is_transitive_and_ordered() {
        let sketches = vec![
            sketch(10, &["甲公司"], &[], &[], "甲"),
            sketch(3, &[], &[], &["https://shop.example.com/x?spm=1"], "乙"),
            sketch(7, &["甲有限公司"], &[], &["shop.example.com/x"], "丙"),
            sketch(5, &["丁公司"], &[], &[], "完全无关的内容一"),
            sketch(1, &["戊公司"], &["CN200310102344.5"], &[], "另外的描述二"),
            sketch(8, &["己公司"], &["200310102344.5"], &[], "第三种说法三"),
            sketch(2, &["庚公司"], &[], &[], "孤立的一件事情"),
        ];
        // 10 ~ 7? "甲公司" vs "甲有限公司": different after normalisation — so 10 is alone unless text links it.
        // 3 ~ 7 by link; 1 ~ 8 by patent number.
        assert_eq!(group(&sketches, TEXT_THRESHOLD), vec![vec![1, 8], vec![3, 7]]);

        // Transitivity: 10 ~ 11 by respondent, 11 ~ 3 by link → {3, 7, 10, 11}.
        let mut more = sketches.clone();
        more.push(sketch(11, &["甲公司"], &[], &["http://shop.example.com/x/"], "丁"));
        assert_eq!(group(&more, TEXT_THRESHOLD), vec![vec![1, 8], vec![3, 7, 10, 11]]);

        // A threshold of 0 joins everything on text (every similarity is ≥ 0).
        assert_eq!(group(&sketches, 0.0), vec![vec![1, 2, 3, 5, 7, 8, 10]]);
        assert!(group(&[], TEXT_THRESHOLD).is_empty());
        assert!(group(&sketches[..1], TEXT_THRESHOLD).is_empty());
    }

    #[test]
    fn right_number_normalisation() {
        assert_eq!(normalize_right_number("ZL 200310102344.5"), "CN200310102344.5");
        assert_eq!(normalize_right_number("第 0012 号"), "0012");
        assert_eq!(normalize_right_number("2020sr0123456"), "2020SR0123456");
        assert_eq!(normalize_right_number("GI-2020 / 12"), "GI202012");
    }
}
