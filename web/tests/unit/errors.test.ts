import { describe, expect, it } from 'vitest'
import { ApiError, shouldRedirectToLogin, shouldToast, toApiError } from '@/api/errors'
import { buildUrl } from '@/api/http'

describe('toApiError', () => {
  it('keeps the server code, message and fields for 422', () => {
    const e = toApiError(422, { code: 'VALIDATION', message: '输入有误', fields: { username: '用户名已存在' } })
    expect(e).toBeInstanceOf(ApiError)
    expect(e.status).toBe(422)
    expect(e.code).toBe('VALIDATION')
    expect(e.message).toBe('输入有误')
    expect(e.fields).toEqual({ username: '用户名已存在' })
    expect(e.isValidation).toBe(true)
  })
  it('TOTP_REQUIRED is distinct from a bad password', () => {
    expect(toApiError(401, { code: 'TOTP_REQUIRED', message: 'x' }).code).toBe('TOTP_REQUIRED')
    expect(toApiError(401, { code: 'UNAUTHENTICATED', message: 'x' }).code).toBe('UNAUTHENTICATED')
  })
  it('derives the code from the status when the body is missing or not JSON', () => {
    expect(toApiError(423, null).code).toBe('ACCOUNT_LOCKED')
    expect(toApiError(429, 'Too Many Requests').code).toBe('RATE_LIMITED')
    expect(toApiError(502, null).code).toBe('INTERNAL')
    expect(toApiError(0, null).code).toBe('NETWORK')
    expect(toApiError(409, {}).message).toBe('操作冲突')
    expect(toApiError(409, {}, 'en').message).toBe('Conflict')
  })
  it('keeps the allowed events of a 409 on a case action', () => {
    const e = toApiError(409, { code: 'CONFLICT', message: '当前状态不允许该操作', allowed: ['accept', 'decline', 3] })
    expect(e.code).toBe('CONFLICT')
    expect(e.allowed).toEqual(['accept', 'decline'])
    expect(toApiError(409, {}).allowed).toEqual([])
  })
  it('ignores malformed fields', () => {
    expect(toApiError(422, { code: 'VALIDATION', fields: ['x'] }).fields).toEqual({})
    expect(toApiError(422, { code: 'VALIDATION', fields: { a: 1 } }).fields).toEqual({})
  })
})

describe('error routing', () => {
  it('401 redirects except for the login call and TOTP_REQUIRED', () => {
    expect(shouldRedirectToLogin(toApiError(401, { code: 'UNAUTHENTICATED' }), false)).toBe(true)
    expect(shouldRedirectToLogin(toApiError(401, { code: 'UNAUTHENTICATED' }), true)).toBe(false)
    expect(shouldRedirectToLogin(toApiError(401, { code: 'TOTP_REQUIRED' }), false)).toBe(false)
    expect(shouldRedirectToLogin(toApiError(403, { code: 'FORBIDDEN' }), false)).toBe(false)
  })
  it('field errors are shown by the form, not toasted', () => {
    expect(shouldToast(toApiError(422, { code: 'VALIDATION', fields: { name: 'x' } }))).toBe(false)
    expect(shouldToast(toApiError(422, { code: 'VALIDATION' }))).toBe(true)
    expect(shouldToast(toApiError(409, { code: 'CONFLICT', message: '部门下存在用户' }))).toBe(true)
    expect(shouldToast(toApiError(401, { code: 'UNAUTHENTICATED' }))).toBe(false)
  })
})

describe('buildUrl', () => {
  it('drops empty values and encodes the rest', () => {
    expect(buildUrl('/api/v1/system/users', { page: 1, username: '', dept_id: null, display_name: '张 三' })).toBe(
      '/api/v1/system/users?page=1&display_name=%E5%BC%A0+%E4%B8%89',
    )
    expect(buildUrl('/x', {})).toBe('/x')
  })
})
