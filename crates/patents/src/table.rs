//! Bibliographic tables (CSV / XLSX) with the Chinese column names of the usual exports (CNIPA 专利检索及分析, incoPat,
//! 智慧芽 and similar): 申请号, 公开(公告)号, 标题, 摘要, 申请人, 发明人, IPC分类号, 申请日, 公开日, 法律状态, 申请人地址 …
//! The full list of recognised headers (with English aliases) is [`COLUMNS`] and is documented in `docs/patents.md`.
//!
//! Rows are read one at a time (CSV with the `csv` crate; XLSX with calamine's cell reader, so the sheet is never
//! held as a whole), and each row becomes a [`Patent`] or an error naming its row number.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use zhibao_domain::patent::{
    Address, ApplicationNumber, Award, AwardKind, ClassSymbol, LegalStatus, Party, Patent, PatentType, Pledge,
    Priority, PublicationNumber,
};

/// A column of the table format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    /// 申请号.
    ApplicationNumber,
    /// 公开(公告)号.
    PublicationNumber,
    /// 标题 (Chinese or as given).
    Title,
    /// 英文标题.
    TitleEn,
    /// 摘要.
    Abstract,
    /// 英文摘要.
    AbstractEn,
    /// 权利要求.
    Claims,
    /// 说明书.
    Description,
    /// 申请人.
    Applicants,
    /// 申请人地址.
    ApplicantAddress,
    /// 专利权人.
    Assignees,
    /// 发明人.
    Inventors,
    /// IPC分类号 (all; the first is the main one).
    Ipc,
    /// 主分类号.
    MainIpc,
    /// CPC分类号.
    Cpc,
    /// 申请日.
    ApplicationDate,
    /// 公开(公告)日.
    PublicationDate,
    /// 授权日.
    GrantDate,
    /// 法律状态.
    LegalStatus,
    /// 专利类型.
    PatentType,
    /// 优先权.
    Priorities,
    /// 同族ID.
    FamilyId,
    /// 同族专利.
    FamilyMembers,
    /// 海外同族 (是/否).
    OverseasFamily,
    /// 代理机构.
    Agency,
    /// 质押金额 (元).
    PledgeYuan,
    /// 质押金额 (万元).
    PledgeWan,
    /// 质权人.
    Pledgee,
    /// 获奖.
    Awards,
    /// 维持年限.
    MaintenanceYears,
    /// 申请人省份.
    Province,
    /// 申请人城市.
    City,
    /// 申请人区县.
    District,
}

/// Recognised headers (after normalisation: full width folded, parentheses of either width, spaces removed, case
/// folded) and their columns.
pub const COLUMNS: &[(&str, Column)] = &[
    ("申请号", Column::ApplicationNumber),
    ("专利申请号", Column::ApplicationNumber),
    ("applicationnumber", Column::ApplicationNumber),
    ("an", Column::ApplicationNumber),
    ("公开(公告)号", Column::PublicationNumber),
    ("公开公告号", Column::PublicationNumber),
    ("公开号", Column::PublicationNumber),
    ("公告号", Column::PublicationNumber),
    ("授权公告号", Column::PublicationNumber),
    ("publicationnumber", Column::PublicationNumber),
    ("pn", Column::PublicationNumber),
    ("标题", Column::Title),
    ("名称", Column::Title),
    ("发明名称", Column::Title),
    ("专利名称", Column::Title),
    ("标题(中文)", Column::Title),
    ("title", Column::Title),
    ("标题(英文)", Column::TitleEn),
    ("英文标题", Column::TitleEn),
    ("英文名称", Column::TitleEn),
    ("摘要", Column::Abstract),
    ("摘要(中文)", Column::Abstract),
    ("abstract", Column::Abstract),
    ("摘要(英文)", Column::AbstractEn),
    ("英文摘要", Column::AbstractEn),
    ("权利要求", Column::Claims),
    ("权利要求书", Column::Claims),
    ("主权项", Column::Claims),
    ("claims", Column::Claims),
    ("说明书", Column::Description),
    ("description", Column::Description),
    ("申请人", Column::Applicants),
    ("申请(专利权)人", Column::Applicants),
    ("申请人名称", Column::Applicants),
    ("applicant", Column::Applicants),
    ("applicants", Column::Applicants),
    ("申请人地址", Column::ApplicantAddress),
    ("地址", Column::ApplicantAddress),
    ("address", Column::ApplicantAddress),
    ("专利权人", Column::Assignees),
    ("当前权利人", Column::Assignees),
    ("当前专利权人", Column::Assignees),
    ("assignee", Column::Assignees),
    ("发明人", Column::Inventors),
    ("设计人", Column::Inventors),
    ("发明(设计)人", Column::Inventors),
    ("inventor", Column::Inventors),
    ("inventors", Column::Inventors),
    ("ipc分类号", Column::Ipc),
    ("ipc", Column::Ipc),
    ("分类号", Column::Ipc),
    ("主分类号", Column::MainIpc),
    ("ipc主分类号", Column::MainIpc),
    ("cpc分类号", Column::Cpc),
    ("cpc", Column::Cpc),
    ("申请日", Column::ApplicationDate),
    ("applicationdate", Column::ApplicationDate),
    ("公开日", Column::PublicationDate),
    ("公开(公告)日", Column::PublicationDate),
    ("公开公告日", Column::PublicationDate),
    ("公告日", Column::PublicationDate),
    ("publicationdate", Column::PublicationDate),
    ("授权日", Column::GrantDate),
    ("授权公告日", Column::GrantDate),
    ("法律状态", Column::LegalStatus),
    ("当前法律状态", Column::LegalStatus),
    ("法律状态/事件", Column::LegalStatus),
    ("legalstatus", Column::LegalStatus),
    ("专利类型", Column::PatentType),
    ("类型", Column::PatentType),
    ("优先权", Column::Priorities),
    ("优先权号", Column::Priorities),
    ("同族id", Column::FamilyId),
    ("简单同族id", Column::FamilyId),
    ("familyid", Column::FamilyId),
    ("同族专利", Column::FamilyMembers),
    ("简单同族", Column::FamilyMembers),
    ("海外同族", Column::OverseasFamily),
    ("代理机构", Column::Agency),
    ("质押金额", Column::PledgeYuan),
    ("质押金额(元)", Column::PledgeYuan),
    ("质押金额(万元)", Column::PledgeWan),
    ("质权人", Column::Pledgee),
    ("获奖", Column::Awards),
    ("获奖情况", Column::Awards),
    ("维持年限", Column::MaintenanceYears),
    ("申请人省份", Column::Province),
    ("省份", Column::Province),
    ("申请人所在省", Column::Province),
    ("申请人城市", Column::City),
    ("城市", Column::City),
    ("申请人所在市", Column::City),
    ("申请人区县", Column::District),
    ("区县", Column::District),
];

fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Normalise a header cell for lookup.
pub fn normalize_header(h: &str) -> String {
    h.trim_start_matches('\u{feff}')
        .chars()
        .map(fold)
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The column layout of a table, from its header row.
#[derive(Debug, Clone)]
pub struct Layout {
    cols: Vec<Option<Column>>,
    /// Header cells that were not recognised (reported as a warning).
    pub unknown: Vec<String>,
}

impl Layout {
    /// Build from the header row; fails when no publication-number column is present.
    pub fn from_header(header: &[String]) -> Result<Layout, String> {
        let map: HashMap<&str, Column> = COLUMNS.iter().copied().collect();
        let mut cols = Vec::with_capacity(header.len());
        let mut unknown = Vec::new();
        for h in header {
            let c = map.get(normalize_header(h).as_str()).copied();
            if c.is_none() && !h.trim().is_empty() {
                unknown.push(h.trim().to_string());
            }
            cols.push(c);
        }
        if !cols.contains(&Some(Column::PublicationNumber)) {
            return Err(format!(
                "表头缺少“公开(公告)号”列 / the header has no publication-number column (公开(公告)号); header: {}",
                header.join(", ")
            ));
        }
        Ok(Layout { cols, unknown })
    }

    /// Turn one data row into a patent.
    pub fn row(&self, cells: &[String], source: &str) -> Result<Option<Patent>, String> {
        if cells.iter().all(|c| c.trim().is_empty()) {
            return Ok(None);
        }
        let mut m: HashMap<Column, &str> = HashMap::new();
        for (c, v) in self.cols.iter().zip(cells) {
            if let Some(c) = c {
                let v = v.trim();
                if !v.is_empty() {
                    m.entry(*c).or_insert(v);
                }
            }
        }
        row_to_patent(&m, source).map(Some)
    }
}

/// Split a multi-valued cell (`;`, `；`, `|`, line breaks, and `、` for names).
fn split_list(s: &str, extra: &[char]) -> Vec<String> {
    s.split(|c: char| matches!(c, ';' | '；' | '|' | '\n' | '\r') || extra.contains(&c))
        .map(|x| x.trim().to_string())
        .filter(|x| !x.is_empty())
        .collect()
}

/// Parse a date as exports write it: `2021-03-05`, `2021.03.05`, `2021/3/5`, `20210305`, `2021年3月5日`, or an Excel
/// serial day number (1900 system).
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let t: String = s.trim().chars().map(fold).collect();
    let t = t.split(' ').next().unwrap_or("").trim_end_matches("00:00:00").trim();
    let bad = || format!("无法识别的日期 “{s}” / unrecognised date");
    if let Ok(serial) = t.parse::<f64>() {
        if (1.0..80_000.0).contains(&serial) && !(t.len() == 8 && !t.contains('.')) {
            let base = NaiveDate::from_ymd_opt(1899, 12, 30).ok_or_else(bad)?;
            return base.checked_add_signed(Duration::days(serial.trunc() as i64)).ok_or_else(bad);
        }
    }
    let norm: String = t.replace(['年', '月', '.', '/'], "-").trim_end_matches('日').to_string();
    let parts: Vec<&str> = norm.split('-').filter(|x| !x.is_empty()).collect();
    let (y, m, d) = match parts.as_slice() {
        [ymd] if ymd.len() == 8 => (&ymd[..4], &ymd[4..6], &ymd[6..]),
        [y, m, d] => (*y, *m, *d),
        _ => return Err(bad()),
    };
    let y: i32 = y.parse().map_err(|_| bad())?;
    let m: u32 = m.parse().map_err(|_| bad())?;
    let d: u32 = d.parse().map_err(|_| bad())?;
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(bad)
}

fn row_to_patent(m: &HashMap<Column, &str>, source: &str) -> Result<Patent, String> {
    use Column as C;
    let pn_raw = m.get(&C::PublicationNumber).ok_or("缺少公开(公告)号 / missing publication number")?;
    let pn = PublicationNumber::parse(pn_raw, "CN").map_err(|e| format!("公开(公告)号: {e}"))?;
    let mut p = Patent::new(pn);
    p.source = Some(source.to_string());
    let mut errors: Vec<String> = Vec::new();
    if let Some(a) = m.get(&C::ApplicationNumber) {
        match ApplicationNumber::parse(a, &p.publication_number.country) {
            Ok(a) => p.application_number = Some(a),
            Err(e) => errors.push(format!("申请号: {e}")),
        }
    }
    let mut date = |c: Column, label: &str| -> Option<NaiveDate> {
        let v = m.get(&c)?;
        match parse_date(v) {
            Ok(d) => Some(d),
            Err(e) => {
                errors.push(format!("{label}: {e}"));
                None
            }
        }
    };
    p.application_date = date(C::ApplicationDate, "申请日");
    p.publication_date = date(C::PublicationDate, "公开日");
    p.grant_date = date(C::GrantDate, "授权日");
    let text = |c: Column| m.get(&c).map(|s| s.to_string()).unwrap_or_default();
    p.title.zh = text(C::Title);
    p.title.en = text(C::TitleEn);
    // A "title" column holding only Latin text is English.
    if !p.title.zh.is_empty()
        && p.title.en.is_empty()
        && !p.title.zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    {
        p.title.en = std::mem::take(&mut p.title.zh);
    }
    p.abstract_text.zh = text(C::Abstract);
    p.abstract_text.en = text(C::AbstractEn);
    if !p.abstract_text.zh.is_empty()
        && p.abstract_text.en.is_empty()
        && !p.abstract_text.zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    {
        p.abstract_text.en = std::mem::take(&mut p.abstract_text.zh);
    }
    if let Some(c) = m.get(&C::Claims) {
        p.claims.zh = c.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
    }
    p.description.zh = text(C::Description);
    p.language = Some(if p.title.zh.is_empty() && p.abstract_text.zh.is_empty() { "en" } else { "zh" }.into());
    // Parties and addresses.
    let names = m.get(&C::Applicants).map(|s| split_list(s, &['、'])).unwrap_or_default();
    let addrs = m.get(&C::ApplicantAddress).map(|s| split_list(s, &[])).unwrap_or_default();
    for (i, n) in names.into_iter().enumerate() {
        let address = addrs.get(i).map(|a| Address::parse_cn(a)).unwrap_or_default();
        p.applicants.push(Party { name: n, address });
    }
    if p.applicants.is_empty() && !addrs.is_empty() {
        errors.push("有申请人地址但没有申请人 / address without applicant".into());
    }
    if let Some(first) = p.applicants.first_mut() {
        for (c, slot) in [(C::Province, 0), (C::City, 1), (C::District, 2)] {
            if let Some(v) = m.get(&c) {
                let f = match slot {
                    0 => &mut first.address.province,
                    1 => &mut first.address.city,
                    _ => &mut first.address.district,
                };
                *f = v.to_string();
            }
        }
    }
    p.assignees = m
        .get(&C::Assignees)
        .map(|s| split_list(s, &['、']))
        .unwrap_or_default()
        .into_iter()
        .map(Party::named)
        .collect();
    p.inventors = m.get(&C::Inventors).map(|s| split_list(s, &['、'])).unwrap_or_default();
    p.agency = m.get(&C::Agency).map(|s| s.to_string());
    // Classification.
    let mut ipc_raw: Vec<String> = m.get(&C::MainIpc).map(|s| split_list(s, &[',', '，'])).unwrap_or_default();
    ipc_raw.extend(m.get(&C::Ipc).map(|s| split_list(s, &[',', '，'])).unwrap_or_default());
    for s in ipc_raw {
        match ClassSymbol::parse(&s) {
            Ok(c) if !p.ipc.contains(&c) => p.ipc.push(c),
            Ok(_) => {}
            Err(e) => errors.push(format!("IPC分类号: {e}")),
        }
    }
    for s in m.get(&C::Cpc).map(|s| split_list(s, &[',', '，'])).unwrap_or_default() {
        match ClassSymbol::parse(&s) {
            Ok(c) if !p.cpc.contains(&c) => p.cpc.push(c),
            Ok(_) => {}
            Err(e) => errors.push(format!("CPC分类号: {e}")),
        }
    }
    // Status and type.
    if let Some(s) = m.get(&C::LegalStatus) {
        p.legal_status = LegalStatus::classify(s);
        p.legal_status_text = Some(s.to_string());
    }
    p.patent_type = match m.get(&C::PatentType) {
        Some(t) => PatentType::from_label(t),
        None => PatentType::Unknown,
    };
    if p.patent_type == PatentType::Unknown {
        p.patent_type = PatentType::infer(p.application_number.as_ref(), &p.publication_number);
    }
    // Family, priorities.
    for s in m.get(&C::Priorities).map(|s| split_list(s, &[',', '，'])).unwrap_or_default() {
        // "CN201910123456 2019-05-06" or "US62/123,456"
        let mut it = s.split_whitespace();
        let num = it.next().unwrap_or("").to_string();
        let date = it.next().and_then(|d| parse_date(d).ok());
        let country = num.chars().take(2).filter(char::is_ascii_alphabetic).collect::<String>().to_ascii_uppercase();
        p.priorities.push(Priority { country, number: num, date });
    }
    p.family_id = m.get(&C::FamilyId).map(|s| s.to_string());
    p.family_members = m.get(&C::FamilyMembers).map(|s| split_list(s, &[',', '，', ' '])).unwrap_or_default();
    if let Some(o) = m.get(&C::OverseasFamily) {
        p.overseas_family = matches!(o.to_lowercase().as_str(), "是" | "有" | "y" | "yes" | "true" | "1");
    }
    p.derive_overseas_family();
    // Pledges, awards, maintenance.
    let amount = |c: Column, factor: f64, errors: &mut Vec<String>| -> Option<i64> {
        let v = m.get(&c)?;
        match v.replace([',', '，'], "").parse::<f64>() {
            Ok(x) if x >= 0.0 => Some((x * factor).round() as i64),
            _ => {
                errors.push(format!("质押金额: “{v}” 不是数字 / not a number"));
                None
            }
        }
    };
    let yuan = amount(C::PledgeYuan, 1.0, &mut errors).or(amount(C::PledgeWan, 10_000.0, &mut errors));
    if yuan.is_some() || m.contains_key(&C::Pledgee) {
        p.pledges.push(Pledge {
            pledgor: p.owners().first().map(|a| a.name.clone()).unwrap_or_default(),
            pledgee: text(C::Pledgee),
            amount_yuan: yuan,
            registered_on: None,
            released_on: None,
        });
    }
    for a in m.get(&C::Awards).map(|s| split_list(s, &[])).unwrap_or_default() {
        let year = a.char_indices().find_map(|(i, _)| {
            a.get(i..i + 4).and_then(|y| y.parse::<i32>().ok()).filter(|y| (1985..=2100).contains(y))
        });
        let grade = ["金奖", "银奖", "优秀奖", "特等奖", "一等奖", "二等奖", "三等奖"]
            .iter()
            .find(|g| a.contains(**g))
            .map(|g| g.to_string())
            .unwrap_or_default();
        p.awards.push(Award { kind: AwardKind::of_name(&a), name: a, grade, year });
    }
    if let Some(y) = m.get(&C::MaintenanceYears) {
        match y.trim_end_matches('年').parse::<u16>() {
            Ok(v) => p.maintenance_years = Some(v),
            Err(_) => errors.push(format!("维持年限: “{y}” 不是整数 / not an integer")),
        }
    }
    if p.title.is_empty() {
        errors.push("缺少标题 / missing title".into());
    }
    if errors.is_empty() {
        Ok(p)
    } else {
        Err(errors.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_exported() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap_or_default();
        for (s, want) in [
            ("2021-03-05", d(2021, 3, 5)),
            ("2021.03.05", d(2021, 3, 5)),
            ("2021/3/5", d(2021, 3, 5)),
            ("20210305", d(2021, 3, 5)),
            ("2021年3月5日", d(2021, 3, 5)),
            ("2021-03-05 00:00:00", d(2021, 3, 5)),
            ("44260", d(2021, 3, 5)),
        ] {
            assert_eq!(parse_date(s), Ok(want), "{s}");
        }
        assert!(parse_date("2021-02-30").is_err());
        assert!(parse_date("soon").is_err());
    }

    #[test]
    fn headers_in_either_width() {
        let h: Vec<String> = ["公开（公告）号", " 申请号", "IPC分类号", "备注"].iter().map(|s| s.to_string()).collect();
        let l = Layout::from_header(&h).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(l.unknown, vec!["备注"]);
        assert!(Layout::from_header(&["申请号".to_string()]).is_err());
    }
}
