// Patent analytics and watch lists (专利分析 / 高价值专利 / 产业分析 / 专利预警 / 相似专利).
import { http, request } from './http'
import type { Page } from './types'

const V1 = '/api/v1'

export interface Bucket { key: string; label: string; count: number }
export interface Matrix { rows: Bucket[]; columns: Bucket[]; cells: number[][] }
export interface Overview {
  total: number
  by_year: Bucket[]
  by_applicant: Bucket[]
  by_ipc: Bucket[]
  by_region: Bucket[]
  by_legal_status: Bucket[]
  matrix: Matrix
  top_inventors: Bucket[]
}
export interface OverviewOptions {
  year_basis: 'application' | 'grant'
  ipc_level: 'section' | 'class' | 'subclass' | 'main_group' | 'subgroup'
  region_level: 'province' | 'city' | 'district'
  top: number
  matrix: number
}
export interface ResultSpec { query?: string; ids?: number[] }

export type Criterion = 'strategic_industry' | 'overseas_family' | 'maintained' | 'pledge' | 'award'
export const CRITERIA: Criterion[] = ['strategic_industry', 'overseas_family', 'maintained', 'pledge', 'award']
export interface HighValueSettings { enabled: Criterion[]; maintained_years: number; pledge_min_yuan: number; require_in_force: boolean }
export interface ConcordanceInfo {
  id: number; kind: 'strategic' | 'intensive'; name: string; source: string; is_demo: boolean; active: boolean
  row_count: number; imported_by: number | null; imported_at: string
}
export interface ConcordanceRow { line: number; industry_code: string; industry_name: string; ipc: string; note: string }
export interface Source { supports: string; document: string; local: string | null; verified: boolean }
export interface HighValueResult {
  summary: {
    considered: number; valid_inventions: number; high_value: number; by_criterion: Partial<Record<Criterion, number>>
    population: number | null; per_10k: number | null; valid_per_10k: number | null
  }
  settings: HighValueSettings
  strategic_table: ConcordanceInfo | null
  area: string | null
  sources: Source[]
  targets: Record<string, number>
  hits: Array<{ id: number; publication_no: string | null; title: string; applicant: string; criteria: Criterion[] }>
}
export interface AreaPopulation {
  id: number; name: string; province: string; city: string; district: string; population: number; year: number; source: string
}
export interface IndustryResult { table: ConcordanceInfo; total: number; buckets: Bucket[] }
export interface SimilarHit {
  id: number; publication_no: string | null; title: string; abstract_text: string; ipc: string[]; application_date: string | null
  score: number; text_score: number; ipc_overlap: number; shared_terms: string[]
}
export interface SimilarResult { probe: SimilarHit | null; hits: SimilarHit[] }

export type PatentKind = 'invention' | 'utility_model' | 'design'
export interface WatchDraft {
  name: string; query: string; applicants: string[]; ipc: string[]; keywords: string[]
  province?: string | null; city?: string | null; district?: string | null; kinds: PatentKind[]
  webhook_url?: string | null; active: boolean
}
export interface WatchList {
  id: number; owner: { type: 'user' | 'dept'; id: number }; owner_name: string; draft: WatchDraft
  created_by: number | null; created_at: string; updated_at: string; alert_count: number
}
export interface AlertRow { id: number; watch_id: number; watch_name: string; patent_id: number; reasons: string; batch: string; created_at: string }
export interface AlertNotice { id: number; alert_id: number; watch_id: number; watch_name: string; patent_id: number; created_at: string; read_at: string | null }
export interface Delivery {
  id: number; watch_id: number; url: string; alert_count: number; status: 'pending' | 'delivered' | 'failed'
  http_status: number | null; error: string | null; created_at: string; attempted_at: string | null
}
export interface SweepReport { lists: number; alerts: number; webhooks: number; errors: Array<[number, string]> }

export const patentAnalysisApi = {
  overview: (set: ResultSpec, options: OverviewOptions) => http.post<Overview>(`${V1}/patent-analysis/overview`, { ...set, options }),
  highValue: (body: ResultSpec & { population_id?: number; province?: string; city?: string; district?: string; population?: number; settings?: HighValueSettings }) =>
    http.post<HighValueResult>(`${V1}/patent-analysis/high-value`, body),
  settings: () => http.get<HighValueSettings>(`${V1}/patent-analysis/high-value/settings`),
  saveSettings: (s: HighValueSettings) => http.put<HighValueSettings>(`${V1}/patent-analysis/high-value/settings`, s),
  populations: () => http.get<AreaPopulation[]>(`${V1}/patent-analysis/populations`),
  savePopulation: (p: Omit<AreaPopulation, 'id'>) => http.post<AreaPopulation>(`${V1}/patent-analysis/populations`, p),
  removePopulation: (id: number) => http.del<void>(`${V1}/patent-analysis/populations/${id}`),
  concordances: () => http.get<ConcordanceInfo[]>(`${V1}/patent-analysis/concordances`),
  concordanceRows: (id: number) => http.get<ConcordanceRow[]>(`${V1}/patent-analysis/concordances/${id}`),
  importConcordance: (body: { kind: string; name: string; source: string; csv: string; csv_base64?: string; activate: boolean }) =>
    http.post<ConcordanceInfo>(`${V1}/patent-analysis/concordances`, body, { silent: true }),
  activateConcordance: (id: number) => http.post<ConcordanceInfo>(`${V1}/patent-analysis/concordances/${id}/activate`),
  removeConcordance: (id: number) => http.del<void>(`${V1}/patent-analysis/concordances/${id}`),
  industries: (body: ResultSpec & { concordance_id?: number; main_only?: boolean }) => http.post<IndustryResult>(`${V1}/patent-analysis/industries`, body),
  similar: (body: { patent_id?: number; publication_number?: string; text?: string; ipc?: string[]; limit?: number; boost?: number }) =>
    http.post<SimilarResult>(`${V1}/patent-analysis/similar`, body),
  /** Download a table as XLSX (server-side writer). */
  async exportXlsx(title: string, headers: string[], rows: Array<Array<string | number>>): Promise<void> {
    const blob = await request<Blob>('POST', `${V1}/patent-analysis/export`, {
      body: { title, headers, rows: rows.map((r) => r.map(String)) },
      blob: true,
    })
    saveBlob(blob, `${title}.xlsx`)
  },
}

export const patentWatchApi = {
  lists: () => http.get<WatchList[]>(`${V1}/patent-watch/lists`),
  create: (body: WatchDraft & { owner_dept_id?: number | null }) => http.post<WatchList>(`${V1}/patent-watch/lists`, body, { silent: true }),
  update: (id: number, body: WatchDraft & { owner_dept_id?: number | null }) => http.put<WatchList>(`${V1}/patent-watch/lists/${id}`, body, { silent: true }),
  remove: (id: number) => http.del<void>(`${V1}/patent-watch/lists/${id}`),
  deliveries: (id: number) => http.get<Delivery[]>(`${V1}/patent-watch/lists/${id}/deliveries`),
  alerts: (q: { watch_id?: number; page?: number; page_size?: number }) => http.get<Page<AlertRow>>(`${V1}/patent-watch/alerts`, q),
  notices: (q: { unread?: boolean; limit?: number } = {}) => http.get<{ items: AlertNotice[]; unread: number }>(`${V1}/patent-watch/notices`, q, { silent: true }),
  readNotice: (id: number) => http.post<void>(`${V1}/patent-watch/notices/${id}/read`),
  readAllNotices: () => http.post<void>(`${V1}/patent-watch/notices/read-all`),
  sweep: (patent_ids?: number[]) => http.post<SweepReport>(`${V1}/patent-watch/sweep`, { patent_ids }),
}

export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
