// 检查任务 at phone size (390×844) against the real server with the demo data: the demo inspector opens their task,
// answers the checklist, uploads a photo (stored as evidence), records a finding — refused without a follow-up, then
// saved with one — and opens a matter from it; the task links to the matter's receipt number. The public draws page
// lists the demo's completed draw.
// Console gaps closed afterwards (grid-ui): the inspection-item list and an inspector profile edited in the browser
// (with field errors on the form, buttons by permission), a point picked on the public report form's map and
// submitted, the matter ↔ task links followed both ways, and the console's sidebar folded into a drawer at phone
// width on every page.
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

// The task and matter of the first test's finding, followed by the link test.
let opened = null

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
  opened = { taskPath: new URL(page.url()).pathname, receipt: (await page.locator(byTestId('matter-link')).innerText()).match(/[A-Z]+-JB-\d{4}-\d+/)[0] }
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

const phoneContext = () =>
  browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', isMobile: true, hasTouch: true })
const errorOf = (page, testId) => page.locator('.el-form-item', { has: page.locator(byTestId(testId)) }).locator('.el-form-item__error')

test('检查事项清单: add with a field error, edit and disable; read-only without the permission', async () => {
  const { page, errors, context } = await newPage(browser)
  await login(page, server.url, 'deptadmin', DEMO_PASSWORD)
  await page.locator(byTestId('menu-grid-draw-items')).click()
  await page.locator(byTestId('page-draw-items')).waitFor()
  await page.locator(`${byTestId('item-table')} .el-table__body tr`).first().waitFor()
  await page.locator(byTestId('item-add')).click()
  await fill(page, 'item-code', 'E2E 1')
  await fill(page, 'item-name', '专利标识标注的检查')
  await fill(page, 'item-citation', '专利法 第十六条；专利标识标注办法 第五条')
  await fill(page, 'item-points', '是否标注专利号\n专利标识是否在有效期内')
  await page.locator(byTestId('item-save')).click()
  // The code with a space is refused on its field; nothing is stored.
  await errorOf(page, 'item-code').waitFor()
  assert.match(await errorOf(page, 'item-code').innerText(), /字母/)
  await screenshot(page, '92-draw-item-field-error')
  await fill(page, 'item-code', 'E2E-1')
  await page.locator(byTestId('item-save')).click()
  await page.locator(byTestId('item-state-E2E-1')).waitFor()
  assert.equal(await page.locator(byTestId('item-state-E2E-1')).innerText(), '启用')
  // Edit: a third point; then disable.
  await page.locator(byTestId('item-edit-E2E-1')).click()
  await fill(page, 'item-points', '是否标注专利号\n专利标识是否在有效期内\n是否标明专利类别')
  await page.locator(byTestId('item-save')).click()
  await page.locator(byTestId('item-dialog')).waitFor({ state: 'hidden' })
  await page.waitForFunction(
    (sel) => /(^|\s)3(\s|$)/.test(document.querySelector(sel)?.closest('tr')?.innerText ?? ''),
    byTestId('item-state-E2E-1'),
  )
  await page.locator(byTestId('item-toggle-E2E-1')).click()
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.trim() === '已停用', byTestId('item-state-E2E-1'))
  assert.deepEqual(errors, [])
  await context.close()

  // The leader sees the list but no editing buttons.
  const leader = await newPage(browser)
  await login(leader.page, server.url, 'leader', DEMO_PASSWORD)
  await leader.page.goto(new URL('console/grid/draw-items', server.url).href)
  await leader.page.locator(byTestId('item-state-E2E-1')).waitFor()
  assert.equal(await leader.page.locator(byTestId('item-add')).count(), 0)
  assert.equal(await leader.page.locator(byTestId('item-edit-E2E-1')).count(), 0)
  await leader.context.close()
})

test('执法检查人员名录: an expired certificate refused on its field, then expiry, home cell and a conflict saved', async () => {
  const { page, errors, context } = await newPage(browser)
  await login(page, server.url, 'deptadmin', DEMO_PASSWORD)
  await page.locator(byTestId('menu-grid-draw-inspectors')).click()
  await page.locator(byTestId('page-draw-inspectors')).waitFor()
  const row = page.locator(`${byTestId('inspector-table')} .el-table__body tr`, { hasText: '钱执法' })
  await row.locator('[data-testid^="inspector-edit-"]').click()
  await page.locator(byTestId('inspector-dialog')).waitFor()
  const expiry = page.locator(`${byTestId('inspector-dialog')} .el-date-editor input`)
  await expiry.fill('2020-01-31')
  await expiry.press('Enter')
  await page.locator(byTestId('inspector-save')).click()
  await page.locator(`${byTestId('inspector-dialog')} .el-form-item__error`).first().waitFor()
  assert.match(await page.locator(`${byTestId('inspector-dialog')} .el-form-item__error`).first().innerText(), /过期/)
  await screenshot(page, '93-draw-inspector-field-error')
  await expiry.fill('2099-12-31')
  await expiry.press('Enter')
  // A home cell: the first one offered.
  await page.locator(byTestId('inspector-cells')).click()
  const first = page.locator('[data-testid^="cell-option-"]:visible').first()
  const cellCode = (await first.getAttribute('data-testid')).replace('cell-option-', '')
  await first.click()
  await page.locator(byTestId('inspector-name')).click()
  await fill(page, 'inspector-conflict-codes', '91120116100000016W')
  await page.locator(byTestId('inspector-save')).click()
  await page.locator(byTestId('inspector-dialog')).waitFor({ state: 'hidden' })
  const uid = (await row.locator('[data-testid^="inspector-edit-"]').getAttribute('data-testid')).replace('inspector-edit-', '')
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === '2099-12-31', byTestId(`inspector-expiry-${uid}`))
  assert.match(await page.locator(byTestId(`inspector-cells-${uid}`)).innerText(), new RegExp(cellCode))
  assert.match(await page.locator(byTestId(`inspector-conflicts-${uid}`)).innerText(), /91120116100000016W/)
  await screenshot(page, '94-draw-inspectors')
  assert.deepEqual(errors, [])
  await context.close()
})

test('网格事件上报: a point picked on the map shows its cell and the report is placed there', async () => {
  const { page, errors, context } = await newPage(browser)
  await page.goto(new URL('report-event', server.url).href)
  await page.locator(`${byTestId('map-picker')}[data-rendered="true"]`).waitFor()
  assert.ok(Number(await page.locator(byTestId('map-picker')).getAttribute('data-cells')) > 100, 'the demo cells are drawn')
  await fill(page, 'report-category', '假冒注册商标')
  await fill(page, 'report-description', '商铺内销售疑似假冒注册商标的商品')
  const lonBefore = await page.locator(`${byTestId('report-lon')} input`).inputValue()
  // Click the middle of the map (scrolled into view): the district's centre lies in a cell.
  await page.locator(byTestId('map-picker')).click()
  await page.waitForFunction(
    ([lonSel, before]) => document.querySelector(lonSel)?.value !== before,
    [`${byTestId('report-lon')} input`, lonBefore],
  )
  await page.locator(`${byTestId('report-cell')}[data-state="in"]`).waitFor()
  const cell = (await page.locator(`${byTestId('report-cell')} b`).innerText()).trim()
  const lon = Number(await page.locator(`${byTestId('report-lon')} input`).inputValue())
  assert.ok(lon > 117 && lon < 118.2, `the clicked longitude is in the district (${lon})`)
  await screenshot(page, '95-report-event-map')
  // The coordinates stay typeable: a point far away is in no cell.
  await fill(page, 'report-lat', '30.00000')
  await page.locator(`${byTestId('report-lat')} input`).blur()
  await page.locator(`${byTestId('report-cell')}[data-state="outside"]`).waitFor()
  await page.locator(byTestId('map-picker')).click()
  await page.locator(`${byTestId('report-cell')}[data-state="in"]`).waitFor()
  assert.equal((await page.locator(`${byTestId('report-cell')} b`).innerText()).trim(), cell)
  await page.locator(byTestId('report-submit')).click()
  await page.locator(byTestId('report-receipt-cell')).waitFor()
  assert.match(await page.locator(byTestId('report-receipt-cell')).innerText(), new RegExp(cell))
  assert.deepEqual(errors, [])
  await context.close()
})

test('事项 ↔ 检查任务: the matter links back to its task and the task to its matter', async () => {
  assert.ok(opened, 'the first test opened a matter from a finding')
  const { page, errors, context } = await newPage(browser)
  await login(page, server.url, 'admin', DEMO_PASSWORD, server.adminTotpSecret)
  await page.goto(new URL(opened.taskPath.replace(/^\//, ''), server.url).href)
  await page.locator(byTestId('matter-link-a')).click()
  await page.locator(byTestId('case-receipt-no')).waitFor()
  assert.equal(await page.locator(byTestId('case-receipt-no')).innerText(), opened.receipt)
  const link = page.locator('[data-testid^="case-source-task-"]')
  await link.first().waitFor()
  await screenshot(page, '96-case-source-task')
  await link.first().click()
  await page.locator(byTestId('task-page')).waitFor()
  assert.equal(new URL(page.url()).pathname, opened.taskPath)
  assert.match(await page.locator(byTestId('matter-link')).innerText(), new RegExp(opened.receipt))
  assert.deepEqual(errors, [])
  await context.close()
})

test('phone width: the console sidebar is a drawer on every page', async () => {
  const context = await phoneContext()
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  const errors = []
  page.on('pageerror', (e) => errors.push(String(e)))
  await login(page, server.url, 'deptadmin', DEMO_PASSWORD)
  const sidebarGone = () => page.waitForFunction((sel) => document.querySelector(sel).getBoundingClientRect().right <= 0, byTestId('sidebar'))
  for (const path of ['console', 'console/case/list', 'console/grid/draw-items']) {
    await page.goto(new URL(path, server.url).href)
    await page.locator(byTestId('sidebar-toggle')).waitFor()
    await sidebarGone()
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 1, `no horizontal overflow on ${path} at 390 px (got ${overflow})`)
  }
  // The hamburger opens the drawer over the page; a tap outside closes it.
  await page.locator(byTestId('sidebar-toggle')).click()
  await page.locator(`${byTestId('sidebar')}[data-open="true"]`).waitFor()
  await page.waitForFunction((sel) => document.querySelector(sel).getBoundingClientRect().left >= 0, byTestId('sidebar'))
  await screenshot(page, '97-console-phone-drawer')
  await page.locator(byTestId('sidebar-mask')).click({ position: { x: 370, y: 400 } })
  await sidebarGone()
  // Choosing an entry navigates and closes the drawer.
  await page.locator(byTestId('sidebar-toggle')).click()
  await page.locator(byTestId('menu-grid-draw-inspectors')).click()
  await page.locator(byTestId('page-draw-inspectors')).waitFor()
  await page.locator(`${byTestId('sidebar')}[data-open="false"]`).waitFor({ state: 'attached' })
  await sidebarGone()
  assert.deepEqual(errors, [])
  await context.close()

  // At desktop width the sidebar stays in the page.
  const desk = await newPage(browser)
  await login(desk.page, server.url, 'deptadmin', DEMO_PASSWORD)
  const box = await desk.page.locator(byTestId('sidebar')).boundingBox()
  assert.ok(box.x >= 0 && box.width >= 60, `the desktop sidebar is shown (${JSON.stringify(box)})`)
  await desk.context.close()
})
