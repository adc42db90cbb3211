//! Matters (事项): their types, receipt numbers (受理编号), query codes (查询码), intake channels, rights and
//! parties.
//!
//! A matter is anything the desk receives: a complaint, a report, a request for assistance, mediation or
//! administrative adjudication, an e-commerce notice, a port dispute. Each type has a stored code (`complaint`),
//! a two-letter receipt code (`TS`) used in receipt numbers, and Chinese and English names.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::ids::{fold_width, CitizenId, CopyrightRegNo, CreditCode, IdError, PatentNumber, TrademarkRegNo};
use crate::validate::{FieldErrors, Name, ValidationError};

macro_rules! coded_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $code:literal, $zh:literal;)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vm])* $variant,)*
        }
        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
            /// The stored code (also the serde name).
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)* }
            }
            /// The Chinese name shown in the console.
            pub fn name_zh(self) -> &'static str {
                match self { $($name::$variant => $zh,)* }
            }
            /// Parse a stored code (surrounding whitespace ignored).
            pub fn parse(raw: &str) -> Result<Self, ValidationError> {
                let raw = raw.trim();
                Self::ALL.iter().copied().find(|v| v.code() == raw).ok_or_else(|| {
                    ValidationError::OneOf(Self::ALL.iter().map(|v| v.code()).collect::<Vec<_>>().join(", "))
                })
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

coded_enum!(
    /// The type of a matter (事项类型).
    MatterType {
        /// 投诉: a right holder or consumer complains about an infringement that affects them.
        Complaint = "complaint", "投诉";
        /// 举报: anyone reports an infringement (no personal stake required).
        Report = "report", "举报";
        /// 维权援助: a request for rights-protection assistance (guidance, expert opinion, referral).
        Assistance = "assistance", "维权援助";
        /// 调解申请: a request to mediate an IP dispute.
        Mediation = "mediation", "调解申请";
        /// 专利侵权纠纷行政裁决请求: a request for administrative adjudication of a patent-infringement dispute.
        Adjudication = "adjudication", "专利侵权纠纷行政裁决请求";
        /// 电商/直播侵权通知: a notice about infringing listings on an e-commerce or live-streaming platform.
        EcommerceNotice = "ecommerce_notice", "电商/直播侵权通知";
        /// 进出口/口岸纠纷: an import / export or port (customs) dispute.
        ImportExport = "import_export", "进出口/口岸纠纷";
    }
);

impl MatterType {
    /// The two-letter code used in receipt numbers (`TS`, `JB`, `YZ`, `TJ`, `CJ`, `DS`, `JK`: pinyin initials).
    pub fn receipt_code(self) -> &'static str {
        match self {
            Self::Complaint => "TS",
            Self::Report => "JB",
            Self::Assistance => "YZ",
            Self::Mediation => "TJ",
            Self::Adjudication => "CJ",
            Self::EcommerceNotice => "DS",
            Self::ImportExport => "JK",
        }
    }

    /// The type with this receipt code, if any.
    pub fn from_receipt_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|t| t.receipt_code() == code)
    }

    /// The English name.
    pub fn name_en(self) -> &'static str {
        match self {
            Self::Complaint => "Complaint",
            Self::Report => "Report",
            Self::Assistance => "Rights-protection assistance",
            Self::Mediation => "Mediation request",
            Self::Adjudication => "Patent-infringement administrative adjudication",
            Self::EcommerceNotice => "E-commerce / live-streaming infringement notice",
            Self::ImportExport => "Import / export (port) dispute",
        }
    }
}

coded_enum!(
    /// How a matter reached the desk (受理渠道).
    Channel {
        /// 网上: the public portal.
        Portal = "portal", "网上";
        /// 电话: by telephone (e.g. the 12345 / 12330 hotlines), entered by the operator.
        Phone = "phone", "电话";
        /// 来访: in person at a service window.
        WalkIn = "walk_in", "来访";
        /// 接口: pushed by another system through the API.
        Api = "api", "接口";
        /// 批量导入: a spreadsheet import.
        Import = "import", "批量导入";
        /// 工作人员录入: entered by staff (letters, referrals, own findings).
        Staff = "staff", "工作人员录入";
    }
);

coded_enum!(
    /// The kind of an intellectual-property right (权利类型).
    RightKind {
        /// 专利 (invention, utility model or design).
        Patent = "patent", "专利";
        /// 商标.
        Trademark = "trademark", "商标";
        /// 著作权 (including software copyright).
        Copyright = "copyright", "著作权";
        /// 地理标志.
        GeographicalIndication = "geographical_indication", "地理标志";
        /// 商业秘密.
        TradeSecret = "trade_secret", "商业秘密";
        /// 其他 (plant varieties, layout designs, trade names …).
        Other = "other", "其他";
    }
);

coded_enum!(
    /// The role of a party in a matter (当事人角色). The Chinese term depends on the matter type, see
    /// [`PartyRole::label_zh`].
    PartyRole {
        /// The party who brings the matter: complainant, reporter, applicant or requester (投诉人/举报人/申请人/请求人).
        Complainant = "complainant", "投诉人";
        /// The party the matter is against (被投诉人/被举报人/被申请人/被请求人).
        Respondent = "respondent", "被投诉人";
        /// An agent acting for a party (代理人).
        Agent = "agent", "代理人";
    }
);

impl PartyRole {
    /// The Chinese term for this role in a matter of type `t` (e.g. 请求人 / 被请求人 in an adjudication).
    pub fn label_zh(self, t: MatterType) -> &'static str {
        use MatterType as T;
        match (self, t) {
            (Self::Agent, _) => "代理人",
            (Self::Complainant, T::Complaint) => "投诉人",
            (Self::Complainant, T::Report) => "举报人",
            (Self::Complainant, T::Adjudication) => "请求人",
            (Self::Complainant, T::EcommerceNotice) => "通知人",
            (Self::Complainant, T::Assistance | T::Mediation | T::ImportExport) => "申请人",
            (Self::Respondent, T::Complaint) => "被投诉人",
            (Self::Respondent, T::Report) => "被举报人",
            (Self::Respondent, T::Adjudication) => "被请求人",
            (Self::Respondent, T::EcommerceNotice) => "被通知人",
            (Self::Respondent, T::Assistance | T::Mediation | T::ImportExport) => "被申请人",
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// 受理编号
// ---------------------------------------------------------------------------------------------------------------

const RECEIPT_FORMAT: ValidationError =
    ValidationError::Format("受理编号格式应为“地区-类型-年份-流水号”，如 BH-TS-2026-000123");

/// A receipt number (受理编号): `REGION-TYPE-YEAR-SEQ`, e.g. `BH-TS-2026-000123` — a region code of 2–4 letters
/// (`BH` 滨海), the matter type's [receipt code](MatterType::receipt_code), the four-digit year and the
/// sequence number within region, type and year, zero-padded to 6 digits (more digits once it passes 999999).
/// Sequence numbers start at 1.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReceiptNo {
    text: String,
    matter_type: MatterType,
    year: i32,
    seq: u64,
}

fn region_code(raw: &str) -> Result<String, ValidationError> {
    let region = raw.trim().to_ascii_uppercase();
    if !(2..=4).contains(&region.len()) || !region.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(ValidationError::Format("地区代码应为 2–4 个英文字母"));
    }
    Ok(region)
}

impl ReceiptNo {
    /// Build the receipt number for sequence `seq` (≥ 1) of `matter_type` in `year` (2000–9999) and `region`.
    pub fn format(region: &str, matter_type: MatterType, year: i32, seq: u64) -> Result<Self, ValidationError> {
        let region = region_code(region)?;
        if !(2000..=9999).contains(&year) {
            return Err(ValidationError::Format("受理年份应为 2000–9999"));
        }
        if seq == 0 {
            return Err(ValidationError::Format("流水号从 1 开始"));
        }
        let text = format!("{region}-{}-{year}-{seq:06}", matter_type.receipt_code());
        Ok(Self { text, matter_type, year, seq })
    }

    /// Parse a receipt number (case-insensitive, surrounding whitespace ignored). Only the canonical form is
    /// accepted: a sequence number of more than 6 digits must not start with `0`.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let s = raw.trim().to_ascii_uppercase();
        let parts: Vec<&str> = s.split('-').collect();
        let [region, code, year, seq] = parts[..] else {
            return Err(RECEIPT_FORMAT);
        };
        let matter_type = MatterType::from_receipt_code(code)
            .ok_or(ValidationError::Format("受理编号中的事项类型代码无效（TS、JB、YZ、TJ、CJ、DS、JK）"))?;
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if year.len() != 4 || !digits(year) || seq.len() < 6 || !digits(seq) {
            return Err(RECEIPT_FORMAT);
        }
        let year: i32 = year.parse().map_err(|_| RECEIPT_FORMAT)?;
        let seq_no: u64 = seq.parse().map_err(|_| RECEIPT_FORMAT)?;
        let built = Self::format(region, matter_type, year, seq_no)?;
        if built.text != s {
            return Err(RECEIPT_FORMAT);
        }
        Ok(built)
    }

    /// The region code (e.g. `BH`).
    pub fn region(&self) -> &str {
        self.text.split('-').next().unwrap_or("")
    }

    /// The matter type.
    pub fn matter_type(&self) -> MatterType {
        self.matter_type
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The sequence number.
    pub fn seq(&self) -> u64 {
        self.seq
    }

    /// The receipt number as text.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl AsRef<str> for ReceiptNo {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for ReceiptNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

// ---------------------------------------------------------------------------------------------------------------
// 查询码
// ---------------------------------------------------------------------------------------------------------------

/// The 31 characters of a query code: digits and capital letters without the look-alikes 0, O, 1, I and L.
pub const QUERY_CODE_ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// The length of a query code.
pub const QUERY_CODE_LEN: usize = 8;

/// A query code (查询码): the secret the submitter is given with the receipt number to follow the matter
/// without an account. 8 characters from [`QUERY_CODE_ALPHABET`] (31⁸ ≈ 8.5 · 10¹¹ codes, ≈ 39.6 bits).
///
/// It is a secret: `Debug` prints `QueryCode(********)`, and there is no `PartialEq` — compare with
/// [`QueryCode::ct_eq`] or hand [`QueryCode::as_bytes`] to a constant-time comparison (the store keeps a hash).
/// `Display` shows the code, for the one screen / SMS that gives it to the submitter.
#[derive(Clone)]
pub struct QueryCode(String);

impl QueryCode {
    /// Build a code from 8 random bytes supplied by the caller (a CSPRNG). The bytes are read as one
    /// little-endian `u64` and written in base 31, so the bias of the remainder is below 31⁸ / 2⁶⁴ ≈ 5 · 10⁻⁸.
    pub fn from_random(bytes: [u8; 8]) -> Self {
        let mut n = u64::from_le_bytes(bytes);
        let mut code = String::with_capacity(QUERY_CODE_LEN);
        for _ in 0..QUERY_CODE_LEN {
            code.push(char::from(QUERY_CODE_ALPHABET[(n % 31) as usize]));
            n /= 31;
        }
        Self(code)
    }

    /// Parse a code typed by a person: case-insensitive; spaces and hyphens (`ABCD-EFGH`) are ignored.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let s: String = raw
            .chars()
            .map(fold_width)
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if s.is_empty() {
            return Err(ValidationError::Required);
        }
        if s.chars().count() != QUERY_CODE_LEN || !s.bytes().all(|b| QUERY_CODE_ALPHABET.contains(&b)) {
            return Err(ValidationError::Format("查询码应为 8 位字母或数字（不含 0、O、1、I、L）"));
        }
        Ok(Self(s))
    }

    /// The 8 ASCII bytes, for a constant-time comparison or a hash.
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    /// Compare in time independent of where the codes differ.
    pub fn ct_eq(&self, other: &QueryCode) -> bool {
        let (a, b) = (self.as_bytes(), other.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

impl AsRef<str> for QueryCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for QueryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("QueryCode(********)")
    }
}

impl fmt::Display for QueryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

// ---------------------------------------------------------------------------------------------------------------
// 权利
// ---------------------------------------------------------------------------------------------------------------

/// A right a matter is about (涉及权利): its kind, its number when it has one, and its title (the invention's
/// name, the mark, the work's title …). Built by [`Right::new`], which validates the number with the matching
/// validator of [`super::ids`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RightRecord")]
pub struct Right {
    kind: RightKind,
    number: Option<String>,
    title: String,
}

/// The unchecked shape of a [`Right`], for deserialising.
#[derive(Deserialize)]
struct RightRecord {
    kind: RightKind,
    number: Option<String>,
    title: String,
}

impl TryFrom<RightRecord> for Right {
    type Error = FieldErrors;
    fn try_from(r: RightRecord) -> Result<Self, FieldErrors> {
        Right::new(r.kind, r.number.as_deref(), &r.title)
    }
}

/// The longest free-text right number (geographical indications, trade secrets, other rights).
const FREE_NUMBER_MAX: usize = 64;

impl Right {
    /// Validate and build a right. `number` may be absent or blank (no number known); `title` is 1–200
    /// characters. Errors are keyed `number` and `title`.
    pub fn new(kind: RightKind, number: Option<&str>, title: &str) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let number = match number.map(str::trim) {
            None | Some("") => None,
            Some(raw) => match Self::parse_number(kind, raw) {
                Ok(n) => Some(n),
                Err(e) => {
                    errors.add("number", e.to_string());
                    None
                }
            },
        };
        let title = errors.check("title", Name::parse_max(title, 200));
        errors.into_result()?;
        Ok(Self { kind, number, title: title.map(Name::into_inner).unwrap_or_default() })
    }

    /// Check a right number with the validator for `kind` and return its canonical form: a
    /// [`PatentNumber`] (`CN200310102344.5`), a [`TrademarkRegNo`] or a [`CopyrightRegNo`]. Geographical
    /// indications (a GI may be a collective mark or a product-protection notice), trade secrets and other rights
    /// take free text: trimmed, 1–64 characters, no control characters.
    pub fn parse_number(kind: RightKind, raw: &str) -> Result<String, IdError> {
        match kind {
            RightKind::Patent => PatentNumber::parse(raw).map(String::from),
            RightKind::Trademark => TrademarkRegNo::parse(raw).map(String::from),
            RightKind::Copyright => CopyrightRegNo::parse(raw).map(String::from),
            RightKind::GeographicalIndication | RightKind::TradeSecret | RightKind::Other => {
                let s = raw.trim();
                let n = s.chars().count();
                if n == 0 {
                    return Err(IdError::Empty);
                }
                if n > FREE_NUMBER_MAX {
                    return Err(IdError::Length { expected: "1–64 个字符", actual: n });
                }
                if let Some((i, c)) = s.chars().enumerate().find(|(_, c)| c.is_control()) {
                    return Err(IdError::BadChar { position: i + 1, found: c, rule: "不能包含控制字符" });
                }
                Ok(s.to_string())
            }
        }
    }

    /// The kind of right.
    pub fn kind(&self) -> RightKind {
        self.kind
    }

    /// The canonical number, if one was given.
    pub fn number(&self) -> Option<&str> {
        self.number.as_deref()
    }

    /// The title.
    pub fn title(&self) -> &str {
        &self.title
    }
}

// ---------------------------------------------------------------------------------------------------------------
// 当事人
// ---------------------------------------------------------------------------------------------------------------

/// Who a party is (当事人身份): a natural person or an organisation, each with an optional identity number.
/// Foreign persons and organisations have neither a resident identity number nor a credit code; their documents
/// are recorded elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartyIdentity {
    /// 自然人.
    Person {
        /// 姓名 (1–50 characters).
        name: Name,
        /// 居民身份证号码.
        id: Option<CitizenId>,
    },
    /// 法人或其他组织.
    Organisation {
        /// 名称 (1–100 characters).
        name: Name,
        /// 统一社会信用代码.
        credit_code: Option<CreditCode>,
    },
}

fn optional_id<T>(
    errors: &mut FieldErrors,
    field: &str,
    raw: Option<&str>,
    parse: impl FnOnce(&str) -> Result<T, IdError>,
) -> Option<T> {
    match raw.map(str::trim) {
        None | Some("") => None,
        Some(s) => match parse(s) {
            Ok(v) => Some(v),
            Err(e) => {
                errors.add(field, e.to_string());
                None
            }
        },
    }
}

impl PartyIdentity {
    /// A natural person; a blank `id_number` means none. Errors are keyed `name` and `id_number`.
    pub fn person(name: &str, id_number: Option<&str>, today: NaiveDate) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = errors.check("name", Name::parse(name));
        let id = optional_id(&mut errors, "id_number", id_number, |s| CitizenId::parse(s, today));
        errors.into_result()?;
        match name {
            Some(name) => Ok(Self::Person { name, id }),
            None => Err(FieldErrors::new()),
        }
    }

    /// An organisation; a blank `credit_code` means none. Errors are keyed `name` and `credit_code`.
    pub fn organisation(name: &str, credit_code: Option<&str>) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = errors.check("name", Name::parse_max(name, 100));
        let credit_code = optional_id(&mut errors, "credit_code", credit_code, CreditCode::parse);
        errors.into_result()?;
        match name {
            Some(name) => Ok(Self::Organisation { name, credit_code }),
            None => Err(FieldErrors::new()),
        }
    }

    /// The person's or organisation's name.
    pub fn name(&self) -> &str {
        match self {
            Self::Person { name, .. } | Self::Organisation { name, .. } => name.as_ref(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::value::{Error as DeError, StrDeserializer};
    use serde::de::IntoDeserializer;

    #[test]
    fn matter_type_table() {
        let table = [
            (MatterType::Complaint, "complaint", "TS", "投诉"),
            (MatterType::Report, "report", "JB", "举报"),
            (MatterType::Assistance, "assistance", "YZ", "维权援助"),
            (MatterType::Mediation, "mediation", "TJ", "调解申请"),
            (MatterType::Adjudication, "adjudication", "CJ", "专利侵权纠纷行政裁决请求"),
            (MatterType::EcommerceNotice, "ecommerce_notice", "DS", "电商/直播侵权通知"),
            (MatterType::ImportExport, "import_export", "JK", "进出口/口岸纠纷"),
        ];
        assert_eq!(MatterType::ALL.len(), table.len());
        for (t, code, receipt, zh) in table {
            assert_eq!(t.code(), code);
            assert_eq!(t.receipt_code(), receipt);
            assert_eq!(t.name_zh(), zh);
            assert!(!t.name_en().is_empty());
            assert_eq!(MatterType::parse(code), Ok(t));
            assert_eq!(MatterType::from_receipt_code(receipt), Some(t));
        }
        assert!(matches!(MatterType::parse("lawsuit"), Err(ValidationError::OneOf(_))));
        assert_eq!(MatterType::from_receipt_code("XX"), None);
    }

    #[test]
    fn serde_names_are_the_codes() {
        for &t in MatterType::ALL {
            let de: StrDeserializer<'_, DeError> = t.code().into_deserializer();
            assert_eq!(MatterType::deserialize(de), Ok(t));
        }
        for &k in RightKind::ALL {
            let de: StrDeserializer<'_, DeError> = k.code().into_deserializer();
            assert_eq!(RightKind::deserialize(de), Ok(k));
        }
        for &c in Channel::ALL {
            let de: StrDeserializer<'_, DeError> = c.code().into_deserializer();
            assert_eq!(Channel::deserialize(de), Ok(c));
        }
        for &r in PartyRole::ALL {
            let de: StrDeserializer<'_, DeError> = r.code().into_deserializer();
            assert_eq!(PartyRole::deserialize(de), Ok(r));
        }
    }

    #[test]
    fn other_enums() {
        assert_eq!(Channel::parse(" walk_in "), Ok(Channel::WalkIn));
        assert_eq!(Channel::ALL.len(), 6);
        assert_eq!(Channel::Import.name_zh(), "批量导入");
        assert_eq!(RightKind::parse("geographical_indication"), Ok(RightKind::GeographicalIndication));
        assert_eq!(RightKind::TradeSecret.name_zh(), "商业秘密");
        assert_eq!(RightKind::ALL.len(), 6);
        assert_eq!(PartyRole::Complainant.label_zh(MatterType::Adjudication), "请求人");
        assert_eq!(PartyRole::Respondent.label_zh(MatterType::Report), "被举报人");
        assert_eq!(PartyRole::Agent.label_zh(MatterType::Mediation), "代理人");
        assert_eq!(MatterType::EcommerceNotice.to_string(), "ecommerce_notice");
    }

    #[test]
    fn receipt_numbers_round_trip() {
        let r = ReceiptNo::format("BH", MatterType::Complaint, 2026, 123);
        assert_eq!(r.as_ref().map(ReceiptNo::as_str), Ok("BH-TS-2026-000123"));
        for (t, seq) in
            [(MatterType::Adjudication, 1), (MatterType::ImportExport, 999_999), (MatterType::Report, 1_234_567)]
        {
            let built = ReceiptNo::format("bh", t, 2026, seq);
            let text = built.as_ref().map(|r| r.to_string()).unwrap_or_default();
            let parsed = ReceiptNo::parse(&text);
            assert_eq!(parsed, built);
            assert_eq!(parsed.as_ref().map(ReceiptNo::matter_type), Ok(t));
            assert_eq!(parsed.as_ref().map(ReceiptNo::seq), Ok(seq));
            assert_eq!(parsed.as_ref().map(ReceiptNo::year), Ok(2026));
            assert_eq!(parsed.as_ref().map(ReceiptNo::region), Ok("BH"));
        }
        assert_eq!(
            ReceiptNo::format("BH", MatterType::Report, 2026, 1_234_567).map(|r| r.to_string()),
            Ok("BH-JB-2026-1234567".into())
        );
        assert_eq!(ReceiptNo::parse(" bh-ts-2026-000123 ").map(|r| r.seq()), Ok(123));
    }

    #[test]
    fn receipt_number_errors() {
        assert!(ReceiptNo::format("B", MatterType::Complaint, 2026, 1).is_err());
        assert!(ReceiptNo::format("B1", MatterType::Complaint, 2026, 1).is_err());
        assert!(ReceiptNo::format("BH", MatterType::Complaint, 1999, 1).is_err());
        assert!(ReceiptNo::format("BH", MatterType::Complaint, 2026, 0).is_err());
        for bad in [
            "",
            "BH-TS-2026",
            "BH-TS-2026-123",
            "BH-XX-2026-000123",
            "BH-TS-26-000123",
            "BH-TS-2026-000000",
            "BH-TS-2026-0001234",
            "BH-TS-2026-00012a",
            "BH-TS-2026-000123-1",
            "BH-TS-2026-99999999999999999999999",
        ] {
            assert!(ReceiptNo::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn query_code_alphabet_and_generation() {
        for ambiguous in b"01OIL" {
            assert!(!QUERY_CODE_ALPHABET.contains(ambiguous));
        }
        let mut seen = std::collections::BTreeSet::new();
        for &c in QUERY_CODE_ALPHABET {
            assert!(c.is_ascii_digit() || c.is_ascii_uppercase());
            assert!(seen.insert(c), "duplicate {c}");
        }
        assert_eq!(QueryCode::from_random([0; 8]).to_string(), "22222222");
        // u64::MAX = 18446744073709551615; its base-31 digits, least significant first.
        let max = QueryCode::from_random([0xFF; 8]).to_string();
        let mut n = u64::MAX;
        let mut expect = String::new();
        for _ in 0..8 {
            expect.push(char::from(QUERY_CODE_ALPHABET[(n % 31) as usize]));
            n /= 31;
        }
        assert_eq!(max, expect);
        // 1 → second symbol '3' in the first position.
        assert_eq!(QueryCode::from_random([1, 0, 0, 0, 0, 0, 0, 0]).to_string(), "32222222");
        // 31 → carries into the second position.
        assert_eq!(QueryCode::from_random([31, 0, 0, 0, 0, 0, 0, 0]).to_string(), "23222222");
        for seed in 0u64..200 {
            let bytes = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15).to_le_bytes();
            let code = QueryCode::from_random(bytes);
            assert_eq!(code.as_bytes().len(), QUERY_CODE_LEN);
            assert!(code.as_bytes().iter().all(|b| QUERY_CODE_ALPHABET.contains(b)));
            let back = QueryCode::parse(&code.to_string().to_lowercase());
            assert!(back.map(|b| b.ct_eq(&code)).unwrap_or(false));
        }
    }

    #[test]
    fn query_code_parsing() {
        let a = QueryCode::parse("abcd-efgh");
        assert_eq!(a.as_ref().map(|c| c.to_string()), Ok("ABCDEFGH".to_string()));
        assert_eq!(a.as_ref().map(|c| format!("{c:?}")), Ok("QueryCode(********)".to_string()));
        let b = QueryCode::parse(" ABCD EFGH ");
        let c = QueryCode::parse("ABCDEFGJ");
        match (a, b, c) {
            (Ok(a), Ok(b), Ok(c)) => {
                assert!(a.ct_eq(&b));
                assert!(!a.ct_eq(&c));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(QueryCode::parse(" ").err(), Some(ValidationError::Required));
        for bad in ["ABCDEFG", "ABCDEFGHJ", "ABCDEFG0", "ABCDEFGO", "ABCDEFG1", "ABCDEFGI", "ABCDEFGL", "ABCD_EFG"] {
            assert!(QueryCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rights_use_the_matching_validator() {
        let p = Right::new(RightKind::Patent, Some("ZL 200310102344.5"), "一种滤水装置");
        assert_eq!(p.as_ref().map(Right::number), Ok(Some("CN200310102344.5")));
        assert_eq!(p.as_ref().map(Right::title), Ok("一种滤水装置"));
        assert_eq!(p.as_ref().map(Right::kind), Ok(RightKind::Patent));
        let t = Right::new(RightKind::Trademark, Some("第 1234567 号"), "知保");
        assert_eq!(t.as_ref().map(Right::number), Ok(Some("1234567")));
        let c = Right::new(RightKind::Copyright, Some("2020sr0123456"), "办案系统 V1.0");
        assert_eq!(c.as_ref().map(Right::number), Ok(Some("2020SR0123456")));
        let s = Right::new(RightKind::TradeSecret, Some("  "), "配方");
        assert_eq!(s.as_ref().map(Right::number), Ok(None));
        let g = Right::new(RightKind::GeographicalIndication, Some("第 123 号公告"), "茶淀葡萄");
        assert_eq!(g.as_ref().map(Right::number), Ok(Some("第 123 号公告")));

        let bad = Right::new(RightKind::Patent, Some("200410081398.X"), "");
        let errors = bad.err().unwrap_or_default();
        let fields: Vec<&str> = errors.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(fields, ["number", "title"]);
        assert_eq!(
            Right::parse_number(RightKind::Other, &"x".repeat(65)),
            Err(IdError::Length { expected: "1–64 个字符", actual: 65 })
        );
        assert!(matches!(Right::parse_number(RightKind::Other, "a\u{7}b"), Err(IdError::BadChar { position: 2, .. })));
    }

    #[test]
    fn parties() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default();
        let p = PartyIdentity::person(" 张三 ", Some("12011619900307123X"), today);
        assert_eq!(p.as_ref().map(PartyIdentity::name), Ok("张三"));
        assert!(matches!(p, Ok(PartyIdentity::Person { id: Some(_), .. })));
        let p = PartyIdentity::person("李四", Some(""), today);
        assert!(matches!(p, Ok(PartyIdentity::Person { id: None, .. })));
        let e = PartyIdentity::person("", Some("110105194912310021"), today).err().unwrap_or_default();
        assert_eq!(e.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(), ["id_number", "name"]);

        let o = PartyIdentity::organisation("华为技术有限公司", Some("914403001922038216"));
        assert!(matches!(o, Ok(PartyIdentity::Organisation { credit_code: Some(_), .. })));
        let o = PartyIdentity::organisation("Koninklijke Philips N.V.", None);
        assert_eq!(o.as_ref().map(PartyIdentity::name), Ok("Koninklijke Philips N.V."));
        let e = PartyIdentity::organisation("某公司", Some("91350100M000100Y44")).err().unwrap_or_default();
        assert_eq!(e.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(), ["credit_code"]);
    }
}
