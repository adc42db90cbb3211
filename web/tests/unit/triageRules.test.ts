import { describe, expect, it } from 'vitest'
import type { TriageRule } from '@/api/types'
import { checkRows, differs, isCatchAll, move, newRow, toRow, toRule } from '@/views/case/triageRules'

// The server's default table (zhibao_domain::case::triage::default_rules), as GET /api/v1/cases/triage-rules sends it.
const DEFAULTS: TriageRule[] = [
  { name: '行政裁决请求按普通程序办理', when: [{ type_in: ['adjudication'] }], track: 'ordinary' },
  { name: '涉外（含港澳台）', when: ['foreign_party'], track: 'ordinary' },
  { name: '跨区域', when: ['cross_region'], track: 'ordinary' },
  { name: '涉案金额50万元以上', when: [{ amount_at_least: 50_000_000 }], track: 'ordinary' },
  { name: '涉及3项以上权利', when: [{ rights_at_least: 3 }], track: 'ordinary' },
  { name: '被投诉人3个以上', when: [{ respondents_at_least: 3 }], track: 'ordinary' },
]

describe('triage rules editor model', () => {
  it('round-trips the default table unchanged, amounts shown in yuan', () => {
    const rows = DEFAULTS.map(toRow)
    expect(rows[3].amountYuan).toBe(500_000)
    expect(rows[1].foreignParty).toBe(true)
    expect(rows.map(toRule)).toEqual(DEFAULTS)
    expect(differs(rows, DEFAULTS)).toBe(false)
    rows[4].rightsMin = 4
    expect(differs(rows, DEFAULTS)).toBe(true)
  })
  it('folds repeated conditions without changing the meaning', () => {
    const r = toRow({ name: 'x', track: 'simple', when: [{ type_in: ['complaint', 'report'] }, { type_in: ['report', 'mediation'] }, { urls_at_least: 2 }, { urls_at_least: 5 }] })
    expect(r.types).toEqual(['report'])
    expect(r.urlsMin).toBe(5)
    expect(toRule(r)).toEqual({ name: 'x', track: 'simple', when: [{ type_in: ['report'] }, { urls_at_least: 5 }] })
  })
  it('never widens a rule whose type lists do not intersect', () => {
    const r = toRow({ name: 'x', track: 'simple', when: [{ type_in: ['complaint'] }, { type_in: ['report'] }] })
    expect(r.types).toEqual(['complaint'])
  })
  it('rounds yuan to whole fen and trims names', () => {
    const r = { ...newRow('  大额  '), amountYuan: 1234.567 }
    expect(toRule(r)).toEqual({ name: '大额', track: 'ordinary', when: [{ amount_at_least: 123457 }] })
  })
  it('reports the problems the server would refuse, by row', () => {
    const a = { ...newRow('总是'), track: 'simple' as const }
    const b = { ...newRow('总是'), crossRegion: true }
    const c = { ...newRow(''), rightsMin: -1 }
    expect(isCatchAll(a)).toBe(true)
    const p = checkRows([a, b, c])
    expect(p).toEqual([
      { index: 1, key: 'duplicateName', params: { name: '总是' } },
      { index: 1, key: 'unreachable', params: { name: '总是', after: '总是' } },
      { index: 2, key: 'emptyName', params: { n: 3 } },
      { index: 2, key: 'negative', params: { name: 3 } },
      { index: 2, key: 'unreachable', params: { name: 3, after: '总是' } },
    ])
    expect(checkRows(DEFAULTS.map(toRow))).toEqual([])
  })
  it('moves rows within bounds only', () => {
    expect(move([1, 2, 3], 0, 1)).toEqual([2, 1, 3])
    expect(move([1, 2, 3], 2, -1)).toEqual([1, 3, 2])
    const same = [1, 2, 3]
    expect(move(same, 0, -1)).toBe(same)
    expect(move(same, 2, 1)).toBe(same)
  })
})
