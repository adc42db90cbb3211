// 检查任务 at phone size (390×844) against the real server with the demo data: the demo inspector opens their task,
// answers the checklist, uploads a photo (stored as evidence), records a finding — refused without a follow-up, then
// saved with one — and opens a matter from it; the task links to the matter's receipt number. The public draws page
// lists the demo's completed draw.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { byTestId, DEMO_PASSWORD, launchBrowser, login, screenshot, startServer } from './helpers.mjs'

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

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52])

test('检查任务 on a phone: checklist, photo, finding → matter', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', isMobile: true, hasTouch: true })
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  const errors = []
  page.on('pageerror', (e) => errors.push(String(e)))
  await login(page, server.url, 'inspector', DEMO_PASSWORD)
  await page.goto(new URL('console/grid/tasks', server.url).href)
  await page.locator(byTestId('task-list')).waitFor()
  // The demo inspector's ad-hoc task is waiting (待检查).
  const task = page.locator(`${byTestId('task-list')} .task`, { hasText: '待检查' }).first()
  await task.click()
  await page.locator(byTestId('task-page')).waitFor()
  const points = await page.locator('.point').count()
  assert.ok(points > 0, 'the checklist of the inspection item is shown')
  for (let i = 0; i < points; i++) {
    await page.locator(`${byTestId(`point-${i}`)} .el-radio-button`).nth(i === 0 ? 1 : 0).click()
  }
  await page.locator(byTestId('notes')).fill('货架上发现疑似假冒注册商标商品 12 件')
  await page.locator(byTestId('photo-input')).setInputFiles({ name: 'shelf.png', mimeType: 'image/png', buffer: PNG })
  await page.locator(byTestId('photo')).first().waitFor()
  assert.match(await page.locator(byTestId('photo')).first().innerText(), /shelf\.png/)
  // A finding without a follow-up is refused field by field.
  await page.locator(byTestId('outcome')).click()
  await page.locator('.el-select-dropdown__item', { hasText: '不合格' }).click()
  await page.locator(byTestId('save')).click()
  await page.locator(byTestId('follow-up-error')).waitFor()
  await page.locator(byTestId('follow-up')).fill('责令立即下架，移交立案查处')
  await page.locator(byTestId('save')).click()
  await page.locator(byTestId('open-matter')).waitFor()
  await screenshot(page, '90-draw-task-phone')
  await page.locator(byTestId('open-matter')).click()
  await page.locator(byTestId('matter-link')).waitFor()
  assert.match(await page.locator(byTestId('matter-link')).innerText(), /[A-Z]+-JB-\d{4}-\d+/)
  // The page fits the phone: no horizontal scrolling.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(overflow <= 1, `no horizontal overflow at 390 px (got ${overflow})`)
  await screenshot(page, '91-draw-task-matter')
  assert.deepEqual(errors, [])
  await context.close()
})

test('公示: the public draws page lists the completed demo draw', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })
  const page = await context.newPage()
  await page.goto(new URL('draws', server.url).href)
  await page.locator(byTestId('public-draws')).getByText('SJ-2026-001').waitFor()
  assert.match(await page.locator(byTestId('public-draws')).innerText(), /已公示/)
  await context.close()
})
