//! One year's table of days off and make-up working days, as a 国务院办公厅 notice lists them.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use thiserror::Error;

/// A run of consecutive days off (放假调休), e.g. 国庆节 2025-10-01 … 2025-10-08, both ends included.
///
/// Weekend days inside the run may be listed (the notices count them: "共8天"); it changes nothing, since a weekend
/// day is a rest day anyway.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolidaySpan {
    /// The festival's name as the notice gives it (元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节).
    pub name: String,
    /// First day off.
    pub first: NaiveDate,
    /// Last day off (equal to `first` for a single day).
    pub last: NaiveDate,
}

impl HolidaySpan {
    /// The days of the span, in order (none when `first` is after `last`).
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.first.iter_days().take_while(move |d| *d <= self.last)
    }
}

/// The days off and make-up working days of one calendar year, with the notice they come from.
///
/// Only dates inside `year` belong here: when a notice's run of days off starts in December of the year before
/// (2023: "2022年12月31日至2023年1月2日"), the table lists the part inside its own year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearTable {
    /// The calendar year.
    pub year: i32,
    /// Citation: the notice's title and document number (文号), plus any later notice that changed it.
    pub source: String,
    /// Runs of days off.
    pub holidays: Vec<HolidaySpan>,
    /// Saturdays and Sundays declared working days (调休上班日).
    #[serde(default)]
    pub workdays: Vec<NaiveDate>,
}

/// Why a year table is refused. Every message names the year.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TableError {
    /// No citation of the notice.
    #[error("{year} 年：缺少出处（国务院办公厅通知的标题和文号）")]
    MissingSource {
        /// The table's year.
        year: i32,
    },
    /// No days off at all (every year has at least 元旦).
    #[error("{year} 年：没有放假日")]
    NoHolidays {
        /// The table's year.
        year: i32,
    },
    /// A run of days off without a name.
    #[error("{year} 年：从 {first} 开始的假期缺少名称")]
    EmptyName {
        /// The table's year.
        year: i32,
        /// First day of the run.
        first: NaiveDate,
    },
    /// A run of days off whose first day is after its last.
    #[error("{year} 年：假期「{name}」起止颠倒（{first} 晚于 {last}）")]
    ReversedSpan {
        /// The table's year.
        year: i32,
        /// The run's name.
        name: String,
        /// First day given.
        first: NaiveDate,
        /// Last day given.
        last: NaiveDate,
    },
    /// A date that is not in the table's year.
    #[error("{year} 年的表中出现了 {date}，不属于该年")]
    OutsideYear {
        /// The table's year.
        year: i32,
        /// The stray date.
        date: NaiveDate,
    },
    /// A day off listed twice (overlapping runs).
    #[error("{year} 年：{date} 重复列为放假日")]
    DuplicateHoliday {
        /// The table's year.
        year: i32,
        /// The date.
        date: NaiveDate,
    },
    /// A make-up working day listed twice.
    #[error("{year} 年：{date} 重复列为调休上班日")]
    DuplicateWorkday {
        /// The table's year.
        year: i32,
        /// The date.
        date: NaiveDate,
    },
    /// A date listed both as a day off and as a make-up working day.
    #[error("{year} 年：{date} 既列为放假日又列为调休上班日")]
    HolidayAndWorkday {
        /// The table's year.
        year: i32,
        /// The date.
        date: NaiveDate,
    },
    /// A make-up working day on Monday–Friday: those are working days already, so it is surely a typo.
    #[error("{year} 年：调休上班日 {date} 是周{weekday}，应为周六或周日")]
    WorkdayNotWeekend {
        /// The table's year.
        year: i32,
        /// The date.
        date: NaiveDate,
        /// Its weekday in Chinese (一 … 五).
        weekday: &'static str,
    },
}

/// True for Saturday and Sunday.
pub(crate) fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn weekday_zh(date: NaiveDate) -> &'static str {
    match date.weekday() {
        Weekday::Mon => "一",
        Weekday::Tue => "二",
        Weekday::Wed => "三",
        Weekday::Thu => "四",
        Weekday::Fri => "五",
        Weekday::Sat => "六",
        Weekday::Sun => "日",
    }
}

impl YearTable {
    /// Check the table: a citation, at least one run of days off, names, runs in order, every date inside
    /// `year`, no date listed twice, no date both off and worked, and make-up working days on weekends only.
    /// The first problem found is returned.
    pub fn validate(&self) -> Result<(), TableError> {
        let year = self.year;
        if self.source.trim().is_empty() {
            return Err(TableError::MissingSource { year });
        }
        if self.holidays.is_empty() {
            return Err(TableError::NoHolidays { year });
        }
        let outside = |date: NaiveDate| (date.year() != year).then_some(TableError::OutsideYear { year, date });
        let mut off = BTreeSet::new();
        for span in &self.holidays {
            if span.name.trim().is_empty() {
                return Err(TableError::EmptyName { year, first: span.first });
            }
            if let Some(e) = outside(span.first).or_else(|| outside(span.last)) {
                return Err(e);
            }
            if span.first > span.last {
                return Err(TableError::ReversedSpan {
                    year,
                    name: span.name.clone(),
                    first: span.first,
                    last: span.last,
                });
            }
            for date in span.days() {
                if !off.insert(date) {
                    return Err(TableError::DuplicateHoliday { year, date });
                }
            }
        }
        let mut worked = BTreeSet::new();
        for &date in &self.workdays {
            if let Some(e) = outside(date) {
                return Err(e);
            }
            if !worked.insert(date) {
                return Err(TableError::DuplicateWorkday { year, date });
            }
            if off.contains(&date) {
                return Err(TableError::HolidayAndWorkday { year, date });
            }
            if !is_weekend(date) {
                return Err(TableError::WorkdayNotWeekend { year, date, weekday: weekday_zh(date) });
            }
        }
        Ok(())
    }

    /// Every day off of the table, in the order listed.
    pub fn holiday_dates(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.holidays.iter().flat_map(HolidaySpan::days)
    }
}
