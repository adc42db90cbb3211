#!/usr/bin/env node
// A small in-memory stand-in for the zhibao server, written against docs/api.md, for front-end
// development and for running the e2e suite before the real binary exists. It accepts the same
// command line as the real binary (`--data-dir DIR demo --bind HOST:PORT`), prints the same two
// lines (`URL: …` and `TOTP secret for admin: …`) and serves ../dist like the embedded UI.
// It is NOT the server: the Rust implementation is the authority on every rule.
import http from 'node:http'
import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { Secret, TOTP } from 'otpauth'
import { CASE_PERMISSIONS, caseDictionaries, createCaseDesk } from './cases-mock.mjs'
import { EVIDENCE_PERMISSIONS, createEvidenceVault } from './evidence-mock.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const DIST = process.env.ZHIBAO__SERVER__WEB_DIR ?? path.join(here, '..', 'dist')

// ---------------------------------------------------------------- command line
const argv = process.argv.slice(2)
if (argv.includes('--help') || argv.includes('-h')) {
  console.log('zhibao-mock [--data-dir DIR] demo --bind HOST:PORT\n\nCommands:\n  demo   run with demo data (mock)')
  process.exit(0)
}
let bind = '127.0.0.1:8080'
for (let i = 0; i < argv.length; i++) if (argv[i] === '--bind') bind = argv[i + 1]
const [host, portStr] = bind.split(/:(?=\d+$)/)

// ---------------------------------------------------------------- helpers
const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
let seq = 1000
const nextId = () => ++seq
const PASSWORD = 'Zhibao@2026'
const strong = (pw) =>
  typeof pw === 'string' && pw.length >= 8 && [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(pw)).length >= 3

class HttpError extends Error {
  constructor(status, code, message, fields, allowed) {
    super(message)
    Object.assign(this, { status, code, fields, allowed })
  }
}
const fail = (status, code, message, fields) => {
  throw new HttpError(status, code, message, fields)
}
/** 409 on a case action, naming the events the state allows (docs/api-cases.md). */
const conflict = (message, allowed) => {
  throw new HttpError(409, 'CONFLICT', message, undefined, allowed)
}
/** An answer with a status other than 200 (201 Created, 204 No Content). */
class Reply {
  constructor(status, body) {
    Object.assign(this, { status, body })
  }
}
const invalid = (fields) => fail(422, 'VALIDATION', '输入有误', fields)
function only(body, allowed) {
  if (!body || typeof body !== 'object' || Array.isArray(body)) fail(400, 'BAD_REQUEST', '请求体必须是 JSON 对象')
  const unknown = Object.keys(body).filter((k) => !allowed.includes(k))
  if (unknown.length) invalid(Object.fromEntries(unknown.map((k) => [k, '未知字段'])))
}
function required(body, keys) {
  const f = {}
  for (const k of keys) if (body[k] === undefined || body[k] === null || body[k] === '') f[k] = '不能为空'
  if (Object.keys(f).length) invalid(f)
}

// ---------------------------------------------------------------- demo data
const DICTS = [
  ['sys_status', '系统状态', [['active', '正常', 'Active', 'success'], ['disabled', '停用', 'Disabled', 'danger']]],
  ['dept_kind', '部门类型', [
    ['org', '机构', 'Organisation', 'primary'], ['office', '科室', 'Office', 'info'],
    ['street', '街镇', 'Street / town', 'warning'], ['station', '工作站', 'Station', 'success'],
  ]],
  ['data_scope', '数据权限', [
    ['all', '全部数据权限', 'All data', ''], ['custom', '自定数据权限', 'Custom departments', ''],
    ['dept', '本部门数据权限', 'Own department', ''], ['dept_and_below', '本部门及以下数据权限', 'Own department and below', ''],
    ['self', '仅本人数据权限', 'Own records only', ''],
  ]],
  ['login_result', '登录结果', [
    ['ok', '成功', 'Success', 'success'], ['bad_password', '密码错误', 'Wrong password', 'danger'], ['locked', '已锁定', 'Locked', 'warning'],
    ['totp_required', '需动态口令', 'Code required', 'info'], ['bad_totp', '口令错误', 'Wrong code', 'danger'],
    ['rate_limited', '频率限制', 'Rate limited', 'warning'], ['unknown_user', '用户不存在', 'Unknown user', 'danger'],
  ]],
  ['op_result', '操作结果', [['ok', '成功', 'Success', 'success'], ['error', '失败', 'Error', 'danger']]],
  ['area_kind', '区域类型', [['street', '街道', 'Street', 'primary'], ['town', '镇', 'Town', 'warning'], ['zone', '园区', 'Zone', 'danger']]],
  ['user_role_hint', '角色提示', [['admin', '管理员', 'Administrator', 'danger'], ['officer', '执法人员', 'Officer', 'primary']]],
  ...caseDictionaries(),
]
const dictTypes = DICTS.map(([type_key, name, entries], i) => ({
  id: i + 1, type_key, name, remark: null,
  entries: entries.map(([value, label_zh, label_en, tag], j) => ({ id: (i + 1) * 100 + j, value, label_zh, label_en, tag, sort: j, status: 'active' })),
}))

const PERMS = []
const menu = (key, zh, en, buttons) => {
  PERMS.push({ key, name_zh: zh, name_en: en, kind: 'menu', parent: null })
  for (const [b, bzh, ben] of buttons) PERMS.push({ key: key.replace(/:list$|:view$/, ':' + b), name_zh: bzh, name_en: ben, kind: 'button', parent: key })
}
menu('system:user:list', '用户管理', 'Users', [['query', '用户查询', 'Query'], ['add', '用户新增', 'Add'], ['edit', '用户修改', 'Edit'], ['remove', '用户删除', 'Delete'], ['resetPwd', '重置密码', 'Reset password'], ['export', '用户导出', 'Export'], ['import', '用户导入', 'Import']])
menu('system:dept:list', '部门管理', 'Departments', [['add', '部门新增', 'Add'], ['edit', '部门修改', 'Edit'], ['remove', '部门删除', 'Delete'], ['export', '部门导出', 'Export'], ['import', '部门导入', 'Import']])
menu('system:role:list', '角色管理', 'Roles', [['add', '角色新增', 'Add'], ['edit', '角色修改', 'Edit'], ['remove', '角色删除', 'Delete']])
menu('system:dict:list', '字典管理', 'Dictionaries', [['add', '字典新增', 'Add'], ['edit', '字典修改', 'Edit'], ['remove', '字典删除', 'Delete']])
menu('monitor:operlog:list', '操作日志', 'Operation log', [])
menu('monitor:logininfor:list', '登录日志', 'Sign-in log', [])
menu('geo:map:view', '组织地图', 'Organisation map', [])
for (const [key, zh, en, buttons] of CASE_PERMISSIONS) {
  PERMS.push({ key, name_zh: zh, name_en: en, kind: 'menu', parent: null })
  for (const [b, bzh, ben] of buttons) PERMS.push({ key: b, name_zh: bzh, name_en: ben, kind: 'button', parent: key })
}
for (const [key, name_zh, name_en, kind, parent] of EVIDENCE_PERMISSIONS) PERMS.push({ key, name_zh, name_en, kind, parent })

const t0 = '2026-01-05T01:00:00Z'
const depts = [
  [1, null, '滨海新区国家知识产权保护示范区', 'BH', 'org'],
  [2, 1, '知识产权保护中心', 'BH-PC', 'org'],
  [3, 1, '综合办公室', 'BH-OFF', 'office'],
  [4, 2, '执法监管科', 'BH-PC-EN', 'office'],
  [5, 2, '纠纷调解科', 'BH-PC-ME', 'office'],
  [6, 1, '新港街道工作站', 'BH-XG', 'station'],
  [7, 1, '中塘镇工作站', 'BH-ZT', 'station'],
].map(([id, parent_id, name, code, kind], i) => ({ id, parent_id, ancestors: '', name, code, kind, leader: null, phone: null, sort: i, status: 'active', created_at: t0 }))
function fixAncestors() {
  for (const d of depts) {
    const chain = []
    let p = d.parent_id
    while (p) {
      chain.unshift(p)
      p = depts.find((x) => x.id === p)?.parent_id
    }
    d.ancestors = ['0', ...chain].join(',')
  }
}
fixAncestors()

const allPerms = PERMS.map((p) => p.key)
const roles = [
  [1, 'admin', '超级管理员', 'all', ['*:*:*'], true],
  [2, 'leader', '示范区领导', 'all', ['system:user:list', 'system:dept:list', 'monitor:operlog:list', 'monitor:logininfor:list', 'geo:map:view',
    'case:matter:list', 'case:task:list', 'case:overdue:list', 'case:dispatch:list', 'case:calendar:list', 'case:matter:export',
    'case:clock:extend', 'case:report:extend', 'case:adjudication:extend', 'evidence:item:view', 'evidence:ledger:view', 'evidence:ledger:verify'], false],
  [3, 'officer', '执法人员', 'dept_and_below', ['system:user:list', 'geo:map:view',
    'case:matter:list', 'case:task:list', 'case:matter:add', 'case:matter:note', 'case:clock:suspend', 'case:calendar:list', 'case:reporter:view',
    'evidence:item:view', 'evidence:item:add', 'evidence:ledger:view',
    ...['accept', 'decline', 'mediate', 'terminate', 'notify', 'transfer'].map((a) => `case:complaint:${a}`),
    ...['verify', 'file', 'notify', 'close', 'return'].map((a) => `case:report:${a}`),
    ...['assess', 'decline', 'guide', 'refer', 'close'].map((a) => `case:assistance:${a}`),
    ...['mediation', 'adjudication', 'ecommerce_notice', 'import_export'].flatMap((k) => ['dispatch', 'handle', 'close', 'decline'].map((a) => `case:${k}:${a}`))], false],
  [4, 'mediator', '调解员', 'dept', ['geo:map:view'], false],
  [5, 'inspector', '巡查员', 'self', ['geo:map:view'], false],
  [6, 'examiner', '审查员', 'dept', [], false],
  [7, 'expert', '专家', 'self', [], false],
  [8, 'enterprise', '企业用户', 'self', [], false],
  [9, 'dept_admin', '部门管理员', 'dept_and_below', ['system:dept:list', 'system:user:list', 'monitor:operlog:list', 'geo:map:view',
    'case:matter:list', 'case:matter:assign', 'case:matter:note', 'case:task:list', 'case:overdue:list', 'case:calendar:list',
    'case:reporter:view', 'case:clock:suspend', 'case:clock:extend', 'case:dispatch:list', 'case:dispatch:edit',
    'evidence:item:view', 'evidence:item:add', 'evidence:ledger:view', 'evidence:ledger:verify', 'evidence:ledger:peers'], false],
].map(([id, key, name, data_scope, permissions, require_totp], i) => ({ id, key, name, data_scope, dept_ids: [], permissions, require_totp, sort: i, status: 'active', created_at: t0 }))

const adminSecret = new Secret({ size: 20 })
const users = [
  [1, 'admin', '系统管理员', 1, [1]], [2, 'leader', '王建国', 1, [2]], [3, 'officer', '李执法', 4, [3]], [4, 'mediator', '赵调解', 5, [4]],
  [5, 'inspector', '孙巡查', 4, [5]], [6, 'examiner', '周审查', 2, [6]], [7, 'expert', '吴专家', 2, [7]], [8, 'enterprise', '郑企业', 6, [8]],
  [9, 'deptadmin', '钱管理', 2, [9]],
].map(([id, username, display_name, dept_id, role_ids]) => ({
  id, username, display_name, dept_id, role_ids, phone: null, email: null, status: 'active', password: PASSWORD,
  totp_secret: username === 'admin' ? adminSecret.base32 : null, locked_until: null, last_login_at: null, created_at: t0,
}))

// Demo geometry: irregular quadrilaterals around Binhai, clearly not real boundaries.
const AREAS = [
  ['新港街道', 'street', 117.69, 39.0], ['新北街道', 'street', 117.63, 39.07], ['杭州道街道', 'street', 117.63, 39.0],
  ['大沽街道', 'street', 117.69, 38.93], ['新城镇', 'town', 117.57, 38.93], ['中塘镇', 'town', 117.51, 38.86],
  ['天津港保税区', 'zone', 117.75, 39.07], ['天津经济技术开发区', 'zone', 117.69, 39.07], ['中新天津生态城', 'zone', 117.75, 39.14],
]
const W = 0.03, H = 0.035
const areaFeatures = AREAS.map(([name, kind, cx, cy], i) => {
  const j = ((i * 37) % 7) / 1000
  const ring = [[cx - W + j, cy - H], [cx + W, cy - H + j], [cx + W - j, cy + H], [cx - W, cy + H - j], [cx - W + j, cy - H]]
  return { type: 'Feature', id: i + 1, properties: { id: i + 1, code: `A${i + 1}`, name, kind, demo: true }, geometry: { type: 'Polygon', coordinates: [ring] } }
})
const cellFeatures = areaFeatures.flatMap((a) => {
  const [cx, cy] = AREAS[a.id - 1].slice(2)
  const cells = []
  for (let r = 0; r < 2; r++)
    for (let c = 0; c < 2; c++) {
      const x0 = cx - W * 0.85 + c * W * 0.85, y0 = cy - H * 0.85 + r * H * 0.85
      const ring = [[x0, y0], [x0 + W * 0.85, y0], [x0 + W * 0.85, y0 + H * 0.85], [x0, y0 + H * 0.85], [x0, y0]]
      const id = a.id * 10 + r * 2 + c
      cells.push({ type: 'Feature', id, properties: { id, code: `C${id}`, area_id: a.id, name: `${a.properties.name}第${r * 2 + c + 1}网格` }, geometry: { type: 'Polygon', coordinates: [ring] } })
    }
  return cells
})
const stations = areaFeatures.map((a, i) => {
  const [cx, cy] = AREAS[i].slice(2)
  return {
    id: i + 1, name: `${a.properties.name}知识产权保护工作站`, area_id: a.id, area_name: a.properties.name,
    lon: +(cx + 0.006).toFixed(4), lat: +(cy + 0.008).toFixed(4), address: `${a.properties.name}（演示地址）`,
    staff: [{ name: ['张', '王', '刘', '陈', '杨', '黄', '赵', '周', '吴'][i] + '站长', role: '站长', phone: `022-6620${1000 + i}` }, { name: '联络员', role: '联络员', phone: '' }],
    dept_id: i === 0 ? 6 : i === 5 ? 7 : 1,
  }
})

const oplogs = []
const loginlogs = []

// ---------------------------------------------------------------- sessions & scope
const sessions = new Map()
function cookies(req) {
  return Object.fromEntries((req.headers.cookie ?? '').split(';').filter(Boolean).map((c) => {
    const [k, ...v] = c.trim().split('=')
    return [k, decodeURIComponent(v.join('='))]
  }))
}
function permsOf(u) {
  const set = new Set()
  for (const rid of u.role_ids) {
    const r = roles.find((x) => x.id === rid && x.status === 'active')
    if (r) r.permissions.forEach((p) => set.add(p))
  }
  return [...set]
}
const can = (u, p) => permsOf(u).some((g) => g === '*:*:*' || g === p)
function need(u, p) {
  if (!can(u, p)) fail(403, 'FORBIDDEN', '没有权限')
}
/** 'all' or a Set of dept ids; `selfOnly` when only the caller's own records may be seen. */
function scopeOf(u) {
  let all = false, selfOnly = true
  const ids = new Set()
  for (const rid of u.role_ids) {
    const r = roles.find((x) => x.id === rid && x.status === 'active')
    if (!r) continue
    if (r.permissions.includes('*:*:*') || r.data_scope === 'all') all = true
    else if (r.data_scope === 'custom') { r.dept_ids.forEach((d) => ids.add(d)); selfOnly = false }
    else if (r.data_scope === 'dept') { ids.add(u.dept_id); selfOnly = false }
    else if (r.data_scope === 'dept_and_below') {
      for (const d of depts) if (d.id === u.dept_id || d.ancestors.split(',').includes(String(u.dept_id))) ids.add(d.id)
      selfOnly = false
    }
  }
  return all ? { all: true } : { all: false, ids, selfOnly }
}
const userVisible = (me, u) => {
  const s = scopeOf(me)
  return s.all || s.ids.has(u.dept_id) || u.id === me.id
}
const deptVisible = (me, d) => {
  const s = scopeOf(me)
  return s.all || s.ids.has(d.id) || d.id === me.dept_id
}
function userOut(u) {
  const d = depts.find((x) => x.id === u.dept_id)
  return {
    id: u.id, username: u.username, display_name: u.display_name, dept_id: u.dept_id, dept_name: d?.name ?? null, phone: u.phone, email: u.email,
    status: u.status, roles: u.role_ids.map((id) => roles.find((r) => r.id === id)).filter(Boolean).map(({ id, key, name }) => ({ id, key, name })),
    totp_enabled: !!u.totp_secret, locked_until: u.locked_until, last_login_at: u.last_login_at, created_at: u.created_at,
  }
}
function paginate(list, q, sortable) {
  const page = Math.max(1, parseInt(q.get('page') ?? '1', 10) || 1)
  const size = Math.min(500, Math.max(1, parseInt(q.get('page_size') ?? '20', 10) || 20))
  const sort = q.get('sort'), order = q.get('order') === 'desc' ? -1 : 1
  let items = [...list]
  if (sort && sortable.includes(sort)) items.sort((a, b) => (a[sort] > b[sort] ? 1 : a[sort] < b[sort] ? -1 : 0) * order)
  return { items: items.slice((page - 1) * size, page * size), total: items.length, page, page_size: size }
}

// ---------------------------------------------------------------- routes
async function readBody(req) {
  const chunks = []
  for await (const c of req) chunks.push(c)
  return Buffer.concat(chunks)
}
async function json(req) {
  const ct = req.headers['content-type'] ?? ''
  const raw = (await readBody(req)).toString('utf8')
  if (!raw) return {}
  if (!ct.includes('application/json')) fail(400, 'BAD_REQUEST', 'Content-Type 必须是 application/json')
  try {
    return JSON.parse(raw)
  } catch {
    fail(400, 'BAD_REQUEST', 'JSON 格式错误')
  }
}

function startSession(res, u) {
  const sid = crypto.randomBytes(24).toString('hex')
  const csrf = crypto.randomBytes(16).toString('hex')
  sessions.set(sid, { userId: u.id, csrf })
  res.setHeader('Set-Cookie', [
    `zb_session=${sid}; Path=/; HttpOnly; SameSite=Strict`,
    `zb_csrf=${csrf}; Path=/; SameSite=Strict`,
  ])
  return csrf
}
const meOut = (u, csrf) => ({ user: userOut(u), permissions: permsOf(u), csrf_token: csrf })
const cases = createCaseDesk({ users, depts, can, scopeOf, fail, invalid, conflict, only, nextId, now })
const vault = createEvidenceVault({ find: cases.find, can, fail, invalid, nextId, now, readBody })
vault.seed(cases.matters)

async function api(req, res, url) {
  const p = url.pathname
  const m = req.method
  const q = url.searchParams
  const ip = req.socket.remoteAddress ?? ''

  if (p === '/api/v1/public/portal' && m === 'GET') {
    return { name_zh: '滨海新区国家知识产权保护示范区', name_en: 'Binhai New Area National IP Protection Demonstration Zone',
      stats: { stations: stations.length, areas: areaFeatures.length, cells: cellFeatures.length, depts: depts.length },
      notices: [{ title_zh: '关于开展知识产权保护专项行动的通知', title_en: 'Notice on the IP protection campaign', date: '2026-11-02T02:00:00Z' }] }
  }
  if (p === '/api/v1/public/verify-package' || p === '/api/v1/public/ledger/checkpoint') {
    const out = await vault.handlePublic(req, res, p, m)
    if (out) {
      if ('raw' in out) return undefined
      return out.status ? new Reply(out.status, out.body) : out.body
    }
  }
  if (p.startsWith('/api/v1/public/matters')) {
    const out = await cases.handlePublic(req, p, m, q, json)
    if (out) return out.status ? new Reply(out.status, out.body) : out.body
  }
  if (p === '/api/v1/auth/login' && m === 'POST') {
    const body = await json(req)
    only(body, ['username', 'password', 'totp_code'])
    required(body, ['username', 'password'])
    const u = users.find((x) => x.username === body.username)
    const log = (result) => loginlogs.unshift({ id: nextId(), username: body.username, ip, user_agent: req.headers['user-agent'] ?? '', result, created_at: now() })
    if (!u) { log('unknown_user'); fail(401, 'UNAUTHENTICATED', '用户名或密码错误') }
    if (u.password !== body.password) { log('bad_password'); fail(401, 'UNAUTHENTICATED', '用户名或密码错误') }
    if (u.status !== 'active') { log('locked'); fail(423, 'ACCOUNT_LOCKED', '账号已停用') }
    const needsTotp = !!u.totp_secret
    if (needsTotp) {
      if (!body.totp_code) { log('totp_required'); fail(401, 'TOTP_REQUIRED', '请输入动态口令') }
      const totp = new TOTP({ secret: Secret.fromBase32(u.totp_secret), digits: 6, period: 30 })
      if (totp.validate({ token: String(body.totp_code), window: 1 }) === null) { log('bad_totp'); fail(401, 'UNAUTHENTICATED', '动态口令错误') }
    }
    log('ok')
    u.last_login_at = now()
    return meOut(u, startSession(res, u))
  }

  // --- everything below needs a session
  const sid = cookies(req).zb_session
  const sess = sid && sessions.get(sid)
  if (!sess) fail(401, 'UNAUTHENTICATED', '请先登录')
  const me = users.find((x) => x.id === sess.userId)
  if (!me) fail(401, 'UNAUTHENTICATED', '请先登录')
  if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(m) && req.headers['x-csrf-token'] !== sess.csrf) fail(403, 'CSRF', 'CSRF 校验失败')
  const audit = (module, action, target, result = 'ok', status = 200) =>
    oplogs.unshift({ id: nextId(), username: me.username, method: m, path: p, module, action, target, ip, status_code: status, result, duration_ms: 3 + (seq % 20), created_at: now() })

  if (p === '/api/v1/auth/me' && m === 'GET') return meOut(me, sess.csrf)
  if (p === '/api/v1/auth/logout' && m === 'POST') { sessions.delete(sid); res.setHeader('Set-Cookie', ['zb_session=; Path=/; Max-Age=0', 'zb_csrf=; Path=/; Max-Age=0']); return null }
  if (p === '/api/v1/auth/password' && m === 'POST') {
    const b = await json(req); only(b, ['old_password', 'new_password']); required(b, ['old_password', 'new_password'])
    if (b.old_password !== me.password) invalid({ old_password: '原密码错误' })
    if (!strong(b.new_password)) invalid({ new_password: '密码至少 8 位且包含 3 类字符' })
    me.password = b.new_password; audit('认证', '修改密码', me.username); return null
  }
  if (p === '/api/v1/auth/totp/setup' && m === 'POST') {
    const secret = new Secret({ size: 20 })
    sess.pendingTotp = secret.base32
    const totp = new TOTP({ issuer: 'zhibao', label: me.username, secret })
    return { secret: secret.base32, otpauth_url: totp.toString() }
  }
  if (p === '/api/v1/auth/totp/enable' && m === 'POST') {
    const b = await json(req); only(b, ['code']); required(b, ['code'])
    if (!sess.pendingTotp) fail(400, 'BAD_REQUEST', '请先生成密钥')
    const totp = new TOTP({ secret: Secret.fromBase32(sess.pendingTotp) })
    if (totp.validate({ token: String(b.code), window: 1 }) === null) invalid({ code: '动态口令错误' })
    me.totp_secret = sess.pendingTotp; delete sess.pendingTotp; audit('认证', '绑定动态口令', me.username); return null
  }
  if (p === '/api/v1/dicts' && m === 'GET') {
    return Object.fromEntries(dictTypes.map((d) => [d.type_key, d.entries.filter((e) => e.status === 'active')]))
  }

  // --- departments
  if (p === '/api/v1/system/depts' && m === 'GET') {
    need(me, 'system:dept:list')
    const name = q.get('name'), status = q.get('status')
    return depts.filter((d) => deptVisible(me, d) && (!name || d.name.includes(name)) && (!status || d.status === status))
  }
  if (p === '/api/v1/system/depts/export' || p === '/api/v1/system/depts/template' || p === '/api/v1/system/users/export' || p === '/api/v1/system/users/template') {
    need(me, p.includes('users') ? 'system:user:export' : 'system:dept:export')
    res.writeHead(200, { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Content-Disposition': 'attachment; filename="mock.xlsx"' })
    res.end('mock xlsx')
    return undefined
  }
  if ((p === '/api/v1/system/depts/import' || p === '/api/v1/system/users/import') && m === 'POST') {
    need(me, p.includes('users') ? 'system:user:import' : 'system:dept:import')
    await readBody(req)
    return { inserted: 0, updated: 0, errors: [{ row: 2, field: 'name', message: '模拟服务器不解析 XLSX（示例错误）' }, { row: 3, field: 'parent_code', message: '上级部门不存在' }] }
  }
  if (p === '/api/v1/system/depts' && m === 'POST') {
    need(me, 'system:dept:add')
    const b = await json(req); only(b, ['parent_id', 'name', 'code', 'kind', 'leader', 'phone', 'sort', 'status']); required(b, ['parent_id', 'name', 'kind'])
    if (!depts.find((d) => d.id === b.parent_id)) invalid({ parent_id: '上级部门不存在' })
    if (depts.find((d) => d.parent_id === b.parent_id && d.name === b.name)) invalid({ name: '同级部门名称已存在' })
    const d = { id: nextId(), parent_id: b.parent_id, ancestors: '', name: b.name, code: b.code ?? null, kind: b.kind, leader: b.leader ?? null, phone: b.phone ?? null, sort: b.sort ?? 0, status: b.status ?? 'active', created_at: now() }
    depts.push(d); fixAncestors(); audit('部门管理', '新增', d.name); return d
  }
  let mm
  if ((mm = p.match(/^\/api\/v1\/system\/depts\/(\d+)$/))) {
    const d = depts.find((x) => x.id === +mm[1])
    if (!d || !deptVisible(me, d)) fail(404, 'NOT_FOUND', '部门不存在')
    if (m === 'GET') { need(me, 'system:dept:list'); return d }
    if (m === 'PUT') {
      need(me, 'system:dept:edit')
      const b = await json(req); only(b, ['parent_id', 'name', 'code', 'kind', 'leader', 'phone', 'sort', 'status']); required(b, ['name', 'kind'])
      Object.assign(d, { ...b, code: b.code ?? null, leader: b.leader ?? null, phone: b.phone ?? null }); fixAncestors(); audit('部门管理', '修改', d.name); return d
    }
    if (m === 'DELETE') {
      need(me, 'system:dept:remove')
      if (depts.some((x) => x.parent_id === d.id)) fail(409, 'CONFLICT', '存在下级部门，不允许删除')
      if (users.some((u) => u.dept_id === d.id)) fail(409, 'CONFLICT', '部门存在用户，不允许删除')
      depts.splice(depts.indexOf(d), 1); audit('部门管理', '删除', d.name); return null
    }
  }

  // --- users
  if (p === '/api/v1/system/users/dept-tree' && m === 'GET') {
    need(me, 'system:user:list')
    return depts.filter((d) => deptVisible(me, d))
  }
  if (p === '/api/v1/system/users' && m === 'GET') {
    need(me, 'system:user:list')
    const un = q.get('username'), dn = q.get('display_name'), st = q.get('status'), dept = q.get('dept_id')
    const list = users.filter((u) => userVisible(me, u))
      .filter((u) => (!un || u.username.includes(un)) && (!dn || u.display_name.includes(dn)) && (!st || u.status === st))
      .filter((u) => !dept || u.dept_id === +dept || depts.find((d) => d.id === u.dept_id)?.ancestors.split(',').includes(dept))
      .map(userOut)
    return paginate(list, q, ['username', 'display_name', 'status', 'last_login_at', 'created_at', 'id'])
  }
  if (p === '/api/v1/system/users' && m === 'POST') {
    need(me, 'system:user:add')
    const b = await json(req); only(b, ['username', 'display_name', 'password', 'dept_id', 'role_ids', 'phone', 'email', 'status'])
    required(b, ['username', 'display_name', 'password', 'dept_id'])
    if (users.some((u) => u.username === b.username)) invalid({ username: '用户名已存在' })
    if (!strong(b.password)) invalid({ password: '密码至少 8 位且包含 3 类字符' })
    const u = { id: nextId(), username: b.username, display_name: b.display_name, dept_id: b.dept_id, role_ids: b.role_ids ?? [], phone: b.phone ?? null, email: b.email ?? null, status: b.status ?? 'active', password: b.password, totp_secret: null, locked_until: null, last_login_at: null, created_at: now() }
    users.push(u); audit('用户管理', '新增', u.username); return userOut(u)
  }
  if ((mm = p.match(/^\/api\/v1\/system\/users\/(\d+)(\/password)?$/))) {
    const u = users.find((x) => x.id === +mm[1])
    if (!u || !userVisible(me, u)) fail(404, 'NOT_FOUND', '用户不存在')
    if (mm[2] && m === 'PUT') {
      need(me, 'system:user:resetPwd')
      const b = await json(req); only(b, ['password']); required(b, ['password'])
      if (!strong(b.password)) invalid({ password: '密码至少 8 位且包含 3 类字符' })
      u.password = b.password; audit('用户管理', '重置密码', u.username); return null
    }
    if (m === 'GET') { need(me, 'system:user:query'); return userOut(u) }
    if (m === 'PUT') {
      need(me, 'system:user:edit')
      const b = await json(req); only(b, ['display_name', 'dept_id', 'role_ids', 'phone', 'email', 'status']); required(b, ['display_name', 'dept_id', 'status'])
      Object.assign(u, b); audit('用户管理', '修改', u.username); return userOut(u)
    }
    if (m === 'DELETE') {
      need(me, 'system:user:remove')
      if (u.id === me.id) fail(409, 'CONFLICT', '不能删除当前用户')
      users.splice(users.indexOf(u), 1); audit('用户管理', '删除', u.username); return null
    }
  }

  // --- roles & permissions
  if (p === '/api/v1/system/permissions' && m === 'GET') return PERMS
  if (p === '/api/v1/system/roles' && m === 'GET') {
    if (!can(me, 'system:role:list') && !can(me, 'system:user:add') && !can(me, 'system:user:edit')) need(me, 'system:role:list')
    const name = q.get('name'), key = q.get('key'), st = q.get('status')
    return paginate(roles.filter((r) => (!name || r.name.includes(name)) && (!key || r.key.includes(key)) && (!st || r.status === st)), q, ['id', 'name', 'key', 'sort', 'created_at'])
  }
  const roleFields = ['key', 'name', 'data_scope', 'dept_ids', 'permissions', 'require_totp', 'sort', 'status']
  if (p === '/api/v1/system/roles' && m === 'POST') {
    need(me, 'system:role:add')
    const b = await json(req); only(b, roleFields); required(b, ['key', 'name', 'data_scope'])
    if (roles.some((r) => r.key === b.key)) invalid({ key: '权限字符已存在' })
    const unknown = (b.permissions ?? []).filter((k) => k !== '*:*:*' && !allPerms.includes(k))
    if (unknown.length) invalid({ permissions: `未知权限：${unknown.join(', ')}` })
    const r = { id: nextId(), key: b.key, name: b.name, data_scope: b.data_scope, dept_ids: b.dept_ids ?? [], permissions: b.permissions ?? [], require_totp: !!b.require_totp, sort: b.sort ?? 0, status: b.status ?? 'active', created_at: now() }
    roles.push(r); audit('角色管理', '新增', r.name); return r
  }
  if ((mm = p.match(/^\/api\/v1\/system\/roles\/(\d+)$/))) {
    const r = roles.find((x) => x.id === +mm[1])
    if (!r) fail(404, 'NOT_FOUND', '角色不存在')
    if (m === 'GET') { need(me, 'system:role:list'); return r }
    if (m === 'PUT') { need(me, 'system:role:edit'); const b = await json(req); only(b, roleFields); required(b, ['key', 'name', 'data_scope']); Object.assign(r, b); audit('角色管理', '修改', r.name); return r }
    if (m === 'DELETE') {
      need(me, 'system:role:remove')
      if (users.some((u) => u.role_ids.includes(r.id))) fail(409, 'CONFLICT', '角色已分配给用户，不能删除')
      roles.splice(roles.indexOf(r), 1); audit('角色管理', '删除', r.name); return null
    }
  }

  // --- dictionaries
  if (p === '/api/v1/system/dicts' && m === 'GET') { need(me, 'system:dict:list'); return dictTypes }
  if (p === '/api/v1/system/dicts' && m === 'POST') {
    need(me, 'system:dict:add'); const b = await json(req); only(b, ['type_key', 'name', 'remark']); required(b, ['type_key', 'name'])
    if (dictTypes.some((d) => d.type_key === b.type_key)) invalid({ type_key: '字典键已存在' })
    const d = { id: nextId(), type_key: b.type_key, name: b.name, remark: b.remark ?? null, entries: [] }; dictTypes.push(d); audit('字典管理', '新增', d.type_key); return d
  }
  if ((mm = p.match(/^\/api\/v1\/system\/dicts\/(\d+)(?:\/entries(?:\/(\d+))?)?$/))) {
    const d = dictTypes.find((x) => x.id === +mm[1])
    if (!d) fail(404, 'NOT_FOUND', '字典不存在')
    const isEntry = p.includes('/entries')
    const ef = ['value', 'label_zh', 'label_en', 'tag', 'sort', 'status']
    if (!isEntry && m === 'PUT') { need(me, 'system:dict:edit'); const b = await json(req); only(b, ['type_key', 'name', 'remark']); Object.assign(d, b); return d }
    if (!isEntry && m === 'DELETE') { need(me, 'system:dict:remove'); dictTypes.splice(dictTypes.indexOf(d), 1); return null }
    if (isEntry && !mm[2] && m === 'POST') {
      need(me, 'system:dict:add'); const b = await json(req); only(b, ef); required(b, ['value', 'label_zh', 'label_en'])
      if (d.entries.some((e) => e.value === b.value)) invalid({ value: '键值已存在' })
      const e = { id: nextId(), value: b.value, label_zh: b.label_zh, label_en: b.label_en, tag: b.tag ?? '', sort: b.sort ?? 0, status: b.status ?? 'active' }; d.entries.push(e); return e
    }
    if (isEntry && mm[2]) {
      const e = d.entries.find((x) => x.id === +mm[2]); if (!e) fail(404, 'NOT_FOUND', '字典数据不存在')
      if (m === 'PUT') { need(me, 'system:dict:edit'); const b = await json(req); only(b, ef); Object.assign(e, b); return e }
      if (m === 'DELETE') { need(me, 'system:dict:remove'); d.entries.splice(d.entries.indexOf(e), 1); return null }
    }
  }

  // --- monitor
  const inRange = (x) => (!q.get('from') || x.created_at >= q.get('from')) && (!q.get('to') || x.created_at <= q.get('to'))
  if (p === '/api/v1/monitor/oplog' && m === 'GET') {
    need(me, 'monitor:operlog:list')
    const un = q.get('username'), mod = q.get('module'), r = q.get('result')
    return paginate(oplogs.filter((x) => (!un || x.username.includes(un)) && (!mod || x.module.includes(mod)) && (!r || x.result === r) && inRange(x)), q, ['id', 'username', 'module', 'duration_ms', 'created_at'])
  }
  if (p === '/api/v1/monitor/loginlog' && m === 'GET') {
    need(me, 'monitor:logininfor:list')
    const un = q.get('username'), r = q.get('result')
    return paginate(loginlogs.filter((x) => (!un || x.username.includes(un)) && (!r || x.result === r) && inRange(x)), q, ['id', 'username', 'created_at'])
  }

  // --- evidence vault and ledger (mock/evidence-mock.mjs)
  if (/^\/api\/v1\/(cases\/\d+\/evidence$|evidence\/|ledger\/)/.test(p)) {
    const out = await vault.handleStaff(req, res, p, m, me, json, audit)
    if (out) {
      if ('raw' in out) return undefined
      return out.status ? new Reply(out.status, out.body) : out.body
    }
  }

  // --- my notifications (站内提醒, mock/cases-mock.mjs)
  if (p.startsWith('/api/v1/notifications')) {
    const out = cases.handleNotifications(p, m, q, me)
    if (out) return out.status ? new Reply(out.status, out.body) : out.body
  }

  // --- case desk and calendar (mock/cases-mock.mjs)
  if (p.startsWith('/api/v1/cases') || p.startsWith('/api/v1/calendar')) {
    const out = await cases.handleStaff(req, res, p, m, q, me, json, audit, paginate)
    if (out) {
      if ('raw' in out) return undefined
      return out.status ? new Reply(out.status, out.body) : out.body
    }
  }

  // --- geo
  if (p === '/api/v1/geo/areas' && m === 'GET') { need(me, 'geo:map:view'); return { type: 'FeatureCollection', features: areaFeatures } }
  if (p === '/api/v1/geo/cells' && m === 'GET') {
    need(me, 'geo:map:view'); const a = q.get('area_id')
    return { type: 'FeatureCollection', features: cellFeatures.filter((c) => !a || c.properties.area_id === +a) }
  }
  if (p === '/api/v1/geo/stations' && m === 'GET') { need(me, 'geo:map:view'); return stations }

  fail(404, 'NOT_FOUND', '接口不存在')
}

// ---------------------------------------------------------------- static files
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.woff2': 'font/woff2' }
function serveStatic(url, res) {
  let rel = decodeURIComponent(url.pathname)
  let file = path.join(DIST, path.normalize(rel).replace(/^(\.\.[/\\])+/, ''))
  if (!file.startsWith(DIST) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(DIST, 'index.html')
  if (!fs.existsSync(file)) {
    res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' })
    res.end('web/dist is missing: run `npm run build` first')
    return
  }
  res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' })
  fs.createReadStream(file).pipe(res)
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost')
  if (url.pathname === '/healthz' || url.pathname === '/readyz') { res.writeHead(200); res.end('ok'); return }
  if (!url.pathname.startsWith('/api/')) return serveStatic(url, res)
  try {
    const out = await api(req, res, url)
    if (res.headersSent) return
    if (out === null || (out instanceof Reply && out.status === 204)) { res.writeHead(204); res.end(); return }
    const status = out instanceof Reply ? out.status : 200
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' })
    res.end(JSON.stringify(out instanceof Reply ? out.body : out))
  } catch (e) {
    const err = e instanceof HttpError ? e : new HttpError(500, 'INTERNAL', String(e?.message ?? e))
    if (!(e instanceof HttpError)) console.error(e)
    res.writeHead(err.status, { 'Content-Type': 'application/json; charset=utf-8' })
    res.end(JSON.stringify({ code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}), ...(err.allowed ? { allowed: err.allowed } : {}) }))
  }
})

server.listen(Number(portStr ?? 8080), host || '127.0.0.1', () => {
  const { port } = server.address()
  console.log('zhibao (mock) demo data loaded')
  console.log(`URL: http://${host || '127.0.0.1'}:${port}/`)
  console.log(`TOTP secret for admin: ${adminSecret.base32}`)
})
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)))
