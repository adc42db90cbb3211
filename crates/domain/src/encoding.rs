//! Text encodings of uploaded tables (文件编码). A CSV saved by Excel or WPS on Chinese Windows is GB18030 / GBK
//! (the "ANSI" code page 936) unless the user picks "CSV UTF-8"; Excel's "Unicode text" is UTF-16 with a BOM.
//! [`decode_text`] finds the encoding the way a careful reader would:
//!
//! 1. a byte-order mark decides (UTF-8, UTF-16LE, UTF-16BE);
//! 2. else bytes that are valid UTF-8 are UTF-8 (GBK text with Chinese in it is practically never valid UTF-8);
//! 3. else GB18030 (a superset of GBK and GB2312), and bytes that are not valid GB18030 either are refused.
//!
//! Decoding uses [encoding_rs](https://docs.rs/encoding_rs) (the WHATWG Encoding Standard's decoders).

use std::borrow::Cow;

use encoding_rs::{Encoding, GB18030};

/// The encoding a text was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark (Excel's "CSV UTF-8").
    Utf8Bom,
    /// UTF-16 little-endian with a byte-order mark.
    Utf16Le,
    /// UTF-16 big-endian with a byte-order mark.
    Utf16Be,
    /// GB18030 (GBK, GB2312): Excel / WPS "CSV" on Chinese Windows.
    Gb18030,
}

impl TextEncoding {
    /// The encoding's usual name.
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 (BOM)",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Gb18030 => "GB18030",
        }
    }
}

/// Bytes that are text in none of the encodings tried.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "无法识别文件编码（支持 UTF-8、UTF-16、GB18030/GBK）/ unknown text encoding (UTF-8, UTF-16, GB18030/GBK are read)"
)]
pub struct UnknownEncoding;

/// Decode the bytes of a text file (see the module documentation). The byte-order mark, if any, is not part of the
/// text returned.
pub fn decode_text(bytes: &[u8]) -> Result<(Cow<'_, str>, TextEncoding), UnknownEncoding> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let kind = if enc == encoding_rs::UTF_8 {
            TextEncoding::Utf8Bom
        } else if enc == encoding_rs::UTF_16LE {
            TextEncoding::Utf16Le
        } else {
            TextEncoding::Utf16Be
        };
        let text = enc.decode_without_bom_handling_and_without_replacement(&bytes[bom_len..]).ok_or(UnknownEncoding)?;
        return Ok((text, kind));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((Cow::Borrowed(s), TextEncoding::Utf8));
    }
    let text = GB18030.decode_without_bom_handling_and_without_replacement(bytes).ok_or(UnknownEncoding)?;
    Ok((text, TextEncoding::Gb18030))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "产业代码,产业名称,IPC\n1,新一代信息技术产业,G06F\n";

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode_text(TEXT.as_bytes()), Ok((Cow::Borrowed(TEXT), TextEncoding::Utf8)));
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice(TEXT.as_bytes());
        let (t, e) = decode_text(&b).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((t.as_ref(), e), (TEXT, TextEncoding::Utf8Bom));
    }

    #[test]
    fn gbk_as_excel_saves_it() {
        let (gbk, _, unmappable) = encoding_rs::GBK.encode(TEXT);
        assert!(!unmappable);
        assert!(std::str::from_utf8(&gbk).is_err(), "the fixture is not UTF-8");
        let (t, e) = decode_text(&gbk).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((t.as_ref(), e), (TEXT, TextEncoding::Gb18030));
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in TEXT.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode_text(&le).map(|(t, e)| (t.into_owned(), e)), Ok((TEXT.to_string(), TextEncoding::Utf16Le)));
        assert_eq!(decode_text(&be).map(|(t, e)| (t.into_owned(), e)), Ok((TEXT.to_string(), TextEncoding::Utf16Be)));
    }

    #[test]
    fn garbage_is_refused() {
        // 0xFF starts no GB18030 sequence, and the bytes are not UTF-8.
        assert_eq!(decode_text(&[b'a', 0x80, b'b', 0xFF]), Err(UnknownEncoding));
    }
}
