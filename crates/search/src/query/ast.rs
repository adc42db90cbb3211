//! The typed syntax tree of an examiner query.

use std::fmt;

use chrono::NaiveDate;

/// Largest `n` accepted in `nW` / `nD`.
pub const MAX_DISTANCE: u32 = 999;

/// A byte range in the query text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// `start..end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// True for an empty span.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Analysed text fields (searched through the mixed Chinese/English analyser, with positions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TextField {
    /// TI — title.
    Ti,
    /// AB — abstract.
    Ab,
    /// CL — claims.
    Cl,
    /// DE — description.
    De,
    /// PA — applicants.
    Pa,
    /// IN — inventors.
    In,
    /// ADDR — applicant address.
    Addr,
}

/// Keyword fields (exact symbols, with truncation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeywordField {
    /// IPC symbols.
    Ipc,
    /// CPC symbols.
    Cpc,
    /// Publication number.
    Pn,
    /// Application number.
    An,
}

/// Date fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DateField {
    /// AD — application date.
    Ad,
    /// PD — publication date.
    Pd,
}

/// Any field a field code can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldCode {
    /// A text field.
    Text(TextField),
    /// A keyword field.
    Keyword(KeywordField),
    /// A date field.
    Date(DateField),
}

/// Fields searched by a bare term: title, abstract and claims.
pub const DEFAULT_FIELDS: [TextField; 3] = [TextField::Ti, TextField::Ab, TextField::Cl];

impl TextField {
    /// The examiner code (`TI`).
    pub fn code(self) -> &'static str {
        match self {
            TextField::Ti => "TI",
            TextField::Ab => "AB",
            TextField::Cl => "CL",
            TextField::De => "DE",
            TextField::Pa => "PA",
            TextField::In => "IN",
            TextField::Addr => "ADDR",
        }
    }
}

impl KeywordField {
    /// The examiner code (`IPC`).
    pub fn code(self) -> &'static str {
        match self {
            KeywordField::Ipc => "IPC",
            KeywordField::Cpc => "CPC",
            KeywordField::Pn => "PN",
            KeywordField::An => "AN",
        }
    }
}

impl DateField {
    /// The examiner code (`AD`).
    pub fn code(self) -> &'static str {
        match self {
            DateField::Ad => "AD",
            DateField::Pd => "PD",
        }
    }
}

impl FieldCode {
    /// Looks a field code up: the codes in any case, and the usual Chinese names
    /// (名称, 摘要, 权利要求, 说明书, 申请人, 发明人, 地址, 分类号, 申请日, 公开日, 公开号, 申请号 …).
    pub fn parse(code: &str) -> Option<FieldCode> {
        use FieldCode::*;
        let upper = code.to_ascii_uppercase();
        Some(match upper.as_str() {
            "TI" | "名称" | "标题" | "发明名称" => Text(TextField::Ti),
            "AB" | "摘要" => Text(TextField::Ab),
            "CL" | "权利要求" | "权利要求书" => Text(TextField::Cl),
            "DE" | "说明书" => Text(TextField::De),
            "PA" | "申请人" | "专利权人" => Text(TextField::Pa),
            "IN" | "发明人" => Text(TextField::In),
            "ADDR" | "地址" | "申请人地址" => Text(TextField::Addr),
            "IPC" | "IC" | "分类号" | "IPC分类号" => Keyword(KeywordField::Ipc),
            "CPC" | "CPC分类号" => Keyword(KeywordField::Cpc),
            "PN" | "公开号" | "公告号" | "公开公告号" => Keyword(KeywordField::Pn),
            "AN" | "申请号" => Keyword(KeywordField::An),
            "AD" | "申请日" => Date(DateField::Ad),
            "PD" | "公开日" | "公告日" | "公开公告日" => Date(DateField::Pd),
            _ => return None,
        })
    }
}

/// A proximity operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProxOp {
    /// `nW` (`W` = `0W`): the right operand starts after the left one ends, with at most `n`
    /// words in between.
    W(u32),
    /// `nD` (`D` = `0D`): like `nW` in either order.
    D(u32),
    /// `S`: both operands in the same sentence.
    S,
    /// `P`: both operands in the same paragraph.
    P,
}

impl fmt::Display for ProxOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProxOp::W(n) => write!(f, "{n}W"),
            ProxOp::D(n) => write!(f, "{n}D"),
            ProxOp::S => write!(f, "S"),
            ProxOp::P => write!(f, "P"),
        }
    }
}

/// A positional expression: what can stand on either side of a proximity operator, evaluated
/// within one text field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PosExpr {
    /// A bare word as typed. If the analyser splits it into several words (`锂电池隔膜`,
    /// `Li-ion`) they must appear in sequence, as a phrase.
    Word {
        /// The text as typed.
        text: String,
        /// Where.
        span: Span,
    },
    /// `"..."`: the analysed words in sequence.
    Phrase {
        /// The text between the quotes.
        text: String,
        /// Where (quotes included).
        span: Span,
    },
    /// A word with `*` (any number of characters) or `?` (exactly one character), matched
    /// against single indexed words.
    Truncated {
        /// The pattern as typed.
        pattern: String,
        /// Where.
        span: Span,
    },
    /// `(a OR b …)` as a proximity operand.
    Or(Vec<PosExpr>),
    /// `left op right`.
    Near {
        /// Left operand.
        left: Box<PosExpr>,
        /// Operator.
        op: ProxOp,
        /// Right operand.
        right: Box<PosExpr>,
        /// Where the operator is.
        span: Span,
    },
}

/// A date interval `[from, to)` in days; `None` is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    /// First day included.
    pub from: Option<NaiveDate>,
    /// First day excluded.
    pub to: Option<NaiveDate>,
}

/// A query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// Any of.
    Or(Vec<Expr>),
    /// All of.
    And(Vec<Expr>),
    /// `a NOT b`: a, and not b.
    AndNot(Box<Expr>, Box<Expr>),
    /// `NOT a` at the start of an operand: every document but a.
    Not(Box<Expr>),
    /// Text in any of `fields`.
    Text {
        /// Fields searched (any of them; proximity is evaluated inside one field).
        fields: Vec<TextField>,
        /// What to find.
        pos: PosExpr,
    },
    /// A keyword field: exact value, or a truncation (`*`, `?`).
    Keyword {
        /// The field.
        field: KeywordField,
        /// Normalised value (or pattern).
        value: String,
        /// True when `value` contains `*` or `?`.
        truncated: bool,
        /// Where.
        span: Span,
    },
    /// A date interval.
    Date {
        /// The field.
        field: DateField,
        /// The interval.
        range: DateRange,
        /// Where.
        span: Span,
    },
}

impl fmt::Display for PosExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PosExpr::Word { text, .. } => write!(f, "{text}"),
            PosExpr::Phrase { text, .. } => write!(f, "\"{text}\""),
            PosExpr::Truncated { pattern, .. } => write!(f, "{pattern}"),
            PosExpr::Or(items) => write_joined(f, items, " OR "),
            PosExpr::Near { left, op, right, .. } => write!(f, "({left} {op} {right})"),
        }
    }
}

fn write_joined<T: fmt::Display>(f: &mut fmt::Formatter<'_>, items: &[T], sep: &str) -> fmt::Result {
    write!(f, "(")?;
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            write!(f, "{sep}")?;
        }
        write!(f, "{item}")?;
    }
    write!(f, ")")
}

impl fmt::Display for Expr {
    /// A fully parenthesised canonical form: `(a OR (b AND c))`, `TI=(x 3W y)`,
    /// `AD=[2020-01-01,2021-01-01)`. Bare terms (default fields) print without a code.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Or(items) => write_joined(f, items, " OR "),
            Expr::And(items) => write_joined(f, items, " AND "),
            Expr::AndNot(a, b) => write!(f, "({a} NOT {b})"),
            Expr::Not(a) => write!(f, "(NOT {a})"),
            Expr::Text { fields, pos } => {
                if fields.as_slice() != DEFAULT_FIELDS {
                    let codes: Vec<&str> = fields.iter().map(|t| t.code()).collect();
                    write!(f, "{}=", codes.join("+"))?;
                }
                write!(f, "{pos}")
            }
            Expr::Keyword { field, value, .. } => write!(f, "{}={value}", field.code()),
            Expr::Date { field, range, .. } => {
                write!(f, "{}=", field.code())?;
                match range.from {
                    Some(d) => write!(f, "[{d}")?,
                    None => write!(f, "(*")?,
                }
                match range.to {
                    Some(d) => write!(f, ",{d})"),
                    None => write!(f, ",*)"),
                }
            }
        }
    }
}
