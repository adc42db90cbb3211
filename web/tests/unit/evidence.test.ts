// The evidence vault's pure pieces (status tag, hashes, upload and peer form checks, package report) and the
// rendering of the package check list and the status tag (server-side rendered, no DOM needed).
import { describe, expect, it } from 'vitest'
import { createSSRApp, h, type Component } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { createI18n } from 'vue-i18n'
import zh from '@/i18n/locales/zh-CN'
import en from '@/i18n/locales/en'
import type { PackageReport } from '@/api/types'
import { evidenceForm } from '@/api'
import { buildMenu } from '@/router/menu'
import { consoleChildren, routes } from '@/router/routes'
import {
  EVIDENCE_PERMS, checkTitle, formatBytes, parseVkeys, reportCounts, reportPassed, shanghaiLocalToRfc3339, shortHash, statusTag,
  uploadFields, validateEvidenceForm, validatePeerForm, type EvidenceFormValues,
} from '@/views/evidence/evidence'
import VerifyReport from '@/views/public/VerifyReport.vue'
import EvidenceStatusTag from '@/views/evidence/EvidenceStatusTag.vue'

function has(messages: unknown, key: string): boolean {
  let cur: unknown = messages
  for (const part of key.split('.')) {
    if (!cur || typeof cur !== 'object' || !(part in cur)) return false
    cur = (cur as Record<string, unknown>)[part]
  }
  return typeof cur === 'string'
}
const inBoth = (key: string) => has(zh, key) && has(en, key)

async function render(component: Component, props: Record<string, unknown>, locale: 'zh-CN' | 'en' = 'zh-CN'): Promise<string> {
  const app = createSSRApp({ render: () => h(component, props) })
  app.use(createI18n({ legacy: false, locale, fallbackLocale: 'zh-CN', messages: { 'zh-CN': zh, en } }))
  // Without the SSR fragment markers, so text reads as a person sees it.
  return (await renderToString(app)).replace(/<!--[\s\S]*?-->/g, '')
}

const file = (bytes: number, name = 'shot.png') => new File([new Uint8Array(bytes)], name, { type: 'image/png' })
const form = (over: Partial<EvidenceFormValues> = {}): EvidenceFormValues => ({
  file: file(10), source_url: '', captured_at: '', description: '', ...over,
})
const NOW = new Date('2026-11-20T04:00:00Z') // 12:00 in Shanghai

describe('status tag', () => {
  it('maps pending and anchored, with the leaf index when known', () => {
    expect(statusTag({ status: 'pending', leaf_index: null })).toEqual({ type: 'warning', key: 'evidence.status.pending', leaf: null })
    expect(statusTag({ status: 'pending', leaf_index: 7 })).toEqual({ type: 'warning', key: 'evidence.status.pending', leaf: 7 })
    expect(statusTag({ status: 'anchored', leaf_index: 0 })).toEqual({ type: 'success', key: 'evidence.status.anchored', leaf: 0 })
    expect(statusTag({ status: 'weird' as never, leaf_index: null }).type).toBe('info')
    for (const s of ['pending', 'anchored', 'weird']) expect(inBoth(statusTag({ status: s as never, leaf_index: 1 }).key)).toBe(true)
  })
  it('renders 待锚定 / 已锚定 with the leaf', async () => {
    const pending = await render(EvidenceStatusTag, { evidence: { id: 3, status: 'pending', leaf_index: null } })
    expect(pending).toContain('待锚定')
    expect(pending).toContain('data-status="pending"')
    expect(pending).not.toContain('#')
    const anchored = await render(EvidenceStatusTag, { evidence: { id: 4, status: 'anchored', leaf_index: 12 } })
    expect(anchored).toContain('已锚定')
    expect(anchored).toContain('叶 #12')
    expect(anchored).toContain('el-tag--success')
    expect(await render(EvidenceStatusTag, { evidence: { id: 4, status: 'anchored', leaf_index: 12 } }, 'en')).toContain('Anchored · leaf #12')
  })
})

describe('hashes and sizes', () => {
  it('shortens long digests, keeps short ones', () => {
    const hex = 'a'.repeat(12) + 'b'.repeat(40) + 'c'.repeat(12)
    expect(shortHash(hex)).toBe(`${'a'.repeat(12)}…${'c'.repeat(6)}`)
    expect(shortHash('abcdef')).toBe('abcdef')
    expect(shortHash(null)).toBe('')
  })
  it('formats sizes', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(1023)).toBe('1023 B')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB')
    expect(formatBytes(300 * 1024 * 1024)).toBe('300 MB')
    expect(formatBytes(-1)).toBe('')
  })
})

describe('upload form', () => {
  it('needs a non-empty file', () => {
    expect(validateEvidenceForm(form({ file: null }), NOW).file?.key).toBe('evidence.form.fileRequired')
    expect(validateEvidenceForm(form({ file: file(0) }), NOW).file?.key).toBe('evidence.form.fileEmpty')
    expect(validateEvidenceForm(form(), NOW)).toEqual({})
  })
  it('checks the optional source URL', () => {
    expect(validateEvidenceForm(form({ source_url: 'https://shop.example.com/item/1?a=b' }), NOW)).toEqual({})
    expect(validateEvidenceForm(form({ source_url: '  http://x.example  ' }), NOW)).toEqual({})
    expect(validateEvidenceForm(form({ source_url: 'ftp://x.example/a' }), NOW).source_url?.key).toBe('ids.url')
    expect(validateEvidenceForm(form({ source_url: 'shop.example.com' }), NOW).source_url?.key).toBe('ids.url')
    expect(validateEvidenceForm(form({ source_url: 'https://a b' }), NOW).source_url?.key).toBe('ids.url')
    expect(validateEvidenceForm(form({ source_url: `https://x.example/${'a'.repeat(2100)}` }), NOW).source_url?.key).toBe('evidence.form.urlTooLong')
  })
  it('checks the optional capture time (Shanghai wall clock, not in the future)', () => {
    expect(validateEvidenceForm(form({ captured_at: '2026-11-20 11:59:00' }), NOW)).toEqual({})
    expect(validateEvidenceForm(form({ captured_at: '2026-11-20 12:00:30' }), NOW)).toEqual({}) // skew allowed
    expect(validateEvidenceForm(form({ captured_at: '2026-11-20 12:05:00' }), NOW).captured_at?.key).toBe('evidence.form.capturedFuture')
    expect(validateEvidenceForm(form({ captured_at: '2026-02-30 10:00:00' }), NOW).captured_at?.key).toBe('evidence.form.capturedInvalid')
    expect(validateEvidenceForm(form({ captured_at: 'yesterday' }), NOW).captured_at?.key).toBe('evidence.form.capturedInvalid')
  })
  it('limits the description', () => {
    expect(validateEvidenceForm(form({ description: '证'.repeat(2000) }), NOW)).toEqual({})
    const e = validateEvidenceForm(form({ description: '证'.repeat(2001) }), NOW)
    expect(e.description).toEqual({ key: 'evidence.form.descriptionTooLong', params: { max: 2000 } })
  })
  it('reports every field at once, with keys both locales have', () => {
    const e = validateEvidenceForm({ file: null, source_url: 'x', captured_at: 'bad', description: 'd'.repeat(2001) }, NOW)
    expect(Object.keys(e).sort()).toEqual(['captured_at', 'description', 'file', 'source_url'])
    for (const m of Object.values(e)) expect(inBoth(m!.key)).toBe(true)
    expect(inBoth('evidence.form.fileEmpty') && inBoth('evidence.form.urlTooLong') && inBoth('evidence.form.capturedFuture')).toBe(true)
  })
  it('sends RFC 3339 times and leaves blank fields out', () => {
    expect(shanghaiLocalToRfc3339('2026-11-20 09:30:00')).toBe('2026-11-20T09:30:00+08:00')
    expect(shanghaiLocalToRfc3339('2026-11-20T09:30')).toBe('2026-11-20T09:30:00+08:00')
    expect(shanghaiLocalToRfc3339('2026-13-01 00:00:00')).toBeNull()
    expect(uploadFields(form({ source_url: ' https://a.example ', captured_at: '2026-11-20 09:30:00', description: ' 截图 ' }))).toEqual({
      source_url: 'https://a.example', captured_at: '2026-11-20T09:30:00+08:00', description: '截图',
    })
    expect(uploadFields(form({ description: '   ' }))).toEqual({})
  })
  it('builds the multipart body: file plus the given fields', () => {
    const f = file(3, '截图.png')
    const body = evidenceForm(f, { source_url: 'https://a.example', captured_at: '', description: ' d ' })
    expect((body.get('file') as File).name).toBe('截图.png')
    expect(body.get('source_url')).toBe('https://a.example')
    expect(body.has('captured_at')).toBe(false)
    expect(body.get('description')).toBe('d')
  })
})

const REPORT: PackageReport = {
  ok: false,
  checks: [
    { id: 'archive', title_zh: '证据包结构完整', title_en: 'Package structure', ok: true, detail: '8 个文件' },
    { id: 'file_sha256', title_zh: '文件 SHA-256 与清单一致', title_en: 'File SHA-256 matches the manifest', ok: false, detail: '计算值 ab…' },
    { id: 'timestamp', title_zh: '可信时间戳有效', title_en: '', ok: true, detail: '' },
  ],
}

describe('package report', () => {
  it('titles in the current language, falling back to the other, then the id', () => {
    expect(checkTitle(REPORT.checks[1], 'zh')).toBe('文件 SHA-256 与清单一致')
    expect(checkTitle(REPORT.checks[1], 'en')).toBe('File SHA-256 matches the manifest')
    expect(checkTitle(REPORT.checks[2], 'en')).toBe('可信时间戳有效')
    expect(checkTitle({ id: 'x', title_zh: '', title_en: '' }, 'zh')).toBe('x')
  })
  it('counts and never passes with a failed check', () => {
    expect(reportCounts(REPORT)).toEqual({ passed: 2, failed: 1, total: 3 })
    expect(reportPassed(REPORT)).toBe(false)
    expect(reportPassed({ ...REPORT, ok: true })).toBe(false)
    const all = { ok: true, checks: REPORT.checks.map((c) => ({ ...c, ok: true })) }
    expect(reportPassed(all)).toBe(true)
    expect(reportPassed({ ok: false, checks: all.checks })).toBe(false)
  })
  it('renders the overall result and each check in order with ✓ / ✗', async () => {
    const html = await render(VerifyReport, { report: REPORT, fileName: 'evidence-7.zip' })
    expect(html).toContain('data-testid="verify-result" data-ok="false"')
    expect(html).toContain('验证未通过')
    expect(html).toContain('2 / 3 项检查通过')
    expect(html).toContain('evidence-7.zip')
    const order = ['verify-check-archive', 'verify-check-file_sha256', 'verify-check-timestamp'].map((id) => html.indexOf(id))
    expect(order.every((i) => i > 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    expect(html).toMatch(/data-testid="verify-check-archive"[^>]*data-ok="true"[\s\S]*?✓[\s\S]*?证据包结构完整/)
    expect(html).toMatch(/data-testid="verify-check-file_sha256"[^>]*data-ok="false"[\s\S]*?✗[\s\S]*?文件 SHA-256 与清单一致[\s\S]*?计算值 ab…/)
  })
  it('renders English titles and the passed verdict', async () => {
    const ok: PackageReport = { ok: true, checks: REPORT.checks.map((c) => ({ ...c, ok: true })) }
    const html = await render(VerifyReport, { report: ok }, 'en')
    expect(html).toContain('data-ok="true"')
    expect(html).toContain('Verified')
    expect(html).toContain('3 of 3 checks passed')
    expect(html).toContain('File SHA-256 matches the manifest')
    expect(html).not.toContain('✗')
  })
})

describe('peer form', () => {
  const VKEY = 'zhibao.example/pudong+1a2b3c4d+AfE2tZ1f7xO0xw2mR3eI7m1o0s0l9a3nC8kq2dGx5l4Z'
  it('reads one key a line', () => {
    expect(parseVkeys(`  ${VKEY}\n\n${VKEY}\r\nb+00000000+AA==\n`)).toEqual([VKEY, 'b+00000000+AA=='])
  })
  it('checks name, keys and the optional PEM', () => {
    expect(validatePeerForm({ name: '浦东新区', vkeys: VKEY, tsa_ca_pem: '' })).toEqual({})
    expect(validatePeerForm({ name: ' ', vkeys: '', tsa_ca_pem: '' })).toEqual({
      name: { key: 'ledger.peers.nameRequired' }, vkeys: { key: 'ledger.peers.vkeysRequired' },
    })
    expect(validatePeerForm({ name: 'x', vkeys: `${VKEY}\nnot a key`, tsa_ca_pem: '' }).vkeys).toEqual({ key: 'ledger.peers.vkeyInvalid', params: { n: 2 } })
    expect(validatePeerForm({ name: 'x', vkeys: VKEY, tsa_ca_pem: 'MIIB...' }).tsa_ca_pem?.key).toBe('ledger.peers.pemInvalid')
    expect(validatePeerForm({ name: 'x', vkeys: VKEY, tsa_ca_pem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----' })).toEqual({})
    for (const k of ['nameRequired', 'nameTooLong', 'vkeysRequired', 'vkeyInvalid', 'pemInvalid']) expect(inBoth(`ledger.peers.${k}`)).toBe(true)
  })
})

describe('routes and menu', () => {
  it('puts 账本状态 under 电子存证 for evidence:ledger:view only', () => {
    const menu = buildMenu(consoleChildren, [EVIDENCE_PERMS.ledgerView])
    expect(menu.map((m) => m.key)).toEqual(['home', 'evidence'])
    expect(menu[1].children?.map((c) => c.path)).toEqual(['/console/evidence/ledger'])
    expect(buildMenu(consoleChildren, ['case:matter:list', EVIDENCE_PERMS.view]).some((m) => m.key === 'evidence')).toBe(false)
    expect(buildMenu(consoleChildren, ['*:*:*']).some((m) => m.key === 'evidence')).toBe(true)
    expect(inBoth('menu.evidence') && inBoth('menu.ledger')).toBe(true)
  })
  it('serves /verify without login', () => {
    const verify = routes.find((r) => r.path === '/verify')
    expect(verify?.name).toBe('verify')
    expect(verify?.meta?.auth).toBeFalsy()
  })
})
