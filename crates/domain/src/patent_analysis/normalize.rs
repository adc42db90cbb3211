//! Applicant-name normalisation (申请人名称归一化).
//!
//! Exports spell the same applicant many ways: `天津某某科技有限公司` and `天津某某科技有限责任公司`,
//! `某某（天津）有限公司` and `某某(天津)有限公司`, full-width `ＴＣＬ` and `TCL`, `Huawei Technologies Co., Ltd.` and
//! `HUAWEI TECHNOLOGIES CO LTD`. Counting "by applicant" without folding these splits one applicant over several
//! rows. [`applicant_key`] maps every spelling to one grouping key; [`Grouper`] keeps, for each key, the spelling
//! seen most often as the name to show.
//!
//! The folding is deliberately conservative: it never drops words that change which legal person is meant — a
//! region in brackets (`(天津)`) stays, a branch (`分公司`) stays, `(有限合伙)` stays. It only removes differences of
//! width, case, spacing, punctuation and the spelling of the company-form ending.

use std::collections::BTreeMap;

/// Fold full-width ASCII forms (U+FF01–U+FF5E) and the ideographic space to ASCII; map the other CJK bracket forms
/// to ASCII parentheses. Other characters are unchanged.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{3000}' | '\u{00A0}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '【' | '〔' | '〖' | '﹙' => '(',
        '】' | '〕' | '〗' | '﹚' => ')',
        '、' | '﹐' => ',',
        '。' | '﹒' => '.',
        _ => c,
    }
}

/// Chinese company-form endings and what they become in the key (公司类型后缀).
const CN_ENDINGS: [(&str, &str); 3] =
    [("股份有限公司", "有限公司"), ("有限责任公司", "有限公司"), ("有限公司", "有限公司")];

/// English legal-form endings (as lower-case words, punctuation already removed) and their key form.
const EN_ENDINGS: [(&[&str], &str); 11] = [
    (&["company", "limited"], "co ltd"),
    (&["company", "ltd"], "co ltd"),
    (&["co", "limited"], "co ltd"),
    (&["co", "ltd"], "co ltd"),
    (&["corporation"], "corp"),
    (&["corp"], "corp"),
    (&["incorporated"], "inc"),
    (&["inc"], "inc"),
    (&["limited"], "ltd"),
    (&["ltd"], "ltd"),
    (&["l", "l", "c"], "llc"),
];

fn is_latin_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || (c.is_alphabetic() && (c as u32) < 0x2E80)
}

/// The grouping key of an applicant name (申请人归一化键), in this order:
///
/// 1. full-width forms are folded to ASCII (`ＴＣＬ（天津）` → `TCL(天津)`), other CJK brackets become `(` `)`;
/// 2. letters are lower-cased;
/// 3. `.` and `,` become spaces (so `Co.,Ltd.` is the words `co ltd`); runs of whitespace become one space
///    between two Latin words and disappear everywhere else (`张 三` → `张三`, `( 天津 )` → `(天津)`);
/// 4. the English legal-form ending is spelled one way: `Company Limited` / `Co., Ltd.` / `Co. Limited` → `co ltd`,
///    `Corporation` / `Corp.` → `corp`, `Incorporated` / `Inc.` → `inc`, `Limited` → `ltd`, `L.L.C.` → `llc`;
/// 5. the Chinese ending `股份有限公司` or `有限责任公司` becomes `有限公司`.
///
/// An empty or blank name gives an empty key.
pub fn applicant_key(raw: &str) -> String {
    let folded: String = raw
        .chars()
        .map(fold_char)
        .flat_map(char::to_lowercase)
        .map(|c| if c == '.' || c == ',' || c.is_whitespace() { ' ' } else { c })
        .collect();
    // Collapse spaces: keep one only between two Latin word characters.
    let chars: Vec<char> = folded.chars().collect();
    let mut out = String::with_capacity(folded.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == ' ' {
            let mut j = i;
            while j < chars.len() && chars[j] == ' ' {
                j += 1;
            }
            let before = out.chars().last();
            let after = chars.get(j).copied();
            if let (Some(b), Some(a)) = (before, after) {
                if is_latin_word_char(b) && is_latin_word_char(a) {
                    out.push(' ');
                }
            }
            i = j;
        } else {
            out.push(c);
            i += 1;
        }
    }
    let mut key = english_ending(&out);
    for (ending, replacement) in CN_ENDINGS {
        if let Some(stem) = key.strip_suffix(ending) {
            key = format!("{stem}{replacement}");
            break;
        }
    }
    key
}

/// Spell a trailing English legal form one way (step 4 of [`applicant_key`]).
fn english_ending(name: &str) -> String {
    let words: Vec<&str> = name.split(' ').collect();
    for (ending, replacement) in EN_ENDINGS {
        if words.len() > ending.len() && words[words.len() - ending.len()..] == *ending {
            let stem = words[..words.len() - ending.len()].join(" ");
            return format!("{stem} {replacement}");
        }
    }
    name.to_string()
}

/// A tidy display form of one spelling: width-folded, whitespace collapsed, trimmed; Chinese brackets stay as
/// written. Used when no spelling has been seen more than once.
pub fn tidy(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Groups applicant spellings by [`applicant_key`] and remembers how often each spelling was seen, so that the
/// most frequent spelling (ties: the lexicographically smallest) names the group.
#[derive(Debug, Default, Clone)]
pub struct Grouper {
    spellings: BTreeMap<String, BTreeMap<String, u64>>,
}

impl Grouper {
    /// An empty grouper.
    pub fn new() -> Self {
        Self::default()
    }

    /// Record one spelling; returns its key (empty names are ignored and give `None`).
    pub fn add(&mut self, raw: &str) -> Option<String> {
        let key = applicant_key(raw);
        if key.is_empty() {
            return None;
        }
        *self.spellings.entry(key.clone()).or_default().entry(tidy(raw)).or_default() += 1;
        Some(key)
    }

    /// The display name of a key: its most frequent spelling.
    pub fn display(&self, key: &str) -> Option<String> {
        let spellings = self.spellings.get(key)?;
        let mut best: Option<(&String, u64)> = None;
        for (name, n) in spellings {
            if best.is_none_or(|(_, m)| *n > m) {
                best = Some((name, *n));
            }
        }
        best.map(|(name, _)| name.clone())
    }

    /// All spellings seen for a key, with counts.
    pub fn spellings(&self, key: &str) -> Vec<(String, u64)> {
        self.spellings.get(key).map(|m| m.iter().map(|(k, v)| (k.clone(), *v)).collect()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pairs that must give the same key.
    const SAME: &[(&str, &str)] = &[
        ("天津某某科技有限公司", "天津某某科技有限责任公司"),
        ("天津某某科技有限公司", "天津某某科技股份有限公司"),
        ("天津某某科技有限责任公司", "天津某某科技股份有限公司"),
        ("中环领先材料技术(天津)有限公司", "中环领先材料技术（天津）有限公司"),
        ("中环领先材料技术 ( 天津 ) 有限公司", "中环领先材料技术（天津）有限公司"),
        ("中环领先材料技术【天津】有限公司", "中环领先材料技术(天津)有限公司"),
        ("ＴＣＬ科技集团（天津）有限公司", "TCL科技集团(天津)有限公司"),
        ("tcl科技集团(天津)有限公司", "TCL科技集团(天津)有限公司"),
        ("天津大学", " 天津大学 "),
        ("天津 大学", "天津大学"),
        ("天津\u{3000}大学", "天津大学"),
        ("张 三", "张三"),
        ("Huawei Technologies Co., Ltd.", "HUAWEI TECHNOLOGIES CO LTD"),
        ("Huawei Technologies Co.,Ltd.", "Huawei Technologies Co. Ltd"),
        ("Huawei Technologies Company Limited", "Huawei Technologies Co., Ltd."),
        ("Huawei Technologies Co., Limited", "huawei technologies co ltd"),
        ("Huawei  Technologies\tCo., Ltd.", "Huawei Technologies Co., Ltd."),
        ("Ｈｕａｗｅｉ Ｔｅｃｈｎｏｌｏｇｉｅｓ Ｃｏ．，Ｌｔｄ．", "Huawei Technologies Co., Ltd."),
        ("Apple Inc.", "APPLE INC"),
        ("Apple Inc.", "Apple Incorporated"),
        ("International Business Machines Corporation", "International Business Machines Corp."),
        ("Siemens Limited", "Siemens Ltd."),
        ("Acme, L.L.C.", "Acme LLC"),
        ("Acme Co., Ltd", "ACME CO.,LTD."),
        ("天津市某某研究所", "天津市某某研究所"),
        ("某某股份有限公司", "某某有限责任公司"),
    ];

    /// Pairs that must stay apart.
    const DIFFERENT: &[(&str, &str)] = &[
        ("中环领先材料技术(天津)有限公司", "中环领先材料技术有限公司"),
        ("某某科技有限公司天津分公司", "某某科技有限公司"),
        ("某某投资中心(有限合伙)", "某某投资中心"),
        ("天津大学", "南开大学"),
        ("Apple Inc.", "Apple Ltd."),
        ("Acme Corp.", "Acme Co., Ltd."),
        ("张三", "张 四"),
        ("天津某某科技有限公司", "天津某某科技公司"),
    ];

    #[test]
    fn same_applicants_get_the_same_key() {
        for (a, b) in SAME {
            assert_eq!(applicant_key(a), applicant_key(b), "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn different_applicants_stay_apart() {
        for (a, b) in DIFFERENT {
            assert_ne!(applicant_key(a), applicant_key(b), "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn keys_are_spelled_as_documented() {
        let cases = [
            ("天津某某科技股份有限公司", "天津某某科技有限公司"),
            ("ＴＣＬ科技集团（天津）有限公司", "tcl科技集团(天津)有限公司"),
            ("Huawei Technologies Co., Ltd.", "huawei technologies co ltd"),
            ("Apple Incorporated", "apple inc"),
            ("IBM Corporation", "ibm corp"),
            ("Siemens Limited", "siemens ltd"),
            ("  ", ""),
            ("", ""),
            ("Limited", "limited"),
            ("Co Ltd", "co ltd"),
        ];
        for (raw, key) in cases {
            assert_eq!(applicant_key(raw), key, "{raw:?}");
        }
    }

    #[test]
    fn keys_are_idempotent() {
        for (a, b) in SAME.iter().chain(DIFFERENT) {
            for s in [a, b] {
                let k = applicant_key(s);
                assert_eq!(applicant_key(&k), k, "{s:?}");
            }
        }
    }

    #[test]
    fn grouper_names_a_group_by_its_most_frequent_spelling() {
        let mut g = Grouper::new();
        for s in ["天津某某科技有限责任公司", "天津某某科技有限公司", "天津某某科技有限公司", "  "]
        {
            g.add(s);
        }
        let key = applicant_key("天津某某科技股份有限公司");
        assert_eq!(g.display(&key).as_deref(), Some("天津某某科技有限公司"));
        assert_eq!(g.spellings(&key).len(), 2);
        assert_eq!(g.display(""), None);
    }

    #[test]
    fn grouper_breaks_ties_by_the_smallest_spelling() {
        let mut g = Grouper::new();
        g.add("Acme Co., Ltd.");
        g.add("ACME CO LTD");
        assert_eq!(g.display("acme co ltd").as_deref(), Some("ACME CO LTD"));
    }
}
