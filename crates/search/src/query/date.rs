//! Dates in queries: a year, a month or a day, each meaning the whole period.
//!
//! Accepted: `2021`, `2021-03`, `2021-03-05`, with `-`, `.` or `/` as separator, the compact
//! `202103` and `20210305`, and `2021年`, `2021年3月`, `2021年3月5日`.

use chrono::{Datelike, NaiveDate};

/// A period `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// First day.
    pub start: NaiveDate,
    /// First day after the period.
    pub end: NaiveDate,
}

/// Reads a date as a period; the error is the reason.
pub fn parse_period(text: &str) -> Result<Period, String> {
    let t: String = text.chars().map(crate::analyzer::fold_char).collect();
    let t = t.trim();
    let parts: Vec<&str> = if t.contains('年') {
        t.trim_end_matches('日').split(['年', '月']).filter(|s| !s.is_empty()).collect()
    } else if t.contains(['-', '.', '/']) {
        t.split(['-', '.', '/']).collect()
    } else if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        vec![&t[..4], &t[4..6], &t[6..]]
    } else if t.len() == 6 && t.bytes().all(|b| b.is_ascii_digit()) {
        vec![&t[..4], &t[4..]]
    } else {
        vec![t]
    };
    if parts.is_empty()
        || parts.len() > 3
        || parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err("not a date".into());
    }
    if parts[0].len() != 4 {
        return Err("the year must have four digits".into());
    }
    let num = |s: &str| s.parse::<u32>().map_err(|_| "number too large".to_string());
    let year = num(parts[0])? as i32;
    if !(1000..=9999).contains(&year) {
        return Err("year out of range".into());
    }
    let ymd = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d);
    match parts.len() {
        1 => {
            let start = ymd(year, 1, 1).ok_or("year out of range")?;
            let end = ymd(year + 1, 1, 1).ok_or("year out of range")?;
            Ok(Period { start, end })
        }
        2 => {
            let month = num(parts[1])?;
            if !(1..=12).contains(&month) {
                return Err(format!("month {month} out of range"));
            }
            let start = ymd(year, month, 1).ok_or("month out of range")?;
            let end =
                if month == 12 { ymd(year + 1, 1, 1) } else { ymd(year, month + 1, 1) }.ok_or("month out of range")?;
            Ok(Period { start, end })
        }
        _ => {
            let month = num(parts[1])?;
            let day = num(parts[2])?;
            if !(1..=12).contains(&month) {
                return Err(format!("month {month} out of range"));
            }
            let start =
                ymd(year, month, day).ok_or_else(|| format!("day {day} does not exist in {year}-{month:02}"))?;
            let end = start.succ_opt().ok_or("day out of range")?;
            debug_assert!(end.year() >= start.year());
            Ok(Period { start, end })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn periods() {
        assert_eq!(parse_period("2021"), Ok(Period { start: d(2021, 1, 1), end: d(2022, 1, 1) }));
        assert_eq!(parse_period("2021-12"), Ok(Period { start: d(2021, 12, 1), end: d(2022, 1, 1) }));
        assert_eq!(parse_period("2020.02.29"), Ok(Period { start: d(2020, 2, 29), end: d(2020, 3, 1) }));
        assert_eq!(parse_period("20210305"), Ok(Period { start: d(2021, 3, 5), end: d(2021, 3, 6) }));
        assert_eq!(parse_period("2021年3月"), Ok(Period { start: d(2021, 3, 1), end: d(2021, 4, 1) }));
        assert!(parse_period("2021-13-01").is_err());
        assert!(parse_period("2021-02-30").is_err());
        assert!(parse_period("21").is_err());
        assert!(parse_period("abc").is_err());
    }
}
