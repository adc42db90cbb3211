// Remaining working days and their urgency colour (我的待办, 办理时限, 超期督办).

/** At or below this many remaining working days a deadline is shown as a warning. */
export const SOON_WORKDAYS = 2

export type Urgency = 'overdue' | 'soon' | 'normal' | 'none'

/**
 * The urgency of a deadline: overdue (red) when missed or past due (`remaining < 0`), soon (amber) when at most
 * {@link SOON_WORKDAYS} working days remain (0 = due today), normal otherwise; none when there is no running
 * deadline (no number, or the clock is met).
 */
export function urgencyOf(remaining: number | null | undefined, opts: { overdue?: boolean; state?: string } = {}): Urgency {
  if (opts.state === 'met') return 'none'
  if (opts.overdue || opts.state === 'missed') return 'overdue'
  if (remaining === null || remaining === undefined || Number.isNaN(remaining)) return 'none'
  if (remaining < 0) return 'overdue'
  if (remaining <= SOON_WORKDAYS) return 'soon'
  return 'normal'
}

/** Element Plus tag / text type of an urgency. */
export const URGENCY_TYPE: Record<Urgency, 'danger' | 'warning' | 'success' | 'info'> = {
  overdue: 'danger',
  soon: 'warning',
  normal: 'success',
  none: 'info',
}

/** Today as `YYYY-MM-DD` in Asia/Shanghai. */
export function todayShanghai(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}

/** Adds `n` calendar days to a `YYYY-MM-DD` day. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

/** Weekday of a `YYYY-MM-DD` day, 0 = Sunday … 6 = Saturday. */
export function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay()
}

/** The Sunday closing the (Monday-first) week of `day`. */
export function endOfWeek(day: string): string {
  const wd = weekday(day)
  return addDays(day, wd === 0 ? 0 : 7 - wd)
}

/** Calendar days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000)
}
