//! Named statutory clocks (审限 / 法定期限) on the working-day [`Calendar`].
//!
//! A [`ClockRule`] is the law as data: a period (working days, calendar days or months), the citation that sets
//! it, where the rule's status is taken from (`basis`: read statute, secondary source, unverified, or a local
//! service standard) and an optional one-time [`Extension`]. Rules derive serde so a deployment can store overrides
//! of the configurable ones (see [`RuleBasis::configurable`]).
//!
//! A [`Clock`] is one rule running for one matter: started on the day of its trigger event, it may be suspended
//! (中止) and resumed, extended once (延长), completed (met, on time or late) or found missed (超期) by
//! [`Clock::tick`]. Every operation takes the date it happens on and the [`Calendar`]; nothing reads the system
//! clock. [`Clock::recompute`] derives the due date again from the recorded history (start, suspensions, extension),
//! for when a calendar table was corrected; it gives the answer the incremental operations gave.
//!
//! Counting rules (on top of those of [`Calendar::add_workdays`], [`Calendar::add_days`] and
//! [`Calendar::add_months`] — start day not counted, rest days skipped or rolled over):
//! - **Suspension** on day `S`: day `S` counts as used (the clock ran on it); nothing after `S` runs until resumed.
//!   Working-day rules keep the working days in `(S, due]`; day and month rules keep the calendar days from `S` to
//!   the period's unrolled end (`period_end − S`, at least 0) — a month rule becomes a day count once suspended.
//! - **Resumption** on day `R`: `R` is treated like a new start day (not counted). Working-day rules end on the
//!   `remaining`-th working day after `R`; day and month rules end `remaining` calendar days after `R`, rolled
//!   forward to a working day like [`Calendar::add_days`]. With nothing remaining the clock ends on `R` (rolled
//!   forward). So a suspension and resumption on the same day change nothing.
//! - **Extension**: counted in the extension's unit from the period's unrolled end (for working-day rules the due
//!   date itself), then rolled forward. Reading taken: the roll-forward of 民法典 Art.203 protects only the final
//!   last day, so an extended period continues from where the unextended one really ended.

use crate::calendar::{Calendar, CalendarError};
use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;
use thiserror::Error;

/// The unit a period is counted in (期间单位).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodUnit {
    /// Working days (工作日): [`Calendar::add_workdays`].
    Workdays,
    /// Calendar days (日): [`Calendar::add_days`].
    Days,
    /// Months (月): [`Calendar::add_months`].
    Months,
}

impl PeriodUnit {
    /// The Chinese unit word as used after a number: 个工作日, 日, 个月.
    pub fn name_zh(self) -> &'static str {
        match self {
            PeriodUnit::Workdays => "个工作日",
            PeriodUnit::Days => "日",
            PeriodUnit::Months => "个月",
        }
    }

    /// The period of `count` units starting on `from` (not counted): `(unrolled end, due date)`. For working days
    /// both are the same day.
    fn period(self, from: NaiveDate, count: u32, cal: &Calendar) -> Result<(NaiveDate, NaiveDate), CalendarError> {
        match self {
            PeriodUnit::Workdays => {
                let due = cal.add_workdays(from, count)?;
                Ok((due, due))
            }
            PeriodUnit::Days => {
                let due = cal.add_days(from, count)?;
                let end = from.checked_add_days(Days::new(u64::from(count))).ok_or(CalendarError::OutOfRange)?;
                Ok((end, due))
            }
            PeriodUnit::Months => {
                let due = cal.add_months(from, count)?;
                let end = from.checked_add_months(Months::new(count)).ok_or(CalendarError::OutOfRange)?;
                Ok((end, due))
            }
        }
    }
}

/// Where a rule's number comes from, in the status legend of `procedure.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleBasis {
    /// \[T\]: the official text was read; the number is fixed in code and changes only with the law (a release).
    Statute,
    /// \[S\]: confirmed from a secondary source only (article number second-hand); configurable until verified.
    Secondary,
    /// \[R\]: recalled, not verified; configurable, and to be verified before relying on it.
    Unverified,
    /// Not law: a local service standard (服务标准) the office sets itself; configurable.
    LocalStandard,
}

impl RuleBasis {
    /// True when a deployment may override the rule's numbers (every basis except [`RuleBasis::Statute`]).
    pub fn configurable(self) -> bool {
        !matches!(self, RuleBasis::Statute)
    }

    /// Chinese label for the UI: 法定期限, 法定期限（条文待核实）, 待核实, 本地服务标准.
    pub fn name_zh(self) -> &'static str {
        match self {
            RuleBasis::Statute => "法定期限",
            RuleBasis::Secondary => "法定期限（条文待核实）",
            RuleBasis::Unverified => "待核实",
            RuleBasis::LocalStandard => "本地服务标准",
        }
    }
}

/// A one-time extension a rule allows (延长期限).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    /// Unit of the extension.
    pub unit: PeriodUnit,
    /// How many units at most.
    pub count: u32,
    /// The provision allowing it.
    pub citation: Cow<'static, str>,
    /// Whether an approval (批准) is needed. The clock does not check who approves: the caller checks the approver's
    /// permission before calling [`Clock::extend`].
    pub needs_approval: bool,
}

/// A statutory time limit as data (期限规则): what runs, how long, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockRule {
    /// Stable key within its procedure, e.g. `"acceptance"`; overrides are matched by it.
    pub key: Cow<'static, str>,
    /// Chinese name, e.g. 受理期限.
    pub name_zh: Cow<'static, str>,
    /// Unit of the period.
    pub unit: PeriodUnit,
    /// Length of the period (at least 1).
    pub count: u32,
    /// The provision setting the period, e.g. `市场监督管理投诉举报处理暂行办法 Art.14`.
    pub citation: Cow<'static, str>,
    /// The status of the rule's source; non-statutory rules are configurable.
    pub basis: RuleBasis,
    /// The one extension the rule allows, if any.
    pub extension: Option<Extension>,
}

impl ClockRule {
    /// The due date of a period under this rule triggered on `from` (not counted).
    pub fn due(&self, from: NaiveDate, cal: &Calendar) -> Result<NaiveDate, ClockError> {
        Ok(self.unit.period(from, self.count, cal)?.1)
    }

    /// A short Chinese description, e.g. `7个工作日` or `3个月（可延长1个月）`.
    pub fn describe_zh(&self) -> String {
        let mut s = format!("{}{}", self.count, self.unit.name_zh());
        if let Some(ext) = &self.extension {
            s.push_str(&format!("（可延长{}{}）", ext.count, ext.unit.name_zh()));
        }
        s
    }
}

/// The extension granted to a clock (延长记录).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionRecord {
    /// The user who approved it (the caller has checked the permission).
    pub by: i64,
    /// Why (required).
    pub reason: String,
    /// The day it was granted.
    pub on: NaiveDate,
    /// How many suspensions were recorded when it was granted: its place in the history, for [`Clock::recompute`].
    pub after_suspensions: usize,
}

/// One suspension (中止): from `since` until `until` (open while `None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suspension {
    /// The day the clock stopped (counted as used).
    pub since: NaiveDate,
    /// The day it was resumed (not counted), if it was.
    pub until: Option<NaiveDate>,
}

/// The state a clock is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ClockState {
    /// Running towards `due_on` (extended or not: see [`Clock::extended`] and [`Clock::status`]).
    Running,
    /// Stopped (中止) since `since`, with `remaining` units left: working days for working-day rules, calendar days
    /// for day and month rules.
    Suspended {
        /// The day it stopped.
        since: NaiveDate,
        /// What was left: working days (working-day rules) or calendar days (day and month rules).
        remaining: u32,
    },
    /// Completed on `on`; `late` when that was after the due date.
    Met {
        /// The day the act the clock waited for was done.
        on: NaiveDate,
        /// Done after the due date (it went missed first, or was completed late before a tick noticed).
        late: bool,
    },
    /// The due date passed while it was running (超期).
    Missed {
        /// The due date that passed.
        due_on: NaiveDate,
    },
}

/// What the UI shows of a clock: running, extended, suspended, met or missed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockStatus {
    /// Running, never extended (计时中).
    Running,
    /// Running after its extension (已延长).
    Extended,
    /// Suspended (已中止).
    Suspended,
    /// Completed (已完成), on time or late: see [`Clock::late`].
    Met,
    /// Overdue (已超期).
    Missed,
}

impl ClockStatus {
    /// Stable key: `running`, `extended`, `suspended`, `met`, `missed`.
    pub fn key(self) -> &'static str {
        match self {
            ClockStatus::Running => "running",
            ClockStatus::Extended => "extended",
            ClockStatus::Suspended => "suspended",
            ClockStatus::Met => "met",
            ClockStatus::Missed => "missed",
        }
    }

    /// Chinese label: 计时中, 已延长, 已中止, 已完成, 已超期.
    pub fn name_zh(self) -> &'static str {
        match self {
            ClockStatus::Running => "计时中",
            ClockStatus::Extended => "已延长",
            ClockStatus::Suspended => "已中止",
            ClockStatus::Met => "已完成",
            ClockStatus::Missed => "已超期",
        }
    }
}

impl fmt::Display for ClockStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name_zh())
    }
}

/// Why a clock operation was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ClockError {
    /// The operation does not apply in the clock's present state.
    #[error("计时处于「{status}」状态，不能{operation}")]
    InvalidState {
        /// The clock's status.
        status: ClockStatus,
        /// What was attempted (Chinese), e.g. 中止.
        operation: &'static str,
    },
    /// The calendar could not answer (most often [`CalendarError::YearNotCovered`]).
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// The rule allows no extension.
    #[error("「{0}」不允许延长")]
    ExtensionNotAllowed(String),
    /// The one extension was already granted.
    #[error("「{0}」已延长过一次，不能再次延长")]
    ExtensionAlreadyUsed(String),
    /// An extension without a reason.
    #[error("延长期限须说明理由")]
    EmptyReason,
    /// The date is before the clock's last recorded event.
    #[error("日期 {on} 早于计时的上一事件日期 {earliest}")]
    DateOrder {
        /// The date given.
        on: NaiveDate,
        /// The earliest date allowed.
        earliest: NaiveDate,
    },
    /// Suspension or extension asked after the due date passed (the clock is missed; call [`Clock::tick`]).
    #[error("期限已于 {due_on} 届满，不能{operation}")]
    Overdue {
        /// The due date.
        due_on: NaiveDate,
        /// What was attempted (Chinese).
        operation: &'static str,
    },
}

/// One statutory clock of one matter (计时器).
///
/// Fields are public so the store can persist and reload a clock (it derives serde); change them only through the
/// operations, or call [`Clock::recompute`] afterwards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clock {
    /// The rule's key.
    pub key: Cow<'static, str>,
    /// The rule it runs under (a copy: later changes of a configured rule do not move running clocks).
    pub rule: ClockRule,
    /// The trigger day (not counted).
    pub started_on: NaiveDate,
    /// The last day to act: the due date (while suspended, the one that stood when it was suspended).
    pub due_on: NaiveDate,
    /// The period's end before any roll-forward (equal to `due_on` for working-day rules); extensions and
    /// suspensions of day and month rules count from it.
    pub period_end: NaiveDate,
    /// Running, suspended, met or missed.
    pub state: ClockState,
    /// The extension, once granted.
    pub extended: Option<ExtensionRecord>,
    /// Every suspension, in order; only the last may be open.
    pub suspensions: Vec<Suspension>,
}

/// The working days in `(after, through]`.
fn workdays_between(cal: &Calendar, after: NaiveDate, through: NaiveDate) -> Result<u32, CalendarError> {
    let mut n = 0;
    let mut day = after;
    while day < through {
        day = day.succ_opt().ok_or(CalendarError::OutOfRange)?;
        if cal.is_workday(day)? {
            n += 1;
        }
    }
    Ok(n)
}

/// What is left when suspended on `since`: working days in `(since, due]` for working-day rules, calendar days from
/// `since` to the unrolled `end` (at least 0) otherwise.
fn remaining_at(
    unit: PeriodUnit,
    since: NaiveDate,
    end: NaiveDate,
    due: NaiveDate,
    cal: &Calendar,
) -> Result<u32, CalendarError> {
    match unit {
        PeriodUnit::Workdays => workdays_between(cal, since, due),
        PeriodUnit::Days | PeriodUnit::Months => Ok(u32::try_from((end - since).num_days().max(0)).unwrap_or(u32::MAX)),
    }
}

/// `(period_end, due)` after resuming on `on` with `remaining` units left.
fn resumed(
    unit: PeriodUnit,
    on: NaiveDate,
    remaining: u32,
    cal: &Calendar,
) -> Result<(NaiveDate, NaiveDate), CalendarError> {
    if remaining == 0 {
        let due = cal.roll_forward(on)?;
        return Ok((if unit == PeriodUnit::Workdays { due } else { on }, due));
    }
    match unit {
        PeriodUnit::Workdays => PeriodUnit::Workdays.period(on, remaining, cal),
        PeriodUnit::Days | PeriodUnit::Months => PeriodUnit::Days.period(on, remaining, cal),
    }
}

/// `(period_end, due)` after extending a period that ended on `end` by `ext`.
fn extended(ext: &Extension, end: NaiveDate, cal: &Calendar) -> Result<(NaiveDate, NaiveDate), CalendarError> {
    ext.unit.period(end, ext.count, cal)
}

impl Clock {
    /// Start a clock under `rule`, triggered on `on` (the start day is not counted): due per the rule's unit.
    pub fn start(rule: ClockRule, on: NaiveDate, cal: &Calendar) -> Result<Clock, ClockError> {
        let (period_end, due_on) = rule.unit.period(on, rule.count, cal)?;
        Ok(Clock {
            key: rule.key.clone(),
            rule,
            started_on: on,
            due_on,
            period_end,
            state: ClockState::Running,
            extended: None,
            suspensions: Vec::new(),
        })
    }

    /// What the UI shows: running, extended, suspended, met or missed.
    pub fn status(&self) -> ClockStatus {
        match self.state {
            ClockState::Running if self.extended.is_some() => ClockStatus::Extended,
            ClockState::Running => ClockStatus::Running,
            ClockState::Suspended { .. } => ClockStatus::Suspended,
            ClockState::Met { .. } => ClockStatus::Met,
            ClockState::Missed { .. } => ClockStatus::Missed,
        }
    }

    /// True when the clock was completed after its due date.
    pub fn late(&self) -> bool {
        matches!(self.state, ClockState::Met { late: true, .. })
    }

    /// The latest day in the clock's history: no operation may be dated before it.
    fn last_event(&self) -> NaiveDate {
        let mut last = self.started_on;
        for s in &self.suspensions {
            last = last.max(s.until.unwrap_or(s.since));
        }
        if let Some(ext) = &self.extended {
            last = last.max(ext.on);
        }
        last
    }

    fn check_order(&self, on: NaiveDate) -> Result<(), ClockError> {
        let earliest = self.last_event();
        if on < earliest {
            return Err(ClockError::DateOrder { on, earliest });
        }
        Ok(())
    }

    fn invalid(&self, operation: &'static str) -> ClockError {
        ClockError::InvalidState { status: self.status(), operation }
    }

    /// Suspend (中止) a running clock on `on`; day `on` counts as used. Refused when not running, when `on` is
    /// before the last event, and when `on` is after the due date ([`ClockError::Overdue`]).
    pub fn suspend(&mut self, on: NaiveDate, cal: &Calendar) -> Result<(), ClockError> {
        const OP: &str = "中止";
        if self.state != ClockState::Running {
            return Err(self.invalid(OP));
        }
        self.check_order(on)?;
        if on > self.due_on {
            return Err(ClockError::Overdue { due_on: self.due_on, operation: OP });
        }
        let remaining = remaining_at(self.rule.unit, on, self.period_end, self.due_on, cal)?;
        self.suspensions.push(Suspension { since: on, until: None });
        self.state = ClockState::Suspended { since: on, remaining };
        Ok(())
    }

    /// Resume a suspended clock on `on` (not counted) with what was left: working-day rules end on the
    /// `remaining`-th working day after `on`; day and month rules `remaining` calendar days after `on`, rolled
    /// forward to a working day.
    pub fn resume(&mut self, on: NaiveDate, cal: &Calendar) -> Result<(), ClockError> {
        let ClockState::Suspended { since, remaining } = self.state else {
            return Err(self.invalid("恢复计时"));
        };
        if on < since {
            return Err(ClockError::DateOrder { on, earliest: since });
        }
        let (end, due) = resumed(self.rule.unit, on, remaining, cal)?;
        if let Some(last) = self.suspensions.last_mut() {
            last.until = Some(on);
        }
        self.period_end = end;
        self.due_on = due;
        self.state = ClockState::Running;
        Ok(())
    }

    /// Extend a running clock once, as its rule allows, approved by user `by` on `on` for `reason`.
    ///
    /// The caller has checked that `by` may approve (the rule's [`Extension::needs_approval`]); the clock checks
    /// only that the rule allows an extension, that none was granted yet, that a reason is given, and that the due
    /// date has not passed.
    pub fn extend(&mut self, by: i64, reason: &str, on: NaiveDate, cal: &Calendar) -> Result<(), ClockError> {
        const OP: &str = "延长";
        if self.state != ClockState::Running {
            return Err(self.invalid(OP));
        }
        let Some(ext) = &self.rule.extension else {
            return Err(ClockError::ExtensionNotAllowed(self.rule.name_zh.to_string()));
        };
        if self.extended.is_some() {
            return Err(ClockError::ExtensionAlreadyUsed(self.rule.name_zh.to_string()));
        }
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(ClockError::EmptyReason);
        }
        self.check_order(on)?;
        if on > self.due_on {
            return Err(ClockError::Overdue { due_on: self.due_on, operation: OP });
        }
        let (end, due) = extended(ext, self.period_end, cal)?;
        self.extended =
            Some(ExtensionRecord { by, reason: reason.to_string(), on, after_suspensions: self.suspensions.len() });
        self.period_end = end;
        self.due_on = due;
        Ok(())
    }

    /// Complete the clock on `on`: the act it waited for was done. Met on time when `on` ≤ due; late otherwise
    /// (also after it was missed). A suspended clock is resumed on `on` first, so it is met on time.
    pub fn complete(&mut self, on: NaiveDate, cal: &Calendar) -> Result<(), ClockError> {
        match self.state {
            ClockState::Met { .. } => return Err(self.invalid("完成")),
            ClockState::Suspended { .. } => self.resume(on, cal)?,
            ClockState::Running | ClockState::Missed { .. } => self.check_order(on)?,
        }
        let late = matches!(self.state, ClockState::Missed { .. }) || on > self.due_on;
        self.state = ClockState::Met { on, late };
        Ok(())
    }

    /// Mark a running clock missed when `today` is past its due date. Returns true only when it has just become
    /// missed, so the caller escalates (督办) once.
    pub fn tick(&mut self, today: NaiveDate) -> bool {
        if self.state == ClockState::Running && today > self.due_on {
            self.state = ClockState::Missed { due_on: self.due_on };
            return true;
        }
        false
    }

    /// Working days left on `today`: those in `(today, due]` (0 on the due day itself); negative when overdue (minus
    /// the working days in `(due, today]`, at least −1). A suspended working-day clock answers its remaining working
    /// days; a suspended day or month clock answers what would be left if resumed today. A met clock has none
    /// ([`ClockError::InvalidState`]).
    pub fn remaining_workdays(&self, today: NaiveDate, cal: &Calendar) -> Result<i64, ClockError> {
        match self.state {
            ClockState::Met { .. } => Err(self.invalid("计算剩余工作日")),
            ClockState::Suspended { remaining, .. } => match self.rule.unit {
                PeriodUnit::Workdays => Ok(i64::from(remaining)),
                PeriodUnit::Days | PeriodUnit::Months => {
                    let (_, due) = resumed(self.rule.unit, today, remaining, cal)?;
                    Ok(i64::from(workdays_between(cal, today, due)?))
                }
            },
            ClockState::Running | ClockState::Missed { .. } => {
                if today <= self.due_on {
                    Ok(i64::from(workdays_between(cal, today, self.due_on)?))
                } else {
                    Ok(-i64::from(workdays_between(cal, self.due_on, today)?.max(1)))
                }
            }
        }
    }

    /// True when the clock is running (extended or not) and at most `n` working days remain on `today` (overdue
    /// but not yet ticked included): time to remind the handler.
    pub fn reminder_due(&self, today: NaiveDate, n: u32, cal: &Calendar) -> Result<bool, ClockError> {
        if self.state != ClockState::Running {
            return Ok(false);
        }
        Ok(self.remaining_workdays(today, cal)? <= i64::from(n))
    }

    /// Derive `due_on`, `period_end` and the state's numbers again from the start, suspensions and extension — after
    /// a calendar table was added or corrected. Gives the same result as the incremental operations did on the same
    /// calendar. A met clock's `late` is re-judged against the new due date; a missed clock stays missed (its
    /// escalation happened) with the new due date; a running clock stays running (call [`Clock::tick`]).
    pub fn recompute(&mut self, cal: &Calendar) -> Result<(), ClockError> {
        let unit = self.rule.unit;
        let (mut end, mut due) = unit.period(self.started_on, self.rule.count, cal)?;
        let mut open = None;
        for i in 0..=self.suspensions.len() {
            if let (Some(rec), Some(ext)) = (&self.extended, &self.rule.extension) {
                if rec.after_suspensions == i {
                    (end, due) = extended(ext, end, cal)?;
                }
            }
            let Some(s) = self.suspensions.get(i) else { break };
            let remaining = remaining_at(unit, s.since, end, due, cal)?;
            match s.until {
                Some(until) => (end, due) = resumed(unit, until, remaining, cal)?,
                None => open = Some((s.since, remaining)),
            }
        }
        self.period_end = end;
        self.due_on = due;
        self.state = match (self.state, open) {
            (ClockState::Suspended { .. }, Some((since, remaining))) => ClockState::Suspended { since, remaining },
            (ClockState::Met { on, .. }, _) => ClockState::Met { on, late: on > due },
            (ClockState::Missed { .. }, _) => ClockState::Missed { due_on: due },
            (state, _) => state,
        };
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("bad test date {s}: {e}"))
    }

    fn cal() -> Calendar {
        Calendar::builtin()
    }

    fn rule(unit: PeriodUnit, count: u32, ext: Option<(PeriodUnit, u32)>) -> ClockRule {
        ClockRule {
            key: Cow::Borrowed("test"),
            name_zh: Cow::Borrowed("测试期限"),
            unit,
            count,
            citation: Cow::Borrowed("测试"),
            basis: RuleBasis::Statute,
            extension: ext.map(|(unit, count)| Extension {
                unit,
                count,
                citation: Cow::Borrowed("测试"),
                needs_approval: true,
            }),
        }
    }

    fn started(r: ClockRule, on: &str) -> Clock {
        Clock::start(r, d(on), &cal()).unwrap_or_else(|e| panic!("start: {e}"))
    }

    fn ok<T>(r: Result<T, ClockError>) -> T {
        r.unwrap_or_else(|e| panic!("unexpected error: {e}"))
    }

    /// Recomputing from the history must give the clock the incremental operations built.
    fn assert_recompute_same(c: &Clock) {
        let mut again = c.clone();
        again.due_on = d("2000-01-01");
        again.period_end = d("2000-01-01");
        ok(again.recompute(&cal()));
        assert_eq!(&again, c);
    }

    #[test]
    fn seven_workdays_across_national_day_2025() {
        // Received Fri 2025-09-26 (not counted). Working days after it: Sun 9/28 (调休上班) 1, Mon 9/29 2,
        // Tue 9/30 3, [10/1–10/8 off], Thu 10/9 4, Fri 10/10 5, Sat 10/11 (调休上班) 6, Mon 10/13 7.
        let c = started(rule(PeriodUnit::Workdays, 7, None), "2025-09-26");
        assert_eq!(c.due_on, d("2025-10-13"));
        assert_eq!(c.period_end, c.due_on);
        assert_eq!(c.status(), ClockStatus::Running);
        assert_recompute_same(&c);
    }

    #[test]
    fn remaining_workdays_and_reminders() {
        let c = started(rule(PeriodUnit::Workdays, 7, None), "2025-09-26");
        let cal = cal();
        // (9/30, 10/13]: 10/9, 10/10, 10/11 (Sat 上班), 10/13 → 4.
        assert_eq!(c.remaining_workdays(d("2025-09-30"), &cal), Ok(4));
        assert_eq!(c.remaining_workdays(d("2025-10-03"), &cal), Ok(4)); // inside the holiday
        assert_eq!(c.remaining_workdays(d("2025-10-13"), &cal), Ok(0));
        assert_eq!(c.remaining_workdays(d("2025-10-14"), &cal), Ok(-1));
        assert_eq!(c.remaining_workdays(d("2025-10-16"), &cal), Ok(-3));
        assert_eq!(c.reminder_due(d("2025-09-30"), 3, &cal), Ok(false));
        assert_eq!(c.reminder_due(d("2025-10-09"), 3, &cal), Ok(true)); // 10/10, 10/11, 10/13 left
        let mut suspended = c.clone();
        ok(suspended.suspend(d("2025-09-30"), &cal));
        assert_eq!(suspended.remaining_workdays(d("2025-10-20"), &cal), Ok(4));
        assert_eq!(suspended.reminder_due(d("2025-10-20"), 5, &cal), Ok(false));
    }

    #[test]
    fn tick_marks_missed_once_and_late_completion_is_recorded() {
        let mut c = started(rule(PeriodUnit::Workdays, 7, None), "2025-09-26");
        assert!(!c.tick(d("2025-10-13")));
        assert_eq!(c.state, ClockState::Running);
        assert!(c.tick(d("2025-10-14")));
        assert_eq!(c.state, ClockState::Missed { due_on: d("2025-10-13") });
        assert_eq!(c.status(), ClockStatus::Missed);
        assert!(!c.tick(d("2025-10-15")), "escalates only once");
        assert_eq!(c.reminder_due(d("2025-10-15"), 3, &cal()), Ok(false));
        ok(c.complete(d("2025-10-15"), &cal()));
        assert_eq!(c.state, ClockState::Met { on: d("2025-10-15"), late: true });
        assert!(c.late());
        assert_recompute_same(&c);
        assert_eq!(
            c.complete(d("2025-10-16"), &cal()),
            Err(ClockError::InvalidState { status: ClockStatus::Met, operation: "完成" })
        );
    }

    #[test]
    fn completion_on_or_before_due_is_on_time() {
        let mut c = started(rule(PeriodUnit::Workdays, 7, None), "2025-09-26");
        ok(c.complete(d("2025-10-13"), &cal()));
        assert_eq!(c.state, ClockState::Met { on: d("2025-10-13"), late: false });
        let mut late = started(rule(PeriodUnit::Workdays, 7, None), "2025-09-26");
        ok(late.complete(d("2025-10-14"), &cal())); // never ticked, still late
        assert!(late.late());
        assert_eq!(
            late.remaining_workdays(d("2025-10-14"), &cal()).map_err(|e| e.to_string()),
            Err("计时处于「已完成」状态，不能计算剩余工作日".to_string())
        );
    }

    #[test]
    fn suspension_preserves_remaining_workdays() {
        // 45 WD from Mon 2025-10-13: Oct 14–17 (4), 20–24 (9), 27–31 (14), Nov 3–7 (19), 10–14 (24), 17–21 (29),
        // 24–28 (34), Dec 1–5 (39), 8–12 (44), Mon Dec 15 (45).
        let mut c = started(rule(PeriodUnit::Workdays, 45, None), "2025-10-13");
        assert_eq!(c.due_on, d("2025-12-15"));
        // Suspended Fri 11/14: left are (11/14, 12/15] = Nov 17–21, 24–28, Dec 1–5, 8–12 (20) + Dec 15 = 21.
        ok(c.suspend(d("2025-11-14"), &cal()));
        assert_eq!(c.state, ClockState::Suspended { since: d("2025-11-14"), remaining: 21 });
        assert_eq!(c.status(), ClockStatus::Suspended);
        assert!(!c.tick(d("2025-12-20")), "a suspended clock is never missed");
        assert_recompute_same(&c);
        // Resumed Mon 12/1: Dec 2–5 (4), 8–12 (9), 15–19 (14), 22–26 (19), Mon 29 (20), Tue 30 (21).
        ok(c.resume(d("2025-12-01"), &cal()));
        assert_eq!(c.due_on, d("2025-12-30"));
        assert_eq!(c.state, ClockState::Running);
        assert_eq!(c.suspensions, vec![Suspension { since: d("2025-11-14"), until: Some(d("2025-12-01")) }]);
        assert_recompute_same(&c);
    }

    #[test]
    fn suspension_across_spring_festival_2026() {
        // 45 WD from Mon 2026-02-02: Feb 3–6 (4), 9–13 (9), Sat 2/14 上班 (10), [2/15–2/23 off], 2/24–27 (14),
        // Sat 2/28 上班 (15), Mar 2–6 (20), 9–13 (25), 16–20 (30), 23–27 (35), 30–31 (37), Apr 1–3 (40),
        // [4/4–4/6 off], Apr 7–10 (44), Mon Apr 13 (45).
        let mut c = started(rule(PeriodUnit::Workdays, 45, None), "2026-02-02");
        assert_eq!(c.due_on, d("2026-04-13"));
        // Suspended Fri 2/13 after 9 working days: 36 left.
        ok(c.suspend(d("2026-02-13"), &cal()));
        assert_eq!(c.state, ClockState::Suspended { since: d("2026-02-13"), remaining: 36 });
        // Resumed Tue 2/24 (not counted): 2/25–27 (3), 2/28 (4), Mar 2–6 (9) … Apr 7–10 (33), Apr 13–15 (36).
        // Two days later than without the suspension: the make-up Sat 2/14 and the resume day 2/24 were not run.
        ok(c.resume(d("2026-02-24"), &cal()));
        assert_eq!(c.due_on, d("2026-04-15"));
        assert_recompute_same(&c);
    }

    #[test]
    fn suspend_and_resume_the_same_day_changes_nothing() {
        let mut c = started(rule(PeriodUnit::Workdays, 7, None), "2025-09-26");
        ok(c.suspend(d("2025-09-30"), &cal()));
        ok(c.resume(d("2025-09-30"), &cal()));
        assert_eq!(c.due_on, d("2025-10-13"));
        // Suspended on the due day itself: nothing left, due on the resume day (rolled to a working day).
        let mut last = started(rule(PeriodUnit::Workdays, 7, None), "2025-09-26");
        ok(last.suspend(d("2025-10-13"), &cal()));
        assert_eq!(last.state, ClockState::Suspended { since: d("2025-10-13"), remaining: 0 });
        ok(last.resume(d("2025-10-19"), &cal())); // a Sunday
        assert_eq!(last.due_on, d("2025-10-20"));
        assert_recompute_same(&last);
    }

    #[test]
    fn extension_once_only_with_reason() {
        // 15 WD from Mon 2026-02-09: 2/10–13 (4), Sat 2/14 (5), [2/15–2/23], 2/24–27 (9), Sat 2/28 (10),
        // Mar 2–6 (15) → Fri 3/6. +15 WD: Mar 9–13, 16–20, 23–27 → Fri 3/27.
        let mut c = started(rule(PeriodUnit::Workdays, 15, Some((PeriodUnit::Workdays, 15))), "2026-02-09");
        assert_eq!(c.due_on, d("2026-03-06"));
        assert_eq!(c.extend(7, "  ", d("2026-03-02"), &cal()), Err(ClockError::EmptyReason));
        assert_eq!(
            c.extend(7, "情况复杂", d("2026-02-08"), &cal()),
            Err(ClockError::DateOrder { on: d("2026-02-08"), earliest: d("2026-02-09") })
        );
        ok(c.extend(7, "情况复杂", d("2026-03-02"), &cal()));
        assert_eq!(c.due_on, d("2026-03-27"));
        assert_eq!(c.status(), ClockStatus::Extended);
        assert_eq!(c.extended.as_ref().map(|e| (e.by, e.reason.as_str())), Some((7, "情况复杂")));
        assert_eq!(
            c.extend(7, "再次延长", d("2026-03-03"), &cal()),
            Err(ClockError::ExtensionAlreadyUsed("测试期限".into()))
        );
        assert_recompute_same(&c);
    }

    #[test]
    fn extension_refusals() {
        let mut none = started(rule(PeriodUnit::Workdays, 7, None), "2025-09-26");
        assert_eq!(
            none.extend(1, "理由", d("2025-09-29"), &cal()),
            Err(ClockError::ExtensionNotAllowed("测试期限".into()))
        );
        let mut c = started(rule(PeriodUnit::Workdays, 7, Some((PeriodUnit::Workdays, 7))), "2025-09-26");
        assert_eq!(
            c.extend(1, "理由", d("2025-10-14"), &cal()),
            Err(ClockError::Overdue { due_on: d("2025-10-13"), operation: "延长" })
        );
        ok(c.suspend(d("2025-09-29"), &cal()));
        let err = c.extend(1, "理由", d("2025-09-30"), &cal());
        assert_eq!(err, Err(ClockError::InvalidState { status: ClockStatus::Suspended, operation: "延长" }));
        assert_eq!(err.map_err(|e| e.to_string()), Err("计时处于「已中止」状态，不能延长".to_string()));
    }

    #[test]
    fn invalid_state_operations_name_the_state() {
        let mut c = started(rule(PeriodUnit::Workdays, 7, None), "2025-09-26");
        assert_eq!(
            c.resume(d("2025-09-29"), &cal()),
            Err(ClockError::InvalidState { status: ClockStatus::Running, operation: "恢复计时" })
        );
        ok(c.suspend(d("2025-09-29"), &cal()));
        assert_eq!(
            c.suspend(d("2025-09-30"), &cal()),
            Err(ClockError::InvalidState { status: ClockStatus::Suspended, operation: "中止" })
        );
        assert_eq!(
            c.resume(d("2025-09-28"), &cal()),
            Err(ClockError::DateOrder { on: d("2025-09-28"), earliest: d("2025-09-29") })
        );
        let mut late = started(rule(PeriodUnit::Workdays, 7, None), "2025-09-26");
        assert_eq!(
            late.suspend(d("2025-10-14"), &cal()),
            Err(ClockError::Overdue { due_on: d("2025-10-13"), operation: "中止" })
        );
        assert!(late.tick(d("2025-10-14")));
        assert_eq!(
            late.suspend(d("2025-10-14"), &cal()),
            Err(ClockError::InvalidState { status: ClockStatus::Missed, operation: "中止" })
        );
    }

    #[test]
    fn complete_while_suspended_is_on_time() {
        let mut c = started(rule(PeriodUnit::Workdays, 7, None), "2025-09-26");
        ok(c.suspend(d("2025-09-29"), &cal()));
        ok(c.complete(d("2025-11-03"), &cal()));
        assert_eq!(c.state, ClockState::Met { on: d("2025-11-03"), late: false });
        assert_eq!(c.suspensions.last().and_then(|s| s.until), Some(d("2025-11-03")));
        assert_recompute_same(&c);
    }

    #[test]
    fn month_rule_rolls_over_national_day_and_extends_from_the_unrolled_end() {
        // 3 months from 2025-07-01 end on 10/01, a holiday → rolled to Thu 10/09.
        let mut c = started(rule(PeriodUnit::Months, 3, Some((PeriodUnit::Months, 1))), "2025-07-01");
        assert_eq!((c.period_end, c.due_on), (d("2025-10-01"), d("2025-10-09")));
        // +1 month from the unrolled end 10/01 = Sat 11/01 → Mon 11/03.
        ok(c.extend(3, "案件复杂", d("2025-09-15"), &cal()));
        assert_eq!((c.period_end, c.due_on), (d("2025-11-01"), d("2025-11-03")));
        assert_recompute_same(&c);
    }

    #[test]
    fn month_rule_suspension_counts_calendar_days() {
        // 2025-07-01 + 3 months = 10/01 (unrolled). Suspended 8/01: 61 calendar days left (Aug 31 + Sep 30).
        let mut c = started(rule(PeriodUnit::Months, 3, Some((PeriodUnit::Months, 1))), "2025-07-01");
        ok(c.suspend(d("2025-08-01"), &cal()));
        assert_eq!(c.state, ClockState::Suspended { since: d("2025-08-01"), remaining: 61 });
        // If resumed on Mon 9/22 it would end 9/22 + 61 = Sat 11/22 → Mon 11/24. Working days in (9/22, 11/24]:
        // 9/23–26 (4), Sun 9/28 上班 (5), 9/29–30 (7), [10/1–10/8], 10/9–10 (9), Sat 10/11 (10), Oct 13–17,
        // 20–24, 27–31 (25), Nov 3–7, 10–14, 17–21 (40), Mon 11/24 (41).
        assert_eq!(c.remaining_workdays(d("2025-09-22"), &cal()), Ok(41));
        // Resumed Mon 8/11: 8/11 + 61 = 10/11, a make-up Saturday (working day) → due 10/11 itself.
        ok(c.resume(d("2025-08-11"), &cal()));
        assert_eq!((c.period_end, c.due_on), (d("2025-10-11"), d("2025-10-11")));
        assert_recompute_same(&c);
        // The extension after the suspension: +1 month from 10/11 = 11/11 (Tue).
        ok(c.extend(3, "案件复杂", d("2025-10-10"), &cal()));
        assert_eq!(c.due_on, d("2025-11-11"));
        assert_recompute_same(&c);
    }

    #[test]
    fn day_rule_rolls_forward() {
        // 15 d from 2025-09-23 = Wed 10/08, a holiday → Thu 10/09.
        let c = started(rule(PeriodUnit::Days, 15, None), "2025-09-23");
        assert_eq!((c.period_end, c.due_on), (d("2025-10-08"), d("2025-10-09")));
    }

    #[test]
    fn recompute_matches_incremental_with_extension_between_suspensions() {
        let mut c = started(rule(PeriodUnit::Workdays, 15, Some((PeriodUnit::Workdays, 15))), "2026-01-05");
        ok(c.suspend(d("2026-01-09"), &cal()));
        ok(c.resume(d("2026-01-20"), &cal()));
        ok(c.extend(2, "需要权利人辨认", d("2026-01-21"), &cal()));
        ok(c.suspend(d("2026-02-13"), &cal()));
        ok(c.resume(d("2026-02-25"), &cal()));
        assert_recompute_same(&c);
        ok(c.suspend(d("2026-03-02"), &cal()));
        assert_recompute_same(&c);
        assert!(!c.tick(d("2026-12-31")), "a suspended clock is never missed");
    }

    #[test]
    fn recompute_follows_a_corrected_calendar() {
        let mut c = started(rule(PeriodUnit::Workdays, 7, None), "2025-09-26");
        assert_eq!(c.due_on, d("2025-10-13"));
        // A corrected table without the make-up Saturday 10/11: the 7th working day becomes Tue 10/14.
        let mut cal = cal();
        let mut t = cal.table(2025).cloned().unwrap_or_else(|| panic!("2025 held"));
        t.workdays.retain(|w| *w != d("2025-10-11"));
        ok(cal.replace(t).map_err(ClockError::from));
        ok(c.recompute(&cal));
        assert_eq!(c.due_on, d("2025-10-14"));
    }

    #[test]
    fn year_not_covered_propagates() {
        // From Sun 2026-12-20: Dec 21–25 (5), 28–31 (9), then 2027, which has no table.
        let err = Clock::start(rule(PeriodUnit::Workdays, 15, None), d("2026-12-20"), &cal());
        assert_eq!(err, Err(ClockError::Calendar(CalendarError::YearNotCovered(2027))));
        assert_eq!(err.map_err(|e| e.to_string()), Err("2027 年的放假安排未收录，无法判断工作日".to_string()));
        let mut c = started(rule(PeriodUnit::Workdays, 5, Some((PeriodUnit::Workdays, 15))), "2026-12-14");
        assert_eq!(c.due_on, d("2026-12-21"));
        assert_eq!(
            c.extend(1, "理由", d("2026-12-15"), &cal()),
            Err(ClockError::Calendar(CalendarError::YearNotCovered(2027)))
        );
        assert!(c.extended.is_none(), "a failed extension changes nothing");
        assert_eq!(
            c.remaining_workdays(d("2027-01-05"), &cal()),
            Err(ClockError::Calendar(CalendarError::YearNotCovered(2027)))
        );
    }

    #[test]
    fn rules_describe_themselves() {
        let r = rule(PeriodUnit::Months, 3, Some((PeriodUnit::Months, 1)));
        assert_eq!(r.describe_zh(), "3个月（可延长1个月）");
        assert_eq!(rule(PeriodUnit::Workdays, 7, None).describe_zh(), "7个工作日");
        assert!(!RuleBasis::Statute.configurable());
        assert!(RuleBasis::LocalStandard.configurable() && RuleBasis::Secondary.configurable());
        assert_eq!(ok(r.due(d("2025-07-01"), &cal())), d("2025-10-09"));
        assert_eq!(ClockStatus::Extended.key(), "extended");
    }
}
