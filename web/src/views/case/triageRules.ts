// 繁简分流规则 editor model: the server's triage table (`GET/PUT /api/v1/cases/triage-rules`, a list of
// `{ name, when: Condition[], track }`, checked in order, the first rule whose conditions all hold decides) turned
// into flat form rows and back. Deciding a track stays on the server (zhibao_domain::case::triage); this module
// only converts and does the form-level checks that give immediate feedback. The server checks the table again.

import type { TriageRule } from '@/api/types'

export type { TriageRule }

/** One editable row: every condition kind at most once; `null` / empty / false means "not a condition". */
export interface TriageRow {
  uid: number
  name: string
  track: 'simple' | 'ordinary'
  types: string[]
  /** Amount threshold in yuan (元), as staff think of it. */
  amountYuan: number | null
  rightsMin: number | null
  respondentsMin: number | null
  urlsMin: number | null
  crossRegion: boolean
  foreignParty: boolean
}

let nextUid = 1
/** An empty row (a new rule sending matters to the ordinary track). */
export function newRow(name = ''): TriageRow {
  return {
    uid: nextUid++, name, track: 'ordinary', types: [], amountYuan: null, rightsMin: null, respondentsMin: null,
    urlsMin: null, crossRegion: false, foreignParty: false,
  }
}

const maxOf = (a: number | null, b: number) => (a === null ? b : Math.max(a, b))

/**
 * Server rule → row. Repeated conditions of one kind are folded without changing the rule's meaning: all
 * conditions must hold, so two "at least" thresholds are the larger one and two type lists their intersection.
 */
export function toRow(rule: TriageRule): TriageRow {
  const row = newRow(rule.name)
  row.track = rule.track
  const typeLists: string[][] = []
  for (const c of rule.when) {
    if (c === 'cross_region') row.crossRegion = true
    else if (c === 'foreign_party') row.foreignParty = true
    else if ('type_in' in c) typeLists.push(c.type_in)
    else if ('amount_at_least' in c) row.amountYuan = maxOf(row.amountYuan, c.amount_at_least / 100)
    else if ('rights_at_least' in c) row.rightsMin = maxOf(row.rightsMin, c.rights_at_least)
    else if ('respondents_at_least' in c) row.respondentsMin = maxOf(row.respondentsMin, c.respondents_at_least)
    else if ('urls_at_least' in c) row.urlsMin = maxOf(row.urlsMin, c.urls_at_least)
  }
  if (typeLists.length) {
    const common = typeLists[0].filter((t) => typeLists.every((l) => l.includes(t)))
    // An empty intersection can never hold, but an empty list in a row means "any type": show the first list
    // instead so staff see the rule and fix it, rather than silently widening it.
    row.types = common.length ? common : [...typeLists[0]]
  }
  return row
}

/** Row → server rule, conditions in a fixed order. */
export function toRule(row: TriageRow): TriageRule {
  const when: TriageRule["when"] = []
  if (row.types.length) when.push({ type_in: [...row.types] })
  if (row.amountYuan !== null) when.push({ amount_at_least: Math.round(row.amountYuan * 100) })
  if (row.rightsMin !== null) when.push({ rights_at_least: row.rightsMin })
  if (row.respondentsMin !== null) when.push({ respondents_at_least: row.respondentsMin })
  if (row.urlsMin !== null) when.push({ urls_at_least: row.urlsMin })
  if (row.crossRegion) when.push('cross_region')
  if (row.foreignParty) when.push('foreign_party')
  return { name: row.name.trim(), when, track: row.track }
}

/** True when the row has no condition: it always holds (a catch-all). */
export const isCatchAll = (row: TriageRow) => toRule(row).when.length === 0

/** A problem found before saving, by row index (0-based) and message key with its parameters. */
export interface RowProblem {
  index: number
  key: 'emptyName' | 'duplicateName' | 'negative' | 'unreachable'
  params: Record<string, string | number>
}

/** The same checks the server makes (zhibao_domain::case::triage::check_rules), for feedback while editing. */
export function checkRows(rows: TriageRow[]): RowProblem[] {
  const out: RowProblem[] = []
  const seen = new Set<string>()
  let catchAll: string | null = null
  rows.forEach((row, index) => {
    const name = row.name.trim()
    if (!name) out.push({ index, key: 'emptyName', params: { n: index + 1 } })
    else if (seen.has(name)) out.push({ index, key: 'duplicateName', params: { name } })
    else seen.add(name)
    const nums = [row.amountYuan, row.rightsMin, row.respondentsMin, row.urlsMin]
    if (nums.some((v) => v !== null && v < 0)) out.push({ index, key: 'negative', params: { name: name || index + 1 } })
    if (catchAll !== null) out.push({ index, key: 'unreachable', params: { name: name || index + 1, after: catchAll } })
    else if (isCatchAll(row)) catchAll = name || String(index + 1)
  })
  return out
}

/** Move the row at `index` by `delta` (−1 up, +1 down); returns a new array (unchanged when out of range). */
export function move<T>(rows: T[], index: number, delta: number): T[] {
  const to = index + delta
  if (index < 0 || index >= rows.length || to < 0 || to >= rows.length) return rows
  const out = [...rows]
  const [r] = out.splice(index, 1)
  out.splice(to, 0, r)
  return out
}

/** True when the rows would save something other than `saved`. */
export function differs(rows: TriageRow[], saved: TriageRule[]): boolean {
  return JSON.stringify(rows.map(toRule)) !== JSON.stringify(saved)
}
