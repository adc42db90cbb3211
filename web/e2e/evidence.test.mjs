// The evidence vault (电子存证) end to end: the officer opens a matter, uploads a small PNG in the 证据 tab and sees its
// real SHA-256 in the table; once the item is anchored (a signed checkpoint includes it) the file and the package
// (证据包) are downloaded; logged out, the public page /verify passes the package and fails a tampered copy; the
// 账本状态 page (as deptadmin) shows a non-empty ledger, verifies it, and adds and removes a peer region. Runs against
// the real server (ZHIBAO_BIN) and the mock (ZHIBAO_BIN=mock/zhibao-mock.mjs). Demo permissions used: officer
// evidence:item:view + evidence:item:add; deptadmin evidence:ledger:view + evidence:ledger:verify + evidence:ledger:peers.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { byTestId, DEMO_PASSWORD, fill, launchBrowser, login, newPage, screenshot, startServer } from './helpers.mjs'
import { crc32, readZip, writeZip } from '../mock/zip.mjs'

const suffix = Date.now().toString(36).slice(-5)
const FILE_NAME = `evidence-e2e-${suffix}.png`

/** A valid 1×1 PNG carrying a text chunk that makes it unique to this run. */
function uniquePng() {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([len, body, crc])
  }
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]) // 1×1, 8-bit RGBA
  const idat = zlib.deflateSync(Buffer.from([0, 0x1d, 0x4f, 0x91, 0xff])) // filter 0, one blue pixel
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', ihdr),
    chunk('tEXt', Buffer.from(`Comment\0zhibao e2e evidence ${suffix} ${new Date().toISOString()}`, 'latin1')),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ])
}
const PNG = uniquePng()
const SHA256 = crypto.createHash('sha256').update(PNG).digest('hex')

/**
 * A copy of the package with one byte of the evidence file flipped (found by content, whatever the member's name
 * and compression), the archive rewritten with correct CRCs so that only the evidence checks can notice. When the
 * package holds no byte-identical copy of the file, the manifest's SHA-256 of it is altered instead.
 */
function tamper(zip, original) {
  const members = readZip(zip)
  const hit = members.find((m) => m.data.equals(original))
  if (hit) {
    const data = Buffer.from(hit.data)
    data[data.length >> 1] ^= 0x01
    hit.data = data
    return { zip: writeZip(members.map(({ name, data: d, method }) => ({ name, data: d, method }))), what: hit.name }
  }
  const sha = crypto.createHash('sha256').update(original).digest('hex')
  const holder = members.find((m) => m.data.toString('latin1').includes(sha))
  assert.ok(holder, `the package holds neither the file nor its SHA-256: ${members.map((m) => m.name).join(', ')}`)
  const flipped = sha.slice(0, -1) + (sha.endsWith('0') ? '1' : '0')
  holder.data = Buffer.from(holder.data.toString('latin1').replace(sha, flipped), 'latin1')
  return { zip: writeZip(members.map(({ name, data: d, method }) => ({ name, data: d, method }))), what: holder.name }
}

let server
let browser
let tmp

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zhibao-e2e-evidence-'))
})

after(async () => {
  await browser?.close()
  await server?.stop()
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true })
})

test('evidence vault: upload, anchoring, package, public verification, tampering, ledger', async (t) => {
  const { context, page, errors } = await newPage(browser)
  const url = (p) => new URL(p, server.url).href
  let id = 0
  let packagePath = ''
  let packageBytes = null

  await t.test('the officer uploads a PNG in the 证据 tab and sees its real SHA-256', async () => {
    await login(page, server.url, 'officer', DEMO_PASSWORD)
    await page.goto(url('console/case/list'))
    await page.locator(byTestId('page-case-list')).waitFor()
    const first = page.locator('[data-testid^="case-row-"]').first()
    await first.waitFor()
    await first.click()
    await page.locator(byTestId('page-case-detail')).waitFor()
    await page.locator('#tab-evidence').click()
    await page.locator(byTestId('evidence-panel')).waitFor()
    await page.locator(byTestId('evidence-upload-form')).waitFor()

    // The client checks the optional fields before sending anything.
    await page.locator(byTestId('evidence-submit')).click()
    await page.locator(`${byTestId('evidence-upload-form')} .el-form-item__error`).first().waitFor()

    await page.locator(`${byTestId('evidence-upload')} input[type="file"]`).setInputFiles({ name: FILE_NAME, mimeType: 'image/png', buffer: PNG })
    await fill(page, 'evidence-source-url', 'https://shop.example.com/item/1001')
    await fill(page, 'evidence-description', `网店商品页面截图（E2E ${suffix}）`)
    // The capture time, typed as the picker shows it (Shanghai wall clock), an hour ago to the second.
    const captured = new Date(Math.floor(Date.now() / 1000) * 1000 - 3600_000)
    const capturedText = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    }).format(captured)
    const picker = page.locator(`${byTestId('evidence-captured-at')} input`)
    await picker.fill(capturedText)
    await picker.press('Enter')
    await page.locator(byTestId('evidence-count')).click()
    const answer = page.waitForResponse(
      (r) => /\/api\/v1\/cases\/\d+\/evidence$/.test(new URL(r.url()).pathname) && r.request().method() === 'POST',
    )
    await page.locator(byTestId('evidence-submit')).click()
    const res = await answer
    assert.equal(res.status(), 201)
    const item = await res.json()
    id = item.id
    assert.equal(item.file_name, FILE_NAME)
    assert.equal(item.size, PNG.length)
    assert.equal(item.sha256, SHA256, 'the server hashed exactly the bytes uploaded')
    assert.equal(item.source_url, 'https://shop.example.com/item/1001')
    assert.equal(Date.parse(item.captured_at), captured.getTime(), `captured_at ${item.captured_at} is ${capturedText} in Shanghai`)

    const hash = page.locator(byTestId(`evidence-sha256-${id}`))
    await hash.waitFor()
    assert.equal(await hash.getAttribute('data-full'), SHA256)
    assert.equal((await hash.innerText()).trim(), `${SHA256.slice(0, 8)}…${SHA256.slice(-6)}`)
    assert.equal((await page.locator(byTestId(`evidence-name-${id}`)).innerText()).trim(), FILE_NAME)
    assert.match(await page.locator(byTestId(`evidence-sm3-${id}`)).getAttribute('data-full'), /^[0-9a-f]{64}$/)
    assert.match(await page.locator(byTestId(`evidence-status-${id}`)).getAttribute('data-status'), /^(pending|anchored)$/)
    await screenshot(page, '40-evidence-uploaded')
  })

  await t.test('the item is anchored once a signed checkpoint includes it (刷新 until then)', async () => {
    // No timers in the page: the test presses 刷新 (shown while anything is pending) until the status changes.
    await page.waitForFunction(
      ([statusSel, refreshSel]) => {
        if (document.querySelector(statusSel)?.getAttribute('data-status') === 'anchored') return true
        const button = document.querySelector(refreshSel)
        if (button && !button.classList.contains('is-loading')) button.click()
        return false
      },
      [byTestId(`evidence-status-${id}`), byTestId('evidence-refresh')],
      { polling: 1000, timeout: 120_000 },
    )
    assert.match(await page.locator(byTestId(`evidence-status-${id}`)).innerText(), /已锚定/)
    await page.locator(byTestId('evidence-refresh')).waitFor({ state: 'detached' }).catch(() => {})
    await screenshot(page, '41-evidence-anchored')
  })

  await t.test('the file and the package download', async () => {
    const fileDl = page.waitForEvent('download')
    await page.locator(byTestId(`evidence-download-${id}`)).click()
    const file = await fileDl
    const filePath = path.join(tmp, `downloaded-${FILE_NAME}`)
    await file.saveAs(filePath)
    assert.ok(fs.readFileSync(filePath).equals(PNG), 'the downloaded file is the uploaded one')

    const pkgDl = page.waitForEvent('download')
    await page.locator(byTestId(`evidence-package-${id}`)).click()
    const pkg = await pkgDl
    assert.equal(pkg.suggestedFilename(), `evidence-${id}.zip`)
    packagePath = path.join(tmp, pkg.suggestedFilename())
    await pkg.saveAs(packagePath)
    packageBytes = fs.readFileSync(packagePath)
    const members = readZip(packageBytes)
    assert.ok(members.some((m) => m.data.equals(PNG)), `the package holds the file: ${members.map((m) => m.name).join(', ')}`)
    assert.ok(members.some((m) => /readme/i.test(m.name)), 'the package explains offline verification in a README')
  })

  await t.test('logged out, /verify passes the package', async () => {
    const pub = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
    const p2 = await pub.newPage()
    p2.setDefaultTimeout(20_000)
    p2.on('pageerror', (e) => errors.push(String(e)))
    try {
      // Reached from the portal's service card.
      await p2.goto(server.url)
      await p2.locator(byTestId('service-evidence')).click()
      await p2.locator(byTestId('page-verify')).waitFor()
      assert.match(await p2.locator(byTestId('verify-intro')).innerText(), /无需登录/)
      await p2.locator(byTestId('nav-verify')).waitFor()

      await p2.locator(`${byTestId('verify-upload')} input[type="file"]`).setInputFiles(packagePath)
      const result = p2.locator(byTestId('verify-result'))
      await result.waitFor()
      const checks = p2.locator(`${byTestId('verify-result')} [data-check]`)
      assert.ok((await checks.count()) >= 1, 'the checks are listed')
      const failed = await p2.locator(`${byTestId('verify-result')} [data-check][data-ok="false"]`).allInnerTexts()
      assert.deepEqual(failed, [], 'every check passes')
      assert.equal(await result.getAttribute('data-ok'), 'true')
      assert.match(await p2.locator(byTestId('verify-verdict')).innerText(), /验证通过/)
      assert.match(await p2.locator(byTestId('verify-file-name')).innerText(), new RegExp(`evidence-${id}\\.zip`))
      await screenshot(p2, '42-verify-passed')

      // A tampered copy: the same archive with one byte of the evidence changed.
      const { zip, what } = tamper(packageBytes, PNG)
      const tamperedPath = path.join(tmp, `evidence-${id}-tampered.zip`)
      fs.writeFileSync(tamperedPath, zip)
      await p2.locator(`${byTestId('verify-upload')} input[type="file"]`).setInputFiles(tamperedPath)
      await p2.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-ok') === 'false', byTestId('verify-result'))
      assert.match(await p2.locator(byTestId('verify-file-name')).innerText(), /tampered/)
      assert.ok(
        (await p2.locator(`${byTestId('verify-result')} [data-check][data-ok="false"]`).count()) >= 1,
        `a check fails once ${what} is altered`,
      )
      assert.match(await p2.locator(byTestId('verify-verdict')).innerText(), /验证未通过/)
      await screenshot(p2, '43-verify-tampered')
    } finally {
      await pub.close()
    }
  })

  await t.test('账本状态 (deptadmin): a non-empty ledger, its signed checkpoint, 立即校验, a peer region added and removed', async () => {
    const adm = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
    const p3 = await adm.newPage()
    p3.setDefaultTimeout(20_000)
    p3.on('pageerror', (e) => errors.push(String(e)))
    try {
      await login(p3, server.url, 'deptadmin', DEMO_PASSWORD)
      await p3.locator(byTestId('menu-evidence-ledger')).waitFor({ state: 'attached' })
      await p3.goto(url('console/evidence/ledger'))
      await p3.locator(byTestId('page-ledger')).waitFor()
      const size = Number((await p3.locator(byTestId('ledger-size')).innerText()).trim())
      assert.ok(size > 0, `the ledger holds entries (${size})`)
      assert.ok(Number(await p3.locator(byTestId('ledger-checkpoint-size')).innerText()) >= 1)
      const origin = (await p3.locator(byTestId('ledger-origin')).innerText()).trim()
      const note = await p3.locator(byTestId('ledger-checkpoint-note')).innerText()
      assert.equal(note.split('\n')[0].trim(), origin, 'the signed note starts with the origin (C2SP checkpoint)')

      await p3.locator(byTestId('ledger-verify')).click()
      await p3.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-ok') === 'true', byTestId('ledger-verify-result'), { timeout: 60_000 })
      assert.ok(Number(await p3.locator(byTestId('ledger-verify-leaves')).innerText()) >= size)

      // A peer region with this instance's own Ed25519 verifier key (a real, parseable key), then removed.
      const vkey = (await p3.locator(`${byTestId('ledger-key-ed25519')} .vkey`).innerText()).trim()
      await p3.locator(byTestId('ledger-peer-add')).click()
      await p3.locator(byTestId('dialog-peer')).waitFor()
      await fill(p3, 'peer-form-name', `E2E 互认地区 ${suffix}`)
      await fill(p3, 'peer-form-vkeys', vkey)
      const added = p3.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/ledger/peers' && r.request().method() === 'POST')
      await p3.locator(byTestId('peer-form-submit')).click()
      const peer = await (await added).json()
      await p3.locator(byTestId('dialog-peer')).waitFor({ state: 'hidden' })
      await p3.locator(byTestId(`ledger-peer-${peer.id}`)).waitFor()
      await screenshot(p3, '44-ledger')
      await p3.locator(byTestId(`ledger-peer-remove-${peer.id}`)).click()
      await p3.locator('.el-message-box .el-button--primary').click()
      await p3.locator(byTestId(`ledger-peer-${peer.id}`)).waitFor({ state: 'detached' })
    } finally {
      await adm.close()
    }
  })

  assert.deepEqual(errors, [], `no uncaught page errors: ${errors.join('\n')}`)
  await context.close()
})
