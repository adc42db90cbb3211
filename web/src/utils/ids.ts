// Check digits of Chinese identity numbers, mirroring the server's validators (crates/domain/src/case/ids.rs).
// Client-side checks only spare the user a round trip: the server decides, and its 422 is shown as it comes.

/** Why a number was refused; `position` is 1-based in the normalised value. */
export type IdProblem =
  | { code: 'empty' }
  | { code: 'length'; expected: string; actual: number }
  | { code: 'char'; position: number; found: string }
  | { code: 'birth'; value: string }
  | { code: 'future'; value: string }
  | { code: 'check'; position: number; expected: string; found: string }
  | { code: 'org_check'; expected: string; found: string }
  | { code: 'year'; year: number }
  | { code: 'kind'; found: string }
  | { code: 'format' }

/** Full-width ASCII (U+FF01–U+FF5E) and the ideographic space folded to ASCII. */
export function foldWidth(raw: string): string {
  return raw.replace(/[\uFF01-\uFF5E\u3000]/g, (c) => (c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)))
}

// ---------------------------------------------------------------- 居民身份证号码 (GB 11643-1999)

const CITIZEN_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CITIZEN_CHECK = '10X98765432'

/** ISO 7064 MOD 11-2 check character of the first 17 digits: `"10X98765432"[Σ dᵢ·wᵢ mod 11]`. */
export function citizenIdCheck(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('17 digits expected')
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * CITIZEN_WEIGHTS[i]
  return CITIZEN_CHECK[sum % 11]
}

function realDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d))
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d
}

/**
 * Checks an 18-character resident identity number: 17 digits, a birth date that exists (year ≥ 1800) and is not
 * after `today` (`YYYY-MM-DD`), then the check character (`x` accepted for `X`). 15-digit numbers are refused.
 */
export function checkCitizenId(raw: string, today: string): IdProblem | null {
  const s = foldWidth(raw).trim()
  if (!s) return { code: 'empty' }
  if (s.length !== 18) return { code: 'length', expected: '18', actual: [...s].length }
  for (let i = 0; i < 17; i++) if (!/\d/.test(s[i])) return { code: 'char', position: i + 1, found: s[i] }
  const last = s[17].toUpperCase()
  if (!/[0-9X]/.test(last)) return { code: 'char', position: 18, found: s[17] }
  const birth = s.slice(6, 14)
  const y = Number(birth.slice(0, 4)), m = Number(birth.slice(4, 6)), d = Number(birth.slice(6, 8))
  if (y < 1800 || !realDate(y, m, d)) return { code: 'birth', value: birth }
  const iso = `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`
  if (iso > today) return { code: 'future', value: iso }
  const expected = citizenIdCheck(s.slice(0, 17))
  if (last !== expected) return { code: 'check', position: 18, expected, found: s[17] }
  return null
}

// ---------------------------------------------------------------- 统一社会信用代码 (GB 32100-2015)

/** The 31 characters of a credit code in value order (no I, O, Z, S, V). */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]

/** GB 32100 check character of the first 17 characters: `31 − (Σ vᵢ·wᵢ mod 31)`, where 31 means 0. */
export function creditCodeCheck(first17: string): string {
  if (first17.length !== 17) throw new Error('17 characters expected')
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_ALPHABET.indexOf(first17[i])
    if (v < 0) throw new Error(`not in the alphabet: ${first17[i]}`)
    sum += v * CREDIT_WEIGHTS[i]
  }
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31]
}

/** GB 11714 check character of an 8-character organisation-code body (A=10 … Z=35; 10 → X, 11 → 0). */
export function orgCodeCheck(body8: string): string {
  if (body8.length !== 8) throw new Error('8 characters expected')
  let sum = 0
  for (let i = 0; i < 8; i++) sum += parseInt(body8[i], 36) * ORG_WEIGHTS[i]
  const c = 11 - (sum % 11)
  return c === 10 ? 'X' : c === 11 ? '0' : String(c)
}

/**
 * Checks a unified social credit code: 18 characters of the alphabet (positions 3–8 digits), the 18th the GB 32100
 * check character, and the embedded organisation code (positions 9–17) passing its own GB 11714 check.
 * Lowercase is accepted.
 */
export function checkCreditCode(raw: string): IdProblem | null {
  const s = foldWidth(raw).trim().toUpperCase()
  if (!s) return { code: 'empty' }
  if (s.length !== 18) return { code: 'length', expected: '18', actual: [...s].length }
  for (let i = 0; i < 18; i++) {
    const pos = i + 1
    const ok = pos >= 3 && pos <= 8 ? /\d/.test(s[i]) : CREDIT_CODE_ALPHABET.includes(s[i])
    if (!ok) return { code: 'char', position: pos, found: s[i] }
  }
  const expected = creditCodeCheck(s.slice(0, 17))
  if (s[17] !== expected) return { code: 'check', position: 18, expected, found: s[17] }
  const org = orgCodeCheck(s.slice(8, 16))
  if (s[16] !== org) return { code: 'org_check', expected: org, found: s[16] }
  return null
}

// ---------------------------------------------------------------- 专利申请号 / 专利号

/** MOD 11 check of an application number's digits, weights 2,3,…,9,2,3,… left to right; 10 → X. */
export function patentCheck(digits: string): string {
  let sum = 0
  for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * (2 + (i % 8))
  const v = sum % 11
  return v === 10 ? 'X' : String(v)
}

/**
 * Checks a Chinese patent application / patent number: optional `CN`/`ZL`, spaces, an optional dot before the
 * check character; 13 characters since 2003 (`YYYY T NNNNNNN C`) or 9 before (`YY T NNNNN C`).
 */
export function checkPatentNumber(raw: string): IdProblem | null {
  const s = foldWidth(raw).replace(/\s+/g, '').toUpperCase()
  if (!s) return { code: 'empty' }
  let rest = s.startsWith('CN') || s.startsWith('ZL') ? s.slice(2) : s
  const dot = rest.indexOf('.')
  if (dot >= 0) {
    if (dot + 2 !== rest.length) return { code: 'format' }
    rest = rest.slice(0, dot) + rest.slice(dot + 1)
  }
  const n = rest.length
  if (n !== 9 && n !== 13) return { code: 'length', expected: '13 / 9', actual: n }
  const body = rest.slice(0, n - 1)
  for (let i = 0; i < body.length; i++) if (!/\d/.test(body[i])) return { code: 'char', position: i + 1, found: body[i] }
  const found = rest[n - 1]
  if (!/[0-9X]/.test(found)) return { code: 'char', position: n, found }
  let typeAt: number
  if (n === 13) {
    const year = Number(body.slice(0, 4))
    if (year < 2003 || year > 2099) return { code: 'year', year }
    typeAt = 4
  } else {
    const yy = Number(body.slice(0, 2))
    const year = yy >= 85 ? 1900 + yy : 2000 + yy
    if (year < 1985 || year > 2003) return { code: 'year', year }
    typeAt = 2
  }
  if (!'12389'.includes(body[typeAt])) return { code: 'kind', found: body[typeAt] }
  const expected = patentCheck(body)
  if (found !== expected) return { code: 'check', position: n, expected, found }
  return null
}
