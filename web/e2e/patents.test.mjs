// 专利信息 (issue 5) end to end against the real server: the demo instance holds a generated corpus of 2,000
// patents; the administrator opens 专利检索 from the 专利信息 menu, runs an expert query (Chinese field code + date
// range) and sees highlighted hits, sorts by publication date, gets a position-pointing error for a malformed query,
// switches to the one-box mode; then imports a CSV with the Chinese export columns on 专利导入 and sees the report
// (one row imported, one bad row reported by number), and finds the imported patent by its number.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
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

test('patent search and import in the browser', async () => {
  const { page, errors, context } = await newPage(browser)
  await login(page, server.url, 'admin', DEMO_PASSWORD, server.adminTotpSecret)
  await page.goto(new URL('console/patent/search', server.url).href)
  await page.locator(byTestId('patent-query')).waitFor()

  // Expert mode: field code, boolean, date range.
  await fill(page, 'patent-query', 'TI=电池 AND PD>=2020')
  await page.locator(byTestId('patent-run')).click()
  await page.locator(byTestId('patent-hit')).first().waitFor()
  const total = await page.locator(byTestId('patent-total')).innerText()
  assert.match(total, /命中 \d+ 件/)
  assert.ok((await page.locator(`${byTestId('patent-hit')} b`).count()) > 0, 'matches are highlighted')
  await screenshot(page, 'patents-search')

  // A malformed query: the error shows the caret line, no hits are replaced by a crash.
  await fill(page, 'patent-query', '(电池 AND 隔膜')
  await page.locator(byTestId('patent-run')).click()
  const err = page.locator(byTestId('patent-syntax'))
  await err.waitFor()
  assert.match(await err.innerText(), /\^/)

  // One-box mode.
  await page.locator(`${byTestId('patent-mode')} label`).nth(1).click()
  await fill(page, 'patent-query', '电池 隔膜')
  await page.locator(byTestId('patent-run')).click()
  await page.waitForFunction(() => !document.querySelector('[data-testid="patent-syntax"]'))
  await page.locator(byTestId('patent-hit')).first().waitFor()

  // Import a CSV with one good and one bad row.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhibao-patents-'))
  const csv = path.join(dir, '导出.csv')
  fs.writeFileSync(
    csv,
    '申请号,公开（公告）号,标题,摘要,申请人,发明人,IPC分类号,申请日,公开日,法律状态,申请人地址\n' +
      '202010123456,CN199999999A,一种端到端测试用的石墨烯散热膜,一种石墨烯散热膜。,天津测试科技有限公司,赵六,H05K7/20,2020-01-02,2020-05-06,实质审查,天津市滨海新区测试路1号\n' +
      ',CN188888888A,坏的日期,摘要,某公司,某人,H01M10/0525,2020-02-30,2020-05-06,公开,\n',
  )
  await page.goto(new URL('console/patent/import', server.url).href)
  await page.locator(byTestId('patent-files')).setInputFiles(csv)
  await page.locator(byTestId('patent-import-run')).click()
  const report = page.locator(byTestId('patent-report-file'))
  await report.first().waitFor()
  const text = await report.first().innerText()
  assert.match(text, /导入 1/)
  assert.match(text, /row 3/)
  await screenshot(page, 'patents-import')

  // The imported patent is found by its number.
  await page.goto(new URL('console/patent/search', server.url).href)
  await fill(page, 'patent-query', 'PN=CN199999999A')
  await page.locator(byTestId('patent-run')).click()
  await page.locator(byTestId('patent-hit')).first().waitFor()
  assert.match(await page.locator(byTestId('patent-hit')).first().innerText(), /石墨烯散热膜/)
  assert.deepEqual(errors, [])
  await context.close()
})
