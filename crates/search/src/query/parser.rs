//! Recursive-descent parser for the examiner query language.
//!
//! ```text
//! query    := or EOF
//! or       := and ( OR and )*                       OR  | 或
//! and      := not ( [AND] not )*                    AND | 与 | nothing (juxtaposition)
//! not      := unary ( NOT unary )*                  a NOT b = a and not b
//! unary    := NOT unary | prox                      NOT a = every document but a
//! prox     := primary ( PROXOP primary )*           PROXOP := nW | W | nD | D | S | P (upper case)
//! primary  := '(' or ')'
//!           | CODE ('=' | ':') value                CODE := TI AB CL DE PA IN ADDR IPC CPC PN AN AD PD
//!           | CODE ('>' | '>=' | '<' | '<=') DATE   AD, PD only
//!           | WORD | "PHRASE"
//! value    := prox                                  the code applies to a whole proximity chain
//!           | '[' DATE|* TO DATE|* ']'              AD, PD; '{' '}' exclude the end dates
//! ```
//!
//! Precedence, tightest first: proximity operators, NOT, AND, OR. Proximity operators are left
//! associative: `a 2W b 3W c` is `(a 2W b) 3W c`, and the right operand is measured from the
//! span matched by the left one.

use super::ast::{
    DateField, DateRange, Expr, FieldCode, KeywordField, PosExpr, ProxOp, Span, TextField, DEFAULT_FIELDS, MAX_DISTANCE,
};
use super::date::parse_period;
use super::error::{QueryError, QueryErrorKind};
use super::lexer::{lex, Cmp, Lexeme, Tok};
use crate::analyzer::{analyze, is_cjk, normalize_classification, normalize_number, normalize_word, Mode};

const OPERAND: &str = "a term, a phrase, a field code or '('";

/// Deepest nesting of parentheses, and longest chain of NOTs or of proximity operators, accepted.
pub const MAX_DEPTH: usize = 64;

/// Deepest syntax tree accepted (compilation recurses over the tree).
pub const MAX_TREE_DEPTH: usize = 256;

/// Parses an examiner query.
pub fn parse(query: &str) -> Result<Expr, QueryError> {
    let toks = lex(query)?;
    if toks.is_empty() {
        return Err(QueryError::new(query, 0, query.len(), QueryErrorKind::Empty));
    }
    let mut p = Parser { q: query, toks, i: 0, depth: 0 };
    let (expr, _) = p.parse_or(Ctx::Default)?;
    if let Some(l) = p.peek() {
        let kind = if l.tok == Tok::RParen {
            QueryErrorKind::UnmatchedParen
        } else {
            QueryErrorKind::Unexpected {
                found: l.tok.describe(),
                expected: "AND, OR, NOT, a term or the end of the query".into(),
            }
        };
        return Err(p.err(l.span, kind));
    }
    if tree_depth(&expr) > MAX_TREE_DEPTH {
        return Err(QueryError::new(query, 0, query.len(), QueryErrorKind::TooDeep(MAX_TREE_DEPTH)));
    }
    Ok(expr)
}

/// Depth of the tree, computed without recursion.
fn tree_depth(root: &Expr) -> usize {
    enum Node<'a> {
        E(&'a Expr),
        P(&'a PosExpr),
    }
    let mut max = 0;
    let mut stack = vec![(Node::E(root), 1usize)];
    while let Some((node, d)) = stack.pop() {
        max = max.max(d);
        match node {
            Node::E(Expr::Or(items) | Expr::And(items)) => stack.extend(items.iter().map(|i| (Node::E(i), d + 1))),
            Node::E(Expr::AndNot(a, b)) => {
                stack.push((Node::E(a), d + 1));
                stack.push((Node::E(b), d + 1));
            }
            Node::E(Expr::Not(a)) => stack.push((Node::E(a), d + 1)),
            Node::E(Expr::Text { pos, .. }) => stack.push((Node::P(pos), d + 1)),
            Node::E(Expr::Keyword { .. } | Expr::Date { .. }) => {}
            Node::P(PosExpr::Or(items)) => stack.extend(items.iter().map(|i| (Node::P(i), d + 1))),
            Node::P(PosExpr::Near { left, right, .. }) => {
                stack.push((Node::P(left), d + 1));
                stack.push((Node::P(right), d + 1));
            }
            Node::P(_) => {}
        }
    }
    max
}

#[derive(Debug, Clone, Copy)]
enum Ctx {
    Default,
    Text(TextField),
    Keyword(KeywordField),
    Date(DateField),
}

fn is_and(w: &str) -> bool {
    w.eq_ignore_ascii_case("AND") || w == "与"
}

fn is_or(w: &str) -> bool {
    w.eq_ignore_ascii_case("OR") || w == "或"
}

fn is_not(w: &str) -> bool {
    w.eq_ignore_ascii_case("NOT") || w == "非"
}

fn is_bool_op(w: &str) -> bool {
    is_and(w) || is_or(w) || is_not(w)
}

/// `Some(Ok(op))` for a proximity operator word, `Some(Err(n))` for a distance above the maximum.
fn prox_op(w: &str) -> Option<Result<ProxOp, u64>> {
    match w {
        "S" => return Some(Ok(ProxOp::S)),
        "P" => return Some(Ok(ProxOp::P)),
        _ => {}
    }
    let last = w.chars().last()?;
    if last != 'W' && last != 'D' {
        return None;
    }
    let digits = &w[..w.len() - 1];
    if !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 12 {
        return None;
    }
    let n: u64 = if digits.is_empty() { 0 } else { digits.parse().ok()? };
    if n > u64::from(MAX_DISTANCE) {
        return Some(Err(n));
    }
    let n = n as u32;
    Some(Ok(if last == 'W' { ProxOp::W(n) } else { ProxOp::D(n) }))
}

struct Parser<'q> {
    q: &'q str,
    toks: Vec<Lexeme>,
    i: usize,
    depth: usize,
}

type Parsed = (Expr, Span);

impl<'q> Parser<'q> {
    fn peek(&self) -> Option<&Lexeme> {
        self.toks.get(self.i)
    }

    fn peek_at(&self, k: usize) -> Option<&Lexeme> {
        self.toks.get(self.i + k)
    }

    fn peek_word(&self) -> Option<&str> {
        match self.peek() {
            Some(Lexeme { tok: Tok::Word(w), .. }) => Some(w.as_str()),
            _ => None,
        }
    }

    fn bump(&mut self) -> Option<Lexeme> {
        let l = self.toks.get(self.i).cloned();
        if l.is_some() {
            self.i += 1;
        }
        l
    }

    fn end(&self) -> Span {
        Span::new(self.q.len(), self.q.len())
    }

    fn err(&self, span: Span, kind: QueryErrorKind) -> QueryError {
        QueryError::new(self.q, span.start, span.len(), kind)
    }

    /// "expected X" at the current token, or at the end.
    fn expected(&self, expected: &str) -> QueryError {
        match self.peek() {
            None => self.err(self.end(), QueryErrorKind::UnexpectedEnd { expected: expected.into() }),
            Some(l) if l.tok == Tok::RParen && self.depth == 0 => self.err(l.span, QueryErrorKind::UnmatchedParen),
            Some(l) => {
                self.err(l.span, QueryErrorKind::Unexpected { found: l.tok.describe(), expected: expected.into() })
            }
        }
    }

    fn parse_or(&mut self, ctx: Ctx) -> Result<Parsed, QueryError> {
        let (first, mut span) = self.parse_and(ctx)?;
        let mut items = vec![first];
        while self.peek_word().is_some_and(is_or) {
            self.bump();
            let (e, s) = self.parse_and(ctx)?;
            span = span.join(s);
            items.push(e);
        }
        Ok((flatten(items, true), span))
    }

    fn starts_operand(&self) -> bool {
        match self.peek() {
            Some(Lexeme { tok: Tok::Word(w), .. }) => !is_bool_op(w),
            Some(Lexeme { tok: Tok::Phrase(_) | Tok::LParen | Tok::LBracket | Tok::LBrace, .. }) => true,
            _ => false,
        }
    }

    fn parse_and(&mut self, ctx: Ctx) -> Result<Parsed, QueryError> {
        let (first, mut span) = self.parse_not(ctx)?;
        let mut items = vec![first];
        loop {
            if self.peek_word().is_some_and(is_and) {
                self.bump();
            } else if !self.starts_operand() {
                break;
            }
            let (e, s) = self.parse_not(ctx)?;
            span = span.join(s);
            items.push(e);
        }
        Ok((flatten(items, false), span))
    }

    fn parse_not(&mut self, ctx: Ctx) -> Result<Parsed, QueryError> {
        let (mut acc, mut span) = self.parse_unary(ctx)?;
        let mut chain = 0;
        while let Some(l) = self.peek().filter(|l| matches!(&l.tok, Tok::Word(w) if is_not(w))).cloned() {
            chain += 1;
            if chain > MAX_DEPTH {
                return Err(self.err(l.span, QueryErrorKind::TooDeep(MAX_DEPTH)));
            }
            self.bump();
            let (e, s) = self.parse_unary(ctx)?;
            span = span.join(s);
            acc = Expr::AndNot(Box::new(acc), Box::new(e));
        }
        Ok((acc, span))
    }

    fn parse_unary(&mut self, ctx: Ctx) -> Result<Parsed, QueryError> {
        let mut nots = Vec::new();
        while let Some(l) = self.peek().filter(|l| matches!(&l.tok, Tok::Word(w) if is_not(w))).cloned() {
            if nots.len() >= MAX_DEPTH {
                return Err(self.err(l.span, QueryErrorKind::TooDeep(MAX_DEPTH)));
            }
            self.bump();
            nots.push(l.span);
        }
        let (mut e, mut span) = self.parse_prox(ctx)?;
        while let Some(start) = nots.pop() {
            e = Expr::Not(Box::new(e));
            span = start.join(span);
        }
        Ok((e, span))
    }

    fn parse_prox(&mut self, ctx: Ctx) -> Result<Parsed, QueryError> {
        let mut left = self.parse_primary(ctx)?;
        let mut chain = 0;
        while let Some(w) = self.peek_word() {
            let Some(op) = prox_op(w) else { break };
            let op_span = self.peek().map(|l| l.span).unwrap_or_default();
            chain += 1;
            if chain > MAX_DEPTH {
                return Err(self.err(op_span, QueryErrorKind::TooDeep(MAX_DEPTH)));
            }
            let op = op.map_err(|n| self.err(op_span, QueryErrorKind::DistanceTooLarge(n)))?;
            self.bump();
            let right = self.parse_primary(ctx)?;
            left = self.make_near(left, op, op_span, right)?;
        }
        Ok(left)
    }

    fn make_near(&self, left: Parsed, op: ProxOp, op_span: Span, right: Parsed) -> Result<Parsed, QueryError> {
        let operand = |(e, s): Parsed| {
            to_pos(e).map_err(|reason| self.err(s, QueryErrorKind::NotAllowed(format!("operand of {op}: {reason}"))))
        };
        let span = left.1.join(right.1);
        let (lf, lp) = operand(left)?;
        let (rf, rp) = operand(right)?;
        if lf != rf {
            let codes = |f: &[TextField]| f.iter().map(|t| t.code()).collect::<Vec<_>>().join("+");
            return Err(self.err(
                op_span,
                QueryErrorKind::NotAllowed(format!(
                    "the operands of {op} are in different fields ({} and {}); put both in one field, e.g. TI=(a {op} b)",
                    codes(&lf),
                    codes(&rf)
                )),
            ));
        }
        let pos = PosExpr::Near { left: Box::new(lp), op, right: Box::new(rp), span: op_span };
        Ok((Expr::Text { fields: lf, pos }, span))
    }

    fn parse_primary(&mut self, ctx: Ctx) -> Result<Parsed, QueryError> {
        let Some(l) = self.peek().cloned() else {
            return Err(self.expected(OPERAND));
        };
        match &l.tok {
            Tok::LParen => {
                if self.depth >= MAX_DEPTH {
                    return Err(self.err(l.span, QueryErrorKind::TooDeep(MAX_DEPTH)));
                }
                self.bump();
                self.depth += 1;
                let (e, s) = self.parse_or(ctx)?;
                self.depth -= 1;
                match self.bump() {
                    Some(Lexeme { tok: Tok::RParen, span }) => Ok((e, l.span.join(s).join(span))),
                    other => {
                        let open_column = QueryError::new(self.q, l.span.start, 1, QueryErrorKind::Empty).column;
                        let (span, found) = match other {
                            Some(o) => (o.span, format!("'{}'", o.tok.describe())),
                            None => (self.end(), "end of query".to_string()),
                        };
                        Err(self.err(span, QueryErrorKind::UnclosedParen { open_column, found }))
                    }
                }
            }
            Tok::Word(w) if matches!(self.peek_at(1).map(|n| &n.tok), Some(Tok::Assign | Tok::Cmp(_))) => {
                let Some(code) = FieldCode::parse(w) else {
                    return Err(self.err(l.span, QueryErrorKind::UnknownField(w.clone())));
                };
                self.bump();
                let op = self.bump().map(|o| (o.tok, o.span));
                match (code, op) {
                    (FieldCode::Date(f), Some((Tok::Cmp(cmp), _))) => self.date_comparison(f, cmp, l.span),
                    (_, Some((Tok::Cmp(_), span))) => Err(self.err(
                        span,
                        QueryErrorKind::NotAllowed(
                            "comparison operators apply to the date fields AD and PD only".into(),
                        ),
                    )),
                    (FieldCode::Date(f), _)
                        if matches!(self.peek().map(|n| &n.tok), Some(Tok::LBracket | Tok::LBrace)) =>
                    {
                        self.date_range(f, l.span)
                    }
                    (code, _) => {
                        if self.peek().is_none() {
                            return Err(self.expected(&format!("a value after {w}=")));
                        }
                        let inner = match code {
                            FieldCode::Text(t) => Ctx::Text(t),
                            FieldCode::Keyword(k) => Ctx::Keyword(k),
                            FieldCode::Date(d) => Ctx::Date(d),
                        };
                        let (e, s) = self.parse_prox(inner)?;
                        Ok((e, l.span.join(s)))
                    }
                }
            }
            Tok::Word(w) if is_bool_op(w) => Err(self.expected(OPERAND)),
            Tok::Word(w) => {
                self.bump();
                self.leaf_word(ctx, w.clone(), l.span)
            }
            Tok::Phrase(p) => {
                self.bump();
                self.leaf_phrase(ctx, p.clone(), l.span)
            }
            Tok::LBracket | Tok::LBrace => match ctx {
                Ctx::Date(f) => self.date_range(f, l.span),
                _ => Err(self.err(
                    l.span,
                    QueryErrorKind::NotAllowed("a range needs a date field: AD=[… TO …] or PD=[… TO …]".into()),
                )),
            },
            Tok::Assign | Tok::Cmp(_) => Err(self.err(
                l.span,
                QueryErrorKind::Unexpected { found: l.tok.describe(), expected: "a field code before it".into() },
            )),
            Tok::RParen | Tok::RBracket | Tok::RBrace => Err(self.expected(OPERAND)),
        }
    }

    fn leaf_word(&mut self, ctx: Ctx, w: String, span: Span) -> Result<Parsed, QueryError> {
        match ctx {
            Ctx::Default | Ctx::Text(_) => {
                let fields = text_fields(ctx);
                let pos = if w.contains(['*', '?']) {
                    self.check_truncation(&w, span)?;
                    PosExpr::Truncated { pattern: w, span }
                } else {
                    self.check_searchable(&w, span)?;
                    PosExpr::Word { text: w, span }
                };
                Ok((Expr::Text { fields, pos }, span))
            }
            Ctx::Keyword(field) => {
                let mut text = w;
                let mut span = span;
                // `H01M 10/0525`: a subclass followed by a group is one symbol.
                if matches!(field, KeywordField::Ipc | KeywordField::Cpc) && is_subclass(&text) {
                    if let Some(Lexeme { tok: Tok::Word(next), span: nspan }) = self.peek().cloned() {
                        if is_group(&next) {
                            self.bump();
                            text.push_str(&next);
                            span = span.join(nspan);
                        }
                    }
                }
                Ok((self.keyword(field, &text, span)?, span))
            }
            Ctx::Date(field) => {
                let p = parse_period(&w)
                    .map_err(|reason| self.err(span, QueryErrorKind::BadDate { value: w.clone(), reason }))?;
                Ok((Expr::Date { field, range: DateRange { from: Some(p.start), to: Some(p.end) }, span }, span))
            }
        }
    }

    fn leaf_phrase(&mut self, ctx: Ctx, p: String, span: Span) -> Result<Parsed, QueryError> {
        if p.trim().is_empty() {
            return Err(self.err(span, QueryErrorKind::EmptyPhrase));
        }
        match ctx {
            Ctx::Default | Ctx::Text(_) => {
                self.check_searchable(&p, span)?;
                Ok((Expr::Text { fields: text_fields(ctx), pos: PosExpr::Phrase { text: p, span } }, span))
            }
            Ctx::Keyword(field) => Ok((self.keyword(field, &p, span)?, span)),
            Ctx::Date(_) => self.leaf_word(ctx, p, span),
        }
    }

    fn keyword(&self, field: KeywordField, text: &str, span: Span) -> Result<Expr, QueryError> {
        let value = match field {
            KeywordField::Ipc | KeywordField::Cpc => normalize_classification(text),
            KeywordField::Pn | KeywordField::An => normalize_number(text),
        };
        let truncated = value.contains(['*', '?']);
        if truncated && !value.chars().any(|c| c != '*' && c != '?') {
            return Err(self.err(
                span,
                QueryErrorKind::BadTruncation { pattern: text.into(), reason: "it has no literal character".into() },
            ));
        }
        if value.is_empty() {
            return Err(self.err(span, QueryErrorKind::NothingToSearch(text.into())));
        }
        Ok(Expr::Keyword { field, value, truncated, span })
    }

    fn check_searchable(&self, text: &str, span: Span) -> Result<(), QueryError> {
        if analyze(text, Mode::Query).is_empty() {
            return Err(self.err(span, QueryErrorKind::NothingToSearch(text.into())));
        }
        Ok(())
    }

    fn check_truncation(&self, pattern: &str, span: Span) -> Result<(), QueryError> {
        let norm = normalize_word(pattern);
        let bad = |reason: &str| {
            Err(self.err(span, QueryErrorKind::BadTruncation { pattern: pattern.into(), reason: reason.into() }))
        };
        let literal: Vec<char> = norm.chars().filter(|c| *c != '*' && *c != '?').collect();
        if literal.is_empty() {
            return bad("it has no literal character");
        }
        if let Some(c) = literal.iter().find(|c| !(c.is_alphanumeric() || **c == '.')) {
            return bad(&format!("'{c}' never occurs inside an indexed word (truncation applies to a single word)"));
        }
        let cjk = literal.iter().filter(|c| is_cjk(**c)).count();
        if cjk > 0 && cjk < literal.len() {
            return bad("indexed words are either Chinese or Latin, never both");
        }
        Ok(())
    }

    fn date_comparison(&mut self, field: DateField, cmp: Cmp, code_span: Span) -> Result<Parsed, QueryError> {
        let Some(Lexeme { tok: Tok::Word(w), span }) = self.peek().cloned() else {
            return Err(self.expected("a date (YYYY, YYYY-MM or YYYY-MM-DD)"));
        };
        self.bump();
        let p =
            parse_period(&w).map_err(|reason| self.err(span, QueryErrorKind::BadDate { value: w.clone(), reason }))?;
        let range = match cmp {
            Cmp::Ge => DateRange { from: Some(p.start), to: None },
            Cmp::Gt => DateRange { from: Some(p.end), to: None },
            Cmp::Le => DateRange { from: None, to: Some(p.end) },
            Cmp::Lt => DateRange { from: None, to: Some(p.start) },
        };
        let span = code_span.join(span);
        Ok((Expr::Date { field, range, span }, span))
    }

    /// `[a TO b]`, `{a TO b}`, mixed; `*` for an open end.
    fn date_range(&mut self, field: DateField, start_span: Span) -> Result<Parsed, QueryError> {
        let open = self.bump();
        let open_inclusive = matches!(open.as_ref().map(|l| &l.tok), Some(Tok::LBracket));
        let bound = |p: &mut Self| -> Result<Option<(crate::query::date::Period, Span)>, QueryError> {
            match p.peek().cloned() {
                Some(Lexeme { tok: Tok::Word(w), .. }) if w == "*" => {
                    p.bump();
                    Ok(None)
                }
                Some(Lexeme { tok: Tok::Word(w), span }) if !w.eq_ignore_ascii_case("TO") && w != "至" => {
                    p.bump();
                    let period = parse_period(&w)
                        .map_err(|reason| p.err(span, QueryErrorKind::BadDate { value: w.clone(), reason }))?;
                    Ok(Some((period, span)))
                }
                _ => Err(p.expected("a date or '*'")),
            }
        };
        let lo = bound(self)?;
        match self.peek_word() {
            Some(w) if w.eq_ignore_ascii_case("TO") || w == "至" => {
                self.bump();
            }
            _ => return Err(self.expected("TO")),
        }
        let hi = bound(self)?;
        let close = match self.peek() {
            Some(Lexeme { tok: Tok::RBracket, span }) => (true, *span),
            Some(Lexeme { tok: Tok::RBrace, span }) => (false, *span),
            _ => return Err(self.expected("']' or '}'")),
        };
        self.bump();
        let from = lo.map(|(p, _)| if open_inclusive { p.start } else { p.end });
        let to = hi.map(|(p, _)| if close.0 { p.end } else { p.start });
        let span = start_span.join(close.1);
        if let (Some(f), Some(t)) = (from, to) {
            if f >= t {
                return Err(self.err(span, QueryErrorKind::EmptyRange(format!("{f} is not before {t}"))));
            }
        }
        Ok((Expr::Date { field, range: DateRange { from, to }, span }, span))
    }
}

fn text_fields(ctx: Ctx) -> Vec<TextField> {
    match ctx {
        Ctx::Text(t) => vec![t],
        _ => DEFAULT_FIELDS.to_vec(),
    }
}

fn flatten(items: Vec<Expr>, or: bool) -> Expr {
    if items.len() == 1 {
        return items.into_iter().next().unwrap_or(Expr::Or(Vec::new()));
    }
    let mut out = Vec::with_capacity(items.len());
    for e in items {
        match (e, or) {
            (Expr::Or(inner), true) => out.extend(inner),
            (Expr::And(inner), false) => out.extend(inner),
            (e, _) => out.push(e),
        }
    }
    if or {
        Expr::Or(out)
    } else {
        Expr::And(out)
    }
}

/// A proximity operand: text expressions of one field set, combined only by OR and proximity.
fn to_pos(e: Expr) -> Result<(Vec<TextField>, PosExpr), String> {
    match e {
        Expr::Text { fields, pos } => Ok((fields, pos)),
        Expr::Or(items) => {
            let mut fields: Option<Vec<TextField>> = None;
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                let (f, p) = to_pos(item)?;
                match &fields {
                    None => fields = Some(f),
                    Some(prev) if *prev != f => return Err("the alternatives are in different fields".into()),
                    Some(_) => {}
                }
                out.push(p);
            }
            Ok((fields.unwrap_or_else(|| DEFAULT_FIELDS.to_vec()), PosExpr::Or(out)))
        }
        Expr::And(_) => Err("AND cannot combine proximity operands (use OR, or another proximity operator)".into()),
        Expr::AndNot(..) | Expr::Not(_) => Err("NOT cannot appear inside a proximity operand".into()),
        Expr::Keyword { field, .. } => Err(format!("{} is not a text field", field.code())),
        Expr::Date { field, .. } => Err(format!("{} is not a text field", field.code())),
    }
}

fn is_subclass(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 4
        && b[0].is_ascii_alphabetic()
        && b[1].is_ascii_digit()
        && b[2].is_ascii_digit()
        && b[3].is_ascii_alphabetic()
}

fn is_group(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b[0].is_ascii_digit()
        && s.contains('/')
        && b.iter().all(|c| c.is_ascii_digit() || matches!(c, b'/' | b'*' | b'?'))
}
