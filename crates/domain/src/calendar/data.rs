//! The built-in year tables, 2020–2026, transcribed from the 国务院办公厅 notices on each year's holidays.
//!
//! One entry a year, in one place. Dates are built in a `static`, so an impossible date (Feb 30) stops the build;
//! the unit tests run [`YearTable::validate`] on every table, and `tests/calendar_oracle.rs` compares every day of
//! 2020–2026 with the independent `chinese-calendar` package. To add a year, append an entry here (or, at runtime,
//! add a parsed [`YearTable`] to a [`super::Calendar`]); see `docs/calendar.md`.

use super::table::{HolidaySpan, YearTable};
use chrono::NaiveDate;

/// One year as written here: (name, first day off, last day off) runs and make-up working days.
struct Builtin {
    year: i32,
    source: &'static str,
    holidays: &'static [(&'static str, NaiveDate, NaiveDate)],
    workdays: &'static [NaiveDate],
}

/// A date, evaluated at compile time in the `static` below: an impossible date is a build error.
const fn d(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("impossible date in the built-in calendar tables"),
    }
}

static BUILTIN: &[Builtin] = &[
    Builtin {
        year: 2020,
        source: "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号，2019-11-21）；\
                 春节假期延长至2月2日：国务院办公厅关于延长2020年春节假期的通知（国办发明电〔2020〕1号，2020-01-27），\
                 原定2月1日（周六）上班随之取消",
        holidays: &[
            ("元旦", d(2020, 1, 1), d(2020, 1, 1)),
            ("春节", d(2020, 1, 24), d(2020, 2, 2)),
            ("清明节", d(2020, 4, 4), d(2020, 4, 6)),
            ("劳动节", d(2020, 5, 1), d(2020, 5, 5)),
            ("端午节", d(2020, 6, 25), d(2020, 6, 27)),
            ("国庆节、中秋节", d(2020, 10, 1), d(2020, 10, 8)),
        ],
        workdays: &[d(2020, 1, 19), d(2020, 4, 26), d(2020, 5, 9), d(2020, 6, 28), d(2020, 9, 27), d(2020, 10, 10)],
    },
    Builtin {
        year: 2021,
        source: "国务院办公厅关于2021年部分节假日安排的通知（国办发明电〔2020〕27号，2020-11-25）",
        holidays: &[
            ("元旦", d(2021, 1, 1), d(2021, 1, 3)),
            ("春节", d(2021, 2, 11), d(2021, 2, 17)),
            ("清明节", d(2021, 4, 3), d(2021, 4, 5)),
            ("劳动节", d(2021, 5, 1), d(2021, 5, 5)),
            ("端午节", d(2021, 6, 12), d(2021, 6, 14)),
            ("中秋节", d(2021, 9, 19), d(2021, 9, 21)),
            ("国庆节", d(2021, 10, 1), d(2021, 10, 7)),
        ],
        workdays: &[
            d(2021, 2, 7),
            d(2021, 2, 20),
            d(2021, 4, 25),
            d(2021, 5, 8),
            d(2021, 9, 18),
            d(2021, 9, 26),
            d(2021, 10, 9),
        ],
    },
    Builtin {
        year: 2022,
        source: "国务院办公厅关于2022年部分节假日安排的通知（国办发明电〔2021〕11号，2021-10-25）",
        holidays: &[
            ("元旦", d(2022, 1, 1), d(2022, 1, 3)),
            ("春节", d(2022, 1, 31), d(2022, 2, 6)),
            ("清明节", d(2022, 4, 3), d(2022, 4, 5)),
            ("劳动节", d(2022, 4, 30), d(2022, 5, 4)),
            ("端午节", d(2022, 6, 3), d(2022, 6, 5)),
            ("中秋节", d(2022, 9, 10), d(2022, 9, 12)),
            ("国庆节", d(2022, 10, 1), d(2022, 10, 7)),
        ],
        workdays: &[
            d(2022, 1, 29),
            d(2022, 1, 30),
            d(2022, 4, 2),
            d(2022, 4, 24),
            d(2022, 5, 7),
            d(2022, 10, 8),
            d(2022, 10, 9),
        ],
    },
    Builtin {
        year: 2023,
        // 元旦 ran from 2022-12-31 (a Saturday, a rest day anyway); only its 2023 part belongs to this table.
        source: "国务院办公厅关于2023年部分节假日安排的通知（国办发明电〔2022〕16号，2022-12-08）",
        holidays: &[
            ("元旦", d(2023, 1, 1), d(2023, 1, 2)),
            ("春节", d(2023, 1, 21), d(2023, 1, 27)),
            ("清明节", d(2023, 4, 5), d(2023, 4, 5)),
            ("劳动节", d(2023, 4, 29), d(2023, 5, 3)),
            ("端午节", d(2023, 6, 22), d(2023, 6, 24)),
            ("中秋节、国庆节", d(2023, 9, 29), d(2023, 10, 6)),
        ],
        workdays: &[
            d(2023, 1, 28),
            d(2023, 1, 29),
            d(2023, 4, 23),
            d(2023, 5, 6),
            d(2023, 6, 25),
            d(2023, 10, 7),
            d(2023, 10, 8),
        ],
    },
    Builtin {
        year: 2024,
        source: "国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号，2023-10-25）",
        holidays: &[
            ("元旦", d(2024, 1, 1), d(2024, 1, 1)),
            ("春节", d(2024, 2, 10), d(2024, 2, 17)),
            ("清明节", d(2024, 4, 4), d(2024, 4, 6)),
            ("劳动节", d(2024, 5, 1), d(2024, 5, 5)),
            ("端午节", d(2024, 6, 10), d(2024, 6, 10)),
            ("中秋节", d(2024, 9, 15), d(2024, 9, 17)),
            ("国庆节", d(2024, 10, 1), d(2024, 10, 7)),
        ],
        workdays: &[
            d(2024, 2, 4),
            d(2024, 2, 18),
            d(2024, 4, 7),
            d(2024, 4, 28),
            d(2024, 5, 11),
            d(2024, 9, 14),
            d(2024, 9, 29),
            d(2024, 10, 12),
        ],
    },
    Builtin {
        year: 2025,
        source: "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024-11-12）",
        holidays: &[
            ("元旦", d(2025, 1, 1), d(2025, 1, 1)),
            ("春节", d(2025, 1, 28), d(2025, 2, 4)),
            ("清明节", d(2025, 4, 4), d(2025, 4, 6)),
            ("劳动节", d(2025, 5, 1), d(2025, 5, 5)),
            ("端午节", d(2025, 5, 31), d(2025, 6, 2)),
            ("国庆节、中秋节", d(2025, 10, 1), d(2025, 10, 8)),
        ],
        workdays: &[d(2025, 1, 26), d(2025, 2, 8), d(2025, 4, 27), d(2025, 9, 28), d(2025, 10, 11)],
    },
    Builtin {
        year: 2026,
        source: "国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号，2025-11-04）",
        holidays: &[
            ("元旦", d(2026, 1, 1), d(2026, 1, 3)),
            ("春节", d(2026, 2, 15), d(2026, 2, 23)),
            ("清明节", d(2026, 4, 4), d(2026, 4, 6)),
            ("劳动节", d(2026, 5, 1), d(2026, 5, 5)),
            ("端午节", d(2026, 6, 19), d(2026, 6, 21)),
            ("中秋节", d(2026, 9, 25), d(2026, 9, 27)),
            ("国庆节", d(2026, 10, 1), d(2026, 10, 7)),
        ],
        workdays: &[d(2026, 1, 4), d(2026, 2, 14), d(2026, 2, 28), d(2026, 5, 9), d(2026, 9, 20), d(2026, 10, 10)],
    },
];

/// The built-in year tables (2020–2026), oldest first, each citing its notice in `source`.
pub fn builtin_tables() -> Vec<YearTable> {
    BUILTIN
        .iter()
        .map(|b| YearTable {
            year: b.year,
            source: b.source.to_string(),
            holidays: b
                .holidays
                .iter()
                .map(|&(name, first, last)| HolidaySpan { name: name.to_string(), first, last })
                .collect(),
            workdays: b.workdays.to_vec(),
        })
        .collect()
}
