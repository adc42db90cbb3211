#!/usr/bin/env python3
"""Independent oracle for zhibao's working-day calendar (crates/domain/src/calendar).

Prints, for every day of the years FIRST..LAST inclusive, one line `YYYY-MM-DD 1` (a working day) or
`YYYY-MM-DD 0` (a rest day), as the PyPI package `chinese-calendar` (MIT, https://github.com/LKI/chinese-calendar)
judges it. A first line `# chinese-calendar VERSION` names the version. crates/domain/tests/calendar_oracle.rs
runs this script and compares its answers with the Rust tables day by day.

Usage:  python3 scripts/calendar_oracle.py 2020 2026
Needs:  pip install chinese-calendar
Exit codes: 0 ok, 2 usage error, 3 package missing, 4 a year the package does not cover.
"""
import datetime
import sys


def main(argv):
    if len(argv) != 3 or not argv[1].isdigit() or not argv[2].isdigit() or int(argv[1]) > int(argv[2]):
        sys.stderr.write("usage: calendar_oracle.py FIRST_YEAR LAST_YEAR\n")
        return 2
    try:
        import chinese_calendar
    except ImportError:
        sys.stderr.write(
            "calendar_oracle.py: the Python package chinese-calendar is not installed; "
            "run: pip install chinese-calendar\n"
        )
        return 3
    try:
        from importlib.metadata import version

        ver = version("chinese-calendar")
    except Exception:  # pragma: no cover - version lookup is informative only
        ver = getattr(chinese_calendar, "__version__", "unknown")
    first, last = int(argv[1]), int(argv[2])
    out = ["# chinese-calendar %s" % ver]
    day = datetime.date(first, 1, 1)
    end = datetime.date(last, 12, 31)
    while day <= end:
        try:
            work = chinese_calendar.is_workday(day)
        except NotImplementedError:
            sys.stderr.write(
                "calendar_oracle.py: chinese-calendar %s does not cover %d; "
                "upgrade it: pip install --upgrade chinese-calendar\n" % (ver, day.year)
            )
            return 4
        out.append("%s %d" % (day.isoformat(), 1 if work else 0))
        day += datetime.timedelta(days=1)
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
