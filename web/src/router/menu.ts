import type { RouteRecordRaw } from 'vue-router'
import { hasPermission } from '@/utils/perm'
import { MENU_GROUPS } from './routes'

export interface MenuItem {
  key: string
  title: string
  icon?: string
  path?: string
  children?: MenuItem[]
}

/**
 * Builds the sidebar from the console route table, keeping only the entries whose permission is
 * granted; a group with no visible entry disappears.
 */
export function buildMenu(children: readonly RouteRecordRaw[], granted: readonly string[], base = '/console'): MenuItem[] {
  const top: MenuItem[] = []
  const groups = new Map<string, MenuItem>()
  for (const g of MENU_GROUPS) groups.set(g.key, { key: g.key, title: `menu.${g.key}`, icon: g.icon, children: [] })
  const order: MenuItem[] = []
  for (const r of children) {
    const meta = r.meta ?? {}
    if (meta.hidden || !meta.title) continue
    if (!hasPermission(granted, meta.perm)) continue
    const item: MenuItem = {
      key: String(r.name ?? r.path),
      title: meta.title,
      icon: meta.icon,
      path: r.path ? `${base}/${r.path}` : base,
    }
    if (meta.group && groups.has(meta.group)) {
      const g = groups.get(meta.group)!
      if (!order.includes(g)) order.push(g)
      g.children!.push(item)
    } else {
      top.push(item)
    }
  }
  const ordered = MENU_GROUPS.map((g) => groups.get(g.key)!).filter((g) => g.children!.length > 0)
  return [...top, ...ordered]
}
