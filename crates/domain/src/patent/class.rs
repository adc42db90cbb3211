//! IPC / CPC classification symbols (分类号), parsed into their levels: section (部) `H`, class (大类) `H01`,
//! subclass (小类) `H01M`, main group (大组) `H01M10/00`, and the full symbol (小组) `H01M10/0525`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a symbol was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("无法识别的分类号 “{0}” / unrecognised classification symbol")]
pub struct ClassError(pub String);

/// One IPC or CPC symbol (CPC adds section `Y` and longer subgroups; the structure is the same).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClassSymbol {
    /// Section letter `A`–`H` (or `Y` in CPC).
    pub section: char,
    /// Two-digit class number (`01`).
    pub class: u8,
    /// Subclass letter (`M`).
    pub subclass: char,
    /// Main group (`10`), 1–4 digits; `None` for a bare subclass symbol.
    pub main_group: Option<u16>,
    /// Subgroup digits (`0525`; `00` for a main group).
    pub subgroup: Option<String>,
}

impl ClassSymbol {
    /// Parse `H01M 10/0525`, `H01M10/0525`, `H01M0010/0525`, `H01M  10/0525 (2010.01)`, `H01M`, full-width
    /// characters, and the fixed 14-character form of the USPTO `<classification-ipcr>` concatenation
    /// (`H01M0010052500` is not accepted here: build it from the parts with [`ClassSymbol::from_parts`]).
    pub fn parse(raw: &str) -> Result<Self, ClassError> {
        let mut t: String = raw
            .chars()
            .map(|c| match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                _ => c,
            })
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_uppercase)
            .collect();
        if let Some(i) = t.find('(') {
            t.truncate(i);
        }
        let err = || ClassError(raw.to_string());
        let b = t.as_bytes();
        if b.len() < 4
            || !b[0].is_ascii_uppercase()
            || !b[1].is_ascii_digit()
            || !b[2].is_ascii_digit()
            || !b[3].is_ascii_uppercase()
        {
            return Err(err());
        }
        let section = b[0] as char;
        if !matches!(section, 'A'..='H' | 'Y') {
            return Err(err());
        }
        let class = (b[1] - b'0') * 10 + (b[2] - b'0');
        let subclass = b[3] as char;
        let rest = &t[4..];
        if rest.is_empty() {
            return Ok(ClassSymbol { section, class, subclass, main_group: None, subgroup: None });
        }
        let (g, s) = rest.split_once('/').ok_or_else(err)?;
        if g.is_empty() || g.len() > 4 || !g.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        if s.len() < 2 || s.len() > 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let main_group: u16 = g.parse().map_err(|_| err())?;
        Ok(ClassSymbol { section, class, subclass, main_group: Some(main_group), subgroup: Some(s.to_string()) })
    }

    /// Build from the separate parts USPTO XML gives (`section` `H`, `class` `01`, `subclass` `M`, `main-group`
    /// `10`, `subgroup` `0525`).
    pub fn from_parts(
        section: &str,
        class: &str,
        subclass: &str,
        main_group: &str,
        subgroup: &str,
    ) -> Result<Self, ClassError> {
        let sub = subgroup.trim();
        // USPTO pads subgroups with trailing zeros beyond two digits ("052500" is "0525"; "00" stays).
        let sub = if sub.len() > 2 { sub.trim_end_matches('0') } else { sub };
        let sub = if sub.len() < 2 { format!("{sub:0<2}") } else { sub.to_string() };
        Self::parse(&format!("{}{}{}{}/{}", section.trim(), class.trim(), subclass.trim(), main_group.trim(), sub))
    }

    /// Section, e.g. `H`.
    pub fn section_code(&self) -> String {
        self.section.to_string()
    }
    /// Class, e.g. `H01`.
    pub fn class_code(&self) -> String {
        format!("{}{:02}", self.section, self.class)
    }
    /// Subclass, e.g. `H01M`.
    pub fn subclass_code(&self) -> String {
        format!("{}{:02}{}", self.section, self.class, self.subclass)
    }
    /// Main group, e.g. `H01M10/00` (the subclass when the symbol has no group).
    pub fn group_code(&self) -> String {
        match self.main_group {
            Some(g) => format!("{}{g}/00", self.subclass_code()),
            None => self.subclass_code(),
        }
    }
}

impl fmt::Display for ClassSymbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.subclass_code())?;
        if let (Some(g), Some(s)) = (self.main_group, &self.subgroup) {
            write!(f, "{g}/{s}")?;
        }
        Ok(())
    }
}

impl Serialize for ClassSymbol {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
impl<'de> Deserialize<'de> for ClassSymbol {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        ClassSymbol::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_usual_spellings() {
        for s in ["H01M10/0525", "H01M 10/0525", "h01m0010/0525", "H01M  10/0525 (2010.01)", "Ｈ０１Ｍ１０/０５２５"]
        {
            let c = ClassSymbol::parse(s).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(c.to_string(), "H01M10/0525", "{s}");
            assert_eq!(c.section_code(), "H");
            assert_eq!(c.class_code(), "H01");
            assert_eq!(c.subclass_code(), "H01M");
            assert_eq!(c.group_code(), "H01M10/00");
        }
        assert_eq!(ClassSymbol::parse("G06F").map(|c| c.group_code()).ok().as_deref(), Some("G06F"));
        assert_eq!(ClassSymbol::parse("Y02E60/10").map(|c| c.to_string()).ok().as_deref(), Some("Y02E60/10"));
        for bad in ["", "H0", "X01M10/00", "H01M10", "H01M10/5", "H01M/0525", "H01M10/05a"] {
            assert!(ClassSymbol::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn from_uspto_parts() {
        let c = ClassSymbol::from_parts("H", "01", "M", "10", "052500").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.to_string(), "H01M10/0525");
        let d = ClassSymbol::from_parts("A", "61", "K", "31", "00").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(d.to_string(), "A61K31/00");
        let e = ClassSymbol::from_parts("G", "06", "F", "3", "0").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(e.to_string(), "G06F3/00");
    }
}
