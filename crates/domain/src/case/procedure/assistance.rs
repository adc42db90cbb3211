//! Rights-protection assistance (维权援助): a service, not an administrative procedure.
//!
//! ```text
//! intake ─assess─▶ assessment ─guide / guide_overseas─▶ guidance ─close (service record)─▶ closed
//!    │                  │                                  └─refer─┐
//!    │                  └─refer (police / court / another region / expert)─▶ referred ─close─▶ closed
//!    └─decline─▶ declined   (also from assessment)
//! ```
//!
//! Overseas rights-protection guidance (海外维权指导) is a subtype of guidance: the event `guide_overseas` leads to
//! the same state and is told apart by [`GuidanceKind::of_event`]. A referral's target is recorded with
//! [`ReferralTarget`] and the required reason. Closing requires the service record (the reason text).
//!
//! No statute sets time limits here: [`ASSESSMENT`] is a **local service standard** with a default value,
//! configurable by the deployment ([`RuleBasis::LocalStandard`]), labelled as such in the UI.

use super::machine::{ClockTrigger, Procedure, StateDef, Transition, RECEIVED};
use crate::case::clock::{ClockRule, PeriodUnit, RuleBasis};
use std::borrow::Cow;

/// 评估期限 (local service standard, default 5 working days from intake to the assessment's outcome: guidance,
/// referral or decline). Configurable: not law.
pub const ASSESSMENT: ClockRule = ClockRule {
    key: Cow::Borrowed("assessment"),
    name_zh: Cow::Borrowed("援助评估期限"),
    unit: PeriodUnit::Workdays,
    count: 5,
    citation: Cow::Borrowed("本地维权援助服务标准（默认值，可配置；非法定期限）"),
    basis: RuleBasis::LocalStandard,
    extension: None,
};

/// The kind of guidance given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GuidanceKind {
    /// Guidance on protecting rights at home (维权指导).
    Domestic,
    /// Guidance on protecting rights abroad (海外维权指导).
    Overseas,
}

impl GuidanceKind {
    /// The guidance an event gives: `guide` → domestic, `guide_overseas` → overseas, else none.
    pub fn of_event(event: &str) -> Option<GuidanceKind> {
        match event {
            "guide" => Some(GuidanceKind::Domestic),
            "guide_overseas" => Some(GuidanceKind::Overseas),
            _ => None,
        }
    }

    /// Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            GuidanceKind::Domestic => "维权指导",
            GuidanceKind::Overseas => "海外维权指导",
        }
    }
}

/// Where a matter is referred to (转介对象).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferralTarget {
    /// The police (公安机关), e.g. suspected crime.
    Police,
    /// A court (人民法院).
    Court,
    /// An office of another region (异地知识产权部门).
    OtherRegion,
    /// An expert or technical body (专家 / 技术支撑机构).
    Expert,
}

impl ReferralTarget {
    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            ReferralTarget::Police => "police",
            ReferralTarget::Court => "court",
            ReferralTarget::OtherRegion => "other_region",
            ReferralTarget::Expert => "expert",
        }
    }

    /// Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            ReferralTarget::Police => "公安机关",
            ReferralTarget::Court => "人民法院",
            ReferralTarget::OtherRegion => "异地知识产权部门",
            ReferralTarget::Expert => "专家或技术支撑机构",
        }
    }
}

const fn state(
    key: &'static str,
    name_zh: &'static str,
    name_en: &'static str,
    terminal: bool,
    public_label_zh: &'static str,
) -> StateDef {
    StateDef { key, name_zh, name_en, terminal, public_label_zh }
}

const CLOSE: &str = "办结（记录服务内容）";
const REFER: &str = "转介（公安、法院、异地、专家）";
const DECLINE: &str = "不予援助";

/// The assistance procedure.
pub static PROCEDURE: Procedure = Procedure {
    kind: "assistance",
    name_zh: "维权援助",
    initial: "intake",
    states: &[
        state("intake", "已接收", "Intake", false, "已接收"),
        state("assessment", "评估中", "Assessment", false, "办理中"),
        state("guidance", "指导中", "Guidance", false, "办理中"),
        state("referred", "已转介", "Referred", false, "已转介"),
        state("closed", "已办结", "Closed", true, "已办结"),
        state("declined", "不予援助", "Declined", true, "不予受理"),
    ],
    transitions: &[
        Transition::new("intake", "assess", "assessment", "受理评估", "case:assistance:assess"),
        Transition::new("intake", "decline", "declined", DECLINE, "case:assistance:decline").with_reason(),
        Transition::new("assessment", "decline", "declined", DECLINE, "case:assistance:decline").with_reason(),
        Transition::new("assessment", "guide", "guidance", "维权指导", "case:assistance:guide"),
        Transition::new("assessment", "guide_overseas", "guidance", "海外维权指导", "case:assistance:guide"),
        Transition::new("assessment", "refer", "referred", REFER, "case:assistance:refer").with_reason(),
        Transition::new("guidance", "refer", "referred", REFER, "case:assistance:refer").with_reason(),
        Transition::new("guidance", "close", "closed", CLOSE, "case:assistance:close").with_reason(),
        Transition::new("referred", "close", "closed", CLOSE, "case:assistance:close").with_reason(),
    ],
    clocks: &[ClockTrigger::new(&[RECEIVED], ASSESSMENT).meets(&["guide", "guide_overseas", "refer", "decline"])],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::clock::ClockStatus;
    use crate::case::procedure::testing::{allowed, attempt, d, due, go, open};
    use crate::case::procedure::{Facts, Run, StepError, TransitionError};

    const P: &Procedure = &PROCEDURE;
    const F: Facts = Facts { real_name_reporter: true };

    #[test]
    fn happy_path_with_overseas_guidance() {
        // Intake Fri 2025-09-26; assessment 5 WD (local default): 9/28 (调休上班) 1, 9/29 2, 9/30 3, [10/1–10/8],
        // 10/9 4, Fri 10/10 5.
        let mut run = open(P, "2025-09-26", F);
        assert_eq!(run.state, "intake");
        assert_eq!(due(&run, "assessment"), d("2025-10-10"));
        assert!(run.clock("assessment").is_some_and(|c| c.rule.basis == RuleBasis::LocalStandard));
        go(P, &mut run, "assess", "2025-09-29", None, F);
        go(P, &mut run, "guide_overseas", "2025-10-09", None, F);
        assert_eq!(run.state, "guidance");
        assert_eq!(GuidanceKind::of_event("guide_overseas"), Some(GuidanceKind::Overseas));
        assert_eq!(GuidanceKind::of_event("guide").map(GuidanceKind::name_zh), Some("维权指导"));
        assert_eq!(run.clock("assessment").map(|c| c.status()), Some(ClockStatus::Met));
        go(P, &mut run, "close", "2025-10-20", Some("提供美国337调查应对指导"), F);
        assert_eq!(run.state, "closed");
    }

    #[test]
    fn referral_then_close_requires_a_service_record() {
        // Intake Thu 2026-02-12: 2/13 1, Sat 2/14 (调休上班) 2, [2/15–2/23], 2/24 3, 2/25 4, 2/26 5.
        let mut run = open(P, "2026-02-12", F);
        assert_eq!(due(&run, "assessment"), d("2026-02-26"));
        go(P, &mut run, "assess", "2026-02-13", None, F);
        go(P, &mut run, "refer", "2026-02-24", Some(ReferralTarget::Police.name_zh()), F);
        assert_eq!(run.state, "referred");
        assert_eq!(
            attempt(P, &mut run, "close", "2026-02-25", None),
            Err(StepError::Transition(TransitionError::ReasonRequired { event: "close", name_zh: CLOSE }))
        );
        go(P, &mut run, "close", "2026-02-25", Some("已移送公安机关"), F);
        assert_eq!(run.state, "closed");
        assert_eq!(ReferralTarget::OtherRegion.key(), "other_region");
    }

    #[test]
    fn refused_transitions_and_override() {
        let mut run = open(P, "2026-02-12", F);
        assert_eq!(
            attempt(P, &mut run, "guide", "2026-02-13", None),
            Err(StepError::Transition(TransitionError::NotAllowed {
                state: "intake".into(),
                event: "guide".into(),
                allowed: vec!["assess", "decline"],
            }))
        );
        go(P, &mut run, "decline", "2026-02-13", Some("不属于知识产权纠纷"), F);
        assert_eq!(allowed(P, "declined"), Vec::<&str>::new());
        assert_eq!(allowed(P, "guidance"), vec!["refer", "close"]);
        // A deployment sets its own standard: 3 WD from Thu 2026-02-12 = 2/13, 2/14, 2/24.
        let mut local = ASSESSMENT;
        local.count = 3;
        let r = Run::open(P, d("2026-02-12"), &F, std::slice::from_ref(&local), &crate::calendar::Calendar::builtin())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(due(&r, "assessment"), d("2026-02-24"));
    }
}
