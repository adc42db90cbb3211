//! Reports (举报) under 市场监督管理投诉举报处理暂行办法 Arts.24–33 (applied to the IP office by Art.38 para3),
//! handled under the administrative-penalty rules (Art.31 para1): 市场监督管理行政处罚程序规定 Art.18.
//!
//! ```text
//! received ─verify─▶ verifying ─file (立案)─▶ filed ──┬─notify_reporter (real name, ≤5 WD)─▶ reporter_notified
//!    │                 │                              │                                          │ close
//!    │                 │                              └─close (anonymous reporter: no notice)─▶ closed ◀┘
//!    │                 ├─not_file (不予立案)─▶ not_filed   (same two ways out as filed)
//!    │                 ⇅ suspend_for_identification / resume_verification (Art.18: time not counted)
//!    │                 ↻ extend_verification (+15 WD once, approved)
//!    └─return_no_jurisdiction (Art.29; also from verifying)─▶ no_jurisdiction
//! ```
//!
//! Clocks: [`VERIFICATION`] (15 WD from receipt to decide 立案 / 不立案, +15 WD once with approval; testing and
//! rights-holder identification time not counted) and, for real-name reporters only, [`REPORTER_NOTICE`] (5 WD from
//! the decision). Whether the reporter gave a real name is a fact the caller passes ([`Facts::real_name_reporter`]):
//! the notice step and its clock are guarded by it, and closing without notice is open only to anonymous reports.
//!
//! The report matter closes after the notice; a filed case (立案) continues as an enforcement case of its own.
//! The public lookup shows only 已接收 / 办理中 / 已办结: the decision reaches a real-name reporter by the notice,
//! and nothing of it is shown publicly (Art.33).
//!
//! [`Facts::real_name_reporter`]: super::Facts::real_name_reporter

use super::machine::{ClockTrigger, Guard, Procedure, StateDef, Transition, RECEIVED};
use crate::case::clock::{ClockRule, Extension, PeriodUnit, RuleBasis};
use std::borrow::Cow;

macro_rules! art {
    ($a:literal) => {
        concat!("市场监督管理投诉举报处理暂行办法 ", $a)
    };
}

macro_rules! penalty {
    ($a:literal) => {
        concat!("市场监督管理行政处罚程序规定 ", $a)
    };
}

/// Reporter confidentiality (举报人保密) is a property of the procedure: the server never discloses the reporter's
/// personal information or the handling status to the reported party or to staff not handling the report (except
/// what a combined complaint's mediation strictly needs). See [`REPORTER_CONFIDENTIAL_CITATION`].
pub const REPORTER_CONFIDENTIAL: bool = true;

/// The provision behind [`REPORTER_CONFIDENTIAL`].
pub const REPORTER_CONFIDENTIAL_CITATION: &str = art!("Art.33");

/// 核查期限: within 15 working days of receiving the report decide whether to 立案; +15 working days once with
/// the head's approval in special cases; testing, inspection, appraisal and rights-holder identification (权利人辨认
/// 鉴别) time not counted.
///
/// **Configurable** ([`RuleBasis::Secondary`]): procedure.md has the current text of Art.18 only from a secondary
/// (government-page) source, its article number second-hand. The same 15 + 15 WD are read directly in 投诉举报办法
/// Art.23 for clues found in mediation.
pub const VERIFICATION: ClockRule = ClockRule {
    key: Cow::Borrowed("verification"),
    name_zh: Cow::Borrowed("核查期限"),
    unit: PeriodUnit::Workdays,
    count: 15,
    citation: Cow::Borrowed(concat!(
        penalty!("Art.18"),
        "（经 ",
        art!("Art.31 para1"),
        " 适用；调解中发现的线索见同办法 Art.23）"
    )),
    basis: RuleBasis::Secondary,
    extension: Some(Extension {
        unit: PeriodUnit::Workdays,
        count: 15,
        citation: Cow::Borrowed(penalty!("Art.18")),
        needs_approval: true,
    }),
};

/// 告知举报人期限: tell a real-name reporter whether the case was filed within 5 working days of that decision.
pub const REPORTER_NOTICE: ClockRule = ClockRule {
    key: Cow::Borrowed("reporter_notice"),
    name_zh: Cow::Borrowed("实名举报告知期限"),
    unit: PeriodUnit::Workdays,
    count: 5,
    citation: Cow::Borrowed(art!("Art.31 para2")),
    basis: RuleBasis::Statute,
    extension: None,
};

const fn state(
    key: &'static str,
    name_zh: &'static str,
    name_en: &'static str,
    terminal: bool,
    public_label_zh: &'static str,
) -> StateDef {
    StateDef { key, name_zh, name_en, terminal, public_label_zh }
}

const NOTIFY: &str = "告知实名举报人是否立案";
const CLOSE_ANON: &str = "办结（匿名举报，无需告知）";
const RETURN: &str = "告知向有处理权限的部门举报";
const RETURN_CITE: &str = art!("Art.29; Art.37 para2");

/// The report procedure.
pub static PROCEDURE: Procedure = Procedure {
    kind: "report",
    name_zh: "举报处理",
    initial: "received",
    states: &[
        state("received", "已接收", "Received", false, "已接收"),
        state("verifying", "核查中", "Verifying", false, "办理中"),
        state(
            "identification",
            "检测鉴定或权利人辨认中（核查计时中止）",
            "Testing or identification (clock suspended)",
            false,
            "办理中",
        ),
        state("filed", "已立案", "Filed", false, "办理中"),
        state("not_filed", "不予立案", "Not filed", false, "办理中"),
        state("reporter_notified", "已告知举报人", "Reporter notified", false, "已办结"),
        state("closed", "已办结", "Closed", true, "已办结"),
        state("no_jurisdiction", "不属本机关处理", "Not competent", true, "已办结"),
    ],
    transitions: &[
        Transition::new("received", "verify", "verifying", "开始核查", "case:report:verify").cite(penalty!("Art.18")),
        Transition::new("received", "return_no_jurisdiction", "no_jurisdiction", RETURN, "case:report:return")
            .cite(RETURN_CITE)
            .with_reason(),
        Transition::new("verifying", "return_no_jurisdiction", "no_jurisdiction", RETURN, "case:report:return")
            .cite(RETURN_CITE)
            .with_reason(),
        Transition::new(
            "verifying",
            "suspend_for_identification",
            "identification",
            "检测检验鉴定或权利人辨认",
            "case:report:verify",
        )
        .cite(penalty!("Art.18"))
        .with_reason(),
        Transition::new("identification", "resume_verification", "verifying", "恢复核查", "case:report:verify")
            .cite(penalty!("Art.18")),
        Transition::new(
            "verifying",
            "extend_verification",
            "verifying",
            "延长核查期限（经负责人批准）",
            "case:report:extend",
        )
        .cite(penalty!("Art.18"))
        .with_reason(),
        Transition::new("verifying", "file", "filed", "立案", "case:report:file").cite(penalty!("Arts.18–19")),
        Transition::new("verifying", "not_file", "not_filed", "不予立案", "case:report:file")
            .cite(penalty!("Arts.18, 20"))
            .with_reason(),
        Transition::new("filed", "notify_reporter", "reporter_notified", NOTIFY, "case:report:notify")
            .cite(art!("Art.31 para2"))
            .when(Guard::RealNameReporter),
        Transition::new("not_filed", "notify_reporter", "reporter_notified", NOTIFY, "case:report:notify")
            .cite(art!("Art.31 para2"))
            .when(Guard::RealNameReporter),
        Transition::new("filed", "close", "closed", CLOSE_ANON, "case:report:close").when(Guard::AnonymousReporter),
        Transition::new("not_filed", "close", "closed", CLOSE_ANON, "case:report:close").when(Guard::AnonymousReporter),
        Transition::new("reporter_notified", "close", "closed", "办结", "case:report:close"),
    ],
    clocks: &[
        ClockTrigger::new(&[RECEIVED], VERIFICATION)
            .meets(&["file", "not_file", "return_no_jurisdiction"])
            .suspends(&["suspend_for_identification"])
            .resumes(&["resume_verification"])
            .extends(&["extend_verification"]),
        ClockTrigger::new(&["file", "not_file"], REPORTER_NOTICE)
            .meets(&["notify_reporter"])
            .when(Guard::RealNameReporter),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::clock::{ClockError, ClockStatus};
    use crate::case::procedure::testing::{allowed, attempt, cal, d, due, go, open};
    use crate::case::procedure::{Facts, Run, Step, StepError, TransitionError};

    const P: &Procedure = &PROCEDURE;
    const REAL: Facts = Facts { real_name_reporter: true };
    const ANON: Facts = Facts { real_name_reporter: false };

    #[test]
    fn real_name_happy_path_across_spring_festival_2026() {
        // Received Mon 2026-02-09. Verification, 15 WD: 2/10–2/13 (4), Sat 2/14 (调休上班) 5, [2/15–2/23 off],
        // 2/24–2/27 (9), Sat 2/28 (调休上班) 10, Mar 2–6 (15) → Fri 2026-03-06.
        let mut run = open(P, "2026-02-09", REAL);
        assert_eq!(due(&run, "verification"), d("2026-03-06"));
        go(P, &mut run, "verify", "2026-02-10", None, REAL);
        assert_eq!(P.public_label(&run.state), Some("办理中"));
        // Extended on 3/2 by 15 WD: Mar 9–13, 16–20, 23–27 → Fri 2026-03-27.
        go(P, &mut run, "extend_verification", "2026-03-02", Some("需权利人辨认"), REAL);
        assert_eq!(run.state, "verifying");
        assert_eq!(due(&run, "verification"), d("2026-03-27"));
        assert_eq!(run.clock("verification").map(|c| c.status()), Some(ClockStatus::Extended));
        // Filed Thu 3/12; reporter notice 5 WD: 3/13, 3/16, 3/17, 3/18, Thu 3/19.
        go(P, &mut run, "file", "2026-03-12", None, REAL);
        assert_eq!(run.clock("verification").map(|c| (c.status(), c.late())), Some((ClockStatus::Met, false)));
        assert_eq!(due(&run, "reporter_notice"), d("2026-03-19"));
        assert_eq!(allowed(P, "filed"), vec!["notify_reporter"]);
        go(P, &mut run, "notify_reporter", "2026-03-16", None, REAL);
        assert_eq!(run.clock("reporter_notice").map(|c| c.status()), Some(ClockStatus::Met));
        go(P, &mut run, "close", "2026-03-16", None, REAL);
        assert_eq!(run.state, "closed");
    }

    #[test]
    fn reporter_notice_across_spring_festival() {
        // Decision (不予立案) Thu 2026-02-12: 5 WD = 2/13 1, Sat 2/14 2, [2/15–2/23 off], 2/24 3, 2/25 4, 2/26 5.
        let mut run = open(P, "2026-02-09", REAL);
        go(P, &mut run, "verify", "2026-02-09", None, REAL);
        go(P, &mut run, "not_file", "2026-02-12", Some("情节轻微并及时改正"), REAL);
        assert_eq!(run.state, "not_filed");
        assert_eq!(P.public_label("not_filed"), Some("办理中"));
        assert_eq!(due(&run, "reporter_notice"), d("2026-02-26"));
        let missed = run.tick(d("2026-02-27"));
        assert_eq!(missed, vec!["reporter_notice".to_string()]);
    }

    #[test]
    fn anonymous_report_skips_the_notice() {
        let mut run = open(P, "2026-02-09", ANON);
        go(P, &mut run, "verify", "2026-02-09", None, ANON);
        go(P, &mut run, "file", "2026-02-12", None, ANON);
        assert!(run.clock("reporter_notice").is_none(), "no notice clock for an anonymous reporter");
        assert_eq!(P.allowed_with("filed", &ANON).iter().map(|t| t.event).collect::<Vec<_>>(), vec!["close"]);
        let step = Step { event: "notify_reporter", on: d("2026-02-13"), by: 1, reason: None, facts: ANON };
        assert_eq!(
            run.step(P, &step, &[], &cal()).map(|t| t.event),
            Err(StepError::Transition(TransitionError::NotAllowed {
                state: "filed".into(),
                event: "notify_reporter".into(),
                allowed: vec!["close"],
            }))
        );
        go(P, &mut run, "close", "2026-02-13", None, ANON);
        assert_eq!(run.state, "closed");
    }

    #[test]
    fn real_name_report_cannot_close_without_notice() {
        let mut run = open(P, "2026-02-09", REAL);
        go(P, &mut run, "verify", "2026-02-09", None, REAL);
        go(P, &mut run, "file", "2026-02-12", None, REAL);
        assert_eq!(
            attempt(P, &mut run, "close", "2026-02-13", None),
            Err(StepError::Transition(TransitionError::NotAllowed {
                state: "filed".into(),
                event: "close".into(),
                allowed: vec!["notify_reporter"],
            }))
        );
    }

    #[test]
    fn identification_time_is_not_counted_and_extension_is_once_only() {
        // Received Fri 2025-09-26. 15 WD: 9/28 (1), 9/29–30 (3), [10/1–10/8], 10/9–10 (5), 10/11 (6), 10/13–17 (11),
        // 10/20–23 (15) → Thu 2025-10-23.
        let mut run = open(P, "2025-09-26", REAL);
        assert_eq!(due(&run, "verification"), d("2025-10-23"));
        go(P, &mut run, "verify", "2025-09-29", None, REAL);
        // Suspended Tue 9/30 after 3 WD (9/28, 9/29, 9/30): 12 left. Resumed Mon 10/13: 10/14–17 (4), 10/20–24 (9),
        // 10/27–29 (12) → Wed 2025-10-29.
        go(P, &mut run, "suspend_for_identification", "2025-09-30", Some("商标权利人辨认"), REAL);
        assert_eq!(allowed(P, "identification"), vec!["resume_verification"]);
        assert_eq!(
            run.clock("verification").and_then(|c| c.remaining_workdays(d("2025-10-10"), &cal()).ok()),
            Some(12)
        );
        go(P, &mut run, "resume_verification", "2025-10-13", None, REAL);
        assert_eq!(due(&run, "verification"), d("2025-10-29"));
        go(P, &mut run, "extend_verification", "2025-10-20", Some("情况复杂"), REAL);
        // +15 WD from 10/29: 10/30–31 (2), Nov 3–7 (7), 10–14 (12), 17–19 (15) → Wed 2025-11-19.
        assert_eq!(due(&run, "verification"), d("2025-11-19"));
        let again = attempt(P, &mut run, "extend_verification", "2025-10-21", Some("再次延长"));
        assert_eq!(
            again,
            Err(StepError::Clock {
                key: "verification".into(),
                source: ClockError::ExtensionAlreadyUsed("核查期限".into()),
            })
        );
        assert_eq!(
            again.map_err(|e| e.to_string()),
            Err("计时「verification」：「核查期限」已延长过一次，不能再次延长".to_string())
        );
        assert_eq!(
            attempt(P, &mut run, "extend_verification", "2025-10-21", None),
            Err(StepError::Transition(TransitionError::ReasonRequired {
                event: "extend_verification",
                name_zh: "延长核查期限（经负责人批准）",
            }))
        );
    }

    #[test]
    fn verification_is_configurable_and_the_notice_is_not() {
        let trigger = P.clock("verification").unwrap_or_else(|| panic!("verification clock"));
        let mut local = VERIFICATION;
        local.count = 10;
        assert_eq!(trigger.rule(std::slice::from_ref(&local)).count, 10);
        let run = Run::open(P, d("2026-02-09"), &REAL, std::slice::from_ref(&local), &cal())
            .unwrap_or_else(|e| panic!("{e}"));
        // 10 WD from Mon 2026-02-09: 2/10–13 (4), 2/14 (5), 2/24–27 (9), Sat 2/28 (10).
        assert_eq!(due(&run, "verification"), d("2026-02-28"));
        let notice = P.clock("reporter_notice").unwrap_or_else(|| panic!("notice clock"));
        let mut shorter = REPORTER_NOTICE;
        shorter.count = 1;
        assert_eq!(notice.rule(std::slice::from_ref(&shorter)).count, 5, "a statutory rule is not overridden");
    }

    #[test]
    fn refused_transitions() {
        let mut run = open(P, "2026-02-09", REAL);
        assert_eq!(allowed(P, "received"), vec!["verify", "return_no_jurisdiction"]);
        assert_eq!(
            attempt(P, &mut run, "file", "2026-02-10", None),
            Err(StepError::Transition(TransitionError::NotAllowed {
                state: "received".into(),
                event: "file".into(),
                allowed: vec!["verify", "return_no_jurisdiction"],
            }))
        );
        go(P, &mut run, "return_no_jurisdiction", "2026-02-10", Some("被举报行为发生地不在本区"), REAL);
        assert_eq!(run.state, "no_jurisdiction");
        assert!(allowed(P, "no_jurisdiction").is_empty());
        assert_eq!(run.clock("verification").map(|c| c.status()), Some(ClockStatus::Met));
    }

    #[test]
    fn confidentiality_is_declared_with_its_citation() {
        const { assert!(REPORTER_CONFIDENTIAL) };
        assert!(REPORTER_CONFIDENTIAL_CITATION.ends_with("Art.33"));
    }
}
