//! Complaints (投诉) under 市场监督管理投诉举报处理暂行办法 (总局令第20号, amended 2022-03-24), which its Art.38
//! para3 applies to the IP administration (知识产权行政部门处理投诉举报，适用本办法).
//!
//! ```text
//! received ─accept (≤7 WD, Art.14)─▶ accepted ─start_mediation (Arts.16–18)─▶ mediating ─reach_agreement─▶ agreed
//!    │                                  │                                        ⇅ suspend_for_testing /
//!    └─decline (Arts.14–15)─▶ declined  │                                          resume_mediation (Art.20)
//!                                       │                                        ⇅ apply_recusal /
//!                                       │                                          decide_recusal (Art.19)
//!                                       └─terminate (Art.21; also from mediating and both suspended states)
//!                                            ─▶ terminated ─notify_termination (≤7 WD)─▶ closed
//! mediating ─transfer_to_report (Art.23)─▶ transferred
//! ```
//!
//! Clocks: [`ACCEPTANCE`] (7 WD from receipt), [`MEDIATION`] (45 WD from acceptance; testing and recusal time not
//! counted), [`TERMINATION_NOTICE`] (7 WD from the termination decision).
//!
//! A clue of a violation found in mediation (Art.23) is modelled as `transfer_to_report`, which **closes the
//! complaint** as "transferred"; the caller opens a report ([`super::report`]) received on the day of discovery,
//! whose verification clock (15 WD, +15 WD) is the one Art.23 sets.

use super::machine::{ClockTrigger, Procedure, StateDef, Transition, RECEIVED};
use crate::case::clock::{ClockRule, PeriodUnit, RuleBasis};
use std::borrow::Cow;

macro_rules! art {
    ($a:literal) => {
        concat!("市场监督管理投诉举报处理暂行办法 ", $a)
    };
}

/// Why this procedure applies to the IP office.
pub const APPLIES: &str = art!("Art.38 para3");

/// 受理期限: decide whether to accept and tell the complainant within 7 working days of receipt.
pub const ACCEPTANCE: ClockRule = ClockRule {
    key: Cow::Borrowed("acceptance"),
    name_zh: Cow::Borrowed("受理期限"),
    unit: PeriodUnit::Workdays,
    count: 7,
    citation: Cow::Borrowed(art!("Art.14")),
    basis: RuleBasis::Statute,
    extension: None,
};

/// 调解期限: without an agreement within 45 working days of acceptance, mediation terminates (Art.21 para1 item 5);
/// testing, inspection and appraisal time is not counted (Art.20 para3), and a recusal application suspends
/// mediation until decided (Art.19 para2). When this clock is missed, the office must terminate the mediation.
pub const MEDIATION: ClockRule = ClockRule {
    key: Cow::Borrowed("mediation"),
    name_zh: Cow::Borrowed("调解期限"),
    unit: PeriodUnit::Workdays,
    count: 45,
    citation: Cow::Borrowed(art!("Art.21(5); Art.20 para3; Art.19 para2")),
    basis: RuleBasis::Statute,
    extension: None,
};

/// 终止调解告知期限: tell both parties within 7 working days of the termination decision.
pub const TERMINATION_NOTICE: ClockRule = ClockRule {
    key: Cow::Borrowed("termination_notice"),
    name_zh: Cow::Borrowed("终止调解告知期限"),
    unit: PeriodUnit::Workdays,
    count: 7,
    citation: Cow::Borrowed(art!("Art.21 para2")),
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

const TERMINATE: &str = "终止调解";
const TERMINATE_CITE: &str = art!("Art.21 para1");

/// The complaint procedure.
pub static PROCEDURE: Procedure = Procedure {
    kind: "complaint",
    name_zh: "投诉处理",
    initial: "received",
    states: &[
        state("received", "已接收", "Received", false, "已接收"),
        state("accepted", "已受理", "Accepted", false, "已受理"),
        state("declined", "不予受理", "Declined", true, "不予受理"),
        state("mediating", "调解中", "Mediating", false, "办理中"),
        state("testing", "检定检验检测鉴定中（调解计时中止）", "Testing (mediation clock suspended)", false, "办理中"),
        state("recusal_pending", "回避申请待决（调解中止）", "Recusal pending (mediation suspended)", false, "办理中"),
        state("agreed", "调解成功", "Agreement reached", true, "已办结"),
        state("terminated", "调解终止（待告知）", "Mediation terminated (parties to be told)", false, "办理中"),
        state("closed", "已办结", "Closed", true, "已办结"),
        state("transferred", "转举报核查", "Transferred to report verification", true, "已转办"),
    ],
    transitions: &[
        Transition::new("received", "accept", "accepted", "受理", "case:complaint:accept").cite(art!("Art.14")),
        Transition::new("received", "decline", "declined", "不予受理", "case:complaint:decline")
            .cite(art!("Art.14; Art.15"))
            .with_reason(),
        Transition::new("accepted", "start_mediation", "mediating", "组织调解（双方同意）", "case:complaint:mediate")
            .cite(art!("Arts.16–18")),
        Transition::new(
            "mediating",
            "suspend_for_testing",
            "testing",
            "委托检定检验检测鉴定",
            "case:complaint:mediate",
        )
        .cite(art!("Art.20"))
        .with_reason(),
        Transition::new("testing", "resume_mediation", "mediating", "恢复调解", "case:complaint:mediate")
            .cite(art!("Art.20 para3")),
        Transition::new("mediating", "apply_recusal", "recusal_pending", "当事人申请回避", "case:complaint:mediate")
            .cite(art!("Art.19 para2"))
            .with_reason(),
        Transition::new(
            "recusal_pending",
            "decide_recusal",
            "mediating",
            "作出是否回避的决定",
            "case:complaint:recusal",
        )
        .cite(art!("Art.19 para2"))
        .with_reason(),
        Transition::new(
            "mediating",
            "reach_agreement",
            "agreed",
            "达成调解协议（制作调解书）",
            "case:complaint:mediate",
        )
        .cite(art!("Art.22")),
        Transition::new("accepted", "terminate", "terminated", TERMINATE, "case:complaint:terminate")
            .cite(TERMINATE_CITE)
            .with_reason(),
        Transition::new("mediating", "terminate", "terminated", TERMINATE, "case:complaint:terminate")
            .cite(TERMINATE_CITE)
            .with_reason(),
        Transition::new("testing", "terminate", "terminated", TERMINATE, "case:complaint:terminate")
            .cite(TERMINATE_CITE)
            .with_reason(),
        Transition::new("recusal_pending", "terminate", "terminated", TERMINATE, "case:complaint:terminate")
            .cite(TERMINATE_CITE)
            .with_reason(),
        Transition::new("terminated", "notify_termination", "closed", "告知双方终止调解", "case:complaint:notify")
            .cite(art!("Art.21 para2")),
        Transition::new(
            "mediating",
            "transfer_to_report",
            "transferred",
            "发现违法线索，转举报核查",
            "case:complaint:transfer",
        )
        .cite(art!("Art.23"))
        .with_reason(),
    ],
    clocks: &[
        ClockTrigger::new(&[RECEIVED], ACCEPTANCE).meets(&["accept", "decline"]),
        ClockTrigger::new(&["accept"], MEDIATION)
            .meets(&["reach_agreement", "terminate", "transfer_to_report"])
            .suspends(&["suspend_for_testing", "apply_recusal"])
            .resumes(&["resume_mediation", "decide_recusal"]),
        ClockTrigger::new(&["terminate"], TERMINATION_NOTICE).meets(&["notify_termination"]),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::clock::{ClockError, ClockState, ClockStatus};
    use crate::case::procedure::testing::{allowed, attempt, d, due, go, open};
    use crate::case::procedure::{Facts, StepError, TransitionError};

    const P: &Procedure = &PROCEDURE;
    const F: Facts = Facts { real_name_reporter: true };

    #[test]
    fn happy_path_to_agreement_across_national_day_2025() {
        // Received Fri 2025-09-26. Acceptance, 7 WD: Sun 9/28 (调休上班) 1, 9/29 2, 9/30 3, [10/1–10/8 off],
        // 10/9 4, 10/10 5, Sat 10/11 (调休上班) 6, Mon 10/13 7.
        let mut run = open(P, "2025-09-26", F);
        assert_eq!(run.state, "received");
        assert_eq!(due(&run, "acceptance"), d("2025-10-13"));
        go(P, &mut run, "accept", "2025-10-13", None, F);
        assert_eq!(
            run.clock("acceptance").map(|c| c.state),
            Some(ClockState::Met { on: d("2025-10-13"), late: false })
        );
        // Mediation, 45 WD from Mon 10/13: Oct 14–17 (4), 20–24 (9), 27–31 (14), Nov 3–7 (19), 10–14 (24),
        // 17–21 (29), 24–28 (34), Dec 1–5 (39), 8–12 (44), Mon Dec 15 (45).
        assert_eq!(due(&run, "mediation"), d("2025-12-15"));
        go(P, &mut run, "start_mediation", "2025-10-20", None, F);
        // Testing from Fri 11/14 (21 WD left: Nov 17–21, 24–28, Dec 1–5, 8–12, 15) to Mon 12/1:
        // Dec 2–5 (4), 8–12 (9), 15–19 (14), 22–26 (19), 29 (20), Tue 12/30 (21).
        go(P, &mut run, "suspend_for_testing", "2025-11-14", Some("委托鉴定"), F);
        assert_eq!(run.state, "testing");
        assert_eq!(
            run.clock("mediation").map(|c| (c.status(), c.state)),
            Some((ClockStatus::Suspended, ClockState::Suspended { since: d("2025-11-14"), remaining: 21 }))
        );
        go(P, &mut run, "resume_mediation", "2025-12-01", None, F);
        assert_eq!(due(&run, "mediation"), d("2025-12-30"));
        go(P, &mut run, "reach_agreement", "2025-12-29", None, F);
        assert_eq!(run.state, "agreed");
        assert!(P.state("agreed").is_some_and(|s| s.terminal));
        assert_eq!(P.public_label("agreed"), Some("已办结"));
        assert_eq!(run.clock("mediation").map(|c| c.late()), Some(false));
        assert!(allowed(P, "agreed").is_empty());
    }

    #[test]
    fn termination_path_with_recusal() {
        // Accepted Mon 2025-09-29; 45 WD: 9/30 1, [10/1–10/8], 10/9 2, 10/10 3, Sat 10/11 (调休上班) 4, Oct 13–17 (9),
        // 20–24 (14), 27–31 (19), Nov 3–7 (24), 10–14 (29), 17–21 (34), 24–28 (39), Dec 1–5 (44), Mon 12/8 (45).
        let mut run = open(P, "2025-09-26", F);
        go(P, &mut run, "accept", "2025-09-29", None, F);
        assert_eq!(due(&run, "mediation"), d("2025-12-08"));
        go(P, &mut run, "start_mediation", "2025-09-30", None, F);
        // Recusal applied Thu 10/9 (used: 2 WD gone, 43 left), decided Fri 10/10 (not counted): 10/11 1,
        // Oct 13–17 (6) … Dec 1–5 (41), 12/8 42, Tue 12/9 43.
        go(P, &mut run, "apply_recusal", "2025-10-09", Some("调解员系被投诉人近亲属"), F);
        assert_eq!(
            run.clock("mediation").map(|c| c.state),
            Some(ClockState::Suspended { since: d("2025-10-09"), remaining: 43 })
        );
        assert_eq!(P.public_label("recusal_pending"), Some("办理中"));
        go(P, &mut run, "decide_recusal", "2025-10-10", Some("更换调解员"), F);
        assert_eq!(run.clock("mediation").map(|c| c.status()), Some(ClockStatus::Running));
        assert_eq!(due(&run, "mediation"), d("2025-12-09"));
        let mut late = run.clone();
        // Terminated Thu 11/20; notice within 7 WD: Nov 21 1, Nov 24–28 (6), Mon Dec 1 7.
        go(P, &mut run, "terminate", "2025-11-20", Some("被投诉人明确拒绝调解"), F);
        assert_eq!(run.state, "terminated");
        assert_eq!(run.clock("mediation").map(|c| c.state), Some(ClockState::Met { on: d("2025-11-20"), late: false }));
        assert_eq!(due(&run, "termination_notice"), d("2025-12-01"));
        go(P, &mut run, "notify_termination", "2025-11-25", None, F);
        assert_eq!(run.state, "closed");
        // Left to run out, the mediation clock is missed on the first tick after 12/9 (escalate), and the office
        // must terminate (Art.21(5)). Terminated Fri 2026-02-13; notice within 7 WD: Sat 2/14 (调休上班) 1,
        // [2/15–2/23 off], 2/24 2, 2/25 3, 2/26 4, 2/27 5, Sat 2/28 (调休上班) 6, Mon 3/2 7.
        assert_eq!(late.tick(d("2025-12-09")), Vec::<String>::new());
        assert_eq!(late.tick(d("2025-12-10")), vec!["mediation".to_string()]);
        assert_eq!(late.tick(d("2025-12-11")), Vec::<String>::new());
        go(P, &mut late, "terminate", "2026-02-13", Some("四十五个工作日内未达成调解协议"), F);
        assert!(late.clock("mediation").is_some_and(|c| c.late()));
        assert_eq!(due(&late, "termination_notice"), d("2026-03-02"));
    }

    #[test]
    fn decline_and_terminate_from_accepted() {
        let mut run = open(P, "2025-09-26", F);
        go(P, &mut run, "decline", "2025-09-29", Some("超过三年"), F);
        assert_eq!(run.state, "declined");
        assert_eq!(P.public_label("declined"), Some("不予受理"));
        let mut refused = open(P, "2025-09-26", F);
        go(P, &mut refused, "accept", "2025-09-29", None, F);
        go(P, &mut refused, "terminate", "2025-09-30", Some("被投诉人拒绝调解"), F);
        assert_eq!(refused.state, "terminated");
    }

    #[test]
    fn transfer_to_report_closes_the_complaint() {
        let mut run = open(P, "2025-09-26", F);
        go(P, &mut run, "accept", "2025-09-29", None, F);
        go(P, &mut run, "start_mediation", "2025-09-30", None, F);
        go(P, &mut run, "transfer_to_report", "2025-10-09", Some("发现涉嫌假冒注册商标线索"), F);
        assert_eq!(run.state, "transferred");
        assert!(P.state("transferred").is_some_and(|s| s.terminal));
        assert_eq!(P.public_label("transferred"), Some("已转办"));
    }

    #[test]
    fn refused_transitions_name_the_allowed_events() {
        let mut run = open(P, "2025-09-26", F);
        go(P, &mut run, "decline", "2025-09-29", Some("非本机关职责"), F);
        assert_eq!(
            attempt(P, &mut run, "accept", "2025-09-30", None),
            Err(StepError::Transition(TransitionError::NotAllowed {
                state: "declined".into(),
                event: "accept".into(),
                allowed: vec![],
            }))
        );
        let mut fresh = open(P, "2025-09-26", F);
        assert_eq!(
            attempt(P, &mut fresh, "reach_agreement", "2025-09-29", None),
            Err(StepError::Transition(TransitionError::NotAllowed {
                state: "received".into(),
                event: "reach_agreement".into(),
                allowed: vec!["accept", "decline"],
            }))
        );
        assert_eq!(
            attempt(P, &mut fresh, "decline", "2025-09-29", Some(" ")),
            Err(StepError::Transition(TransitionError::ReasonRequired { event: "decline", name_zh: "不予受理" }))
        );
        assert_eq!(fresh.state, "received", "a refused step changes nothing");
        assert_eq!(
            allowed(P, "mediating"),
            vec!["suspend_for_testing", "apply_recusal", "reach_agreement", "terminate", "transfer_to_report"]
        );
        assert_eq!(allowed(P, "testing"), vec!["resume_mediation", "terminate"]);
        assert_eq!(allowed(P, "terminated"), vec!["notify_termination"]);
        // A step dated before the clock's last event is refused by the clock, and nothing changes.
        go(P, &mut fresh, "accept", "2025-09-29", None, F);
        go(P, &mut fresh, "start_mediation", "2025-09-30", None, F);
        let before = fresh.clone();
        let err = attempt(P, &mut fresh, "suspend_for_testing", "2025-09-28", Some("鉴定"));
        assert!(
            matches!(err, Err(StepError::Clock { ref key, source: ClockError::DateOrder { .. } }) if key == "mediation")
        );
        assert_eq!(fresh, before);
    }

    #[test]
    fn spring_festival_2026_acceptance() {
        // Received Thu 2026-02-12: Fri 2/13 1, Sat 2/14 (调休上班) 2, [2/15–2/23 off], 2/24 3, 2/25 4, 2/26 5,
        // 2/27 6, Sat 2/28 (调休上班) 7.
        let run = open(P, "2026-02-12", F);
        assert_eq!(due(&run, "acceptance"), d("2026-02-28"));
    }

    #[test]
    fn year_not_covered_awaits_the_calendar() {
        // Accepted Mon 2026-12-21: 45 WD run into 2027, which has no table yet. The acceptance is recorded and the
        // mediation clock awaits the 2027 table (its due date is never guessed; see case::clock).
        let mut run = open(P, "2026-12-14", F);
        assert_eq!(attempt(P, &mut run, "accept", "2026-12-21", None), Ok(()));
        assert_eq!(run.state, "accepted");
        assert_eq!(
            run.clock("mediation").map(|c| (c.status(), c.state)),
            Some((ClockStatus::AwaitingCalendar, ClockState::AwaitingCalendar { year: 2027, met_on: None }))
        );
    }
}
