import { http, download, request, type RequestOptions } from './http'
import type {
  ActionInput, AreaProps, BulkInput, BulkResult, CalendarYear, CellProps, ClockOverrides, Deadline, Dept, DeptInput, DictEntry, DictEntryInput,
  DictType, DictTypeInput, DispatchRule, DispatchRuleInput, DueAnswer, Evidence, EvidenceUploadFields, FeatureCollection, ImportReport,
  IntakeForm, IntakeReceipt, LedgerPeer, LedgerPeerInput, LedgerStatus, LedgerVerification, LoginLog, MatterDetail, MatterSummary, Me,
  NotificationList, OpLog, Page, PackageReport, PageQuery, Permission, Portal, PublicStatus, Role, RoleInput, Station, User, UserCreate, UserUpdate,
  TriageRule, YearTable,
} from './types'

const V1 = '/api/v1'

export const authApi = {
  login: (body: { username: string; password: string; totp_code?: string }) =>
    http.post<Me>(`${V1}/auth/login`, body, { isLogin: true, silent: true }),
  logout: () => http.post<void>(`${V1}/auth/logout`),
  /** Silent: the router guard decides what a 401 means. */
  me: () => http.get<Me>(`${V1}/auth/me`, undefined, { silent: true, isLogin: true }),
  changePassword: (body: { old_password: string; new_password: string }) => http.post<void>(`${V1}/auth/password`, body),
  totpSetup: () => http.post<{ secret: string; otpauth_url: string }>(`${V1}/auth/totp/setup`),
  totpEnable: (code: string) => http.post<void>(`${V1}/auth/totp/enable`, { code }),
}

export const deptApi = {
  list: (q: { name?: string; status?: string } = {}, opts: RequestOptions = {}) => http.get<Dept[]>(`${V1}/system/depts`, q, opts),
  get: (id: number) => http.get<Dept>(`${V1}/system/depts/${id}`),
  create: (body: DeptInput) => http.post<Dept>(`${V1}/system/depts`, body),
  update: (id: number, body: DeptInput) => http.put<Dept>(`${V1}/system/depts/${id}`, body),
  remove: (id: number) => http.del<void>(`${V1}/system/depts/${id}`),
  exportXlsx: () => download(`${V1}/system/depts/export`, 'depts.xlsx'),
  template: () => download(`${V1}/system/depts/template`, 'dept-template.xlsx'),
  importUrl: `${V1}/system/depts/import`,
}

export const userApi = {
  list: (q: PageQuery) => http.get<Page<User>>(`${V1}/system/users`, q),
  get: (id: number) => http.get<User>(`${V1}/system/users/${id}`),
  /** Departments visible to the caller, for the department tree (needs only system:user:list). */
  deptTree: (opts: RequestOptions = {}) => http.get<Dept[]>(`${V1}/system/users/dept-tree`, undefined, opts),
  create: (body: UserCreate) => http.post<User>(`${V1}/system/users`, body),
  update: (id: number, body: UserUpdate) => http.put<User>(`${V1}/system/users/${id}`, body),
  remove: (id: number) => http.del<void>(`${V1}/system/users/${id}`),
  resetPassword: (id: number, password: string) => http.put<void>(`${V1}/system/users/${id}/password`, { password }),
  exportXlsx: (q: PageQuery = {}) => download(`${V1}/system/users/export`, 'users.xlsx', q),
  template: () => download(`${V1}/system/users/template`, 'user-template.xlsx'),
  importUrl: `${V1}/system/users/import`,
}

export const roleApi = {
  list: (q: PageQuery, opts: RequestOptions = {}) => http.get<Page<Role>>(`${V1}/system/roles`, q, opts),
  get: (id: number) => http.get<Role>(`${V1}/system/roles/${id}`),
  create: (body: RoleInput) => http.post<Role>(`${V1}/system/roles`, body),
  update: (id: number, body: RoleInput) => http.put<Role>(`${V1}/system/roles/${id}`, body),
  remove: (id: number) => http.del<void>(`${V1}/system/roles/${id}`),
  permissions: () => http.get<Permission[]>(`${V1}/system/permissions`),
}

export const dictApi = {
  /** Every active dictionary, for any signed-in user. */
  all: () => http.get<Record<string, DictEntry[]>>(`${V1}/dicts`, undefined, { silent: true }),
  types: () => http.get<DictType[]>(`${V1}/system/dicts`),
  createType: (body: DictTypeInput) => http.post<DictType>(`${V1}/system/dicts`, body),
  updateType: (id: number, body: DictTypeInput) => http.put<DictType>(`${V1}/system/dicts/${id}`, body),
  removeType: (id: number) => http.del<void>(`${V1}/system/dicts/${id}`),
  createEntry: (typeId: number, body: DictEntryInput) => http.post<DictEntry>(`${V1}/system/dicts/${typeId}/entries`, body),
  updateEntry: (typeId: number, id: number, body: DictEntryInput) =>
    http.put<DictEntry>(`${V1}/system/dicts/${typeId}/entries/${id}`, body),
  removeEntry: (typeId: number, id: number) => http.del<void>(`${V1}/system/dicts/${typeId}/entries/${id}`),
}

export const monitorApi = {
  oplog: (q: PageQuery) => http.get<Page<OpLog>>(`${V1}/monitor/oplog`, q),
  loginlog: (q: PageQuery) => http.get<Page<LoginLog>>(`${V1}/monitor/loginlog`, q),
}

export const geoApi = {
  areas: () => http.get<FeatureCollection<AreaProps>>(`${V1}/geo/areas`),
  cells: (areaId?: number) => http.get<FeatureCollection<CellProps>>(`${V1}/geo/cells`, { area_id: areaId }),
  stations: () => http.get<Station[]>(`${V1}/geo/stations`),
}

export const publicApi = {
  portal: () => http.get<Portal>(`${V1}/public/portal`, undefined, { silent: true }),
  /** Public intake (no login). Silent: the form shows 422 fields and other errors itself. */
  fileMatter: (body: IntakeForm) => http.post<IntakeReceipt>(`${V1}/public/matters`, body, { silent: true }),
  /** Public status; 404 when the receipt number or the query code is wrong (one answer for both). */
  lookup: (receipt_no: string, query_code: string) =>
    http.get<PublicStatus>(`${V1}/public/matters/lookup`, { receipt_no, query_code }, { silent: true }),
  /** Verifies an evidence package (no login): 200 with the report even when checks fail; 422/413 otherwise. Silent. */
  verifyPackage: (file: File) => http.upload<PackageReport>(`${V1}/public/verify-package`, file, 'file', { silent: true }),
  /** The latest signed checkpoint, as the text of the signed note. */
  checkpoint: async (opts: RequestOptions = {}) => (await request<Blob>('GET', `${V1}/public/ledger/checkpoint`, { ...opts, blob: true })).text(),
}

/** Builds the multipart body of an evidence upload: `file` plus the optional fields that are not blank. */
export function evidenceForm(file: File, fields: EvidenceUploadFields = {}): FormData {
  const form = new FormData()
  form.append('file', file, file.name)
  for (const key of ['source_url', 'captured_at', 'description'] as const) {
    const v = fields[key]?.trim()
    if (v) form.append(key, v)
  }
  return form
}

export const evidenceApi = {
  list: async (caseId: number, opts: RequestOptions = {}) =>
    (await http.get<{ items: Evidence[] }>(`${V1}/cases/${caseId}/evidence`, undefined, opts)).items ?? [],
  /** 201 with the new item. Silent: the form shows 422 fields and 413 itself. */
  upload: (caseId: number, file: File, fields: EvidenceUploadFields = {}) =>
    request<Evidence>('POST', `${V1}/cases/${caseId}/evidence`, { form: evidenceForm(file, fields), silent: true }),
  fileUrl: (id: number) => `${V1}/evidence/${id}/file`,
  packageUrl: (id: number) => `${V1}/evidence/${id}/package`,
  downloadFile: (e: Pick<Evidence, 'id' | 'file_name'>) => download(`${V1}/evidence/${e.id}/file`, e.file_name),
  downloadPackage: (e: Pick<Evidence, 'id'>) => download(`${V1}/evidence/${e.id}/package`, `evidence-${e.id}.zip`),
}

export const ledgerApi = {
  status: (opts: RequestOptions = {}) => http.get<LedgerStatus>(`${V1}/ledger/status`, undefined, opts),
  /** Runs a full verification now (may take a while on a large ledger). */
  verify: () => http.post<LedgerVerification>(`${V1}/ledger/verify`),
  peers: (opts: RequestOptions = {}) => http.get<LedgerPeer[]>(`${V1}/ledger/peers`, undefined, opts),
  /** 201. Silent: the dialog shows 422 fields. */
  addPeer: (body: LedgerPeerInput) => http.post<LedgerPeer>(`${V1}/ledger/peers`, body, { silent: true }),
  removePeer: (id: number) => http.del<void>(`${V1}/ledger/peers/${id}`),
}

/** Filters of the matter list (also those of the export). */
export interface CaseQuery extends PageQuery {
  q?: string
  matter_type?: string
  state?: string
  track?: string
  officer_id?: number
  dept_id?: number
  received_from?: string
  received_to?: string
  open_only?: boolean
  group_id?: number
  mine?: boolean
}

export const caseApi = {
  list: (q: CaseQuery, opts: RequestOptions = {}) => http.get<Page<MatterSummary>>(`${V1}/cases`, q, opts),
  get: (id: number | string) => http.get<MatterDetail>(`${V1}/cases/${id}`),
  /** Staff intake (channel `phone` / `walk_in` / `staff`). Silent: the form shows 422 fields. */
  create: (body: IntakeForm) => http.post<MatterDetail>(`${V1}/cases`, body, { silent: true }),
  /** A procedure action. Silent: the dialog shows 409 (allowed actions) and 422 itself. */
  act: (id: number, body: ActionInput) => http.post<MatterDetail>(`${V1}/cases/${id}/actions`, body, { silent: true }),
  assign: (id: number, body: { dept_id: number; officer_id?: number; reason: string }) =>
    http.post<MatterDetail>(`${V1}/cases/${id}/assign`, body, { silent: true }),
  note: (id: number, body: { note: string; public: boolean }) => http.post<MatterDetail>(`${V1}/cases/${id}/notes`, body, { silent: true }),
  clock: (id: number, key: string, op: 'suspend' | 'resume' | 'extend', reason: string) =>
    http.post<MatterDetail>(`${V1}/cases/${id}/clocks/${encodeURIComponent(key)}/${op}`, { reason }, { silent: true }),
  bulk: (body: BulkInput) => http.post<BulkResult>(`${V1}/cases/bulk`, body, { silent: true }),
  myDeadlines: (opts: RequestOptions = {}) => http.get<Deadline[]>(`${V1}/cases/my-deadlines`, undefined, opts),
  overdue: () => http.get<Deadline[]>(`${V1}/cases/overdue`),
  exportXlsx: (q: CaseQuery = {}) => download(`${V1}/cases/export`, 'cases.xlsx', q),
  template: () => download(`${V1}/cases/template`, 'case-template.xlsx'),
  importUrl: `${V1}/cases/import`,
  dispatchRules: () => http.get<DispatchRule[]>(`${V1}/cases/dispatch-rules`),
  addDispatchRule: (body: DispatchRuleInput) => http.post<DispatchRule>(`${V1}/cases/dispatch-rules`, body, { silent: true }),
  removeDispatchRule: (id: number) => http.del<void>(`${V1}/cases/dispatch-rules/${id}`),
  /** The triage table (繁简分流规则) in force, in order (`case:dispatch:list`). */
  triageRules: () => http.get<TriageRule[]>(`${V1}/cases/triage-rules`),
  /** Replace it (`case:dispatch:edit`); 204. Silent: the editor shows the 422 message itself. */
  putTriageRules: (body: TriageRule[]) => http.put<void>(`${V1}/cases/triage-rules`, body, { silent: true }),
  /** Per-track clock overrides in force (`case:dispatch:list`). */
  clockOverrides: () => http.get<ClockOverrides>(`${V1}/cases/clock-overrides`),
  /** Replace them (`case:dispatch:edit`); 204. Silent: the editor shows 422 fields (`simple.acceptance`) by their rows. */
  putClockOverrides: (body: ClockOverrides) => http.put<void>(`${V1}/cases/clock-overrides`, body, { silent: true }),
}

/** My notifications (站内提醒): every signed-in user sees only their own. */
export const notificationApi = {
  /** Newest first with the unread count. Silent: the bell refreshes in the background and must not pop up errors. */
  list: (q: { unread?: boolean; limit?: number } = {}) => http.get<NotificationList>(`${V1}/notifications`, q, { silent: true }),
  read: (id: number, source: 'case' | 'patent_alert' = 'case') =>
    http.post<void>(source === 'case' ? `${V1}/notifications/${id}/read` : `${V1}/notifications/${id}/read?source=${source}`),
  readAll: () => http.post<void>(`${V1}/notifications/read-all`),
}

export const calendarApi = {
  years: (opts: RequestOptions = {}) => http.get<CalendarYear[]>(`${V1}/calendar/years`, undefined, opts),
  /** Add or correct a year's table (`case:calendar:edit`); 204. Silent: the dialog shows 422. */
  putYear: (table: YearTable) => http.put<void>(`${V1}/calendar/years/${table.year}`, table, { silent: true }),
  /** Exactly one of workdays, days, months. */
  due: (q: { from: string; workdays?: number; days?: number; months?: number }) =>
    http.get<DueAnswer>(`${V1}/calendar/due`, q, { silent: true }),
}

export { http, download, request }
