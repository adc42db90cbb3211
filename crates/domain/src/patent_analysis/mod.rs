//! Patent analytics (专利分析), the high-value invention patent indicator (高价值发明专利), patent-intensive
//! industries (专利密集型产业), watch lists (专利预警) and similar-patent ranking (相似专利). Pure: no IO, no
//! async; the clock is passed in where "today" matters.
//!
//! Everything works on [`PatentFacts`], a flat view of one patent carrying only what the analyses read. The patent
//! data model proper (`domain::patent`, built separately) converts into it; keeping the analysis on its own view
//! means the rules here do not change when the stored model grows.
//!
//! Modules: [`normalize`] (applicant names), [`ipc`] (IPC symbols and their levels), [`aggregate`] (counts by
//! year, applicant, IPC, region, legal status; applicant × IPC matrix; top inventors), [`csv`] (a small RFC 4180
//! reader for user-supplied tables), [`industry`] (IPC → industry concordance tables), [`high_value`] (the five
//! criteria, counts, per-10,000-population), [`watch`] (watch-list rules and alerts), [`similar`] (more-like-this
//! scoring with an IPC-overlap boost).

pub mod aggregate;
pub mod csv;
pub mod high_value;
pub mod industry;
pub mod ipc;
pub mod normalize;
pub mod similar;
pub mod watch;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The type of a Chinese patent right (专利类型).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PatentKind {
    /// 发明专利.
    Invention,
    /// 实用新型.
    UtilityModel,
    /// 外观设计.
    Design,
    /// Not known (never counted as an invention).
    Unknown,
}

/// One pledge (质押) recorded against a patent, amount in yuan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pledge {
    /// Secured amount in yuan (质押金额, 元).
    pub amount_yuan: i64,
    /// Registration date of the pledge, when known.
    pub registered_on: Option<NaiveDate>,
}

/// An award won by a patent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AwardKind {
    /// A national science and technology award (国家科学技术奖: 自然科学奖, 技术发明奖, 科技进步奖 …).
    NationalScienceTechnology,
    /// 中国专利奖 (金奖, 银奖, 优秀奖) awarded by CNIPA and WIPO.
    ChinaPatentAward,
    /// Any other award (provincial, municipal); does not count towards the high-value criteria.
    Other,
}

/// The flat view of one patent that the analyses read (分析视图).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatentFacts {
    /// Stable identifier in the store.
    pub id: i64,
    /// Application number as stored (申请号).
    pub application_no: String,
    /// Publication number (公开(公告)号), when any.
    pub publication_no: Option<String>,
    /// Patent type.
    pub kind: PatentKind,
    /// Title in the first available language.
    pub title: String,
    /// Abstract in the first available language.
    pub abstract_text: String,
    /// Application date (申请日).
    pub application_date: Option<NaiveDate>,
    /// Grant date (授权日), when granted.
    pub grant_date: Option<NaiveDate>,
    /// Applicants / assignees in the order given (申请人 / 专利权人).
    pub applicants: Vec<String>,
    /// Inventors (发明人).
    pub inventors: Vec<String>,
    /// IPC symbols, main classification first (IPC分类号).
    pub ipc: Vec<String>,
    /// Province of the first applicant's address (省).
    pub province: Option<String>,
    /// City (市).
    pub city: Option<String>,
    /// District (区/县).
    pub district: Option<String>,
    /// Legal status category (法律状态), WIPO ST.27-style, as a stable lower-case code, e.g. `granted`, `pending`,
    /// `lapsed`, `revoked`, `expired`, `withdrawn`, `rejected`.
    pub legal_status: String,
    /// Whether the right is in force (有效专利).
    pub in_force: bool,
    /// Whether a family member was filed abroad (海外同族).
    pub overseas_family: bool,
    /// Years the right has been maintained (维持年限), when known. When absent it is computed from the grant date
    /// or application date by [`high_value`].
    pub maintenance_years: Option<u32>,
    /// Pledges recorded.
    pub pledges: Vec<Pledge>,
    /// Awards won.
    pub awards: Vec<AwardKind>,
}

impl PatentFacts {
    /// A blank invention patent with the given id and title, for tests and builders.
    pub fn blank(id: i64, title: &str) -> Self {
        Self {
            id,
            application_no: format!("CN{id:012}"),
            publication_no: None,
            kind: PatentKind::Invention,
            title: title.to_string(),
            abstract_text: String::new(),
            application_date: None,
            grant_date: None,
            applicants: Vec::new(),
            inventors: Vec::new(),
            ipc: Vec::new(),
            province: None,
            city: None,
            district: None,
            legal_status: "granted".into(),
            in_force: true,
            overseas_family: false,
            maintenance_years: None,
            pledges: Vec::new(),
            awards: Vec::new(),
        }
    }
}

impl PatentFacts {
    /// The analysis view of a stored patent (`domain::patent::Patent`). A patent is in force when its legal status
    /// is granted; the region is the first owner's address; provincial awards become [`AwardKind::Other`].
    pub fn from_patent(id: i64, p: &crate::patent::Patent) -> Self {
        use crate::patent::{AwardKind as A, LegalStatus, PatentType};
        let kind = match p.patent_type {
            PatentType::UtilityModel => PatentKind::UtilityModel,
            PatentType::Design => PatentKind::Design,
            PatentType::Invention => PatentKind::Invention,
            PatentType::Unknown => PatentKind::Unknown,
        };
        let address = p.first_address().cloned().unwrap_or_default();
        let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        Self {
            id,
            application_no: p.application_number.as_ref().map(|a| a.to_string()).unwrap_or_default(),
            publication_no: Some(p.publication_number.to_string()),
            kind,
            title: p.title.best().to_string(),
            abstract_text: p.abstract_text.joined(),
            application_date: p.application_date,
            grant_date: p.grant_date,
            applicants: p.owners().iter().map(|o| o.name.clone()).collect(),
            inventors: p.inventors.clone(),
            ipc: p.ipc.iter().map(|c| c.to_string()).collect(),
            province: opt(&address.province),
            city: opt(&address.city),
            district: opt(&address.district),
            legal_status: p.legal_status.key().to_string(),
            in_force: p.legal_status == LegalStatus::Granted,
            overseas_family: p.overseas_family,
            maintenance_years: p.maintenance_years.map(u32::from),
            // A released pledge still financed: every recorded pledge counts.
            pledges: p
                .pledges
                .iter()
                .map(|x| Pledge { amount_yuan: x.amount_yuan.unwrap_or(0), registered_on: x.registered_on })
                .collect(),
            awards: p
                .awards
                .iter()
                .map(|a| match a.kind {
                    A::ChinaPatentAward => AwardKind::ChinaPatentAward,
                    A::NationalScienceTech => AwardKind::NationalScienceTechnology,
                    A::Provincial | A::Other => AwardKind::Other,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patent::{
        Address, Award, AwardKind as A, LegalStatus, Party, Patent, PatentType, PublicationNumber, Texts,
    };

    #[test]
    fn from_patent_keeps_what_the_analyses_read() {
        let pn = PublicationNumber::parse("CN112345678A", "CN").unwrap_or_else(|e| panic!("{e}"));
        let mut p = Patent::new(pn);
        p.patent_type = PatentType::Invention;
        p.title = Texts::zh("一种电池");
        p.legal_status = LegalStatus::Granted;
        let mut a = Party::named("天津某某科技有限公司");
        a.address = Address::parse_cn("天津市滨海新区开发区第三大街1号");
        p.applicants = vec![a];
        p.awards = vec![Award { name: "中国专利奖".into(), kind: A::ChinaPatentAward, ..Award::default() }];
        p.maintenance_years = Some(12);
        let f = PatentFacts::from_patent(7, &p);
        assert_eq!((f.id, f.kind, f.in_force), (7, PatentKind::Invention, true));
        assert_eq!(f.title, "一种电池");
        assert_eq!(f.district.as_deref(), Some("滨海新区"));
        assert_eq!(f.awards, vec![AwardKind::ChinaPatentAward]);
        assert_eq!(f.maintenance_years, Some(12));
        p.patent_type = PatentType::Unknown;
        p.legal_status = LegalStatus::Pending;
        let f = PatentFacts::from_patent(7, &p);
        assert_eq!((f.kind, f.in_force), (PatentKind::Unknown, false));
    }
}
