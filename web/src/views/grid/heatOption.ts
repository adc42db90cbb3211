// Risk heat map (风险热力图): colours and the ECharts option, kept pure so that unit tests cover them.
import type { FeatureCollection } from '@/api/types'
import type { HeatCell, HeatCellProps } from '@/api/grid'

/** Fill colours of the classes 0 (none) … 4 (top quartile of the maximum), light to dark red. */
export const HEAT_COLORS = ['#eef2f7', '#fde2d2', '#f9a98b', '#ef6a4c', '#c62b2b'] as const

/** Class of a count given the map's maximum (same rule as the server: quartiles of the maximum). */
export function classOf(count: number, max: number): number {
  if (count <= 0 || max <= 0) return 0
  return Math.min(4, Math.max(1, Math.ceil((count / max) * 4)))
}

/** The legend's bands: `[class, from, to]` counts for classes 1–4 (empty when the map is all zero). */
export function legendBands(max: number): Array<[number, number, number]> {
  if (max <= 0) return []
  const out: Array<[number, number, number]> = []
  for (let c = 1; c <= 4; c++) {
    const from = Math.floor(((c - 1) * max) / 4) + 1
    const to = Math.floor((c * max) / 4)
    if (to >= from) out.push([c, from, to])
  }
  return out
}

export interface HeatDatum {
  name: string
  value: number
  label: string
  itemStyle: { areaColor: string }
}

/** One datum per cell of the geometry (cells without a count are 0). */
export function heatData(cells: FeatureCollection<HeatCellProps>, counts: HeatCell[], max: number): HeatDatum[] {
  const byCode = new Map(counts.map((c) => [c.cell_code, c.count]))
  return cells.features.map((f) => {
    const value = byCode.get(f.properties.name) ?? 0
    return { name: f.properties.name, value, label: f.properties.label, itemStyle: { areaColor: HEAT_COLORS[classOf(value, max)] } }
  })
}

/** The ECharts option: one map series over the registered cell map, coloured per datum. */
export function buildHeatOption(opts: { mapName: string; data: HeatDatum[]; seriesName: string; animation: boolean }) {
  return {
    animation: opts.animation,
    tooltip: {
      trigger: 'item',
      formatter: (p: { data?: HeatDatum; name: string }) =>
        p.data ? `${p.data.label}<br/>${p.name}：<b>${p.data.value}</b>` : p.name,
    },
    series: [
      {
        id: 'heat',
        name: opts.seriesName,
        type: 'map',
        map: opts.mapName,
        roam: true,
        selectedMode: false,
        aspectScale: 0.85,
        itemStyle: { borderColor: '#9aa9bd', borderWidth: 0.5 },
        emphasis: { label: { show: false }, itemStyle: { areaColor: '#ffd666' } },
        label: { show: false },
        data: opts.data,
      },
    ],
  }
}
