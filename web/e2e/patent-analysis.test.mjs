// Patent analytics in the browser against the real server (ZHIBAO_BIN) and its demo data (12 demo patents, the demo
// concordance tables, Binhai populations, two watch lists):
// - 专利分析: the charts render over all patents and over a query, and one exports as XLSX;
// - 高价值专利: Binhai's high-value count with all five criteria (6, hand-counted in
//   crates/server/tests/api/patent_analysis.rs), then with the strategic-industry criterion switched off (4);
// - 专利预警: the examiner sees the office's list with its alerts; a new list, then a check of the stored patents
//   (the same sweep an import runs) raises a new alert that appears in the history and in the unread count;
// - 相似专利: a lithium-battery patent's nearest prior art is listed beside it.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { byTestId, DEMO_PASSWORD, fill, launchBrowser, login, newPage, screenshot, startServer } from './helpers.mjs'

let server
let browser

before(async () => {
  server = await startServer()
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
