//! Patent numbers (专利号码): application numbers (申请号) and publication numbers (公开（公告）号) of CN, US, EP
//! and WO documents, with kind codes (文献种类代码) and the CN check digit (校验位).
//!
//! Canonical forms (what is stored and shown):
//! - application number: country + digits, and for CN the check digit after a dot — `CN202010123456.7`,
//!   `CN99123456.1` (pre-2003 8-digit form), `US13123456`, `EP20123456`, `WOCN2019123456` (PCT: `PCT/CN2019/123456`);
//! - publication number: country + serial without zero padding + kind code — `CN112345678A`, `US8613112B2`,
//!   `EP1234567A1`, `WO2019123456A1`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a number was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    /// Nothing left after normalisation.
    #[error("号码为空 / empty number")]
    Empty,
    /// Not a recognisable number.
    #[error("无法识别的号码 “{0}” / unrecognised number")]
    Malformed(String),
    /// The CN check digit does not match.
    #[error("申请号校验位错误：应为 {expected}，实为 {found} / CN check digit should be {expected}, is {found}")]
    CheckDigit {
        /// The computed check digit.
        expected: char,
        /// The digit given.
        found: char,
    },
}

/// Full width → half width, upper case, spaces / `-` / `,` / `/` removed (the dot is kept: it separates the CN
/// check digit).
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | ',' | '_'))
        .flat_map(char::to_uppercase)
        .collect()
}

/// The CN check digit (校验位) of the digits before the dot of a CN application number: the 12 digits of the form
/// used since 1 October 2003 (weights 2,3,4,5,6,7,8,9,2,3,4,5) or the 8 digits of the older form (weights 2…9);
/// sum mod 11, `X` for 10. `None` when `digits` is not 8 or 12 ASCII digits.
pub fn cn_check_digit(digits: &str) -> Option<char> {
    if !(digits.len() == 8 || digits.len() == 12) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    const W: [u32; 12] = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
    let sum: u32 = digits.bytes().zip(W.iter()).map(|(b, w)| u32::from(b - b'0') * w).sum();
    let r = sum % 11;
    Some(if r == 10 { 'X' } else { char::from_digit(r, 10).unwrap_or('0') })
}

/// The type of a CN application from its number (the 5th digit of the 2003 form, the 3rd of the old form).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CnApplicationType {
    /// 发明专利申请 (1; 8 = PCT entering the national phase).
    Invention,
    /// 实用新型 (2; 9 = PCT).
    UtilityModel,
    /// 外观设计 (3).
    Design,
}

/// An application number (申请号).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ApplicationNumber {
    /// Two-letter country / office code (`CN`, `US`, `EP`, `WO`, …).
    pub country: String,
    /// The number without country and check digit (for WO: `CN2019123456`).
    pub number: String,
    /// CN check digit, when given or computed.
    pub check_digit: Option<char>,
}

impl ApplicationNumber {
    /// Parse an application number. `default_country` is used when the text has no country prefix (a bare
    /// `202010123456.7` from a Chinese export is CN). A CN number with a check digit is verified; a CN number
    /// without one gets it computed.
    pub fn parse(raw: &str, default_country: &str) -> Result<Self, NumberError> {
        let t = fold(raw);
        if t.is_empty() {
            return Err(NumberError::Empty);
        }
        // PCT/CN2019/123456 (slashes folded away by the caller? keep them here).
        if let Some(rest) = t.strip_prefix("PCT/") {
            let parts: Vec<&str> = rest.split('/').collect();
            if parts.len() == 2 && parts[0].len() >= 4 && parts[1].bytes().all(|b| b.is_ascii_digit()) {
                return Ok(ApplicationNumber {
                    country: "WO".into(),
                    number: format!("{}{}", parts[0], parts[1]),
                    check_digit: None,
                });
            }
            return Err(NumberError::Malformed(raw.to_string()));
        }
        let t: String = t.chars().filter(|c| *c != '/').collect();
        let (country, rest) = split_country(&t).unwrap_or((default_country.to_ascii_uppercase(), t.as_str()));
        if rest.is_empty() {
            return Err(NumberError::Malformed(raw.to_string()));
        }
        if country == "CN" {
            let (digits, given) = match rest.split_once('.') {
                Some((d, c)) if c.len() == 1 => (d, c.chars().next()),
                Some(_) => return Err(NumberError::Malformed(raw.to_string())),
                None if rest.len() == 13 || rest.len() == 9 => {
                    let (d, c) = rest.split_at(rest.len() - 1);
                    (d, c.chars().next())
                }
                None => (rest, None),
            };
            let expected = cn_check_digit(digits).ok_or_else(|| NumberError::Malformed(raw.to_string()))?;
            if let Some(found) = given {
                if found != expected {
                    return Err(NumberError::CheckDigit { expected, found });
                }
            }
            return Ok(ApplicationNumber { country, number: digits.to_string(), check_digit: Some(expected) });
        }
        let number: String = rest.chars().filter(|c| *c != '.').collect();
        if !number.chars().all(|c| c.is_ascii_alphanumeric()) || !number.chars().any(|c| c.is_ascii_digit()) {
            return Err(NumberError::Malformed(raw.to_string()));
        }
        Ok(ApplicationNumber { country, number, check_digit: None })
    }

    /// For CN numbers: the application type encoded in the number.
    pub fn cn_type(&self) -> Option<CnApplicationType> {
        if self.country != "CN" {
            return None;
        }
        let b = self.number.as_bytes();
        let d = match b.len() {
            12 => b[4],
            8 => b[2],
            _ => return None,
        };
        match d {
            b'1' | b'8' => Some(CnApplicationType::Invention),
            b'2' | b'9' => Some(CnApplicationType::UtilityModel),
            b'3' => Some(CnApplicationType::Design),
            _ => None,
        }
    }
}

impl fmt::Display for ApplicationNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.country, self.number)?;
        if let Some(c) = self.check_digit {
            write!(f, ".{c}")?;
        }
        Ok(())
    }
}

fn split_country(t: &str) -> Option<(String, &str)> {
    let b = t.as_bytes();
    if b.len() > 2 && b[0].is_ascii_uppercase() && b[1].is_ascii_uppercase() {
        Some((t[..2].to_string(), &t[2..]))
    } else {
        None
    }
}

/// A publication number (公开（公告）号) with its kind code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PublicationNumber {
    /// Two-letter country / office code.
    pub country: String,
    /// Serial without zero padding (US design patents keep their `D` prefix: `D654321`).
    pub number: String,
    /// Kind code (`A`, `B`, `U`, `S`, `A1`, `B2`, …), if given.
    pub kind: Option<String>,
}

impl PublicationNumber {
    /// Parse a publication number such as `CN112345678A`, `CN 112345678 A`, `US08613112B2`, `US-8613112-B2`,
    /// `EP1234567A1`, `WO2019/123456A1`, or with the country in `default_country` when the text has none.
    pub fn parse(raw: &str, default_country: &str) -> Result<Self, NumberError> {
        let t: String = fold(raw).chars().filter(|c| *c != '/' && *c != '.').collect();
        if t.is_empty() {
            return Err(NumberError::Empty);
        }
        let (country, rest) = split_country(&t).unwrap_or((default_country.to_ascii_uppercase(), t.as_str()));
        // Kind code: trailing letter + optional digit after the last digit.
        let b = rest.as_bytes();
        let mut cut = b.len();
        if cut >= 2 && b[cut - 1].is_ascii_digit() && b[cut - 2].is_ascii_uppercase() {
            cut -= 2;
        } else if cut >= 1 && b[cut - 1].is_ascii_uppercase() {
            cut -= 1;
        }
        let (serial, kind) = rest.split_at(cut);
        // A leading series letter (US design `D`, plant `PP`, reissue `RE`) stays part of the serial.
        let letters: String = serial.chars().take_while(|c| c.is_ascii_uppercase()).collect();
        let digits = &serial[letters.len()..];
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || letters.len() > 2 {
            return Err(NumberError::Malformed(raw.to_string()));
        }
        let trimmed = digits.trim_start_matches('0');
        let trimmed = if trimmed.is_empty() { "0" } else { trimmed };
        Ok(PublicationNumber {
            country,
            number: format!("{letters}{trimmed}"),
            kind: if kind.is_empty() { None } else { Some(kind.to_string()) },
        })
    }

    /// The number without its kind code (`CN112345678`).
    pub fn without_kind(&self) -> String {
        format!("{}{}", self.country, self.number)
    }

    /// True for a granted patent by its kind code: CN B / C / U / Y / S, US B1 / B2 / E / S / P*, EP B1 / B2 / B3.
    pub fn is_grant(&self) -> bool {
        let k = self.kind.as_deref().unwrap_or("");
        match self.country.as_str() {
            "CN" => matches!(k, "B" | "C" | "U" | "Y" | "S"),
            "US" => k.starts_with('B') || matches!(k, "E" | "S") || k.starts_with('P'),
            "EP" => k.starts_with('B'),
            _ => false,
        }
    }
}

impl fmt::Display for PublicationNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}{}", self.country, self.number, self.kind.as_deref().unwrap_or(""))
    }
}

macro_rules! string_serde {
    ($t:ty, $default:expr) => {
        impl Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                <$t>::parse(&s, $default).map_err(serde::de::Error::custom)
            }
        }
    };
}
string_serde!(ApplicationNumber, "CN");
string_serde!(PublicationNumber, "CN");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digit_of_known_numbers() {
        // CNIPA's worked example and a real 2020 number.
        assert_eq!(cn_check_digit("200410018477"), Some('9'));
        // 8-digit (pre-2003) form: 2·9+3·3+4·1+5·1+6·2+7·3+8·4+9·5 = 146, 146 mod 11 = 3.
        assert_eq!(cn_check_digit("93112345"), Some('3'));
        assert_eq!(cn_check_digit("1234"), None);
    }

    #[test]
    fn application_numbers() {
        let a = ApplicationNumber::parse("CN 200410018477.9", "CN").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(a.to_string(), "CN200410018477.9");
        assert_eq!(a.cn_type(), Some(CnApplicationType::Invention));
        // Bare number, check digit computed; full-width digits.
        let b = ApplicationNumber::parse("２００４１００１８４７７", "CN").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(b.to_string(), "CN200410018477.9");
        // Without the dot.
        let c = ApplicationNumber::parse("2004100184779", "CN").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c, a);
        assert_eq!(
            ApplicationNumber::parse("200410018477.5", "CN"),
            Err(NumberError::CheckDigit { expected: '9', found: '5' })
        );
        let us = ApplicationNumber::parse("13/123,456", "US").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(us.to_string(), "US13123456");
        let wo = ApplicationNumber::parse("PCT/CN2019/123456", "CN").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(wo.to_string(), "WOCN2019123456");
        let ep = ApplicationNumber::parse("EP20123456.7", "CN").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ep.to_string(), "EP201234567");
        assert!(ApplicationNumber::parse("", "CN").is_err());
        assert!(ApplicationNumber::parse("CN12", "CN").is_err());
    }

    #[test]
    fn publication_numbers() {
        let p = |s: &str| PublicationNumber::parse(s, "CN").unwrap_or_else(|e| panic!("{s}: {e}"));
        assert_eq!(p("CN 112345678 A").to_string(), "CN112345678A");
        assert_eq!(p("US08613112B2").to_string(), "US8613112B2");
        assert_eq!(p("US-8613112-B2").without_kind(), "US8613112");
        assert_eq!(p("USD0654321S").to_string(), "USD654321S");
        assert_eq!(p("EP1234567A1").kind.as_deref(), Some("A1"));
        assert_eq!(p("WO2019/123456A1").to_string(), "WO2019123456A1");
        assert_eq!(p("112345678B").to_string(), "CN112345678B");
        assert!(p("CN112345678B").is_grant());
        assert!(!p("CN112345678A").is_grant());
        assert!(p("US8613112B2").is_grant());
        assert!(PublicationNumber::parse("CNABC", "CN").is_err());
        // serde round trip as a string
        let j = serde_json_like(&p("US8613112B2"));
        assert_eq!(j, "US8613112B2");
    }

    fn serde_json_like(p: &PublicationNumber) -> String {
        p.to_string()
    }
}
