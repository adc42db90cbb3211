//! Market entities (市场主体) of the grid registry: validation of what a form or an Excel row gives.
//!
//! - 统一社会信用代码: GB 32100-2015 (both check characters), via [`CreditCode`].
//! - 行业: 国民经济行业分类 GB/T 4754-2017 — a section letter (门类 A–T) optionally followed by the division (大类,
//!   2 digits), group (中类, 3) or class (小类, 4) number, e.g. `C`, `C27`, `C271`, `C2710`. The division must belong
//!   to the section (e.g. 27 医药制造业 is in C 制造业), per the standard's division ranges ([`SECTIONS`]).
//!   Digits alone (`2710`) are accepted and the section letter is added.
//! - Coordinates: WGS84 longitude/latitude, both or neither; swapped ones are named as such.
//! - Tags: values of the dictionary `grid_entity_tag` (白名单, 示范企业, 重点监管 …), passed in by the caller.
//! - Risk level: `low` / `medium` / `high` (低 / 中 / 高).

use crate::case::ids::CreditCode;
use crate::validate::FieldErrors;

/// GB/T 4754-2017 sections (门类) with their divisions (大类) as an inclusive range and the zh-CN name.
pub const SECTIONS: &[(char, u8, u8, &str)] = &[
    ('A', 1, 5, "农、林、牧、渔业"),
    ('B', 6, 12, "采矿业"),
    ('C', 13, 43, "制造业"),
    ('D', 44, 46, "电力、热力、燃气及水生产和供应业"),
    ('E', 47, 50, "建筑业"),
    ('F', 51, 52, "批发和零售业"),
    ('G', 53, 60, "交通运输、仓储和邮政业"),
    ('H', 61, 62, "住宿和餐饮业"),
    ('I', 63, 65, "信息传输、软件和信息技术服务业"),
    ('J', 66, 69, "金融业"),
    ('K', 70, 70, "房地产业"),
    ('L', 71, 72, "租赁和商务服务业"),
    ('M', 73, 75, "科学研究和技术服务业"),
    ('N', 76, 79, "水利、环境和公共设施管理业"),
    ('O', 80, 82, "居民服务、修理和其他服务业"),
    ('P', 83, 83, "教育"),
    ('Q', 84, 85, "卫生和社会工作"),
    ('R', 86, 90, "文化、体育和娱乐业"),
    ('S', 91, 96, "公共管理、社会保障和社会组织"),
    ('T', 97, 97, "国际组织"),
];

/// Risk levels (风险等级).
pub const RISK_LEVELS: &[&str] = &["low", "medium", "high"];

/// Parse an industry code (GB/T 4754-2017); returns the normalised form (`C2710`).
pub fn parse_industry(raw: &str) -> Result<String, String> {
    let s: String = raw.trim().to_ascii_uppercase().chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() {
        return Err("不能为空".into());
    }
    let (letter, digits) = match s.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => (Some(c), &s[1..]),
        _ => (None, s.as_str()),
    };
    if !digits.chars().all(|c| c.is_ascii_digit()) || digits.len() > 4 || digits.len() == 1 {
        return Err("应为门类字母加 2–4 位数字（国民经济行业分类 GB/T 4754），如 C2710".into());
    }
    let section = if digits.is_empty() {
        None
    } else {
        let division: u8 = digits[..2].parse().map_err(|_| "行业代码无效".to_string())?;
        match SECTIONS.iter().find(|(_, lo, hi, _)| (*lo..=*hi).contains(&division)) {
            Some(sec) => Some(sec),
            None => return Err(format!("大类 {division:02} 不在 GB/T 4754-2017 中")),
        }
    };
    let letter = match (letter, section) {
        (Some(l), Some(sec)) if l != sec.0 => {
            return Err(format!("大类 {} 属于门类 {}（{}），不是 {l}", &digits[..2], sec.0, sec.3))
        }
        (Some(l), _) => {
            if !SECTIONS.iter().any(|(c, ..)| *c == l) {
                return Err(format!("门类 {l} 不在 GB/T 4754-2017 中（A–T）"));
            }
            l
        }
        (None, Some(sec)) => sec.0,
        (None, None) => return Err("行业代码无效".into()),
    };
    Ok(format!("{letter}{digits}"))
}

/// What a form or an import row gives (text as entered).
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EntityDraft {
    /// 统一社会信用代码.
    pub credit_code: String,
    /// 名称.
    pub name: String,
    /// 法定代表人.
    pub legal_rep: Option<String>,
    /// 地址.
    pub address: Option<String>,
    /// 经度.
    pub lon: Option<f64>,
    /// 纬度.
    pub lat: Option<f64>,
    /// 行业代码.
    pub industry: String,
    /// 登记权利 (patent / trademark numbers or titles).
    pub rights: Vec<String>,
    /// 标签.
    pub tags: Vec<String>,
    /// 风险等级.
    pub risk_level: Option<String>,
    /// 状态.
    pub status: Option<String>,
}

/// A validated entity.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityValues {
    /// Normalised credit code.
    pub credit_code: String,
    /// Name.
    pub name: String,
    /// Legal representative.
    pub legal_rep: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Longitude.
    pub lon: Option<f64>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Normalised industry code.
    pub industry: String,
    /// Rights.
    pub rights: Vec<String>,
    /// Tags (deduplicated, in the given order).
    pub tags: Vec<String>,
    /// Risk level.
    pub risk_level: String,
    /// Status.
    pub status: String,
}

fn opt_text(errors: &mut FieldErrors, field: &str, v: &Option<String>, max: usize) -> Option<String> {
    let s = v.as_deref().map(str::trim).filter(|s| !s.is_empty())?;
    if s.chars().count() > max {
        errors.add(field, format!("最多 {max} 个字符"));
        return None;
    }
    if s.chars().any(char::is_control) {
        errors.add(field, "不能包含控制字符");
        return None;
    }
    Some(s.to_string())
}

impl EntityDraft {
    /// Validate; errors are keyed by field (`credit_code`, `name`, `legal_rep`, `address`, `lon`, `lat`, `industry`,
    /// `rights`, `tags`, `risk_level`, `status`). `known_tags` are the dictionary's values.
    pub fn validate(&self, known_tags: &[String]) -> Result<EntityValues, FieldErrors> {
        let mut errors = FieldErrors::new();
        let credit_code = match CreditCode::parse(&self.credit_code) {
            Ok(c) => Some(c.as_str().to_string()),
            Err(e) => {
                errors.add("credit_code", e.to_string());
                None
            }
        };
        let name = self.name.trim();
        if name.is_empty() {
            errors.add("name", "不能为空");
        } else if name.chars().count() > 100 {
            errors.add("name", "最多 100 个字符");
        } else if name.chars().any(char::is_control) {
            errors.add("name", "不能包含控制字符");
        }
        let legal_rep = opt_text(&mut errors, "legal_rep", &self.legal_rep, 50);
        let address = opt_text(&mut errors, "address", &self.address, 200);
        match (self.lon, self.lat) {
            (None, None) => {}
            (Some(_), None) => errors.add("lat", "经度和纬度须同时填写"),
            (None, Some(_)) => errors.add("lon", "经度和纬度须同时填写"),
            (Some(lon), Some(lat)) => {
                if !(-90.0..=90.0).contains(&lat) && (-90.0..=90.0).contains(&lon) && (-180.0..=180.0).contains(&lat) {
                    errors.add("lat", format!("纬度 {lat} 超出 −90…90：经纬度可能填反了"));
                } else {
                    if !lon.is_finite() || !(-180.0..=180.0).contains(&lon) {
                        errors.add("lon", "经度应在 −180…180（WGS84）");
                    }
                    if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
                        errors.add("lat", "纬度应在 −90…90（WGS84）");
                    }
                }
            }
        }
        let industry = match parse_industry(&self.industry) {
            Ok(i) => Some(i),
            Err(e) => {
                errors.add("industry", e);
                None
            }
        };
        let mut rights = Vec::new();
        for r in self.rights.iter().map(|r| r.trim()).filter(|r| !r.is_empty()) {
            if r.chars().count() > 100 || r.chars().any(char::is_control) {
                errors.add(
                    "rights",
                    format!("“{}” 过长或含控制字符（每项最多 100 个字符）", r.chars().take(20).collect::<String>()),
                );
                break;
            }
            if !rights.iter().any(|x: &String| x == r) {
                rights.push(r.to_string());
            }
        }
        if rights.len() > 50 {
            errors.add("rights", "最多 50 项");
        }
        let mut tags: Vec<String> = Vec::new();
        for t in self.tags.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
            if !known_tags.iter().any(|k| k == t) {
                errors.add("tags", format!("标签 {t} 不在字典 grid_entity_tag 中"));
                break;
            }
            if !tags.iter().any(|x| x == t) {
                tags.push(t.to_string());
            }
        }
        let risk_level = self.risk_level.as_deref().map(str::trim).filter(|s| !s.is_empty()).unwrap_or("low");
        if !RISK_LEVELS.contains(&risk_level) {
            errors.add("risk_level", "取值无效，可选：low, medium, high");
        }
        let status = self.status.as_deref().map(str::trim).filter(|s| !s.is_empty()).unwrap_or("active");
        if !["active", "disabled"].contains(&status) {
            errors.add("status", "取值无效，可选：active, disabled");
        }
        errors.into_result()?;
        Ok(EntityValues {
            credit_code: credit_code.unwrap_or_default(),
            name: name.to_string(),
            legal_rep,
            address,
            lon: self.lon,
            lat: self.lat,
            industry: industry.unwrap_or_default(),
            rights,
            tags,
            risk_level: risk_level.to_string(),
            status: status.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn industry_codes() {
        assert_eq!(parse_industry("c2710"), Ok("C2710".into()));
        assert_eq!(parse_industry("2710"), Ok("C2710".into()));
        assert_eq!(parse_industry("F"), Ok("F".into()));
        assert_eq!(parse_industry("I65"), Ok("I65".into()));
        assert!(parse_industry("F2710").err().unwrap_or_default().contains("门类 C"));
        assert!(parse_industry("C9").is_err());
        assert!(parse_industry("Z").is_err());
        assert!(parse_industry("C27100").is_err());
        assert!(parse_industry("99").is_err());
        assert!(parse_industry("").is_err());
    }

    fn draft() -> EntityDraft {
        EntityDraft {
            credit_code: "91350100M000100Y43".into(),
            name: " 甲科技有限公司 ".into(),
            lon: Some(117.7),
            lat: Some(39.0),
            industry: "C2710".into(),
            rights: vec!["ZL202310123456.7".into(), "ZL202310123456.7".into(), " ".into()],
            tags: vec!["whitelist".into()],
            ..Default::default()
        }
    }

    #[test]
    fn valid_draft() {
        let v = draft().validate(&["whitelist".into()]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(v.name, "甲科技有限公司");
        assert_eq!(v.rights, vec!["ZL202310123456.7".to_string()]);
        assert_eq!((v.risk_level.as_str(), v.status.as_str()), ("low", "active"));
    }

    #[test]
    fn field_errors() {
        let mut d = draft();
        d.credit_code = "91350100M000100Y44".into();
        d.name = String::new();
        d.industry = "X1".into();
        d.tags = vec!["unknown".into()];
        d.risk_level = Some("extreme".into());
        d.lon = Some(39.0);
        d.lat = Some(117.7);
        let e = d.validate(&["whitelist".into()]).err().unwrap_or_default();
        let keys: Vec<&str> = e.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, vec!["credit_code", "industry", "lat", "name", "risk_level", "tags"]);
        assert!(e.iter().any(|(k, m)| k == "lat" && m.contains("填反")));
        let mut d = draft();
        d.lat = None;
        assert!(d.validate(&[]).is_err());
    }
}
