// Grid registry API (网格监管: 市场主体, 网格管理, 风险热力图) — helper A, issue 6.
import { download, http } from './http'
import type { FeatureCollection, Page, PageQuery } from './types'

const V1 = '/api/v1'

export interface Entity {
  id: number
  credit_code: string
  name: string
  legal_rep: string | null
  address: string | null
  lon: number | null
  lat: number | null
  industry: string
  rights: string[]
  tags: string[]
  risk_level: string
  area_id: number | null
  area_code: string | null
  area_name: string | null
  cell_id: number | null
  cell_code: string | null
  cell_name: string | null
  dept_id: number
  dept_name: string
  status: string
  created_at: string
  updated_at: string
}

export interface EntityInput {
  credit_code: string
  name: string
  legal_rep: string | null
  address: string | null
  lon: number | null
  lat: number | null
  industry: string
  rights: string[]
  tags: string[]
  risk_level: string
  status: string
  dept_id: number | null
}

export interface EntityQuery extends PageQuery {
  name?: string
  credit_code?: string
  industry?: string
  area_id?: number | null
  cell_code?: string
  tag?: string
  risk_level?: string
  placed?: string
}

export interface EntityImportReport {
  inserted: number
  stored_rows: number[]
  unplaced_rows: number[]
  errors: { row: number; field: string; message: string }[]
}

export interface HeatCell {
  cell_code: string
  count: number
  class: number
}

export interface HeatMap {
  measure: string
  from: string
  to: string
  max: number
  total: number
  cells: HeatCell[]
  measures: [string, string][]
}

export interface HeatCellProps {
  name: string
  id: number
  label: string
  area_code: string | null
  area_name: string | null
}

export interface DrillItem {
  kind: 'entity' | 'matter'
  id: number
  title: string
  code: string
  detail: string
  date?: string
  risk_level?: string
}

export interface GeoImportReport {
  imported: { areas: number; cells: number; cells_removed: number }
  placement: { entities: number; changed: number; unplaced: number }
}

export interface CellInspector {
  cell_id: number
  cell_code: string
  user_id: number
  username: string
  display_name: string
}

export interface StationInput {
  name: string
  area_id: number | null
  dept_id: number | null
  lon: number | null
  lat: number | null
  address: string | null
  staff: { name: string; role: string; phone: string }[]
}

export const gridApi = {
  list: (q: EntityQuery) => http.get<Page<Entity>>(`${V1}/grid/entities`, q),
  get: (id: number) => http.get<Entity>(`${V1}/grid/entities/${id}`),
  create: (body: EntityInput) => http.post<Entity>(`${V1}/grid/entities`, body),
  update: (id: number, body: EntityInput) => http.put<Entity>(`${V1}/grid/entities/${id}`, body),
  remove: (id: number) => http.del<void>(`${V1}/grid/entities/${id}`),
  exportXlsx: (q: EntityQuery = {}) => download(`${V1}/grid/entities/export`, 'entities.xlsx', q),
  template: () => download(`${V1}/grid/entities/template`, 'entity-template.xlsx'),
  importUrl: `${V1}/grid/entities/import`,
  replace: () => http.post<{ entities: number; changed: number; unplaced: number }>(`${V1}/grid/entities/replace`),
  importGeo: (kind: 'area' | 'cell', geojson: unknown, replace = false) =>
    http.post<GeoImportReport>(`${V1}/grid/geo/import`, { kind, geojson, replace }),
  hexagons: (areaId: number, resolution: number) => http.post<GeoImportReport>(`${V1}/grid/geo/areas/${areaId}/hexagons`, { resolution }),
  createStation: (body: StationInput) => http.post<number>(`${V1}/grid/geo/stations`, body),
  updateStation: (id: number, body: StationInput) => http.put<void>(`${V1}/grid/geo/stations/${id}`, body),
  removeStation: (id: number) => http.del<void>(`${V1}/grid/geo/stations/${id}`),
  inspectors: (q: { cell_id?: number; user_id?: number } = {}) => http.get<CellInspector[]>(`${V1}/grid/geo/inspectors`, q),
  setInspectors: (cellId: number, userIds: number[]) => http.put<void>(`${V1}/grid/geo/cells/${cellId}/inspectors`, { user_ids: userIds }),
  heatmap: (q: { measure: string; from?: string; to?: string }) => http.get<HeatMap>(`${V1}/grid/heatmap`, q),
  heatCells: () => http.get<FeatureCollection<HeatCellProps>>(`${V1}/grid/heatmap/cells`),
  drill: (q: { measure: string; from?: string; to?: string; cell: string }) =>
    http.get<{ cell: string; measure: string; items: DrillItem[] }>(`${V1}/grid/heatmap/drill`, q),
}
