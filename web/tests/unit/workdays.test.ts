import { describe, expect, it } from 'vitest'
import { addDays, daysBetween, endOfWeek, SOON_WORKDAYS, todayShanghai, urgencyOf, URGENCY_TYPE } from '@/utils/workdays'

describe('remaining working days → colour', () => {
  it('overdue (red) when past due or missed', () => {
    expect(urgencyOf(-1)).toBe('overdue')
    expect(urgencyOf(-30)).toBe('overdue')
    expect(urgencyOf(5, { state: 'missed' })).toBe('overdue')
    expect(urgencyOf(5, { overdue: true })).toBe('overdue')
    expect(URGENCY_TYPE.overdue).toBe('danger')
  })
  it('warning (amber) at ≤ 2 working days, due today included', () => {
    expect(SOON_WORKDAYS).toBe(2)
    expect(urgencyOf(0)).toBe('soon')
    expect(urgencyOf(1)).toBe('soon')
    expect(urgencyOf(2)).toBe('soon')
    expect(URGENCY_TYPE.soon).toBe('warning')
  })
  it('normal above 2, none without a running deadline', () => {
    expect(urgencyOf(3)).toBe('normal')
    expect(urgencyOf(45)).toBe('normal')
    expect(urgencyOf(null)).toBe('none')
    expect(urgencyOf(undefined)).toBe('none')
    expect(urgencyOf(-3, { state: 'met' })).toBe('none')
  })
})

describe('day helpers', () => {
  it('today in Shanghai crosses midnight at 16:00 UTC', () => {
    expect(todayShanghai(new Date('2026-11-20T15:59:59Z'))).toBe('2026-11-20')
    expect(todayShanghai(new Date('2026-11-20T16:00:00Z'))).toBe('2026-11-21')
  })
  it('week end is the Sunday of a Monday-first week', () => {
    expect(endOfWeek('2026-11-16')).toBe('2026-11-22') // Monday
    expect(endOfWeek('2026-11-21')).toBe('2026-11-22') // Saturday
    expect(endOfWeek('2026-11-22')).toBe('2026-11-22') // Sunday
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(daysBetween('2026-11-21', '2026-12-01')).toBe(10)
  })
})
