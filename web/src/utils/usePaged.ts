import { reactive, ref, type Ref } from 'vue'
import type { Page, PageQuery } from '@/api/types'

/** State and handlers for a RuoYi-style paged, sortable, searchable table. */
export function usePaged<T, F extends Record<string, unknown>>(
  fetcher: (q: PageQuery) => Promise<Page<T>>,
  initialFilters: F,
  toQuery: (f: F) => Record<string, string | number | undefined | null> = (f) => f as Record<string, string | number | undefined>,
) {
  const filters = reactive({ ...initialFilters }) as F
  const rows = ref([]) as Ref<T[]>
  const total = ref(0)
  const page = ref(1)
  const pageSize = ref(10)
  const sort = ref<{ prop?: string; order?: 'asc' | 'desc' }>({})
  const loading = ref(false)

  async function load() {
    loading.value = true
    try {
      const q: PageQuery = { page: page.value, page_size: pageSize.value, ...toQuery(filters) }
      if (sort.value.prop && sort.value.order) {
        q.sort = sort.value.prop
        q.order = sort.value.order
      }
      const res = await fetcher(q)
      rows.value = res.items ?? []
      total.value = res.total ?? 0
    } catch {
      rows.value = []
      total.value = 0
    } finally {
      loading.value = false
    }
  }

  function search() {
    page.value = 1
    return load()
  }

  function reset() {
    Object.assign(filters, initialFilters)
    sort.value = {}
    return search()
  }

  function onSort({ prop, order }: { prop: string | null; order: string | null }) {
    sort.value = order && prop ? { prop, order: order === 'ascending' ? 'asc' : 'desc' } : {}
    return search()
  }

  return { filters, rows, total, page, pageSize, sort, loading, load, search, reset, onSort }
}
