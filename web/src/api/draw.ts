// Grid draws, inspection tasks, grid events, joint actions (双随机一公开 …) — helper B, issue 6.
import { download, http } from './http'

const V1 = '/api/v1'
type Obj = Record<string, any>

export const drawApi = {
  items: () => http.get<Obj[]>(`${V1}/grid/draw-items`),
  addItem: (b: Obj) => http.post<Obj>(`${V1}/grid/draw-items`, b),
  saveItem: (id: number, b: Obj) => http.put<Obj>(`${V1}/grid/draw-items/${id}`, b),
  removeItem: (id: number) => http.del<void>(`${V1}/grid/draw-items/${id}`),
  inspectors: () => http.get<Obj[]>(`${V1}/grid/draw-inspectors`),
  saveInspector: (userId: number, b: Obj) => http.put<void>(`${V1}/grid/draw-inspectors/${userId}`, b),
  tasksOfMatter: (matterId: number) => http.get<Obj[]>(`${V1}/cases/${matterId}/inspection-tasks`, undefined, { silent: true }),
  plans: () => http.get<Obj[]>(`${V1}/grid/draws`),
  plan: (id: number) => http.get<Obj>(`${V1}/grid/draws/${id}`),
  create: (b: Obj) => http.post<Obj>(`${V1}/grid/draws`, b),
  commit: (id: number) => http.post<Obj>(`${V1}/grid/draws/${id}/commit`, {}),
  draw: (id: number, beacon_value?: string) => http.post<Obj>(`${V1}/grid/draws/${id}/draw`, beacon_value ? { beacon_value } : {}),
  publish: (id: number) => http.post<Obj>(`${V1}/grid/draws/${id}/publish`, {}),
  record: (id: number, no: string) => download(`${V1}/grid/draws/${id}/record`, `draw-${no}.json`),
  summary: () => http.get<Obj>(`${V1}/grid/draw-summary`),
  tasks: (q: Obj = {}) => http.get<Obj[]>(`${V1}/grid/tasks`, q),
  task: (id: number) => http.get<Obj>(`${V1}/grid/tasks/${id}`),
  saveTask: (id: number, b: Obj) => http.put<Obj>(`${V1}/grid/tasks/${id}`, b),
  photo: (id: number, f: File) => http.upload<Obj>(`${V1}/grid/tasks/${id}/photos`, f),
  openMatter: (id: number) => http.post<Obj>(`${V1}/grid/tasks/${id}/matter`, {}),
  events: (q: Obj = {}) => http.get<Obj[]>(`${V1}/grid/events`, q),
  event: (id: number) => http.get<Obj>(`${V1}/grid/events/${id}`),
  step: (id: number, b: Obj) => http.post<Obj>(`${V1}/grid/events/${id}/steps`, b),
  stats: () => http.get<Obj>(`${V1}/grid/events/stats`),
  joint: (year?: number) => http.get<Obj>(`${V1}/grid/joint-actions`, { year }),
  addJoint: (b: Obj) => http.post<Obj>(`${V1}/grid/joint-actions`, b),
  publicDraws: () => http.get<Obj[]>(`${V1}/public/draws`),
  publicDraw: (id: number) => http.get<Obj>(`${V1}/public/draws/${id}`),
  publicRecord: (id: number, no: string) => download(`${V1}/public/draws/${id}/record`, `draw-${no}.json`),
  report: (b: Obj) => http.post<Obj>(`${V1}/public/grid-events`, b),
  /** The cells' boundaries with code and name only (public, for the report form's map). */
  publicCells: () => http.get<Obj>(`${V1}/public/grid-cells`),
  /** The cell a point falls in (public); rejects with 404 outside every cell. */
  cellAt: (lon: number, lat: number) => http.get<{ code: string; name: string }>(`${V1}/public/grid-cell`, { lon, lat }, { silent: true }),
}
