import { describe, expect, it } from 'vitest'
import { buildPickerOption, pickerMap, round5 } from '@/views/draw/pickerOption'

describe('report map picker', () => {
  const fc = {
    type: 'FeatureCollection' as const,
    features: [
      { type: 'Feature' as const, properties: { code: 'A-001', name: '第1网格' }, geometry: { type: 'Polygon', coordinates: [] } },
      { type: 'Feature' as const, properties: { code: 'B-001', name: '第1网格' }, geometry: { type: 'Polygon', coordinates: [] } },
    ],
  }
  it('regions are named by cell code, so that equal names stay apart', () => {
    expect(pickerMap(fc).features.map((f) => f.properties.name)).toEqual(['A-001', 'B-001'])
  })
  it('the pin sits at the point and the chosen cell is highlighted', () => {
    const o = buildPickerOption({ mapName: 'm', point: [117.6, 38.9], cell: 'B-001', animation: false })
    expect(o.series[0].data).toEqual([{ value: [117.6, 38.9] }])
    expect(o.geo.regions.map((r) => r.name)).toEqual(['B-001'])
    const none = buildPickerOption({ mapName: 'm', point: null, cell: null, animation: false })
    expect([none.series[0].data, none.geo.regions]).toEqual([[], []])
  })
  it('coordinates are rounded to five decimals', () => {
    expect(round5(117.123456789)).toBe(117.12346)
  })
})
