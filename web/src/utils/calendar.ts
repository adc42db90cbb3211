// The working-day calendar on the client, from the year tables of GET /api/v1/calendar/years: which days are
// working days (for the month grid) and the working days left to a due date (for lists whose answers carry only
// the date). Rules as in docs/calendar.md: Monday–Friday unless a day off; a Saturday/Sunday the notice declares
// 上班 counts as a working day (the server's default). The server's numbers win whenever it sends them.
import type { YearTable } from '@/api/types'
import { addDays, weekday } from './workdays'

export type DayKind = 'workday' | 'makeup' | 'weekend' | 'holiday'

export interface WorkCalendar {
  years: Set<number>
  /** Holiday name by day. */
  holidays: Map<string, string>
  makeup: Set<string>
}

export function buildCalendar(tables: readonly YearTable[]): WorkCalendar {
  const cal: WorkCalendar = { years: new Set(), holidays: new Map(), makeup: new Set() }
  for (const t of tables) {
    cal.years.add(t.year)
    for (const h of t.holidays) for (let d = h.first; d <= h.last; d = addDays(d, 1)) cal.holidays.set(d, h.name)
    for (const w of t.workdays) cal.makeup.add(w)
  }
  return cal
}

/** The kind of a day; `null` when its year has no table. */
export function dayKind(cal: WorkCalendar, day: string): DayKind | null {
  if (!cal.years.has(Number(day.slice(0, 4)))) return null
  if (cal.holidays.has(day)) return 'holiday'
  if (cal.makeup.has(day)) return 'makeup'
  const wd = weekday(day)
  return wd === 0 || wd === 6 ? 'weekend' : 'workday'
}

export function isWorkday(cal: WorkCalendar, day: string): boolean | null {
  const k = dayKind(cal, day)
  return k === null ? null : k === 'workday' || k === 'makeup'
}

/**
 * Working days left until `due` as the server counts them: the working days in (today, due] — 0 on the due date,
 * negative (the working days in (due, today]) once it passed. `null` when a needed year has no table.
 */
export function remainingWorkdays(cal: WorkCalendar, today: string, due: string): number | null {
  const [from, to, sign] = due >= today ? [today, due, 1] : [due, today, -1]
  let n = 0
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) {
    const w = isWorkday(cal, d)
    if (w === null) return null
    if (w) n++
  }
  return sign * n
}

/** The `n`-th working day after `from` (the start day is not counted); `null` past the tables. */
export function addWorkdays(cal: WorkCalendar, from: string, n: number): string | null {
  let d = from
  for (let left = n; left > 0; ) {
    d = addDays(d, 1)
    const w = isWorkday(cal, d)
    if (w === null) return null
    if (w) left--
  }
  return d
}
