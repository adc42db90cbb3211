//! Parsing: the canonical form of the tree (precedence, field scoping) and malformed queries,
//! whose errors must name the position and what was expected.

use zhibao_search::query::ast::ProxOp;
use zhibao_search::query::{Expr, PosExpr};
use zhibao_search::{parse, QueryErrorKind};

fn canon(q: &str) -> String {
    match parse(q) {
        Ok(e) => e.to_string(),
        Err(e) => panic!("{q}: {e}"),
    }
}

#[test]
fn precedence_not_and_or() {
    assert_eq!(canon("a OR b AND c"), "(a OR (b AND c))");
    assert_eq!(canon("a AND b OR c"), "((a AND b) OR c)");
    assert_eq!(canon("a OR b NOT c"), "(a OR (b NOT c))");
    assert_eq!(canon("a AND b NOT c"), "(a AND (b NOT c))");
    assert_eq!(canon("a NOT b AND c"), "((a NOT b) AND c)");
    assert_eq!(canon("a NOT b NOT c"), "((a NOT b) NOT c)");
    assert_eq!(canon("(a OR b) AND c"), "((a OR b) AND c)");
    assert_eq!(canon("a b c"), "(a AND b AND c)");
    assert_eq!(canon("NOT a AND b"), "((NOT a) AND b)");
    assert_eq!(canon("a AND NOT b"), "(a AND (NOT b))");
    assert_eq!(canon("a 或 b 与 c 非 d"), "(a OR (b AND (c NOT d)))");
    assert_eq!(canon("a or b and c"), "(a OR (b AND c))");
}

#[test]
fn proximity_binds_tightest_and_left() {
    assert_eq!(canon("a 3W b AND c"), "((a 3W b) AND c)");
    assert_eq!(canon("a OR b 2D c"), "(a OR (b 2D c))");
    assert_eq!(canon("a 2W b 3W c"), "((a 2W b) 3W c)");
    assert_eq!(canon("a W b D c S d P e"), "((((a 0W b) 0D c) S d) P e)");
    assert_eq!(canon("(a OR b) 5D c"), "((a OR b) 5D c)");
    assert_eq!(canon("TI=a 3W b"), "TI=(a 3W b)");
    // an operator word in operand position is a word
    assert_eq!(canon("S AND P"), "(S AND P)");
    assert_eq!(canon("3D 打印"), "(3D AND 打印)");
    // lower case w / d / s / p are words
    assert_eq!(canon("a s b"), "(a AND s AND b)");
}

#[test]
fn field_scoping() {
    assert_eq!(canon("TI=(a AND b)"), "(TI=a AND TI=b)");
    assert_eq!(canon("TI=a AND b"), "(TI=a AND b)");
    assert_eq!(canon("TI:(a OR AB=b)"), "(TI=a OR AB=b)");
    assert_eq!(canon("IPC=H01M*"), "IPC=H01M*");
    assert_eq!(canon("IPC=h01m 10/0525"), "IPC=H01M10/0525");
    assert_eq!(canon("PD>=2021"), "PD=[2021-01-01,*)");
    assert_eq!(canon("PD>2021"), "PD=[2022-01-01,*)");
    assert_eq!(canon("PD<2021-03"), "PD=(*,2021-03-01)");
    assert_eq!(canon("PD<=2021-03"), "PD=(*,2021-04-01)");
    assert_eq!(canon("AD=[2020-01-01 TO 2022-12-31]"), "AD=[2020-01-01,2023-01-01)");
    assert_eq!(canon("AD={2020 TO 2022}"), "AD=[2021-01-01,2022-01-01)");
    assert_eq!(canon("AD=[* TO 2022]"), "AD=(*,2023-01-01)");
    assert_eq!(canon("名称＝（电池 与 隔膜）"), "(TI=电池 AND TI=隔膜)");
}

#[test]
fn typed_tree() {
    let e = parse("AB=(\"lithium ion\" 3W batter*)").ok();
    let Some(Expr::Text { fields, pos: PosExpr::Near { left, op, right, span } }) = e else {
        panic!("unexpected tree");
    };
    assert_eq!(fields.len(), 1);
    assert_eq!(op, ProxOp::W(3));
    assert_eq!((span.start, span.end), (18, 20));
    assert!(matches!(*left, PosExpr::Phrase { ref text, .. } if text == "lithium ion"));
    assert!(matches!(*right, PosExpr::Truncated { ref pattern, .. } if pattern == "batter*"));
}

/// (query, byte offset, predicate on the kind)
fn err(q: &str) -> (usize, usize, QueryErrorKind) {
    match parse(q) {
        Ok(e) => panic!("{q} parsed as {e}"),
        Err(e) => {
            // Display names the column, and the caret line points at it.
            assert!(e.to_string().starts_with(&format!("at column {}", e.column)), "{e}");
            let _ = e.caret(q);
            (e.offset, e.column, e.kind)
        }
    }
}

#[test]
fn unbalanced_parentheses() {
    let (off, _, kind) = err("(锂电池 AND 隔膜");
    assert_eq!(off, "(锂电池 AND 隔膜".len());
    assert_eq!(kind, QueryErrorKind::UnclosedParen { open_column: 1, found: "end of query".into() });

    let (off, col, kind) = err("a AND (b OR (c AND d)");
    assert_eq!((off, col), (21, 22));
    assert_eq!(kind, QueryErrorKind::UnclosedParen { open_column: 7, found: "end of query".into() });

    let (off, _, kind) = err("锂电池 AND 隔膜)");
    assert_eq!(off, "锂电池 AND 隔膜".len());
    assert_eq!(kind, QueryErrorKind::UnmatchedParen);

    let (off, _, kind) = err("()");
    assert_eq!(off, 1);
    assert!(matches!(kind, QueryErrorKind::Unexpected { ref found, .. } if found == ")"));

    let (off, _, kind) = err("(a b");
    assert_eq!(off, 4);
    assert!(matches!(kind, QueryErrorKind::UnclosedParen { .. }));
}

#[test]
fn dangling_operators() {
    let (off, col, kind) = err("锂电池 AND");
    assert_eq!((off, col), ("锂电池 AND".len(), 8));
    assert!(matches!(kind, QueryErrorKind::UnexpectedEnd { ref expected } if expected.contains("a term")));

    let (off, _, kind) = err("AND lithium");
    assert_eq!(off, 0);
    assert!(matches!(kind, QueryErrorKind::Unexpected { ref found, .. } if found == "AND"));

    let (off, _, kind) = err("lithium OR OR battery");
    assert_eq!(off, 11);
    assert!(matches!(kind, QueryErrorKind::Unexpected { ref found, .. } if found == "OR"));

    let (off, _, kind) = err("lithium 3W");
    assert_eq!(off, 10);
    assert!(matches!(kind, QueryErrorKind::UnexpectedEnd { .. }));

    let (off, _, kind) = err("lithium NOT");
    assert_eq!(off, 11);
    assert!(matches!(kind, QueryErrorKind::UnexpectedEnd { .. }));

    let (off, _, kind) = err("a 3W OR b");
    assert_eq!(off, 5);
    assert!(matches!(kind, QueryErrorKind::Unexpected { ref found, .. } if found == "OR"));

    let (off, _, kind) = err("TI=");
    assert_eq!(off, 3);
    assert!(matches!(kind, QueryErrorKind::UnexpectedEnd { ref expected } if expected.contains("TI=")));

    let (off, _, kind) = err("= a");
    assert_eq!(off, 0);
    assert!(matches!(kind, QueryErrorKind::Unexpected { .. }));
}

#[test]
fn bad_dates_and_ranges() {
    let (off, _, kind) = err("AD=2020-13-01");
    assert_eq!(off, 3);
    assert!(matches!(kind, QueryErrorKind::BadDate { ref value, .. } if value == "2020-13-01"));

    let (off, _, kind) = err("隔膜 AND PD>=20x1");
    assert_eq!(off, "隔膜 AND PD>=".len());
    assert!(matches!(kind, QueryErrorKind::BadDate { .. }));

    let (off, _, kind) = err("AD=[2020-02-30 TO 2021]");
    assert_eq!(off, 4);
    assert!(matches!(kind, QueryErrorKind::BadDate { .. }));

    let (_, _, kind) = err("AD=[2022 TO 2020]");
    assert!(matches!(kind, QueryErrorKind::EmptyRange(_)));

    let (off, _, kind) = err("AD=[2020 2021]");
    assert_eq!(off, 9);
    assert!(matches!(kind, QueryErrorKind::Unexpected { ref expected, .. } if expected == "TO"));

    let (off, _, kind) = err("AD=[2020 TO 2021");
    assert_eq!(off, 16);
    assert!(matches!(kind, QueryErrorKind::UnexpectedEnd { .. }));

    let (off, _, kind) = err("TI>=2020");
    assert_eq!(off, 2);
    assert!(matches!(kind, QueryErrorKind::NotAllowed(_)));

    let (off, _, kind) = err("[2020 TO 2021]");
    assert_eq!(off, 0);
    assert!(matches!(kind, QueryErrorKind::NotAllowed(_)));

    let (_, _, kind) = err("AD=电池*");
    assert!(matches!(kind, QueryErrorKind::BadDate { .. }));
}

#[test]
fn unknown_field_and_empty() {
    let (off, _, kind) = err("a AND XY=电池");
    assert_eq!(off, 6);
    assert_eq!(kind, QueryErrorKind::UnknownField("XY".into()));

    assert_eq!(err("").2, QueryErrorKind::Empty);
    assert_eq!(err("   ").2, QueryErrorKind::Empty);
    assert_eq!(err("\u{3000}").2, QueryErrorKind::Empty);

    let (off, _, kind) = err("a \"b c");
    assert_eq!((off, kind), (2, QueryErrorKind::UnterminatedPhrase));
    assert_eq!(err("\"\"").2, QueryErrorKind::EmptyPhrase);

    let (off, _, kind) = err("电池 AND ，");
    assert_eq!(off, "电池 AND ".len());
    assert!(matches!(kind, QueryErrorKind::NothingToSearch(_)));
}

#[test]
fn proximity_misuse() {
    let (off, _, kind) = err("TI=lithium 3W AB=battery");
    assert_eq!(off, 11);
    assert!(matches!(kind, QueryErrorKind::NotAllowed(ref m) if m.contains("different fields")));

    let (off, _, kind) = err("(a AND b) 3W c");
    assert_eq!(off, 0);
    assert!(matches!(kind, QueryErrorKind::NotAllowed(ref m) if m.contains("AND")));

    let (off, _, kind) = err("a S (b NOT c)");
    assert_eq!(off, 4);
    assert!(matches!(kind, QueryErrorKind::NotAllowed(ref m) if m.contains("NOT")));

    let (_, _, kind) = err("IPC=H01M* 3W a");
    assert!(matches!(kind, QueryErrorKind::NotAllowed(ref m) if m.contains("IPC")));

    let (off, _, kind) = err("lithium 1000W battery");
    assert_eq!(off, 8);
    assert_eq!(kind, QueryErrorKind::DistanceTooLarge(1000));
}

#[test]
fn bad_truncations() {
    assert!(matches!(err("*").2, QueryErrorKind::BadTruncation { .. }));
    assert!(matches!(err("a AND ?*").2, QueryErrorKind::BadTruncation { .. }));
    assert!(matches!(err("li-ion*").2, QueryErrorKind::BadTruncation { .. }));
    assert!(matches!(err("电池abc*").2, QueryErrorKind::BadTruncation { .. }));
    assert!(matches!(err("IPC=*").2, QueryErrorKind::BadTruncation { .. }));
}

#[test]
fn never_panics_on_garbage() {
    // A crude fuzz: every prefix of some nasty queries, and a few odd strings.
    let samples = [
        "TI=(锂电池 3W \"固态 电解质\") AND PD>=2021 NOT IPC=H01M10/* OR AD=[2020-01 TO *}",
        "((((a",
        "))))",
        "a 3W (b OR (c 2D d)) S e P f",
        "“锂电池”（隔膜）＝：＞＜",
        "AD=[ TO ]",
        "PD>=",
        "IPC=H01M 10/",
        "\u{1}s S \u{1}p",
        "a\u{0}b",
        "9999999999999999999999W",
        "a 99999999999999999999W b",
    ];
    for s in samples {
        for (i, _) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
            let _ = parse(&s[..i]);
        }
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!("{}a{}", "(".repeat(10_000), ")".repeat(10_000));
    assert!(matches!(parse(&deep).map_err(|e| e.kind), Err(QueryErrorKind::TooDeep(_))));
    let nots = format!("{}a", "NOT ".repeat(10_000));
    assert!(matches!(parse(&nots).map_err(|e| e.kind), Err(QueryErrorKind::TooDeep(_))));
    let chain = format!("a{}", " W a".repeat(10_000));
    assert!(matches!(parse(&chain).map_err(|e| e.kind), Err(QueryErrorKind::TooDeep(_))));
    // each level nests the group as the left operand of a chain of 10 NOTs: 60 × 10 levels
    let mut mixed = String::from("a");
    for _ in 0..60 {
        mixed = format!("({mixed}{})", " NOT b".repeat(10));
    }
    assert!(matches!(parse(&mixed).map_err(|e| e.kind), Err(QueryErrorKind::TooDeep(_))));
    assert!(parse(&format!("{}a{}", "(NOT a NOT ".repeat(60), ")".repeat(60))).is_ok());
    // flat AND / OR lists are not deep
    let wide = vec!["a"; 5_000].join(" OR ");
    assert!(parse(&wide).is_ok());
    // reasonable nesting is fine
    assert!(parse(&format!("{}a{}", "(".repeat(30), ")".repeat(30))).is_ok());
}
