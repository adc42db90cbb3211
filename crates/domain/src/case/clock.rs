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
//!
//! **A year without a table.** The calendar refuses to guess a day of a year whose holiday table (国务院办公厅
//! notice) has not been entered ([`CalendarError::YearNotCovered`]). A clock whose due date needs such a year is not
//! refused: the act that starts, resumes or extends it is lawful and is recorded, and the clock goes to
//! [`ClockState::AwaitingCalendar`] — due date unknown, never guessed — until [`Clock::recompute`] runs on a
//! calendar holding that year. While it waits, suspensions, resumptions, the extension and the completion are
//! recorded in the history, and the recomputation applies them exactly as if the year had been held from the start.
//! Any other calendar error is still an error.

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
    /// The due date is unknown (待补录放假安排): computing it needs the working days of `year`, whose holiday table
    /// (the 国务院办公厅 notice) is not in the calendar yet. It is never guessed. [`Clock::recompute`] on a calendar
    /// holding the year gives the real due date and the state the recorded history leads to.
    ///
    /// Meanwhile `due_on` and `period_end` hold `started_on`, which no known due date can be (a period is at least
    /// one unit and its start day is not counted): read the state first. The history goes on being recorded —
    /// suspensions and their resumptions in `suspensions` (an open last one means it is suspended as well), the
    /// extension in `extended`, and the completion in `met_on`.
    ///
    /// Serialized as `{"state":"awaiting_calendar","year":2027}`, plus `"met_on":"YYYY-MM-DD"` once completed.
    AwaitingCalendar {
        /// The first year the computation needs whose table is missing.
        year: i32,
        /// The day the clock was completed while its due date was unknown: it is met, and whether on time is decided
        /// by [`Clock::recompute`] once the year's table is in (`late` when that day is after the due date).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        met_on: Option<NaiveDate>,
    },
}

/// What the UI shows of a clock: running, extended, suspended, met, missed, or awaiting the calendar.
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
    /// The due date is unknown until the holiday table of a year is entered (待补录放假安排):
    /// [`ClockState::AwaitingCalendar`], whether it is also suspended or already completed ([`Clock::met_on`]).
    /// Show the missing year ([`Clock::awaiting_year`]), never `due_on`.
    AwaitingCalendar,
}

impl ClockStatus {
    /// Stable key: `running`, `extended`, `suspended`, `met`, `missed`, `awaiting_calendar`.
    pub fn key(self) -> &'static str {
        match self {
            ClockStatus::Running => "running",
            ClockStatus::Extended => "extended",
            ClockStatus::Suspended => "suspended",
            ClockStatus::Met => "met",
            ClockStatus::Missed => "missed",
            ClockStatus::AwaitingCalendar => "awaiting_calendar",
        }
    }

    /// Chinese label: 计时中, 已延长, 已中止, 已完成, 已超期, 待补录放假安排.
    pub fn name_zh(self) -> &'static str {
        match self {
            ClockStatus::Running => "计时中",
            ClockStatus::Extended => "已延长",
            ClockStatus::Suspended => "已中止",
            ClockStatus::Met => "已完成",
            ClockStatus::Missed => "已超期",
            ClockStatus::AwaitingCalendar => "待补录放假安排",
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
    /// The last day to act: the due date (while suspended, the one that stood when it was suspended). While
    /// [`ClockState::AwaitingCalendar`] it is unknown and holds `started_on`, which no real due date can be: use
    /// [`Clock::due_date`], or read the state first.
    pub due_on: NaiveDate,
    /// The period's end before any roll-forward (equal to `due_on` for working-day rules); extensions and
    /// suspensions of day and month rules count from it. `started_on` while awaiting the calendar.
    pub period_end: NaiveDate,
    /// Running, suspended, met, missed, or awaiting the calendar.
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

/// What [`Clock::replay`] derives from a clock's history: `(period_end, due, open suspension as (since, remaining))`.
type Replayed = (NaiveDate, NaiveDate, Option<(NaiveDate, u32)>);

/// The first day of `year`: while a clock awaits `year`'s table its due date is certainly not before this day.
///
/// Why: a computation stops at the first day of a year without a table that it has to look at, before it has found
/// the due date, so the due date (once known) is that day or later; and suspending, resuming (later) and extending
/// never move a due date earlier.
fn first_unknown_day(year: i32) -> Result<NaiveDate, CalendarError> {
    NaiveDate::from_ymd_opt(year, 1, 1).ok_or(CalendarError::OutOfRange)
}

impl Clock {
    /// Start a clock under `rule`, triggered on `on` (the start day is not counted): due per the rule's unit.
    ///
    /// When the due date needs a year the calendar does not hold, the clock still starts, in
    /// [`ClockState::AwaitingCalendar`]; any other calendar error (a zero period, dates out of range) is an error.
    pub fn start(rule: ClockRule, on: NaiveDate, cal: &Calendar) -> Result<Clock, ClockError> {
        let mut clock = Clock {
            key: rule.key.clone(),
            rule,
            started_on: on,
            due_on: on,
            period_end: on,
            state: ClockState::Running,
            extended: None,
            suspensions: Vec::new(),
        };
        match clock.rule.unit.period(on, clock.rule.count, cal) {
            Ok((period_end, due_on)) => (clock.period_end, clock.due_on) = (period_end, due_on),
            Err(CalendarError::YearNotCovered(year)) => clock.await_calendar(year),
            Err(e) => return Err(e.into()),
        }
        Ok(clock)
    }

    /// What the UI shows: running, extended, suspended, met, missed or awaiting the calendar.
    pub fn status(&self) -> ClockStatus {
        match self.state {
            ClockState::Running if self.extended.is_some() => ClockStatus::Extended,
            ClockState::Running => ClockStatus::Running,
            ClockState::Suspended { .. } => ClockStatus::Suspended,
            ClockState::Met { .. } => ClockStatus::Met,
            ClockState::Missed { .. } => ClockStatus::Missed,
            ClockState::AwaitingCalendar { .. } => ClockStatus::AwaitingCalendar,
        }
    }

    /// True when the clock was completed after its due date. False while the due date is unknown (awaiting the
    /// calendar, completed or not): lateness is decided by [`Clock::recompute`] once the year's table is in.
    pub fn late(&self) -> bool {
        matches!(self.state, ClockState::Met { late: true, .. })
    }

    /// The day the clock was completed, if it was: [`ClockState::Met`], or completed while awaiting the calendar.
    pub fn met_on(&self) -> Option<NaiveDate> {
        match self.state {
            ClockState::Met { on, .. } => Some(on),
            ClockState::AwaitingCalendar { met_on, .. } => met_on,
            ClockState::Running | ClockState::Suspended { .. } | ClockState::Missed { .. } => None,
        }
    }

    /// The due date, when known: `None` while awaiting the calendar (then `due_on` is only a placeholder).
    pub fn due_date(&self) -> Option<NaiveDate> {
        match self.state {
            ClockState::AwaitingCalendar { .. } => None,
            _ => Some(self.due_on),
        }
    }

    /// The year whose missing table leaves the due date unknown, when awaiting the calendar.
    pub fn awaiting_year(&self) -> Option<i32> {
        match self.state {
            ClockState::AwaitingCalendar { year, .. } => Some(year),
            _ => None,
        }
    }

    /// Go to [`ClockState::AwaitingCalendar`] for `year`, keeping the completion day; `due_on` and `period_end`
    /// become the placeholder `started_on`.
    fn await_calendar(&mut self, year: i32) {
        let met_on = self.met_on();
        self.due_on = self.started_on;
        self.period_end = self.started_on;
        self.state = ClockState::AwaitingCalendar { year, met_on };
    }

    /// True when the last suspension is still open.
    fn is_suspended(&self) -> bool {
        self.suspensions.last().is_some_and(|s| s.until.is_none())
    }

    /// The last suspension, when it is still open.
    fn open_suspension(&mut self) -> Option<&mut Suspension> {
        self.suspensions.last_mut().filter(|s| s.until.is_none())
    }

    /// Apply `op` to a copy and keep the copy only when `op` succeeds: a refused operation changes nothing.
    fn atomically(&mut self, op: impl FnOnce(&mut Clock) -> Result<(), ClockError>) -> Result<(), ClockError> {
        let mut next = self.clone();
        op(&mut next)?;
        *self = next;
        Ok(())
    }

    /// An awaiting clock recomputed on `cal` first, in case `cal` now holds the missing year (the store may not
    /// have recomputed it yet); any other clock as it is.
    fn refresh(&mut self, cal: &Calendar) -> Result<(), ClockError> {
        if matches!(self.state, ClockState::AwaitingCalendar { .. }) {
            self.recompute(cal)?;
        }
        Ok(())
    }

    /// While awaiting `year`: `on` must be before 1 January of `year`, the earliest the unknown due date can be, so
    /// that `on` is certainly within the period. A later day may be past the due date — whether it is depends on the
    /// missing table — so the act is refused with [`CalendarError::YearNotCovered`] rather than guessed.
    fn check_within_period(year: i32, on: NaiveDate) -> Result<(), ClockError> {
        if on >= first_unknown_day(year)? {
            return Err(CalendarError::YearNotCovered(year).into());
        }
        Ok(())
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
    ///
    /// Awaiting the calendar (neither suspended nor completed), the suspension is recorded for
    /// [`Clock::recompute`] when `on` is before 1 January of the missing year — certainly within the period; a
    /// later `on` may be past the unknown due date and is refused with the calendar error.
    pub fn suspend(&mut self, on: NaiveDate, cal: &Calendar) -> Result<(), ClockError> {
        self.atomically(|c| c.suspend_now(on, cal))
    }

    fn suspend_now(&mut self, on: NaiveDate, cal: &Calendar) -> Result<(), ClockError> {
        const OP: &str = "中止";
        self.refresh(cal)?;
        if let ClockState::AwaitingCalendar { year, met_on } = self.state {
            if met_on.is_some() || self.is_suspended() {
                return Err(self.invalid(OP));
            }
            self.check_order(on)?;
            Self::check_within_period(year, on)?;
            self.suspensions.push(Suspension { since: on, until: None });
            return Ok(());
        }
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
    ///
    /// When the new due date needs a year the calendar does not hold, the resumption is recorded and the clock
    /// awaits the calendar. A clock suspended while awaiting the calendar is resumed the same way (recorded).
    pub fn resume(&mut self, on: NaiveDate, cal: &Calendar) -> Result<(), ClockError> {
        self.atomically(|c| c.resume_now(on, cal))
    }

    fn resume_now(&mut self, on: NaiveDate, cal: &Calendar) -> Result<(), ClockError> {
        const OP: &str = "恢复计时";
        self.refresh(cal)?;
        if let ClockState::AwaitingCalendar { met_on: None, .. } = self.state {
            let Some(open) = self.open_suspension() else { return Err(self.invalid(OP)) };
            if on < open.since {
                return Err(ClockError::DateOrder { on, earliest: open.since });
            }
            open.until = Some(on);
            return self.recompute(cal);
        }
        let ClockState::Suspended { since, remaining } = self.state else {
            return Err(self.invalid(OP));
        };
        if on < since {
            return Err(ClockError::DateOrder { on, earliest: since });
        }
        if let Some(last) = self.suspensions.last_mut() {
            last.until = Some(on);
        }
        match resumed(self.rule.unit, on, remaining, cal) {
            Ok((end, due)) => {
                self.period_end = end;
                self.due_on = due;
                self.state = ClockState::Running;
            }
            Err(CalendarError::YearNotCovered(year)) => self.await_calendar(year),
            Err(e) => return Err(e.into()),
        }
        Ok(())
    }

    /// Extend a running clock once, as its rule allows, approved by user `by` on `on` for `reason`.
    ///
    /// The caller has checked that `by` may approve (the rule's [`Extension::needs_approval`]); the clock checks
    /// only that the rule allows an extension, that none was granted yet, that a reason is given, and that the due
    /// date has not passed. When the extended due date needs a year the calendar does not hold, the extension is
    /// recorded and the clock awaits the calendar.
    ///
    /// Awaiting the calendar (neither suspended nor completed), the extension is recorded for [`Clock::recompute`]
    /// when `on` is before 1 January of the missing year; a later `on` may be past the unknown due date and is
    /// refused with the calendar error.
    pub fn extend(&mut self, by: i64, reason: &str, on: NaiveDate, cal: &Calendar) -> Result<(), ClockError> {
        self.atomically(|c| c.extend_now(by, reason, on, cal))
    }

    fn extend_now(&mut self, by: i64, reason: &str, on: NaiveDate, cal: &Calendar) -> Result<(), ClockError> {
        const OP: &str = "延长";
        self.refresh(cal)?;
        let awaiting = match self.state {
            ClockState::Running => None,
            ClockState::AwaitingCalendar { year, met_on: None } if !self.is_suspended() => Some(year),
            _ => return Err(self.invalid(OP)),
        };
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
        match awaiting {
            Some(year) => Self::check_within_period(year, on)?,
            None if on > self.due_on => return Err(ClockError::Overdue { due_on: self.due_on, operation: OP }),
            None => {}
        }
        let record = ExtensionRecord { by, reason: reason.to_string(), on, after_suspensions: self.suspensions.len() };
        if awaiting.is_some() {
            self.extended = Some(record);
            return self.recompute(cal);
        }
        match extended(ext, self.period_end, cal) {
            Ok((end, due)) => {
                self.period_end = end;
                self.due_on = due;
            }
            Err(CalendarError::YearNotCovered(year)) => self.await_calendar(year),
            Err(e) => return Err(e.into()),
        }
        self.extended = Some(record);
        Ok(())
    }

    /// Complete the clock on `on`: the act it waited for was done. Met on time when `on` ≤ due; late otherwise
    /// (also after it was missed). A suspended clock is resumed on `on` first, so it is met on time.
    ///
    /// While the due date is unknown (awaiting the calendar, or becoming so when a suspended clock is resumed on
    /// `on`), the completion is recorded in [`ClockState::AwaitingCalendar`]'s `met_on` — the clock stays in that
    /// state rather than [`ClockState::Met`], so that the store keeps recomputing it — and [`Clock::recompute`]
    /// makes it `Met`, deciding `late` against the real due date, once the year's table is in.
    pub fn complete(&mut self, on: NaiveDate, cal: &Calendar) -> Result<(), ClockError> {
        self.atomically(|c| c.complete_now(on, cal))
    }

    fn complete_now(&mut self, on: NaiveDate, cal: &Calendar) -> Result<(), ClockError> {
        self.refresh(cal)?;
        match self.state {
            ClockState::Met { .. } | ClockState::AwaitingCalendar { met_on: Some(_), .. } => {
                return Err(self.invalid("完成"))
            }
            ClockState::Suspended { .. } => self.resume_now(on, cal)?,
            ClockState::AwaitingCalendar { .. } => {
                self.check_order(on)?;
                if let Some(open) = self.open_suspension() {
                    open.until = Some(on);
                }
            }
            ClockState::Running | ClockState::Missed { .. } => self.check_order(on)?,
        }
        self.state = match self.state {
            ClockState::AwaitingCalendar { year, .. } => ClockState::AwaitingCalendar { year, met_on: Some(on) },
            state => ClockState::Met { on, late: matches!(state, ClockState::Missed { .. }) || on > self.due_on },
        };
        Ok(())
    }

    /// Mark a running clock missed when `today` is past its due date. Returns true only when it has just become
    /// missed, so the caller escalates (督办) once. A clock awaiting the calendar is never marked: its due date is
    /// unknown (after [`Clock::recompute`] it is running again, and the next tick marks it if its due date passed).
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
    ///
    /// A clock awaiting the calendar is recomputed on a copy with `cal` first; if `cal` still lacks the year the
    /// answer is [`CalendarError::YearNotCovered`] (never a number), or [`ClockError::InvalidState`] when it was
    /// completed meanwhile.
    pub fn remaining_workdays(&self, today: NaiveDate, cal: &Calendar) -> Result<i64, ClockError> {
        const OP: &str = "计算剩余工作日";
        match self.state {
            ClockState::Met { .. } => Err(self.invalid(OP)),
            ClockState::AwaitingCalendar { .. } => {
                let mut now = self.clone();
                now.recompute(cal)?;
                match now.state {
                    ClockState::AwaitingCalendar { met_on: Some(_), .. } => Err(self.invalid(OP)),
                    ClockState::AwaitingCalendar { year, met_on: None } => {
                        Err(CalendarError::YearNotCovered(year).into())
                    }
                    _ => now.remaining_workdays(today, cal),
                }
            }
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
    ///
    /// A clock awaiting the calendar (not completed) is recomputed on a copy with `cal` first; if `cal` still lacks
    /// the year the answer is [`CalendarError::YearNotCovered`], not "no reminder".
    pub fn reminder_due(&self, today: NaiveDate, n: u32, cal: &Calendar) -> Result<bool, ClockError> {
        if let ClockState::AwaitingCalendar { met_on: None, .. } = self.state {
            let mut now = self.clone();
            now.recompute(cal)?;
            if let ClockState::AwaitingCalendar { year, met_on: None } = now.state {
                return Err(CalendarError::YearNotCovered(year).into());
            }
            return now.reminder_due(today, n, cal);
        }
        if self.state != ClockState::Running {
            return Ok(false);
        }
        Ok(self.remaining_workdays(today, cal)? <= i64::from(n))
    }

    /// The period's end, due date and open suspension derived from the recorded history.
    fn replay(&self, cal: &Calendar) -> Result<Replayed, CalendarError> {
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
        Ok((end, due, open))
    }

    /// Derive `due_on`, `period_end` and the state's numbers again from the start, suspensions and extension — after
    /// a calendar table was added or corrected. Gives the same result as the incremental operations did on the same
    /// calendar. A met clock's `late` is re-judged against the new due date; a missed clock stays missed (its
    /// escalation happened) with the new due date; a running clock stays running (call [`Clock::tick`]).
    ///
    /// A clock awaiting the calendar gets, when `cal` now holds the year(s) it needs, exactly what it would have had
    /// if they had been held from the start: running, suspended (an open suspension), or met (completed; `late`
    /// when completed after the real due date). A running one whose due date has already passed is marked missed —
    /// and escalated — by the next [`Clock::tick`], as any running clock. When `cal` still lacks a year the clock
    /// awaits it ([`ClockState::AwaitingCalendar`] with that year, possibly a later one than before); likewise a
    /// running, suspended or met clock recomputed on a calendar lacking a year it needs. A missed clock is never
    /// turned back into an unknown: for it a missing year stays an error. Other calendar errors are errors; on an
    /// error the clock is unchanged.
    pub fn recompute(&mut self, cal: &Calendar) -> Result<(), ClockError> {
        let (end, due, open) = match self.replay(cal) {
            Ok(known) => known,
            Err(CalendarError::YearNotCovered(year)) if !matches!(self.state, ClockState::Missed { .. }) => {
                self.await_calendar(year);
                return Ok(());
            }
            Err(e) => return Err(e.into()),
        };
        self.period_end = end;
        self.due_on = due;
        self.state = match (self.state, open) {
            (
                ClockState::Suspended { .. } | ClockState::AwaitingCalendar { met_on: None, .. },
                Some((since, remaining)),
            ) => ClockState::Suspended { since, remaining },
            (ClockState::Met { on, .. } | ClockState::AwaitingCalendar { met_on: Some(on), .. }, _) => {
                ClockState::Met { on, late: on > due }
            }
            (ClockState::Missed { .. }, _) => ClockState::Missed { due_on: due },
            (ClockState::AwaitingCalendar { .. }, None) => ClockState::Running,
            (state, _) => state,
        };
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::calendar::{HolidaySpan, YearTable};
    use serde::Deserialize;

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

    /// A 2027 table for the tests. TEST DATA, not the real 2027 notice (not published when this was written):
    /// 元旦 Fri 1/1 – Sun 1/3, 春节 Sat 2/6 – Fri 2/12, and one make-up working Saturday, 2/20.
    pub(crate) fn table_2027() -> YearTable {
        YearTable {
            year: 2027,
            source: "测试数据：虚构的2027年放假安排（非国务院办公厅通知）".into(),
            holidays: vec![
                HolidaySpan { name: "元旦".into(), first: d("2027-01-01"), last: d("2027-01-03") },
                HolidaySpan { name: "春节".into(), first: d("2027-02-06"), last: d("2027-02-12") },
            ],
            workdays: vec![d("2027-02-20")],
        }
    }

    /// The built-in calendar (2020–2026) plus the 2027 test table.
    pub(crate) fn calendar_with_2027() -> Calendar {
        let mut cal = Calendar::builtin();
        cal.add(table_2027()).unwrap_or_else(|e| panic!("2027 test table: {e}"));
        cal
    }

    fn awaiting(year: i32) -> ClockState {
        ClockState::AwaitingCalendar { year, met_on: None }
    }

    fn not_covered<T>(year: i32) -> Result<T, ClockError> {
        Err(ClockError::Calendar(CalendarError::YearNotCovered(year)))
    }

    /// `c` recomputed on `cal`.
    fn recomputed(c: &Clock, cal: &Calendar) -> Clock {
        let mut again = c.clone();
        ok(again.recompute(cal));
        again
    }

    #[test]
    fn start_awaits_an_uncovered_year() {
        // From Sun 2026-12-20: Dec 21–25 (5), 28–31 (9), then 2027, which the built-in calendar does not hold.
        let c = started(rule(PeriodUnit::Workdays, 15, None), "2026-12-20");
        assert_eq!(c.state, awaiting(2027));
        assert_eq!((c.due_on, c.period_end), (d("2026-12-20"), d("2026-12-20")), "placeholders: the start day");
        assert_eq!((c.due_date(), c.awaiting_year(), c.met_on(), c.late()), (None, Some(2027), None, false));
        assert_eq!(c.status(), ClockStatus::AwaitingCalendar);
        assert_eq!((c.status().key(), c.status().name_zh()), ("awaiting_calendar", "待补录放假安排"));
        assert_eq!(c.status().to_string(), "待补录放假安排");
        // Recomputed while 2027 is still uncovered: still awaiting.
        assert_recompute_same(&c);
        // With 2027: … (9), [1/1–1/3 off], Jan 4–8 (14), Mon Jan 11 (15).
        let full = ok(Clock::start(rule(PeriodUnit::Workdays, 15, None), d("2026-12-20"), &calendar_with_2027()));
        assert_eq!((full.due_date(), full.state), (Some(d("2027-01-11")), ClockState::Running));
        assert_eq!(recomputed(&c, &calendar_with_2027()), full);
        // Other calendar errors are still errors.
        assert_eq!(
            Clock::start(rule(PeriodUnit::Workdays, 0, None), d("2026-12-20"), &cal()),
            Err(ClockError::Calendar(CalendarError::ZeroPeriod))
        );
    }

    #[test]
    fn recompute_after_adding_the_year_equals_starting_with_it() {
        let full = calendar_with_2027();
        let cases = [
            // 45 WD from Fri 2026-11-20: Nov 23–27 (5), 30 (6), Dec 1–4 (10), 7–11 (15), 14–18 (20), 21–25 (25),
            // 28–31 (29), [1/1–1/3 off], Jan 4–8 (34), 11–15 (39), 18–22 (44), Mon Jan 25 (45).
            (PeriodUnit::Workdays, 45, "2026-11-20", "2027-01-25", "2027-01-25"),
            // 2026-12-22 + 60 days = Sat 2027-02-20, the test table's make-up Saturday: due that day.
            (PeriodUnit::Days, 60, "2026-12-22", "2027-02-20", "2027-02-20"),
            // 2026-11-06 + 3 months = Sat 2027-02-06, in 春节 (2/6–2/12), then the weekend → Mon 2/15.
            (PeriodUnit::Months, 3, "2026-11-06", "2027-02-06", "2027-02-15"),
        ];
        for (unit, count, from, end, due) in cases {
            let c = started(rule(unit, count, None), from);
            assert_eq!(c.state, awaiting(2027), "{unit:?} {count} from {from}");
            let expected = ok(Clock::start(rule(unit, count, None), d(from), &full));
            assert_eq!((expected.period_end, expected.due_on), (d(end), d(due)), "{unit:?} {count} from {from}");
            assert_eq!(recomputed(&c, &full), expected, "{unit:?} {count} from {from}");
        }
        // A period inside 2026 never waits: 2026-12-01 + 30 days = Thu 12/31.
        let inside = started(rule(PeriodUnit::Days, 30, None), "2026-12-01");
        assert_eq!((inside.state, inside.due_on), (ClockState::Running, d("2026-12-31")));
    }

    #[test]
    fn suspension_while_awaiting_is_applied_by_recompute() {
        let full = calendar_with_2027();
        let r = rule(PeriodUnit::Workdays, 45, None);
        let mut c = started(r.clone(), "2026-11-20");
        let mut expected = ok(Clock::start(r, d("2026-11-20"), &full));
        // Suspended Tue 12/1: 7 WD used (Nov 23–27, 30, Dec 1), 38 left.
        ok(c.suspend(d("2026-12-01"), &cal()));
        ok(expected.suspend(d("2026-12-01"), &full));
        assert_eq!(c.state, awaiting(2027), "still awaiting, and suspended");
        assert_eq!(c.suspensions, vec![Suspension { since: d("2026-12-01"), until: None }]);
        assert_eq!(
            c.suspend(d("2026-12-02"), &cal()),
            Err(ClockError::InvalidState { status: ClockStatus::AwaitingCalendar, operation: "中止" })
        );
        assert_eq!(expected.state, ClockState::Suspended { since: d("2026-12-01"), remaining: 38 });
        assert_eq!(recomputed(&c, &full), expected);
        // Resumed Thu 12/10 (not counted): Dec 11 (1), 14–18 (6), 21–25 (11), 28–31 (15), [1/1–1/3],
        // Jan 4–8 (20), 11–15 (25), 18–22 (30), 25–29 (35), Feb 1–3 (38) → Wed 2027-02-03.
        assert_eq!(
            c.resume(d("2026-11-30"), &cal()),
            Err(ClockError::DateOrder { on: d("2026-11-30"), earliest: d("2026-12-01") })
        );
        ok(c.resume(d("2026-12-10"), &cal()));
        ok(expected.resume(d("2026-12-10"), &full));
        assert_eq!(c.state, awaiting(2027));
        assert_eq!(
            c.resume(d("2026-12-11"), &cal()),
            Err(ClockError::InvalidState { status: ClockStatus::AwaitingCalendar, operation: "恢复计时" })
        );
        assert_eq!(expected.due_on, d("2027-02-03"));
        assert_eq!(recomputed(&c, &full), expected);
        assert_recompute_same(&c);
    }

    #[test]
    fn extension_and_completion_while_awaiting_are_applied_by_recompute() {
        let full = calendar_with_2027();
        let r = rule(PeriodUnit::Workdays, 15, Some((PeriodUnit::Workdays, 15)));
        // 15 WD from Mon 2026-12-14: Dec 15–18 (4), 21–25 (9), 28–31 (13), Jan 4 (14), Tue Jan 5 (15).
        let mut c = started(r.clone(), "2026-12-14");
        let mut expected = ok(Clock::start(r, d("2026-12-14"), &full));
        assert_eq!((c.state, expected.due_on), (awaiting(2027), d("2027-01-05")));
        // Extended on Sun 12/20: +15 WD from 1/5: Jan 6–8 (3), 11–15 (8), 18–22 (13), 25, Tue 26 (15).
        assert_eq!(c.extend(7, " ", d("2026-12-20"), &cal()), Err(ClockError::EmptyReason));
        ok(c.extend(7, "情况复杂", d("2026-12-20"), &cal()));
        ok(expected.extend(7, "情况复杂", d("2026-12-20"), &full));
        assert_eq!(expected.due_on, d("2027-01-26"));
        assert_eq!((c.state, c.extended.as_ref().map(|e| e.on)), (awaiting(2027), Some(d("2026-12-20"))));
        assert_eq!(
            c.extend(7, "再次延长", d("2026-12-21"), &cal()),
            Err(ClockError::ExtensionAlreadyUsed("测试期限".into()))
        );
        assert_eq!(recomputed(&c, &full), expected);
        // Suspended Tue 12/22: left (12/22, 1/26] = Dec 23–25 (3), 28–31 (7), Jan 4–8 (12), 11–15 (17),
        // 18–22 (22), 25–26 (24). Resumed Wed 12/23: Dec 24–25 (2), 28–31 (6), Jan 4–8 (11), 11–15 (16),
        // 18–22 (21), 25–27 (24) → Wed 2027-01-27.
        for (c, cal) in [(&mut c, cal()), (&mut expected, full.clone())] {
            ok(c.suspend(d("2026-12-22"), &cal));
            ok(c.resume(d("2026-12-23"), &cal));
        }
        assert_eq!(expected.due_on, d("2027-01-27"));
        assert_eq!(recomputed(&c, &full), expected);
        // Completed Wed 12/30: recorded; met on time once 2027 is in.
        ok(c.complete(d("2026-12-30"), &cal()));
        ok(expected.complete(d("2026-12-30"), &full));
        assert_eq!(c.state, ClockState::AwaitingCalendar { year: 2027, met_on: Some(d("2026-12-30")) });
        assert_eq!((c.status(), c.met_on(), c.late()), (ClockStatus::AwaitingCalendar, Some(d("2026-12-30")), false));
        let again = c.complete(d("2026-12-31"), &cal());
        assert_eq!(again, Err(ClockError::InvalidState { status: ClockStatus::AwaitingCalendar, operation: "完成" }));
        assert_eq!(again.map_err(|e| e.to_string()), Err("计时处于「待补录放假安排」状态，不能完成".to_string()));
        assert_eq!(expected.state, ClockState::Met { on: d("2026-12-30"), late: false });
        assert_eq!(recomputed(&c, &full), expected);
        assert_recompute_same(&c);
    }

    #[test]
    fn acts_dated_in_the_missing_year_itself() {
        let full = calendar_with_2027();
        // 7 WD from Mon 2026-12-28: Dec 29–31 (3), [1/1–1/3], Jan 4–7 (7) → Thu 2027-01-07.
        let r = rule(PeriodUnit::Workdays, 7, Some((PeriodUnit::Workdays, 7)));
        let c = started(r.clone(), "2026-12-28");
        assert_eq!(c.state, awaiting(2027));
        // On or after 2027-01-01 the clock may already be past its unknown due date: suspending or extending then
        // is refused with the calendar error (not guessed), and changes nothing.
        let mut refused = c.clone();
        assert_eq!(refused.suspend(d("2027-01-04"), &cal()), not_covered(2027));
        assert_eq!(refused.extend(1, "理由", d("2027-01-01"), &cal()), not_covered(2027));
        assert_eq!(refused, c);
        // Before then it is certainly within the period.
        ok(refused.suspend(d("2026-12-31"), &cal()));
        // Completing is always recorded; whether late is decided once 2027 is in.
        for (on, late) in [("2027-01-07", false), ("2027-01-08", true)] {
            let mut done = c.clone();
            ok(done.complete(d(on), &cal()));
            assert_eq!((done.met_on(), done.late()), (Some(d(on)), false), "late is unknown yet");
            let mut expected = ok(Clock::start(r.clone(), d("2026-12-28"), &full));
            ok(expected.complete(d(on), &full));
            assert_eq!(expected.state, ClockState::Met { on: d(on), late });
            assert_eq!(recomputed(&done, &full), expected);
        }
        // Not completed and recomputed after its due date: running, and the next tick marks it missed (escalation).
        let mut running = recomputed(&c, &full);
        assert_eq!((running.state, running.due_on), (ClockState::Running, d("2027-01-07")));
        assert!(running.tick(d("2027-01-20")));
    }

    #[test]
    fn resume_and_extension_into_an_uncovered_year_are_recorded() {
        let full = calendar_with_2027();
        // 10 WD from Mon 2026-11-02: Nov 3–6 (4), 9–13 (9), Mon 11/16 (10). Suspended Tue 11/10: 4 left (11/11,
        // 11/12, 11/13, 11/16). Resumed Tue 12/29: Dec 30–31 (2), [1/1–1/3], Jan 4–5 (4) → Tue 2027-01-05.
        let mut c = started(rule(PeriodUnit::Workdays, 10, None), "2026-11-02");
        ok(c.suspend(d("2026-11-10"), &cal()));
        assert_eq!(c.state, ClockState::Suspended { since: d("2026-11-10"), remaining: 4 });
        let before = c.clone();
        let mut expected = before.clone();
        ok(c.resume(d("2026-12-29"), &cal()));
        ok(expected.resume(d("2026-12-29"), &full));
        assert_eq!(c.state, awaiting(2027));
        assert_eq!(c.suspensions, vec![Suspension { since: d("2026-11-10"), until: Some(d("2026-12-29")) }]);
        assert_eq!(expected.due_on, d("2027-01-05"));
        assert_eq!(recomputed(&c, &full), expected);
        // Completing the suspended clock resumes it on that day first: into 2027 as well, so recorded, on time.
        let mut done = before.clone();
        ok(done.complete(d("2026-12-29"), &cal()));
        assert_eq!(done.state, ClockState::AwaitingCalendar { year: 2027, met_on: Some(d("2026-12-29")) });
        let mut done_full = before;
        ok(done_full.complete(d("2026-12-29"), &full));
        assert_eq!(done_full.state, ClockState::Met { on: d("2026-12-29"), late: false });
        assert_eq!(recomputed(&done, &full), done_full);

        // 5 WD from Mon 2026-12-14 → Mon 12/21; +15 WD: Dec 22–25 (4), 28–31 (8), Jan 4–8 (13), 11–12 (15).
        let r = rule(PeriodUnit::Workdays, 5, Some((PeriodUnit::Workdays, 15)));
        let mut c = started(r.clone(), "2026-12-14");
        assert_eq!(c.due_on, d("2026-12-21"));
        ok(c.extend(1, "理由", d("2026-12-15"), &cal()));
        assert_eq!(c.state, awaiting(2027));
        assert_eq!(c.extended.as_ref().map(|e| (e.on, e.after_suspensions)), Some((d("2026-12-15"), 0)));
        let mut expected = ok(Clock::start(r, d("2026-12-14"), &full));
        ok(expected.extend(1, "理由", d("2026-12-15"), &full));
        assert_eq!(expected.due_on, d("2027-01-12"));
        assert_eq!(recomputed(&c, &full), expected);
        assert_eq!(expected.status(), ClockStatus::Extended);
    }

    #[test]
    fn readers_of_an_awaiting_clock_get_no_number() {
        let full = calendar_with_2027();
        // Awaiting 2027; with the table its due date is Tue 2027-01-12 (see the test above).
        let mut c = started(rule(PeriodUnit::Workdays, 5, Some((PeriodUnit::Workdays, 15))), "2026-12-14");
        ok(c.extend(1, "理由", d("2026-12-15"), &cal()));
        let before = c.clone();
        assert!(!c.tick(d("2027-03-01")), "an unknown due date is never missed");
        assert_eq!(c, before);
        assert_eq!(c.remaining_workdays(d("2026-12-31"), &cal()), not_covered(2027));
        assert_eq!(c.reminder_due(d("2026-12-31"), 7, &cal()), not_covered(2027));
        assert_eq!(
            c.remaining_workdays(d("2026-12-31"), &cal()).map_err(|e| e.to_string()),
            Err("2027 年的放假安排未收录，无法判断工作日".to_string())
        );
        // Given a calendar that holds 2027, they answer from a recomputed copy: (12/31, 1/12] = Jan 4–8, 11, 12.
        assert_eq!(c.remaining_workdays(d("2026-12-31"), &full), Ok(7));
        assert_eq!(c.reminder_due(d("2026-12-31"), 7, &full), Ok(true));
        assert_eq!(c, before, "readers change nothing");
        // Completed while awaiting: nothing remains, no reminder.
        ok(c.complete(d("2026-12-16"), &cal()));
        assert_eq!(
            c.remaining_workdays(d("2026-12-31"), &cal()),
            Err(ClockError::InvalidState { status: ClockStatus::AwaitingCalendar, operation: "计算剩余工作日" })
        );
        assert_eq!(c.reminder_due(d("2026-12-31"), 7, &cal()), Ok(false));
    }

    #[test]
    fn operations_on_an_awaiting_clock_use_a_calendar_that_now_holds_the_year() {
        // The store has not recomputed yet, but the calendar given holds 2027: the clock is recomputed first and the
        // operation is the ordinary one — here a suspension dated in 2027, which needs the real due date.
        let full = calendar_with_2027();
        let r = rule(PeriodUnit::Workdays, 45, None);
        let mut c = started(r.clone(), "2026-11-20");
        let mut expected = ok(Clock::start(r, d("2026-11-20"), &full));
        ok(c.suspend(d("2027-01-05"), &full));
        ok(expected.suspend(d("2027-01-05"), &full));
        // Left (1/5, 1/25]: Jan 6–8 (3), 11–15 (8), 18–22 (13), 25 (14).
        assert_eq!(c.state, ClockState::Suspended { since: d("2027-01-05"), remaining: 14 });
        assert_eq!(c, expected);
    }

    #[test]
    fn recompute_may_await_a_later_year_and_a_missing_year_turns_known_clocks_awaiting() {
        // 300 WD from 2026-11-20 need 2027 and then 2028.
        let c = started(rule(PeriodUnit::Workdays, 300, None), "2026-11-20");
        assert_eq!(c.state, awaiting(2027));
        let later = recomputed(&c, &calendar_with_2027());
        assert_eq!((later.state, later.due_on), (awaiting(2028), d("2026-11-20")));
        // Recomputed on a calendar without the years they need, running and met clocks await; back on the full
        // calendar they are what they were. A missed clock is never turned into an unknown: that stays an error.
        let running = started(rule(PeriodUnit::Workdays, 7, None), "2025-09-26");
        let waiting = recomputed(&running, &Calendar::new());
        assert_eq!(waiting.state, awaiting(2025));
        assert_eq!(recomputed(&waiting, &cal()), running);
        let mut met = running.clone();
        ok(met.complete(d("2025-10-14"), &cal()));
        let waiting = recomputed(&met, &Calendar::new());
        assert_eq!(waiting.state, ClockState::AwaitingCalendar { year: 2025, met_on: Some(d("2025-10-14")) });
        assert_eq!(recomputed(&waiting, &cal()), met);
        let mut missed = running;
        assert!(missed.tick(d("2025-10-14")));
        let before = missed.clone();
        assert_eq!(missed.recompute(&Calendar::new()), not_covered(2025));
        assert_eq!(missed, before);
    }

    /// A minimal self-describing value, to read a clock state from fields without a format crate.
    #[derive(Clone, Copy)]
    enum Val {
        S(&'static str),
        I(i64),
        B(bool),
    }

    impl serde::de::IntoDeserializer<'_, serde::de::value::Error> for Val {
        type Deserializer = Self;
        fn into_deserializer(self) -> Self {
            self
        }
    }

    impl<'de> serde::Deserializer<'de> for Val {
        type Error = serde::de::value::Error;
        fn deserialize_any<V: serde::de::Visitor<'de>>(self, v: V) -> Result<V::Value, Self::Error> {
            match self {
                Val::S(s) => v.visit_borrowed_str(s),
                Val::I(i) => v.visit_i64(i),
                Val::B(b) => v.visit_bool(b),
            }
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
            unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
        }
    }

    fn state_of(fields: &[(&'static str, Val)]) -> ClockState {
        let map = serde::de::value::MapDeserializer::<_, serde::de::value::Error>::new(fields.iter().copied());
        ClockState::deserialize(map).unwrap_or_else(|e| panic!("unreadable state: {e}"))
    }

    #[test]
    fn stored_states_read_as_before_and_the_new_one_reads() {
        use Val::{B, I, S};
        // The forms stored before this state existed, e.g. {"state":"met","on":"2025-10-15","late":true}.
        assert_eq!(state_of(&[("state", S("running"))]), ClockState::Running);
        assert_eq!(
            state_of(&[("state", S("suspended")), ("since", S("2025-11-14")), ("remaining", I(21))]),
            ClockState::Suspended { since: d("2025-11-14"), remaining: 21 }
        );
        assert_eq!(
            state_of(&[("state", S("met")), ("on", S("2025-10-15")), ("late", B(true))]),
            ClockState::Met { on: d("2025-10-15"), late: true }
        );
        assert_eq!(
            state_of(&[("state", S("missed")), ("due_on", S("2025-10-13"))]),
            ClockState::Missed { due_on: d("2025-10-13") }
        );
        // {"state":"awaiting_calendar","year":2027} and, once completed, with "met_on".
        assert_eq!(state_of(&[("state", S("awaiting_calendar")), ("year", I(2027))]), awaiting(2027));
        assert_eq!(
            state_of(&[("state", S("awaiting_calendar")), ("year", I(2027)), ("met_on", S("2026-12-30"))]),
            ClockState::AwaitingCalendar { year: 2027, met_on: Some(d("2026-12-30")) }
        );
        assert_eq!(
            serde::Deserialize::deserialize(serde::de::value::StrDeserializer::<serde::de::value::Error>::new(
                "awaiting_calendar"
            )),
            Ok(ClockStatus::AwaitingCalendar)
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
