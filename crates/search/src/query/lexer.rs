//! Splits query text into tokens, remembering their byte ranges.
//!
//! Full-width punctuation typed with a Chinese input method is accepted as its ASCII twin:
//! `（）［］｛｝＝：＜＞＂` and the curly quotes `“ ” ‘ ’` are the same as `()[]{}=:<>"`.

use super::ast::Span;
use super::error::{QueryError, QueryErrorKind};
use crate::analyzer::fold_char;

/// A comparison operator after a date field code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `<`
    Lt,
    /// `<=`
    Le,
}

/// A lexical token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    /// A run of characters up to white space or punctuation of the query language.
    Word(String),
    /// `"..."` (the text between the quotes).
    Phrase(String),
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `[`
    LBracket,
    /// `]`
    RBracket,
    /// `{`
    LBrace,
    /// `}`
    RBrace,
    /// `=` or `:`
    Assign,
    /// `>`, `>=`, `<`, `<=`
    Cmp(Cmp),
}

impl Tok {
    /// How the token reads in an error message.
    pub fn describe(&self) -> String {
        match self {
            Tok::Word(w) => w.clone(),
            Tok::Phrase(p) => format!("\"{p}\""),
            Tok::LParen => "(".into(),
            Tok::RParen => ")".into(),
            Tok::LBracket => "[".into(),
            Tok::RBracket => "]".into(),
            Tok::LBrace => "{".into(),
            Tok::RBrace => "}".into(),
            Tok::Assign => "=".into(),
            Tok::Cmp(Cmp::Gt) => ">".into(),
            Tok::Cmp(Cmp::Ge) => ">=".into(),
            Tok::Cmp(Cmp::Lt) => "<".into(),
            Tok::Cmp(Cmp::Le) => "<=".into(),
        }
    }
}

/// A token with its place in the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lexeme {
    /// The token.
    pub tok: Tok,
    /// Its byte range.
    pub span: Span,
}

fn is_open_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '「' | '『')
}

fn is_close_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '」' | '』')
}

fn is_delimiter(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']' | '{' | '}' | '=' | ':' | '<' | '>') || is_open_quote(c)
}

/// Tokenizes `query`.
pub fn lex(query: &str) -> Result<Vec<Lexeme>, QueryError> {
    let chars: Vec<(usize, char)> = query.char_indices().map(|(i, c)| (i, fold_char(c))).collect();
    let end_of = |k: usize| if k < chars.len() { chars[k].0 } else { query.len() };
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let (start, c) = chars[k];
        if c.is_whitespace() {
            k += 1;
            continue;
        }
        let single = |tok: Tok| Lexeme { tok, span: Span::new(start, end_of(k + 1)) };
        match c {
            '(' => out.push(single(Tok::LParen)),
            ')' => out.push(single(Tok::RParen)),
            '[' => out.push(single(Tok::LBracket)),
            ']' => out.push(single(Tok::RBracket)),
            '{' => out.push(single(Tok::LBrace)),
            '}' => out.push(single(Tok::RBrace)),
            '=' | ':' => out.push(single(Tok::Assign)),
            '<' | '>' => {
                let eq = chars.get(k + 1).is_some_and(|&(_, n)| n == '=');
                let cmp = match (c, eq) {
                    ('<', true) => Cmp::Le,
                    ('<', false) => Cmp::Lt,
                    ('>', true) => Cmp::Ge,
                    _ => Cmp::Gt,
                };
                let len = if eq { 2 } else { 1 };
                out.push(Lexeme { tok: Tok::Cmp(cmp), span: Span::new(start, end_of(k + len)) });
                k += len;
                continue;
            }
            _ if is_open_quote(c) => {
                let mut j = k + 1;
                while j < chars.len() && !is_close_quote(chars[j].1) {
                    j += 1;
                }
                if j == chars.len() {
                    return Err(QueryError::new(query, start, query.len() - start, QueryErrorKind::UnterminatedPhrase));
                }
                let text = query[end_of(k + 1)..chars[j].0].to_string();
                out.push(Lexeme { tok: Tok::Phrase(text), span: Span::new(start, end_of(j + 1)) });
                k = j + 1;
                continue;
            }
            _ => {
                let mut j = k + 1;
                while j < chars.len() && !is_delimiter(chars[j].1) {
                    j += 1;
                }
                let text = query[start..end_of(j)].to_string();
                out.push(Lexeme { tok: Tok::Word(text), span: Span::new(start, end_of(j)) });
                k = j;
                continue;
            }
        }
        k += 1;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexes_fields_phrases_and_fullwidth() {
        let toks: Vec<Tok> = lex("TI＝（锂电池 AND “固态 电解质”） PD>=2021")
            .map(|v| v.into_iter().map(|l| l.tok).collect())
            .unwrap_or_default();
        assert_eq!(
            toks,
            vec![
                Tok::Word("TI".into()),
                Tok::Assign,
                Tok::LParen,
                Tok::Word("锂电池".into()),
                Tok::Word("AND".into()),
                Tok::Phrase("固态 电解质".into()),
                Tok::RParen,
                Tok::Word("PD".into()),
                Tok::Cmp(Cmp::Ge),
                Tok::Word("2021".into()),
            ]
        );
    }

    #[test]
    fn unterminated_phrase_points_at_quote() {
        let e = lex("a \"b c").err();
        assert_eq!(e.map(|e| (e.offset, e.kind)), Some((2, QueryErrorKind::UnterminatedPhrase)));
    }
}
