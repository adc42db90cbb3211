import { describe, expect, it } from 'vitest'
import { badgeText, isUnread, kindTag, markRead, matterPath, notificationKey } from '@/utils/notifications'
import type { AppNotification } from '@/api/types'
import zh from '@/i18n/locales/zh-CN'
import en from '@/i18n/locales/en'

const lookup = (messages: unknown, key: string): unknown =>
  key.split('.').reduce<unknown>((cur, part) => (cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[part] : undefined), messages)

const n = (id: number, read_at: string | null = null, kind = 'reminder'): AppNotification => ({
  id, kind, matter_id: 100 + id, receipt_no: `BH-TS-2026-00000${id}`, clock_key: 'acceptance', due_on: '2026-11-25',
  title: `t${id}`, body: `b${id}`, created_at: '2026-11-21T01:00:00Z', read_at,
})

describe('kindTag', () => {
  it('maps the server kinds to tags: reminder 临期提醒 (warning), overdue 超期督办 (danger)', () => {
    expect(kindTag('reminder')).toEqual({ type: 'warning', label: 'notify.kind.reminder' })
    expect(kindTag('overdue')).toEqual({ type: 'danger', label: 'notify.kind.overdue' })
    expect(lookup(zh, kindTag('reminder').label)).toBe('临期提醒')
    expect(lookup(zh, kindTag('overdue').label)).toBe('超期督办')
  })
  it('shows an unknown kind neutrally, without trusting prototype keys', () => {
    for (const k of ['escalation', '', null, undefined, 'toString', '__proto__']) expect(kindTag(k)).toEqual({ type: 'info', label: 'notify.kind.other' })
  })
  it('has every label in both locales', () => {
    for (const k of ['reminder', 'overdue', 'other']) {
      const key = kindTag(k).label
      expect(typeof lookup(zh, key)).toBe('string')
      expect(typeof lookup(en, key)).toBe('string')
    }
  })
})

describe('badgeText', () => {
  it('is empty for nothing unread (or a bad count)', () => {
    for (const v of [0, -1, NaN, Infinity, null, undefined]) expect(badgeText(v as number)).toBe('')
  })
  it('shows the count up to 99, then 99+', () => {
    expect(badgeText(1)).toBe('1')
    expect(badgeText(99)).toBe('99')
    expect(badgeText(100)).toBe('99+')
    expect(badgeText(12345)).toBe('99+')
    expect(badgeText(10, 9)).toBe('9+')
  })
})

describe('matterPath and markRead', () => {
  it('leads to the matter in the console', () => {
    expect(matterPath({ matter_id: 42 })).toBe('/console/case/42')
  })
  it('marks one read and lowers the count by what changed only', () => {
    const items = [n(1), n(2, '2026-11-20T00:00:00Z'), n(3)]
    const one = markRead(items, 5, [1], 'AT')
    expect(one.items.map((x) => x.read_at)).toEqual(['AT', '2026-11-20T00:00:00Z', null])
    expect(one.unread).toBe(4)
    expect(items[0].read_at).toBeNull() // not mutated
    // Already read, or not in the list: the count stays.
    expect(markRead(items, 5, [2], 'AT').unread).toBe(5)
    expect(markRead(items, 5, [99], 'AT').unread).toBe(5)
    expect(markRead([n(1)], 0, [1], 'AT').unread).toBe(0)
  })
  it('patent alerts lead to the watch page and are told apart from case notifications with the same id', () => {
    const alert: AppNotification = { ...n(1), source: 'patent_alert', kind: 'patent_alert', matter_id: null, due_on: null }
    expect(matterPath(alert)).toBe('/console/patent/watch')
    expect(kindTag('patent_alert').label).toBe('patentAnalysis.watch.bellKind')
    const items = [n(1), alert]
    const r = markRead(items, 2, [notificationKey(alert)], 'AT')
    expect(r.items.map((x) => x.read_at)).toEqual([null, 'AT'])
    expect(r.unread).toBe(1)
    expect(markRead(items, 2, [1], 'AT').items.map((x) => x.read_at)).toEqual(['AT', null])
  })
  it('marks all read and clears the count (unread items beyond the list too)', () => {
    const all = markRead([n(1), n(2)], 150, 'all', 'AT')
    expect(all.items.every((x) => !isUnread(x))).toBe(true)
    expect(all.unread).toBe(0)
  })
})
