//! The positional engine against a brute-force evaluation of the operator definitions, on a
//! pseudo-random English corpus with random sentence and paragraph breaks, spread over several
//! segments.

use std::collections::BTreeSet;

use zhibao_search::analyzer::{analyze, Mode, TokenKind};
use zhibao_search::{PatentDoc, PatentIndex, SearchOptions};

const VOCAB: &[&str] = &["alpha", "beta", "gamma", "delta", "omega", "sigma"];

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Word positions per vocabulary word, sentence ids and paragraph ids per position.
struct Layout {
    words: Vec<String>,
    sentence: Vec<usize>,
    paragraph: Vec<usize>,
}

fn layout(text: &str) -> Layout {
    let mut l = Layout { words: Vec::new(), sentence: Vec::new(), paragraph: Vec::new() };
    let (mut s, mut p) = (0, 0);
    for t in analyze(text, Mode::Index) {
        match t.kind {
            TokenKind::SentenceMark => s += 1,
            TokenKind::ParagraphMark => p += 1,
            TokenKind::Word => {
                assert_eq!(t.position as usize, l.words.len());
                l.words.push(t.text);
                l.sentence.push(s);
                l.paragraph.push(p);
            }
            TokenKind::SubWord => {}
        }
    }
    l
}

#[derive(Clone, Copy, Debug)]
enum Op {
    W(usize),
    D(usize),
    S,
    P,
}

fn holds(l: &Layout, op: Op, (a1, a2): (usize, usize), (b1, b2): (usize, usize)) -> bool {
    let disjoint = a2 < b1 || b2 < a1;
    let lo = a1.min(b1);
    let hi = a2.max(b2);
    match op {
        Op::W(n) => b1 > a2 && b1 - a2 - 1 <= n,
        Op::D(n) => (b1 > a2 && b1 - a2 - 1 <= n) || (a1 > b2 && a1 - b2 - 1 <= n),
        Op::S => disjoint && l.sentence[lo] == l.sentence[hi],
        Op::P => disjoint && l.paragraph[lo] == l.paragraph[hi],
    }
}

/// Positions of any of the `|`-separated words.
fn positions(l: &Layout, w: &str) -> Vec<usize> {
    let alts: Vec<&str> = w.split('|').collect();
    l.words.iter().enumerate().filter(|(_, x)| alts.contains(&x.as_str())).map(|(i, _)| i).collect()
}

/// Query syntax for `a|b`: `(a OR b)`.
fn operand(w: &str) -> String {
    if w.contains('|') {
        format!("({})", w.replace('|', " OR "))
    } else {
        w.to_string()
    }
}

/// Spans of `x op y`.
fn pair_spans(l: &Layout, x: &str, op: Op, y: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for &i in &positions(l, x) {
        for &j in &positions(l, y) {
            if holds(l, op, (i, i), (j, j)) {
                out.push((i.min(j), i.max(j)));
            }
        }
    }
    out
}

fn op_text(op: Op) -> String {
    match op {
        Op::W(n) => format!("{n}W"),
        Op::D(n) => format!("{n}D"),
        Op::S => "S".into(),
        Op::P => "P".into(),
    }
}

fn random_op(r: &mut Lcg) -> Op {
    match r.below(4) {
        0 => Op::W(r.below(5) as usize),
        1 => Op::D(r.below(5) as usize),
        2 => Op::S,
        _ => Op::P,
    }
}

#[test]
fn proximity_matches_brute_force() {
    let mut r = Lcg(0x5EED);
    let mut docs = Vec::new();
    for i in 0..240 {
        let mut text = String::new();
        let len = 3 + r.below(40);
        for k in 0..len {
            if k > 0 {
                match r.below(10) {
                    0 => text.push_str(". "),
                    1 => text.push_str(".\n"),
                    2 => text.push_str("; "),
                    _ => text.push(' '),
                }
            }
            text.push_str(VOCAB[r.below(VOCAB.len() as u64) as usize]);
        }
        docs.push(PatentDoc { id: format!("D{i:03}"), abstract_text: text, ..Default::default() });
    }
    let index = PatentIndex::create_in_ram().expect("index");
    for chunk in docs.chunks(60) {
        index.upsert_all(chunk).expect("upsert");
    }
    assert!(index.searcher().segment_readers().len() > 1, "want several segments");
    let layouts: Vec<Layout> = docs.iter().map(|d| layout(&d.abstract_text)).collect();

    let opts = SearchOptions { limit: 1000, snippets: false, ..Default::default() };
    let mut checked = 0;
    for _ in 0..300 {
        let mut x = VOCAB[r.below(VOCAB.len() as u64) as usize].to_string();
        if r.below(4) == 0 {
            x = format!("{x}|{}", VOCAB[r.below(VOCAB.len() as u64) as usize]);
        }
        let x = x.as_str();
        let y = VOCAB[r.below(VOCAB.len() as u64) as usize];
        let z = VOCAB[r.below(VOCAB.len() as u64) as usize];
        let op1 = random_op(&mut r);
        let chained = r.below(2) == 0;
        let op2 = random_op(&mut r);
        let query = if chained {
            format!("AB=({} {} {y} {} {z})", operand(x), op_text(op1), op_text(op2))
        } else {
            format!("AB=({} {} {y})", operand(x), op_text(op1))
        };
        let expected: BTreeSet<String> = docs
            .iter()
            .zip(&layouts)
            .filter(|(_, l)| {
                let spans = pair_spans(l, x, op1, y);
                if !chained {
                    return !spans.is_empty();
                }
                spans.iter().any(|&s| positions(l, z).iter().any(|&k| holds(l, op2, s, (k, k))))
            })
            .map(|(d, _)| d.id.clone())
            .collect();
        let got: BTreeSet<String> =
            index.search(&query, &opts).expect("search").hits.into_iter().map(|h| h.id).collect();
        assert_eq!(got, expected, "{query}");
        checked += 1;
    }
    assert_eq!(checked, 300);
}
