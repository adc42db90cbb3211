//! The working-day calendar (工作日历) of the case desk: which days are working days, and when a period ends.
//!
//! A [`Calendar`] is built from [`YearTable`]s, one per year: the statutory days off (法定节假日放假日期) and the
//! weekend days worked instead (调休上班日) that the 国务院办公厅 notice of that year lists, with the notice cited as
//! the table's `source`. The tables of 2020–2026 are built in ([`builtin_tables`], [`Calendar::builtin`]); a later
//! year's table can be added at runtime ([`Calendar::add`]) after [`YearTable::validate`] accepts it — tables
//! derive `serde`, so one parsed from JSON or TOML text goes straight in.
//!
//! Every query is pure (no IO, no clock) and refuses to guess: a day in a year without a table is the error
//! [`CalendarError::YearNotCovered`], never "probably a working day".
//!
//! The period rules (start day not counted; working-day periods; rolling a last day that is a rest day forward;
//! month periods ending on the corresponding day or the month's last day) are documented on
//! [`Calendar::add_workdays`], [`Calendar::add_days`] and [`Calendar::add_months`]; see also `docs/calendar.md`.

mod compute;
mod data;
mod table;

pub use compute::{Calendar, DayKind};
pub use data::builtin_tables;
pub use table::{HolidaySpan, TableError, YearTable};

use thiserror::Error;

/// Why a calendar question has no answer.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CalendarError {
    /// The calendar holds no table for this year, so whether a day of it is a working day is unknown.
    #[error("{0} 年的放假安排未收录，无法判断工作日")]
    YearNotCovered(i32),
    /// [`Calendar::add`] was given a year the calendar already holds (use [`Calendar::replace`] to correct one).
    #[error("{0} 年的放假安排已收录")]
    YearAlreadyCovered(i32),
    /// A period of zero days, working days or months.
    #[error("期间至少为 1")]
    ZeroPeriod,
    /// The date arithmetic left the range of dates that can be represented.
    #[error("日期超出可计算范围")]
    OutOfRange,
    /// A year table failed validation.
    #[error(transparent)]
    Table(#[from] TableError),
}

#[cfg(test)]
mod tests;
