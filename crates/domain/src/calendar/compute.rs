//! The [`Calendar`]: working-day queries and period computations over the year tables it holds.

use super::table::{is_weekend, YearTable};
use super::CalendarError;
use chrono::{Datelike, Days, Months, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};

/// What kind of day a date is, according to its year's table (independent of the make-up flag).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DayKind {
    /// Monday–Friday, not a day off.
    Workday,
    /// A Saturday or Sunday the notice declares a working day (调休上班日).
    MakeupWorkday,
    /// A Saturday or Sunday that is not a make-up working day (公休日).
    Weekend,
    /// A statutory day off or 调休 day off (放假), whatever the weekday.
    Holiday,
}

#[derive(Debug, Clone)]
struct Year {
    table: YearTable,
    holidays: BTreeSet<NaiveDate>,
    workdays: BTreeSet<NaiveDate>,
}

impl Year {
    fn new(table: YearTable) -> Self {
        let holidays = table.holiday_dates().collect();
        let workdays = table.workdays.iter().copied().collect();
        Year { table, holidays, workdays }
    }
}

/// A working-day calendar: year tables plus one rule switch.
///
/// The switch, [`Calendar::makeup_workdays`] (on by default), says whether a Saturday or Sunday that a notice
/// declares 上班 counts as a working day in period computations. Practice treats it so, but no statute says it
/// explicitly (the laws speak only of 法定节假日), so it is a setting rather than a constant.
#[derive(Debug, Clone)]
pub struct Calendar {
    years: BTreeMap<i32, Year>,
    makeup_workdays: bool,
}

impl Default for Calendar {
    fn default() -> Self {
        Self::new()
    }
}

impl Calendar {
    /// An empty calendar (every question is [`CalendarError::YearNotCovered`]), make-up days counted.
    pub fn new() -> Self {
        Calendar { years: BTreeMap::new(), makeup_workdays: true }
    }

    /// The calendar of the built-in tables ([`super::builtin_tables`], 2020–2026), make-up days counted.
    ///
    /// The built-in tables are checked by [`YearTable::validate`] in the unit tests, and day by day against an
    /// independent oracle in `tests/calendar_oracle.rs`.
    pub fn builtin() -> Self {
        let mut cal = Self::new();
        for table in super::builtin_tables() {
            cal.years.insert(table.year, Year::new(table));
        }
        cal
    }

    /// A calendar of the given tables, each validated; two tables of one year are refused.
    pub fn from_tables(tables: impl IntoIterator<Item = YearTable>) -> Result<Self, CalendarError> {
        let mut cal = Self::new();
        for table in tables {
            cal.add(table)?;
        }
        Ok(cal)
    }

    /// Add a year's table (e.g. one parsed from an administrator's JSON/TOML) after validating it.
    /// A year already held is refused with [`CalendarError::YearAlreadyCovered`].
    pub fn add(&mut self, table: YearTable) -> Result<(), CalendarError> {
        table.validate()?;
        if self.years.contains_key(&table.year) {
            return Err(CalendarError::YearAlreadyCovered(table.year));
        }
        self.years.insert(table.year, Year::new(table));
        Ok(())
    }

    /// Add or replace a year's table after validating it (e.g. a later notice changed the year, as in 2020);
    /// returns the table it replaced.
    pub fn replace(&mut self, table: YearTable) -> Result<Option<YearTable>, CalendarError> {
        table.validate()?;
        Ok(self.years.insert(table.year, Year::new(table)).map(|y| y.table))
    }

    /// Set whether 调休 make-up Saturdays/Sundays count as working days (default: yes).
    pub fn with_makeup_workdays(mut self, counted: bool) -> Self {
        self.makeup_workdays = counted;
        self
    }

    /// Whether 调休 make-up Saturdays/Sundays count as working days.
    pub fn makeup_workdays(&self) -> bool {
        self.makeup_workdays
    }

    /// The years held, ascending.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.keys().copied()
    }

    /// The table of `year`, when held (for its `source` citation, say).
    pub fn table(&self, year: i32) -> Option<&YearTable> {
        self.years.get(&year).map(|y| &y.table)
    }

    /// What kind of day `date` is, per its year's table.
    pub fn day_kind(&self, date: NaiveDate) -> Result<DayKind, CalendarError> {
        let year = self.years.get(&date.year()).ok_or(CalendarError::YearNotCovered(date.year()))?;
        Ok(if year.holidays.contains(&date) {
            DayKind::Holiday
        } else if year.workdays.contains(&date) {
            DayKind::MakeupWorkday
        } else if is_weekend(date) {
            DayKind::Weekend
        } else {
            DayKind::Workday
        })
    }

    /// True when `date` is a working day: Monday–Friday and not a day off, or a listed make-up working day
    /// (when [`Calendar::makeup_workdays`] is on). A year without a table is [`CalendarError::YearNotCovered`].
    pub fn is_workday(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        Ok(match self.day_kind(date)? {
            DayKind::Workday => true,
            DayKind::MakeupWorkday => self.makeup_workdays,
            DayKind::Weekend | DayKind::Holiday => false,
        })
    }

    /// `date` itself when it is a working day, else the first working day after it.
    ///
    /// This is the roll-forward of 民法典 Art.203 para.1 and 民事诉讼法 Art.85 para.3: when the last day of a
    /// period is a 法定休假日, the period ends on the day after the rest days end. Weekends are read as included in
    /// 法定休假日 (the reading of procedure.md §7, marked there as to be confirmed).
    pub fn roll_forward(&self, date: NaiveDate) -> Result<NaiveDate, CalendarError> {
        let mut day = date;
        while !self.is_workday(day)? {
            day = day.succ_opt().ok_or(CalendarError::OutOfRange)?;
        }
        Ok(day)
    }

    /// The `n`th working day after `from` — a period of `n` working days (工作日) starting on `from`.
    ///
    /// Rules: the start day is not counted (民事诉讼法 Art.85 para.2; 民法典 Art.201 para.1); a period given in
    /// working days counts working days only, not statutory holidays (行政处罚法 Art.85 for its 2/3/5/7-day
    /// periods; likewise 行政许可法 Art.82, 行政复议法 Art.88, 行政强制法 Art.69 for theirs). `from` itself may lie in a year without a table; every day
    /// counted must not. `n` = 0 is [`CalendarError::ZeroPeriod`].
    pub fn add_workdays(&self, from: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        if n == 0 {
            return Err(CalendarError::ZeroPeriod);
        }
        let mut day = from;
        let mut left = n;
        loop {
            day = day.succ_opt().ok_or(CalendarError::OutOfRange)?;
            if self.is_workday(day)? {
                left -= 1;
                if left == 0 {
                    return Ok(day);
                }
            }
        }
    }

    /// The last day of a period of `n` calendar days (日) starting on `from`: `from` + `n`, rolled forward to the
    /// next working day when that day is a rest day.
    ///
    /// Rules: the start day is not counted (民法典 Art.201 para.1; 民事诉讼法 Art.85 para.2); a last day that is a
    /// 法定休假日 gives way to the day after the rest days end (民法典 Art.203 para.1; 民事诉讼法 Art.85 para.3) —
    /// see [`Calendar::roll_forward`]. `n` = 0 is [`CalendarError::ZeroPeriod`].
    pub fn add_days(&self, from: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        if n == 0 {
            return Err(CalendarError::ZeroPeriod);
        }
        let end = from.checked_add_days(Days::new(u64::from(n))).ok_or(CalendarError::OutOfRange)?;
        self.roll_forward(end)
    }

    /// The last day of a period of `n` months (月) starting on `from`: the day with the same number `n` months
    /// later, or that month's last day when it has no such day (Jan 31 + 1 month = Feb 28/29), then rolled
    /// forward like [`Calendar::add_days`].
    ///
    /// Rules: 民法典 Art.202 (month and year periods end on the corresponding day of the last month, or on its
    /// last day when there is none); Art.201 (start day not counted); Art.203 para.1 (roll-forward).
    /// `n` = 0 is [`CalendarError::ZeroPeriod`].
    pub fn add_months(&self, from: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        if n == 0 {
            return Err(CalendarError::ZeroPeriod);
        }
        let end = from.checked_add_months(Months::new(n)).ok_or(CalendarError::OutOfRange)?;
        self.roll_forward(end)
    }
}
