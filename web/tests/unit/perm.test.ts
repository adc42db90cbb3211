import { describe, expect, it } from 'vitest'
import { hasAnyPermission, hasPermission } from '@/utils/perm'
import { buildMenu } from '@/router/menu'
import { consoleChildren } from '@/router/routes'

describe('hasPermission', () => {
  it('*:*:* matches everything', () => {
    expect(hasPermission(['*:*:*'], 'system:user:list')).toBe(true)
    expect(hasPermission(['*:*:*'], 'monitor:operlog:list')).toBe(true)
  })
  it('exact match only otherwise', () => {
    const granted = ['system:user:list', 'geo:map:view']
    expect(hasPermission(granted, 'system:user:list')).toBe(true)
    expect(hasPermission(granted, 'system:user:add')).toBe(false)
    expect(hasPermission(granted, 'system:user')).toBe(false)
    expect(hasPermission(granted, 'system:role:list')).toBe(false)
  })
  it('segment wildcards', () => {
    expect(hasPermission(['system:user:*'], 'system:user:add')).toBe(true)
    expect(hasPermission(['system:user:*'], 'system:role:add')).toBe(false)
  })
  it('empty wanted is allowed; no grants means nothing', () => {
    expect(hasPermission([], undefined)).toBe(true)
    expect(hasPermission([], 'geo:map:view')).toBe(false)
    expect(hasPermission(null, 'geo:map:view')).toBe(false)
  })
  it('hasAnyPermission', () => {
    expect(hasAnyPermission(['a:b:c'], ['x:y:z', 'a:b:c'])).toBe(true)
    expect(hasAnyPermission(['a:b:c'], ['x:y:z'])).toBe(false)
  })
})

describe('buildMenu', () => {
  it('shows only permitted entries and drops empty groups', () => {
    const menu = buildMenu(consoleChildren, ['system:user:list', 'geo:map:view'])
    const keys = menu.flatMap((m) => (m.children ? m.children.map((c) => c.key) : [m.key]))
    expect(keys).toEqual(['home', 'system-user', 'geo-map'])
    expect(menu.find((m) => m.key === 'monitor')).toBeUndefined()
  })
  it('admin sees everything', () => {
    const menu = buildMenu(consoleChildren, ['*:*:*'])
    const keys = menu.flatMap((m) => (m.children ? m.children.map((c) => c.key) : [m.key]))
    expect(keys).toContain('system-role')
    expect(keys).toContain('monitor-operlog')
    expect(keys).not.toContain('forbidden')
  })
  it('builds the 办案台 group from the case permissions, first, without the hidden detail page', () => {
    const menu = buildMenu(consoleChildren, ['case:matter:list', 'case:task:list', 'case:calendar:list', 'system:user:list'])
    expect(menu.map((m) => m.key)).toEqual(['home', 'case', 'system'])
    const group = menu.find((m) => m.key === 'case')!
    expect(group.children!.map((c) => c.key)).toEqual(['case-list', 'case-tasks', 'case-calendar'])
    expect(group.children!.map((c) => c.path)).toEqual(['/console/case/list', '/console/case/tasks', '/console/case/calendar'])
    const all = buildMenu(consoleChildren, ['*:*:*']).flatMap((m) => (m.children ? m.children.map((c) => c.key) : [m.key]))
    expect(all).toContain('case-overdue')
    expect(all).toContain('case-dispatch')
    expect(all).not.toContain('case-detail')
  })
})
