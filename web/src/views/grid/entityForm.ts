// Client-side checks of the market-entity form, mirroring the server (crates/domain/src/grid/entity.rs). They only
// spare a round trip: the server decides and its 422 field errors are shown as they come.
import { checkCreditCode } from '@/utils/ids'

/** GB/T 4754-2017 sections with their division ranges. */
export const SECTIONS: Array<[string, number, number]> = [
  ['A', 1, 5], ['B', 6, 12], ['C', 13, 43], ['D', 44, 46], ['E', 47, 50], ['F', 51, 52], ['G', 53, 60], ['H', 61, 62],
  ['I', 63, 65], ['J', 66, 69], ['K', 70, 70], ['L', 71, 72], ['M', 73, 75], ['N', 76, 79], ['O', 80, 82], ['P', 83, 83],
  ['Q', 84, 85], ['R', 86, 90], ['S', 91, 96], ['T', 97, 97],
]

/** True when `raw` is a GB/T 4754 code: a section letter with 0 or 2–4 digits of a division of that section. */
export function isIndustryCode(raw: string): boolean {
  const s = raw.trim().toUpperCase()
  const m = /^([A-Z]?)(\d{2,4})?$/.exec(s)
  if (!m || (!m[1] && !m[2])) return false
  if (!m[2]) return SECTIONS.some(([c]) => c === m[1])
  const div = Number(m[2].slice(0, 2))
  const sec = SECTIONS.find(([, lo, hi]) => div >= lo && div <= hi)
  return !!sec && (!m[1] || m[1] === sec[0])
}

/** Split a list typed in one box (rights) on commas, semicolons and new lines, Chinese or ASCII. */
export function parseList(raw: string): string[] {
  return raw
    .split(/[,，;；\n]/)
    .map((s) => s.trim())
    .filter(Boolean)
}

/** Field → i18n key of the first problem found before sending. */
export function draftErrors(d: { credit_code: string; industry: string; lon: number | null; lat: number | null }): Record<string, string> {
  const e: Record<string, string> = {}
  if (checkCreditCode(d.credit_code)) e.credit_code = 'grid.err.creditCode'
  if (!isIndustryCode(d.industry)) e.industry = 'grid.err.industry'
  const hasLon = d.lon !== null && d.lon !== undefined
  const hasLat = d.lat !== null && d.lat !== undefined
  if (hasLon !== hasLat) e[hasLon ? 'lat' : 'lon'] = 'grid.err.pair'
  else if (hasLon && hasLat) {
    if (Math.abs(d.lat as number) > 90 && Math.abs(d.lon as number) <= 90) e.lat = 'grid.err.swapped'
    else if (Math.abs(d.lat as number) > 90) e.lat = 'grid.err.range'
    else if (Math.abs(d.lon as number) > 180) e.lon = 'grid.err.range'
  }
  return e
}
