export const DISPLAY_TZ = 'Asia/Shanghai'

const fmt = new Intl.DateTimeFormat('en-CA', {
  timeZone: DISPLAY_TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

/**
 * Formats an RFC 3339 instant (normally UTC from the API) as `YYYY-MM-DD HH:mm:ss` in
 * Asia/Shanghai. Empty input gives `''`; an unparsable string is returned unchanged.
 */
export function formatDateTime(value: string | number | Date | null | undefined, withSeconds = true): string {
  if (value === null || value === undefined || value === '') return ''
  const d = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(d.getTime())) return String(value)
  const parts: Record<string, string> = {}
  for (const p of fmt.formatToParts(d)) parts[p.type] = p.value
  const time = withSeconds ? `${parts.hour}:${parts.minute}:${parts.second}` : `${parts.hour}:${parts.minute}`
  return `${parts.year}-${parts.month}-${parts.day} ${time}`
}

/** `YYYY-MM-DD` in Asia/Shanghai. */
export function formatDate(value: string | number | Date | null | undefined): string {
  return formatDateTime(value).slice(0, 10)
}

/**
 * Converts a calendar day picked in the UI (`YYYY-MM-DD`, meaning a Shanghai day) to the
 * UTC instant at its start (or its last second with `endOfDay`), as RFC 3339.
 */
export function shanghaiDayToUtc(day: string, endOfDay = false): string {
  const t = endOfDay ? '23:59:59' : '00:00:00'
  const d = new Date(`${day}T${t}+08:00`)
  if (Number.isNaN(d.getTime())) throw new Error(`bad day: ${day}`)
  return d.toISOString().replace('.000Z', 'Z')
}
