//! A generic tracked procedure for the other matter types: mediation requests (调解申请), patent-infringement
//! adjudication requests (专利侵权纠纷行政裁决请求), e-commerce / live-streaming notices (电商/直播侵权通知) and
//! import / export (port) disputes (进出口/口岸纠纷).
//!
//! ```text
//! received ─dispatch─▶ dispatched ─start (受理 / 立案)─▶ in_progress ─close (with result)─▶ closed
//!    │                     │                              ⇅ suspend / resume
//!    └─decline─────────────┴─▶ declined
//!    any open state ─transfer_out─▶ transferred_out
//! ```
//!
//! Statutory clocks only where procedure.md gives a read (\[T\]) rule that certainly applies:
//! - **adjudication** (patent-infringement dispute, 专利纠纷行政裁决和调解办法, 国家知识产权局令第81号):
//!   [`ADJUDICATION_FILING`] (立案 within 5 WD of receiving the request, +5 WD with the head's approval, Art.20) and
//!   [`ADJUDICATION_CONCLUSION`] (结案 within 3 months of 立案, +≤1 month with the head's approval, Art.37 para1;
//!   suspension, public notice, testing/appraisal, jurisdiction objections, evidence-period extensions and
//!   settlement time are not counted, Art.37 para2 — record each as a suspension). The superior department's
//!   further extension of ≤2 months (Art.37 para1) is not modelled: a clock extends once.
//! - **mediation**: none — the patent-mediation periods of 令第81号 Arts.65–66 fit only patent disputes, and this
//!   kind also covers other mediation; **e-commerce notices**: none — the 15 days of 电子商务法 Art.43 bind the
//!   platform, not the office; **import/export**: none found.

use super::machine::{ClockTrigger, Procedure, StateDef, Transition, RECEIVED};
use crate::case::clock::{ClockRule, Extension, PeriodUnit, RuleBasis};
use std::borrow::Cow;

macro_rules! order81 {
    ($a:literal) => {
        concat!("专利纠纷行政裁决和调解办法（国家知识产权局令第81号） ", $a)
    };
}

/// 立案期限 of a patent adjudication request: 5 working days from receipt (decision to file or not), +5 working
/// days with the department head's approval for especially complex cases.
pub const ADJUDICATION_FILING: ClockRule = ClockRule {
    key: Cow::Borrowed("filing"),
    name_zh: Cow::Borrowed("立案期限"),
    unit: PeriodUnit::Workdays,
    count: 5,
    citation: Cow::Borrowed(order81!("Art.20")),
    basis: RuleBasis::Statute,
    extension: Some(Extension {
        unit: PeriodUnit::Workdays,
        count: 5,
        citation: Cow::Borrowed(order81!("Art.20")),
        needs_approval: true,
    }),
};

/// 办案期限 of a patent adjudication: 3 months from 立案, +≤1 month with the department head's approval.
pub const ADJUDICATION_CONCLUSION: ClockRule = ClockRule {
    key: Cow::Borrowed("conclusion"),
    name_zh: Cow::Borrowed("办案期限"),
    unit: PeriodUnit::Months,
    count: 3,
    citation: Cow::Borrowed(order81!("Art.37")),
    basis: RuleBasis::Statute,
    extension: Some(Extension {
        unit: PeriodUnit::Months,
        count: 1,
        citation: Cow::Borrowed(order81!("Art.37 para1")),
        needs_approval: true,
    }),
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

const STATES: &[StateDef] = &[
    state("received", "已接收", "Received", false, "已接收"),
    state("dispatched", "已分拨", "Dispatched", false, "办理中"),
    state("in_progress", "办理中", "In progress", false, "办理中"),
    state("suspended", "中止", "Suspended", false, "办理中"),
    state("closed", "已办结", "Closed", true, "已办结"),
    state("declined", "不予受理", "Declined", true, "不予受理"),
    state("transferred_out", "已转出", "Transferred out", true, "已转办"),
];

/// `case:<kind>:<action>`.
macro_rules! perm {
    ($kind:literal, $action:literal) => {
        concat!("case:", $kind, ":", $action)
    };
}

const START: &str = "受理（立案）办理";
const DECLINE: &str = "不予受理";

/// A step that requires a reason.
const fn reasoned(
    from: &'static str,
    event: &'static str,
    to: &'static str,
    name_zh: &'static str,
    permission: &'static str,
) -> Transition {
    Transition::new(from, event, to, name_zh, permission).with_reason()
}

/// The tracked procedure of one kind. Citations, where given, are `Option<&str>` expressions; extra transitions and
/// the clocks follow.
macro_rules! tracked {
    (
        $kind:literal, $name:literal,
        cite { start: $start:expr, suspend: $suspend:expr, close: $close:expr, decline: $decline:expr $(,)? },
        extra [$($extra:expr),* $(,)?],
        clocks [$($clock:expr),* $(,)?] $(,)?
    ) => {
        Procedure {
            kind: $kind,
            name_zh: $name,
            initial: "received",
            states: STATES,
            transitions: &[
                Transition::new("received", "dispatch", "dispatched", "分拨", perm!($kind, "dispatch")),
                with_cite(Transition::new("dispatched", "start", "in_progress", START, perm!($kind, "handle")), $start),
                with_cite(reasoned("in_progress", "suspend", "suspended", "中止", perm!($kind, "handle")), $suspend),
                Transition::new("suspended", "resume", "in_progress", "恢复办理", perm!($kind, "handle")),
                with_cite(reasoned("in_progress", "close", "closed", "办结", perm!($kind, "close")), $close),
                with_cite(reasoned("received", "decline", "declined", DECLINE, perm!($kind, "decline")), $decline),
                with_cite(reasoned("dispatched", "decline", "declined", DECLINE, perm!($kind, "decline")), $decline),
                reasoned("received", "transfer_out", "transferred_out", "转出", perm!($kind, "transfer")),
                reasoned("dispatched", "transfer_out", "transferred_out", "转出", perm!($kind, "transfer")),
                reasoned("in_progress", "transfer_out", "transferred_out", "转出", perm!($kind, "transfer")),
                reasoned("suspended", "transfer_out", "transferred_out", "转出", perm!($kind, "transfer")),
                $($extra,)*
            ],
            clocks: &[$($clock,)*],
        }
    };
}

const fn with_cite(t: Transition, citation: Option<&'static str>) -> Transition {
    match citation {
        Some(c) => t.cite(c),
        None => t,
    }
}

/// Mediation requests (调解申请): no statutory clock yet.
pub static MEDIATION: Procedure = tracked!(
    "mediation", "调解申请",
    cite { start: None, suspend: None, close: None, decline: None },
    extra [],
    clocks [],
);

/// Patent-infringement adjudication requests (专利侵权纠纷行政裁决请求, 令第81号).
pub static ADJUDICATION: Procedure = tracked!(
    "adjudication", "专利侵权纠纷行政裁决",
    cite {
        start: Some(order81!("Art.20")),
        suspend: Some(order81!("Arts.28–29; Art.37 para2")),
        close: Some(order81!("Art.30")),
        decline: Some(order81!("Art.20")),
    },
    extra [
        Transition::new("received", "extend_filing", "received", "延长立案期限（经负责人批准）", "case:adjudication:extend")
            .cite(order81!("Art.20"))
            .with_reason(),
        Transition::new("dispatched", "extend_filing", "dispatched", "延长立案期限（经负责人批准）", "case:adjudication:extend")
            .cite(order81!("Art.20"))
            .with_reason(),
        Transition::new("in_progress", "extend_conclusion", "in_progress", "延长办案期限（经负责人批准）", "case:adjudication:extend")
            .cite(order81!("Art.37 para1"))
            .with_reason(),
    ],
    clocks [
        ClockTrigger::new(&[RECEIVED], ADJUDICATION_FILING)
            .meets(&["start", "decline", "transfer_out"])
            .extends(&["extend_filing"]),
        ClockTrigger::new(&["start"], ADJUDICATION_CONCLUSION)
            .meets(&["close", "transfer_out"])
            .suspends(&["suspend"])
            .resumes(&["resume"])
            .extends(&["extend_conclusion"]),
    ],
);

/// E-commerce and live-streaming infringement notices (电商/直播侵权通知): no clock of the office's own.
pub static ECOMMERCE_NOTICE: Procedure = tracked!(
    "ecommerce_notice", "电商/直播侵权通知",
    cite { start: None, suspend: None, close: None, decline: None },
    extra [],
    clocks [],
);

/// Import / export (port) disputes (进出口/口岸纠纷): no statutory clock found.
pub static IMPORT_EXPORT: Procedure = tracked!(
    "import_export", "进出口/口岸纠纷",
    cite { start: None, suspend: None, close: None, decline: None },
    extra [],
    clocks [],
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::clock::{ClockState, ClockStatus};
    use crate::case::procedure::testing::{allowed, attempt, d, due, go, open};
    use crate::case::procedure::{Facts, StepError, TransitionError};

    const F: Facts = Facts { real_name_reporter: true };

    #[test]
    fn adjudication_happy_path_around_national_day_2025() {
        let p = &ADJUDICATION;
        // Received Thu 2025-09-25; 立案 within 5 WD: 9/26 1, Sun 9/28 (调休上班) 2, 9/29 3, 9/30 4, [10/1–10/8],
        // Thu 10/9 5. Extended +5 WD: 10/10 1, Sat 10/11 2, 10/13 3, 10/14 4, Wed 10/15 5.
        let mut run = open(p, "2025-09-25", F);
        assert_eq!(due(&run, "filing"), d("2025-10-09"));
        go(p, &mut run, "extend_filing", "2025-09-30", Some("案情特别复杂"), F);
        assert_eq!(run.state, "received");
        assert_eq!(due(&run, "filing"), d("2025-10-15"));
        go(p, &mut run, "dispatch", "2025-10-09", None, F);
        assert_eq!(allowed(p, "dispatched"), vec!["start", "decline", "transfer_out", "extend_filing"]);
        // 立案 on 2025-07-01 would end 10/01 (holiday) → 10/09; here 立案 on Tue 10/14: 3 months → Wed 2026-01-14.
        go(p, &mut run, "start", "2025-10-14", None, F);
        assert_eq!(run.clock("filing").map(|c| c.state), Some(ClockState::Met { on: d("2025-10-14"), late: false }));
        assert_eq!(due(&run, "conclusion"), d("2026-01-14"));
        // Suspended (invalidation accepted) from Fri 2025-11-14 = 61 calendar days to the end 2026-01-14; resumed
        // Mon 2026-02-09: + 61 days = Sun 2026-04-11 → Mon 2026-04-13.
        go(p, &mut run, "suspend", "2025-11-14", Some("实用新型专利无效宣告请求已受理"), F);
        assert_eq!(label(p, &run.state), "办理中");
        go(p, &mut run, "resume", "2026-02-09", None, F);
        assert_eq!(due(&run, "conclusion"), d("2026-04-13"));
        // +1 month from the unrolled end 2026-04-11 = Mon 2026-05-11.
        go(p, &mut run, "extend_conclusion", "2026-04-01", Some("案件复杂"), F);
        assert_eq!(due(&run, "conclusion"), d("2026-05-11"));
        assert_eq!(run.clock("conclusion").map(|c| c.status()), Some(ClockStatus::Extended));
        go(p, &mut run, "close", "2026-05-08", Some("作出行政裁决"), F);
        assert_eq!(run.state, "closed");
        assert_eq!(run.clock("conclusion").map(|c| c.late()), Some(false));
    }

    fn label(p: &Procedure, state: &str) -> &'static str {
        p.public_label(state).unwrap_or_else(|| panic!("no state {state}"))
    }

    #[test]
    fn adjudication_conclusion_rolls_over_national_day() {
        // 立案 Tue 2025-07-01 → 3 months end Wed 10/01, a holiday → Thu 2025-10-09. Extension +1 month from
        // 10/01 = Sat 11/01 → Mon 2025-11-03.
        let p = &ADJUDICATION;
        let mut run = open(p, "2025-06-26", F);
        go(p, &mut run, "dispatch", "2025-06-27", None, F);
        go(p, &mut run, "start", "2025-07-01", None, F);
        assert_eq!(due(&run, "conclusion"), d("2025-10-09"));
        go(p, &mut run, "extend_conclusion", "2025-09-30", Some("案件复杂"), F);
        assert_eq!(due(&run, "conclusion"), d("2025-11-03"));
        assert!(
            matches!(
                attempt(p, &mut run, "extend_conclusion", "2025-10-09", Some("再次延长")),
                Err(StepError::Clock { .. })
            ),
            "a clock extends once"
        );
        assert_eq!(run.tick(d("2025-11-04")), vec!["conclusion".to_string()]);
    }

    #[test]
    fn generic_kinds_have_no_clocks_and_the_same_machine() {
        for p in [&MEDIATION, &ECOMMERCE_NOTICE, &IMPORT_EXPORT] {
            assert!(p.clocks.is_empty());
            let mut run = open(p, "2025-09-26", F);
            assert!(run.clocks.is_empty());
            go(p, &mut run, "dispatch", "2025-09-28", None, F);
            go(p, &mut run, "start", "2025-09-29", None, F);
            go(p, &mut run, "suspend", "2025-09-30", Some("等待当事人补充材料"), F);
            go(p, &mut run, "resume", "2025-10-09", None, F);
            go(p, &mut run, "close", "2025-10-10", Some("调解成功"), F);
            assert_eq!(run.state, "closed");
            assert!(p.transitions.iter().all(|t| t.citation.is_none()));
            assert!(attempt(p, &mut open(p, "2025-09-26", F), "extend_filing", "2025-09-28", Some("x")).is_err());
        }
        assert_eq!(MEDIATION.apply("received", "dispatch").map(|t| t.permission), Ok("case:mediation:dispatch"));
        assert_eq!(IMPORT_EXPORT.apply("in_progress", "close").map(|t| t.permission), Ok("case:import_export:close"));
    }

    #[test]
    fn refused_transitions_and_transfers() {
        let p = &ECOMMERCE_NOTICE;
        let mut run = open(p, "2025-09-26", F);
        assert_eq!(
            attempt(p, &mut run, "close", "2025-09-29", Some("x")),
            Err(StepError::Transition(TransitionError::NotAllowed {
                state: "received".into(),
                event: "close".into(),
                allowed: vec!["dispatch", "decline", "transfer_out"],
            }))
        );
        go(p, &mut run, "transfer_out", "2025-09-29", Some("移送平台所在地"), F);
        assert_eq!(run.state, "transferred_out");
        assert_eq!(label(p, "transferred_out"), "已转办");
        let mut declined = open(&ADJUDICATION, "2025-09-26", F);
        go(&ADJUDICATION, &mut declined, "decline", "2025-09-29", Some("已向法院起诉"), F);
        assert_eq!(declined.clock("filing").map(|c| c.status()), Some(ClockStatus::Met));
        assert_eq!(allowed(&ADJUDICATION, "declined"), Vec::<&str>::new());
    }
}
