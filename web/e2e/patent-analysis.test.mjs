// Patent analytics in the browser against the real server (ZHIBAO_BIN) and its demo data (12 demo patents, the demo
// concordance tables, Binhai populations, two watch lists):
// - 专利分析: the charts render over all patents and over a query, and one exports as XLSX;
// - 高价值专利: Binhai's high-value count with all five criteria (6, hand-counted in
//   crates/server/tests/api/patent_analysis.rs), then with the strategic-industry criterion switched off (4);
// - 专利预警: the examiner sees the office's list with its alerts; a new list, then a check of the stored patents
//   (the same sweep an import runs) raises a new alert that appears in the history and in the unread count, and in
//   the console's notification bell, where reading it lowers both counts;
// - an import (the patents-core upload endpoint, called from the page) raises an alert for a list made in the
//   browser, shown on the watch page;
// - 相似专利: a lithium-battery patent's nearest prior art is listed beside it.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { byTestId, DEMO_PASSWORD, fill, launchBrowser, login, newPage, screenshot, startServer } from './helpers.mjs'

let server
let browser

before(async () => {
  // Only the analytics demo's 12 patents (the hand-counted figures below), not the 2,000-document search corpus.
  server = await startServer({ args: ['--demo-patents', '0'] })
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

const go = (page, p) => page.goto(new URL(`console/${p}`, server.url).href)
const attr = (page, id, name) => page.locator(byTestId(id)).first().getAttribute(name)

test('专利分析 and 高价值专利: charts render, counts are right, exports download', async () => {
  const { context, page, errors } = await newPage(browser)
  await login(page, server.url, 'deptadmin', DEMO_PASSWORD)

  await go(page, 'patent/analysis')
  await page.locator(`${byTestId('pa-chart-year')}[data-rendered="true"]`).waitFor()
  assert.equal(await attr(page, 'pa-total', 'data-total'), '12')
  for (const id of ['pa-chart-applicant', 'pa-chart-ipc', 'pa-chart-region', 'pa-chart-status', 'pa-chart-inventor']) {
    await page.locator(`${byTestId(id)}[data-rendered="true"]`).waitFor()
    assert.ok(Number(await attr(page, id, 'data-bars')) > 0, id)
  }
  assert.ok((await page.locator(`${byTestId('pa-matrix')} tbody tr`).count()) > 0)
  await screenshot(page, 'patent-analysis')

  // Over a query: only the H01M patents.
  await fill(page, 'pa-query', 'IPC=H01M*')
  await page.locator(byTestId('pa-run')).click()
  await page.locator(`${byTestId('pa-total')}[data-total="5"]`).waitFor()

  // Export one chart's data.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(byTestId('pa-chart-ipc-xlsx')).click()])
  assert.match(download.suggestedFilename(), /\.xlsx$/)

  await go(page, 'patent/high-value')
  await page.locator(byTestId('hv-count')).waitFor()
  await page.waitForFunction(() => document.querySelector('[data-testid="hv-count"]')?.textContent?.trim() === '6')
  assert.equal((await page.locator(byTestId('hv-valid')).textContent())?.trim(), '7')
  assert.equal((await page.locator(`${byTestId('hv-hits')} tbody tr`).count()), 6)
  await screenshot(page, 'patent-high-value')
  await page.locator(byTestId('hv-c-strategic_industry')).click()
  await page.locator(byTestId('hv-run')).click()
  await page.waitForFunction(() => document.querySelector('[data-testid="hv-count"]')?.textContent?.trim() === '4')
  assert.deepEqual(errors, [])
  await context.close()
})

test('专利预警: a new watch list raises an alert when the stored patents are checked', async () => {
  const { context, page, errors } = await newPage(browser)
  await login(page, server.url, 'examiner', DEMO_PASSWORD)
  await go(page, 'patent/watch')
  await page.locator(`${byTestId('watch-lists')} tbody tr`).first().waitFor()
  assert.match((await page.locator(byTestId('watch-lists')).textContent()) ?? '', /锂电池技术预警/)
  await page.locator(`${byTestId('watch-unread')}[data-unread="3"]`).waitFor()
  const before = Number(await attr(page, 'watch-alerts', 'data-total'))

  await page.locator(byTestId('watch-add')).click()
  await page.locator(byTestId('watch-dialog')).waitFor()
  // A malformed IPC range is refused next to its field.
  await fill(page, 'watch-name', '固态电解质（测试）')
  await fill(page, 'watch-ipc', 'Z99')
  await page.locator(byTestId('watch-submit')).click()
  await page.locator(`${byTestId('watch-dialog')} .el-form-item__error`).first().waitFor()
  await fill(page, 'watch-ipc', 'H01M')
  await fill(page, 'watch-keywords', '电解质')
  await page.locator(byTestId('watch-submit')).click()
  await page.locator(byTestId('watch-dialog')).waitFor({ state: 'hidden' })
  await page.waitForFunction(() => /固态电解质（测试）/.test(document.querySelector('[data-testid="watch-lists"]')?.textContent ?? ''))

  await page.locator(byTestId('watch-sweep')).click()
  await page.locator(`${byTestId('watch-unread')}[data-unread="4"]`).waitFor()
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="watch-alerts"]')?.getAttribute('data-total')) === n, before + 1)
  assert.match((await page.locator(byTestId('watch-alerts')).textContent()) ?? '', /固态电解质（测试）/)
  await screenshot(page, 'patent-watch')

  // The bell (站内提醒) counts the patent alerts with the case notices and lists them; reading one there lowers the
  // bell's count and the watch page's.
  const server4 = await page.evaluate(async () => (await (await fetch('/api/v1/notifications')).json()))
  assert.equal(server4.unread_patent_alerts, 4)
  assert.ok(server4.unread >= 4, JSON.stringify(server4))
  await page.locator(byTestId('notify-bell')).click()
  await page.locator(byTestId('notify-panel')).waitFor()
  await page.waitForFunction((sel) => Number(document.querySelector(sel)?.dataset.unread) >= 4, byTestId('notify-bell'))
  const before4 = Number(await attr(page, 'notify-bell', 'data-unread'))
  const alertItem = page.locator('[data-testid^="notify-item-pa-"][data-read="false"]').first()
  await alertItem.waitFor()
  assert.equal(await alertItem.getAttribute('data-kind'), 'patent_alert')
  assert.match((await alertItem.textContent()) ?? '', /专利预警/)
  await alertItem.click()
  await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel)?.dataset.unread) === n, [byTestId('notify-bell'), before4 - 1])
  const server3 = await page.evaluate(async () => (await (await fetch('/api/v1/notifications')).json()))
  assert.equal(server3.unread_patent_alerts, 3)
  await page.reload()
  await page.locator(`${byTestId('watch-unread')}[data-unread="3"]`).waitFor()
  assert.deepEqual(errors, [])
  await context.close()
})

test('相似专利: a patent beside its nearest prior art', async () => {
  const { context, page, errors } = await newPage(browser)
  await login(page, server.url, 'examiner', DEMO_PASSWORD)
  await go(page, 'patent/similar')
  await fill(page, 'sim-pn', 'CN109000001B')
  await page.locator(byTestId('sim-run')).click()
  await page.locator(`${byTestId('sim-hits')} tbody tr`).first().waitFor()
  assert.match((await page.locator(byTestId('sim-probe')).textContent()) ?? '', /锂离子电池负极材料/)
  assert.match((await page.locator(byTestId('sim-detail')).textContent()) ?? '', /H01M/)
  await screenshot(page, 'patent-similar')
  assert.deepEqual(errors, [])
  await context.close()
})

const IMPORT_CSV = '申请号,公开（公告）号,标题,摘要,申请人,发明人,IPC分类号,申请日,公开日,法律状态,申请人地址\n' +
  '202510123456,CN118888881A,一种钠离子电池正极材料,一种钠离子电池的层状氧化物正极材料。,天津示例新能源科技有限公司,张三,H01M4/505,2025-01-02,2025-05-06,实质审查,天津市滨海新区第三大街\n'

test('专利预警: an import raises an alert for a list made in the browser', async () => {
  const { context, page, errors } = await newPage(browser)
  await login(page, server.url, 'admin', DEMO_PASSWORD, server.adminTotpSecret)
  await go(page, 'patent/watch')
  await page.locator(`${byTestId('watch-lists')} tbody tr`).first().waitFor()
  await page.locator(byTestId('watch-add')).click()
  await page.locator(byTestId('watch-dialog')).waitFor()
  await fill(page, 'watch-name', '钠电预警（测试）')
  await fill(page, 'watch-keywords', '钠离子')
  await page.locator(byTestId('watch-submit')).click()
  await page.locator(byTestId('watch-dialog')).waitFor({ state: 'hidden' })
  const before = Number(await attr(page, 'watch-alerts', 'data-total'))

  // The import: one CSV file through the upload endpoint, as the import page sends it.
  const res = await page.evaluate(async (csv) => {
    const token = document.cookie.split('; ').find((c) => c.startsWith('zb_csrf='))?.slice(8)
    const fd = new FormData()
    fd.append('file', new Blob([csv], { type: 'text/csv' }), '导出.csv')
    const r = await fetch('/api/v1/patents/import', { method: 'POST', body: fd, headers: token ? { 'X-CSRF-Token': decodeURIComponent(token) } : {} })
    return { status: r.status, body: await r.json() }
  }, IMPORT_CSV)
  assert.equal(res.status, 200, JSON.stringify(res.body))
  assert.equal(res.body.files[0].imported, 1)

  await page.reload()
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="watch-alerts"]')?.getAttribute('data-total')) === n, before + 1)
  assert.match((await page.locator(byTestId('watch-alerts')).textContent()) ?? '', /钠电预警（测试）/)
  assert.match((await page.locator(byTestId('watch-alerts')).textContent()) ?? '', /import:admin/)
  await screenshot(page, 'patent-watch-import')
  assert.deepEqual(errors, [])
  await context.close()
})
