// Grid draws, inspection tasks, grid events, joint actions (双随机一公开 …) — helper B, issue 6.
import { download, http } from './http'

const V1 = '/api/v1'
type Obj = Record<string, any>

export const drawApi = {
  items: () => http.get<Obj[]>(`${V1}/grid/draw-items`),
  addItem: (b: Obj) => http.post<Obj>(`${V1}/grid/draw-items`, b),
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
}
