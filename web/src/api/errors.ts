/** Stable error codes of the API (docs/api.md). */
export type ApiErrorCode =
  | 'VALIDATION'
  | 'BAD_REQUEST'
  | 'UNAUTHENTICATED'
  | 'TOTP_REQUIRED'
  | 'ACCOUNT_LOCKED'
  | 'RATE_LIMITED'
  | 'FORBIDDEN'
  | 'CSRF'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'INTERNAL'
  | 'NETWORK'
  | string

/** Error thrown by the API client for every non-2xx answer (and for network failures). */
export class ApiError extends Error {
  readonly status: number
  readonly code: ApiErrorCode
  /** Per-field messages (422 `VALIDATION`); empty otherwise. */
  readonly fields: Record<string, string>
  /** 409 on a case action: the events the matter's state allows (docs/api-cases.md); empty otherwise. */
  readonly allowed: string[]

  constructor(status: number, code: ApiErrorCode, message: string, fields: Record<string, string> = {}, allowed: string[] = []) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.fields = fields
    this.allowed = allowed
  }

  get isValidation(): boolean {
    return this.status === 422 || this.code === 'VALIDATION'
  }
}

const CODE_BY_STATUS: Record<number, ApiErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  422: 'VALIDATION',
  423: 'ACCOUNT_LOCKED',
  429: 'RATE_LIMITED',
}

/** Fallback human messages, used when the server sent no message (e.g. a proxy error page). */
export const DEFAULT_MESSAGES: Record<string, { zh: string; en: string }> = {
  VALIDATION: { zh: '输入有误，请检查表单', en: 'Please check the form' },
  BAD_REQUEST: { zh: '请求有误', en: 'Bad request' },
  UNAUTHENTICATED: { zh: '登录已失效，请重新登录', en: 'Please sign in again' },
  TOTP_REQUIRED: { zh: '请输入动态口令', en: 'A one-time code is required' },
  ACCOUNT_LOCKED: { zh: '账号已被锁定，请稍后再试或联系管理员', en: 'The account is locked; try later or ask an administrator' },
  RATE_LIMITED: { zh: '操作过于频繁，请稍后再试', en: 'Too many attempts; please wait and try again' },
  FORBIDDEN: { zh: '没有权限执行此操作', en: 'You are not allowed to do this' },
  CSRF: { zh: '页面已过期，请刷新后重试', en: 'The page has expired; reload and try again' },
  NOT_FOUND: { zh: '数据不存在或已被删除', en: 'Not found' },
  CONFLICT: { zh: '操作冲突', en: 'Conflict' },
  PAYLOAD_TOO_LARGE: { zh: '文件或内容过大', en: 'The upload is too large' },
  INTERNAL: { zh: '服务器内部错误', en: 'Internal server error' },
  NETWORK: { zh: '无法连接服务器', en: 'Cannot reach the server' },
}

export function defaultMessage(code: string, lang: 'zh' | 'en' = 'zh'): string {
  return (DEFAULT_MESSAGES[code] ?? DEFAULT_MESSAGES.INTERNAL)[lang]
}

function isRecordOfStrings(v: unknown): v is Record<string, string> {
  return !!v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string')
}

/**
 * Maps an HTTP status and the (already parsed, possibly absent or malformed) body to an ApiError.
 * Trusts the server's `{code, message, fields}` when present; otherwise derives the code from the status.
 */
export function toApiError(status: number, body: unknown, lang: 'zh' | 'en' = 'zh'): ApiError {
  let code: string | undefined
  let message: string | undefined
  let fields: Record<string, string> = {}
  let allowed: string[] = []
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const b = body as Record<string, unknown>
    if (typeof b.code === 'string' && b.code) code = b.code
    if (typeof b.message === 'string' && b.message) message = b.message
    if (isRecordOfStrings(b.fields)) fields = { ...b.fields }
    if (Array.isArray(b.allowed)) allowed = b.allowed.filter((x): x is string => typeof x === 'string')
  }
  if (!code) code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : status === 0 ? 'NETWORK' : 'BAD_REQUEST')
  return new ApiError(status, code, message ?? defaultMessage(code, lang), fields, allowed)
}

/** Whether the client should send the user to the login page for this error. */
export function shouldRedirectToLogin(err: ApiError, isLoginCall: boolean): boolean {
  return err.status === 401 && err.code !== 'TOTP_REQUIRED' && !isLoginCall
}

/** Whether the client should pop up a global message (forms show 422 field errors themselves). */
export function shouldToast(err: ApiError): boolean {
  if (err.status === 401) return false
  if (err.isValidation && Object.keys(err.fields).length > 0) return false
  return true
}
