import type { AreaProps, CellProps, FeatureCollection, Station } from '@/api/types'

export const AREA_COLORS: Record<string, { fill: string; border: string }> = {
  street: { fill: '#dce8f6', border: '#5b84b8' },
  town: { fill: '#f4e6c8', border: '#b48a3c' },
  zone: { fill: '#f7dada', border: '#b84a4a' },
}
const OTHER = { fill: '#e8ebef', border: '#8a94a3' }

export function areaColor(kind: string) {
  return AREA_COLORS[kind] ?? OTHER
}

export interface Layers {
  areas: boolean
  cells: boolean
  stations: boolean
}

/** Rings (outer boundaries and holes) of a Polygon / MultiPolygon geometry. */
export function rings(geometry: { type: string; coordinates: unknown }): number[][][] {
  if (geometry.type === 'Polygon') return geometry.coordinates as number[][][]
  if (geometry.type === 'MultiPolygon') return (geometry.coordinates as number[][][][]).flat()
  return []
}

export interface MapLabels {
  kinds: Record<string, string>
  area: string
  staff: string
  address: string
}

function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

export function stationTooltip(s: Station, l: MapLabels): string {
  const staff = (s.staff ?? []).map((p) => `${esc(p.name)}（${esc(p.role)}）${p.phone ? ' ' + esc(p.phone) : ''}`).join('<br/>')
  return [
    `<b>${esc(s.name)}</b>`,
    `${esc(l.area)}：${esc(s.area_name)}`,
    s.address ? `${esc(l.address)}：${esc(s.address)}` : '',
    staff ? `${esc(l.staff)}：<br/>${staff}` : '',
  ]
    .filter(Boolean)
    .join('<br/>')
}

/** The full ECharts option for the organisation map. */
export function buildMapOption(args: {
  mapName: string
  areas: FeatureCollection<AreaProps>
  cells: FeatureCollection<CellProps>
  stations: Station[]
  layers: Layers
  selectedId: number | null
  labels: MapLabels
  animation: boolean
}) {
  const { mapName, areas, cells, stations, layers, selectedId, labels, animation } = args
  const regions = areas.features.map((f) => {
    const c = areaColor(f.properties.kind)
    return {
      name: f.properties.name,
      itemStyle: layers.areas
        ? { areaColor: c.fill, borderColor: c.border, borderWidth: 1.2 }
        : { areaColor: 'rgba(0,0,0,0)', borderColor: 'rgba(0,0,0,0)' },
      label: { show: layers.areas },
    }
  })
  const cellLines = cells.features.flatMap((f) =>
    rings(f.geometry).map((ring) => ({ name: f.properties.name, coords: ring, cellId: f.properties.id })),
  )
  const stationData = stations.map((s) => ({ name: s.name, value: [s.lon, s.lat], id: s.id }))
  const selected = stations.find((s) => s.id === selectedId)
  const series: Record<string, unknown>[] = []
  if (layers.cells) {
    series.push({
      id: 'cells',
      name: 'cells',
      type: 'lines',
      coordinateSystem: 'geo',
      polyline: true,
      silent: true,
      lineStyle: { color: '#2f6fb3', width: 1, type: 'dashed', opacity: 0.75 },
      data: cellLines,
      zlevel: 1,
    })
  }
  if (layers.stations) {
    series.push({
      id: 'stations',
      name: 'stations',
      type: 'scatter',
      coordinateSystem: 'geo',
      symbol: 'pin',
      symbolSize: 30,
      itemStyle: { color: '#b71c1c', borderColor: '#fff', borderWidth: 1 },
      label: { show: false },
      emphasis: { scale: 1.3, label: { show: true, position: 'top', formatter: '{b}', color: '#111', backgroundColor: '#fff', padding: [2, 4], borderRadius: 2 } },
      data: stationData,
      zlevel: 2,
      tooltip: {
        formatter: (p: { dataIndex: number }) => stationTooltip(stations[p.dataIndex], labels),
      },
    })
    if (selected) {
      series.push({
        id: 'selected',
        name: 'selected',
        type: 'effectScatter',
        coordinateSystem: 'geo',
        symbolSize: 16,
        rippleEffect: { scale: 4, brushType: 'stroke' },
        itemStyle: { color: '#d9a93a' },
        data: [{ name: selected.name, value: [selected.lon, selected.lat], id: selected.id }],
        zlevel: 3,
        tooltip: { formatter: () => stationTooltip(selected, labels) },
      })
    }
  }
  return {
    animation,
    tooltip: { trigger: 'item', confine: true },
    geo: {
      map: mapName,
      roam: true,
      scaleLimit: { min: 0.8, max: 12 },
      label: { show: layers.areas, color: '#1f2937', fontSize: 12 },
      itemStyle: { areaColor: '#eef1f5', borderColor: '#8a94a3' },
      emphasis: { label: { show: layers.areas }, itemStyle: { areaColor: layers.areas ? '#ffe9a8' : 'rgba(0,0,0,0)' } },
      select: { disabled: true },
      tooltip: { show: false },
      regions,
    },
    series,
  }
}
