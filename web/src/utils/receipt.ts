// Receipt numbers and query codes as the server parses them (crates/domain/src/case/matter.rs).

/** `REGION-TYPE-YEAR-SEQ`, e.g. `BH-TS-2026-000123` (a sequence of more than 6 digits has no leading 0). */
const RECEIPT_RE = /^[A-Z]{2,4}-(TS|JB|YZ|TJ|CJ|DS|JK)-\d{4}-(\d{6}|[1-9]\d{6,})$/

export const QUERY_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'

/** The receipt number in canonical form (trimmed, uppercase), or null when it cannot be one. */
export function normalizeReceiptNo(raw: string): string | null {
  const s = raw.trim().toUpperCase()
  return RECEIPT_RE.test(s) ? s : null
}

/** The query code as typed by a person (case, spaces and hyphens ignored), or null when it cannot be one. */
export function normalizeQueryCode(raw: string): string | null {
  const s = raw.replace(/[\s\-－]/g, '').toUpperCase()
  if (s.length !== 8) return null
  for (const c of s) if (!QUERY_CODE_ALPHABET.includes(c)) return null
  return s
}
