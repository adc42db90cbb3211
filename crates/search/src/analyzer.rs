//! Mixed Chinese / English analysis, and the position scheme behind S and P.
//!
//! # Tokens
//!
//! Text is read character by character after folding full-width ASCII (`ＡＢＣ１２３（）`) to half
//! width and the ideographic space to a space:
//!
//! * a run of CJK characters (Han, plus kana and hangul) is segmented by jieba (`cut`, HMM on);
//! * a run of other letters and digits is one word, lower-cased (Unicode), with no stemming and no
//!   stop words; a `.` between two digits stays inside the word (`3.5`); every other character
//!   (`-`, `/`, `'`, `_`, …) separates words, so `Li-ion` is the two words `li` `ion`;
//! * punctuation and white space are not indexed and take no position.
//!
//! # Positions
//!
//! Every word gets the next position in its field: positions are contiguous (0, 1, 2, …) across
//! sentences and paragraphs, so "n words" in the proximity operators counts words only.
//!
//! In [`Mode::Index`] two kinds of extra tokens share a word's position instead of taking one:
//!
//! * **sub-words**: for a Chinese word of more than two characters, the 2-character (and, for
//!   words longer than three, 3-character) substrings that are jieba dictionary words — jieba's
//!   search mode, but at the compound's position. `锂电池` at position 7 also indexes `电池` at 7,
//!   so `电池` finds it and `电池 W 隔膜` matches `锂电池隔膜`.
//! * **boundary marks**: the first word of every sentence but the first also carries the term
//!   [`SENTENCE_MARK`]; the first word of every paragraph but the first carries [`PARAGRAPH_MARK`]
//!   too. Two positions `a < b` are in the same sentence exactly when no sentence mark sits in
//!   `a < m <= b` (same for paragraphs): the S and P operators read the marks' postings.
//!   The marks contain a control character, which the analyser never produces from text, so no
//!   query can hit them by accident. They count towards BM25's field length (one per boundary).
//!
//! [`Mode::Query`] produces only the words (no sub-words, no marks).
//!
//! # Sentences and paragraphs
//!
//! A paragraph ends at a line break (`\n`, `\r`, U+2028, U+2029); a run of them is one break. A
//! sentence ends at a paragraph break, at `。` `！` `？` `!` `?` `｡`, and at `.` when it is followed
//! by the end of the text, white space, a CJK character or a closing quote/bracket, unless the
//! word right before it is a common abbreviation (`fig.`, `e.g.`, `i.e.`,
//! `no.`, `etc.`, `al.`, `vs.`, `approx.`, `ltd.`, `co.`, `inc.`, …). Semicolons do not end
//! sentences.

use std::sync::OnceLock;

use jieba_rs::Jieba;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

/// Name under which the index-mode tokenizer is registered in the tantivy index.
pub const TOKENIZER_NAME: &str = "zhibao_zh_en";

/// Term marking the first word of a sentence (other than the first of the field).
pub const SENTENCE_MARK: &str = "\u{1}s";

/// Term marking the first word of a paragraph (other than the first of the field).
pub const PARAGRAPH_MARK: &str = "\u{1}p";

/// Abbreviations after which a `.` does not end a sentence (lower case, without the final dot).
const ABBREVIATIONS: &[&str] = &[
    "al", "approx", "art", "ca", "cf", "co", "corp", "dr", "e.g", "eg", "eq", "eqs", "esp", "etc", "fig", "figs",
    "i.e", "ie", "inc", "incl", "jr", "ltd", "mr", "mrs", "ms", "no", "nos", "pp", "prof", "ref", "refs", "resp", "sr",
    "st", "u.s", "viz", "vol", "vs", "wt",
];

/// The shared jieba instance (default dictionary, loaded once on first use).
pub fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// What the analyser produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Words, sub-words and boundary marks: what goes into the index.
    Index,
    /// Words only: how query text is read.
    Query,
}

/// The kind of an analysed token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A word; takes its own position.
    Word,
    /// A dictionary word inside a longer Chinese word; shares that word's position.
    SubWord,
    /// [`SENTENCE_MARK`]; shares the position of the sentence's first word.
    SentenceMark,
    /// [`PARAGRAPH_MARK`]; shares the position of the paragraph's first word.
    ParagraphMark,
}

/// One token of analysed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzedToken {
    /// The indexed term text (normalised).
    pub text: String,
    /// Word position in the field.
    pub position: u32,
    /// Byte offsets of the token in the original text.
    pub offset_from: usize,
    /// End byte offset (exclusive).
    pub offset_to: usize,
    /// What the token is.
    pub kind: TokenKind,
}

/// Folds full-width ASCII to half width and the ideographic space to a space.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        '\u{FF61}' => '。',
        _ => c,
    }
}

/// True for characters that jieba segments: Han ideographs, `〇`, kana, hangul.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3007
        | 0x3040..=0x30FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF
        | 0x20000..=0x2FA1F
        | 0x30000..=0x3134F)
}

fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}')
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '!' | '?' | '！' | '？')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | ')' | ']' | '}' | '”' | '’' | '」' | '』' | '》' | '】')
}

/// Normalises one word of query text the way the analyser normalises words: full width folded,
/// lower case. Used for truncation patterns, which are matched against indexed words.
pub fn normalize_word(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        out.extend(fold_char(c).to_lowercase());
    }
    out
}

/// Analyses `text`.
pub fn analyze(text: &str, mode: Mode) -> Vec<AnalyzedToken> {
    let mut state = State {
        mode,
        out: Vec::new(),
        next_position: 0,
        any_word: false,
        sentence_break: false,
        paragraph_break: false,
    };
    let chars: Vec<(usize, char)> = text.char_indices().map(|(i, c)| (i, fold_char(c))).collect();
    let end_of = |k: usize| if k < chars.len() { chars[k].0 } else { text.len() };
    let mut k = 0;
    while k < chars.len() {
        let (start, c) = chars[k];
        if is_cjk(c) {
            let mut j = k + 1;
            while j < chars.len() && is_cjk(chars[j].1) {
                j += 1;
            }
            let run_end = end_of(j);
            state.cjk_run(&text[start..run_end], start);
            k = j;
        } else if is_word_char(c) {
            let mut j = k + 1;
            while j < chars.len() {
                let cj = chars[j].1;
                if is_word_char(cj) {
                    j += 1;
                } else if cj == '.'
                    && chars[j - 1].1.is_ascii_digit()
                    && j + 1 < chars.len()
                    && chars[j + 1].1.is_ascii_digit()
                {
                    j += 2;
                } else {
                    break;
                }
            }
            let mut word = String::with_capacity(end_of(j) - start);
            for &(_, cj) in &chars[k..j] {
                word.extend(cj.to_lowercase());
            }
            state.word(word, start, end_of(j));
            state.next_position += 1;
            k = j;
        } else if is_line_break(c) {
            state.paragraph_break = true;
            k += 1;
        } else if is_sentence_end(c) {
            state.sentence_break = true;
            k += 1;
        } else if c == '.' {
            let next = chars.get(k + 1).map(|&(_, n)| n);
            let ends = match next {
                None => true,
                Some(n) => n.is_whitespace() || is_cjk(n) || is_closer(n) || is_sentence_end(n),
            };
            if ends && !abbreviation_before(&chars, k) {
                state.sentence_break = true;
            }
            k += 1;
        } else {
            k += 1;
        }
    }
    state.out
}

/// True when the `.` at `chars[k]` directly follows a known abbreviation.
fn abbreviation_before(chars: &[(usize, char)], k: usize) -> bool {
    let mut j = k;
    while j > 0 && (is_word_char(chars[j - 1].1) || chars[j - 1].1 == '.') {
        j -= 1;
    }
    if j == k {
        return false;
    }
    let word: String = chars[j..k].iter().flat_map(|&(_, c)| c.to_lowercase()).collect();
    ABBREVIATIONS.contains(&word.as_str())
}

struct State {
    mode: Mode,
    out: Vec<AnalyzedToken>,
    next_position: u32,
    any_word: bool,
    sentence_break: bool,
    paragraph_break: bool,
}

impl State {
    fn push(&mut self, text: String, from: usize, to: usize, kind: TokenKind) {
        self.out.push(AnalyzedToken { text, position: self.next_position, offset_from: from, offset_to: to, kind });
    }

    /// Emits pending boundary marks (index mode), then the word at the current position. The
    /// caller advances the position (after any sub-words).
    fn word(&mut self, text: String, from: usize, to: usize) {
        if self.any_word && self.mode == Mode::Index {
            if self.paragraph_break {
                self.push(PARAGRAPH_MARK.to_string(), from, from, TokenKind::ParagraphMark);
            }
            if self.paragraph_break || self.sentence_break {
                self.push(SENTENCE_MARK.to_string(), from, from, TokenKind::SentenceMark);
            }
        }
        self.sentence_break = false;
        self.paragraph_break = false;
        self.any_word = true;
        self.push(text, from, to, TokenKind::Word);
    }

    fn cjk_run(&mut self, run: &str, base: usize) {
        let jieba = jieba();
        for token in jieba.cut(run, true) {
            let word = token.word;
            if word.trim().is_empty() {
                continue;
            }
            let from = base + token.byte_start;
            let to = base + token.byte_end;
            self.word(word.to_string(), from, to);
            if self.mode == Mode::Index {
                self.sub_words(word, from);
            }
            self.next_position += 1;
        }
    }

    fn sub_words(&mut self, word: &str, from: usize) {
        let idx: Vec<usize> = word.char_indices().map(|(i, _)| i).chain(std::iter::once(word.len())).collect();
        let n = idx.len() - 1;
        if n <= 2 {
            return;
        }
        let mut seen: Vec<(usize, usize)> = Vec::new();
        let lens: &[usize] = if n > 3 { &[2, 3] } else { &[2] };
        for &len in lens {
            for i in 0..=n - len {
                let (a, b) = (idx[i], idx[i + len]);
                let gram = &word[a..b];
                if seen.iter().any(|&(x, y)| &word[x..y] == gram) || !jieba().has_word(gram) {
                    continue;
                }
                seen.push((a, b));
                self.push(gram.to_string(), from + a, from + b, TokenKind::SubWord);
            }
        }
    }
}

/// The ways a Chinese query word of 3 to 8 characters can be cut into two non-empty parts:
/// `动力电池` → (`动`, `力电池`), (`动力`, `电池`), (`动力电`, `池`). A query word also matches its two
/// parts as adjacent indexed words, for texts where jieba cut the same characters in two
/// (`动力电池组` → 动力 / 电池组, whose sub-word 电池 follows 动力). Empty for other words.
pub fn cjk_splits(word: &str) -> Vec<(String, String)> {
    let idx: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
    if !(3..=8).contains(&idx.len()) || !word.chars().all(is_cjk) {
        return Vec::new();
    }
    idx[1..].iter().map(|&i| (word[..i].to_string(), word[i..].to_string())).collect()
}

/// The analyser as a tantivy [`Tokenizer`].
#[derive(Clone, Debug)]
pub struct ZhEnTokenizer {
    mode: Mode,
}

impl ZhEnTokenizer {
    /// The tokenizer that indexes text (words, sub-words, boundary marks).
    pub fn index() -> Self {
        ZhEnTokenizer { mode: Mode::Index }
    }

    /// The tokenizer for query text (words only).
    pub fn query() -> Self {
        ZhEnTokenizer { mode: Mode::Query }
    }

    /// Wrapped as a tantivy [`TextAnalyzer`].
    pub fn analyzer(self) -> TextAnalyzer {
        TextAnalyzer::from(self)
    }
}

/// Token stream over a pre-analysed text.
pub struct ZhEnTokenStream {
    tokens: Vec<Token>,
    /// Index of the current token plus one (0 = before the first).
    cursor: usize,
    empty: Token,
}

impl Tokenizer for ZhEnTokenizer {
    type TokenStream<'a> = ZhEnTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ZhEnTokenStream {
        let tokens = analyze(text, self.mode)
            .into_iter()
            .map(|t| Token {
                offset_from: t.offset_from,
                offset_to: t.offset_to,
                position: t.position as usize,
                text: t.text,
                position_length: 1,
            })
            .collect();
        ZhEnTokenStream { tokens, cursor: 0, empty: Token::default() }
    }
}

impl TokenStream for ZhEnTokenStream {
    fn advance(&mut self) -> bool {
        if self.cursor < self.tokens.len() {
            self.cursor += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        match self.cursor.checked_sub(1).and_then(|i| self.tokens.get(i)) {
            Some(t) => t,
            None => &self.empty,
        }
    }

    fn token_mut(&mut self) -> &mut Token {
        match self.cursor.checked_sub(1) {
            Some(i) if i < self.tokens.len() => &mut self.tokens[i],
            _ => &mut self.empty,
        }
    }
}

/// Normalises a classification symbol (IPC or CPC) for indexing and exact matching: full width
/// folded, upper case, white space removed, a trailing version such as `(2006.01)` dropped, and
/// the zero padding of the main group (`H01M0010/0525`, WIPO ST.8 style) removed:
/// `h01m 10/0525` → `H01M10/0525`.
pub fn normalize_classification(s: &str) -> String {
    let mut t: String =
        s.chars().map(fold_char).filter(|c| !c.is_whitespace()).flat_map(|c| c.to_uppercase()).collect();
    if let Some(i) = t.find('(') {
        t.truncate(i);
    }
    // Subclass: letter, two digits, letter; then the main group digits.
    let b = t.as_bytes();
    if b.len() > 5
        && b[0].is_ascii_uppercase()
        && b[1].is_ascii_digit()
        && b[2].is_ascii_digit()
        && b[3].is_ascii_uppercase()
        && b[4] == b'0'
    {
        let digits_end = b[4..].iter().position(|c| !c.is_ascii_digit()).map_or(b.len(), |p| p + 4);
        let group = &t[4..digits_end];
        let trimmed = group.trim_start_matches('0');
        let trimmed = if trimmed.is_empty() { "0" } else { trimmed };
        t = format!("{}{}{}", &t[..4], trimmed, &t[digits_end..]);
    }
    t
}

/// Normalises an application or publication number: full width folded, upper case, white space,
/// `.`, `,` and `-` removed (`CN 202010123456.7` → `CN2020101234567`, `US-8613112-B2` →
/// `US8613112B2`).
pub fn normalize_number(s: &str) -> String {
    s.chars()
        .map(fold_char)
        .filter(|c| !c.is_whitespace() && !matches!(c, '.' | ',' | '-'))
        .flat_map(|c| c.to_uppercase())
        .collect()
}

/// The forms under which a number is indexed: the normalised number; without its kind code
/// (`CN112345678A` → `CN112345678`, `US8613112B2` → `US8613112`); without zero padding after
/// the country code (`US08613112B2` → `US8613112B2`); and all of those without the two-letter
/// country code.
pub fn number_variants(s: &str) -> Vec<String> {
    let full = normalize_number(s);
    if full.is_empty() {
        return Vec::new();
    }
    let mut out = vec![full.clone()];
    let b = full.as_bytes();
    // Kind code: a letter, optionally followed by one digit, after a digit.
    let mut cut = b.len();
    if cut >= 2 && b[cut - 1].is_ascii_digit() && b[cut - 2].is_ascii_uppercase() {
        cut -= 2;
    } else if cut >= 1 && b[cut - 1].is_ascii_uppercase() {
        cut -= 1;
    }
    if cut < b.len() && cut > 0 && b[cut - 1].is_ascii_digit() {
        out.push(full[..cut].to_string());
    }
    let has_country = |v: &str| {
        let vb = v.as_bytes();
        vb.len() > 2 && vb[0].is_ascii_uppercase() && vb[1].is_ascii_uppercase() && vb[2].is_ascii_digit()
    };
    // Zero padding after the country code (`US08613112` = `US8613112`).
    let unpadded: Vec<String> = out
        .iter()
        .filter(|v| has_country(v) && v.as_bytes()[2] == b'0')
        .map(|v| format!("{}{}", &v[..2], v[2..].trim_start_matches('0')))
        .collect();
    out.extend(unpadded);
    let without_country: Vec<String> = out.iter().filter(|v| has_country(v)).map(|v| v[2..].to_string()).collect();
    out.extend(without_country);
    let mut seen = std::collections::HashSet::new();
    out.retain(|v| !v.is_empty() && seen.insert(v.clone()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str, mode: Mode) -> Vec<(String, u32)> {
        analyze(text, mode).into_iter().map(|t| (t.text, t.position)).collect()
    }

    #[test]
    fn english_words_lowercased_positions_contiguous() {
        let w = words("The Li-ion battery, 3.5 V.", Mode::Query);
        let expect: Vec<(String, u32)> = [("the", 0), ("li", 1), ("ion", 2), ("battery", 3), ("3.5", 4), ("v", 5)]
            .iter()
            .map(|(s, p)| (s.to_string(), *p))
            .collect();
        assert_eq!(w, expect);
    }

    #[test]
    fn fullwidth_is_folded() {
        let w = words("ＬｉＦｅＰＯ４电池", Mode::Query);
        assert_eq!(w[0], ("lifepo4".to_string(), 0));
    }

    #[test]
    fn marks_at_sentence_and_paragraph_starts() {
        let toks = analyze("A b. C d!\nE", Mode::Index);
        let got: Vec<(&str, u32)> = toks.iter().map(|t| (t.text.as_str(), t.position)).collect();
        assert_eq!(
            got,
            vec![
                ("a", 0),
                ("b", 1),
                (SENTENCE_MARK, 2),
                ("c", 2),
                ("d", 3),
                (PARAGRAPH_MARK, 4),
                (SENTENCE_MARK, 4),
                ("e", 4)
            ]
        );
    }

    #[test]
    fn abbreviations_and_decimals_do_not_end_sentences() {
        let toks = analyze("See fig. 2 and e.g. cells of 3.5 mm. Next", Mode::Index);
        let marks: Vec<u32> = toks.iter().filter(|t| t.kind == TokenKind::SentenceMark).map(|t| t.position).collect();
        let next = toks.iter().find(|t| t.text == "next").map(|t| t.position);
        assert_eq!(marks.len(), 1);
        assert_eq!(Some(marks[0]), next);
    }

    #[test]
    fn chinese_sub_words_share_position() {
        let toks = analyze("锂电池隔膜", Mode::Index);
        let li = toks.iter().find(|t| t.text == "锂电池").map(|t| t.position);
        let dc = toks.iter().find(|t| t.text == "电池").map(|t| (t.position, t.kind));
        assert_eq!(li, Some(0));
        assert_eq!(dc, Some((0, TokenKind::SubWord)));
        let q = words("锂电池隔膜", Mode::Query);
        assert_eq!(q, vec![("锂电池".to_string(), 0), ("隔膜".to_string(), 1)]);
    }

    #[test]
    fn classification_normalisation() {
        assert_eq!(normalize_classification("h01m 10/0525"), "H01M10/0525");
        assert_eq!(normalize_classification("H01M0010/0525 (2010.01)"), "H01M10/0525");
        assert_eq!(normalize_classification("Ｈ０１Ｍ１０／０５２５"), "H01M10/0525");
        assert_eq!(normalize_classification("H01M"), "H01M");
    }

    #[test]
    fn number_variants_strip_kind_and_country() {
        assert_eq!(number_variants("CN 112345678 A"), vec!["CN112345678A", "CN112345678", "112345678A", "112345678"]);
        assert_eq!(number_variants("US-8613112-B2"), vec!["US8613112B2", "US8613112", "8613112B2", "8613112"]);
        assert_eq!(number_variants("CN202010123456.7"), vec!["CN2020101234567", "2020101234567"]);
        assert_eq!(
            number_variants("US08613112B2"),
            vec![
                "US08613112B2",
                "US08613112",
                "US8613112B2",
                "US8613112",
                "08613112B2",
                "08613112",
                "8613112B2",
                "8613112"
            ]
        );
    }
}
