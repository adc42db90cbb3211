//! The patent data model (专利数据模型) shared by import, storage, search and analytics.
//!
//! A [`Patent`] is one published document (one publication number: an application publication `…A` and the later
//! grant `…B` are two documents of one application). Its JSON form (serde) is the JSON Lines import format and the
//! stored form; numbers and classification symbols serialise as their canonical strings.
//!
//! Modules: [`number`] (application / publication numbers, CN check digit), [`class`] (IPC / CPC symbols),
//! [`address`] (Chinese addresses → province / city / district).

pub mod address;
pub mod class;
pub mod number;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

pub use address::Address;
pub use class::{ClassError, ClassSymbol};
pub use number::{cn_check_digit, ApplicationNumber, CnApplicationType, NumberError, PublicationNumber};

/// Type of protection (专利类型).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PatentType {
    /// 发明.
    Invention,
    /// 实用新型.
    UtilityModel,
    /// 外观设计.
    Design,
    /// Not known.
    #[default]
    Unknown,
}

impl PatentType {
    /// Stable key (`invention`, `utility_model`, `design`, `unknown`).
    pub fn key(self) -> &'static str {
        match self {
            PatentType::Invention => "invention",
            PatentType::UtilityModel => "utility_model",
            PatentType::Design => "design",
            PatentType::Unknown => "unknown",
        }
    }
    /// From a key or a Chinese / English label (`发明`, `发明专利`, `实用新型`, `外观设计`, `utility`).
    pub fn from_label(s: &str) -> PatentType {
        let t = s.trim().to_lowercase();
        if t.contains("发明") || t == "invention" || t == "utility patent" {
            PatentType::Invention
        } else if t.contains("实用新型") || t.starts_with("utility_model") || t == "utility model" {
            PatentType::UtilityModel
        } else if t.contains("外观") || t == "design" {
            PatentType::Design
        } else {
            PatentType::Unknown
        }
    }
    /// Infer from numbers: the CN application number's type digit, else the CN / US kind code.
    pub fn infer(an: Option<&ApplicationNumber>, pn: &PublicationNumber) -> PatentType {
        if let Some(t) = an.and_then(ApplicationNumber::cn_type) {
            return match t {
                CnApplicationType::Invention => PatentType::Invention,
                CnApplicationType::UtilityModel => PatentType::UtilityModel,
                CnApplicationType::Design => PatentType::Design,
            };
        }
        let k = pn.kind.as_deref().unwrap_or("");
        match (pn.country.as_str(), k) {
            ("CN", "A" | "B" | "C") => PatentType::Invention,
            ("CN", "U" | "Y") => PatentType::UtilityModel,
            ("CN", "S") => PatentType::Design,
            ("US", "S") => PatentType::Design,
            ("US", _) if pn.number.starts_with('D') => PatentType::Design,
            (_, k) if !k.is_empty() => PatentType::Invention,
            _ => PatentType::Unknown,
        }
    }
}

/// Legal status category, after WIPO ST.27's grouping of legal events (ST.27 categories: application filed and
/// published → [`Pending`](LegalStatus::Pending); IP right granted → [`Granted`](LegalStatus::Granted); the
/// termination categories split by cause). The raw status text of the source is kept in
/// [`Patent::legal_status_text`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegalStatus {
    /// 审中: filed, published, under substantive examination (实质审查).
    Pending,
    /// 有效 / 授权: granted and in force.
    Granted,
    /// 失效（未缴年费）: terminated for non-payment of annual fees.
    Lapsed,
    /// 期限届满: full term expired.
    Expired,
    /// 撤回 / 视为撤回: application withdrawn or deemed withdrawn.
    Withdrawn,
    /// 驳回: application refused.
    Rejected,
    /// 无效宣告（全部无效）: revoked.
    Revoked,
    /// 放弃: right surrendered / abandoned.
    Abandoned,
    /// Not known.
    #[default]
    Unknown,
}

impl LegalStatus {
    /// All categories.
    pub const ALL: [LegalStatus; 9] = [
        LegalStatus::Pending,
        LegalStatus::Granted,
        LegalStatus::Lapsed,
        LegalStatus::Expired,
        LegalStatus::Withdrawn,
        LegalStatus::Rejected,
        LegalStatus::Revoked,
        LegalStatus::Abandoned,
        LegalStatus::Unknown,
    ];
    /// Stable key (serde name).
    pub fn key(self) -> &'static str {
        match self {
            LegalStatus::Pending => "pending",
            LegalStatus::Granted => "granted",
            LegalStatus::Lapsed => "lapsed",
            LegalStatus::Expired => "expired",
            LegalStatus::Withdrawn => "withdrawn",
            LegalStatus::Rejected => "rejected",
            LegalStatus::Revoked => "revoked",
            LegalStatus::Abandoned => "abandoned",
            LegalStatus::Unknown => "unknown",
        }
    }
    /// Parse a key.
    pub fn from_key(s: &str) -> Option<LegalStatus> {
        Self::ALL.into_iter().find(|l| l.key() == s)
    }
    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            LegalStatus::Pending => "审中",
            LegalStatus::Granted => "有效",
            LegalStatus::Lapsed => "未缴年费失效",
            LegalStatus::Expired => "期限届满",
            LegalStatus::Withdrawn => "撤回",
            LegalStatus::Rejected => "驳回",
            LegalStatus::Revoked => "无效宣告",
            LegalStatus::Abandoned => "放弃",
            LegalStatus::Unknown => "未知",
        }
    }
    /// Classify the status text of a Chinese or English export (`有效`, `授权`, `实质审查`, `公开`, `未缴年费`, `专利权的
    /// 终止`, `期限届满`, `视为撤回`, `驳回`, `全部无效`, `放弃`, `Active`, `Expired - Fee Related`, …). Multi-valued
    /// exports (`有效;授权`) take the first recognised part.
    pub fn classify(text: &str) -> LegalStatus {
        for part in text.split([';', '；', ',', '，', '/', '|']) {
            let s = part.trim().to_lowercase();
            if s.is_empty() {
                continue;
            }
            let l = if s.contains("届满") || s.contains("expired - lifetime") || s == "expired" {
                LegalStatus::Expired
            } else if s.contains("年费") || s.contains("fee related") || s.contains("lapse") || s.contains("终止") {
                LegalStatus::Lapsed
            } else if s.contains("撤回") || s.contains("withdraw") {
                LegalStatus::Withdrawn
            } else if s.contains("驳回") || s.contains("reject") || s.contains("refus") {
                LegalStatus::Rejected
            } else if s.contains("全部无效") || s.contains("无效宣告") || s.contains("revoked") {
                LegalStatus::Revoked
            } else if s.contains("放弃") || s.contains("abandon") {
                LegalStatus::Abandoned
            } else if s.contains("有效")
                || s.contains("授权")
                || s == "active"
                || s.contains("granted")
                || s.contains("in force")
            {
                LegalStatus::Granted
            } else if s.contains("审")
                || s.contains("公开")
                || s.contains("pending")
                || s.contains("published")
                || s.contains("申请")
            {
                LegalStatus::Pending
            } else if s.contains("失效") || s.contains("inactive") {
                LegalStatus::Lapsed
            } else {
                continue;
            };
            return l;
        }
        LegalStatus::Unknown
    }
}

/// Kind of party by its name — useful for analytics (企业 / 高校 / 科研院所 / 个人).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    /// 企业.
    Company,
    /// 高校.
    University,
    /// 科研院所.
    Institute,
    /// 机关团体 / other organisation.
    Organisation,
    /// 个人.
    Individual,
}

impl PartyKind {
    /// Guess from a name.
    pub fn of_name(name: &str) -> PartyKind {
        let n = name.to_lowercase();
        if n.contains("大学") || n.contains("university") {
            PartyKind::University
        } else if ["科学院", "研究院", "研究所", "研究中心", "实验室", "institute", "laboratory", "academy"]
            .iter()
            .any(|k| n.contains(k))
        {
            PartyKind::Institute
        } else if ["学院", "学校", "college", "school"].iter().any(|k| n.contains(k)) {
            PartyKind::University
        } else if ["公司", "厂", "集团", "企业", "inc", "corp", "ltd", "llc", "gmbh", "co.", "company", "ag", "s.a."]
            .iter()
            .any(|k| n.contains(k))
        {
            PartyKind::Company
        } else if ["医院", "中心", "局", "委员会", "协会", "hospital", "office", "agency"].iter().any(|k| n.contains(k))
        {
            PartyKind::Organisation
        } else {
            PartyKind::Individual
        }
    }
}

/// An applicant (申请人) or assignee / patentee (专利权人).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Party {
    /// Name as written.
    pub name: String,
    /// Address, split into administrative levels where recognised.
    #[serde(skip_serializing_if = "is_default_address")]
    pub address: Address,
}

fn is_default_address(a: &Address) -> bool {
    *a == Address::default()
}

impl Party {
    /// A party with a name only.
    pub fn named(name: impl Into<String>) -> Party {
        Party { name: name.into(), address: Address::default() }
    }
    /// Kind guessed from the name.
    pub fn kind(&self) -> PartyKind {
        PartyKind::of_name(&self.name)
    }
}

/// A priority claim (优先权).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Priority {
    /// Office of the earlier application.
    pub country: String,
    /// Its number as given.
    pub number: String,
    /// Its filing date.
    pub date: Option<NaiveDate>,
}

/// Who cited a document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CitedBy {
    /// Cited by the examiner (审查员引用).
    Examiner,
    /// Cited by the applicant (申请人引用).
    Applicant,
    /// Cited by a third party.
    ThirdParty,
    /// Not stated.
    #[default]
    Unknown,
}

/// A cited document (引证文献): a patent (number) or non-patent literature (text).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Citation {
    /// Patent number as canonical publication number when it parses, else as written; empty for literature.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub number: String,
    /// Date of the cited document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// Non-patent literature citation text.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// Who cited it.
    pub cited_by: CitedBy,
}

/// A pledge registration (专利权质押登记).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Pledge {
    /// 出质人.
    pub pledgor: String,
    /// 质权人 (usually a bank).
    pub pledgee: String,
    /// Secured amount in yuan (质押金额, 元), when known.
    pub amount_yuan: Option<i64>,
    /// Registration date.
    pub registered_on: Option<NaiveDate>,
    /// Release date (解除), if released.
    pub released_on: Option<NaiveDate>,
}

/// Kind of award.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AwardKind {
    /// 中国专利奖 (金奖 / 银奖 / 优秀奖).
    ChinaPatentAward,
    /// 国家科学技术奖 (国家自然科学奖 / 技术发明奖 / 科技进步奖).
    NationalScienceTech,
    /// Provincial / municipal award (e.g. 天津市专利奖).
    Provincial,
    /// Other.
    #[default]
    Other,
}

/// An award the patent received (获奖).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Award {
    /// Name as written (`第二十四届中国专利奖金奖`).
    pub name: String,
    /// Kind.
    pub kind: AwardKind,
    /// Grade (`金奖`, `银奖`, `优秀奖`, `一等奖`…).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub grade: String,
    /// Year.
    pub year: Option<i32>,
}

impl AwardKind {
    /// Classify an award name.
    pub fn of_name(name: &str) -> AwardKind {
        if name.contains("中国专利奖") || name.contains("China Patent Award") {
            AwardKind::ChinaPatentAward
        } else if name.contains("国家") && (name.contains("科学") || name.contains("技术") || name.contains("科技"))
        {
            AwardKind::NationalScienceTech
        } else if ["省", "市", "自治区"].iter().any(|k| name.contains(k)) {
            AwardKind::Provincial
        } else {
            AwardKind::Other
        }
    }
}

/// Text in Chinese and / or English (empty = absent).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Texts {
    /// Chinese.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub zh: String,
    /// English.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub en: String,
}

impl Texts {
    /// Chinese text only.
    pub fn zh(s: impl Into<String>) -> Texts {
        Texts { zh: s.into(), en: String::new() }
    }
    /// English text only.
    pub fn en(s: impl Into<String>) -> Texts {
        Texts { zh: String::new(), en: s.into() }
    }
    /// Chinese if present, else English.
    pub fn best(&self) -> &str {
        if self.zh.is_empty() {
            &self.en
        } else {
            &self.zh
        }
    }
    /// Both, Chinese first, separated by a line break (a paragraph boundary for search).
    pub fn joined(&self) -> String {
        match (self.zh.is_empty(), self.en.is_empty()) {
            (false, false) => format!("{}\n{}", self.zh, self.en),
            (false, true) => self.zh.clone(),
            _ => self.en.clone(),
        }
    }
    /// True when both are empty.
    pub fn is_empty(&self) -> bool {
        self.zh.is_empty() && self.en.is_empty()
    }
}

/// Claims in Chinese and / or English, one entry per claim.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClaimTexts {
    /// Chinese claims.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub zh: Vec<String>,
    /// English claims.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub en: Vec<String>,
}

impl ClaimTexts {
    /// All claims, Chinese first.
    pub fn all(&self) -> impl Iterator<Item = &String> {
        self.zh.iter().chain(self.en.iter())
    }
}

/// One patent document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Patent {
    /// Publication number with kind code — the key: importing the same number again updates the document.
    pub publication_number: PublicationNumber,
    /// Application number.
    #[serde(default)]
    pub application_number: Option<ApplicationNumber>,
    /// 专利类型.
    #[serde(default)]
    pub patent_type: PatentType,
    /// 申请日.
    #[serde(default)]
    pub application_date: Option<NaiveDate>,
    /// 公开（公告）日.
    #[serde(default)]
    pub publication_date: Option<NaiveDate>,
    /// 授权日 (grant date; for a grant document the publication date).
    #[serde(default)]
    pub grant_date: Option<NaiveDate>,
    /// 标题.
    #[serde(default)]
    pub title: Texts,
    /// 摘要.
    #[serde(default, rename = "abstract")]
    pub abstract_text: Texts,
    /// 权利要求书.
    #[serde(default)]
    pub claims: ClaimTexts,
    /// 说明书 (paragraphs separated by `\n`).
    #[serde(default)]
    pub description: Texts,
    /// 申请人.
    #[serde(default)]
    pub applicants: Vec<Party>,
    /// 专利权人 / assignees (after grant or transfer; may equal the applicants).
    #[serde(default)]
    pub assignees: Vec<Party>,
    /// 发明人.
    #[serde(default)]
    pub inventors: Vec<String>,
    /// 代理机构.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    /// IPC symbols, main classification first.
    #[serde(default)]
    pub ipc: Vec<ClassSymbol>,
    /// CPC symbols.
    #[serde(default)]
    pub cpc: Vec<ClassSymbol>,
    /// 优先权.
    #[serde(default)]
    pub priorities: Vec<Priority>,
    /// 同族 id (e.g. a DOCDB simple family id), when the source gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_id: Option<String>,
    /// Publication numbers of family members, when given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub family_members: Vec<String>,
    /// 海外同族: the family has a member filed outside China (set by the source or derived from
    /// [`Patent::family_members`] / priorities by [`Patent::derive_overseas_family`]).
    #[serde(default)]
    pub overseas_family: bool,
    /// Legal status category.
    #[serde(default)]
    pub legal_status: LegalStatus,
    /// Legal status as written by the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_status_text: Option<String>,
    /// 引证文献.
    #[serde(default)]
    pub citations: Vec<Citation>,
    /// 质押.
    #[serde(default)]
    pub pledges: Vec<Pledge>,
    /// 维持年限 (years the right has been kept alive), when the source states it; see
    /// [`Patent::maintenance_years_at`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maintenance_years: Option<u16>,
    /// 获奖.
    #[serde(default)]
    pub awards: Vec<Award>,
    /// Language of the original text (`zh`, `en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Where the record came from (`uspto-xml`, `csv`, `xlsx`, `jsonl`, `synthetic`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl Patent {
    /// An empty document with just its number.
    pub fn new(publication_number: PublicationNumber) -> Patent {
        Patent {
            publication_number,
            application_number: None,
            patent_type: PatentType::Unknown,
            application_date: None,
            publication_date: None,
            grant_date: None,
            title: Texts::default(),
            abstract_text: Texts::default(),
            claims: ClaimTexts::default(),
            description: Texts::default(),
            applicants: Vec::new(),
            assignees: Vec::new(),
            inventors: Vec::new(),
            agency: None,
            ipc: Vec::new(),
            cpc: Vec::new(),
            priorities: Vec::new(),
            family_id: None,
            family_members: Vec::new(),
            overseas_family: false,
            legal_status: LegalStatus::Unknown,
            legal_status_text: None,
            citations: Vec::new(),
            pledges: Vec::new(),
            maintenance_years: None,
            awards: Vec::new(),
            language: None,
            source: None,
        }
    }

    /// The key: canonical publication number.
    pub fn key(&self) -> String {
        self.publication_number.to_string()
    }

    /// Main IPC symbol (the first).
    pub fn main_ipc(&self) -> Option<&ClassSymbol> {
        self.ipc.first()
    }

    /// Applicants, or the assignees when no applicant is given.
    pub fn owners(&self) -> &[Party] {
        if self.applicants.is_empty() {
            &self.assignees
        } else {
            &self.applicants
        }
    }

    /// Address of the first owner that has one.
    pub fn first_address(&self) -> Option<&Address> {
        self.owners().iter().map(|p| &p.address).find(|a| **a != Address::default())
    }

    /// Set [`Patent::overseas_family`] when a family member or priority is from an office other than CN (for a
    /// CN document) — leaves an explicit `true` alone.
    pub fn derive_overseas_family(&mut self) {
        if self.overseas_family || self.publication_number.country != "CN" {
            return;
        }
        let foreign = |c: &str| !c.is_empty() && c != "CN";
        self.overseas_family =
            self.family_members.iter().any(|m| m.len() >= 2 && foreign(&m[..2].to_ascii_uppercase()))
                || self.priorities.iter().any(|p| foreign(&p.country));
    }

    /// Years the right has been maintained as of `today`: the stated [`Patent::maintenance_years`], else for a
    /// granted, in-force patent the whole years since the application date (annual fees run from filing).
    pub fn maintenance_years_at(&self, today: NaiveDate) -> Option<u16> {
        if self.maintenance_years.is_some() {
            return self.maintenance_years;
        }
        if self.legal_status != LegalStatus::Granted {
            return None;
        }
        let ad = self.application_date?;
        let mut years = today.year() - ad.year();
        if (today.month(), today.day()) < (ad.month(), ad.day()) {
            years -= 1;
        }
        u16::try_from(years.max(0)).ok()
    }

    /// The largest pledge amount in yuan.
    pub fn max_pledge_yuan(&self) -> Option<i64> {
        self.pledges.iter().filter_map(|p| p.amount_yuan).max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pn(s: &str) -> PublicationNumber {
        PublicationNumber::parse(s, "CN").unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn legal_status_classification() {
        use LegalStatus::*;
        for (t, l) in [
            ("有效", Granted),
            ("授权", Granted),
            ("实质审查", Pending),
            ("公开", Pending),
            ("未缴年费", Lapsed),
            ("专利权的终止", Lapsed),
            ("期限届满", Expired),
            ("视为撤回", Withdrawn),
            ("驳回", Rejected),
            ("全部无效", Revoked),
            ("放弃", Abandoned),
            ("失效", Lapsed),
            ("Active", Granted),
            ("Expired - Fee Related", Lapsed),
            ("Expired - Lifetime", Expired),
            ("；有效；授权", Granted),
            ("???", Unknown),
        ] {
            assert_eq!(LegalStatus::classify(t), l, "{t}");
        }
        for l in LegalStatus::ALL {
            assert_eq!(LegalStatus::from_key(l.key()), Some(l));
        }
    }

    #[test]
    fn types_and_parties() {
        let an = ApplicationNumber::parse("202120123456", "CN").ok();
        assert_eq!(PatentType::infer(an.as_ref(), &pn("CN212345678U")), PatentType::UtilityModel);
        assert_eq!(PatentType::infer(None, &pn("CN112345678A")), PatentType::Invention);
        assert_eq!(PatentType::infer(None, &pn("USD654321S")), PatentType::Design);
        assert_eq!(PatentType::from_label("实用新型"), PatentType::UtilityModel);
        assert_eq!(PartyKind::of_name("天津大学"), PartyKind::University);
        assert_eq!(PartyKind::of_name("天津力神电池股份有限公司"), PartyKind::Company);
        assert_eq!(PartyKind::of_name("中国科学院天津工业生物技术研究所"), PartyKind::Institute);
        assert_eq!(PartyKind::of_name("张三"), PartyKind::Individual);
        assert_eq!(AwardKind::of_name("第二十三届中国专利奖金奖"), AwardKind::ChinaPatentAward);
        assert_eq!(AwardKind::of_name("国家技术发明奖二等奖"), AwardKind::NationalScienceTech);
        assert_eq!(AwardKind::of_name("天津市专利奖"), AwardKind::Provincial);
    }

    #[test]
    fn json_round_trip_and_derived_values() {
        let mut p = Patent::new(pn("CN112345678B"));
        p.application_number = ApplicationNumber::parse("CN201910123456", "CN").ok();
        p.application_date = NaiveDate::from_ymd_opt(2012, 3, 5);
        p.legal_status = LegalStatus::Granted;
        p.ipc = vec![ClassSymbol::parse("H01M 10/0525").unwrap_or_else(|e| panic!("{e}"))];
        p.title = Texts::zh("一种锂电池隔膜");
        p.priorities = vec![Priority { country: "US".into(), number: "62/123456".into(), date: None }];
        p.pledges = vec![
            Pledge { amount_yuan: Some(5_000_000), ..Default::default() },
            Pledge { amount_yuan: Some(20_000_000), ..Default::default() },
        ];
        p.derive_overseas_family();
        assert!(p.overseas_family);
        assert_eq!(p.max_pledge_yuan(), Some(20_000_000));
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap_or_default();
        assert_eq!(p.maintenance_years_at(d(2022, 3, 4)), Some(9));
        assert_eq!(p.maintenance_years_at(d(2022, 3, 5)), Some(10));
        let j = serde_json::to_string(&p).unwrap_or_default();
        assert!(j.contains("\"publication_number\":\"CN112345678B\""), "{j}");
        assert!(j.contains("\"ipc\":[\"H01M10/0525\"]"), "{j}");
        let back: Patent = serde_json::from_str(&j).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, p);
        // Minimal JSON with lenient numbers.
        let m: Patent =
            serde_json::from_str(r#"{"publication_number":"CN 112345678 A","application_number":"201910123456"}"#)
                .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(m.key(), "CN112345678A");
        assert_eq!(m.application_number.map(|a| a.to_string()).as_deref(), Some("CN201910123456.X"));
    }
}
