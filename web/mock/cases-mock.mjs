// The case desk (办案台) and the working-day calendar of the mock, written against docs/api-cases.md and
// docs/calendar.md. A stand-in for front-end work: procedures, clocks and validation follow the domain code
// (crates/domain/src/case, crates/domain/src/calendar) closely enough to drive the UI, but the Rust server is the
// authority on every rule.
import crypto from 'node:crypto'
import { BUILTIN_YEARS } from './calendar-data.mjs'

// ---------------------------------------------------------------- days
const pad = (n) => String(n).padStart(2, '0')
export function todayShanghai() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date())
}
const addDays = (day, n) => {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}
const weekday = (day) => new Date(`${day}T00:00:00Z`).getUTCDay()
const isDate = (s) => typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s
/** An instant at 09:30 Shanghai on a day, for seeded events. */
const at = (day, minutes = 0) => new Date(Date.parse(`${day}T09:30:00+08:00`) + minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z')

// ---------------------------------------------------------------- calendar
class CalendarError extends Error {
  constructor(message, year) {
    super(message)
    this.year = year
  }
}

export function createCalendar() {
  const builtin = new Map(BUILTIN_YEARS.map((t) => [t.year, t]))
  const added = new Map()
  let holidays, makeup
  function rebuild() {
    holidays = new Map()
    makeup = new Set()
    for (const t of tables()) {
      for (const h of t.holidays) for (let d = h.first; d <= h.last; d = addDays(d, 1)) holidays.set(d, h.name)
      for (const w of t.workdays) makeup.add(w)
    }
  }
  function tables() {
    const all = new Map(builtin)
    for (const [y, t] of added) all.set(y, t)
    return [...all.values()].sort((a, b) => a.year - b.year)
  }
  const covered = (year) => builtin.has(year) || added.has(year)
  function isWorkday(day) {
    const y = Number(day.slice(0, 4))
    if (!covered(y)) throw new CalendarError(`${y} 年的放假安排尚未维护（工作日历未覆盖该年度），无法计算期限`, y)
    if (holidays.has(day)) return false
    if (makeup.has(day)) return true
    const wd = weekday(day)
    return wd !== 0 && wd !== 6
  }
  function addWorkdays(from, n) {
    if (n <= 0) throw new CalendarError('期间至少为 1')
    let d = from
    for (let left = n; left > 0; ) {
      d = addDays(d, 1)
      if (isWorkday(d)) left--
    }
    return d
  }
  function rollForward(d) {
    while (!isWorkday(d)) d = addDays(d, 1)
    return d
  }
  const addCalendarDays = (from, n) => {
    if (n <= 0) throw new CalendarError('期间至少为 1')
    return rollForward(addDays(from, n))
  }
  function addMonths(from, n) {
    if (n <= 0) throw new CalendarError('期间至少为 1')
    const [y, m, d] = from.split('-').map(Number)
    const total = y * 12 + (m - 1) + n
    const ty = Math.floor(total / 12), tm = (total % 12) + 1
    const last = new Date(Date.UTC(ty, tm, 0)).getUTCDate()
    return rollForward(`${ty}-${pad(tm)}-${pad(Math.min(d, last))}`)
  }
  /** Working days in (today, due], negative when due has passed. */
  function remaining(today, due) {
    const [a, b, sign] = due >= today ? [today, due, 1] : [due, today, -1]
    let n = 0
    for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) if (isWorkday(d)) n++
    return sign * n
  }
  function validate(t) {
    const y = t.year
    if (!String(t.source ?? '').trim()) return `${y} 年：缺少出处（国务院办公厅通知的标题和文号）`
    if (!Array.isArray(t.holidays) || t.holidays.length === 0) return `${y} 年：没有放假日`
    const off = new Set()
    for (const h of t.holidays) {
      if (!h || typeof h !== 'object') return `${y} 年：假期格式错误`
      const unknown = Object.keys(h).filter((k) => !['name', 'first', 'last'].includes(k))
      if (unknown.length) return `${y} 年：未知字段 ${unknown.join(', ')}`
      if (!isDate(h.first) || !isDate(h.last)) return `${y} 年：日期格式应为 YYYY-MM-DD`
      if (!String(h.name ?? '').trim()) return `${y} 年：从 ${h.first} 开始的假期缺少名称`
      if (h.first > h.last) return `${y} 年：假期「${h.name}」起止颠倒（${h.first} 晚于 ${h.last}）`
      for (let d = h.first; d <= h.last; d = addDays(d, 1)) {
        if (Number(d.slice(0, 4)) !== y) return `${y} 年：${d} 不在该年度内`
        if (off.has(d)) return `${y} 年：${d} 重复列为放假日`
        off.add(d)
      }
    }
    const seen = new Set()
    for (const w of t.workdays ?? []) {
      if (!isDate(w)) return `${y} 年：日期格式应为 YYYY-MM-DD`
      if (Number(w.slice(0, 4)) !== y) return `${y} 年：${w} 不在该年度内`
      if (seen.has(w)) return `${y} 年：调休上班日 ${w} 重复`
      seen.add(w)
      if (off.has(w)) return `${y} 年：${w} 既是放假日又是调休上班日`
      const wd = weekday(w)
      if (wd !== 0 && wd !== 6) return `${y} 年：调休上班日 ${w} 是周一至周五（本来就是工作日）`
    }
    return null
  }
  function put(t) {
    added.set(t.year, { year: t.year, source: t.source, holidays: t.holidays, workdays: t.workdays ?? [] })
    rebuild()
  }
  rebuild()
  return {
    tables, isWorkday, addWorkdays, addCalendarDays, addMonths, remaining, validate, put, covered,
    isAdded: (y) => added.has(y),
  }
}

// ---------------------------------------------------------------- procedures (crates/domain/src/case/procedure)
const BANFA = '市场监督管理投诉举报处理暂行办法'
const PENALTY = '市场监督管理行政处罚程序规定'
const ORDER81 = '专利纠纷行政裁决和调解办法（国家知识产权局令第81号）'

/** [key, name_zh, name_en, terminal, public label] */
const S = (key, zh, en, terminal, pub) => ({ key, zh, en, terminal, pub })
/** [from, event, to, name, permission, reason?, guard?] */
const T = (from, event, to, name, perm, reason = false, guard = null) => ({ from, event, to, name, perm, reason, guard })

const trackedStates = [
  S('received', '已接收', 'Received', false, '已接收'), S('dispatched', '已分拨', 'Dispatched', false, '办理中'),
  S('in_progress', '办理中', 'In progress', false, '办理中'), S('suspended', '中止', 'Suspended', false, '办理中'),
  S('closed', '已办结', 'Closed', true, '已办结'), S('declined', '不予受理', 'Declined', true, '不予受理'),
  S('transferred_out', '已转出', 'Transferred out', true, '已转办'),
]
function tracked(kind, extra = [], clocks = []) {
  const p = (a) => `case:${kind}:${a}`
  return {
    initial: 'received',
    states: trackedStates,
    transitions: [
      T('received', 'dispatch', 'dispatched', '分拨', p('dispatch')),
      T('dispatched', 'start', 'in_progress', '受理（立案）办理', p('handle')),
      T('in_progress', 'suspend', 'suspended', '中止', p('handle'), true),
      T('suspended', 'resume', 'in_progress', '恢复办理', p('handle')),
      T('in_progress', 'close', 'closed', '办结', p('close'), true),
      T('received', 'decline', 'declined', '不予受理', p('decline'), true),
      T('dispatched', 'decline', 'declined', '不予受理', p('decline'), true),
      ...['received', 'dispatched', 'in_progress', 'suspended'].map((f) => T(f, 'transfer_out', 'transferred_out', '转出', p('transfer'), true)),
      ...extra,
    ],
    clocks,
  }
}

export const PROCEDURES = {
  complaint: {
    initial: 'received',
    states: [
      S('received', '已接收', 'Received', false, '已接收'), S('accepted', '已受理', 'Accepted', false, '已受理'),
      S('declined', '不予受理', 'Declined', true, '不予受理'), S('mediating', '调解中', 'Mediating', false, '办理中'),
      S('testing', '检定检验检测鉴定中（调解计时中止）', 'Testing (mediation clock suspended)', false, '办理中'),
      S('recusal_pending', '回避申请待决（调解中止）', 'Recusal pending (mediation suspended)', false, '办理中'),
      S('agreed', '调解成功', 'Agreement reached', true, '已办结'),
      S('terminated', '调解终止（待告知）', 'Mediation terminated (parties to be told)', false, '办理中'),
      S('closed', '已办结', 'Closed', true, '已办结'), S('transferred', '转举报核查', 'Transferred to report verification', true, '已转办'),
    ],
    transitions: [
      T('received', 'accept', 'accepted', '受理', 'case:complaint:accept'),
      T('received', 'decline', 'declined', '不予受理', 'case:complaint:decline', true),
      T('accepted', 'start_mediation', 'mediating', '组织调解（双方同意）', 'case:complaint:mediate'),
      T('mediating', 'suspend_for_testing', 'testing', '委托检定检验检测鉴定', 'case:complaint:mediate', true),
      T('testing', 'resume_mediation', 'mediating', '恢复调解', 'case:complaint:mediate'),
      T('mediating', 'apply_recusal', 'recusal_pending', '当事人申请回避', 'case:complaint:mediate', true),
      T('recusal_pending', 'decide_recusal', 'mediating', '作出是否回避的决定', 'case:complaint:recusal', true),
      T('mediating', 'reach_agreement', 'agreed', '达成调解协议（制作调解书）', 'case:complaint:mediate'),
      ...['accepted', 'mediating', 'testing', 'recusal_pending'].map((f) => T(f, 'terminate', 'terminated', '终止调解', 'case:complaint:terminate', true)),
      T('terminated', 'notify_termination', 'closed', '告知双方终止调解', 'case:complaint:notify'),
      T('mediating', 'transfer_to_report', 'transferred', '发现违法线索，转举报核查', 'case:complaint:transfer', true),
    ],
    clocks: [
      { key: 'acceptance', name: '受理期限', unit: 'workdays', count: 7, citation: `${BANFA} Art.14`, starts: ['@received'], meets: ['accept', 'decline'] },
      {
        key: 'mediation', name: '调解期限', unit: 'workdays', count: 45, citation: `${BANFA} Art.21(5); Art.20 para3; Art.19 para2`,
        starts: ['accept'], meets: ['reach_agreement', 'terminate', 'transfer_to_report'], suspends: ['suspend_for_testing', 'apply_recusal'], resumes: ['resume_mediation', 'decide_recusal'],
      },
      { key: 'termination_notice', name: '终止调解告知期限', unit: 'workdays', count: 7, citation: `${BANFA} Art.21 para2`, starts: ['terminate'], meets: ['notify_termination'] },
    ],
  },
  report: {
    initial: 'received',
    states: [
      S('received', '已接收', 'Received', false, '已接收'), S('verifying', '核查中', 'Verifying', false, '办理中'),
      S('identification', '检测鉴定或权利人辨认中（核查计时中止）', 'Testing or identification (clock suspended)', false, '办理中'),
      S('filed', '已立案', 'Filed', false, '办理中'), S('not_filed', '不予立案', 'Not filed', false, '办理中'),
      S('reporter_notified', '已告知举报人', 'Reporter notified', false, '已办结'), S('closed', '已办结', 'Closed', true, '已办结'),
      S('no_jurisdiction', '不属本机关处理', 'Not competent', true, '已办结'),
    ],
    transitions: [
      T('received', 'verify', 'verifying', '开始核查', 'case:report:verify'),
      T('received', 'return_no_jurisdiction', 'no_jurisdiction', '告知向有处理权限的部门举报', 'case:report:return', true),
      T('verifying', 'return_no_jurisdiction', 'no_jurisdiction', '告知向有处理权限的部门举报', 'case:report:return', true),
      T('verifying', 'suspend_for_identification', 'identification', '检测检验鉴定或权利人辨认', 'case:report:verify', true),
      T('identification', 'resume_verification', 'verifying', '恢复核查', 'case:report:verify'),
      T('verifying', 'extend_verification', 'verifying', '延长核查期限（经负责人批准）', 'case:report:extend', true),
      T('verifying', 'file', 'filed', '立案', 'case:report:file'),
      T('verifying', 'not_file', 'not_filed', '不予立案', 'case:report:file', true),
      T('filed', 'notify_reporter', 'reporter_notified', '告知实名举报人是否立案', 'case:report:notify', false, 'real'),
      T('not_filed', 'notify_reporter', 'reporter_notified', '告知实名举报人是否立案', 'case:report:notify', false, 'real'),
      T('filed', 'close', 'closed', '办结（匿名举报，无需告知）', 'case:report:close', false, 'anon'),
      T('not_filed', 'close', 'closed', '办结（匿名举报，无需告知）', 'case:report:close', false, 'anon'),
      T('reporter_notified', 'close', 'closed', '办结', 'case:report:close'),
    ],
    clocks: [
      {
        key: 'verification', name: '核查期限', unit: 'workdays', count: 15, citation: `${PENALTY} Art.18（经 ${BANFA} Art.31 para1 适用；调解中发现的线索见同办法 Art.23）`,
        starts: ['@received'], meets: ['file', 'not_file', 'return_no_jurisdiction'], suspends: ['suspend_for_identification'], resumes: ['resume_verification'], extends: ['extend_verification'],
        ext: { unit: 'workdays', count: 15 }, basis: 'secondary', extCitation: `${PENALTY} Art.18`,
      },
      { key: 'reporter_notice', name: '实名举报告知期限', unit: 'workdays', count: 5, citation: `${BANFA} Art.31 para2`, starts: ['file', 'not_file'], meets: ['notify_reporter'], guard: 'real' },
    ],
  },
  assistance: {
    initial: 'intake',
    states: [
      S('intake', '已接收', 'Intake', false, '已接收'), S('assessment', '评估中', 'Assessment', false, '办理中'),
      S('guidance', '指导中', 'Guidance', false, '办理中'), S('referred', '已转介', 'Referred', false, '已转介'),
      S('closed', '已办结', 'Closed', true, '已办结'), S('declined', '不予援助', 'Declined', true, '不予受理'),
    ],
    transitions: [
      T('intake', 'assess', 'assessment', '受理评估', 'case:assistance:assess'),
      T('intake', 'decline', 'declined', '不予援助', 'case:assistance:decline', true),
      T('assessment', 'decline', 'declined', '不予援助', 'case:assistance:decline', true),
      T('assessment', 'guide', 'guidance', '维权指导', 'case:assistance:guide'),
      T('assessment', 'guide_overseas', 'guidance', '海外维权指导', 'case:assistance:guide'),
      T('assessment', 'refer', 'referred', '转介（公安、法院、异地、专家）', 'case:assistance:refer', true),
      T('guidance', 'refer', 'referred', '转介（公安、法院、异地、专家）', 'case:assistance:refer', true),
      T('guidance', 'close', 'closed', '办结（记录服务内容）', 'case:assistance:close', true),
      T('referred', 'close', 'closed', '办结（记录服务内容）', 'case:assistance:close', true),
    ],
    clocks: [
      { key: 'assessment', name: '援助评估期限', unit: 'workdays', count: 5, citation: '本地维权援助服务标准（默认值，可配置；非法定期限）', basis: 'local_standard', starts: ['@received'], meets: ['guide', 'guide_overseas', 'refer', 'decline'] },
    ],
  },
  mediation: tracked('mediation'),
  adjudication: tracked(
    'adjudication',
    [
      T('received', 'extend_filing', 'received', '延长立案期限（经负责人批准）', 'case:adjudication:extend', true),
      T('dispatched', 'extend_filing', 'dispatched', '延长立案期限（经负责人批准）', 'case:adjudication:extend', true),
      T('in_progress', 'extend_conclusion', 'in_progress', '延长办案期限（经负责人批准）', 'case:adjudication:extend', true),
    ],
    [
      { key: 'filing', name: '立案期限', unit: 'workdays', count: 5, citation: `${ORDER81} Art.20`, starts: ['@received'], meets: ['start', 'decline', 'transfer_out'], extends: ['extend_filing'], ext: { unit: 'workdays', count: 5 } },
      { key: 'conclusion', name: '办案期限', unit: 'months', count: 3, citation: `${ORDER81} Art.37`, starts: ['start'], meets: ['close', 'transfer_out'], suspends: ['suspend'], resumes: ['resume'], extends: ['extend_conclusion'], ext: { unit: 'months', count: 1 } },
    ],
  ),
  ecommerce_notice: tracked('ecommerce_notice'),
  import_export: tracked('import_export'),
}

// Citations of a few steps (the server sends each step's provision with the action).
const CITES = {
  'complaint:accept': `${BANFA} Art.14`, 'complaint:decline': `${BANFA} Art.14; Art.15`, 'complaint:start_mediation': `${BANFA} Arts.16–18`,
  'complaint:terminate': `${BANFA} Art.21 para1`, 'complaint:notify_termination': `${BANFA} Art.21 para2`,
  'report:verify': `${PENALTY} Art.18`, 'report:file': `${PENALTY} Arts.18–19`, 'report:not_file': `${PENALTY} Arts.18, 20`,
  'report:notify_reporter': `${BANFA} Art.31 para2`, 'adjudication:start': `${ORDER81} Art.20`, 'adjudication:close': `${ORDER81} Art.30`,
}
for (const [kind, p] of Object.entries(PROCEDURES)) for (const t of p.transitions) t.cite = CITES[`${kind}:${t.event}`] ?? null

export const MATTER_TYPES = [
  ['complaint', '投诉', 'Complaint', 'primary', 'TS'], ['report', '举报', 'Report', 'danger', 'JB'],
  ['assistance', '维权援助', 'Rights-protection assistance', 'success', 'YZ'], ['mediation', '调解申请', 'Mediation request', 'warning', 'TJ'],
  ['adjudication', '专利侵权纠纷行政裁决请求', 'Patent-infringement administrative adjudication', '', 'CJ'],
  ['ecommerce_notice', '电商/直播侵权通知', 'E-commerce / live-streaming infringement notice', 'info', 'DS'],
  ['import_export', '进出口/口岸纠纷', 'Import / export (port) dispute', 'warning', 'JK'],
]
const RIGHT_KINDS = [
  ['patent', '专利', 'Patent', 'primary'], ['trademark', '商标', 'Trademark', 'success'], ['copyright', '著作权', 'Copyright', 'warning'],
  ['geographical_indication', '地理标志', 'Geographical indication', 'info'], ['trade_secret', '商业秘密', 'Trade secret', 'danger'], ['other', '其他', 'Other', ''],
]

/** The dictionaries the server ships for the case desk (matter_state: every procedure's states, first label wins). */
export function caseDictionaries() {
  const states = new Map()
  for (const p of Object.values(PROCEDURES)) for (const s of p.states) if (!states.has(s.key)) states.set(s.key, [s.key, s.zh, s.en, s.terminal ? 'info' : 'primary'])
  return [
    ['matter_type', '事项类型', MATTER_TYPES.map(([v, zh, en, tag]) => [v, zh, en, tag])],
    ['matter_track', '办理程序', [['simple', '简易', 'Simple', 'success'], ['ordinary', '普通', 'Ordinary', 'primary']]],
    ['matter_channel', '受理渠道', [
      ['portal', '网上', 'Online', 'primary'], ['phone', '电话', 'Phone', 'success'], ['walk_in', '来访', 'Walk-in', 'warning'],
      ['staff', '工作人员录入', 'Staff entry', 'info'], ['api', '接口', 'API', ''], ['import', '批量导入', 'Import', ''],
    ]],
    ['matter_state', '事项状态', [...states.values()]],
    ['right_kind', '权利类型', RIGHT_KINDS],
  ]
}

/** Permission catalogue entries of the case desk: [menu, zh, en, buttons[[key, zh, en]]]. */
export const CASE_PERMISSIONS = [
  ['case:matter:list', '事项管理', 'Matters', [
    ['case:matter:add', '登记事项', 'Register a matter'], ['case:matter:export', '导出事项', 'Export matters'], ['case:matter:import', '导入事项', 'Import matters'],
    ['case:matter:assign', '分拨/转办', 'Assign / transfer'], ['case:matter:group', '类案归并/批量处理', 'Group / bulk'], ['case:matter:note', '添加备注', 'Add notes'],
    ['case:reporter:view', '查看举报人身份', 'See reporter identity'], ['case:clock:suspend', '中止/恢复时限', 'Suspend / resume clocks'], ['case:clock:extend', '批准延长时限', 'Approve extensions'],
    ...[...new Set(Object.values(PROCEDURES).flatMap((p) => p.transitions.map((t) => t.perm)))].map((k) => [k, `办理：${k.split(':').slice(1).join(':')}`, `Act: ${k}`]),
  ]],
  ['case:task:list', '我的待办', 'My deadlines', []],
  ['case:overdue:list', '超期督办', 'Overdue board', []],
  ['case:dispatch:list', '分拨规则', 'Dispatch rules', [['case:dispatch:edit', '维护分拨规则', 'Edit dispatch rules']]],
  ['case:calendar:list', '工作日历', 'Working-day calendar', [['case:calendar:edit', '维护年度放假安排', 'Edit year tables']]],
]

// ---------------------------------------------------------------- validation (crates/domain/src/case/ids.rs)
const CITIZEN_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CREDIT_A = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const CREDIT_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
function idNumberError(raw, today) {
  const s = String(raw).trim().toUpperCase()
  if (!/^\d{17}[\dX]$/.test(s)) return '身份证号码应为 18 位（最后一位可为 X）'
  const y = +s.slice(6, 10), m = +s.slice(10, 12), d = +s.slice(12, 14)
  const dt = new Date(Date.UTC(y, m - 1, d))
  if (y < 1800 || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return `出生日期 ${s.slice(6, 14)} 不存在`
  if (`${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}` > today) return '出生日期晚于今天'
  let sum = 0
  for (let i = 0; i < 17; i++) sum += +s[i] * CITIZEN_W[i]
  const c = '10X98765432'[sum % 11]
  return c === s[17] ? null : `第 18 位校验码应为 ${c}，实为 ${s[17]}`
}
function creditCodeError(raw) {
  const s = String(raw).trim().toUpperCase()
  if (s.length !== 18) return '统一社会信用代码应为 18 位'
  for (let i = 0; i < 18; i++) {
    const ok = i >= 2 && i <= 7 ? /\d/.test(s[i]) : CREDIT_A.includes(s[i])
    if (!ok) return `第 ${i + 1} 位字符“${s[i]}”无效`
  }
  let sum = 0
  for (let i = 0; i < 17; i++) sum += CREDIT_A.indexOf(s[i]) * CREDIT_W[i]
  const c = CREDIT_A[(31 - (sum % 31)) % 31]
  if (c !== s[17]) return `第 18 位校验码应为 ${c}，实为 ${s[17]}`
  let o = 0
  const ow = [3, 7, 9, 10, 5, 8, 4, 2]
  for (let i = 0; i < 8; i++) o += parseInt(s[8 + i], 36) * ow[i]
  const oc = 11 - (o % 11)
  const oe = oc === 10 ? 'X' : oc === 11 ? '0' : String(oc)
  return oe === s[16] ? null : `组织机构代码校验码应为 ${oe}，实为 ${s[16]}`
}
function patentError(raw) {
  let s = String(raw).replace(/\s+/g, '').toUpperCase()
  if (s.startsWith('CN') || s.startsWith('ZL')) s = s.slice(2)
  s = s.replace('.', '')
  if (!/^(\d{12}|\d{8})[\dX]$/.test(s)) return '专利号应为 13 位（2003 年起）或 9 位，含校验位'
  const body = s.slice(0, -1)
  let sum = 0
  for (let i = 0; i < body.length; i++) sum += +body[i] * (2 + (i % 8))
  const c = sum % 11 === 10 ? 'X' : String(sum % 11)
  return c === s.at(-1) ? null : `校验位应为 ${c}，实为 ${s.at(-1)}`
}

// ---------------------------------------------------------------- the desk
export function createCaseDesk({ users, depts, can, scopeOf, fail, invalid, conflict, only, nextId, now }) {
  const cal = createCalendar()
  const matters = []
  const rules = [
    { id: 1, matter_type: 'complaint', right_kind: null, area_prefix: null, dept_id: 5, station_id: null, team: null, priority: 10 },
    { id: 2, matter_type: 'report', right_kind: null, area_prefix: null, dept_id: 4, station_id: null, team: null, priority: 10 },
    { id: 3, matter_type: null, right_kind: 'patent', area_prefix: null, dept_id: 2, station_id: null, team: '专利组', priority: 20 },
    { id: 4, matter_type: 'assistance', right_kind: null, area_prefix: 'A1', dept_id: 6, station_id: 1, team: null, priority: 30 },
  ]
  const seqs = new Map()
  const userName = (id) => users.find((u) => u.id === id)?.display_name ?? null
  const deptName = (id) => depts.find((d) => d.id === id)?.name ?? null

  // ---- clocks
  function addPeriod(unit, from, n) {
    if (unit === 'workdays') return cal.addWorkdays(from, n)
    if (unit === 'days') return cal.addCalendarDays(from, n)
    return cal.addMonths(from, n)
  }
  const RULE_WORDS = { workdays: '个工作日', days: '日', months: '个月' }
  /** As the server: a clock whose due date needs a year the calendar lacks waits (`awaiting_calendar`). */
  function startClock(rule, on) {
    const c = { key: rule.key, name: rule.name, citation: rule.citation, rule: `${rule.count} ${RULE_WORDS[rule.unit]}`, unit: rule.unit, count: rule.count, ext: rule.ext ?? null, state: 'running', extended: false, started_on: on, due_on: null, late: false, remaining: null, awaiting_year: null, met_on: null }
    try {
      c.due_on = addPeriod(rule.unit, on, rule.count)
    } catch (e) {
      if (!(e instanceof CalendarError)) throw e
      c.state = 'awaiting_calendar'
      c.awaiting_year = e.year
    }
    return c
  }
  /** After a calendar year was added: clocks that waited get their due date. */
  function recompute() {
    for (const m of matters) {
      for (const c of m.clocks) {
        if (c.state !== 'awaiting_calendar' && !(c.state === 'met' && c.awaiting_year)) continue
        try {
          c.due_on = addPeriod(c.unit, c.started_on, c.count)
          if (c.state === 'met') c.late = c.met_on > c.due_on
          else c.state = 'running'
          c.awaiting_year = null
        } catch (e) {
          if (!(e instanceof CalendarError)) throw e
        }
      }
    }
  }
  function tick(m, today) {
    for (const c of m.clocks) if (c.state === 'running' && c.due_on && c.due_on < today) c.state = 'missed'
  }
  function clockOp(c, op, on) {
    if (op === 'meet') {
      c.late = c.state === 'missed' || (!!c.due_on && on > c.due_on)
      if (c.state === 'awaiting_calendar') c.met_on = on
      c.state = 'met'
    } else if (op === 'suspend') {
      if (c.state === 'awaiting_calendar') throw new Error(`“${c.name}”的截止日期尚待工作日历计算，不能中止`)
      if (c.state !== 'running' && c.state !== 'missed') throw new Error(`“${c.name}”未在计时，不能中止`)
      c.remaining = c.unit === 'workdays' ? Math.max(0, cal.remaining(on, c.due_on)) : Math.max(0, Math.round((Date.parse(c.due_on) - Date.parse(on)) / 86400000))
      c.state = 'suspended'
    } else if (op === 'resume') {
      if (c.state !== 'suspended') throw new Error(`“${c.name}”未中止，不能恢复`)
      c.due_on = c.remaining > 0 ? (c.unit === 'workdays' ? cal.addWorkdays(on, c.remaining) : cal.addCalendarDays(on, c.remaining)) : on
      c.state = 'running'
      c.remaining = null
    } else if (op === 'extend') {
      if (!c.ext) throw new Error(`“${c.name}”没有可延长的规定`)
      if (c.extended) throw new Error(`“${c.name}”已延长过一次`)
      if (c.state === 'met') throw new Error(`“${c.name}”已完成，不能延长`)
      if (!c.due_on) throw new Error(`“${c.name}”的截止日期尚待工作日历计算`)
      c.due_on = addPeriod(c.ext.unit, c.due_on, c.ext.count)
      c.extended = true
      if (c.state === 'missed') c.state = 'running'
    }
  }
  const guardOk = (m, g) => !g || (g === 'real' ? m.real_name : !m.real_name)

  // ---- per-track clock overrides (繁简分流 changes clocks): only configurable rules (basis other than statute)
  let overrides = {}
  // 繁简分流规则 (zhibao_domain::case::triage::default_rules); the mock stores the table but does not triage with it.
  let triageRules = [
    { name: '行政裁决请求按普通程序办理', when: [{ type_in: ['adjudication'] }], track: 'ordinary' },
    { name: '涉外（含港澳台）', when: ['foreign_party'], track: 'ordinary' },
    { name: '跨区域', when: ['cross_region'], track: 'ordinary' },
    { name: '涉案金额50万元以上', when: [{ amount_at_least: 50000000 }], track: 'ordinary' },
    { name: '涉及3项以上权利', when: [{ rights_at_least: 3 }], track: 'ordinary' },
    { name: '被投诉人3个以上', when: [{ respondents_at_least: 3 }], track: 'ordinary' },
  ]
  const UNITS = ['workdays', 'days', 'months']
  const BASES = ['statute', 'secondary', 'unverified', 'local_standard']
  /** The rule in force for a matter: its track's override of a configurable rule, else the default. */
  function ruleFor(m, r) {
    if ((r.basis ?? 'statute') === 'statute') return r
    const o = (overrides[m.track] ?? []).find((x) => x.key === r.key)
    if (!o) return r
    return { ...r, name: o.name_zh, unit: o.unit, count: o.count, citation: o.citation, ext: o.extension ? { unit: o.extension.unit, count: o.extension.count } : null }
  }

  // ---- applying an event (all or nothing: work on copies)
  function apply(m, event, on, { reason, note, public_note, actor }) {
    const p = PROCEDURES[m.matter_type]
    const t = p.transitions.find((x) => x.from === m.state && x.event === event && guardOk(m, x.guard))
    if (!t) {
      const allowed = [...new Set(p.transitions.filter((x) => x.from === m.state && guardOk(m, x.guard)).map((x) => x.event))]
      const err = new Error(`当前状态“${stateOf(m).zh}”不允许该操作`)
      err.allowed = allowed
      throw err
    }
    if (t.reason && !String(reason ?? '').trim()) invalid({ reason: `“${t.name}”须填写理由` })
    const clocks = m.clocks.map((c) => ({ ...c }))
    const byKey = (k) => clocks.filter((c) => c.key === k).at(-1)
    try {
      for (const r of p.clocks) {
        if (!guardOk(m, r.guard)) continue
        const c = byKey(r.key)
        if (c && c.state !== 'met') {
          if (r.meets?.includes(event)) clockOp(c, 'meet', on)
          else if (r.suspends?.includes(event)) clockOp(c, 'suspend', on)
          else if (r.resumes?.includes(event)) clockOp(c, 'resume', on)
          else if (r.extends?.includes(event)) clockOp(c, 'extend', on)
        }
        if (r.starts.includes(event)) clocks.push(startClock(ruleFor(m, r), on))
      }
    } catch (e) {
      if (e instanceof CalendarError) fail(422, 'VALIDATION', e.message, { calendar: e.message })
      throw e
    }
    const from = m.state
    const pubChanged = stateOf(m).pub !== p.states.find((s) => s.key === t.to).pub
    m.clocks = clocks
    m.state = t.to
    const to = stateOf(m)
    if (public_note) m.public_note = public_note
    if (to.terminal) {
      m.closed_at = now()
      m.outcome = [t.name, reason].filter(Boolean).join('：')
    }
    m.updated_at = now()
    pushEvent(m, {
      kind: 'transition', event, from_state: from, to_state: t.to, actor_name: actor, note: [reason, note].filter(Boolean).join('；') || null,
      public: pubChanged || !!public_note, public_label: pubChanged ? to.pub : '办理说明', public_note: public_note || null,
    })
  }
  const stateOf = (m) => PROCEDURES[m.matter_type].states.find((s) => s.key === m.state)
  function pushEvent(m, e, createdAt = now()) {
    m.events.push({ id: nextId(), kind: e.kind, event: e.event ?? null, from_state: e.from_state ?? null, to_state: e.to_state ?? null, actor_name: e.actor_name ?? null, note: e.note ?? null, public: !!e.public, public_label: e.public_label ?? null, public_note: e.public_note ?? null, created_at: createdAt })
  }

  // ---- intake
  const TYPE_CODES = Object.fromEntries(MATTER_TYPES.map((t) => [t[0], t[4]]))
  function receiptNo(type, year) {
    const prefix = `BH-${TYPE_CODES[type]}-${year}`
    const n = (seqs.get(prefix) ?? 0) + 1
    seqs.set(prefix, n)
    return `${prefix}-${String(n).padStart(6, '0')}`
  }
  const QC = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
  const queryCode = () => [...crypto.randomBytes(8)].map((b) => QC[b % 31]).join('')
  const PARTY_FIELDS = ['kind', 'name', 'id_number', 'credit_code', 'phone', 'address', 'area_code']
  const INTAKE_FIELDS = ['matter_type', 'title', 'description', 'applicant', 'respondents', 'rights', 'urls', 'amount_yuan', 'real_name', 'foreign_party', 'cross_region', 'area_code', 'channel', 'received_on', 'captcha']

  function validateIntake(b, staff) {
    only(b, INTAKE_FIELDS)
    const f = {}
    const today = todayShanghai()
    const blank = (v) => v === undefined || v === null || String(v).trim() === ''
    if (!PROCEDURES[b.matter_type]) f.matter_type = '请选择事项类型'
    if (blank(b.title)) f.title = '标题不能为空'
    else if (String(b.title).trim().length > 100) f.title = '标题不能超过 100 个字'
    if (blank(b.description)) f.description = '事实与请求不能为空'
    const anonymous = b.matter_type === 'report' && b.real_name === false
    const party = (p, path, requireName) => {
      if (!p || typeof p !== 'object' || Array.isArray(p)) { f[path] = '当事人信息缺失'; return }
      const unknown = Object.keys(p).filter((k) => !PARTY_FIELDS.includes(k))
      if (unknown.length) f[`${path}.${unknown[0]}`] = '未知字段'
      if (p.kind !== 'person' && p.kind !== 'organisation') f[`${path}.kind`] = '请选择自然人或组织'
      if (requireName && blank(p.name)) f[`${path}.name`] = p.kind === 'organisation' ? '名称不能为空' : '姓名不能为空'
      if (!blank(p.id_number)) {
        if (p.kind !== 'person') f[`${path}.id_number`] = '组织不填写身份证号码'
        else { const e = idNumberError(p.id_number, today); if (e) f[`${path}.id_number`] = e }
      }
      if (!blank(p.credit_code)) {
        if (p.kind !== 'organisation') f[`${path}.credit_code`] = '自然人不填写统一社会信用代码'
        else { const e = creditCodeError(p.credit_code); if (e) f[`${path}.credit_code`] = e }
      }
    }
    party(b.applicant, 'applicant', true)
    if (b.matter_type === 'complaint' && b.applicant && !anonymous) {
      if (blank(b.applicant.phone)) f['applicant.phone'] = '投诉应当提供投诉人电话号码（第九条）'
      if (blank(b.applicant.address)) f['applicant.address'] = '投诉应当提供投诉人通讯地址（第九条）'
    }
    if (!Array.isArray(b.respondents)) f.respondents = '被申请人格式错误'
    else {
      if (b.respondents.length === 0 && b.matter_type !== 'assistance') f.respondents = '至少填写一个被投诉（举报、申请）人'
      b.respondents.forEach((r, i) => party(r, `respondents[${i}]`, true))
    }
    if (!Array.isArray(b.rights)) f.rights = '权利格式错误'
    else b.rights.forEach((r, i) => {
      if (!RIGHT_KINDS.some(([k]) => k === r?.kind)) f[`rights[${i}].kind`] = '请选择权利类型'
      if (r?.kind === 'patent' && !blank(r.number)) { const e = patentError(r.number); if (e) f[`rights[${i}].number`] = e }
      if (!blank(r?.title) && String(r.title).length > 200) f[`rights[${i}].title`] = '名称不能超过 200 个字'
    })
    if (!Array.isArray(b.urls)) f.urls = '网址格式错误'
    else b.urls.forEach((u, i) => {
      try {
        const url = new URL(String(u))
        if (!/^https?:$/.test(url.protocol)) throw new Error()
      } catch {
        f[`urls[${i}]`] = '网址应以 http:// 或 https:// 开头'
      }
    })
    if (b.amount_yuan !== undefined && b.amount_yuan !== null && !(typeof b.amount_yuan === 'number' && b.amount_yuan >= 0 && Number.isFinite(b.amount_yuan))) f.amount_yuan = '金额应为非负数'
    if (staff) {
      if (!['phone', 'walk_in', 'staff'].includes(b.channel)) f.channel = '请选择受理渠道（电话、来访、工作人员录入）'
      if (b.received_on !== undefined && (!isDate(b.received_on) || b.received_on > today)) f.received_on = '收到日期不能晚于今天'
    } else {
      if (b.channel !== undefined) f.channel = '网上提交不能指定受理渠道'
      if (b.received_on !== undefined) f.received_on = '公众登记不能指定收到日期'
    }
    if (Object.keys(f).length) invalid(f)
  }

  function dispatch(b) {
    const kinds = (b.rights ?? []).map((r) => r.kind)
    const match = rules
      .filter((r) => (!r.matter_type || r.matter_type === b.matter_type) && (!r.right_kind || kinds.includes(r.right_kind)) && (!r.area_prefix || String(b.area_code ?? '').startsWith(r.area_prefix)))
      .sort((a, c) => c.priority - a.priority || a.id - c.id)[0]
    return match?.dept_id ?? 2
  }

  function create(b, { channel, actor, officerId = null, receivedOn = todayShanghai(), createdAt = now() }) {
    const rolesOf = { complaint: 'complainant', report: 'reporter' }
    const m = {
      id: nextId(), receipt_no: receiptNo(b.matter_type, Number(receivedOn.slice(0, 4))), query_code: queryCode(), matter_type: b.matter_type,
      state: PROCEDURES[b.matter_type].initial, track: (b.amount_yuan ?? 0) >= 50000 || b.cross_region || b.foreign_party ? 'ordinary' : 'simple',
      channel, title: String(b.title).trim(), description: String(b.description).trim(),
      amount_cents: typeof b.amount_yuan === 'number' ? Math.round(b.amount_yuan * 100) : null,
      area_code: b.area_code ?? b.respondents?.[0]?.area_code ?? null, cell_code: null, dept_id: dispatch(b), officer_id: officerId, group_id: null,
      cross_region: !!b.cross_region, foreign_party: !!b.foreign_party, real_name: b.matter_type === 'report' ? b.real_name !== false : true,
      public_note: null, outcome: null, received_on: receivedOn, created_at: createdAt, updated_at: createdAt, closed_at: null,
      parties: [
        { role: rolesOf[b.matter_type] ?? 'applicant', ...cleanParty(b.applicant) },
        ...(b.respondents ?? []).map((r) => ({ role: 'respondent', ...cleanParty(r) })),
      ],
      rights: (b.rights ?? []).map((r) => ({ kind: r.kind, number: r.number ? String(r.number).trim() : null, title: r.title ? String(r.title).trim() : null })),
      urls: (b.urls ?? []).map(String), events: [], clocks: [],
    }
    try {
      for (const r of PROCEDURES[m.matter_type].clocks) if (r.starts.includes('@received') && guardOk(m, r.guard)) m.clocks.push(startClock(ruleFor(m, r), receivedOn))
    } catch (e) {
      if (e instanceof CalendarError) fail(422, 'VALIDATION', e.message, { calendar: e.message })
      throw e
    }
    const CHANNELS = { portal: '网上', phone: '电话', walk_in: '来访', staff: '工作人员录入', api: '接口', import: '批量导入' }
    pushEvent(m, { kind: 'intake', to_state: m.state, actor_name: actor, note: `受理渠道：${CHANNELS[channel] ?? channel}`, public: true, public_label: '已接收' }, createdAt)
    pushEvent(m, { kind: 'assign', actor_name: '系统', note: `按分拨规则分拨至${deptName(m.dept_id)}`, public: false }, createdAt)
    matters.push(m)
    return m
  }
  function cleanParty(p) {
    const o = { kind: p?.kind ?? 'person', name: String(p?.name ?? '').trim() }
    for (const k of ['id_number', 'credit_code', 'phone', 'address', 'area_code']) {
      const v = p?.[k] === undefined || p[k] === null ? '' : String(p[k]).trim()
      if (v) o[k] = k === 'id_number' || k === 'credit_code' ? v.toUpperCase() : v
    }
    return o
  }

  // ---- views
  function nextDue(m) {
    const open = m.clocks.filter((c) => (c.state === 'running' || c.state === 'missed') && c.due_on)
    return open.length ? open.map((c) => c.due_on).sort()[0] : null
  }
  function summary(m) {
    tick(m, todayShanghai())
    return {
      id: m.id, receipt_no: m.receipt_no, matter_type: m.matter_type, state: m.state, state_label: stateOf(m).zh, track: m.track, channel: m.channel,
      title: m.title, dept_id: m.dept_id, dept_name: deptName(m.dept_id), officer_id: m.officer_id, officer_name: userName(m.officer_id), group_id: m.group_id,
      received_on: m.received_on, created_at: m.created_at, updated_at: m.updated_at, closed_at: m.closed_at, next_due_on: nextDue(m),
      overdue: m.clocks.some((c) => c.state === 'missed'),
    }
  }
  function clockView(c, today) {
    let remaining = null
    try {
      if (c.state === 'suspended') remaining = c.remaining
      else if (c.state !== 'met' && c.due_on) remaining = cal.remaining(today, c.due_on)
    } catch {
      remaining = null
    }
    return { key: c.key, name: c.name, citation: c.citation, rule: c.rule, state: c.state, extended: c.extended, started_on: c.started_on, due_on: c.due_on, remaining_workdays: remaining, late: c.late, awaiting_year: c.awaiting_year, met_on: c.met_on }
  }
  function detail(m, me) {
    const today = todayShanghai()
    const p = PROCEDURES[m.matter_type]
    const actions = []
    for (const t of p.transitions) {
      if (t.from !== m.state || !guardOk(m, t.guard) || !can(me, t.perm) || actions.some((a) => a.event === t.event)) continue
      actions.push({ event: t.event, name: t.name, requires_reason: t.reason, citation: t.cite ?? null })
    }
    const seeReporter = can(me, 'case:reporter:view')
    return {
      ...summary(m), description: m.description, amount_cents: m.amount_cents, area_code: m.area_code, cell_code: m.cell_code, cross_region: m.cross_region,
      foreign_party: m.foreign_party, real_name: m.real_name, public_note: m.public_note, outcome: m.outcome,
      parties: m.parties.map((x) => (x.role === 'reporter' && !seeReporter ? { role: 'reporter', name: '（保密）', redacted: true } : { ...x, redacted: false })),
      rights: m.rights, urls: m.urls,
      events: m.events.map(({ public_label, public_note, ...e }) => e),
      clocks: m.clocks.map((c) => clockView(c, today)),
      actions, similar: similar(m),
    }
  }
  function similar(m) {
    const names = new Set(m.parties.filter((x) => x.role === 'respondent').map((x) => x.name))
    const numbers = new Set(m.rights.map((r) => r.number).filter(Boolean))
    const hosts = new Set(m.urls.map((u) => { try { return new URL(u).host } catch { return null } }).filter(Boolean))
    const out = []
    for (const o of matters) {
      if (o.id === m.id) continue
      const reasons = []
      let score = 0
      if (o.parties.some((x) => x.role === 'respondent' && names.has(x.name))) { reasons.push('被投诉（举报）人相同'); score += 0.5 }
      if (o.rights.some((r) => r.number && numbers.has(r.number))) { reasons.push('涉及同一权利'); score += 0.35 }
      if (o.urls.some((u) => { try { return hosts.has(new URL(u).host) } catch { return false } })) { reasons.push('侵权网址同一域名'); score += 0.15 }
      if (o.group_id && o.group_id === m.group_id) { reasons.push('已归入同一类案组'); score += 0.1 }
      if (reasons.length) out.push({ id: o.id, receipt_no: o.receipt_no, title: o.title, score: Math.min(1, +score.toFixed(2)), reasons })
    }
    return out.sort((a, b) => b.score - a.score).slice(0, 10)
  }
  function publicStatus(m) {
    tick(m, todayShanghai())
    const s = stateOf(m)
    return {
      receipt_no: m.receipt_no, matter_type: m.matter_type, state_label: s.pub, received_on: m.received_on, closed: !!m.closed_at,
      outcome: m.closed_at && m.matter_type !== 'report' ? m.outcome : null, public_note: m.public_note,
      events: m.events.filter((e) => e.public).map((e) => ({ at: e.created_at, label: e.public_label ?? '办理说明', ...(e.public_note || (e.kind === 'note' && e.note) ? { note: e.public_note ?? e.note } : {}) })),
    }
  }
  function visible(me, m) {
    const s = scopeOf(me)
    return s.all || (!s.selfOnly && s.ids.has(m.dept_id)) || m.officer_id === me.id
  }
  function deadlines(list, states, me) {
    const today = todayShanghai()
    const out = []
    for (const m of list) {
      tick(m, today)
      for (const c of m.clocks) {
        if (!states.includes(c.state)) continue
        let rem = null
        try { rem = c.due_on ? cal.remaining(today, c.due_on) : null } catch { rem = null }
        out.push({ matter_id: m.id, receipt_no: m.receipt_no, title: m.title, clock_key: c.key, clock_name: c.name, due_on: c.due_on, remaining_workdays: rem, officer_name: userName(m.officer_id), dept_name: deptName(m.dept_id) })
      }
    }
    void me
    return out.sort((a, b) => (a.due_on < b.due_on ? -1 : a.due_on > b.due_on ? 1 : 0))
  }

  // ---- seed: matters received on past working days, walked through their procedures
  function seed() {
    const today = todayShanghai()
    // The n-th working day before today (approximately: walks back over the calendar).
    const back = (n) => {
      let d = today
      for (let left = n; left > 0; ) {
        d = addDays(d, -1)
        try { if (cal.isWorkday(d)) left-- } catch { left-- }
      }
      return d
    }
    const org = (name, credit_code, address, area_code) => ({ kind: 'organisation', name, ...(credit_code ? { credit_code } : {}), ...(address ? { address } : {}), ...(area_code ? { area_code } : {}) })
    const person = (name, phone, address) => ({ kind: 'person', name, phone, address })
    const items = [
      // [type, wdAgo, title, applicant, respondents, rights, urls, amount, officer, steps [[event, wdAgo, reason]], extra]
      ['complaint', 2, '某电商店铺销售假冒“海河”注册商标商品', person('张明', '13802200001', '天津市滨海新区新港街道某路 1 号'), [org('天津某某贸易有限公司', '911201161234567885', '天津市滨海新区杭州道街道')], [{ kind: 'trademark', number: '12345678', title: '海河' }], ['https://shop.example.com/item/1001'], 3200, 3, []],
      ['complaint', 12, '展会现场展示产品涉嫌侵犯实用新型专利', org('天津滨海智能装备有限公司', '91350100M000100Y43', '天津经济技术开发区第三大街'), [org('某某机械（天津）有限公司')], [{ kind: 'patent', number: 'CN200310102344.5', title: '一种自动送料装置' }], [], 180000, 3, []],
      ['complaint', 20, '网店盗用产品图片和说明书', person('李华', '13902200002', '天津市滨海新区大沽街道'), [org('某网店经营者')], [{ kind: 'copyright', number: '', title: '产品说明书及配图' }], ['https://mall.example.net/p/778899'], 5000, 1, [['accept', 14]]],
      ['complaint', 30, '商品包装近似知名商标', person('王芳', '13602200003', '天津市滨海新区新城镇'), [org('天津某某贸易有限公司', '911201161234567885')], [{ kind: 'trademark', number: '87654321', title: '渤海湾' }], ['https://shop.example.com/item/2002'], 800, 1, [['accept', 26], ['start_mediation', 24]]],
      ['complaint', 60, '直播间销售仿冒品牌服装', person('赵强', '13502200004', '天津市滨海新区中塘镇'), [org('某直播带货工作室')], [{ kind: 'trademark', number: '33445566', title: '津门' }], ['https://live.example.org/room/5566'], 12600, 3, [['accept', 55], ['start_mediation', 50], ['reach_agreement', 30]]],
      ['report', 3, '举报某工厂生产假冒专利产品', person('匿名群众', '', ''), [org('滨海某制造厂')], [{ kind: 'patent', number: '', title: '' }], [], null, 3, [], { real_name: false }],
      ['report', 14, '举报批发市场销售侵犯注册商标专用权商品', person('陈实', '13702200005', '天津市滨海新区新北街道'), [org('某批发市场商户')], [{ kind: 'trademark', number: '12345678', title: '海河' }], [], null, 3, [['verify', 13]], { real_name: true }],
      ['report', 25, '举报电商平台店铺售卖盗版软件', person('周敏', '13302200006', '天津市滨海新区'), [org('某软件销售网店')], [{ kind: 'copyright', number: '', title: '某财务软件 V3.0' }], ['https://soft.example.com/s/42'], null, 1, [['verify', 24]], { real_name: true }],
      ['assistance', 1, '企业海外参展遭遇专利侵权指控，申请维权指导', org('天津港保税区某科技有限公司', '911201161234567885'), [], [{ kind: 'patent', number: '', title: '无线充电模组' }], [], null, 1, []],
      ['assistance', 9, '小微企业商标被抢注，申请维权援助', person('吴刚', '13102200007', '中新天津生态城'), [], [{ kind: 'trademark', number: '', title: '生态城小厨' }], [], null, 3, [['assess', 8]]],
      ['mediation', 4, '专利许可费纠纷调解申请', org('天津某新材料有限公司'), [org('某某化工有限公司')], [{ kind: 'patent', number: '', title: '一种涂层材料' }], [], 300000, 3, [['dispatch', 3]]],
      ['adjudication', 6, '请求处理发明专利侵权纠纷', org('天津滨海智能装备有限公司', '91350100M000100Y43'), [org('某某机械（天津）有限公司')], [{ kind: 'patent', number: 'CN200310102344.5', title: '一种自动送料装置' }], [], 500000, 1, []],
      ['ecommerce_notice', 2, '电商平台侵权链接通知', org('天津某品牌管理有限公司'), [org('某电商平台店铺')], [{ kind: 'trademark', number: '33445566', title: '津门' }], ['https://mall.example.net/p/1', 'https://mall.example.net/p/2'], null, null, []],
      ['import_export', 8, '出口货物涉嫌侵犯商标权被海关扣留', org('天津某国际贸易有限公司'), [org('某外国公司')], [{ kind: 'trademark', number: '', title: 'BOHAI' }], [], 90000, 3, [['dispatch', 7], ['start', 6]], { foreign_party: true }],
      ['complaint', 5, '网店销售仿冒“津门”商标箱包（临近受理期限）', person('刘洋', '13102200009', '天津市滨海新区杭州道街道'), [org('某箱包网店')], [{ kind: 'trademark', number: '33445566', title: '津门' }], ['https://shop.example.com/item/3003'], 1500, 3, []],
      ['complaint', 40, '仿冒包装装潢纠纷（已不予受理）', person('孙丽', '13202200008', '天津市滨海新区'), [org('某超市')], [{ kind: 'other', number: '', title: '包装装潢' }], [], 200, 3, [['decline', 36, '不属于知识产权纠纷']]],
    ]
    for (const [type, ago, title, applicant, respondents, rights, urls, amount, officer, steps, extra] of items) {
      const received = back(ago)
      const body = { matter_type: type, title, description: `${title}。请求依法处理。（演示数据）`, applicant, respondents, rights: rights.map((r) => ({ kind: r.kind, ...(r.number ? { number: r.number } : {}), ...(r.title ? { title: r.title } : {}) })), urls, ...(amount ? { amount_yuan: amount } : {}), ...(extra ?? {}) }
      const m = create(body, { channel: ago % 3 === 0 ? 'phone' : 'portal', actor: '公众', officerId: officer, receivedOn: received, createdAt: at(received) })
      if (officer) pushEvent(m, { kind: 'assign', actor_name: '王建国', note: `指定承办人：${userName(officer)}`, public: false }, at(received, 30))
      for (const [event, wd, reason] of steps) {
        const on = back(wd)
        try {
          apply(m, event, on, { reason: reason ?? (event === 'decline' ? '不予受理' : undefined), actor: userName(officer) ?? '王建国' })
        } catch {
          // As on the server: a step whose clock runs past the calendar's years is refused; the matter stays.
          break
        }
        const e = m.events.at(-1)
        e.created_at = at(on, 60)
        m.updated_at = e.created_at
        if (m.closed_at) m.closed_at = e.created_at
      }
      tick(m, today)
    }
    // Two similar complaints form a group.
    const g = matters.filter((m) => m.parties.some((p) => p.name === '天津某某贸易有限公司'))
    for (const m of g) m.group_id = g[0].id
  }
  seed()

  // ---- my notifications (站内提醒): reminders and 督办, as the server's sweep (crates/server/src/casework/progress.rs)
  const REMINDER_WORKDAYS = 3
  const notifications = []
  function notify(items) {
    for (const n of items) {
      const dup = notifications.some((x) => x.user_id === n.user_id && x.kind === n.kind && x.matter_id === n.matter_id && x.clock_key === n.clock_key && x.due_on === n.due_on)
      if (!dup) notifications.push({ id: nextId(), ...n, created_at: now(), read_at: null })
    }
  }
  /** Overdue clocks go to the officer and the supervisors (case:clock:extend); clocks due within 3 working days to
   * the officer, or, unassigned, to those who assign the department's matters. Once per clock and due date. */
  function sweepNotifications(today = todayShanghai()) {
    const active = users.filter((u) => u.status === 'active')
    for (const m of matters) {
      if (m.closed_at) continue
      tick(m, today)
      for (const c of m.clocks) {
        if (!c.due_on) continue
        const base = { matter_id: m.id, receipt_no: m.receipt_no, clock_key: c.key, due_on: c.due_on, body: `${m.title}：应于 ${c.due_on} 前完成（${c.citation}）` }
        if (c.state === 'missed') {
          const to = new Set([...(m.officer_id ? [m.officer_id] : []), ...active.filter((u) => can(u, 'case:clock:extend') && visible(u, m)).map((u) => u.id)])
          notify([...to].map((user_id) => ({ ...base, user_id, kind: 'overdue', title: `督办：${m.receipt_no}「${c.name}」已超期` })))
        } else if (c.state === 'running') {
          let left
          try {
            left = cal.remaining(today, c.due_on)
          } catch {
            continue
          }
          if (left < 0 || left > REMINDER_WORKDAYS) continue
          const to = m.officer_id ? [m.officer_id] : active.filter((u) => can(u, 'case:matter:assign') && visible(u, m)).map((u) => u.id)
          notify(to.map((user_id) => ({ ...base, user_id, kind: 'reminder', title: `${m.receipt_no}「${c.name}」还剩 ${left} 个工作日` })))
        }
      }
    }
  }
  sweepNotifications()
  /** GET /api/v1/notifications, POST …/{id}/read, POST …/read-all. Returns `undefined` for other paths. */
  function handleNotifications(p, m, q, me) {
    if (p === '/api/v1/notifications' && m === 'GET') {
      sweepNotifications()
      const mine = notifications.filter((n) => n.user_id === me.id).sort((a, b) => b.id - a.id)
      const limit = Math.min(500, Math.max(1, parseInt(q.get('limit') ?? '50', 10) || 50))
      const items = (q.get('unread') === 'true' ? mine.filter((n) => !n.read_at) : mine).slice(0, limit).map(({ user_id, ...n }) => (void user_id, n))
      return { body: { items, unread: mine.filter((n) => !n.read_at).length } }
    }
    if (p === '/api/v1/notifications/read-all' && m === 'POST') {
      for (const n of notifications) if (n.user_id === me.id && !n.read_at) n.read_at = now()
      return { status: 204, body: null }
    }
    const mm = p.match(/^\/api\/v1\/notifications\/(\d+)\/read$/)
    if (mm && m === 'POST') {
      const n = notifications.find((x) => x.id === Number(mm[1]) && x.user_id === me.id)
      if (!n) fail(404, 'NOT_FOUND', '记录不存在')
      if (!n.read_at) n.read_at = now()
      return { status: 204, body: null }
    }
    return undefined
  }

  // ---- HTTP
  function find(me, id) {
    const m = matters.find((x) => x.id === Number(id))
    if (!m || !visible(me, m)) fail(404, 'NOT_FOUND', '记录不存在或无权访问')
    return m
  }
  function needPerm(me, perm) {
    if (!can(me, perm)) fail(403, 'FORBIDDEN', '没有权限')
  }
  function listFilter(me, q) {
    const s = (k) => q.get(k) || null
    const term = s('q')?.toLowerCase()
    const deptId = s('dept_id') ? Number(s('dept_id')) : null
    return matters.filter((m) => visible(me, m)).filter((m) =>
      (!term || m.receipt_no.toLowerCase().includes(term) || m.title.toLowerCase().includes(term)) &&
      (!s('matter_type') || m.matter_type === s('matter_type')) && (!s('state') || m.state === s('state')) && (!s('track') || m.track === s('track')) &&
      (!s('officer_id') || m.officer_id === Number(s('officer_id'))) &&
      (!deptId || m.dept_id === deptId || depts.find((d) => d.id === m.dept_id)?.ancestors.split(',').includes(String(deptId))) &&
      (!s('received_from') || m.received_on >= s('received_from')) && (!s('received_to') || m.received_on <= s('received_to')) &&
      (s('open_only') !== 'true' || !m.closed_at) && (!s('group_id') || m.group_id === Number(s('group_id'))) &&
      (s('mine') !== 'true' || m.officer_id === me.id))
  }
  const xlsx = (res, name) => {
    res.writeHead(200, { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Content-Disposition': `attachment; filename="${name}"` })
    res.end('mock xlsx')
    return undefined
  }

  /** Public endpoints (no session). Returns `undefined` when the path is not one of them. */
  async function handlePublic(req, p, m, q, json) {
    if (p === '/api/v1/public/matters' && m === 'POST') {
      const b = await json(req)
      if (!b || typeof b !== 'object' || Array.isArray(b)) fail(400, 'BAD_REQUEST', '请求体必须是 JSON 对象')
      validateIntake(b, false)
      const x = create(b, { channel: 'portal', actor: '公众' })
      return { status: 201, body: { receipt_no: x.receipt_no, query_code: x.query_code, matter_type: x.matter_type, received_on: x.received_on } }
    }
    if (p === '/api/v1/public/matters/lookup' && m === 'GET') {
      const r = (q.get('receipt_no') ?? '').trim().toUpperCase()
      const c = (q.get('query_code') ?? '').replace(/[\s-]/g, '').toUpperCase()
      const x = matters.find((y) => y.receipt_no === r)
      if (!x || !c || x.query_code !== c) fail(404, 'NOT_FOUND', '受理编号或查询码不正确')
      return { body: publicStatus(x) }
    }
    return undefined
  }

  /** Staff endpoints (a session). Returns `undefined` when the path is not one of them. */
  async function handleStaff(req, res, p, m, q, me, json, audit, paginate) {
    let mm
    // ---- calendar
    if (p === '/api/v1/calendar/years' && m === 'GET') {
      return { body: cal.tables().map((t) => ({ year: t.year, source: t.source, added: cal.isAdded(t.year), table: t })) }
    }
    if ((mm = p.match(/^\/api\/v1\/calendar\/years\/(\d{4})$/)) && m === 'PUT') {
      needPerm(me, 'case:calendar:edit')
      const b = await json(req)
      only(b, ['year', 'source', 'holidays', 'workdays'])
      if (b.year !== Number(mm[1])) invalid({ year: '与路径中的年份不一致' })
      const err = cal.validate(b)
      if (err) invalid({ table: err })
      cal.put(b)
      recompute()
      audit('工作日历', '维护年度', String(b.year))
      return { status: 204, body: null }
    }
    if (p === '/api/v1/calendar/due' && m === 'GET') {
      const from = q.get('from')
      if (!isDate(from)) invalid({ from: '起算日格式应为 YYYY-MM-DD' })
      const given = ['workdays', 'days', 'months'].filter((k) => q.get(k) !== null && q.get(k) !== '')
      if (given.length !== 1) invalid({ workdays: 'workdays、days、months 须且只能给出一个' })
      const n = Number(q.get(given[0]))
      if (!Number.isInteger(n) || n < 0) invalid({ [given[0]]: '应为非负整数' })
      try {
        const due = given[0] === 'workdays' ? cal.addWorkdays(from, n) : given[0] === 'days' ? cal.addCalendarDays(from, n) : cal.addMonths(from, n)
        return { body: { due, from_is_workday: cal.isWorkday(from) } }
      } catch (e) {
        if (e instanceof CalendarError) invalid({ calendar: e.message })
        throw e
      }
    }
    if (!p.startsWith('/api/v1/cases')) return undefined

    // ---- lists
    if (p === '/api/v1/cases' && m === 'GET') {
      needPerm(me, 'case:matter:list')
      const list = listFilter(me, q).map(summary)
      if (!q.get('sort')) list.sort((a, b) => (a.received_on < b.received_on ? 1 : a.received_on > b.received_on ? -1 : b.id - a.id))
      return { body: paginate(list, q, ['receipt_no', 'received_on', 'created_at', 'updated_at', 'state']) }
    }
    if (p === '/api/v1/cases' && m === 'POST') {
      needPerm(me, 'case:matter:add')
      const b = await json(req)
      if (!b || typeof b !== 'object' || Array.isArray(b)) fail(400, 'BAD_REQUEST', '请求体必须是 JSON 对象')
      validateIntake(b, true)
      const x = create(b, { channel: b.channel, actor: me.display_name, receivedOn: b.received_on ?? todayShanghai() })
      audit('办案台', '登记事项', x.receipt_no)
      return { status: 201, body: detail(x, me) }
    }
    if (p === '/api/v1/cases/my-deadlines' && m === 'GET') {
      needPerm(me, 'case:task:list')
      return { body: deadlines(matters.filter((x) => x.officer_id === me.id && !x.closed_at), ['running'], me) }
    }
    if (p === '/api/v1/cases/overdue' && m === 'GET') {
      needPerm(me, 'case:overdue:list')
      return { body: deadlines(matters.filter((x) => visible(me, x)), ['missed', 'running'], me).filter((d) => d.due_on && d.due_on < todayShanghai()) }
    }
    if (p === '/api/v1/cases/export' && m === 'GET') { needPerm(me, 'case:matter:export'); listFilter(me, q); return { raw: xlsx(res, 'cases.xlsx') } }
    if (p === '/api/v1/cases/template' && m === 'GET') { needPerm(me, 'case:matter:import'); return { raw: xlsx(res, 'case-template.xlsx') } }
    if (p === '/api/v1/cases/import' && m === 'POST') {
      needPerm(me, 'case:matter:import')
      for await (const _ of req) void _
      return { body: { inserted: 0, updated: 0, errors: [
        { row: 2, field: 'applicant.id_number', message: '第 18 位校验码应为 X，实为 1（模拟服务器不解析 XLSX，示例错误）' },
        { row: 4, field: 'respondents[0].name', message: '被投诉人名称不能为空' },
        { row: 7, field: 'rights[0].number', message: '专利号校验位应为 5，实为 6' },
      ] } }
    }
    if (p === '/api/v1/cases/bulk' && m === 'POST') {
      const b = await json(req)
      only(b, ['ids', 'action', 'dept_id', 'officer_id', 'reason'])
      if (!['assign', 'group', 'close'].includes(b.action)) invalid({ action: '操作应为 assign、group 或 close' })
      needPerm(me, b.action === 'assign' ? 'case:matter:assign' : 'case:matter:group')
      if (!Array.isArray(b.ids) || !b.ids.length) invalid({ ids: '请选择事项' })
      if (!String(b.reason ?? '').trim()) invalid({ reason: '请填写理由' })
      if (b.action === 'assign' && !depts.some((d) => d.id === b.dept_id)) invalid({ dept_id: '请选择承办部门' })
      const failed = []
      let done = 0
      const list = b.ids.map((id) => matters.find((x) => x.id === id && visible(me, x)))
      const groupId = b.action === 'group' ? Math.min(...list.filter(Boolean).map((x) => x.id)) : null
      b.ids.forEach((id, i) => {
        const x = list[i]
        if (!x) return failed.push({ id, message: '记录不存在或无权访问' })
        if (b.action === 'assign') {
          x.dept_id = b.dept_id
          x.officer_id = b.officer_id ?? null
          pushEvent(x, { kind: 'transfer', actor_name: me.display_name, note: `批量转办至${deptName(b.dept_id)}${b.officer_id ? `（${userName(b.officer_id)}）` : ''}：${b.reason}`, public: false })
        } else if (b.action === 'group') {
          x.group_id = groupId
          pushEvent(x, { kind: 'group', actor_name: me.display_name, note: `归入类案组 #${groupId}：${b.reason}`, public: false })
        } else {
          const t = PROCEDURES[x.matter_type].transitions.find((y) => y.from === x.state && y.event === 'close' && guardOk(x, y.guard))
          if (!t) return failed.push({ id, message: `${x.receipt_no}：当前状态“${stateOf(x).zh}”不能办结` })
          try {
            apply(x, 'close', todayShanghai(), { reason: b.reason, actor: me.display_name })
          } catch (e) {
            return failed.push({ id, message: `${x.receipt_no}：${e.message}` })
          }
        }
        x.updated_at = now()
        done++
      })
      audit('办案台', `批量${b.action}`, b.ids.join(','))
      return { body: { done, failed } }
    }

    // ---- dispatch rules
    if (p === '/api/v1/cases/dispatch-rules' && m === 'GET') { needPerm(me, 'case:dispatch:list'); return { body: rules } }
    if (p === '/api/v1/cases/dispatch-rules' && m === 'POST') {
      needPerm(me, 'case:dispatch:edit')
      const b = await json(req)
      only(b, ['matter_type', 'right_kind', 'area_prefix', 'dept_id', 'station_id', 'team', 'priority'])
      const f = {}
      if (!depts.some((d) => d.id === b.dept_id)) f.dept_id = '请选择目标部门'
      if (b.matter_type && !PROCEDURES[b.matter_type]) f.matter_type = '事项类型无效'
      if (b.right_kind && !RIGHT_KINDS.some(([k]) => k === b.right_kind)) f.right_kind = '权利类型无效'
      if (!Number.isInteger(b.priority)) f.priority = '优先级应为整数'
      if (Object.keys(f).length) invalid(f)
      const r = { id: nextId(), matter_type: b.matter_type || null, right_kind: b.right_kind || null, area_prefix: b.area_prefix || null, dept_id: b.dept_id, station_id: b.station_id ?? null, team: b.team || null, priority: b.priority }
      rules.push(r)
      audit('办案台', '新增分拨规则', String(r.id))
      return { status: 201, body: r }
    }
    if ((mm = p.match(/^\/api\/v1\/cases\/dispatch-rules\/(\d+)$/)) && m === 'DELETE') {
      needPerm(me, 'case:dispatch:edit')
      const i = rules.findIndex((r) => r.id === Number(mm[1]))
      if (i < 0) fail(404, 'NOT_FOUND', '规则不存在')
      rules.splice(i, 1)
      return { status: 204, body: null }
    }

    // ---- triage rules (the server's check_rules: names present and unique, no negative amount, nothing after a catch-all)
    if (p === '/api/v1/cases/triage-rules' && m === 'GET') {
      needPerm(me, 'case:dispatch:list')
      return { body: triageRules }
    }
    if (p === '/api/v1/cases/triage-rules' && m === 'PUT') {
      needPerm(me, 'case:dispatch:edit')
      const b = await json(req)
      if (!Array.isArray(b)) fail(422, 'VALIDATION', '请求体格式错误：应为分流规则列表')
      const errs = []
      const names = new Set()
      let catchAll = null
      b.forEach((r, i) => {
        const name = String(r?.name ?? '').trim()
        if (!name) errs.push(`第 ${i + 1} 条分流规则缺少名称`)
        else if (names.has(name)) errs.push(`分流规则名称重复：${name}`)
        else names.add(name)
        if ((r.when ?? []).some((c) => typeof c === 'object' && c.amount_at_least < 0)) errs.push(`分流规则“${name}”的金额门槛不能为负数`)
        if (catchAll !== null) errs.push(`分流规则“${name}”位于无条件规则“${catchAll}”之后，永远不会生效`)
        else if (!(r.when ?? []).length) catchAll = name
      })
      if (errs.length) invalid({ rules: errs.join('；') })
      triageRules = JSON.parse(JSON.stringify(b))
      audit('办案台', '修改繁简分流规则', '')
      return { status: 204, body: null }
    }

    // ---- per-track clock overrides
    if (p === '/api/v1/cases/clock-overrides' && m === 'GET') {
      needPerm(me, 'case:dispatch:list')
      return { body: overrides }
    }
    if (p === '/api/v1/cases/clock-overrides' && m === 'PUT') {
      needPerm(me, 'case:dispatch:edit')
      const b = await json(req)
      if (!b || typeof b !== 'object' || Array.isArray(b)) fail(400, 'BAD_REQUEST', '请求体必须是 JSON 对象')
      const known = Object.values(PROCEDURES).flatMap((x) => x.clocks)
      const f = {}
      for (const [track, list] of Object.entries(b)) {
        if (track !== 'simple' && track !== 'ordinary') {
          f.track = `未知的程序类型 ${track}（只能是 simple / ordinary）`
          continue
        }
        // The server reads the body as typed rules: a malformed one fails the whole body.
        const shapeOk = (r) => r && typeof r === 'object' && typeof r.key === 'string' && typeof r.name_zh === 'string' && UNITS.includes(r.unit) &&
          Number.isInteger(r.count) && r.count >= 0 && typeof r.citation === 'string' && BASES.includes(r.basis) &&
          (r.extension === null || r.extension === undefined || (UNITS.includes(r.extension.unit) && Number.isInteger(r.extension.count)))
        if (!Array.isArray(list) || !list.every(shapeOk)) fail(422, 'VALIDATION', `请求体格式错误：${track} 应为期限规则列表`)
        for (const r of list) {
          const field = `${track}.${r.key}`
          const k = known.find((c) => c.key === r.key)
          if (!k) f[field] = `没有名为 ${r.key} 的期限`
          else if ((k.basis ?? 'statute') === 'statute') f[field] = `「${k.name}」是法定期限（${k.citation}），不能按程序类型改动`
          else if (r.count === 0 || r.count > 365) f[field] = '期限应为 1–365'
        }
      }
      if (Object.keys(f).length) invalid(f)
      overrides = JSON.parse(JSON.stringify(b))
      audit('办案台', '修改程序类型期限', Object.keys(b).join(','))
      return { status: 204, body: null }
    }

    // ---- one matter
    if ((mm = p.match(/^\/api\/v1\/cases\/(\d+)$/)) && m === 'GET') {
      needPerm(me, 'case:matter:list')
      return { body: detail(find(me, mm[1]), me) }
    }
    if ((mm = p.match(/^\/api\/v1\/cases\/(\d+)\/actions$/)) && m === 'POST') {
      const x = find(me, mm[1])
      const b = await json(req)
      only(b, ['event', 'reason', 'note', 'public_note'])
      const t = PROCEDURES[x.matter_type].transitions.find((y) => y.event === b.event)
      if (t && !can(me, t.perm)) fail(403, 'FORBIDDEN', '没有权限')
      try {
        apply(x, b.event, todayShanghai(), { reason: b.reason, note: b.note, public_note: b.public_note, actor: me.display_name })
      } catch (e) {
        if (e.allowed) conflict(e.message, e.allowed)
        throw e
      }
      audit('办案台', b.event, x.receipt_no)
      return { body: detail(x, me) }
    }
    if ((mm = p.match(/^\/api\/v1\/cases\/(\d+)\/assign$/)) && m === 'POST') {
      needPerm(me, 'case:matter:assign')
      const x = find(me, mm[1])
      const b = await json(req)
      only(b, ['dept_id', 'officer_id', 'reason'])
      const f = {}
      if (!depts.some((d) => d.id === b.dept_id)) f.dept_id = '请选择承办部门'
      if (b.officer_id !== undefined && b.officer_id !== null && !users.some((u) => u.id === b.officer_id)) f.officer_id = '承办人不存在'
      if (!String(b.reason ?? '').trim()) f.reason = '请填写转办理由'
      if (Object.keys(f).length) invalid(f)
      x.dept_id = b.dept_id
      x.officer_id = b.officer_id ?? null
      x.updated_at = now()
      pushEvent(x, { kind: 'transfer', actor_name: me.display_name, note: `转办至${deptName(b.dept_id)}${b.officer_id ? `（承办人：${userName(b.officer_id)}）` : ''}：${b.reason}`, public: false })
      audit('办案台', '转办', x.receipt_no)
      return { body: detail(x, me) }
    }
    if ((mm = p.match(/^\/api\/v1\/cases\/(\d+)\/notes$/)) && m === 'POST') {
      needPerm(me, 'case:matter:note')
      const x = find(me, mm[1])
      const b = await json(req)
      only(b, ['note', 'public'])
      if (!String(b.note ?? '').trim()) invalid({ note: '备注不能为空' })
      pushEvent(x, { kind: 'note', actor_name: me.display_name, note: String(b.note).trim(), public: !!b.public, public_label: '办理说明', public_note: b.public ? String(b.note).trim() : null })
      x.updated_at = now()
      return { body: detail(x, me) }
    }
    if ((mm = p.match(/^\/api\/v1\/cases\/(\d+)\/clocks\/([a-z_]+)\/(suspend|resume|extend)$/)) && m === 'POST') {
      needPerm(me, mm[3] === 'extend' ? 'case:clock:extend' : 'case:clock:suspend')
      const x = find(me, mm[1])
      const b = await json(req)
      only(b, ['reason'])
      if (!String(b.reason ?? '').trim()) invalid({ reason: '请填写理由' })
      const c = x.clocks.filter((y) => y.key === mm[2]).at(-1)
      if (!c) fail(404, 'NOT_FOUND', '时限不存在')
      const copy = { ...c }
      try {
        clockOp(copy, mm[3], todayShanghai())
      } catch (e) {
        if (e instanceof CalendarError) invalid({ calendar: e.message })
        fail(409, 'CONFLICT', e.message)
      }
      Object.assign(c, copy)
      const verb = { suspend: '中止计时', resume: '恢复计时', extend: '延长期限' }[mm[3]]
      pushEvent(x, { kind: 'clock', actor_name: me.display_name, note: `${c.name}${verb}：${b.reason}${mm[3] === 'suspend' ? '' : `（截止 ${c.due_on}）`}`, public: false })
      x.updated_at = now()
      audit('办案台', verb, x.receipt_no)
      return { body: detail(x, me) }
    }
    return undefined
  }

  return { handlePublic, handleStaff, handleNotifications, calendar: cal, matters, find }
}
