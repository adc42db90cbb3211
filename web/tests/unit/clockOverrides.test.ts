import { describe, expect, it } from 'vitest'
import {
  CONFIGURABLE_CLOCKS, STATUTORY_CLOCKS, checkRows, differs, freeKeys, fromServer, newOverride, placeServerErrors, rekey, toPayload,
} from '@/views/case/clockOverrides'

describe('clock overrides', () => {
  it('offers the configurable clocks of today, never a statutory one', () => {
    expect(CONFIGURABLE_CLOCKS.map((c) => c.key)).toEqual(['assessment', 'verification'])
    expect(CONFIGURABLE_CLOCKS.every((c) => c.rule.basis !== 'statute')).toBe(true)
    expect(STATUTORY_CLOCKS.every((c) => c.rule.basis === 'statute')).toBe(true)
    expect(STATUTORY_CLOCKS.map((c) => c.key)).toContain('acceptance')
  })
  it('starts a new override from the default, as a local standard, keeping the extension the law allows', () => {
    const v = newOverride('verification', '简易程序')
    expect(v).toMatchObject({ key: 'verification', name_zh: '核查期限', unit: 'workdays', count: 15, basis: 'local_standard', citation: '本地服务标准（简易程序）' })
    expect(v.extension).toMatchObject({ unit: 'workdays', count: 15, needs_approval: true })
    expect(newOverride('assessment', '普通程序').extension).toBeNull()
    const moved = rekey({ ...v, count: 8 }, 'assessment')
    expect(moved).toMatchObject({ key: 'assessment', name_zh: '援助评估期限', count: 8, extension: null })
  })
  it('reads both tracks from any answer and writes both back, trimmed', () => {
    const s = fromServer({})
    expect(s).toEqual({ simple: [], ordinary: [] })
    const o = fromServer({ simple: [{ ...newOverride('assessment', '简易程序'), name_zh: ' 简案评估 ', count: 2 }] })
    const body = toPayload(o)
    expect(Object.keys(body)).toEqual(['simple', 'ordinary'])
    expect(body.simple[0].name_zh).toBe('简案评估')
    expect(body.ordinary).toEqual([])
    expect(differs(o, fromServer(body))).toBe(false)
    expect(differs(o, s)).toBe(true)
  })
  it('lets a track pick each key once', () => {
    const rows = [newOverride('assessment', 'x')]
    expect(freeKeys(rows)).toEqual(['verification'])
    expect(freeKeys(rows, 0)).toEqual(['assessment', 'verification'])
    expect(freeKeys([...rows, newOverride('verification', 'x')])).toEqual([])
  })
  it('checks rows before saving', () => {
    const ok = newOverride('assessment', '简易程序')
    expect(checkRows({ simple: [ok], ordinary: [ok] })).toEqual({})
    const problems = checkRows({
      simple: [ok, { ...ok }, { ...ok, key: '' }, { ...newOverride('verification', 'x'), count: 0 }],
      ordinary: [{ ...ok, key: 'acceptance' }, { ...newOverride('verification', 'x'), citation: ' ' }, { ...ok, name_zh: '', count: 366 }],
    })
    expect(problems).toEqual({
      'simple[1]': 'duplicate', 'simple[2]': 'key', 'simple[3]': 'count',
      'ordinary[0]': 'statutory', 'ordinary[1]': 'citation', 'ordinary[2]': 'count',
    })
  })
  it('places the server fields (simple.acceptance) on their rows and the rest above', () => {
    const rows = { simple: [newOverride('assessment', 'x'), { ...newOverride('assessment', 'x'), key: 'acceptance' }], ordinary: [newOverride('verification', 'y')] }
    const placed = placeServerErrors(
      { 'simple.acceptance': '「受理期限」是法定期限', 'ordinary.verification': '期限应为 1–365', track: '未知的程序类型 fast', 'simple.nothing': '没有名为 nothing 的期限' },
      rows,
    )
    expect(placed.rows).toEqual({ 'simple[1]': '「受理期限」是法定期限', 'ordinary[0]': '期限应为 1–365' })
    expect(placed.general).toEqual([
      { path: 'track', message: '未知的程序类型 fast' },
      { path: 'simple.nothing', message: '没有名为 nothing 的期限' },
    ])
  })
})
