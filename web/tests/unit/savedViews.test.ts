import { describe, expect, it } from 'vitest'
import { createViewStore, MAX_VIEWS, viewsKey } from '@/utils/savedViews'

function memory() {
  const data = new Map<string, string>()
  return { data, getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) }
}
type F = { q: string; only_open: boolean; range: [string, string] | null }

describe('saved views', () => {
  it('keys are per list and per user', () => {
    expect(viewsKey('case', 'admin')).toBe('zb_views:case:admin')
    expect(viewsKey('case', null)).toBe('zb_views:case:-')
  })
  it('saves, lists, replaces by name and removes', () => {
    const s = memory()
    const views = createViewStore<F>('k', s)
    expect(views.list()).toEqual([])
    const at = new Date('2026-11-21T02:00:00Z')
    views.save(' 超期投诉 ', { q: '', only_open: true, range: null }, at)
    views.save('本月', { q: 'x', only_open: false, range: ['2026-11-01', '2026-11-30'] }, at)
    expect(views.list().map((v) => v.name)).toEqual(['超期投诉', '本月'])
    expect(views.get('超期投诉')).toEqual({ name: '超期投诉', filters: { q: '', only_open: true, range: null }, saved_at: '2026-11-21T02:00:00.000Z' })
    views.save('超期投诉', { q: 'TS', only_open: true, range: null }, at)
    expect(views.list().map((v) => [v.name, v.filters.q])).toEqual([['超期投诉', 'TS'], ['本月', 'x']])
    views.remove('超期投诉')
    expect(views.list().map((v) => v.name)).toEqual(['本月'])
    // Another store instance on the same storage sees the same views.
    expect(createViewStore<F>('k', s).list()).toHaveLength(1)
  })
  it('copies the filters (later edits of the form do not change a saved view)', () => {
    const views = createViewStore<F>('k', memory())
    const f: F = { q: 'a', only_open: true, range: ['2026-01-01', '2026-01-31'] }
    views.save('v', f)
    f.range![0] = '2020-01-01'
    expect(views.get('v')?.filters.range).toEqual(['2026-01-01', '2026-01-31'])
  })
  it('refuses an empty name and keeps at most MAX_VIEWS', () => {
    const views = createViewStore<F>('k', memory())
    expect(() => views.save('  ', { q: '', only_open: false, range: null })).toThrow()
    for (let i = 0; i < MAX_VIEWS + 3; i++) views.save(`v${i}`, { q: '', only_open: false, range: null })
    const names = views.list().map((v) => v.name)
    expect(names).toHaveLength(MAX_VIEWS)
    expect(names[0]).toBe('v3')
  })
  it('treats unreadable storage as empty and survives a missing storage', () => {
    const s = memory()
    s.data.set('k', '{not json')
    expect(createViewStore<F>('k', s).list()).toEqual([])
    s.data.set('k', JSON.stringify([{ name: 'ok', filters: {} }, { nope: 1 }, 'x']))
    expect(createViewStore<F>('k', s).list().map((v) => v.name)).toEqual(['ok'])
    const none = createViewStore<F>('k', null)
    expect(none.save('a', { q: '', only_open: false, range: null })).toHaveLength(1)
    expect(none.list()).toEqual([])
  })
})
