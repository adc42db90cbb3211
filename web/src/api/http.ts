import { ElMessage } from 'element-plus'
import { ApiError, shouldRedirectToLogin, shouldToast, toApiError } from './errors'

export type Query = Record<string, string | number | boolean | null | undefined>

export interface RequestOptions {
  query?: Query
  /** JSON body. */
  body?: unknown
  /** Multipart body (uploads). */
  form?: FormData
  /** Do not show ElMessage for errors (the caller handles them). */
  silent?: boolean
  /** This is the login call: a 401 must not redirect to /login. */
  isLogin?: boolean
  /** Answer as a Blob (downloads). */
  blob?: boolean
}

let csrfToken: string | null = null
let unauthorizedHandler: (() => void) | null = null
let langGetter: () => 'zh' | 'en' = () => 'zh'

export function setCsrfToken(token: string | null): void {
  csrfToken = token
}
export function onUnauthorized(handler: () => void): void {
  unauthorizedHandler = handler
}
export function setLangGetter(fn: () => 'zh' | 'en'): void {
  langGetter = fn
}

export function readCookie(name: string): string | null {
  if (typeof document === 'undefined') return null
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return decodeURIComponent(v.join('='))
  }
  return null
}

export function buildUrl(path: string, query?: Query): string {
  if (!query) return path
  const qs = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue
    qs.append(k, String(v))
  }
  const s = qs.toString()
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export async function request<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: opts.blob ? '*/*' : 'application/json' }
  let body: BodyInit | undefined
  if (opts.form) {
    body = opts.form
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(opts.body)
  }
  if (UNSAFE.has(method.toUpperCase())) {
    const token = csrfToken ?? readCookie('zb_csrf')
    if (token) headers['X-CSRF-Token'] = token
  }
  let res: Response
  try {
    res = await fetch(buildUrl(path, opts.query), { method, headers, body, credentials: 'same-origin' })
  } catch (e) {
    const err = toApiError(0, null, langGetter())
    if (!opts.silent) ElMessage.error(err.message)
    throw err
  }
  if (res.ok) {
    if (opts.blob) return (await res.blob()) as T
    if (res.status === 204) return undefined as T
    const text = await res.text()
    if (!text) return undefined as T
    try {
      return JSON.parse(text) as T
    } catch {
      return text as T
    }
  }
  let parsed: unknown = null
  try {
    const text = await res.text()
    parsed = text ? JSON.parse(text) : null
  } catch {
    parsed = null
  }
  const err = toApiError(res.status, parsed, langGetter())
  if (shouldRedirectToLogin(err, !!opts.isLogin)) {
    unauthorizedHandler?.()
  } else if (!opts.silent && shouldToast(err)) {
    ElMessage.error(err.message)
  }
  throw err
}

export const http = {
  get: <T>(path: string, query?: Query, opts: RequestOptions = {}) => request<T>('GET', path, { ...opts, query }),
  post: <T>(path: string, body?: unknown, opts: RequestOptions = {}) => request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body?: unknown, opts: RequestOptions = {}) => request<T>('PUT', path, { ...opts, body }),
  del: <T>(path: string, opts: RequestOptions = {}) => request<T>('DELETE', path, opts),
  upload: <T>(path: string, file: File, field = 'file', opts: RequestOptions = {}) => {
    const form = new FormData()
    form.append(field, file, file.name)
    return request<T>('POST', path, { ...opts, form })
  },
}

/** Downloads a file through fetch (so the session cookie and error handling apply) and saves it. */
export async function download(path: string, filename: string, query?: Query): Promise<void> {
  const blob = await request<Blob>('GET', path, { query, blob: true })
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

export { ApiError }
