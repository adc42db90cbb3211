// The report form's map picker (地图选点): the grid cells drawn offline from their GeoJSON (registered as an ECharts
// map, as the heat map does) with a pin at the chosen point. Pure, so that unit tests cover it.

/** A GeoJSON FeatureCollection of cells with code and name (GET /api/v1/public/grid-cells). */
export interface CellCollection {
  type: 'FeatureCollection'
  features: Array<{ type: 'Feature'; properties: { code: string; name: string }; geometry: unknown }>
}

/** The collection to register as the map: each region named by its cell code (unique; names may repeat). */
export function pickerMap(fc: CellCollection) {
  return {
    type: 'FeatureCollection',
    features: fc.features.map((f) => ({ ...f, properties: { name: f.properties.code, label: f.properties.name } })),
  }
}

/** Rounds a coordinate to 5 decimals (about a metre), as typed in the form. */
export const round5 = (x: number) => Math.round(x * 1e5) / 1e5

/** The ECharts option: the cells as a geo component, the chosen point as a pin, the chosen cell highlighted. */
export function buildPickerOption(opts: { mapName: string; point: [number, number] | null; cell: string | null; animation: boolean }) {
  return {
    animation: opts.animation,
    tooltip: { trigger: 'item', formatter: (p: { name?: string }) => p.name ?? '' },
    geo: {
      map: opts.mapName,
      roam: true,
      aspectScale: 0.85,
      scaleLimit: { min: 0.8, max: 20 },
      label: { show: false },
      itemStyle: { areaColor: '#eef2f7', borderColor: '#9aa9bd', borderWidth: 0.5 },
      emphasis: { label: { show: false }, itemStyle: { areaColor: '#dbe7f5' } },
      select: { disabled: true },
      regions: opts.cell ? [{ name: opts.cell, itemStyle: { areaColor: '#ffe9a8', borderColor: '#b48a3c', borderWidth: 1.2 } }] : [],
    },
    series: [
      {
        id: 'point',
        type: 'scatter',
        coordinateSystem: 'geo',
        symbol: 'pin',
        symbolSize: 30,
        silent: true,
        itemStyle: { color: '#b71c1c', borderColor: '#fff', borderWidth: 1 },
        data: opts.point ? [{ value: opts.point }] : [],
        zlevel: 2,
      },
    ],
  }
}
