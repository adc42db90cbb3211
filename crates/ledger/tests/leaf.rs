//! Canonical leaf encoding: stable bytes whatever the input order, and only canonical bytes accepted.

use serde_json::{json, Map, Value};
use zhibao_ledger::hash::HashAlg;
use zhibao_ledger::leaf::{is_valid_kind, leaf_bytes, parse_leaf, LeafError};

fn fields() -> Value {
    json!({
        "case_id": "a1b2",
        "sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "size": 1234,
        "nested": {"z": -1, "a": [3, 2, 1], "m": null, "ü": "中文 \"quoted\" \\ \u{1}"},
        "ok": true,
        "seq": 18446744073709551615u64,
    })
}

/// The exact bytes of the example: a regression guard, since every stored leaf hash depends on them.
#[test]
fn known_bytes() {
    let want = concat!(
        "zhibao-leaf/1\nevidence\n",
        r#"{"case_id":"a1b2","nested":{"a":[3,2,1],"m":null,"z":-1,"ü":"中文 \"quoted\" \\ \u0001"},"ok":true,"#,
        r#""seq":18446744073709551615,"sha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","#,
        r#""size":1234}"#
    );
    let bytes = leaf_bytes("evidence", &fields());
    assert_eq!(String::from_utf8(bytes.clone()).expect("utf8"), want);
    assert_eq!(parse_leaf(&bytes), Ok(("evidence".to_owned(), fields())));
    assert_eq!(
        hex::encode(HashAlg::Sha256.leaf_hash(&bytes)),
        hex::encode(HashAlg::Sha256.digest(&[&[0u8][..], want.as_bytes()].concat()))
    );
}

/// Building the same object in different key orders (and from text with whitespace) gives the same bytes.
#[test]
fn key_order_does_not_matter() {
    let mut forward = Map::new();
    let mut backward = Map::new();
    let keys = ["b", "a", "c", "aa", "B", "é", "_"];
    for (i, k) in keys.iter().enumerate() {
        forward.insert((*k).to_owned(), json!(i));
    }
    for (i, k) in keys.iter().enumerate().rev() {
        backward.insert((*k).to_owned(), json!(i));
    }
    let a = leaf_bytes("op", &Value::Object(forward));
    let b = leaf_bytes("op", &Value::Object(backward));
    assert_eq!(a, b);
    assert_eq!(
        String::from_utf8(a.clone()).expect("utf8"),
        "zhibao-leaf/1\nop\n{\"B\":4,\"_\":6,\"a\":1,\"aa\":3,\"b\":0,\"c\":2,\"é\":5}"
    );

    let pretty: Value = serde_json::from_str("{ \"c\": 2,\n  \"a\" : [ 1 , {\"y\":1, \"x\":0} ] }").expect("json");
    assert_eq!(leaf_bytes("k", &pretty), b"zhibao-leaf/1\nk\n{\"a\":[1,{\"x\":0,\"y\":1}],\"c\":2}".to_vec());
}

#[test]
fn non_canonical_bytes_are_rejected() {
    let prefix = "zhibao-leaf/1\nevidence\n";
    let cases = [
        "{\"b\":1,\"a\":2}",            // keys out of order
        "{\"a\": 1}",                   // whitespace
        "{\"a\":1} ",                   // trailing whitespace
        " {\"a\":1}",                   // leading whitespace
        "{\"a\":1}\n",                  // trailing newline
        "{\"a\":1,\"a\":1}",            // duplicate key
        "{\"a\":\"\\u00e9\"}",          // escaped non-ASCII
        "{\"a\":\"\\/\"}",              // needless escape
        "{\"a\":1.50}",                 // float spelled differently
        "{\"a\":1e2}",                  // exponent
        "{\"a\":-0}",                   // negative zero
        "{\"a\":18446744073709551616}", // beyond u64
    ];
    for case in cases {
        let bytes = format!("{prefix}{case}").into_bytes();
        let res = parse_leaf(&bytes);
        assert!(matches!(res, Err(LeafError::NotCanonical)), "{case:?}: {res:?}");
    }
    assert!(matches!(parse_leaf(b"zhibao-leaf/1\nevidence\n{\"a\":1"), Err(LeafError::Json(_))));
    assert!(matches!(parse_leaf(b"zhibao-leaf/1\nevidence\n{\"a\":1}x"), Err(LeafError::Json(_))));
    assert!(matches!(parse_leaf(b"zhibao-leaf/1\nevidence\n"), Err(LeafError::Json(_))));
    assert!(matches!(parse_leaf(b"zhibao-leaf/1\nevi dence\n{}"), Err(LeafError::BadKind(_))));
    assert!(matches!(parse_leaf(b"zhibao-leaf/1\n\xff\n{}"), Err(LeafError::BadKind(_))));
    assert_eq!(parse_leaf(b"zhibao-leaf/1"), Err(LeafError::BadPrefix));
    assert_eq!(parse_leaf(b""), Err(LeafError::BadPrefix));
    assert_eq!(parse_leaf(b"ZHIBAO-LEAF/1\nx\n{}"), Err(LeafError::BadPrefix));
}

#[test]
fn round_trips() {
    let values = [
        json!({}),
        json!([]),
        json!(null),
        json!("just a string"),
        json!({"emoji": "😀", "ctl": "\u{7f}\u{1f}\t\r\n", "i": i64::MIN, "u": u64::MAX, "f": 0.5}),
        json!({"deep": [[[[{"b": [], "a": {}}]]]]}),
    ];
    for v in values {
        let bytes = leaf_bytes("case-event.v2", &v);
        assert_eq!(parse_leaf(&bytes), Ok(("case-event.v2".to_owned(), v.clone())), "{v}");
    }
}

#[test]
fn kinds() {
    for k in ["evidence", "case_event", "op-log", "v1.2"] {
        assert!(is_valid_kind(k), "{k}");
    }
    for k in ["", "Evidence", "a b", "a\nb", "类别", "a/b"] {
        assert!(!is_valid_kind(k), "{k}");
    }
}
