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
  // Case desk (docs/api-cases.md): the server ships these; the fallbacks keep the public intake form (no login,
  // so no /api/v1/dicts) and the console usable before it does.
  matter_type: [
    ['complaint', '投诉', 'Complaint', 'primary'],
    ['report', '举报', 'Report', 'danger'],
    ['assistance', '维权援助', 'Rights-protection assistance', 'success'],
    ['mediation', '调解申请', 'Mediation request', 'warning'],
    ['adjudication', '专利侵权纠纷行政裁决请求', 'Patent-infringement adjudication request', ''],
    ['ecommerce_notice', '电商/直播侵权通知', 'E-commerce / live-streaming infringement notice', 'info'],
    ['import_export', '进出口/口岸纠纷', 'Import / export (port) dispute', 'warning'],
  ],
  matter_track: [['simple', '简易', 'Simple', 'success'], ['ordinary', '普通', 'Ordinary', 'primary']],
  matter_channel: [
    ['portal', '网上', 'Online', 'primary'], ['phone', '电话', 'Phone', 'success'], ['walk_in', '来访', 'Walk-in', 'warning'],
    ['staff', '工作人员录入', 'Staff entry', 'info'], ['api', '接口', 'API', ''], ['import', '批量导入', 'Import', ''],
  ],
  right_kind: [
    ['patent', '专利', 'Patent', 'primary'], ['trademark', '商标', 'Trademark', 'success'], ['copyright', '著作权', 'Copyright', 'warning'],
    ['geographical_indication', '地理标志', 'Geographical indication', 'info'], ['trade_secret', '商业秘密', 'Trade secret', 'danger'],
    ['other', '其他', 'Other', ''],
  ],
  matter_state: [
    ['received', '已接收', 'Received', 'primary'], ['intake', '已接收', 'Intake', 'primary'], ['accepted', '已受理', 'Accepted', 'primary'],
    ['dispatched', '已分拨', 'Dispatched', 'primary'], ['in_progress', '办理中', 'In progress', 'primary'], ['assessment', '评估中', 'Assessment', 'primary'],
    ['guidance', '指导中', 'Guidance', 'primary'], ['referred', '已转介', 'Referred', 'primary'], ['mediating', '调解中', 'Mediating', 'primary'],
    ['testing', '检定检验检测鉴定中（调解计时中止）', 'Testing (mediation clock suspended)', 'warning'],
    ['recusal_pending', '回避申请待决（调解中止）', 'Recusal pending', 'warning'], ['verifying', '核查中', 'Verifying', 'primary'],
    ['identification', '检测鉴定或权利人辨认中（核查计时中止）', 'Identification (clock suspended)', 'warning'],
    ['suspended', '中止', 'Suspended', 'warning'], ['filed', '已立案', 'Filed', 'primary'], ['not_filed', '不予立案', 'Not filed', 'primary'],
    ['reporter_notified', '已告知举报人', 'Reporter notified', 'primary'], ['terminated', '调解终止（待告知）', 'Mediation terminated', 'warning'],
    ['agreed', '调解成功', 'Agreement reached', 'info'], ['closed', '已办结', 'Closed', 'info'], ['declined', '不予受理', 'Declined', 'info'],
    ['transferred', '转举报核查', 'Transferred to report', 'info'], ['transferred_out', '已转出', 'Transferred out', 'info'],
    ['no_jurisdiction', '不属本机关处理', 'Not competent', 'info'],
  ],
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
