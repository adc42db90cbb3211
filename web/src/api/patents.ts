// Patent information API (issue 5): search, export, import.
import { buildUrl, download, http, request } from './http'

const V1 = '/api/v1'

export interface Highlight { text: string; html: string }
export interface PatentDocView {
  id: string
  application_number: string
  publication_number: string
  title: string
  applicants: string[]
  inventors: string[]
  ipc: string[]
  application_date: string | null
  publication_date: string | null
  legal_status: string | null
}
export interface PatentHit { id: string; score: number | null; doc: PatentDocView; title: Highlight | null; abstract_snippet: Highlight | null }
export interface PatentResults { total: number; hits: PatentHit[] }
export interface QuerySyntaxError { code: 'QUERY_SYNTAX'; message: string; offset: number; len: number; column: number; caret: string }
export interface ImportProblem { location: string; message: string }
export interface FileImportReport {
  name: string; format: string | null; imported: number; created: number; updated: number; skipped: number
  problems: ImportProblem[]; warnings: string[]; error: string | null
}
export interface PatentImportReport { files: FileImportReport[] }

/** One change of legal status seen on a re-import (法律状态变更记录). */
export interface LegalStatusChange { id: number; seen_at: string; old_status: string; new_status: string; source_file: string | null }
/** `GET /patents/{pn}`: the stored patent (its JSON as kept) and its legal-status history. */
export interface PatentDetail {
  id: number
  patent: {
    publication_number: string
    application_number: string | null
    title: { zh?: string; en?: string } | null
    application_date: string | null
    publication_date: string | null
    legal_status: string
  }
  created_at: string
  updated_at: string
  legal_status_history: LegalStatusChange[]
}

export interface PatentQuery { q: string; mode: 'expert' | 'simple'; sort: string; page: number; size: number }

/** Search; a malformed query resolves to `{ syntax }` with the position instead of throwing. */
export async function searchPatents(q: PatentQuery): Promise<{ results?: PatentResults; syntax?: QuerySyntaxError }> {
  const res = await fetch(buildUrl(`${V1}/patents/search`, { ...q }), { credentials: 'same-origin' })
  const body = await res.json().catch(() => null)
  if (res.status === 400 && body?.code === 'QUERY_SYNTAX') return { syntax: body as QuerySyntaxError }
  if (!res.ok) throw new Error(body?.message ?? `HTTP ${res.status}`)
  return { results: body as PatentResults }
}

export const patentApi = {
  exportFile: (q: PatentQuery, format: 'csv' | 'xlsx') =>
    download(`${V1}/patents/export`, `patents.${format}`, { q: q.q, mode: q.mode, format }),
  /** Uploads several files at once; answers the per-file / per-row report. */
  importFiles(files: File[]): Promise<PatentImportReport> {
    const form = new FormData()
    for (const f of files) form.append('file', f, f.name)
    return request<PatentImportReport>('POST', `${V1}/patents/import`, { form })
  },
  get: (pn: string) => http.get<unknown>(`${V1}/patents/${encodeURIComponent(pn)}`),
  detail: (pn: string) => http.get<PatentDetail>(`${V1}/patents/${encodeURIComponent(pn)}`),
}
