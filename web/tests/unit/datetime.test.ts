import { describe, expect, it } from 'vitest'
import { formatDate, formatDateTime, shanghaiDayToUtc } from '@/utils/datetime'

describe('formatDateTime (UTC → Asia/Shanghai)', () => {
  it('adds eight hours', () => {
    expect(formatDateTime('2026-11-21T02:03:04Z')).toBe('2026-11-21 10:03:04')
  })
  it('crosses midnight into the next day', () => {
    expect(formatDateTime('2026-12-31T16:30:00Z')).toBe('2027-01-01 00:30:00')
  })
  it('honours an explicit offset and fractional seconds', () => {
    expect(formatDateTime('2026-11-21T02:03:04.789+02:00')).toBe('2026-11-21 08:03:04')
  })
  it('uses 24-hour time and can drop seconds', () => {
    expect(formatDateTime('2026-06-01T12:00:00Z', false)).toBe('2026-06-01 20:00')
  })
  it('handles empty and bad input', () => {
    expect(formatDateTime(null)).toBe('')
    expect(formatDateTime('')).toBe('')
    expect(formatDateTime('not a date')).toBe('not a date')
  })
  it('formatDate', () => {
    expect(formatDate('2026-11-20T17:00:00Z')).toBe('2026-11-21')
  })
  it('shanghaiDayToUtc', () => {
    expect(shanghaiDayToUtc('2026-11-21')).toBe('2026-11-20T16:00:00Z')
    expect(shanghaiDayToUtc('2026-11-21', true)).toBe('2026-11-21T15:59:59Z')
  })
})
