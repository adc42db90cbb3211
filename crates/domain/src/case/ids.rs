//! Identity and right numbers (证件号码与权利编号): validating newtypes for the numbers a matter carries.
//!
//! - [`CitizenId`] 居民身份证号码 (GB 11643-1999, ISO 7064 MOD 11-2 check character);
//! - [`CreditCode`] 统一社会信用代码 (GB 32100-2015, MOD 31 check character, plus the GB 11714 check of the
//!   embedded organisation code);
//! - [`PatentNumber`] 专利申请号 / 专利号 (CNIPA ZC 0006-2003 and the pre-2003 eight-digit form, MOD 11 check);
//! - [`TrademarkRegNo`] 商标注册号 and [`CopyrightRegNo`] 著作权登记号 (shape only: they carry no check character).
//!
//! As everywhere in the domain, `parse` is the only constructor, so a value that exists is valid. Input is
//! forgiving where that costs nothing: surrounding whitespace is trimmed and full-width characters (`１２０１…`,
//! typed by Chinese input methods) are folded to their ASCII forms before checking. Errors are precise
//! ([`IdError`]): the length found, the 1-based position of a bad character, the expected check character.
//! Positions count characters of the *normalised* value (after trimming, and for patent numbers after removing
//! the `CN`/`ZL` prefix, spaces and the dot).

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Why an identity or right number was refused (证件号码或权利编号错误).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// Nothing was entered.
    #[error("不能为空")]
    Empty,
    /// Wrong number of characters.
    #[error("长度应为 {expected}，实际为 {actual} 位")]
    Length {
        /// The accepted length(s), in words (e.g. `18 位`).
        expected: &'static str,
        /// Characters found.
        actual: usize,
    },
    /// A character not allowed at its position.
    #[error("第 {position} 位字符“{found}”无效：{rule}")]
    BadChar {
        /// 1-based position in the normalised value.
        position: usize,
        /// The character found.
        found: char,
        /// What the position requires.
        rule: &'static str,
    },
    /// The check character does not match the others (a typo somewhere).
    #[error("校验位错误：第 {position} 位应为“{expected}”，实际为“{found}”，请核对号码")]
    BadCheck {
        /// 1-based position of the check character.
        position: usize,
        /// The check character computed from the other characters.
        expected: char,
        /// The check character entered.
        found: char,
    },
    /// The organisation code inside a credit code (positions 9–17) fails its own GB 11714 check.
    #[error("统一社会信用代码中的组织机构代码（第 9–17 位）校验位错误：第 17 位应为“{expected}”，实际为“{found}”")]
    BadOrgCheck {
        /// The organisation-code check character computed from positions 9–16.
        expected: char,
        /// The character at position 17.
        found: char,
    },
    /// The birth date of an identity number does not exist (e.g. `19990230`).
    #[error("出生日期 {0} 不是有效日期")]
    ImpossibleBirthDate(String),
    /// The birth date of an identity number is after today.
    #[error("出生日期 {0} 晚于今天")]
    FutureBirthDate(NaiveDate),
    /// A year outside the range the number's format was in use.
    #[error("年份 {0} 不在该编号格式的有效范围内")]
    BadYear(i32),
    /// A patent application-type digit other than 1, 2, 3, 8 or 9.
    #[error("专利申请种类号“{0}”无效，应为 1（发明）、2（实用新型）、3（外观设计）、8 或 9（PCT 进入中国）")]
    BadPatentKind(char),
    /// The value does not have the documented shape.
    #[error("格式不正确，应为{0}")]
    Format(&'static str),
}

/// Fold a full-width form (U+FF01–U+FF5E, U+3000) to its ASCII counterpart; other characters are unchanged.
pub(crate) fn fold_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Width-fold and trim.
fn clean(raw: &str) -> String {
    raw.chars().map(fold_width).collect::<String>().trim().to_string()
}

/// Width-fold and drop every whitespace character.
fn compact(raw: &str) -> String {
    raw.chars().map(fold_width).filter(|c| !c.is_whitespace()).collect()
}

fn digit_value(c: char) -> u32 {
    c.to_digit(10).unwrap_or(0)
}

// ---------------------------------------------------------------------------------------------------------------
// 居民身份证号码
// ---------------------------------------------------------------------------------------------------------------

const CITIZEN_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CITIZEN_CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The ISO 7064 MOD 11-2 check character of 17 digits (`"10X98765432"[Σ dᵢ·wᵢ mod 11]`).
fn citizen_check(first17: &[char]) -> char {
    let sum: u32 = first17.iter().zip(CITIZEN_WEIGHTS).map(|(c, w)| digit_value(*c) * w).sum();
    CITIZEN_CHECK[(sum % 11) as usize]
}

/// A resident identity card number (居民身份证号码, GB 11643-1999): 18 characters — a 6-digit address code
/// (行政区划代码, not checked against a table), the birth date `YYYYMMDD`, a 3-digit sequence code (顺序码) and
/// a check character (校验码, ISO 7064 MOD 11-2, `0–9` or `X`).
///
/// The 15-digit first-generation numbers are refused (those cards expired in 2013). A lowercase `x` is accepted
/// and stored as `X`. This is personal information: `Debug` prints the [masked](CitizenId::masked) form, and the
/// type deliberately has no serde implementation — callers decide where the full number may go.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CitizenId {
    number: String,
    birth: NaiveDate,
}

impl CitizenId {
    /// Parse an identity number; the birth date must exist and must not be after `today` (the caller's clock).
    pub fn parse(raw: &str, today: NaiveDate) -> Result<Self, IdError> {
        let s = clean(raw);
        let chars: Vec<char> = s.chars().collect();
        if chars.is_empty() {
            return Err(IdError::Empty);
        }
        if chars.len() != 18 {
            return Err(IdError::Length { expected: "18 位", actual: chars.len() });
        }
        for (i, &c) in chars[..17].iter().enumerate() {
            if !c.is_ascii_digit() {
                return Err(IdError::BadChar { position: i + 1, found: c, rule: "应为数字" });
            }
        }
        let last = chars[17].to_ascii_uppercase();
        if !(last.is_ascii_digit() || last == 'X') {
            return Err(IdError::BadChar { position: 18, found: chars[17], rule: "应为数字或 X" });
        }
        // All 18 characters are ASCII from here on, so byte ranges are character ranges.
        let number = |range: std::ops::Range<usize>| s[range].parse::<u32>().unwrap_or(0);
        let (year, month, day) = (number(6..10), number(10..12), number(12..14));
        let birth = NaiveDate::from_ymd_opt(year as i32, month, day)
            .filter(|_| year >= 1800)
            .ok_or_else(|| IdError::ImpossibleBirthDate(s[6..14].to_string()))?;
        if birth > today {
            return Err(IdError::FutureBirthDate(birth));
        }
        let expected = citizen_check(&chars[..17]);
        if last != expected {
            return Err(IdError::BadCheck { position: 18, expected, found: chars[17] });
        }
        Ok(Self { number: format!("{}{}", &s[..17], last), birth })
    }

    /// The birth date (出生日期) encoded in positions 7–14.
    pub fn birth_date(&self) -> NaiveDate {
        self.birth
    }

    /// The address code (地址码, positions 1–6): the county where the number was first issued.
    pub fn region_code(&self) -> &str {
        &self.number[..6]
    }

    /// The number with positions 7–14 hidden: the first 6 and last 4 characters kept, e.g. `120116********123X`.
    pub fn masked(&self) -> String {
        format!("{}********{}", &self.number[..6], &self.number[14..])
    }

    /// The full number (uppercase `X`).
    pub fn as_str(&self) -> &str {
        &self.number
    }
}

impl AsRef<str> for CitizenId {
    fn as_ref(&self) -> &str {
        &self.number
    }
}

impl fmt::Debug for CitizenId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CitizenId({})", self.masked())
    }
}

impl fmt::Display for CitizenId {
    /// The full number: display only where the reader may see it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.number)
    }
}

// ---------------------------------------------------------------------------------------------------------------
// 统一社会信用代码
// ---------------------------------------------------------------------------------------------------------------

/// The 31 characters of a unified social credit code, in value order (GB 32100-2015: no I, O, Z, S, V).
pub const CREDIT_CODE_ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

fn credit_value(c: char) -> Option<u32> {
    CREDIT_CODE_ALPHABET.find(c).map(|i| i as u32)
}

/// The GB 32100 check character of the first 17 characters: `31 − (Σ vᵢ·wᵢ mod 31)`, 31 → 0, as an alphabet char.
fn credit_check(first17: &[char]) -> char {
    let sum: u32 = first17.iter().zip(CREDIT_WEIGHTS).map(|(c, w)| credit_value(*c).unwrap_or(0) * w).sum();
    let value = (31 - sum % 31) % 31;
    CREDIT_CODE_ALPHABET.chars().nth(value as usize).unwrap_or('0')
}

/// The GB 11714-1997 check character of an 8-character organisation-code body: digits count 0–9, letters
/// A=10 … Z=35; `c = 11 − (Σ vᵢ·wᵢ mod 11)` with weights 3,7,9,10,5,8,4,2; 10 → `X`, 11 → `0`.
fn org_check(body: &[char]) -> char {
    let sum: u32 = body.iter().zip(ORG_WEIGHTS).map(|(c, w)| c.to_digit(36).unwrap_or(0) * w).sum();
    match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        v => char::from_digit(v, 10).unwrap_or('0'),
    }
}

/// A unified social credit code (统一社会信用代码, GB 32100-2015) of a legal person or other organisation:
///
/// | positions | part | checked here |
/// |---|---|---|
/// | 1 | registration authority (登记管理部门代码: 1 机构编制, 5 民政, 9 市场监管, Y 其他 …) | any alphabet char |
/// | 2 | entity type (机构类别代码: e.g. 1 企业, 2 个体工商户, 3 农民专业合作社 under 9) | any alphabet char |
/// | 3–8 | administrative division of the registering authority (登记管理机关行政区划码, GB/T 2260) | digits; no table |
/// | 9–17 | subject code = the organisation code (主体标识码（组织机构代码）, GB 11714) | alphabet chars + GB 11714 check |
/// | 18 | check character (校验码) | MOD 31, see below |
///
/// Positions 1 and 2 are lenient on purpose: the standard leaves the code lists to the registering departments
/// and they grow (e.g. `A` for the CMC reform office, `N` for agriculture), so any character of the alphabet
/// [`CREDIT_CODE_ALPHABET`] is accepted there.
///
/// Check character: with the character values of the alphabet (0–30) and weights `3^(i−1) mod 31`
/// (1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28), `c18 = 31 − (Σ vᵢ·wᵢ mod 31)`, where 31 means 0.
/// The embedded organisation code is then checked with the GB 11714 rule (weights 3,7,9,10,5,8,4,2 on positions
/// 9–16, letters A=10 … Z=35, `11 − sum mod 11`, 10 → `X`, 11 → `0`), which catches strings that pass the
/// 18th-character check by chance (about one in 31 random strings do; an identity number can).
///
/// Known exception: some codes issued in Xiamen before 2016 are reported not to satisfy the 18th-character rule
/// (e.g. `91350203M0001QKT19`). They are refused here ([`IdError::BadCheck`]); the credit code of a party is
/// optional, so such a party is recorded by name.
///
/// Lowercase input is accepted and stored uppercase.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CreditCode(String);

impl CreditCode {
    /// Parse a unified social credit code.
    pub fn parse(raw: &str) -> Result<Self, IdError> {
        let s = clean(raw).to_ascii_uppercase();
        let chars: Vec<char> = s.chars().collect();
        if chars.is_empty() {
            return Err(IdError::Empty);
        }
        if chars.len() != 18 {
            return Err(IdError::Length { expected: "18 位", actual: chars.len() });
        }
        for (i, &c) in chars.iter().enumerate() {
            let position = i + 1;
            if (3..=8).contains(&position) {
                if !c.is_ascii_digit() {
                    return Err(IdError::BadChar {
                        position, found: c, rule: "第 3–8 位行政区划码应为数字"
                    });
                }
            } else if credit_value(c).is_none() {
                return Err(IdError::BadChar {
                    position,
                    found: c,
                    rule: "应为数字或大写字母（不使用 I、O、Z、S、V）",
                });
            }
        }
        let expected = credit_check(&chars[..17]);
        if chars[17] != expected {
            return Err(IdError::BadCheck { position: 18, expected, found: chars[17] });
        }
        let expected = org_check(&chars[8..16]);
        if chars[16] != expected {
            return Err(IdError::BadOrgCheck { expected, found: chars[16] });
        }
        Ok(Self(s))
    }

    /// Position 1: the registration authority code (登记管理部门代码).
    pub fn registration_authority(&self) -> char {
        self.0.chars().next().unwrap_or('0')
    }

    /// Position 2: the entity type code (机构类别代码).
    pub fn entity_type(&self) -> char {
        self.0.chars().nth(1).unwrap_or('0')
    }

    /// Positions 3–8: the administrative division code of the registering authority (登记管理机关行政区划码).
    pub fn division_code(&self) -> &str {
        &self.0[2..8]
    }

    /// Positions 9–17: the organisation code (组织机构代码), without the hyphen it is often printed with.
    pub fn organisation_code(&self) -> &str {
        &self.0[8..17]
    }

    /// The code (uppercase).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Complete the first 16 characters (authority, type, division, 8-character organisation-code body) with both
    /// check characters — for generated demo and benchmark data. `None` when the 16 characters are not valid.
    pub fn complete(first16: &str) -> Option<Self> {
        let mut chars: Vec<char> = first16.chars().collect();
        if chars.len() != 16 {
            return None;
        }
        chars.push(org_check(&chars[8..16]));
        chars.push(credit_check(&chars[..17]));
        Self::parse(&chars.into_iter().collect::<String>()).ok()
    }
}

// ---------------------------------------------------------------------------------------------------------------
// 专利申请号
// ---------------------------------------------------------------------------------------------------------------

/// The kind of a patent application (专利申请种类).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PatentKind {
    /// 发明 (type digit 1, or 8 for a PCT application entering China).
    Invention,
    /// 实用新型 (type digit 2, or 9 for a PCT application entering China).
    UtilityModel,
    /// 外观设计 (type digit 3).
    Design,
}

impl PatentKind {
    /// The stored code: `invention`, `utility_model`, `design`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Invention => "invention",
            Self::UtilityModel => "utility_model",
            Self::Design => "design",
        }
    }

    /// The Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Invention => "发明",
            Self::UtilityModel => "实用新型",
            Self::Design => "外观设计",
        }
    }
}

/// The MOD 11 check character of an application number: digit i (from 0, left to right) is weighted
/// `2 + i mod 8` (2,3,4,5,6,7,8,9,2,3,4,5 for 12 digits; 2…9 for 8), the check is `Σ mod 11`, 10 → `X`.
fn patent_check(digits: &[char]) -> char {
    let sum: u32 = digits.iter().enumerate().map(|(i, c)| digit_value(*c) * (2 + (i as u32) % 8)).sum();
    match sum % 11 {
        10 => 'X',
        v => char::from_digit(v, 10).unwrap_or('0'),
    }
}

/// A Chinese patent application number (专利申请号; with `ZL` in front the same number is the patent number
/// 专利号 once granted), in either of the forms CNIPA has used:
///
/// - since 1 October 2003 (ZC 0006-2003): `YYYY T NNNNNNN . C` — a 4-digit filing year (2003–2099), the
///   application type `T`, a 7-digit serial and the check character `C`;
/// - 1985 – September 2003: `YY T NNNNN . C` — a 2-digit year (85–99 → 1985–1999, 00–03 → 2000–2003), `T`, a
///   5-digit serial and `C`.
///
/// `T` is 1 invention (发明), 2 utility model (实用新型), 3 design (外观设计), 8 PCT invention entering the
/// national phase, 9 PCT utility model entering the national phase. `C` is the MOD 11 check character (digits
/// weighted 2,3,4,5,6,7,8,9,2,3,4,5 left to right, sum mod 11, 10 → `X`).
///
/// Accepted input: an optional `CN` or `ZL` prefix, spaces anywhere, an optional dot before the check character,
/// lowercase `x`, full-width characters. The canonical form is `CN` + digits + `.` + check, e.g.
/// `CN200310102344.5`. A year after the current one is not refused (no clock here) unless beyond 2099.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PatentNumber {
    canonical: String,
    year: i32,
    kind: PatentKind,
    pct: bool,
}

impl PatentNumber {
    /// Parse an application or patent number.
    pub fn parse(raw: &str) -> Result<Self, IdError> {
        let s = compact(raw).to_ascii_uppercase();
        if s.is_empty() {
            return Err(IdError::Empty);
        }
        let rest = s.strip_prefix("CN").or_else(|| s.strip_prefix("ZL")).unwrap_or(&s);
        let mut chars: Vec<char> = rest.chars().collect();
        if let Some(dot) = chars.iter().position(|&c| c == '.') {
            if dot + 2 != chars.len() {
                return Err(IdError::Format("“申请号.校验位”，小数点只能出现在最后一位校验位之前"));
            }
            chars.remove(dot);
        }
        let n = chars.len();
        if n != 9 && n != 13 {
            return Err(IdError::Length {
                expected: "13 位（2003 年起）或 9 位（2003 年前），均含校验位", actual: n
            });
        }
        let (body, check) = chars.split_at(n - 1);
        for (i, &c) in body.iter().enumerate() {
            if !c.is_ascii_digit() {
                return Err(IdError::BadChar { position: i + 1, found: c, rule: "申请号应为数字" });
            }
        }
        let found = check[0];
        if !(found.is_ascii_digit() || found == 'X') {
            return Err(IdError::BadChar { position: n, found, rule: "校验位应为数字或 X" });
        }
        let value =
            |from: usize, to: usize| body[from..to].iter().fold(0i32, |acc, c| acc * 10 + digit_value(*c) as i32);
        let (year, type_at) = if n == 13 {
            let year = value(0, 4);
            if !(2003..=2099).contains(&year) {
                return Err(IdError::BadYear(year));
            }
            (year, 4)
        } else {
            let yy = value(0, 2);
            let year = if yy >= 85 { 1900 + yy } else { 2000 + yy };
            if !(1985..=2003).contains(&year) {
                return Err(IdError::BadYear(year));
            }
            (year, 2)
        };
        let (kind, pct) = match body[type_at] {
            '1' => (PatentKind::Invention, false),
            '2' => (PatentKind::UtilityModel, false),
            '3' => (PatentKind::Design, false),
            '8' => (PatentKind::Invention, true),
            '9' => (PatentKind::UtilityModel, true),
            other => return Err(IdError::BadPatentKind(other)),
        };
        let expected = patent_check(body);
        if found != expected {
            return Err(IdError::BadCheck { position: n, expected, found });
        }
        let digits: String = body.iter().collect();
        Ok(Self { canonical: format!("CN{digits}.{found}"), year, kind, pct })
    }

    /// The kind of patent applied for.
    pub fn kind(&self) -> PatentKind {
        self.kind
    }

    /// True for a PCT international application entering the Chinese national phase (type digit 8 or 9).
    pub fn is_pct(&self) -> bool {
        self.pct
    }

    /// The filing year (申请年份), four digits also for the pre-2003 form.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The 12 or 8 digits of the application number, without prefix, dot or check character.
    pub fn digits(&self) -> &str {
        &self.canonical[2..self.canonical.len() - 2]
    }

    /// The check character (校验位).
    pub fn check_char(&self) -> char {
        self.canonical.chars().last().unwrap_or('0')
    }

    /// The canonical form, e.g. `CN200310102344.5`.
    pub fn as_str(&self) -> &str {
        &self.canonical
    }
}

// ---------------------------------------------------------------------------------------------------------------
// 商标注册号
// ---------------------------------------------------------------------------------------------------------------

/// A trademark registration number (商标注册号): 1–8 digits as issued by CNIPA's Trademark Office. The printed
/// wrapper `第 … 号` is accepted (either part alone too) and dropped; leading zeros are kept as given. There is
/// no check character, so only the shape is checked.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TrademarkRegNo(String);

impl TrademarkRegNo {
    /// Parse a registration number.
    pub fn parse(raw: &str) -> Result<Self, IdError> {
        let s = compact(raw);
        let s = s.strip_prefix('第').unwrap_or(&s);
        let s = s.strip_suffix('号').unwrap_or(s);
        let chars: Vec<char> = s.chars().collect();
        if chars.is_empty() {
            return Err(IdError::Empty);
        }
        if chars.len() > 8 {
            return Err(IdError::Length { expected: "1–8 位数字", actual: chars.len() });
        }
        if let Some((i, &c)) = chars.iter().enumerate().find(|(_, c)| !c.is_ascii_digit()) {
            return Err(IdError::BadChar { position: i + 1, found: c, rule: "注册号应为数字" });
        }
        Ok(Self(s.to_string()))
    }

    /// The digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

// ---------------------------------------------------------------------------------------------------------------
// 著作权登记号
// ---------------------------------------------------------------------------------------------------------------

/// Which register a copyright registration number comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CopyrightRegKind {
    /// 作品登记号: `国作登字-2020-A-00012345` (national) or a provincial `津作登字-…`.
    Work,
    /// 计算机软件著作权登记证书号: `软著登字第1234567号`.
    SoftwareCertificate,
    /// 计算机软件著作权登记号: `2020SR0123456`.
    SoftwareRegistration,
}

const COPYRIGHT_FORMATS: &str = "“国作登字-2020-A-00012345”“津作登字-…”“软著登字第1234567号”或“2020SR0123456”";

/// A copyright registration number (著作权登记号). No check character exists, so the shape is checked,
/// leniently:
///
/// - work registration (作品登记): `<issuer>作登字-YYYY-L-NNNNNNNN` — issuer is `国` (Copyright Protection Centre
///   of China) or a provincial abbreviation such as `津`/`京`/`沪`, at most two Chinese characters, or absent;
///   `YYYY` 1990–2099; `L` one category letter (A 文字, F 美术, G 摄影, …, any A–Z accepted); a serial of 1–10
///   digits (usually 8, zero-padded);
/// - software certificate (软件登记证书): `软著登字第NNNNNNN号` — 1–10 digits; `第` and `号` may be omitted;
/// - software registration (软件登记号): `YYYYSRNNNNNNN` — year 1990–2099, `SR`, 1–10 digits (7 since ~2011).
///
/// Spaces are dropped, full-width forms folded, letters uppercased and the dashes `—`, `–` read as `-`; the
/// stored form is the canonical one shown above.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CopyrightRegNo(String);

fn all_digits(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

fn copyright_year(s: &str) -> Result<i32, IdError> {
    if !all_digits(s, 4, 4) {
        return Err(IdError::Format(COPYRIGHT_FORMATS));
    }
    let year = s.parse::<i32>().unwrap_or(0);
    if !(1990..=2099).contains(&year) {
        return Err(IdError::BadYear(year));
    }
    Ok(year)
}

impl CopyrightRegNo {
    /// Parse a copyright registration number.
    pub fn parse(raw: &str) -> Result<Self, IdError> {
        let s: String = compact(raw)
            .chars()
            .map(|c| match c {
                '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
                c => c.to_ascii_uppercase(),
            })
            .collect();
        if s.is_empty() {
            return Err(IdError::Empty);
        }
        if let Some(rest) = s.strip_prefix("软著登字") {
            let rest = rest.strip_prefix('第').unwrap_or(rest);
            let rest = rest.strip_suffix('号').unwrap_or(rest);
            if !all_digits(rest, 1, 10) {
                return Err(IdError::Format(COPYRIGHT_FORMATS));
            }
            return Ok(Self(format!("软著登字第{rest}号")));
        }
        if let Some((issuer, rest)) = s.split_once("作登字") {
            let issuer_ok =
                issuer.chars().count() <= 2 && issuer.chars().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
            let parts: Vec<&str> = rest.strip_prefix('-').unwrap_or(rest).split('-').collect();
            let [year, category, serial] = parts[..] else {
                return Err(IdError::Format(COPYRIGHT_FORMATS));
            };
            let category_ok = category.len() == 1 && category.bytes().all(|b| b.is_ascii_uppercase());
            if !issuer_ok || !category_ok || !all_digits(serial, 1, 10) {
                return Err(IdError::Format(COPYRIGHT_FORMATS));
            }
            copyright_year(year)?;
            return Ok(Self(format!("{issuer}作登字-{year}-{category}-{serial}")));
        }
        if s.is_ascii() && s.len() > 6 && &s[4..6] == "SR" {
            copyright_year(&s[..4])?;
            if all_digits(&s[6..], 1, 10) {
                return Ok(Self(s));
            }
        }
        Err(IdError::Format(COPYRIGHT_FORMATS))
    }

    /// Which register the number comes from.
    pub fn kind(&self) -> CopyrightRegKind {
        if self.0.starts_with("软著登字") {
            CopyrightRegKind::SoftwareCertificate
        } else if self.0.contains("作登字") {
            CopyrightRegKind::Work
        } else {
            CopyrightRegKind::SoftwareRegistration
        }
    }

    /// The canonical number.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Shared impls for the public-register numbers (serde as their canonical string).
// ---------------------------------------------------------------------------------------------------------------

macro_rules! register_number_impls {
    ($($name:ident),*) => {$(
        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(raw: String) -> Result<Self, IdError> {
                Self::parse(&raw)
            }
        }
        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.as_str().to_string()
            }
        }
    )*};
}

register_number_impls!(CreditCode, PatentNumber, TrademarkRegNo, CopyrightRegNo);

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn today() -> NaiveDate {
        day(2026, 3, 1)
    }

    // ---- CitizenId -------------------------------------------------------------------------------------------
    //
    // Weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2; check = "10X98765432"[sum % 11].
    //
    // 11010519491231002X (GB 11643-1999's own example):
    //   1·7 + 1·9 + 0·10 + 1·5 + 0·8 + 5·4 + 1·2 + 9·1 + 4·6 + 9·3 + 1·7 + 2·9 + 3·10 + 1·5 + 0·8 + 0·4 + 2·2
    //   = 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2 → 'X'.
    // 440524188001010014 (the standard's second example, born 1880):
    //   28+36+0+25+16+16+2+8+48+0+0+9+0+5+0+0+2 = 195; 195 mod 11 = 8 → '4'.
    // 12011619900307123X (made up, Binhai New Area address code 120116):
    //   1·7+2·9+0·10+1·5+1·8+6·4+1·2+9·1+9·6+0·3+0·7+3·9+0·10+7·5+1·8+2·4+3·2
    //   = 7+18+0+5+8+24+2+9+54+0+0+27+0+35+8+8+6 = 211; 211 mod 11 = 2 → 'X'.
    // 120116200002290014 (made up, born on a leap day): 1·7+2·9+0+1·5+1·8+6·4+2·2+0+0+0+0+2·9+2·10+9·5+0+0+1·2
    //   = 7+18+5+8+24+4+18+20+45+2 = 151; 151 mod 11 = 8 → '4'.

    #[test]
    fn citizen_ids_with_hand_computed_checks() {
        let a = CitizenId::parse("11010519491231002X", today());
        assert_eq!(a.as_ref().map(CitizenId::as_str), Ok("11010519491231002X"));
        assert_eq!(a.map(|a| a.birth_date()), Ok(day(1949, 12, 31)));
        assert!(CitizenId::parse("440524188001010014", today()).is_ok());
        assert!(CitizenId::parse("120116200002290014", today()).is_ok());
        let b = CitizenId::parse(" 12011619900307123x ", today());
        assert_eq!(b.as_ref().map(CitizenId::as_str), Ok("12011619900307123X"));
        assert_eq!(b.as_ref().map(CitizenId::masked), Ok("120116********123X".to_string()));
        assert_eq!(b.as_ref().map(CitizenId::region_code), Ok("120116"));
        // Debug never shows the birth date.
        assert_eq!(b.map(|b| format!("{b:?}")), Ok("CitizenId(120116********123X)".to_string()));
    }

    #[test]
    fn citizen_ids_accept_full_width_digits() {
        let id = CitizenId::parse("１１０１０５１９４９１２３１００２Ｘ", today());
        assert_eq!(id.map(|i| i.to_string()), Ok("11010519491231002X".to_string()));
    }

    #[test]
    fn citizen_id_errors_are_precise() {
        let t = today();
        assert_eq!(CitizenId::parse("  ", t), Err(IdError::Empty));
        assert_eq!(CitizenId::parse("110105194912310", t), Err(IdError::Length { expected: "18 位", actual: 15 }));
        assert_eq!(
            CitizenId::parse("1101051949123A002X", t),
            Err(IdError::BadChar { position: 14, found: 'A', rule: "应为数字" })
        );
        assert_eq!(
            CitizenId::parse("11010519491231002Y", t),
            Err(IdError::BadChar { position: 18, found: 'Y', rule: "应为数字或 X" })
        );
        // Check digit off: the right one is X (see above).
        assert_eq!(
            CitizenId::parse("110105194912310021", t),
            Err(IdError::BadCheck { position: 18, expected: 'X', found: '1' })
        );
        // 1999-02-30 does not exist; 2001-02-29 neither (not a leap year); month 13.
        assert_eq!(CitizenId::parse("110105199902300021", t), Err(IdError::ImpossibleBirthDate("19990230".into())));
        assert_eq!(CitizenId::parse("120116200102290014", t), Err(IdError::ImpossibleBirthDate("20010229".into())));
        assert_eq!(CitizenId::parse("120116199013010014", t), Err(IdError::ImpossibleBirthDate("19901301".into())));
        assert_eq!(CitizenId::parse("120116170001010014", t), Err(IdError::ImpossibleBirthDate("17000101".into())));
        // Born after "today" (check digit irrelevant: the date is examined first).
        assert_eq!(CitizenId::parse("120116202701010014", t), Err(IdError::FutureBirthDate(day(2027, 1, 1))));
        // Born today is fine as far as the date goes (the check then decides).
        assert!(!matches!(
            CitizenId::parse("120116202603010014", t),
            Err(IdError::FutureBirthDate(_) | IdError::ImpossibleBirthDate(_))
        ));
    }

    #[test]
    fn id_error_messages_are_chinese() {
        let e = IdError::BadCheck { position: 18, expected: 'X', found: '1' };
        assert_eq!(e.to_string(), "校验位错误：第 18 位应为“X”，实际为“1”，请核对号码");
        let e = IdError::Length { expected: "18 位", actual: 15 };
        assert_eq!(e.to_string(), "长度应为 18 位，实际为 15 位");
    }

    // ---- CreditCode ------------------------------------------------------------------------------------------
    //
    // Values: 0–9 → 0–9, A10 B11 C12 D13 E14 F15 G16 H17 J18 K19 L20 M21 N22 P23 Q24 R25 T26 U27 W28 X29 Y30.
    // Weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28.
    //
    // 91350100M000100Y43 (GB 32100-2015's example):
    //   9·1 + 1·3 + 3·9 + 5·27 + 0·19 + 1·26 + 0·16 + 0·17 + M21·20 + 0·29 + 0·25 + 0·13 + 1·8 + 0·24 + 0·10
    //   + Y30·30 + 4·28 = 9+3+27+135+0+26+0+0+420+0+0+0+8+0+0+900+112 = 1640;
    //   1640 mod 31 = 28 (31·52 = 1612); 31 − 28 = 3 → '3'. ✓
    //   Organisation code M000100Y4 (GB 11714, M=22, Y=34, weights 3 7 9 10 5 8 4 2):
    //   22·3 + 0 + 0 + 0 + 1·5 + 0 + 0 + 34·2 = 66+5+68 = 139; 139 mod 11 = 7; 11 − 7 = 4 → '4'. ✓
    // 914403001922038216 (Huawei Technologies Co., Ltd., public register):
    //   9·1+1·3+4·9+4·27+0+3·26+0+0+1·20+9·29+2·25+2·13+0·8+3·24+8·10+2·30+1·28
    //   = 9+3+36+108+0+78+0+0+20+261+50+26+0+72+80+60+28 = 831; 831 mod 31 = 25 (31·26 = 806); 31−25 = 6 → '6'. ✓
    //   Organisation code 192203821: 1·3+9·7+2·9+2·10+0·5+3·8+8·4+2·2 = 3+63+18+20+0+24+32+4 = 164;
    //   164 mod 11 = 10; 11 − 10 = 1 → '1'. ✓
    // 91440300708461136T (Shenzhen Tencent Computer Systems Co., Ltd., public register): sum 966, 966 mod 31 = 5,
    //   31 − 5 = 26 → 'T'; organisation code 708461136: sum 181, 181 mod 11 = 5, 11 − 5 = 6 → '6'. ✓

    #[test]
    fn credit_codes_with_hand_computed_checks() {
        let c = CreditCode::parse("91350100M000100Y43");
        assert_eq!(c.as_ref().map(CreditCode::as_str), Ok("91350100M000100Y43"));
        assert_eq!(c.as_ref().map(CreditCode::registration_authority), Ok('9'));
        assert_eq!(c.as_ref().map(CreditCode::entity_type), Ok('1'));
        assert_eq!(c.as_ref().map(CreditCode::division_code), Ok("350100"));
        assert_eq!(c.as_ref().map(CreditCode::organisation_code), Ok("M000100Y4"));
        assert!(CreditCode::parse("914403001922038216").is_ok());
        assert_eq!(
            CreditCode::parse(" 91440300708461136t ").map(|c| c.to_string()),
            Ok("91440300708461136T".to_string())
        );
    }

    #[test]
    fn credit_code_errors_are_precise() {
        assert_eq!(CreditCode::parse(""), Err(IdError::Empty));
        assert_eq!(CreditCode::parse("91350100M000100Y4"), Err(IdError::Length { expected: "18 位", actual: 17 }));
        // I, O, Z, S, V are not in the alphabet.
        assert_eq!(
            CreditCode::parse("91350100M0O0100Y43"),
            Err(IdError::BadChar {
                position: 11, found: 'O', rule: "应为数字或大写字母（不使用 I、O、Z、S、V）"
            })
        );
        assert_eq!(
            CreditCode::parse("9135A100M000100Y43"),
            Err(IdError::BadChar { position: 5, found: 'A', rule: "第 3–8 位行政区划码应为数字" })
        );
        assert_eq!(
            CreditCode::parse("91350100M000100Y44"),
            Err(IdError::BadCheck { position: 18, expected: '3', found: '4' })
        );
        // An identity number that happens to pass the 18th-character rule (reported against a widely used Java
        // library): 362322198709086409 — sum 1231, 1231 mod 31 = 22 (31·39 = 1209), 31 − 22 = 9 → '9' matches.
        // The embedded "organisation code" 87090864|0 does not: 8·3+7·7+0·9+9·10+0·5+8·8+6·4+4·2
        // = 24+49+0+90+0+64+24+8 = 259; 259 mod 11 = 6; 11 − 6 = 5 → '5', but position 17 holds '0'.
        assert_eq!(CreditCode::parse("362322198709086409"), Err(IdError::BadOrgCheck { expected: '5', found: '0' }));
        // A known real code that violates the 18th-character rule (Xiamen, before 2016) is refused.
        assert!(matches!(CreditCode::parse("91350203M0001QKT19"), Err(IdError::BadCheck { .. })));
    }

    #[test]
    fn org_check_rule() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(org_check(&chars("M000100Y")), '4');
        assert_eq!(org_check(&chars("19220382")), '1');
        assert_eq!(org_check(&chars("70846113")), '6');
        // 1·3 = 3; 11 − 3 = 8.
        assert_eq!(org_check(&chars("10000000")), '8');
        // 4·3 = 12 ≡ 1 (mod 11); 11 − 1 = 10 → 'X'.
        assert_eq!(org_check(&chars("40000000")), 'X');
        // Sum 0: 11 − 0 = 11 → '0'.
        assert_eq!(org_check(&chars("00000000")), '0');
    }

    // ---- PatentNumber ----------------------------------------------------------------------------------------
    //
    // Weights 2 3 4 5 6 7 8 9 2 3 4 5 (12 digits) or 2 … 9 (8 digits); check = sum mod 11, 10 → X.
    //
    // 200310102344.5 (the example of ZC 0006-2003):
    //   2·2+0·3+0·4+3·5+1·6+0·7+1·8+0·9+2·2+3·3+4·4+4·5 = 4+0+0+15+6+0+8+0+4+9+16+20 = 82; 82 mod 11 = 5. ✓
    // 201710601862.3: 4+0+4+35+6+0+48+0+2+24+24+10 = 157; 157 mod 11 = 3. ✓
    // 201910123456 (brief): 2·2+0·3+1·4+9·5+1·6+0·7+1·8+2·9+3·2+4·3+5·4+6·5 = 4+0+4+45+6+0+8+18+6+12+20+30
    //   = 153; 153 mod 11 = 10 → 'X'. So 201910123456.X.
    // 202310123456: 4+0+8+15+6+0+8+18+6+12+20+30 = 127; 127 mod 11 = 6 → CN202310123456.6 (not .7).
    // 200410081398: 4+0+0+20+6+0+0+72+2+9+36+40 = 189; 189 mod 11 = 2 → 200410081398.2 (so ".X" is wrong).
    // 202320123456 (utility model): 4+0+8+15+12+0+8+18+6+12+20+30 = 133; 133 mod 11 = 1.
    // 202330012345 (design): 4+0+8+15+18+0+0+9+4+9+16+25 = 108; 108 mod 11 = 9.
    // Pre-2003: 95115608.X: 9·2+5·3+1·4+1·5+5·6+6·7+0·8+8·9 = 18+15+4+5+30+42+0+72 = 186; 186 mod 11 = 10 → X.
    // 97101765.4: 18+21+4+0+6+49+48+45 = 191; 191 mod 11 = 4.

    #[test]
    fn patent_numbers_with_hand_computed_checks() {
        let p = PatentNumber::parse("200310102344.5");
        assert_eq!(p.as_ref().map(PatentNumber::as_str), Ok("CN200310102344.5"));
        assert_eq!(p.as_ref().map(PatentNumber::kind), Ok(PatentKind::Invention));
        assert_eq!(p.as_ref().map(PatentNumber::year), Ok(2003));
        assert_eq!(p.as_ref().map(PatentNumber::digits), Ok("200310102344"));
        assert_eq!(p.as_ref().map(PatentNumber::check_char), Ok('5'));
        assert_eq!(p.as_ref().map(PatentNumber::is_pct), Ok(false));
        assert_eq!(PatentNumber::parse("ZL 201710601862.3").map(|p| p.to_string()), Ok("CN201710601862.3".into()));
        assert_eq!(PatentNumber::parse("cn201910123456.x").map(|p| p.to_string()), Ok("CN201910123456.X".into()));
        assert_eq!(PatentNumber::parse("CN 2023 1 0123456 . 6").map(|p| p.to_string()), Ok("CN202310123456.6".into()));
        assert_eq!(PatentNumber::parse("2023101234566").map(|p| p.to_string()), Ok("CN202310123456.6".into()));
        assert_eq!(PatentNumber::parse("202320123456.1").map(|p| p.kind()), Ok(PatentKind::UtilityModel));
        assert_eq!(PatentNumber::parse("202330012345.9").map(|p| p.kind()), Ok(PatentKind::Design));
        let old = PatentNumber::parse("ZL95115608.X");
        assert_eq!(old.as_ref().map(PatentNumber::as_str), Ok("CN95115608.X"));
        assert_eq!(old.as_ref().map(PatentNumber::year), Ok(1995));
        assert_eq!(old.as_ref().map(PatentNumber::kind), Ok(PatentKind::Invention));
        assert_eq!(PatentNumber::parse("97101765.4").map(|p| p.year()), Ok(1997));
        assert_eq!(
            PatentNumber::parse("ＣＮ２００３１０１０２３４４．５").map(|p| p.to_string()),
            Ok("CN200310102344.5".into())
        );
    }

    #[test]
    fn pct_patent_numbers() {
        // 202280012345: 4+0+8+10+48+0+0+9+4+9+16+25 = 133; 133 mod 11 = 1.
        let p = PatentNumber::parse("CN202280012345.1");
        assert_eq!(p.as_ref().map(PatentNumber::kind), Ok(PatentKind::Invention));
        assert_eq!(p.as_ref().map(PatentNumber::is_pct), Ok(true));
        // 202290012345: 4+0+8+10+54+0+0+9+4+9+16+25 = 139; 139 mod 11 = 7.
        let p = PatentNumber::parse("202290012345.7");
        assert_eq!(p.as_ref().map(PatentNumber::kind), Ok(PatentKind::UtilityModel));
        assert_eq!(p.as_ref().map(PatentNumber::is_pct), Ok(true));
    }

    #[test]
    fn patent_number_errors_are_precise() {
        assert_eq!(PatentNumber::parse(" "), Err(IdError::Empty));
        assert_eq!(
            PatentNumber::parse("200410081398.X"),
            Err(IdError::BadCheck { position: 13, expected: '2', found: 'X' })
        );
        assert_eq!(
            PatentNumber::parse("CN202310123456.7"),
            Err(IdError::BadCheck { position: 13, expected: '6', found: '7' })
        );
        assert_eq!(
            PatentNumber::parse("95115608.1"),
            Err(IdError::BadCheck { position: 9, expected: 'X', found: '1' })
        );
        // Missing check character.
        assert!(matches!(PatentNumber::parse("202310123456"), Err(IdError::Length { actual: 12, .. })));
        assert!(matches!(PatentNumber::parse("20231012345.6"), Err(IdError::Length { actual: 12, .. })));
        assert!(matches!(PatentNumber::parse("20231O123456.6"), Err(IdError::BadChar { position: 6, found: 'O', .. })));
        assert!(matches!(
            PatentNumber::parse("202310123456.A"),
            Err(IdError::BadChar { position: 13, found: 'A', .. })
        ));
        assert!(matches!(PatentNumber::parse("2023.10123456"), Err(IdError::Format(_))));
        assert_eq!(PatentNumber::parse("202340123456.0"), Err(IdError::BadPatentKind('4')));
        assert_eq!(PatentNumber::parse("200210123456.0"), Err(IdError::BadYear(2002)));
        assert_eq!(PatentNumber::parse("50115608.0"), Err(IdError::BadYear(2050)));
        assert_eq!(PatentNumber::parse("84115608.0"), Err(IdError::BadYear(2084)));
    }

    // ---- TrademarkRegNo and CopyrightRegNo -------------------------------------------------------------------

    #[test]
    fn trademark_numbers() {
        let ok = |raw: &str| TrademarkRegNo::parse(raw).map(|t| t.to_string());
        assert_eq!(ok("12345678"), Ok("12345678".into()));
        assert_eq!(ok("第 1234567 号"), Ok("1234567".into()));
        assert_eq!(ok("第00123号"), Ok("00123".into()));
        assert_eq!(ok("１２３"), Ok("123".into()));
        assert_eq!(ok("7"), Ok("7".into()));
        assert_eq!(ok("第号"), Err(IdError::Empty));
        assert_eq!(ok("123456789"), Err(IdError::Length { expected: "1–8 位数字", actual: 9 }));
        assert_eq!(ok("12A4"), Err(IdError::BadChar { position: 3, found: 'A', rule: "注册号应为数字" }));
    }

    #[test]
    fn copyright_numbers() {
        let ok = |raw: &str| CopyrightRegNo::parse(raw).map(|c| (c.to_string(), c.kind()));
        assert_eq!(ok("国作登字-2020-A-00012345"), Ok(("国作登字-2020-A-00012345".into(), CopyrightRegKind::Work)));
        assert_eq!(ok(" 津作登字—2021—f—00000012 "), Ok(("津作登字-2021-F-00000012".into(), CopyrightRegKind::Work)));
        assert_eq!(ok("作登字-2019-L-123"), Ok(("作登字-2019-L-123".into(), CopyrightRegKind::Work)));
        assert_eq!(ok("国作登字2020-A-00012345").map(|c| c.0), Ok("国作登字-2020-A-00012345".into()));
        assert_eq!(
            ok("软著登字第1234567号"),
            Ok(("软著登字第1234567号".into(), CopyrightRegKind::SoftwareCertificate))
        );
        assert_eq!(ok("软著登字 1234567").map(|c| c.0), Ok("软著登字第1234567号".into()));
        assert_eq!(ok("2020sr0123456"), Ok(("2020SR0123456".into(), CopyrightRegKind::SoftwareRegistration)));
        assert_eq!(ok("２０２０ＳＲ０１２３４５６").map(|c| c.0), Ok("2020SR0123456".into()));

        assert_eq!(ok(""), Err(IdError::Empty));
        assert!(matches!(ok("国作登字-2020-AB-00012345"), Err(IdError::Format(_))));
        assert!(matches!(ok("国作登字-2020-A"), Err(IdError::Format(_))));
        assert!(matches!(ok("国作登字-20-A-00012345"), Err(IdError::Format(_))));
        assert!(matches!(ok("ABC作登字-2020-A-00012345"), Err(IdError::Format(_))));
        assert_eq!(ok("国作登字-1980-A-00012345"), Err(IdError::BadYear(1980)));
        assert!(matches!(ok("软著登字第号"), Err(IdError::Format(_))));
        assert!(matches!(ok("2020SR"), Err(IdError::Format(_))));
        assert!(matches!(ok("2020SX0123456"), Err(IdError::Format(_))));
        assert_eq!(ok("1900SR0123456"), Err(IdError::BadYear(1900)));
        assert!(matches!(ok("hello"), Err(IdError::Format(_))));
    }

    #[test]
    fn register_numbers_round_trip_through_strings() {
        for raw in ["CN200310102344.5", "CN95115608.X"] {
            let p = PatentNumber::try_from(raw.to_string());
            assert_eq!(p.map(String::from), Ok(raw.to_string()));
        }
        let c = CreditCode::try_from("914403001922038216".to_string());
        assert_eq!(c.map(String::from), Ok("914403001922038216".to_string()));
    }

    #[test]
    fn width_folding() {
        assert_eq!(fold_width('Ａ'), 'A');
        assert_eq!(fold_width('０'), '0');
        assert_eq!(fold_width('（'), '(');
        assert_eq!(fold_width('\u{3000}'), ' ');
        assert_eq!(fold_width('知'), '知');
    }
}
