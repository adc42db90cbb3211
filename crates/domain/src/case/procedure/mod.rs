//! Procedures (办理程序) as explicit state machines, with the statute cited at each rule.
//!
//! A [`Procedure`] is a table: its states (each with the label the public status lookup shows), its allowed
//! transitions (event, permission `case:<kind>:<action>`, whether a reason is required, the provision cited) and
//! its statutory clocks ([`ClockTrigger`]: which events start, meet, suspend, resume and extend a
//! [`crate::case::clock::ClockRule`]). [`Procedure::apply`] answers the step an event takes or
//! [`TransitionError::NotAllowed`] naming the events that are allowed (the server's 409); [`Run`] carries one
//! matter's state and clocks through dated steps, all-or-nothing.
//!
//! The procedures:
//! - [`complaint`] — 投诉 (市场监督管理投诉举报处理暂行办法, applied to the IP office by its Art.38 para3);
//! - [`report`] — 举报 (same 办法 Arts.31–33; verification under 市场监督管理行政处罚程序规定 Art.18);
//! - [`assistance`] — 维权援助 (local service standards, not statute);
//! - [`tracked`] — a generic procedure for mediation requests, adjudication requests (令第81号 clocks),
//!   e-commerce / livestream notices and import/export disputes.
//!
//! **Adding a procedure** means adding one module here that defines a `pub static PROCEDURE: Procedure` (its rules
//! as `const` [`crate::case::clock::ClockRule`]s next to their citations, its tests next to it) and one line in
//! [`REGISTRY`]. The registry tests then require of it what they require of all: every state referred to exists,
//! every clock event exists, every state is reachable from the initial one, every non-terminal state has a way
//! out, every permission reads `case:<kind>:<action>` ([`Procedure::defects`]).
//!
//! Kinds are the matter types' codes: `complaint`, `report`, `assistance`, `mediation`, `adjudication`,
//! `ecommerce_notice`, `import_export`.

pub mod assistance;
pub mod complaint;
mod machine;
pub mod report;
mod run;
pub mod tracked;

pub use machine::{
    ClockAction, ClockTrigger, Facts, Guard, Procedure, ProcedureDefect, StateDef, Transition, TransitionError,
    RECEIVED,
};
pub use run::{Run, Step, StepError};

use super::matter::MatterType;

/// Every procedure, one line each.
pub static REGISTRY: [&Procedure; 7] = [
    &complaint::PROCEDURE,
    &report::PROCEDURE,
    &assistance::PROCEDURE,
    &tracked::MEDIATION,
    &tracked::ADJUDICATION,
    &tracked::ECOMMERCE_NOTICE,
    &tracked::IMPORT_EXPORT,
];

/// Every procedure.
pub fn registry() -> &'static [&'static Procedure] {
    &REGISTRY
}

/// Per-track clock overrides (繁简分流 changes clocks): track code → rules replacing the rule of the same key.
pub type ClockOverrides = std::collections::BTreeMap<String, Vec<crate::case::clock::ClockRule>>;

/// Check per-track clock overrides before they are stored: only the tracks `simple` and `ordinary`; only keys of
/// clock rules some procedure has; only rules whose basis is configurable — a statutory time limit is refused by
/// name, with its citation — and periods of 1–365 units. Errors are keyed `track` or `<track>.<key>`.
pub fn check_clock_overrides(map: &ClockOverrides) -> Result<(), crate::validate::FieldErrors> {
    let mut f = crate::validate::FieldErrors::new();
    let known: Vec<&crate::case::clock::ClockRule> =
        REGISTRY.iter().flat_map(|p| p.clocks.iter().map(|c| &c.starts)).collect();
    for (track, rules) in map {
        if track != "simple" && track != "ordinary" {
            f.add("track", format!("未知的程序类型 {track}（只能是 simple / ordinary）"));
            continue;
        }
        for r in rules {
            let field = format!("{track}.{}", r.key);
            match known.iter().find(|k| k.key == r.key) {
                None => f.add(&field, format!("没有名为 {} 的期限", r.key)),
                Some(k) if !k.basis.configurable() => {
                    f.add(&field, format!("「{}」是法定期限（{}），不能按程序类型改动", k.name_zh, k.citation))
                }
                Some(_) if r.count == 0 || r.count > 365 => f.add(&field, "期限应为 1–365"),
                Some(_) => {}
            }
        }
    }
    if f.is_empty() {
        Ok(())
    } else {
        Err(f)
    }
}

/// The procedure of matter kind `kind` (a matter type's code).
pub fn for_kind(kind: &str) -> Option<&'static Procedure> {
    REGISTRY.iter().copied().find(|p| p.kind == kind)
}

/// The procedure of a matter type (every type has one; the registry tests check it).
pub fn for_matter(matter_type: MatterType) -> Option<&'static Procedure> {
    for_kind(matter_type.code())
}

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers shared by the procedures' tests.
    use super::*;
    use crate::calendar::Calendar;
    use chrono::NaiveDate;

    /// A date from `YYYY-MM-DD`.
    pub fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("bad test date {s}: {e}"))
    }

    /// The built-in calendar.
    pub fn cal() -> Calendar {
        Calendar::builtin()
    }

    /// A run of `p` received on `on` under `facts`.
    pub fn open(p: &Procedure, on: &str, facts: Facts) -> Run {
        Run::open(p, d(on), &facts, &[], &cal()).unwrap_or_else(|e| panic!("open: {e}"))
    }

    /// Apply `event` on `on` with `reason`, panicking on refusal.
    pub fn go(p: &Procedure, run: &mut Run, event: &str, on: &str, reason: Option<&str>, facts: Facts) {
        let step = Step { event, on: d(on), by: 1, reason, facts };
        run.step(p, &step, &[], &cal()).unwrap_or_else(|e| panic!("{event} on {on} from {}: {e}", run.state));
    }

    /// Try `event` on `on`.
    pub fn attempt(p: &Procedure, run: &mut Run, event: &str, on: &str, reason: Option<&str>) -> Result<(), StepError> {
        let step = Step { event, on: d(on), by: 1, reason, facts: Facts::default() };
        run.step(p, &step, &[], &cal()).map(|_| ())
    }

    /// The due date of the latest clock `key`.
    pub fn due(run: &Run, key: &str) -> NaiveDate {
        run.clock(key).unwrap_or_else(|| panic!("no clock {key}")).due_on
    }

    /// The events allowed in `state`, in table order.
    pub fn allowed(p: &Procedure, state: &str) -> Vec<&'static str> {
        let mut v: Vec<&'static str> = Vec::new();
        for t in p.allowed(state) {
            if !v.contains(&t.event) {
                v.push(t.event);
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_sound() {
        for p in registry() {
            assert_eq!(p.defects(), vec![], "{}", p.kind);
            assert!(p.state(p.initial()).is_some_and(|s| !s.terminal), "{}", p.kind);
            for s in p.states {
                assert!(!s.public_label_zh.is_empty() && !s.name_zh.is_empty() && !s.name_en.is_empty());
            }
            for t in p.transitions {
                assert!(p.state(t.from).is_some() && p.state(t.to).is_some(), "{}: {t:?}", p.kind);
                assert!(!t.name_zh.is_empty());
                let parts: Vec<&str> = t.permission.split(':').collect();
                assert_eq!(parts.len(), 3, "{}", t.permission);
                assert_eq!((parts[0], parts[1]), ("case", p.kind), "{}", t.permission);
            }
            for c in p.clocks {
                assert!(!c.starts.citation.is_empty(), "{}: clock {} cites nothing", p.kind, c.starts.key);
            }
        }
    }

    #[test]
    fn kinds_are_unique_and_found() {
        let kinds: Vec<&str> = registry().iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            ["complaint", "report", "assistance", "mediation", "adjudication", "ecommerce_notice", "import_export"]
        );
        for k in &kinds {
            assert_eq!(for_kind(k).map(|p| p.kind), Some(*k));
        }
        assert!(for_kind("petition").is_none());
        assert_eq!(MatterType::ALL.len(), registry().len());
        for t in MatterType::ALL {
            assert_eq!(for_matter(*t).map(|p| p.kind), Some(t.code()), "{t}");
        }
    }

    #[test]
    fn public_labels_reveal_no_decision() {
        // The public lookup never shows words of a decision on a report or of a suspension's cause.
        for p in registry() {
            for s in p.states {
                for word in ["立案", "举报人", "鉴定", "回避", "违法"] {
                    assert!(!s.public_label_zh.contains(word), "{}.{}: {}", p.kind, s.key, s.public_label_zh);
                }
            }
        }
    }
}

#[cfg(test)]
mod override_tests {
    use super::*;
    use crate::case::clock::{ClockRule, PeriodUnit, RuleBasis};

    fn rule(key: &'static str, count: u32) -> ClockRule {
        ClockRule {
            key: key.into(),
            name_zh: "测试".into(),
            unit: PeriodUnit::Workdays,
            count,
            citation: "本中心标准".into(),
            basis: RuleBasis::LocalStandard,
            extension: None,
        }
    }

    #[test]
    fn only_configurable_rules_of_known_tracks() {
        let ok: ClockOverrides = [("simple".to_string(), vec![rule("assessment", 2)])].into();
        assert!(check_clock_overrides(&ok).is_ok());
        let bad: ClockOverrides = [
            ("simple".to_string(), vec![rule("acceptance", 3), rule("nope", 3), rule("assessment", 0)]),
            ("fast".to_string(), vec![]),
        ]
        .into();
        let errs = check_clock_overrides(&bad).err().map(|e| e.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>());
        assert_eq!(
            errs,
            Some(vec!["simple.acceptance".into(), "simple.assessment".into(), "simple.nope".into(), "track".into()])
        );
    }
}
