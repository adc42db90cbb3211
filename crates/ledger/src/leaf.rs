//! Canonical bytes of a log entry.
//!
//! A leaf is `b"zhibao-leaf/1\n" ‖ kind ‖ b"\n" ‖ canonical JSON of the fields`, hashed into the log with
//! [`crate::hash::HashAlg::leaf_hash`]. Leaves are derived from database rows, so the same row must always give
//! the same bytes: the JSON is written canonically, whatever the key order or formatting of the input:
//!
//! - no whitespace between tokens;
//! - object members sorted by key (byte order of the UTF-8 key, i.e. Rust's `str` order);
//! - strings as `serde_json` writes them (UTF-8 as is; `"` `\` and control characters escaped, `\n`-style
//!   short escapes where JSON has one, otherwise `\u00XX` in lowercase hex);
//! - numbers as `serde_json` writes them. Use integers (and strings for amounts and times): a float is written in
//!   its shortest round-trip form, which is stable but not the same as other languages' canonical JSON.
//!
//! [`parse_leaf`] accepts exactly these bytes: it re-encodes what it parsed and rejects the input unless the
//! bytes are identical (so duplicate keys, unsorted keys, spaces, `\u00e9` escapes or `1.0e3` are refused).

use std::fmt::Write as _;

use serde_json::Value;

/// The first line of every leaf, naming this encoding and its version.
pub const LEAF_PREFIX: &[u8] = b"zhibao-leaf/1\n";

/// Why bytes are not a canonical leaf.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LeafError {
    /// The bytes do not start with [`LEAF_PREFIX`].
    #[error("not a zhibao leaf (missing the \"zhibao-leaf/1\" line)")]
    BadPrefix,
    /// The kind line is missing, empty or has characters outside `[a-z0-9_.-]`.
    #[error("bad leaf kind {0:?} (expected one or more of a-z 0-9 _ . -)")]
    BadKind(String),
    /// The fields are not JSON.
    #[error("leaf fields are not JSON: {0}")]
    Json(String),
    /// The fields are JSON but not in the canonical form [`leaf_bytes`] writes.
    #[error("leaf fields are not canonical JSON (keys sorted, no whitespace)")]
    NotCanonical,
}

/// Whether `kind` is a valid leaf kind: non-empty, only `a-z`, `0-9`, `_`, `.` and `-`.
pub fn is_valid_kind(kind: &str) -> bool {
    !kind.is_empty() && kind.bytes().all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-'))
}

/// The canonical leaf bytes of an entry of `kind` (which must satisfy [`is_valid_kind`], or [`parse_leaf`] will
/// reject the result) with the given fields.
pub fn leaf_bytes(kind: &str, fields: &Value) -> Vec<u8> {
    let mut out = String::new();
    write_canonical(&mut out, fields);
    let mut bytes = Vec::with_capacity(LEAF_PREFIX.len() + kind.len() + 1 + out.len());
    bytes.extend_from_slice(LEAF_PREFIX);
    bytes.extend_from_slice(kind.as_bytes());
    bytes.push(b'\n');
    bytes.extend_from_slice(out.as_bytes());
    bytes
}

/// Splits canonical leaf bytes into kind and fields. Rejects anything [`leaf_bytes`] would not have written.
pub fn parse_leaf(bytes: &[u8]) -> Result<(String, Value), LeafError> {
    let rest = bytes.strip_prefix(LEAF_PREFIX).ok_or(LeafError::BadPrefix)?;
    let newline = rest.iter().position(|&b| b == b'\n');
    let (kind, json) = match newline {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => return Err(LeafError::BadKind(String::from_utf8_lossy(rest).into_owned())),
    };
    let kind = std::str::from_utf8(kind)
        .ok()
        .filter(|k| is_valid_kind(k))
        .ok_or_else(|| LeafError::BadKind(String::from_utf8_lossy(kind).into_owned()))?;
    let fields: Value = serde_json::from_slice(json).map_err(|e| LeafError::Json(e.to_string()))?;
    if leaf_bytes(kind, &fields) != bytes {
        return Err(LeafError::NotCanonical);
    }
    Ok((kind.to_owned(), fields))
}

fn write_canonical(out: &mut String, value: &Value) {
    match value {
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {
            // Scalars: serde_json's own compact form, which is deterministic.
            let _ = write!(out, "{value}");
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            // Sort explicitly: serde_json's map keeps insertion order when its `preserve_order` feature is on.
            let mut members: Vec<(&String, &Value)> = map.iter().collect();
            members.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (key, item)) in members.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let _ = write!(out, "{}", Value::String(key.clone()));
                out.push(':');
                write_canonical(out, item);
            }
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn layout() {
        let bytes = leaf_bytes("evidence", &json!({"b": 1, "a": [true, null, "x\ny"]}));
        assert_eq!(bytes, b"zhibao-leaf/1\nevidence\n{\"a\":[true,null,\"x\\ny\"],\"b\":1}".to_vec());
        assert_eq!(parse_leaf(&bytes), Ok(("evidence".to_owned(), json!({"a": [true, null, "x\ny"], "b": 1}))));
    }

    #[test]
    fn bad_kinds() {
        assert!(matches!(parse_leaf(b"zhibao-leaf/1\n\n{}"), Err(LeafError::BadKind(_))));
        assert!(matches!(parse_leaf(b"zhibao-leaf/1\nEvidence\n{}"), Err(LeafError::BadKind(_))));
        assert!(matches!(parse_leaf(b"zhibao-leaf/1\nevidence"), Err(LeafError::BadKind(_))));
        assert_eq!(parse_leaf(b"zhibao-leaf/2\nx\n{}"), Err(LeafError::BadPrefix));
        assert!(matches!(parse_leaf(b"zhibao-leaf/1\nx\n{"), Err(LeafError::Json(_))));
    }
}
