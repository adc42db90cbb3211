import { defineStore } from 'pinia'
import { ref } from 'vue'
import { dictApi } from '@/api'
import type { DictEntry, TagType } from '@/api/types'

/**
 * Built-in fallbacks, used only for a dictionary the server did not send (so selects stay usable
 * before the server ships a type). Server entries always win.
 */
const FALLBACK: Record<string, Array<[string, string, string, TagType]>> = {
  sys_status: [['active', '正常', 'Active', 'success'], ['disabled', '停用', 'Disabled', 'danger']],
  data_scope: [
    ['all', '全部数据权限', 'All data', ''],
    ['custom', '自定数据权限', 'Custom departments', ''],
    ['dept', '本部门数据权限', 'Own department', ''],
    ['dept_and_below', '本部门及以下数据权限', 'Own department and below', ''],
    ['self', '仅本人数据权限', 'Own records only', ''],
  ],
  op_result: [['ok', '成功', 'Success', 'success'], ['error', '失败', 'Error', 'danger']],
}

function fallbackEntries(type: string): DictEntry[] {
  return (FALLBACK[type] ?? []).map(([value, label_zh, label_en, tag], i) => ({
    id: -(i + 1), value, label_zh, label_en, tag, sort: i, status: 'active',
  }))
}

export const useDictStore = defineStore('dict', () => {
  const dicts = ref<Record<string, DictEntry[]>>({})
  const loaded = ref(false)
  let pending: Promise<void> | null = null

  async function load(force = false): Promise<void> {
    if (loaded.value && !force) return
    if (pending && !force) return pending
    pending = (async () => {
      try {
        const all = await dictApi.all()
        const sorted: Record<string, DictEntry[]> = {}
        for (const [k, list] of Object.entries(all ?? {})) {
          sorted[k] = [...list].sort((a, b) => (a.sort ?? 0) - (b.sort ?? 0) || a.id - b.id)
        }
        dicts.value = sorted
        loaded.value = true
      } catch {
        // keep fallbacks; a later call retries
      } finally {
        pending = null
      }
    })()
    return pending
  }

  function entries(type: string): DictEntry[] {
    const list = dicts.value[type]
    return list && list.length ? list : fallbackEntries(type)
  }

  function find(type: string, value: unknown): DictEntry | undefined {
    if (value === null || value === undefined) return undefined
    const v = String(value)
    return entries(type).find((e) => e.value === v)
  }

  function label(type: string, value: unknown, lang: 'zh' | 'en'): string {
    const e = find(type, value)
    if (!e) return value === null || value === undefined ? '' : String(value)
    return (lang === 'en' ? e.label_en || e.label_zh : e.label_zh || e.label_en) || e.value
  }

  function reset() {
    dicts.value = {}
    loaded.value = false
  }

  return { dicts, loaded, load, entries, find, label, reset }
})
