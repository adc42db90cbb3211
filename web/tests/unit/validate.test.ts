import { describe, expect, it } from 'vitest'
import { isStrongPassword } from '@/utils/validate'
import { rings, stationTooltip } from '@/views/geo/mapOption'

describe('isStrongPassword', () => {
  it('mirrors the server rule', () => {
    expect(isStrongPassword('Zhibao@2026')).toBe(true)
    expect(isStrongPassword('Viewer@2026x')).toBe(true)
    expect(isStrongPassword('abcdefgh')).toBe(false)
    expect(isStrongPassword('abcd1234')).toBe(false)
    expect(isStrongPassword('Abcd1234')).toBe(true)
    expect(isStrongPassword('Ab1@')).toBe(false)
    expect(isStrongPassword(undefined)).toBe(false)
  })
})

describe('map helpers', () => {
  it('rings of polygons and multipolygons', () => {
    const sq = [[0, 0], [1, 0], [1, 1], [0, 0]]
    expect(rings({ type: 'Polygon', coordinates: [sq] })).toHaveLength(1)
    expect(rings({ type: 'MultiPolygon', coordinates: [[sq], [sq]] })).toHaveLength(2)
  })
  it('escapes the tooltip', () => {
    const html = stationTooltip(
      { id: 1, name: '<b>x</b>', area_id: 1, area_name: '新港', lon: 0, lat: 0, address: '', staff: [{ name: '张三', role: '站长', phone: '1' }], dept_id: null },
      { kinds: {}, area: '区域', staff: '人员', address: '地址' },
    )
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;')
    expect(html).toContain('张三（站长）')
  })
})
