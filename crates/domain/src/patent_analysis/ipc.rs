//! International Patent Classification symbols (国际专利分类号, IPC) and their levels.
//!
//! An IPC symbol such as `H01M 10/0525` has a section (`H`), class (`H01`), subclass (`H01M`), main group
//! (`H01M10/00`) and subgroup (`H01M10/0525`). Exports write it with or without the space, with a version in
//! brackets (`H01M 10/0525 (2010.01)`), in full width, or in the 14-character fixed form of bulk data
//! (`H01M0010052500`); [`Ipc::parse`] accepts all of these.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::normalize::fold_char;

/// The level to which an IPC symbol is cut when counting (分类层级).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IpcLevel {
    /// 部, e.g. `H`.
    Section,
    /// 大类, e.g. `H01`.
    Class,
    /// 小类, e.g. `H01M`.
    Subclass,
    /// 大组, e.g. `H01M10/00`.
    MainGroup,
    /// 小组, e.g. `H01M10/0525`.
    Subgroup,
}

impl IpcLevel {
    /// Parse `section`, `class`, `subclass`, `main_group` / `group`, `subgroup`.
    pub fn parse(raw: &str) -> Option<Self> {
        Some(match raw.trim() {
            "section" => Self::Section,
            "class" => Self::Class,
            "subclass" => Self::Subclass,
            "main_group" | "group" => Self::MainGroup,
            "subgroup" => Self::Subgroup,
            _ => return None,
        })
    }
}

/// A parsed IPC symbol.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Ipc {
    /// Section letter A–H.
    pub section: char,
    /// Class number 1–99.
    pub class: u8,
    /// Subclass letter.
    pub subclass: char,
    /// Main group number (1–4 digits).
    pub main_group: u16,
    /// Subgroup digits as written (at least two: `00` for the main group itself).
    pub subgroup: String,
}

/// Why an IPC symbol did not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an IPC symbol (expected e.g. H01M 10/0525): {0}")]
pub struct IpcError(pub String);

impl Ipc {
    /// Parse one symbol (see the module documentation for the accepted forms).
    pub fn parse(raw: &str) -> Result<Self, IpcError> {
        let err = || IpcError(raw.trim().to_string());
        let mut s: String = raw.chars().map(fold_char).filter(|c| !c.is_whitespace()).collect();
        if let Some(i) = s.find('(') {
            s.truncate(i);
        }
        let s = s.to_ascii_uppercase();
        let b = s.as_bytes();
        if b.len() < 4 {
            return Err(err());
        }
        let section = b[0] as char;
        if !('A'..='H').contains(&section) || !b[1].is_ascii_digit() || !b[2].is_ascii_digit() {
            return Err(err());
        }
        let class = (b[1] - b'0') * 10 + (b[2] - b'0');
        let subclass = b[3] as char;
        if !subclass.is_ascii_uppercase() || class == 0 {
            return Err(err());
        }
        let rest = &s[4..];
        let (main, sub) = if let Some((main, sub)) = rest.split_once('/') {
            (main.to_string(), sub.to_string())
        } else if rest.len() == 10 && rest.bytes().all(|c| c.is_ascii_digit()) {
            // Fixed form: 4 digits main group, 6 digits subgroup padded with zeros.
            let sub = rest[4..].trim_end_matches('0');
            let sub = if sub.len() < 2 { format!("{sub:0<2}") } else { sub.to_string() };
            (rest[..4].to_string(), sub)
        } else {
            return Err(err());
        };
        if main.is_empty() || main.len() > 4 || !main.bytes().all(|c| c.is_ascii_digit()) {
            return Err(err());
        }
        if sub.len() < 2 || sub.len() > 6 || !sub.bytes().all(|c| c.is_ascii_digit()) {
            return Err(err());
        }
        let main_group: u16 = main.parse().map_err(|_| err())?;
        if main_group == 0 {
            return Err(err());
        }
        Ok(Self { section, class, subclass, main_group, subgroup: sub })
    }

    /// The symbol cut to a level, in the compact form used as a grouping key (`H`, `H01`, `H01M`, `H01M10/00`,
    /// `H01M10/0525`).
    pub fn at(&self, level: IpcLevel) -> String {
        match level {
            IpcLevel::Section => self.section.to_string(),
            IpcLevel::Class => format!("{}{:02}", self.section, self.class),
            IpcLevel::Subclass => format!("{}{:02}{}", self.section, self.class, self.subclass),
            IpcLevel::MainGroup => format!("{}{:02}{}{}/00", self.section, self.class, self.subclass, self.main_group),
            IpcLevel::Subgroup => self.to_string(),
        }
    }
}

impl fmt::Display for Ipc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{:02}{}{}/{}", self.section, self.class, self.subclass, self.main_group, self.subgroup)
    }
}

/// The key of a symbol at a level, also for symbols given only to subclass level (`H01M`), which have a key at
/// section, class and subclass level only. `None` when the symbol does not parse or is too coarse for the level.
pub fn key_at(symbol: &str, level: IpcLevel) -> Option<String> {
    if let Ok(i) = Ipc::parse(symbol) {
        return Some(i.at(level));
    }
    let p = IpcPattern::parse(symbol).ok()?;
    if p.level != IpcLevel::Subclass || level > IpcLevel::Subclass {
        return None;
    }
    Some(
        p.key[..match level {
            IpcLevel::Section => 1,
            IpcLevel::Class => 3,
            _ => 4,
        }]
            .to_string(),
    )
}

/// A pattern over IPC symbols as written in concordance tables and watch rules (IPC范围):
///
/// - a section, class or subclass (`H`, `H01`, `H01M`) covers everything below it;
/// - a main group (`H01M10` or `H01M10/00`) covers the main group and all its subgroups;
/// - a subgroup (`H01M10/0525`) covers exactly that subgroup, or with a trailing `*` (`H01M10/05*`) every subgroup
///   whose digits start with the given ones. (The IPC's real subgroup hierarchy is expressed by dots in the scheme,
///   not by digits; digit prefixes are the usual working approximation and are what `*` means here.)
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct IpcPattern {
    level: IpcLevel,
    key: String,
    subgroup_prefix: Option<String>,
}

impl IpcPattern {
    /// Parse a pattern.
    pub fn parse(raw: &str) -> Result<Self, IpcError> {
        let err = || IpcError(raw.trim().to_string());
        let s: String =
            raw.chars().map(fold_char).filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
        let b = s.as_bytes();
        let valid_section = |c: u8| (b'A'..=b'H').contains(&c);
        match b.len() {
            0 => Err(err()),
            1 if valid_section(b[0]) => Ok(Self { level: IpcLevel::Section, key: s, subgroup_prefix: None }),
            3 if valid_section(b[0]) && b[1].is_ascii_digit() && b[2].is_ascii_digit() && &s[1..] != "00" => {
                Ok(Self { level: IpcLevel::Class, key: s, subgroup_prefix: None })
            }
            4 if valid_section(b[0])
                && b[1].is_ascii_digit()
                && b[2].is_ascii_digit()
                && b[3].is_ascii_uppercase()
                && &s[1..3] != "00" =>
            {
                Ok(Self { level: IpcLevel::Subclass, key: s, subgroup_prefix: None })
            }
            _ => {
                if let Some(stem) = s.strip_suffix('*') {
                    let (main, digits) = stem.split_once('/').ok_or_else(err)?;
                    let ipc = Ipc::parse(&format!("{main}/00")).map_err(|_| err())?;
                    if digits.is_empty() || digits.len() > 6 || !digits.bytes().all(|c| c.is_ascii_digit()) {
                        return Err(err());
                    }
                    return Ok(Self {
                        level: IpcLevel::MainGroup,
                        key: ipc.at(IpcLevel::MainGroup),
                        subgroup_prefix: Some(digits.to_string()),
                    });
                }
                let full = if s.contains('/') { s.clone() } else { format!("{s}/00") };
                let ipc = Ipc::parse(&full).map_err(|_| err())?;
                if ipc.subgroup == "00" {
                    Ok(Self { level: IpcLevel::MainGroup, key: ipc.at(IpcLevel::MainGroup), subgroup_prefix: None })
                } else {
                    Ok(Self { level: IpcLevel::Subgroup, key: ipc.to_string(), subgroup_prefix: None })
                }
            }
        }
    }

    /// Whether a symbol falls under this pattern.
    pub fn covers(&self, ipc: &Ipc) -> bool {
        if ipc.at(self.level) != self.key {
            return false;
        }
        match &self.subgroup_prefix {
            Some(p) => ipc.subgroup.starts_with(p.as_str()),
            None => true,
        }
    }

    /// Whether a symbol as written falls under this pattern; a subclass-only symbol (`H01M`) falls under section,
    /// class and subclass patterns that contain it.
    pub fn covers_symbol(&self, symbol: &str) -> bool {
        match Ipc::parse(symbol) {
            Ok(i) => self.covers(&i),
            Err(_) => {
                self.level <= IpcLevel::Subclass && key_at(symbol, self.level).as_deref() == Some(self.key.as_str())
            }
        }
    }

    /// The level the pattern is written at.
    pub fn level(&self) -> IpcLevel {
        self.level
    }

    /// How specific the pattern is, for "most specific match wins": longer keys and subgroup prefixes rank higher.
    pub fn specificity(&self) -> usize {
        self.key.len() + self.subgroup_prefix.as_ref().map_or(0, String::len)
    }
}

impl fmt::Display for IpcPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.subgroup_prefix {
            Some(p) => write!(f, "{}/{p}*", self.key.trim_end_matches("/00")),
            None => f.write_str(&self.key),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_usual_spellings() {
        let cases = [
            ("H01M 10/0525", "H01M10/0525"),
            ("H01M10/0525", "H01M10/0525"),
            ("h01m 10/0525", "H01M10/0525"),
            ("H01M  10/0525 (2010.01)", "H01M10/0525"),
            ("Ｈ０１Ｍ１０／０５２５", "H01M10/0525"),
            ("H01M0010052500", "H01M10/0525"),
            ("G06F0003000000", "G06F3/00"),
            ("A61K 31/00", "A61K31/00"),
            ("G06N 3/08", "G06N3/08"),
            ("C07D 471/04", "C07D471/04"),
        ];
        for (raw, want) in cases {
            assert_eq!(Ipc::parse(raw).map(|i| i.to_string()), Ok(want.to_string()), "{raw}");
        }
    }

    #[test]
    fn rejects_what_is_not_a_symbol() {
        for raw in [
            "",
            "H01",
            "H01M",
            "I01M 10/00",
            "H0XM 10/00",
            "H01M /00",
            "H01M 10/",
            "H01M 10/5",
            "H00M 1/00",
            "H01M 0/00",
            "H01M 10/1234567",
            "H01M12345/00",
            "专利",
        ] {
            assert!(Ipc::parse(raw).is_err(), "{raw}");
        }
    }

    #[test]
    fn cuts_to_every_level() {
        let ipc = Ipc::parse("H01M 10/0525").expect("valid");
        assert_eq!(ipc.at(IpcLevel::Section), "H");
        assert_eq!(ipc.at(IpcLevel::Class), "H01");
        assert_eq!(ipc.at(IpcLevel::Subclass), "H01M");
        assert_eq!(ipc.at(IpcLevel::MainGroup), "H01M10/00");
        assert_eq!(ipc.at(IpcLevel::Subgroup), "H01M10/0525");
    }

    #[test]
    fn patterns_cover_what_they_should() {
        let cases: &[(&str, &str, bool)] = &[
            ("H", "H01M 10/0525", true),
            ("G", "H01M 10/0525", false),
            ("H01", "H01M 10/0525", true),
            ("H01M", "H01M 10/0525", true),
            ("H01L", "H01M 10/0525", false),
            ("H01M10", "H01M 10/0525", true),
            ("H01M 10/00", "H01M 10/0525", true),
            ("H01M10/00", "H01M 10/00", true),
            ("H01M 1/00", "H01M 10/0525", false),
            ("H01M10/0525", "H01M 10/0525", true),
            ("H01M10/0525", "H01M 10/052", false),
            ("H01M10/05*", "H01M 10/0525", true),
            ("H01M10/05*", "H01M 10/04", false),
            ("H01M10/05*", "H01M 1/0525", false),
            ("h01m", "H01M 10/0525", true),
        ];
        for (pattern, symbol, want) in cases {
            let p = IpcPattern::parse(pattern).expect(pattern);
            let ipc = Ipc::parse(symbol).expect(symbol);
            assert_eq!(p.covers(&ipc), *want, "{pattern} covers {symbol}");
        }
    }

    #[test]
    fn bad_patterns_are_rejected() {
        for raw in ["", "I", "H0", "H00", "H01MX", "H01M10/", "H01M10/*", "H01M10/0a*", "X01M10/00"] {
            assert!(IpcPattern::parse(raw).is_err(), "{raw}");
        }
    }

    #[test]
    fn patterns_print_back() {
        for (raw, shown) in
            [("h01m", "H01M"), ("H01M 10", "H01M10/00"), ("H01M10/05*", "H01M10/05*"), ("G06N3/08", "G06N3/08")]
        {
            assert_eq!(IpcPattern::parse(raw).expect(raw).to_string(), shown);
        }
    }

    #[test]
    fn subclass_only_symbols() {
        assert_eq!(key_at("H01M", IpcLevel::Class).as_deref(), Some("H01"));
        assert_eq!(key_at("H01M", IpcLevel::Subclass).as_deref(), Some("H01M"));
        assert_eq!(key_at("H01M", IpcLevel::MainGroup), None);
        assert_eq!(key_at("H01M 10/0525", IpcLevel::MainGroup).as_deref(), Some("H01M10/00"));
        assert_eq!(key_at("junk", IpcLevel::Section), None);
        let p = |r: &str| IpcPattern::parse(r).expect(r);
        assert!(p("H01").covers_symbol("H01M"));
        assert!(p("H01M").covers_symbol("H01M"));
        assert!(!p("H01M10").covers_symbol("H01M"));
        assert!(!p("G06").covers_symbol("H01M"));
        assert!(p("H01M10").covers_symbol("H01M 10/0525"));
    }

    #[test]
    fn more_specific_patterns_rank_higher() {
        let s = |r: &str| IpcPattern::parse(r).expect(r).specificity();
        assert!(s("H01M10/05*") > s("H01M10/00"));
        assert!(s("H01M10/00") > s("H01M"));
        assert!(s("H01M") > s("H01"));
        assert!(s("H01") > s("H"));
    }
}
