export type Status = 'active' | 'disabled'
export type DataScope = 'all' | 'custom' | 'dept' | 'dept_and_below' | 'self'

export interface RoleRef {
  id: number
  key: string
  name: string
}

export interface User {
  id: number
  username: string
  display_name: string
  dept_id: number | null
  dept_name: string | null
  phone: string | null
  email: string | null
  status: Status
  roles: RoleRef[]
  totp_enabled: boolean
  locked_until: string | null
  last_login_at: string | null
  created_at: string
}

export interface Me {
  user: User
  permissions: string[]
  csrf_token: string
}

export interface Dept {
  id: number
  parent_id: number | null
  ancestors: string
  name: string
  code: string | null
  kind: string
  leader: string | null
  phone: string | null
  sort: number
  status: Status
  created_at: string
}

export interface DeptInput {
  parent_id: number | null
  name: string
  code?: string | null
  kind: string
  leader?: string | null
  phone?: string | null
  sort?: number
  status?: Status
}

export interface UserCreate {
  username: string
  display_name: string
  password: string
  dept_id: number | null
  role_ids: number[]
  phone?: string | null
  email?: string | null
  status?: Status
}

export interface UserUpdate {
  display_name: string
  dept_id: number | null
  role_ids: number[]
  phone?: string | null
  email?: string | null
  status: Status
}

export interface Role {
  id: number
  key: string
  name: string
  data_scope: DataScope
  dept_ids: number[]
  permissions: string[]
  require_totp: boolean
  sort: number
  status: Status
  created_at: string
}

export interface RoleInput {
  key: string
  name: string
  data_scope: DataScope
  dept_ids: number[]
  permissions: string[]
  require_totp?: boolean
  sort?: number
  status?: Status
}

export interface Permission {
  key: string
  name_zh: string
  name_en: string
  kind: 'menu' | 'button'
  parent: string | null
}

export type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger' | ''

export interface DictEntry {
  id: number
  value: string
  label_zh: string
  label_en: string
  tag: TagType
  sort: number
  status: Status
}

export interface DictType {
  id: number
  type_key: string
  name: string
  remark: string | null
  entries: DictEntry[]
}

export interface DictTypeInput {
  type_key: string
  name: string
  remark?: string | null
}

export interface DictEntryInput {
  value: string
  label_zh: string
  label_en: string
  tag: TagType
  sort?: number
  status?: Status
}

export interface OpLog {
  id: number
  username: string
  method: string
  path: string
  module: string
  action: string
  target: string | null
  ip: string
  status_code: number
  result: 'ok' | 'error'
  duration_ms: number
  created_at: string
}

export interface LoginLog {
  id: number
  username: string
  ip: string
  user_agent: string
  result: string
  created_at: string
}

export interface ImportError {
  row: number
  field: string
  message: string
}

export interface ImportReport {
  inserted: number
  updated: number
  errors: ImportError[]
}

export interface Page<T> {
  items: T[]
  total: number
  page: number
  page_size: number
}

export interface PageQuery {
  page?: number
  page_size?: number
  sort?: string
  order?: 'asc' | 'desc'
  [k: string]: string | number | boolean | null | undefined
}

export interface Staff {
  name: string
  role: string
  phone: string
}

export interface Station {
  id: number
  name: string
  area_id: number
  area_name: string
  lon: number
  lat: number
  address: string
  staff: Staff[]
  dept_id: number | null
}

export interface GeoFeature<P> {
  type: 'Feature'
  id?: string | number
  properties: P
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: number[][][] | number[][][][] }
}

export interface FeatureCollection<P> {
  type: 'FeatureCollection'
  features: GeoFeature<P>[]
}

export interface AreaProps {
  id: number
  code: string
  name: string
  kind: 'street' | 'town' | 'zone' | string
  demo: boolean
}

export interface CellProps {
  id: number
  code: string
  area_id: number
  name: string
}

export interface Portal {
  name_zh: string
  name_en: string
  stats: { stations: number; areas: number; cells: number; depts: number }
  notices: Array<{ title?: string; title_zh?: string; title_en?: string; date?: string; created_at?: string; url?: string } | string>
}
