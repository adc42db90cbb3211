import { describe, expect, it } from 'vitest'
import { buildHeatOption, classOf, heatData, HEAT_COLORS, legendBands } from '@/views/grid/heatOption'
import { draftErrors, parseList } from '@/views/grid/entityForm'

describe('heat map', () => {
  it('classes are quartiles of the maximum, as on the server', () => {
    expect(classOf(0, 10)).toBe(0)
    expect(classOf(1, 10)).toBe(1)
    expect(classOf(5, 10)).toBe(2)
    expect(classOf(10, 10)).toBe(4)
    expect(classOf(3, 0)).toBe(0)
  })
  it('legend bands cover 1..max without overlap', () => {
    expect(legendBands(0)).toEqual([])
    expect(legendBands(8)).toEqual([[1, 1, 2], [2, 3, 4], [3, 5, 6], [4, 7, 8]])
    expect(legendBands(2)).toEqual([[2, 1, 1], [4, 2, 2]])
  })
  it('every cell gets a datum; missing counts are zero', () => {
    const cells = {
      type: 'FeatureCollection' as const,
      features: [
        { type: 'Feature' as const, properties: { name: 'A-001', id: 1, label: '甲', area_code: 'A', area_name: 'a' }, geometry: { type: 'Polygon', coordinates: [] } },
        { type: 'Feature' as const, properties: { name: 'A-002', id: 2, label: '乙', area_code: 'A', area_name: 'a' }, geometry: { type: 'Polygon', coordinates: [] } },
      ],
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const data = heatData(cells as any, [{ cell_code: 'A-002', count: 4, class: 4 }], 4)
    expect(data.map((d) => [d.name, d.value, d.itemStyle.areaColor])).toEqual([
      ['A-001', 0, HEAT_COLORS[0]],
      ['A-002', 4, HEAT_COLORS[4]],
    ])
    const opt = buildHeatOption({ mapName: 'm', data, seriesName: 's', animation: false })
    expect(opt.animation).toBe(false)
    expect(opt.series[0].data).toHaveLength(2)
  })
})

describe('entity form', () => {
  it('splits rights lists on Chinese and ASCII separators', () => {
    expect(parseList('ZL1，ZL2; ZL3\n  ')).toEqual(['ZL1', 'ZL2', 'ZL3'])
  })
  it('checks credit code, industry and coordinates before sending', () => {
    expect(draftErrors({ credit_code: '91350100M000100Y43', industry: 'C2710', lon: 117.7, lat: 39 })).toEqual({})
    const e = draftErrors({ credit_code: '91350100M000100Y44', industry: 'F2710', lon: 39, lat: 117.7 })
    expect(Object.keys(e).sort()).toEqual(['credit_code', 'industry', 'lat'])
    expect(draftErrors({ credit_code: '91350100M000100Y43', industry: '', lon: 117.7, lat: null })).toHaveProperty('lat')
  })
})
