//! Inspection tasks (检查任务) of the draws and ad-hoc ones: results, the publication clock and coverage.
//!
//! Rules as data ([`INSPECTION_RULES`]): at least two inspectors per task (行政处罚法 第四十二条), results published
//! within 20 working days (企业信息公示暂行条例 第六条; provincial rules: 自抽查结束之日起 20 个工作日内, procedure.md
//! §5), and joint enforcement actions (联合执法) at least 3 a year (seed 002 task 24, issue 6).

use crate::calendar::{Calendar, CalendarError};
use crate::case::clock::RuleBasis;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Working days from the end of an inspection to the publication of its result.
pub const PUBLICATION_WORKDAYS: u32 = 20;
/// Inspectors per task at least.
pub const MIN_INSPECTORS: usize = 2;
/// Joint enforcement actions a year at least (target).
pub const JOINT_ACTIONS_TARGET: u32 = 3;

/// A rule with its source.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct InspectionRule {
    /// Key.
    pub key: &'static str,
    /// The rule.
    pub rule_zh: &'static str,
    /// English.
    pub rule_en: &'static str,
    /// Source.
    pub citation: &'static str,
    /// Basis.
    pub basis: RuleBasis,
}

/// The rules of inspections and joint actions.
pub const INSPECTION_RULES: &[InspectionRule] = &[
    InspectionRule {
        key: "two_inspectors",
        rule_zh: "执法检查人员不得少于两人",
        rule_en: "at least two inspectors per task",
        citation: "行政处罚法 第四十二条；部门抽查细则",
        basis: RuleBasis::Statute,
    },
    InspectionRule {
        key: "publication_20wd",
        rule_zh: "抽查结果自抽查结束之日起 20 个工作日内公示",
        rule_en: "results are published within 20 working days of the end of the inspection",
        citation: "企业信息公示暂行条例 第六条；冀政办发〔2015〕22号 等省级细则",
        basis: RuleBasis::Statute,
    },
    InspectionRule {
        key: "joint_actions_3",
        rule_zh: "每年开展联合执法行动不少于 3 次",
        rule_en: "at least 3 joint enforcement actions a year",
        citation: "示范区建设任务 第 24 项（seed 002 task 24）",
        basis: RuleBasis::LocalStandard,
    },
];

/// The result of an inspection (检查结果), as published on 公示系统.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// 未发现问题 / 合格.
    Compliant,
    /// 发现问题已责令改正 / 不合格（责令整改）.
    NonCompliant,
    /// 发现问题，移交立案查处.
    Referred,
    /// 未发现开展本次抽查涉及的经营活动.
    NotOperating,
    /// 通过登记的住所（经营场所）无法联系.
    Unreachable,
}

/// All outcomes.
pub const OUTCOMES: &[Outcome] =
    &[Outcome::Compliant, Outcome::NonCompliant, Outcome::Referred, Outcome::NotOperating, Outcome::Unreachable];

impl Outcome {
    /// Code.
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Compliant => "compliant",
            Outcome::NonCompliant => "non_compliant",
            Outcome::Referred => "referred",
            Outcome::NotOperating => "not_operating",
            Outcome::Unreachable => "unreachable",
        }
    }
    /// Parse.
    pub fn parse(code: &str) -> Option<Outcome> {
        OUTCOMES.iter().copied().find(|o| o.code() == code)
    }
    /// Chinese label (公示用语).
    pub fn zh(self) -> &'static str {
        match self {
            Outcome::Compliant => "未发现问题（合格）",
            Outcome::NonCompliant => "发现问题已责令改正（不合格）",
            Outcome::Referred => "发现问题，移交立案查处",
            Outcome::NotOperating => "未发现开展本次抽查涉及的经营活动",
            Outcome::Unreachable => "通过登记的住所（经营场所）无法联系",
        }
    }
    /// A finding (发现问题) that may open a matter.
    pub fn is_finding(self) -> bool {
        matches!(self, Outcome::NonCompliant | Outcome::Referred)
    }
}

/// The task states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskState {
    /// 待检查.
    Assigned,
    /// 检查中 (checklist or notes saved).
    InProgress,
    /// 已出结果 (result entered; the publication clock runs).
    Done,
    /// 已公示.
    Published,
}

impl TaskState {
    /// Code.
    pub fn code(self) -> &'static str {
        match self {
            TaskState::Assigned => "assigned",
            TaskState::InProgress => "in_progress",
            TaskState::Done => "done",
            TaskState::Published => "published",
        }
    }
    /// Parse.
    pub fn parse(code: &str) -> Option<TaskState> {
        [TaskState::Assigned, TaskState::InProgress, TaskState::Done, TaskState::Published]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// The day by which a result entered (inspection ended) on `ended_on` must be published.
pub fn publication_due(cal: &Calendar, ended_on: NaiveDate) -> Result<NaiveDate, CalendarError> {
    cal.add_workdays(ended_on, PUBLICATION_WORKDAYS)
}

/// [`publication_due`], or — when the calendar lacks a year the count reaches (the State Council publishes each
/// year's holidays late in the year before) — a provisional date counting Monday–Friday only, flagged `true`, to be
/// recomputed once the year's table is entered.
pub fn publication_due_or_provisional(cal: &Calendar, ended_on: NaiveDate) -> (NaiveDate, bool) {
    match publication_due(cal, ended_on) {
        Ok(d) => (d, false),
        Err(_) => {
            use chrono::Datelike;
            let (mut d, mut n) = (ended_on, 0);
            while n < PUBLICATION_WORKDAYS {
                d = d.succ_opt().unwrap_or(d);
                if d.weekday().num_days_from_monday() < 5 {
                    n += 1;
                }
            }
            (d, true)
        }
    }
}

/// Coverage (抽查覆盖率): share of the pool inspected, `None` for an empty pool.
pub fn coverage(inspected: u64, pool: u64) -> Option<f64> {
    if pool == 0 {
        None
    } else {
        Some(inspected.min(pool) as f64 / pool as f64)
    }
}

/// Check a checklist answer set against the item's checklist: one answer per point, each `yes`, `no` or `na`.
/// Returns `(index, message)` of the first bad answer.
pub fn check_answers(points: usize, answers: &[String]) -> Result<(), (usize, &'static str)> {
    if answers.len() > points {
        return Err((points, "多于检查要点 / more answers than checklist points"));
    }
    for (i, a) in answers.iter().enumerate() {
        if !matches!(a.as_str(), "yes" | "no" | "na" | "") {
            return Err((i, "只能是 yes、no、na / must be yes, no or na"));
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn publication_clock_counts_working_days() {
        let cal = Calendar::builtin();
        // 2026-09-25 (Fri) + 20 WD crosses the National Day holiday (10-01..10-08 off; 09-27/10-10 make-up days).
        let d = NaiveDate::from_ymd_opt(2026, 9, 25).unwrap();
        let due = publication_due(&cal, d).unwrap();
        assert!(due > d + chrono::Days::new(28), "{due}");
        let plain = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(); // Monday, no holiday in the next four weeks
        assert_eq!(publication_due(&cal, plain).unwrap(), NaiveDate::from_ymd_opt(2026, 3, 30).unwrap());
    }

    #[test]
    fn a_missing_year_gives_a_provisional_weekday_count() {
        let cal = Calendar::new();
        let (d, provisional) = publication_due_or_provisional(&cal, NaiveDate::from_ymd_opt(2031, 3, 3).unwrap());
        assert!(provisional);
        assert_eq!(d, NaiveDate::from_ymd_opt(2031, 3, 31).unwrap());
    }

    #[test]
    fn outcomes_and_coverage() {
        for o in OUTCOMES {
            assert_eq!(Outcome::parse(o.code()), Some(*o));
        }
        assert!(Outcome::Referred.is_finding() && !Outcome::Compliant.is_finding());
        assert_eq!(coverage(5, 100), Some(0.05));
        assert_eq!(coverage(0, 0), None);
        assert_eq!(check_answers(2, &["yes".into(), "na".into()]), Ok(()));
        assert_eq!(check_answers(2, &["maybe".into()]).unwrap_err().0, 0);
        assert_eq!(check_answers(1, &["yes".into(), "no".into()]).unwrap_err().0, 1);
    }
}
