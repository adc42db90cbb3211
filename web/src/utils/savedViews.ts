// Saved views (常用查询) of a list page: named filter sets kept in the browser (localStorage), per user.

export interface SavedView<F> {
  name: string
  filters: F
  saved_at: string
}

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>

/** The most views kept per list; saving one more drops the oldest. */
export const MAX_VIEWS = 20

function browserStorage(): KeyValueStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}

/** The storage key of a list's views for one user (`zb_views:case:admin`). */
export function viewsKey(list: string, username: string | null | undefined): string {
  return `zb_views:${list}:${username || '-'}`
}

/**
 * A small store of named filter sets. Names are trimmed; saving under an existing name replaces it (keeping its
 * place). Unreadable stored data counts as no views. Storage failures (private mode, quota) are ignored.
 */
export function createViewStore<F extends object>(key: string, storage: KeyValueStorage | null = browserStorage()) {
  function list(): SavedView<F>[] {
    if (!storage) return []
    try {
      const raw = storage.getItem(key)
      const parsed: unknown = raw ? JSON.parse(raw) : []
      if (!Array.isArray(parsed)) return []
      return parsed.filter(
        (v): v is SavedView<F> => !!v && typeof v === 'object' && typeof v.name === 'string' && !!v.name && typeof v.filters === 'object' && v.filters !== null,
      )
    } catch {
      return []
    }
  }
  function write(views: SavedView<F>[]): SavedView<F>[] {
    try {
      storage?.setItem(key, JSON.stringify(views))
    } catch {
      /* ignore */
    }
    return views
  }
  function save(name: string, filters: F, now: Date = new Date()): SavedView<F>[] {
    const clean = name.trim()
    if (!clean) throw new Error('a view needs a name')
    const view: SavedView<F> = { name: clean, filters: JSON.parse(JSON.stringify(filters)) as F, saved_at: now.toISOString() }
    const views = list()
    const at = views.findIndex((v) => v.name === clean)
    if (at >= 0) views[at] = view
    else views.push(view)
    while (views.length > MAX_VIEWS) views.shift()
    return write(views)
  }
  function remove(name: string): SavedView<F>[] {
    return write(list().filter((v) => v.name !== name.trim()))
  }
  function get(name: string): SavedView<F> | undefined {
    return list().find((v) => v.name === name.trim())
  }
  return { list, save, remove, get }
}
