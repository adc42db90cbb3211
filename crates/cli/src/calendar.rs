//! `zhibao calendar`: working-day questions answered from the built-in year tables (no database, no config).
//!
//! - `zhibao calendar due --from 2025-09-28 --workdays 7` (or `--days N`, or `--months N`) prints the due date;
//! - `zhibao calendar is-workday 2025-10-11` prints `true` or `false`;
//! - `zhibao calendar years` prints the years held and the notice each comes from.
//!
//! `--table FILE` (repeatable) adds or replaces a year from a JSON year table (one object or an array); see
//! docs/calendar.md. Exit codes: 0 answered; 1 an unreadable or invalid table, or another error; 2 a bad command
//! line (e.g. a malformed date) or a date whose year the calendar does not cover.

use anyhow::Context;
use chrono::NaiveDate;
use clap::{ArgGroup, Args, Subcommand};
use std::path::PathBuf;
use zhibao_domain::calendar::{Calendar, CalendarError, YearTable};

/// Options of `zhibao calendar`.
#[derive(Args)]
pub struct CalendarArgs {
    /// Extra year table, JSON (one table or an array); replaces a built-in year of the same number. Repeatable.
    #[arg(long = "table", value_name = "FILE", global = true)]
    tables: Vec<PathBuf>,
    /// Treat 调休 make-up Saturdays/Sundays (上班 days) as rest days; by default they are working days.
    #[arg(long, global = true)]
    no_makeup_workdays: bool,
    #[command(subcommand)]
    command: CalendarCommand,
}

#[derive(Subcommand)]
enum CalendarCommand {
    /// Print the last day of a period (YYYY-MM-DD); the start day is not counted.
    Due(DueArgs),
    /// Print `true` when DATE is a working day, else `false`.
    IsWorkday {
        /// The date, YYYY-MM-DD.
        #[arg(value_parser = parse_date)]
        date: NaiveDate,
    },
    /// List the years held and the notice each comes from.
    Years,
}

#[derive(Args)]
#[command(group(ArgGroup::new("period").required(true).multiple(false).args(["workdays", "days", "months"])))]
struct DueArgs {
    /// Start date (the trigger day, not counted), YYYY-MM-DD.
    #[arg(long, value_parser = parse_date)]
    from: NaiveDate,
    /// A period of N working days (工作日).
    #[arg(long, value_name = "N")]
    workdays: Option<u32>,
    /// A period of N calendar days, rolled forward off rest days.
    #[arg(long, value_name = "N")]
    days: Option<u32>,
    /// A period of N months (same day number, else the month's last day), rolled forward off rest days.
    #[arg(long, value_name = "N")]
    months: Option<u32>,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|e| format!("日期须为 YYYY-MM-DD 格式的有效日期（{e}）"))
}

fn load_tables(path: &PathBuf) -> anyhow::Result<Vec<YearTable>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).with_context(|| format!("{}: not JSON", path.display()))?;
    let tables =
        if value.is_array() { serde_json::from_value(value) } else { serde_json::from_value(value).map(|t| vec![t]) };
    tables.with_context(|| format!("{}: not a year table", path.display()))
}

fn calendar(args: &CalendarArgs) -> anyhow::Result<Calendar> {
    let mut cal = Calendar::builtin().with_makeup_workdays(!args.no_makeup_workdays);
    for path in &args.tables {
        for table in load_tables(path)? {
            cal.replace(table).with_context(|| format!("{}: invalid year table", path.display()))?;
        }
    }
    Ok(cal)
}

fn covered(cal: &Calendar) -> String {
    let years: Vec<String> = cal.years().map(|y| y.to_string()).collect();
    years.join(", ")
}

/// Run `zhibao calendar …`. A year the calendar does not cover ends the process with exit code 2.
pub fn run(args: &CalendarArgs) -> anyhow::Result<()> {
    let cal = calendar(args)?;
    let answer = match &args.command {
        CalendarCommand::Due(due) => match (due.workdays, due.days, due.months) {
            (Some(n), _, _) => cal.add_workdays(due.from, n),
            (_, Some(n), _) => cal.add_days(due.from, n),
            (_, _, Some(n)) => cal.add_months(due.from, n),
            (None, None, None) => anyhow::bail!("one of --workdays, --days, --months is required"),
        }
        .map(|d| d.format("%Y-%m-%d").to_string()),
        CalendarCommand::IsWorkday { date } => cal.is_workday(*date).map(|b| b.to_string()),
        CalendarCommand::Years => Ok(cal
            .years()
            .filter_map(|y| cal.table(y).map(|t| format!("{y}\t{}", t.source)))
            .collect::<Vec<_>>()
            .join("\n")),
    };
    match answer {
        Ok(text) => {
            println!("{text}");
            Ok(())
        }
        Err(e @ CalendarError::YearNotCovered(_)) => {
            eprintln!(
                "zhibao calendar: {e}（已收录：{}）。该年的国务院办公厅放假通知发布后，可用 --table FILE 加入。",
                covered(&cal)
            );
            std::process::exit(2);
        }
        Err(e) => Err(anyhow::anyhow!("zhibao calendar: {e}")),
    }
}
