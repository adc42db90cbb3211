//! The high-value invention patent indicator (高价值发明专利, 每万人口高价值发明专利拥有量).
//!
//! ## Definition and sources
//!
//! A high-value invention patent is a **valid (in force) invention patent** meeting **any** of five criteria
//! ([`Criterion`]): it belongs to a strategic emerging industry; it has a family member granted abroad; it has been
//! maintained for more than 10 years; it secured a relatively high pledge-financing amount; it won a national
//! science and technology award or the China Patent Award.
//!
//! - The five criteria: `shared/domain/stack-notes.md` ("Official 高价值发明专利 definition", checked 2026-11).
//!   The wording is that of the note to 《"十四五"国家知识产权保护和运用规划》 (国发〔2021〕20号) — that document is
//!   **not** in `shared/` and has not been checked here; see [`SOURCES`].
//! - "Strategic emerging industry" is decided by CNIPA's 《战略性新兴产业分类与国际专利分类参照关系表》, which the
//!   user imports ([`super::industry`]); zhibao ships only a labelled demo table.
//! - No numeric threshold for "relatively high pledge financing" is published (stack-notes): it is a setting
//!   ([`Settings::pledge_min_yuan`]) with no claim to be official.
//! - Targets: Binhai KPI 8 — 每万人口高价值发明专利拥有量 **45 件** (seed 002, 主要指标 8); Tianjin 2025 — **16 件**
//!   (seed 000, 十四五 目标).
//!
//! Every criterion can be switched off, and the ten-year span and the pledge amount are settings, so an area can
//! reproduce its own statistical bureau's method.

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::industry::Concordance;
use super::{AwardKind, PatentFacts, PatentKind};

/// One of the five criteria.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    /// 战略性新兴产业的发明专利.
    StrategicIndustry,
    /// 在海外有同族专利权的发明专利.
    OverseasFamily,
    /// 维持年限超过10年的发明专利.
    Maintained,
    /// 实现较高质押融资金额的发明专利.
    Pledge,
    /// 获得国家科学技术奖或中国专利奖的发明专利.
    Award,
}

impl Criterion {
    /// All five, in the order of the definition.
    pub const ALL: [Criterion; 5] =
        [Self::StrategicIndustry, Self::OverseasFamily, Self::Maintained, Self::Pledge, Self::Award];

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::StrategicIndustry => "strategic_industry",
            Self::OverseasFamily => "overseas_family",
            Self::Maintained => "maintained",
            Self::Pledge => "pledge",
            Self::Award => "award",
        }
    }

    /// Parse a code.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == raw.trim())
    }
}

/// A cited source for a rule or a number, with how far it was verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Source {
    /// What the source supports.
    pub supports: &'static str,
    /// The document.
    pub document: &'static str,
    /// Where it can be read in this repository's shared material, or `None`.
    pub local: Option<&'static str>,
    /// Whether the text was checked for this project.
    pub verified: bool,
}

/// Sources of the indicator (shown on the 高价值专利 page).
pub const SOURCES: [Source; 5] = [
    Source {
        supports: "five criteria of 高价值发明专利 (valid invention patents meeting any of them)",
        document: "stack notes: \"Official 高价值发明专利 definition\"",
        local: Some("shared/domain/stack-notes.md"),
        verified: true,
    },
    Source {
        supports: "wording of the definition",
        document: "《\"十四五\"国家知识产权保护和运用规划》(国发〔2021〕20号), note on 每万人口高价值发明专利拥有量",
        local: None,
        verified: false,
    },
    Source {
        supports: "strategic emerging industry by IPC",
        document: "《战略性新兴产业分类与国际专利分类参照关系表（2021）（试行）》 (CNIPA) — imported by the user",
        local: None,
        verified: false,
    },
    Source {
        supports: "target 45 per 10,000 people (Binhai, KPI 8)",
        document: "seed 002, 主要指标 8 每万人口高价值发明专利拥有量",
        local: Some("shared/seeds/002_9e94c0dbd526e2db.txt"),
        verified: true,
    },
    Source {
        supports: "target 16 per 10,000 people (Tianjin, 2025)",
        document: "seed 000, 十四五 发展目标",
        local: Some("shared/seeds/000_14c97296e75cca1d.txt"),
        verified: true,
    },
];

/// The switches and numbers of the indicator (高价值专利口径设置).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Criteria switched on.
    pub enabled: Vec<Criterion>,
    /// "Maintained for more than N years": N (official: 10).
    pub maintained_years: u32,
    /// "Relatively high pledge financing": total pledged amount at or above this many yuan. No official figure —
    /// the default (10,000,000 yuan) is a placeholder to be set by the user.
    pub pledge_min_yuan: i64,
    /// Only patents in force count (official: yes — 有效发明专利).
    pub require_in_force: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            enabled: Criterion::ALL.to_vec(),
            maintained_years: 10,
            pledge_min_yuan: 10_000_000,
            require_in_force: true,
        }
    }
}

/// Invalid settings.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    /// Maintained years out of 1–20 (a patent lasts 20 years).
    #[error("maintained years must be between 1 and 20")]
    MaintainedYears,
    /// Negative pledge amount.
    #[error("pledge amount must not be negative")]
    PledgeAmount,
}

impl Settings {
    /// Check the numbers.
    pub fn check(&self) -> Result<(), SettingsError> {
        if !(1..=20).contains(&self.maintained_years) {
            return Err(SettingsError::MaintainedYears);
        }
        if self.pledge_min_yuan < 0 {
            return Err(SettingsError::PledgeAmount);
        }
        Ok(())
    }

    fn on(&self, c: Criterion) -> bool {
        self.enabled.contains(&c)
    }
}

/// Whether a patent has been maintained for more than `years` on `today`: its recorded maintenance years when
/// given, else the time since the application date (the term of a patent runs from filing, 专利法 Art.42) —
/// strictly more than `years` calendar years.
pub fn maintained_more_than(p: &PatentFacts, years: u32, today: NaiveDate) -> bool {
    if let Some(y) = p.maintenance_years {
        return y > years;
    }
    match p.application_date.and_then(|d| d.checked_add_months(Months::new(years * 12))) {
        Some(anniversary) => today > anniversary,
        None => false,
    }
}

/// The criteria a patent meets (empty when it is not a valid invention patent or meets none).
pub fn evaluate(p: &PatentFacts, s: &Settings, strategic: &Concordance, today: NaiveDate) -> Vec<Criterion> {
    if p.kind != PatentKind::Invention || (s.require_in_force && !p.in_force) {
        return Vec::new();
    }
    let mut met = Vec::new();
    if s.on(Criterion::StrategicIndustry) && !strategic.classify(&p.ipc, false).is_empty() {
        met.push(Criterion::StrategicIndustry);
    }
    if s.on(Criterion::OverseasFamily) && p.overseas_family {
        met.push(Criterion::OverseasFamily);
    }
    if s.on(Criterion::Maintained) && maintained_more_than(p, s.maintained_years, today) {
        met.push(Criterion::Maintained);
    }
    let pledged: i64 = p.pledges.iter().map(|x| x.amount_yuan.max(0)).sum();
    if s.on(Criterion::Pledge) && !p.pledges.is_empty() && pledged >= s.pledge_min_yuan {
        met.push(Criterion::Pledge);
    }
    if s.on(Criterion::Award)
        && p.awards.iter().any(|a| matches!(a, AwardKind::NationalScienceTechnology | AwardKind::ChinaPatentAward))
    {
        met.push(Criterion::Award);
    }
    met
}

/// Counts for one area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Patents looked at.
    pub considered: u64,
    /// Valid invention patents among them (有效发明专利).
    pub valid_inventions: u64,
    /// High-value invention patents (meeting at least one enabled criterion).
    pub high_value: u64,
    /// Patents meeting each criterion (a patent may count under several).
    pub by_criterion: BTreeMap<Criterion, u64>,
    /// Population used, when known.
    pub population: Option<u64>,
    /// High-value invention patents per 10,000 people, rounded to two decimals.
    pub per_10k: Option<f64>,
    /// Valid invention patents per 10,000 people (每万人口发明专利拥有量), rounded to two decimals.
    pub valid_per_10k: Option<f64>,
}

/// `count` per 10,000 people, rounded to two decimals; `None` for an unknown or zero population.
pub fn per_10k(count: u64, population: Option<u64>) -> Option<f64> {
    let pop = population.filter(|p| *p > 0)?;
    Some(((count as f64) * 10_000.0 / (pop as f64) * 100.0).round() / 100.0)
}

/// Evaluate a set of patents (already filtered to the area) and summarise; also returns the high-value patents
/// with the criteria each meets, for the drill-down.
pub fn summarise(
    patents: &[PatentFacts],
    s: &Settings,
    strategic: &Concordance,
    population: Option<u64>,
    today: NaiveDate,
) -> (Summary, Vec<(i64, Vec<Criterion>)>) {
    let mut b = SummaryBuilder::new(s);
    let mut hits = Vec::new();
    for p in patents {
        let met = b.add(p, s, strategic, today);
        if !met.is_empty() {
            hits.push((p.id, met));
        }
    }
    (b.finish(population), hits)
}

/// [`summarise`] one patent at a time, keeping counts only (result sets of any size): [`SummaryBuilder::add`]
/// answers the criteria the patent meets (for a drill-down kept by the caller).
#[derive(Debug, Clone)]
pub struct SummaryBuilder {
    considered: u64,
    valid: u64,
    high_value: u64,
    by_criterion: BTreeMap<Criterion, u64>,
}

impl SummaryBuilder {
    /// Empty counts for these settings (every enabled criterion starts at 0).
    pub fn new(s: &Settings) -> Self {
        Self { considered: 0, valid: 0, high_value: 0, by_criterion: s.enabled.iter().map(|c| (*c, 0)).collect() }
    }

    /// Count one patent (already filtered to the area); returns the criteria it meets.
    pub fn add(&mut self, p: &PatentFacts, s: &Settings, strategic: &Concordance, today: NaiveDate) -> Vec<Criterion> {
        self.considered += 1;
        if p.kind == PatentKind::Invention && (!s.require_in_force || p.in_force) {
            self.valid += 1;
        }
        let met = evaluate(p, s, strategic, today);
        if !met.is_empty() {
            self.high_value += 1;
            for c in &met {
                *self.by_criterion.entry(*c).or_default() += 1;
            }
        }
        met
    }

    /// The summary, with per-10,000 figures for `population`.
    pub fn finish(self, population: Option<u64>) -> Summary {
        Summary {
            considered: self.considered,
            valid_inventions: self.valid,
            high_value: self.high_value,
            by_criterion: self.by_criterion,
            population,
            per_10k: per_10k(self.high_value, population),
            valid_per_10k: per_10k(self.valid, population),
        }
    }
}

/// An area whose population is configured (区域人口), matched against the first applicant's address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Area {
    /// Province (省), required.
    pub province: String,
    /// City (市), or none for the whole province.
    pub city: Option<String>,
    /// District (区/县), or none for the whole city.
    pub district: Option<String>,
}

impl Area {
    /// Whether a patent's address lies in the area.
    pub fn contains(&self, p: &PatentFacts) -> bool {
        let eq = |want: &Option<String>, got: &Option<String>| match want {
            None => true,
            Some(w) => got.as_deref().map(str::trim) == Some(w.trim()),
        };
        p.province.as_deref().map(str::trim) == Some(self.province.trim())
            && eq(&self.city, &p.city)
            && eq(&self.district, &p.district)
    }
}

#[cfg(test)]
mod tests {
    use super::super::industry::{parse_concordance, DEMO_STRATEGIC_CSV};
    use super::super::Pledge;
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    fn table() -> Concordance {
        parse_concordance(DEMO_STRATEGIC_CSV).expect("demo")
    }

    fn base() -> PatentFacts {
        let mut p = PatentFacts::blank(1, "t");
        p.ipc = vec!["F16B 1/00".into()];
        p.application_date = Some(day(2020, 1, 1));
        p
    }

    #[test]
    fn each_criterion_alone() {
        let today = day(2026, 12, 5);
        let s = Settings::default();
        type Case = (&'static str, Box<dyn Fn(&mut PatentFacts)>, Vec<Criterion>);
        let cases: Vec<Case> = vec![
            ("nothing", Box::new(|_| {}), vec![]),
            ("strategic", Box::new(|p| p.ipc = vec!["G06N 3/08".into()]), vec![Criterion::StrategicIndustry]),
            ("overseas", Box::new(|p| p.overseas_family = true), vec![Criterion::OverseasFamily]),
            (
                "maintained by date",
                Box::new(|p| p.application_date = Some(day(2016, 12, 4))),
                vec![Criterion::Maintained],
            ),
            ("exactly ten years is not more", Box::new(|p| p.application_date = Some(day(2016, 12, 5))), vec![]),
            ("maintained recorded", Box::new(|p| p.maintenance_years = Some(11)), vec![Criterion::Maintained]),
            ("maintained recorded 10", Box::new(|p| p.maintenance_years = Some(10)), vec![]),
            (
                "pledge at threshold",
                Box::new(|p| {
                    p.pledges = vec![
                        Pledge { amount_yuan: 6_000_000, registered_on: None },
                        Pledge { amount_yuan: 4_000_000, registered_on: None },
                    ]
                }),
                vec![Criterion::Pledge],
            ),
            (
                "pledge below",
                Box::new(|p| p.pledges = vec![Pledge { amount_yuan: 9_999_999, registered_on: None }]),
                vec![],
            ),
            ("china patent award", Box::new(|p| p.awards = vec![AwardKind::ChinaPatentAward]), vec![Criterion::Award]),
            (
                "national award",
                Box::new(|p| p.awards = vec![AwardKind::NationalScienceTechnology]),
                vec![Criterion::Award],
            ),
            ("other award", Box::new(|p| p.awards = vec![AwardKind::Other]), vec![]),
            (
                "utility model never counts",
                Box::new(|p| {
                    p.kind = PatentKind::UtilityModel;
                    p.overseas_family = true;
                }),
                vec![],
            ),
            (
                "lapsed never counts",
                Box::new(|p| {
                    p.in_force = false;
                    p.overseas_family = true;
                }),
                vec![],
            ),
            (
                "several",
                Box::new(|p| {
                    p.ipc = vec!["F16B 1/00".into(), "H01M 10/0525".into()];
                    p.overseas_family = true;
                    p.awards = vec![AwardKind::ChinaPatentAward];
                }),
                vec![Criterion::StrategicIndustry, Criterion::OverseasFamily, Criterion::Award],
            ),
        ];
        for (name, change, want) in cases {
            let mut p = base();
            change(&mut p);
            assert_eq!(evaluate(&p, &s, &table(), today), want, "{name}");
        }
    }

    #[test]
    fn criteria_switch_off_and_numbers_are_settings() {
        let today = day(2026, 12, 5);
        let mut p = base();
        p.overseas_family = true;
        p.pledges = vec![Pledge { amount_yuan: 500_000, registered_on: None }];
        p.application_date = Some(day(2019, 1, 1));
        let mut s = Settings { enabled: vec![Criterion::Pledge, Criterion::Maintained], ..Settings::default() };
        assert_eq!(evaluate(&p, &s, &table(), today), vec![]);
        s.pledge_min_yuan = 500_000;
        s.maintained_years = 5;
        assert_eq!(evaluate(&p, &s, &table(), today), vec![Criterion::Maintained, Criterion::Pledge]);
        s.require_in_force = false;
        p.in_force = false;
        assert_eq!(evaluate(&p, &s, &table(), today).len(), 2);
        assert_eq!(
            Settings { maintained_years: 0, ..Settings::default() }.check(),
            Err(SettingsError::MaintainedYears)
        );
        assert_eq!(Settings { pledge_min_yuan: -1, ..Settings::default() }.check(), Err(SettingsError::PledgeAmount));
        assert_eq!(Settings::default().check(), Ok(()));
    }

    #[test]
    fn summary_counts_and_per_10k() {
        let today = day(2026, 12, 5);
        let mut a = base();
        a.overseas_family = true;
        let mut b = base();
        b.id = 2;
        b.ipc = vec!["G06N 3/08".into()];
        b.overseas_family = true;
        let mut c = base();
        c.id = 3;
        let mut d = base();
        d.id = 4;
        d.kind = PatentKind::Design;
        let (sum, hits) = summarise(&[a, b, c, d], &Settings::default(), &table(), Some(2_000), today);
        assert_eq!(sum.considered, 4);
        assert_eq!(sum.valid_inventions, 3);
        assert_eq!(sum.high_value, 2);
        assert_eq!(sum.by_criterion[&Criterion::OverseasFamily], 2);
        assert_eq!(sum.by_criterion[&Criterion::StrategicIndustry], 1);
        assert_eq!(sum.by_criterion[&Criterion::Award], 0);
        assert_eq!(sum.per_10k, Some(10.0));
        assert_eq!(sum.valid_per_10k, Some(15.0));
        assert_eq!(hits.iter().map(|h| h.0).collect::<Vec<_>>(), vec![1, 2]);
    }

    #[test]
    fn per_10k_rounds_and_needs_a_population() {
        assert_eq!(per_10k(45, Some(10_000)), Some(45.0));
        assert_eq!(per_10k(1, Some(30_000)), Some(0.33));
        assert_eq!(per_10k(2, Some(30_000)), Some(0.67));
        assert_eq!(per_10k(9_000, Some(2_067_000)), Some(43.54));
        assert_eq!(per_10k(5, Some(0)), None);
        assert_eq!(per_10k(5, None), None);
    }

    #[test]
    fn areas_match_addresses() {
        let mut p = base();
        p.province = Some("天津市".into());
        p.city = Some("天津市".into());
        p.district = Some("滨海新区".into());
        let area = |c: Option<&str>, d: Option<&str>| Area {
            province: "天津市".into(),
            city: c.map(str::to_string),
            district: d.map(str::to_string),
        };
        assert!(area(None, None).contains(&p));
        assert!(area(Some("天津市"), Some("滨海新区")).contains(&p));
        assert!(!area(Some("天津市"), Some("南开区")).contains(&p));
        p.district = None;
        assert!(!area(Some("天津市"), Some("滨海新区")).contains(&p));
    }

    #[test]
    fn criterion_codes_round_trip() {
        for c in Criterion::ALL {
            assert_eq!(Criterion::parse(c.code()), Some(c));
        }
        assert_eq!(Criterion::parse("x"), None);
    }
}
