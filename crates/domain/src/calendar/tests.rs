use super::*;
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("bad test date {s}: {e}"))
}

fn cal() -> Calendar {
    Calendar::builtin()
}

fn ok(r: Result<NaiveDate, CalendarError>) -> String {
    r.unwrap_or_else(|e| panic!("unexpected error: {e}")).to_string()
}

fn workday(c: &Calendar, s: &str) -> bool {
    c.is_workday(d(s)).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn table(year: i32) -> YearTable {
    YearTable {
        year,
        source: "测试通知".into(),
        holidays: vec![HolidaySpan {
            name: "元旦".into(),
            first: d(&format!("{year}-01-01")),
            last: d(&format!("{year}-01-01")),
        }],
        workdays: vec![],
    }
}

#[test]
fn builtin_tables_validate_and_cover_2020_to_2026() {
    let tables = builtin_tables();
    for t in &tables {
        t.validate().unwrap_or_else(|e| panic!("built-in table {}: {e}", t.year));
        assert!(t.source.contains("国办发明电"), "{} cites no notice", t.year);
    }
    let c = Calendar::from_tables(tables).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(c.years().collect::<Vec<_>>(), (2020..=2026).collect::<Vec<_>>());
    assert_eq!(cal().years().collect::<Vec<_>>(), c.years().collect::<Vec<_>>());
    assert!(cal().makeup_workdays());
    assert!(cal().table(2026).is_some_and(|t| t.source.contains("国办发明电〔2025〕7号")));
}

#[test]
fn day_kinds_around_national_day_2025() {
    let c = cal();
    assert_eq!(c.day_kind(d("2025-09-26")), Ok(DayKind::Workday)); // Friday
    assert_eq!(c.day_kind(d("2025-09-27")), Ok(DayKind::Weekend)); // Saturday
    assert_eq!(c.day_kind(d("2025-09-28")), Ok(DayKind::MakeupWorkday)); // Sunday, 上班
    assert_eq!(c.day_kind(d("2025-10-01")), Ok(DayKind::Holiday));
    assert_eq!(c.day_kind(d("2025-10-04")), Ok(DayKind::Holiday)); // a Saturday inside the run
    assert_eq!(c.day_kind(d("2025-10-08")), Ok(DayKind::Holiday)); // Wednesday
    assert_eq!(c.day_kind(d("2025-10-09")), Ok(DayKind::Workday));
    assert_eq!(c.day_kind(d("2025-10-11")), Ok(DayKind::MakeupWorkday)); // Saturday, 上班
    assert_eq!(c.day_kind(d("2025-10-12")), Ok(DayKind::Weekend));
    assert!(workday(&c, "2025-09-28"));
    assert!(!workday(&c, "2025-10-08"));
}

#[test]
fn spring_festival_2020_was_extended_to_february_2() {
    let c = cal();
    assert!(!workday(&c, "2020-01-31")); // Friday, off by the extension
    assert!(!workday(&c, "2020-02-01")); // Saturday: the original 上班 day was cancelled
    assert!(!workday(&c, "2020-02-02"));
    assert!(workday(&c, "2020-02-03"));
    assert!(workday(&c, "2020-01-19")); // Sunday 上班 before the festival stands
}

#[test]
fn workdays_across_national_day_2025() {
    // From Sunday 2025-09-28 (itself a make-up day, but the start day never counts):
    // 9/29 Mon ①, 9/30 Tue ②, 10/1–10/8 off, 10/9 Thu ③, 10/10 Fri ④, 10/11 Sat 上班 ⑤, 10/12 Sun off,
    // 10/13 Mon ⑥, 10/14 Tue ⑦.
    assert_eq!(ok(cal().add_workdays(d("2025-09-28"), 7)), "2025-10-14");
    // Without counting make-up days, 10/11 drops out: ⑤ 10/13, ⑥ 10/14, ⑦ 10/15.
    assert_eq!(ok(cal().with_makeup_workdays(false).add_workdays(d("2025-09-28"), 7)), "2025-10-15");
    // 9/30 + 1 working day: the whole holiday is skipped.
    assert_eq!(ok(cal().add_workdays(d("2025-09-30"), 1)), "2025-10-09");
}

#[test]
fn workdays_across_spring_festival_2025_and_2026() {
    // 2025: from Fri 1/24: 1/25 Sat off, 1/26 Sun 上班 ①, 1/27 Mon ②, 1/28–2/4 off, 2/5 Wed ③.
    assert_eq!(ok(cal().add_workdays(d("2025-01-24"), 3)), "2025-02-05");
    // 2026: from Fri 2/13: 2/14 Sat 上班 ①, 2/15–2/23 off, 2/24 ②, 2/25 ③, 2/26 ④, 2/27 Fri ⑤.
    assert_eq!(ok(cal().add_workdays(d("2026-02-13"), 5)), "2026-02-27");
    // … 2/28 Sat 上班 ⑥, 3/2 Mon ⑦, 3/3 ⑧, 3/4 ⑨, 3/5 Thu ⑩.
    assert_eq!(ok(cal().add_workdays(d("2026-02-13"), 10)), "2026-03-05");
    // Make-up days not counted: 2/24 ①, 2/25 ②, 2/26 ③, 2/27 ④, 3/2 ⑤.
    assert_eq!(ok(cal().with_makeup_workdays(false).add_workdays(d("2026-02-13"), 5)), "2026-03-02");
}

#[test]
fn workdays_across_national_day_2026() {
    // From Wed 9/30: 10/1–10/7 off, 10/8 Thu ①, 10/9 Fri ②, 10/10 Sat 上班 ③.
    assert_eq!(ok(cal().add_workdays(d("2026-09-30"), 3)), "2026-10-10");
    // Mid-Autumn 9/25–9/27 (Fri–Sun) then Sunday 9/20 上班: from Fri 9/18, 9/20 ①, 9/21 Mon ②.
    assert_eq!(ok(cal().add_workdays(d("2026-09-18"), 2)), "2026-09-21");
}

#[test]
fn calendar_days_roll_off_weekends_and_holidays() {
    let c = cal();
    // Mon 2025-03-03 + 5 = Sat 3/8 → Mon 3/10.
    assert_eq!(ok(c.add_days(d("2025-03-03"), 5)), "2025-03-10");
    // A last day on a working day stays: Mon 3/3 + 4 = Fri 3/7.
    assert_eq!(ok(c.add_days(d("2025-03-03"), 4)), "2025-03-07");
    // Fri 9/26 + 5 = 10/1, a holiday; the holiday ends 10/8, so the period ends Thu 10/9.
    assert_eq!(ok(c.add_days(d("2025-09-26"), 5)), "2025-10-09");
    // Tue 9/23 + 5 = Sun 9/28, a make-up working day: it stands (flag on) or rolls to Mon 9/29 (flag off).
    assert_eq!(ok(c.add_days(d("2025-09-23"), 5)), "2025-09-28");
    assert_eq!(ok(c.clone().with_makeup_workdays(false).add_days(d("2025-09-23"), 5)), "2025-09-29");
    // Mon 2024-02-05 + 7 = 2/12, inside the Spring Festival (2/10–2/17); the next day, Sun 2/18, is 上班.
    assert_eq!(ok(c.add_days(d("2024-02-05"), 7)), "2024-02-18");
    assert_eq!(ok(c.clone().with_makeup_workdays(false).add_days(d("2024-02-05"), 7)), "2024-02-19");
    // 15 days from the 2025 National Day eve: 9/30 + 15 = Wed 10/15.
    assert_eq!(ok(c.add_days(d("2025-09-30"), 15)), "2025-10-15");
}

#[test]
fn months_end_on_the_corresponding_day_or_the_month_end() {
    let c = cal();
    // Jan 31 + 1 month: no Feb 31, so the month's last day.
    assert_eq!(ok(c.add_months(d("2025-01-31"), 1)), "2025-02-28"); // Friday
    assert_eq!(ok(c.add_months(d("2024-01-31"), 1)), "2024-02-29"); // leap year, Thursday
    assert_eq!(ok(c.add_months(d("2025-08-31"), 1)), "2025-09-30"); // Tuesday
                                                                    // Corresponding day that is a holiday: 2025-09-01 + 1 month = 10/1 → 10/9.
    assert_eq!(ok(c.add_months(d("2025-09-01"), 1)), "2025-10-09");
    // Month end that is a holiday: 3/31 + 2 months = Sat 5/31 (端午 5/31–6/2) → Tue 6/3.
    assert_eq!(ok(c.add_months(d("2025-03-31"), 2)), "2025-06-03");
    // Across the year: 2025-12-31 + 2 months = Sat 2026-02-28, a make-up working day.
    assert_eq!(ok(c.add_months(d("2025-12-31"), 2)), "2026-02-28");
    assert_eq!(ok(c.clone().with_makeup_workdays(false).add_months(d("2025-12-31"), 2)), "2026-03-02");
    // A corresponding day on a plain weekend: 2025-05-15 + 1 month = Sun 6/15 → Mon 6/16.
    assert_eq!(ok(c.add_months(d("2025-05-15"), 1)), "2025-06-16");
}

#[test]
fn years_not_covered_are_errors_not_guesses() {
    let c = cal();
    assert_eq!(c.is_workday(d("2019-12-31")), Err(CalendarError::YearNotCovered(2019)));
    assert_eq!(c.is_workday(d("2027-01-04")), Err(CalendarError::YearNotCovered(2027)));
    // Thu 2026-12-31 + 1 working day needs 2027.
    assert_eq!(c.add_workdays(d("2026-12-31"), 1), Err(CalendarError::YearNotCovered(2027)));
    // 2026-12-25 + 6 days = Thu 12/31, a working day: nothing of 2027 is needed.
    assert_eq!(ok(c.add_days(d("2026-12-25"), 6)), "2026-12-31");
    assert_eq!(c.add_days(d("2026-12-25"), 8), Err(CalendarError::YearNotCovered(2027)));
    assert_eq!(c.add_months(d("2026-11-30"), 2), Err(CalendarError::YearNotCovered(2027)));
    // The start day is not counted, so it may lie in an uncovered year: Tue 2019-12-31 + 1 → Thu 2020-01-02.
    assert_eq!(ok(c.add_workdays(d("2019-12-31"), 1)), "2020-01-02");
    assert_eq!(Calendar::new().is_workday(d("2025-06-03")), Err(CalendarError::YearNotCovered(2025)));
    assert_eq!(CalendarError::YearNotCovered(2027).to_string(), "2027 年的放假安排未收录，无法判断工作日");
}

#[test]
fn zero_periods_are_refused() {
    let c = cal();
    assert_eq!(c.add_workdays(d("2025-06-03"), 0), Err(CalendarError::ZeroPeriod));
    assert_eq!(c.add_days(d("2025-06-03"), 0), Err(CalendarError::ZeroPeriod));
    assert_eq!(c.add_months(d("2025-06-03"), 0), Err(CalendarError::ZeroPeriod));
}

#[test]
fn roll_forward_keeps_working_days() {
    let c = cal();
    assert_eq!(ok(c.roll_forward(d("2025-06-03"))), "2025-06-03");
    assert_eq!(ok(c.roll_forward(d("2025-05-31"))), "2025-06-03");
}

#[test]
fn adding_and_replacing_years() {
    let mut c = cal();
    c.add(table(2027)).unwrap_or_else(|e| panic!("{e}"));
    assert!(workday(&c, "2027-01-04")); // Monday
    assert!(!workday(&c, "2027-01-01"));
    assert_eq!(c.add(table(2027)), Err(CalendarError::YearAlreadyCovered(2027)));
    let mut t = table(2027);
    t.holidays.push(HolidaySpan { name: "春节".into(), first: d("2027-02-05"), last: d("2027-02-11") });
    let old = c.replace(t).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(old, Some(table(2027)));
    assert!(!workday(&c, "2027-02-08"));
    // Invalid tables are refused by add and replace alike.
    let mut bad = table(2028);
    bad.source = " ".into();
    assert_eq!(c.add(bad.clone()), Err(CalendarError::Table(TableError::MissingSource { year: 2028 })));
    assert!(c.replace(bad).is_err());
    assert_eq!(c.is_workday(d("2028-01-03")), Err(CalendarError::YearNotCovered(2028)));
}

#[test]
fn table_validation_errors() {
    let check = |f: &dyn Fn(&mut YearTable)| {
        let mut t = table(2027);
        f(&mut t);
        t.validate()
    };
    assert_eq!(check(&|_| ()), Ok(()));
    assert_eq!(check(&|t| t.source.clear()), Err(TableError::MissingSource { year: 2027 }));
    assert_eq!(check(&|t| t.holidays.clear()), Err(TableError::NoHolidays { year: 2027 }));
    assert_eq!(
        check(&|t| t.holidays[0].name = "".into()),
        Err(TableError::EmptyName { year: 2027, first: d("2027-01-01") })
    );
    // A date outside the year, as first day, last day or make-up day.
    assert_eq!(
        check(&|t| t.holidays[0].first = d("2026-12-31")),
        Err(TableError::OutsideYear { year: 2027, date: d("2026-12-31") })
    );
    assert_eq!(
        check(&|t| t.holidays[0].last = d("2028-01-01")),
        Err(TableError::OutsideYear { year: 2027, date: d("2028-01-01") })
    );
    assert_eq!(
        check(&|t| t.workdays.push(d("2026-12-27"))),
        Err(TableError::OutsideYear { year: 2027, date: d("2026-12-27") })
    );
    assert_eq!(
        check(&|t| t.holidays[0].last = d("2026-01-01")).map_err(|e| e.to_string()),
        Err("2027 年的表中出现了 2026-01-01，不属于该年".into())
    );
    let reversed = check(&|t| {
        t.holidays[0].first = d("2027-01-03");
    });
    assert_eq!(
        reversed,
        Err(TableError::ReversedSpan {
            year: 2027,
            name: "元旦".into(),
            first: d("2027-01-03"),
            last: d("2027-01-01")
        })
    );
    // Overlapping runs.
    let overlap = check(&|t| {
        t.holidays[0].last = d("2027-01-03");
        t.holidays.push(HolidaySpan { name: "又一个".into(), first: d("2027-01-03"), last: d("2027-01-04") });
    });
    assert_eq!(overlap, Err(TableError::DuplicateHoliday { year: 2027, date: d("2027-01-03") }));
    // 2027-01-09 is a Saturday.
    assert_eq!(
        check(&|t| t.workdays.extend([d("2027-01-09"), d("2027-01-09")])),
        Err(TableError::DuplicateWorkday { year: 2027, date: d("2027-01-09") })
    );
    // Both off and worked: Saturday 2027-01-02 inside 元旦 1/1–1/3.
    let both = check(&|t| {
        t.holidays[0].last = d("2027-01-03");
        t.workdays.push(d("2027-01-02"));
    });
    assert_eq!(both, Err(TableError::HolidayAndWorkday { year: 2027, date: d("2027-01-02") }));
    // A make-up working day on a Wednesday is a typo.
    let weekday = check(&|t| t.workdays.push(d("2027-01-06")));
    assert_eq!(weekday, Err(TableError::WorkdayNotWeekend { year: 2027, date: d("2027-01-06"), weekday: "三" }));
    assert_eq!(weekday.map_err(|e| e.to_string()), Err("2027 年：调休上班日 2027-01-06 是周三，应为周六或周日".into()));
}

#[test]
fn holiday_dates_expand_runs() {
    let t = builtin_tables().into_iter().find(|t| t.year == 2025).unwrap_or_else(|| panic!("no 2025"));
    let days: Vec<_> = t.holiday_dates().collect();
    // 元旦 1 + 春节 8 + 清明 3 + 劳动 5 + 端午 3 + 国庆中秋 8 = 28 days off (the notice's counts).
    assert_eq!(days.len(), 28);
    assert!(days.contains(&d("2025-10-08")));
}
