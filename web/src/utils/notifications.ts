// The notification bell's pure logic (站内提醒): how a kind is tagged, what the badge says, where an item leads.
import type { AppNotification } from '@/api/types'

export type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

export interface KindTag {
  /** Element Plus tag type. */
  type: TagType
  /** i18n key of the label (`notify.kind.*`). */
  label: string
}

/** The server's kinds: `reminder` (due soon, 临期提醒) and `overdue` (missed and escalated, 超期督办). */
const KINDS: Record<string, KindTag> = {
  reminder: { type: 'warning', label: 'notify.kind.reminder' },
  overdue: { type: 'danger', label: 'notify.kind.overdue' },
  patent_alert: { type: 'primary', label: 'patentAnalysis.watch.bellKind' },
}

/** The tag of a kind; a kind this build does not know yet is shown neutrally (`notify.kind.other`). */
export function kindTag(kind: string | null | undefined): KindTag {
  return (kind && Object.prototype.hasOwnProperty.call(KINDS, kind) ? KINDS[kind] : undefined) ?? { type: 'info', label: 'notify.kind.other' }
}

/** The badge text: nothing for 0 (or a bad count), the number up to `max`, then `max+` (`99+`). */
export function badgeText(unread: number | null | undefined, max = 99): string {
  if (typeof unread !== 'number' || !Number.isFinite(unread) || unread <= 0) return ''
  const n = Math.floor(unread)
  return n > max ? `${max}+` : String(n)
}

/** Where a notification leads: the matter's detail page, or the watch page for a patent alert (专利预警). */
export function matterPath(n: Pick<AppNotification, 'matter_id' | 'source'>): string {
  if (n.source === 'patent_alert') return '/console/patent/watch'
  return `/console/case/${n.matter_id}`
}

/** A notification's key across sources (ids repeat between case notifications and patent alerts). */
export const notificationKey = (n: Pick<AppNotification, 'id' | 'source'>): string => `${n.source ?? 'case'}:${n.id}`

export const isUnread = (n: Pick<AppNotification, 'read_at'>): boolean => !n.read_at

/**
 * The list after `ids` were marked read at `at` (all of them when `ids` is `'all'`), and the unread count that
 * goes with it: the count drops by the items that really changed, never below zero, so that the badge is right
 * at once (the next refresh brings the server's word).
 */
export function markRead(
  items: readonly AppNotification[],
  unread: number,
  ids: readonly (number | string)[] | 'all',
  at: string,
): { items: AppNotification[]; unread: number } {
  let changed = 0
  // A number is a case notification's id; a string is a key (`notificationKey`).
  const hit = (n: AppNotification) => ids !== 'all' && (ids.includes(notificationKey(n)) || ((n.source ?? 'case') === 'case' && ids.includes(n.id)))
  const out = items.map((n) => {
    if (n.read_at || (ids !== 'all' && !hit(n))) return n
    changed++
    return { ...n, read_at: at }
  })
  return { items: out, unread: ids === 'all' ? 0 : Math.max(0, unread - changed) }
}
