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

// ---------------------------------------------------------------- case desk (docs/api-cases.md)

/** `complaint`, `report`, `assistance`, `mediation`, `adjudication`, `ecommerce_notice`, `import_export` (dict `matter_type`). */
export type MatterType = string
export type PartyKind = 'person' | 'organisation'

export interface Party {
  kind: PartyKind
  name: string
  id_number?: string
  credit_code?: string
  phone?: string
  address?: string
  area_code?: string
}

export interface RightInput {
  kind: string
  number?: string
  title?: string
}

export interface IntakeForm {
  matter_type: MatterType
  title: string
  description: string
  applicant: Party
  respondents: Party[]
  rights: RightInput[]
  urls: string[]
  amount_yuan?: number
  real_name?: boolean
  foreign_party?: boolean
  cross_region?: boolean
  area_code?: string
  /** Staff intake only: `phone`, `walk_in`, `staff`. */
  channel?: string
  /** Staff intake only (server, beyond the contract): the day it was received, not after today. */
  received_on?: string
  captcha?: string
}

export interface IntakeReceipt {
  receipt_no: string
  query_code: string
  matter_type: MatterType
  received_on: string
}

export interface PublicEvent {
  at: string
  label: string
  note?: string | null
}

export interface PublicStatus {
  receipt_no: string
  matter_type: MatterType
  state_label: string
  received_on: string
  closed: boolean
  outcome?: string | null
  public_note?: string | null
  events: PublicEvent[]
}

export interface MatterSummary {
  id: number
  receipt_no: string
  matter_type: MatterType
  state: string
  state_label: string
  track: string
  channel: string
  title: string
  dept_id: number | null
  dept_name: string | null
  officer_id: number | null
  officer_name: string | null
  group_id: number | null
  received_on: string
  created_at: string
  updated_at: string
  closed_at: string | null
  next_due_on?: string | null
  /**
   * Not in the contract's MatterSummary (asked for): used when the server sends it, otherwise the list computes it
   * from the calendar tables.
   */
  next_due_remaining_workdays?: number | null
  overdue: boolean
}

export interface PartyView {
  /** `complainant`, `reporter`, `applicant`, `respondent`, `agent`. */
  role: string
  kind?: PartyKind | string
  name: string
  id_number?: string | null
  credit_code?: string | null
  phone?: string | null
  address?: string | null
  area_code?: string | null
  redacted: boolean
}

export interface MatterEvent {
  id: number
  /** `intake`, `transition`, `assign`, `transfer`, `clock`, `note`, `group`, `attachment` … */
  kind: string
  event?: string | null
  from_state?: string | null
  to_state?: string | null
  actor_name?: string | null
  note?: string | null
  public: boolean
  created_at: string
}

/** `awaiting_calendar`: the due date needs a year the calendar does not hold yet (server, beyond the contract). */
export type ClockState = 'running' | 'suspended' | 'met' | 'missed' | 'extended' | 'awaiting_calendar' | string

export interface ClockView {
  key: string
  name: string
  citation: string
  state: ClockState
  extended: boolean
  started_on: string
  /** Absent while the clock awaits a calendar year (`awaiting_year`). */
  due_on: string | null
  remaining_workdays?: number | null
  late?: boolean | null
  /** The rule in words (server, beyond the contract). */
  rule?: string | null
  awaiting_year?: number | null
  met_on?: string | null
}

export interface MatterAction {
  event: string
  name: string
  requires_reason: boolean
  /** The provision the step rests on (server, beyond the contract). */
  citation?: string | null
}

/** A file attached to a matter (server, beyond the contract). */
export interface Attachment {
  id: number
  file_name: string
  mime: string
  size_bytes: number
  public: boolean
  uploader?: string | null
  created_at: string
}

export interface SimilarMatter {
  id: number
  receipt_no: string
  title: string
  score: number
  reasons: string[]
}

export interface MatterDetail extends MatterSummary {
  description: string
  amount_cents: number | null
  area_code: string | null
  cell_code: string | null
  cross_region: boolean
  foreign_party: boolean
  real_name: boolean
  public_note: string | null
  outcome: string | null
  parties: PartyView[]
  rights: Array<{ kind: string; number: string | null; title: string | null }>
  urls: string[]
  events: MatterEvent[]
  clocks: ClockView[]
  actions: MatterAction[]
  similar: SimilarMatter[]
  attachments?: Attachment[]
}

export interface ActionInput {
  event: string
  reason?: string
  note?: string
  public_note?: string
}

export interface BulkInput {
  ids: number[]
  action: 'assign' | 'group' | 'close'
  dept_id?: number
  officer_id?: number
  reason: string
}

export interface BulkResult {
  done: number
  failed: Array<{ id: number; message: string }>
}

export interface Deadline {
  matter_id: number
  receipt_no: string
  title: string
  clock_key: string
  clock_name: string
  due_on: string | null
  remaining_workdays: number | null
  /** The contract names the department and officer; the server in progress sends their ids: both are read. */
  officer_name?: string | null
  dept_name?: string | null
  dept_id?: number | null
  officer_id?: number | null
}

export interface DispatchRule {
  id: number
  matter_type?: string | null
  right_kind?: string | null
  area_prefix?: string | null
  dept_id: number
  station_id?: number | null
  team?: string | null
  priority: number
}

export type DispatchRuleInput = Omit<DispatchRule, 'id'>

// ---------------------------------------------------------------- per-track clock overrides (繁简分流 changes clocks)

/** Unit of a period: 个工作日, 日, 个月. */
export type PeriodUnit = 'workdays' | 'days' | 'months'
/** Where a rule's number comes from; everything but `statute` is configurable. */
export type RuleBasis = 'statute' | 'secondary' | 'unverified' | 'local_standard'

export interface ClockExtension {
  unit: PeriodUnit
  count: number
  citation: string
  needs_approval: boolean
}

/** A clock rule as the server stores it (crates/domain/src/case/clock.rs `ClockRule`). */
export interface ClockRule {
  key: string
  name_zh: string
  unit: PeriodUnit
  count: number
  citation: string
  basis: RuleBasis
  extension: ClockExtension | null
}

/** Track (`simple` / `ordinary`) → the rules replacing configurable defaults on that track. */
export type ClockOverrides = Partial<Record<'simple' | 'ordinary', ClockRule[]>> & Record<string, ClockRule[] | undefined>

// ---------------------------------------------------------------- my notifications (站内提醒)

/** `reminder` (due soon, 临期提醒), `overdue` (missed, 超期督办) or `patent_alert` (专利预警). */
export type NotificationKind = 'reminder' | 'overdue' | 'patent_alert' | string

/** Where a notification is kept: case notifications and patent alert notices have ids of their own. */
export type NotificationSource = 'case' | 'patent_alert'

export interface AppNotification {
  id: number
  /** Absent from older servers: `case`. */
  source?: NotificationSource
  kind: NotificationKind
  /** Case notifications only. */
  matter_id: number | null
  receipt_no: string
  clock_key: string
  /** Case notifications only. */
  due_on: string | null
  /** Patent alerts only. */
  watch_id?: number | null
  patent_id?: number | null
  title: string
  body: string
  created_at: string
  read_at: string | null
}

export interface NotificationList {
  /** Newest first (case notifications and patent alerts together). */
  items: AppNotification[]
  /** Unread in total (not only among `items`; both sources). */
  unread: number
  /** Unread patent alerts among `unread`. */
  unread_patent_alerts?: number
}

// ---------------------------------------------------------------- working-day calendar (docs/calendar.md)

export interface HolidaySpan {
  name: string
  first: string
  last: string
}

export interface YearTable {
  year: number
  source: string
  holidays: HolidaySpan[]
  workdays: string[]
}

export interface CalendarYear {
  year: number
  source: string
  added: boolean
  table: YearTable
}

export interface DueAnswer {
  due: string
  from_is_workday: boolean
}

// ---------------------------------------------------------------- evidence vault (电子存证) and its ledger

/** `anchored`: the item's leaf is included in a signed checkpoint. */
export type EvidenceStatus = 'pending' | 'anchored'

export interface Evidence {
  id: number
  matter_id: number | null
  receipt_no: string | null
  file_name: string
  content_type: string
  size: number
  sha256: string
  sm3: string
  source_url: string | null
  captured_at: string | null
  description: string | null
  uploader: string
  created_at: string
  leaf_index: number | null
  tsa_time: string | null
  status: EvidenceStatus
}

/** The optional fields sent with an upload (multipart, beside `file`). */
export interface EvidenceUploadFields {
  source_url?: string
  /** RFC 3339. */
  captured_at?: string
  description?: string
}

export interface PackageCheck {
  id: string
  title_zh: string
  title_en: string
  ok: boolean
  detail: string
}

export interface PackageReport {
  ok: boolean
  checks: PackageCheck[]
}

export interface LedgerProblem {
  kind: string
  ref_id: string
  detail: string
}

export interface LedgerVerification {
  started_at: string
  finished_at: string
  ok: boolean
  checked_leaves: number
  problems: LedgerProblem[]
}

export interface LedgerCheckpoint {
  size: number
  root: string
  created_at: string
  /** The signed note (C2SP signed-note text). */
  note: string
}

export interface LedgerKeys {
  ed25519_vkey: string
  sm2_vkey: string
  tsa_cert_pem: string
  tsa_ca_pem: string
}

export interface LedgerStatus {
  size: number
  hash_alg: 'sha256' | 'sm3'
  origin: string
  pending: number
  checkpoint: LedgerCheckpoint | null
  last_verification: LedgerVerification | null
  keys: LedgerKeys
}

/** A peer region whose packages this instance recognises (互认地区). */
export interface LedgerPeer {
  id: number
  name: string
  vkeys: string[]
  tsa_ca_pem: string | null
  created_at: string
}

export interface LedgerPeerInput {
  name: string
  vkeys: string[]
  tsa_ca_pem?: string
}

// ---- 繁简分流规则 (GET/PUT /api/v1/cases/triage-rules)

/** One condition as the server writes it (serde external tagging, snake_case). */
export type TriageCondition =
  | { type_in: string[] }
  | { amount_at_least: number }
  | { rights_at_least: number }
  | { respondents_at_least: number }
  | { urls_at_least: number }
  | 'cross_region'
  | 'foreign_party'

/** A triage rule as the server stores it. Amounts are in fen (分). */
export interface TriageRule {
  name: string
  when: TriageCondition[]
  track: 'simple' | 'ordinary'
}

