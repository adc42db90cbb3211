import { describe, expect, it } from 'vitest'
import { addWorkdays, buildCalendar, dayKind, remainingWorkdays } from '@/utils/calendar'

// 2025 as in crates/domain/src/calendar/data.rs (国办发明电〔2024〕12号).
const Y2025 = {
  year: 2025,
  source: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024-11-12）',
  holidays: [
    { name: '元旦', first: '2025-01-01', last: '2025-01-01' },
    { name: '春节', first: '2025-01-28', last: '2025-02-04' },
    { name: '清明节', first: '2025-04-04', last: '2025-04-06' },
    { name: '劳动节', first: '2025-05-01', last: '2025-05-05' },
    { name: '端午节', first: '2025-05-31', last: '2025-06-02' },
    { name: '国庆节、中秋节', first: '2025-10-01', last: '2025-10-08' },
  ],
  workdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
}
const cal = buildCalendar([Y2025])

describe('client working-day calendar', () => {
  it('classifies days', () => {
    expect(dayKind(cal, '2025-10-01')).toBe('holiday')
    expect(dayKind(cal, '2025-10-11')).toBe('makeup') // Saturday 上班
    expect(dayKind(cal, '2025-10-12')).toBe('weekend')
    expect(dayKind(cal, '2025-10-13')).toBe('workday')
    expect(dayKind(cal, '2026-01-05')).toBeNull()
  })
  it('adds working days like the server (received Fri 2025-09-26, 7 WD → Mon 10-13)', () => {
    expect(addWorkdays(cal, '2025-09-26', 7)).toBe('2025-10-13')
    expect(addWorkdays(cal, '2025-09-28', 7)).toBe('2025-10-14')
  })
  it('counts the working days left as the server does', () => {
    // (9/30, 10/13]: 10/9, 10/10, 10/11 (Sat 上班), 10/13 → 4 (clock.rs remaining_workdays_and_reminders)
    expect(remainingWorkdays(cal, '2025-09-30', '2025-10-13')).toBe(4)
    expect(remainingWorkdays(cal, '2025-10-03', '2025-10-13')).toBe(4)
    expect(remainingWorkdays(cal, '2025-10-13', '2025-10-13')).toBe(0)
    expect(remainingWorkdays(cal, '2025-10-14', '2025-10-13')).toBe(-1)
    expect(remainingWorkdays(cal, '2025-12-30', '2026-01-05')).toBeNull()
  })
})
