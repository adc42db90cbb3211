//! The shared core of every procedure: state and transition tables, clock triggers, guards, the lookup of allowed
//! events, and the structural checks ([`Procedure::defects`]) every table must pass.

use crate::case::clock::ClockRule;
use serde::Serialize;
use std::collections::{BTreeSet, VecDeque};
use thiserror::Error;

/// The pseudo-event of a matter's creation (收件): clocks with it in [`ClockTrigger::starts_on`] start on the day
/// the matter was received.
pub const RECEIVED: &str = "received";

/// One state of a procedure (办理状态).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StateDef {
    /// Stable key, e.g. `accepted`.
    pub key: &'static str,
    /// Chinese name shown to staff, e.g. 已受理.
    pub name_zh: &'static str,
    /// English name.
    pub name_en: &'static str,
    /// No transition leaves it.
    pub terminal: bool,
    /// What the public status lookup (公开查询) shows: a coarse label (已接收 / 办理中 / 已办结 …) that reveals
    /// nothing confidential — never the decision of a report, a party's name, or a suspension's reason.
    pub public_label_zh: &'static str,
}

/// A condition on a transition or clock trigger, decided by [`Facts`] about the matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Guard {
    /// Always applies.
    Always,
    /// Only when the reporter gave a real name (实名举报).
    RealNameReporter,
    /// Only when the reporter is anonymous (匿名举报).
    AnonymousReporter,
}

impl Guard {
    /// True when the guard lets the transition or trigger apply under `facts`.
    pub fn holds(self, facts: &Facts) -> bool {
        match self {
            Guard::Always => true,
            Guard::RealNameReporter => facts.real_name_reporter,
            Guard::AnonymousReporter => !facts.real_name_reporter,
        }
    }
}

/// Facts about a matter that select among guarded transitions; the caller reads them from the matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    /// The reporter gave a real name (实名举报). Default `true`: the stricter assumption, under which the reporter
    /// must be told of the decision (市场监督管理投诉举报处理暂行办法 Art.31 para2).
    pub real_name_reporter: bool,
}

impl Default for Facts {
    fn default() -> Self {
        Facts { real_name_reporter: true }
    }
}

/// One allowed step (流转): in state `from`, event `event` leads to `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Transition {
    /// The state it leaves.
    pub from: &'static str,
    /// The event, e.g. `accept`.
    pub event: &'static str,
    /// The state it enters (may equal `from`, e.g. an extension).
    pub to: &'static str,
    /// Chinese name of the step, e.g. 受理.
    pub name_zh: &'static str,
    /// The provision the step rests on, if any.
    pub citation: Option<&'static str>,
    /// The permission the actor needs, `case:<kind>:<action>`; the server checks it.
    pub permission: &'static str,
    /// The step needs a reason or summary (理由 / 服务记录).
    pub requires_reason: bool,
    /// When the step applies.
    pub guard: Guard,
}

impl Transition {
    /// A step with no citation, no reason required and no guard (for the tables; chain [`Transition::cite`],
    /// [`Transition::with_reason`], [`Transition::when`]).
    pub const fn new(
        from: &'static str,
        event: &'static str,
        to: &'static str,
        name_zh: &'static str,
        permission: &'static str,
    ) -> Transition {
        Transition {
            from,
            event,
            to,
            name_zh,
            citation: None,
            permission,
            requires_reason: false,
            guard: Guard::Always,
        }
    }

    /// The same step citing `citation`.
    pub const fn cite(mut self, citation: &'static str) -> Transition {
        self.citation = Some(citation);
        self
    }

    /// The same step requiring a reason.
    pub const fn with_reason(mut self) -> Transition {
        self.requires_reason = true;
        self
    }

    /// The same step under `guard`.
    pub const fn when(mut self, guard: Guard) -> Transition {
        self.guard = guard;
        self
    }

    /// Refuse a missing or blank reason when the step requires one.
    pub fn check_reason(&self, reason: Option<&str>) -> Result<(), TransitionError> {
        if self.requires_reason && reason.is_none_or(|r| r.trim().is_empty()) {
            return Err(TransitionError::ReasonRequired { event: self.event, name_zh: self.name_zh });
        }
        Ok(())
    }
}

/// What an event does to a clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockAction {
    /// Start it ([`crate::case::clock::Clock::start`]).
    Start,
    /// Meet it ([`crate::case::clock::Clock::complete`]).
    Meet,
    /// Suspend it ([`crate::case::clock::Clock::suspend`]).
    Suspend,
    /// Resume it ([`crate::case::clock::Clock::resume`]).
    Resume,
    /// Extend it ([`crate::case::clock::Clock::extend`]).
    Extend,
}

/// A statutory clock of a procedure and the events that drive it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClockTrigger {
    /// Events that start it ([`RECEIVED`] for the day of receipt).
    pub starts_on: &'static [&'static str],
    /// The rule it runs under (the default; see [`ClockTrigger::rule`]).
    pub starts: ClockRule,
    /// Events that meet it (the act it waits for).
    pub stops_on: &'static [&'static str],
    /// Events that suspend it (中止; time not counted).
    pub suspends_on: &'static [&'static str],
    /// Events that resume it.
    pub resumes_on: &'static [&'static str],
    /// Events that extend it (once, as the rule allows).
    pub extends_on: &'static [&'static str],
    /// When it starts at all (e.g. only for real-name reporters).
    pub guard: Guard,
}

impl ClockTrigger {
    /// A clock under `rule` started by `starts_on`, driven by no other event yet (for the tables; chain
    /// [`ClockTrigger::meets`], [`ClockTrigger::suspends`], [`ClockTrigger::resumes`], [`ClockTrigger::extends`],
    /// [`ClockTrigger::when`]).
    pub const fn new(starts_on: &'static [&'static str], rule: ClockRule) -> ClockTrigger {
        ClockTrigger {
            starts_on,
            starts: rule,
            stops_on: &[],
            suspends_on: &[],
            resumes_on: &[],
            extends_on: &[],
            guard: Guard::Always,
        }
    }

    /// The same clock, met by `events`.
    pub const fn meets(mut self, events: &'static [&'static str]) -> ClockTrigger {
        self.stops_on = events;
        self
    }

    /// The same clock, suspended by `events`.
    pub const fn suspends(mut self, events: &'static [&'static str]) -> ClockTrigger {
        self.suspends_on = events;
        self
    }

    /// The same clock, resumed by `events`.
    pub const fn resumes(mut self, events: &'static [&'static str]) -> ClockTrigger {
        self.resumes_on = events;
        self
    }

    /// The same clock, extended by `events`.
    pub const fn extends(mut self, events: &'static [&'static str]) -> ClockTrigger {
        self.extends_on = events;
        self
    }

    /// The same clock, started only under `guard`.
    pub const fn when(mut self, guard: Guard) -> ClockTrigger {
        self.guard = guard;
        self
    }

    /// The rule in force: an override with the same key from `overrides` (a deployment's stored settings) when the
    /// default is configurable ([`crate::case::clock::RuleBasis::configurable`]); otherwise the default. Statutory
    /// (\[T\]) rules are not overridden: they change with the law, in a release, next to their citation.
    pub fn rule<'a>(&'a self, overrides: &'a [ClockRule]) -> &'a ClockRule {
        if self.starts.basis.configurable() {
            if let Some(o) = overrides.iter().find(|o| o.key == self.starts.key) {
                return o;
            }
        }
        &self.starts
    }

    /// What `event` does to this clock, if anything (start first, then meet, suspend, resume, extend).
    pub fn action(&self, event: &str) -> Option<ClockAction> {
        [
            (self.starts_on, ClockAction::Start),
            (self.stops_on, ClockAction::Meet),
            (self.suspends_on, ClockAction::Suspend),
            (self.resumes_on, ClockAction::Resume),
            (self.extends_on, ClockAction::Extend),
        ]
        .into_iter()
        .find(|(events, _)| events.contains(&event))
        .map(|(_, action)| action)
    }

    fn events(&self) -> impl Iterator<Item = &'static str> + '_ {
        [self.starts_on, self.stops_on, self.suspends_on, self.resumes_on, self.extends_on]
            .into_iter()
            .flatten()
            .copied()
    }
}

/// A procedure (办理程序) as an explicit state machine, with the statute cited at each rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Procedure {
    /// The matter-type key it serves, e.g. `complaint` (equal to the matter type's code).
    pub kind: &'static str,
    /// Chinese name, e.g. 投诉处理.
    pub name_zh: &'static str,
    /// The state a new matter is in.
    pub initial: &'static str,
    /// Every state.
    pub states: &'static [StateDef],
    /// Every allowed step.
    pub transitions: &'static [Transition],
    /// The statutory clocks.
    pub clocks: &'static [ClockTrigger],
}

/// Why a step was refused. The server answers [`TransitionError::NotAllowed`] with 409 and the allowed events.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TransitionError {
    /// The event is not allowed in the state (or its guard does not hold).
    #[error("「{state}」状态下不能执行「{event}」，可执行：{}", list(.allowed))]
    NotAllowed {
        /// The present state.
        state: String,
        /// The event asked for.
        event: String,
        /// The events that are allowed there.
        allowed: Vec<&'static str>,
    },
    /// The state is not one of the procedure's.
    #[error("办理程序「{kind}」中没有状态「{state}」")]
    UnknownState {
        /// The procedure.
        kind: &'static str,
        /// The state given.
        state: String,
    },
    /// The step requires a reason and none was given.
    #[error("「{name_zh}」须填写理由")]
    ReasonRequired {
        /// The event.
        event: &'static str,
        /// Its Chinese name.
        name_zh: &'static str,
    },
}

fn list(events: &[&str]) -> String {
    if events.is_empty() {
        "无".to_string()
    } else {
        events.join("、")
    }
}

/// A structural fault in a procedure table, found by [`Procedure::defects`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ProcedureDefect {
    /// A state is referred to but not defined.
    #[error("「{kind}」引用了未定义的状态「{state}」")]
    UnknownState {
        /// The procedure.
        kind: &'static str,
        /// The state.
        state: &'static str,
    },
    /// Two states share a key.
    #[error("「{kind}」的状态「{state}」重复定义")]
    DuplicateState {
        /// The procedure.
        kind: &'static str,
        /// The state.
        state: &'static str,
    },
    /// Two transitions from one state on one event whose guards can both hold.
    #[error("「{kind}」在状态「{from}」下事件「{event}」重复定义")]
    DuplicateTransition {
        /// The procedure.
        kind: &'static str,
        /// The state.
        from: &'static str,
        /// The event.
        event: &'static str,
    },
    /// A clock refers to an event no transition has (and that is not [`RECEIVED`]).
    #[error("「{kind}」的计时「{clock}」引用了未定义的事件「{event}」")]
    UnknownEvent {
        /// The procedure.
        kind: &'static str,
        /// The clock's key.
        clock: String,
        /// The event.
        event: &'static str,
    },
    /// Two clocks share a key, or a clock has a zero period.
    #[error("「{kind}」的计时「{clock}」重复定义或期间为 0")]
    BadClock {
        /// The procedure.
        kind: &'static str,
        /// The clock's key.
        clock: String,
    },
    /// A state cannot be reached from the initial state.
    #[error("「{kind}」的状态「{state}」无法从初始状态到达")]
    Unreachable {
        /// The procedure.
        kind: &'static str,
        /// The state.
        state: &'static str,
    },
    /// A non-terminal state has no way out, or a terminal state has one.
    #[error("「{kind}」的状态「{state}」的终止标记与流转不符")]
    TerminalMismatch {
        /// The procedure.
        kind: &'static str,
        /// The state.
        state: &'static str,
    },
    /// A permission not of the form `case:<kind>:<action>` (action: lower-case letters and `_`).
    #[error("「{kind}」的权限标识「{permission}」不符合 case:{kind}:<动作> 格式")]
    BadPermission {
        /// The procedure.
        kind: &'static str,
        /// The permission.
        permission: &'static str,
    },
}

impl Procedure {
    /// The state a new matter starts in.
    pub fn initial(&self) -> &'static str {
        self.initial
    }

    /// The definition of state `key`.
    pub fn state(&self, key: &str) -> Option<&'static StateDef> {
        self.states.iter().find(|s| s.key == key)
    }

    /// What the public status lookup shows for state `key`.
    pub fn public_label(&self, key: &str) -> Option<&'static str> {
        self.state(key).map(|s| s.public_label_zh)
    }

    /// Every event name the procedure knows, in table order, without repeats.
    pub fn events(&self) -> Vec<&'static str> {
        let mut seen = Vec::new();
        for t in self.transitions {
            if !seen.contains(&t.event) {
                seen.push(t.event);
            }
        }
        seen
    }

    /// Every permission string the procedure's steps need, in table order, without repeats (for the permission
    /// catalogue and role seeds).
    pub fn permissions(&self) -> Vec<&'static str> {
        let mut seen = Vec::new();
        for t in self.transitions {
            if !seen.contains(&t.permission) {
                seen.push(t.permission);
            }
        }
        seen
    }

    /// The steps allowed in `state` under the default [`Facts`].
    pub fn allowed(&self, state: &str) -> Vec<&'static Transition> {
        self.allowed_with(state, &Facts::default())
    }

    /// The steps allowed in `state` under `facts`.
    pub fn allowed_with(&self, state: &str, facts: &Facts) -> Vec<&'static Transition> {
        self.transitions.iter().filter(|t| t.from == state && t.guard.holds(facts)).collect()
    }

    /// The step `event` takes from `state` under the default [`Facts`]. Refused with
    /// [`TransitionError::NotAllowed`] (naming the allowed events) or [`TransitionError::UnknownState`].
    pub fn apply(&self, state: &str, event: &str) -> Result<&'static Transition, TransitionError> {
        self.apply_with(state, event, &Facts::default())
    }

    /// The step `event` takes from `state` under `facts`.
    pub fn apply_with(&self, state: &str, event: &str, facts: &Facts) -> Result<&'static Transition, TransitionError> {
        if self.state(state).is_none() {
            return Err(TransitionError::UnknownState { kind: self.kind, state: state.to_string() });
        }
        let allowed = self.allowed_with(state, facts);
        if let Some(t) = allowed.iter().find(|t| t.event == event) {
            return Ok(t);
        }
        let mut events: Vec<&'static str> = Vec::new();
        for t in allowed {
            if !events.contains(&t.event) {
                events.push(t.event);
            }
        }
        Err(TransitionError::NotAllowed { state: state.to_string(), event: event.to_string(), allowed: events })
    }

    /// What `event` does to the procedure's clocks under `facts`: a start only when the trigger's guard holds.
    /// Starts come last, so one event can meet one clock and start the next.
    pub fn clock_actions(&self, event: &str, facts: &Facts) -> Vec<(ClockAction, &'static ClockTrigger)> {
        let mut actions: Vec<(ClockAction, &'static ClockTrigger)> = self
            .clocks
            .iter()
            .filter_map(|c| c.action(event).map(|a| (a, c)))
            .filter(|(a, c)| *a != ClockAction::Start || c.guard.holds(facts))
            .collect();
        actions.sort_by_key(|(a, _)| *a == ClockAction::Start);
        actions
    }

    /// The clock trigger whose rule has key `key`.
    pub fn clock(&self, key: &str) -> Option<&'static ClockTrigger> {
        self.clocks.iter().find(|c| c.starts.key == key)
    }

    /// Structural faults of the table: undefined or duplicate states, duplicate transitions, clocks naming unknown
    /// events, duplicate or zero clocks, states unreachable from the initial one, non-terminal dead ends or
    /// terminal states with exits, and permissions not of the form `case:<kind>:<action>`. Empty for a sound table;
    /// the unit tests require it of every registered procedure.
    pub fn defects(&self) -> Vec<ProcedureDefect> {
        let kind = self.kind;
        let mut out = Vec::new();
        let mut keys = BTreeSet::new();
        for s in self.states {
            if !keys.insert(s.key) {
                out.push(ProcedureDefect::DuplicateState { kind, state: s.key });
            }
        }
        let mut referred = vec![self.initial];
        for t in self.transitions {
            referred.extend([t.from, t.to]);
        }
        for state in referred {
            if !keys.contains(state) && !out.contains(&ProcedureDefect::UnknownState { kind, state }) {
                out.push(ProcedureDefect::UnknownState { kind, state });
            }
        }
        for (i, t) in self.transitions.iter().enumerate() {
            let clash = self.transitions[..i].iter().any(|u| {
                u.from == t.from
                    && u.event == t.event
                    && (u.guard == t.guard || u.guard == Guard::Always || t.guard == Guard::Always)
            });
            if clash {
                out.push(ProcedureDefect::DuplicateTransition { kind, from: t.from, event: t.event });
            }
            if !permission_ok(kind, t.permission) {
                out.push(ProcedureDefect::BadPermission { kind, permission: t.permission });
            }
        }
        let events = self.events();
        let mut clock_keys = BTreeSet::new();
        for c in self.clocks {
            let key = c.starts.key.to_string();
            if !clock_keys.insert(key.clone())
                || c.starts.count == 0
                || c.starts.extension.as_ref().is_some_and(|e| e.count == 0)
            {
                out.push(ProcedureDefect::BadClock { kind, clock: key.clone() });
            }
            for event in c.events() {
                if event != RECEIVED && !events.contains(&event) {
                    out.push(ProcedureDefect::UnknownEvent { kind, clock: key.clone(), event });
                }
            }
        }
        let mut reached = BTreeSet::from([self.initial]);
        let mut queue = VecDeque::from([self.initial]);
        while let Some(s) = queue.pop_front() {
            for t in self.transitions.iter().filter(|t| t.from == s) {
                if reached.insert(t.to) {
                    queue.push_back(t.to);
                }
            }
        }
        for s in self.states {
            if !reached.contains(s.key) {
                out.push(ProcedureDefect::Unreachable { kind, state: s.key });
            }
            let exits = self.transitions.iter().any(|t| t.from == s.key);
            if exits == s.terminal {
                out.push(ProcedureDefect::TerminalMismatch { kind, state: s.key });
            }
        }
        out
    }
}

/// `case:<kind>:<action>` with an action of lower-case ASCII letters and `_`.
fn permission_ok(kind: &str, permission: &str) -> bool {
    let parts: Vec<&str> = permission.split(':').collect();
    matches!(parts.as_slice(), ["case", k, action]
        if *k == kind && !action.is_empty() && action.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::clock::{PeriodUnit, RuleBasis};
    use std::borrow::Cow;

    const STATES: &[StateDef] = &[
        StateDef { key: "a", name_zh: "甲", name_en: "A", terminal: false, public_label_zh: "办理中" },
        StateDef { key: "b", name_zh: "乙", name_en: "B", terminal: true, public_label_zh: "已办结" },
        StateDef { key: "c", name_zh: "丙", name_en: "C", terminal: false, public_label_zh: "办理中" },
    ];

    const fn t(from: &'static str, event: &'static str, to: &'static str, permission: &'static str) -> Transition {
        Transition {
            from,
            event,
            to,
            name_zh: "测试",
            citation: None,
            permission,
            requires_reason: false,
            guard: Guard::Always,
        }
    }

    static BROKEN: Procedure = Procedure {
        kind: "demo",
        name_zh: "演示",
        initial: "a",
        states: STATES,
        transitions: &[
            t("a", "go", "b", "case:demo:go"),
            t("a", "go", "x", "system:demo:go"),
            t("b", "back", "a", "case:other:back"),
        ],
        clocks: &[ClockTrigger {
            starts_on: &["nowhere"],
            starts: ClockRule {
                key: Cow::Borrowed("k"),
                name_zh: Cow::Borrowed("期限"),
                unit: PeriodUnit::Workdays,
                count: 0,
                citation: Cow::Borrowed("测试"),
                basis: RuleBasis::LocalStandard,
                extension: None,
            },
            stops_on: &["go"],
            suspends_on: &[],
            resumes_on: &[],
            extends_on: &[],
            guard: Guard::Always,
        }],
    };

    fn broken() -> &'static Procedure {
        &BROKEN
    }

    #[test]
    fn defects_are_found() {
        let p = broken();
        let defects = p.defects();
        let expect = [
            ProcedureDefect::UnknownState { kind: "demo", state: "x" },
            ProcedureDefect::DuplicateTransition { kind: "demo", from: "a", event: "go" },
            ProcedureDefect::BadPermission { kind: "demo", permission: "system:demo:go" },
            ProcedureDefect::BadPermission { kind: "demo", permission: "case:other:back" },
            ProcedureDefect::BadClock { kind: "demo", clock: "k".into() },
            ProcedureDefect::UnknownEvent { kind: "demo", clock: "k".into(), event: "nowhere" },
            ProcedureDefect::TerminalMismatch { kind: "demo", state: "b" },
            ProcedureDefect::Unreachable { kind: "demo", state: "c" },
            ProcedureDefect::TerminalMismatch { kind: "demo", state: "c" },
        ];
        for e in &expect {
            assert!(defects.contains(e), "missing {e:?} in {defects:?}");
        }
        assert_eq!(defects.len(), expect.len(), "{defects:?}");
    }

    #[test]
    fn overrides_apply_to_configurable_rules_only() {
        let p = broken();
        let trigger = &p.clocks[0];
        let mut o = trigger.starts.clone();
        o.count = 9;
        assert_eq!(trigger.rule(std::slice::from_ref(&o)).count, 9);
        let mut statutory = trigger.clone();
        statutory.starts.basis = RuleBasis::Statute;
        assert_eq!(statutory.rule(std::slice::from_ref(&o)).count, 0);
    }

    #[test]
    fn not_allowed_lists_events_and_reads_in_chinese() {
        let p = broken();
        let err = p.apply("a", "back");
        assert_eq!(
            err,
            Err(TransitionError::NotAllowed { state: "a".into(), event: "back".into(), allowed: vec!["go"] })
        );
        assert_eq!(err.map_err(|e| e.to_string()), Err("「a」状态下不能执行「back」，可执行：go".to_string()));
        assert_eq!(
            p.apply("zzz", "go").map_err(|e| e.to_string()),
            Err("办理程序「demo」中没有状态「zzz」".to_string())
        );
        assert_eq!(
            p.apply("c", "go").map_err(|e| e.to_string()),
            Err("「c」状态下不能执行「go」，可执行：无".to_string())
        );
    }

    #[test]
    fn reasons_are_checked() {
        let mut tr = t("a", "go", "b", "case:demo:go");
        assert_eq!(tr.check_reason(None), Ok(()));
        tr.requires_reason = true;
        let err = Err(TransitionError::ReasonRequired { event: "go", name_zh: "测试" });
        assert_eq!(tr.check_reason(None), err);
        assert_eq!(tr.check_reason(Some("  ")), err);
        assert_eq!(tr.check_reason(Some("理由")), Ok(()));
    }

    #[test]
    fn permission_form() {
        assert!(permission_ok("complaint", "case:complaint:accept"));
        assert!(permission_ok("ecommerce_notice", "case:ecommerce_notice:extend_filing"));
        assert!(!permission_ok("complaint", "case:complaint:"));
        assert!(!permission_ok("complaint", "case:complaint:Accept"));
        assert!(!permission_ok("complaint", "case:complaint:accept:x"));
        assert!(!permission_ok("complaint", "case:report:accept"));
    }
}
