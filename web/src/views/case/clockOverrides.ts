// Per-track clock overrides (繁简分流 changes clocks): the rules a deployment may change per track, and the pure
// logic of the editor on the dispatch-rules page. The server (PUT /api/v1/cases/clock-overrides) is the authority:
// it refuses a statutory limit by name, an unknown key or track, and a period outside 1–365.
import type { ClockExtension, ClockOverrides, ClockRule, PeriodUnit, RuleBasis } from '@/api/types'

export const TRACKS = ['simple', 'ordinary'] as const
export type Track = (typeof TRACKS)[number]
export const UNITS: readonly PeriodUnit[] = ['workdays', 'days', 'months']
export const MIN_COUNT = 1
export const MAX_COUNT = 365

/** A clock of a procedure, with its default rule (as in crates/domain/src/case/procedure). */
export interface KnownClock {
  key: string
  /** The matter type whose procedure runs it. */
  matterType: string
  rule: ClockRule
}

const rule = (
  key: string,
  name_zh: string,
  unit: PeriodUnit,
  count: number,
  citation: string,
  basis: RuleBasis,
  extension: ClockExtension | null = null,
): ClockRule => ({ key, name_zh, unit, count, citation, basis, extension })

const BANFA = '市场监督管理投诉举报处理暂行办法'
const PENALTY = '市场监督管理行政处罚程序规定'
const ORDER81 = '专利纠纷行政裁决和调解办法（国家知识产权局令第81号）'

/**
 * The clocks a track may change: every rule whose basis is not a statute read from the official text. There is no
 * API listing them; keep in step with the domain (`RuleBasis::configurable`). A key the server holds that is not
 * listed here is still shown and kept.
 */
export const CONFIGURABLE_CLOCKS: readonly KnownClock[] = [
  {
    key: 'assessment',
    matterType: 'assistance',
    rule: rule('assessment', '援助评估期限', 'workdays', 5, '本地维权援助服务标准（默认值，可配置；非法定期限）', 'local_standard'),
  },
  {
    key: 'verification',
    matterType: 'report',
    rule: rule(
      'verification',
      '核查期限',
      'workdays',
      15,
      `${PENALTY} Art.18（经 ${BANFA} Art.31 para1 适用；调解中发现的线索见同办法 Art.23）`,
      'secondary',
      { unit: 'workdays', count: 15, citation: `${PENALTY} Art.18`, needs_approval: true },
    ),
  },
]

/** Statutory limits: shown (disabled) so that the editor says why they are not offered; the server refuses them. */
export const STATUTORY_CLOCKS: readonly KnownClock[] = [
  { key: 'acceptance', matterType: 'complaint', rule: rule('acceptance', '受理期限', 'workdays', 7, `${BANFA} Art.14`, 'statute') },
  { key: 'mediation', matterType: 'complaint', rule: rule('mediation', '调解期限', 'workdays', 45, `${BANFA} Art.21(5)`, 'statute') },
  { key: 'termination_notice', matterType: 'complaint', rule: rule('termination_notice', '终止调解告知期限', 'workdays', 7, `${BANFA} Art.21 para2`, 'statute') },
  { key: 'reporter_notice', matterType: 'report', rule: rule('reporter_notice', '实名举报告知期限', 'workdays', 5, `${BANFA} Art.31 para2`, 'statute') },
  { key: 'filing', matterType: 'adjudication', rule: rule('filing', '立案期限', 'workdays', 5, `${ORDER81} Art.20`, 'statute') },
  { key: 'conclusion', matterType: 'adjudication', rule: rule('conclusion', '办案期限', 'months', 3, `${ORDER81} Art.37`, 'statute') },
]

export const configurable = (key: string): KnownClock | undefined => CONFIGURABLE_CLOCKS.find((c) => c.key === key)
export const statutory = (key: string): KnownClock | undefined => STATUTORY_CLOCKS.find((c) => c.key === key)

/** The citation a new override starts with (the office's own standard for the track). */
export const defaultCitation = (trackZh: string): string => `本地服务标准（${trackZh}）`

/**
 * A new override of `key` for a track: the default's name, period and extension (an extension the law allows stays
 * allowed when the period is shortened), the basis of a local standard and the office's citation.
 */
export function newOverride(key: string, trackZh: string): ClockRule {
  const d = configurable(key)?.rule
  return {
    key,
    name_zh: d?.name_zh ?? '',
    unit: d?.unit ?? 'workdays',
    count: d?.count ?? 5,
    citation: defaultCitation(trackZh),
    basis: 'local_standard',
    extension: d?.extension ? { ...d.extension } : null,
  }
}

/** Changing the key of a row: take the new default's name and extension; keep the period and citation typed. */
export function rekey(row: ClockRule, key: string): ClockRule {
  const d = configurable(key)?.rule
  return { ...row, key, name_zh: d?.name_zh ?? row.name_zh, extension: d?.extension ? { ...d.extension } : null }
}

/** The editor's state from the server's answer: both tracks, always (a missing track has no overrides). */
export function fromServer(o: ClockOverrides | null | undefined): Record<Track, ClockRule[]> {
  const out = { simple: [], ordinary: [] } as Record<Track, ClockRule[]>
  for (const t of TRACKS) {
    for (const r of o?.[t] ?? []) out[t].push({ ...r, extension: r.extension ? { ...r.extension } : null })
  }
  return out
}

/** The PUT body: both tracks, text trimmed, periods as integers. */
export function toPayload(rows: Record<Track, readonly ClockRule[]>): Record<Track, ClockRule[]> {
  const out = {} as Record<Track, ClockRule[]>
  for (const t of TRACKS) {
    out[t] = (rows[t] ?? []).map((r) => ({
      key: r.key,
      name_zh: r.name_zh.trim(),
      unit: r.unit,
      count: Math.trunc(Number(r.count)),
      citation: r.citation.trim(),
      basis: r.basis,
      extension: r.extension ? { ...r.extension } : null,
    }))
  }
  return out
}

/** The keys a row of a track may pick: configurable ones not used by another row of the track. */
export function freeKeys(rows: readonly ClockRule[], except?: number): string[] {
  const used = new Set(rows.filter((_, i) => i !== except).map((r) => r.key))
  return CONFIGURABLE_CLOCKS.map((c) => c.key).filter((k) => !used.has(k))
}

/** Row id in error maps: `simple[0]`. */
export const rowId = (track: Track, index: number): string => `${track}[${index}]`

export type RowProblem = 'key' | 'statutory' | 'duplicate' | 'count' | 'name' | 'citation'

/** What the client can tell before saving, by row id (`simple[0]` → problem). The server checks again. */
export function checkRows(rows: Record<Track, readonly ClockRule[]>): Record<string, RowProblem> {
  const out: Record<string, RowProblem> = {}
  for (const t of TRACKS) {
    const seen = new Set<string>()
    ;(rows[t] ?? []).forEach((r, i) => {
      const id = rowId(t, i)
      if (!r.key) out[id] = 'key'
      else if (statutory(r.key)) out[id] = 'statutory'
      else if (seen.has(r.key)) out[id] = 'duplicate'
      else if (!Number.isInteger(Number(r.count)) || Number(r.count) < MIN_COUNT || Number(r.count) > MAX_COUNT) out[id] = 'count'
      else if (!r.name_zh.trim()) out[id] = 'name'
      else if (!r.citation.trim()) out[id] = 'citation'
      if (r.key) seen.add(r.key)
    })
  }
  return out
}

export interface PlacedOverrideErrors {
  /** Messages by row id (`simple[0]`). */
  rows: Record<string, string>
  /** Messages no row shows (`track`, or a key no row has), with the path as sent. */
  general: Array<{ path: string; message: string }>
}

/**
 * Places the server's 422 fields: `simple.acceptance` goes to the row(s) of track `simple` with key `acceptance`;
 * `track` and anything else is listed above the tables.
 */
export function placeServerErrors(fields: Record<string, string>, rows: Record<Track, readonly ClockRule[]>): PlacedOverrideErrors {
  const out: PlacedOverrideErrors = { rows: {}, general: [] }
  for (const [path, message] of Object.entries(fields)) {
    const dot = path.indexOf('.')
    const track = (dot > 0 ? path.slice(0, dot) : '') as Track
    const key = dot > 0 ? path.slice(dot + 1) : ''
    const hits = (TRACKS as readonly string[]).includes(track) ? (rows[track] ?? []).flatMap((r, i) => (r.key === key ? [i] : [])) : []
    if (!hits.length) {
      out.general.push({ path, message })
      continue
    }
    for (const i of hits) {
      const id = rowId(track, i)
      out.rows[id] = out.rows[id] ? `${out.rows[id]}；${message}` : message
    }
  }
  return out
}

/** Whether two editor states differ in what would be saved. */
export const differs = (a: Record<Track, readonly ClockRule[]>, b: Record<Track, readonly ClockRule[]>): boolean =>
  JSON.stringify(toPayload(a)) !== JSON.stringify(toPayload(b))
