// The case desk (办案台) end to end, written against docs/api-cases.md so that it runs against the mock
// (ZHIBAO_BIN=mock/zhibao-mock.mjs) and, later, the real server:
// public filing of a complaint at /file → receipt → /lookup shows it received → admin (TOTP) finds it in 事项管理,
// opens it, sees the acceptance clock with its due date, performs the first action offered, sees the timeline
// grow → the public lookup shows the new state. No fixed sleeps: every wait is on the page's state.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { byTestId, choose, DEMO_PASSWORD, fill, launchBrowser, login, newPage, screenshot, shanghaiToday, startServer } from './helpers.mjs'

const suffix = Date.now().toString(36).slice(-5)
const TITLE = `某网店销售假冒专利产品（E2E ${suffix}）`
const RESPONDENT = `天津某某电子商务有限公司${suffix}`

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

/** The text of an el-form-item's error under the element with `testId`. */
async function fieldError(page, testId) {
  const item = page.locator(byTestId(testId)).locator('xpath=ancestor::div[contains(@class,"el-form-item")][1]')
  const err = item.locator('.el-form-item__error')
  await err.waitFor()
  return (await err.innerText()).trim()
}

async function lookup(page, receiptNo, queryCode) {
  await page.goto(new URL(`lookup?receipt_no=${encodeURIComponent(receiptNo)}`, server.url).href)
  await page.locator(byTestId('page-lookup')).waitFor()
  assert.equal(await page.locator(byTestId('lookup-receipt-no')).inputValue(), receiptNo)
  await fill(page, 'lookup-query-code', queryCode)
  await page.locator(byTestId('lookup-submit')).click()
  await page.locator(byTestId('lookup-result')).waitFor()
  return (await page.locator(byTestId('lookup-state')).innerText()).trim()
}

test('case desk: public filing, lookup, acceptance by an officer, lookup again', async (t) => {
  const { context, page, errors } = await newPage(browser)
  const url = (p) => new URL(p, server.url).href
  let receiptNo = ''
  let queryCode = ''
  let receivedLabel = ''

  await t.test('the portal cards lead to the public intake form', async () => {
    await page.goto(server.url)
    await page.locator(byTestId('service-complaint')).click()
    await page.locator(byTestId('page-file')).waitFor()
    await page.locator(byTestId('intake-type-complaint')).waitFor()
    assert.ok(await page.locator(`${byTestId('intake-type-complaint')}.is-checked`).count(), 'complaint is preselected')
  })

  await t.test('client-side checks: required fields and the ID-number check digit', async () => {
    await page.locator(byTestId('intake-submit')).click()
    await page.locator(byTestId('intake-errors')).waitFor()
    assert.match(await fieldError(page, 'intake-title'), /标题/)
    assert.match(await fieldError(page, 'intake-respondent-0-name'), /名称/)
    // 11010519491231002X is valid (check character X); ending in 1 is a typo the form catches.
    await fill(page, 'intake-applicant-id-number', '110105194912310021')
    await page.locator(byTestId('intake-applicant-name')).click()
    assert.match(await fieldError(page, 'intake-applicant-id-number'), /校验位.*X/)
    await fill(page, 'intake-applicant-id-number', '11010519491231002X')
  })

  await t.test('a complaint is filed and the receipt shows the receipt number and query code', async () => {
    await fill(page, 'intake-title', TITLE)
    await fill(page, 'intake-description', '在某电商平台发现该店铺销售的自动送料装置与本人专利相同，请求依法处理并责令停止销售。')
    await fill(page, 'intake-amount', '12800')
    await fill(page, 'intake-applicant-name', '张明')
    await fill(page, 'intake-applicant-phone', '13802200001')
    await fill(page, 'intake-applicant-address', '天津市滨海新区新港街道某路 1 号')
    await fill(page, 'intake-respondent-0-name', RESPONDENT)
    await fill(page, 'intake-respondent-0-credit-code', '91350100M000100Y43')
    await choose(page, 'intake-right-0-kind', 'intake-right-0-kind-opt-patent')
    await fill(page, 'intake-right-0-number', 'CN200310102344.5')
    await fill(page, 'intake-right-0-title', '一种自动送料装置')
    await fill(page, 'intake-url-0', 'https://shop.example.com/item/1001')
    await page.locator(byTestId('intake-promise')).click()
    await page.locator(byTestId('intake-title')).scrollIntoViewIfNeeded()
    await page.evaluate(() => window.scrollTo(0, 0))
    await screenshot(page, '20-intake-form')

    // The server's 422 field paths are shown next to their inputs (simulated once, so the check does not depend
    // on which rule the server happens to enforce); a path no input shows is listed above the form.
    await page.route('**/api/v1/public/matters', (route) =>
      route.fulfill({
        status: 422,
        contentType: 'application/json',
        body: JSON.stringify({
          code: 'VALIDATION',
          message: '输入有误',
          fields: { 'respondents[0].name': '被投诉人名称与登记信息不一致', 'rights[0].number': '该专利号不存在', captcha: '请完成人机验证' },
        }),
      }),
      { times: 1 },
    )
    await page.locator(byTestId('intake-submit')).click()
    assert.equal(await fieldError(page, 'intake-respondent-0-name'), '被投诉人名称与登记信息不一致')
    assert.equal(await fieldError(page, 'intake-right-0-number'), '该专利号不存在')
    assert.match(await page.locator(byTestId('intake-errors')).innerText(), /captcha：请完成人机验证/)
    await page.unroute('**/api/v1/public/matters')

    await page.locator(byTestId('intake-submit')).click()
    await page.locator(byTestId('receipt')).waitFor()
    receiptNo = (await page.locator(byTestId('receipt-no')).innerText()).trim()
    queryCode = (await page.locator(byTestId('receipt-query-code')).innerText()).trim()
    assert.match(receiptNo, /^[A-Z]{2,4}-TS-\d{4}-\d{6,}$/)
    assert.match(queryCode, /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/)
    assert.match(await page.locator(byTestId('receipt-warning')).innerText(), /查询码/)
    await screenshot(page, '21-receipt')
  })

  await t.test('the public lookup shows the matter as received', async () => {
    receivedLabel = await lookup(page, receiptNo, queryCode)
    assert.match(receivedLabel, /已接收|待受理|已受理/)
    assert.equal((await page.locator(byTestId('lookup-result-no')).innerText()).trim(), receiptNo)
    assert.ok((await page.locator(byTestId('lookup-event')).count()) >= 1)
    await screenshot(page, '22-lookup')
    // A wrong query code gets the same answer as an unknown receipt number.
    await fill(page, 'lookup-query-code', queryCode === '23456789' ? '98765432' : '23456789')
    await page.locator(byTestId('lookup-submit')).click()
    await page.locator(byTestId('lookup-error')).waitFor()
    assert.match(await page.locator(byTestId('lookup-error')).innerText(), /未查询到/)
  })

  await t.test('admin signs in with TOTP and finds the matter in 事项管理', async () => {
    await login(page, server.url, 'admin', DEMO_PASSWORD, server.adminTotpSecret)
    await page.locator(byTestId('home-case')).waitFor()
    await page.locator(byTestId('menu-case-list')).click()
    await page.locator(byTestId('page-case-list')).waitFor()
    await fill(page, 'case-search-q', receiptNo)
    await page.locator(byTestId('case-search')).click()
    await page.locator(byTestId(`case-row-${receiptNo}`)).waitFor()
    // Clear the filter again for a screenshot of the full list.
    await page.locator(byTestId('case-reset')).click()
    await page.locator(byTestId(`case-row-${receiptNo}`)).waitFor()
    await page.waitForFunction(() => !document.querySelector('[data-testid="case-table"] .el-loading-mask:not([style*="display: none"])'))
    await screenshot(page, '23-case-list')
  })

  await t.test('saved views are kept in the browser and can be applied and deleted', async () => {
    await page.locator(byTestId('case-search-open')).click()
    await page.locator(byTestId('case-views-button')).click()
    await page.locator(`${byTestId('case-view-save')}:visible`).click()
    const prompt = page.locator('.case-view-prompt')
    await prompt.waitFor()
    await prompt.locator('input').fill('在办事项')
    await prompt.locator('.el-button--primary').click()
    await prompt.waitFor({ state: 'hidden' })
    await page.locator(byTestId('case-reset')).click()
    await page.waitForFunction((sel) => !document.querySelector(sel)?.classList.contains('is-checked'), byTestId('case-search-open'))
    await page.locator(byTestId('case-views-button')).click()
    await page.locator(`${byTestId('case-view-在办事项')}:visible`).click()
    await page.waitForFunction((sel) => document.querySelector(sel)?.classList.contains('is-checked'), byTestId('case-search-open'))
    await page.locator(byTestId('case-views-button')).click()
    await page.locator(`${byTestId('case-view-del-在办事项')}:visible`).click()
    await page.waitForFunction(() => !Object.keys(localStorage).some((k) => k.startsWith('zb_views:case:') && localStorage.getItem(k)?.includes('在办事项')))
  })

  await t.test('the working-day calendar covers the months ahead (adds next year when the notice is not built in)', async () => {
    await page.goto(url('console/case/calendar'))
    await page.locator(byTestId('page-case-calendar')).waitFor()
    await page.locator(byTestId('calendar-grid')).waitFor()
    const thisYear = Number(shanghaiToday().slice(0, 4))
    // A mediation clock (45 working days) started now may run into next year; until that year's table is held
    // the server keeps such a clock waiting without a due date. This throwaway instance gets a clearly labelled
    // test table, so the clock started by the first action below has its due date.
    if ((await page.locator(byTestId(`calendar-year-${thisYear + 1}`)).count()) === 0) {
      await page.locator(byTestId('calendar-edit')).click()
      const dialog = page.locator(byTestId('dialog-calendar'))
      await dialog.waitFor()
      assert.equal(await page.locator(`${byTestId('calendar-form-year')} input`).inputValue(), String(thisYear + 1))
      await fill(page, 'calendar-form-source', `E2E 测试数据（非真实通知）：${thisYear + 1} 年仅列元旦 1 月 1 日放假`)
      await page.locator(byTestId('calendar-form-submit')).click()
      await dialog.waitFor({ state: 'hidden' })
      await page.locator(byTestId(`calendar-year-${thisYear + 1}`)).waitFor()
    }
    await page.locator(byTestId(`calendar-year-${thisYear}`)).click()
    await page.waitForFunction(
      (y) => document.querySelector(`[data-testid="calendar-day-${y}-01-01"]`)?.dataset.kind === 'holiday',
      thisYear,
    )
    assert.match(await page.locator(byTestId('calendar-source')).innerText(), /国务院办公厅|国办发明电|通知/)
    await page.locator(byTestId('calc-submit')).click()
    await page.locator(byTestId('calc-due')).waitFor()
    assert.match(await page.locator(byTestId('calc-due')).innerText(), /^\d{4}-\d{2}-\d{2}$/)
    await page.locator('.el-message').first().waitFor({ state: 'detached' }).catch(() => {})
    await page.evaluate(() => document.querySelector('main.content')?.scrollTo(0, 0))
    await screenshot(page, '25-calendar')
  })

  await t.test('the detail shows the acceptance clock; the first action offered is performed; the timeline grows', async () => {
    await page.goto(url('console/case/list'))
    await fill(page, 'case-search-q', receiptNo)
    await page.locator(byTestId('case-search')).click()
    await page.locator(byTestId(`case-row-${receiptNo}`)).click()
    await page.locator(byTestId('page-case-detail')).waitFor()
    assert.equal((await page.locator(byTestId('case-receipt-no')).innerText()).trim(), receiptNo)

    // The acceptance clock (受理期限, 7 working days) with the due date the server's calendar gives.
    const clock = page.locator(byTestId('clock-acceptance'))
    await clock.waitFor()
    assert.match(await clock.innerText(), /受理期限/)
    const due = (await page.locator(byTestId('clock-acceptance-due')).innerText()).match(/\d{4}-\d{2}-\d{2}/)?.[0]
    assert.ok(due, 'the acceptance clock shows a due date')
    const expected = await page.evaluate(async (from) => {
      const r = await fetch(`/api/v1/calendar/due?from=${from}&workdays=7`)
      return (await r.json()).due
    }, shanghaiToday())
    assert.equal(due, expected, 'acceptance is due 7 working days after receipt (市场监督管理投诉举报处理暂行办法 Art.14)')
    assert.equal(await page.locator(byTestId('clock-acceptance')).getAttribute('data-state'), 'running')

    const before = Number(await page.locator(byTestId('case-event-count')).innerText())
    const stateBefore = (await page.locator(byTestId('case-state')).innerText()).trim()
    const first = page.locator(`${byTestId('case-actions')} [data-testid^="case-action-"]`).first()
    await first.waitFor()
    const event = (await first.getAttribute('data-testid')).replace('case-action-', '')
    const needsReason = (await first.getAttribute('data-requires-reason')) === 'true'

    // A 409 (the state moved on elsewhere) is shown with the allowed actions, and the dialog stays open.
    await page.route('**/api/v1/cases/*/actions', (route) =>
      route.fulfill({ status: 409, contentType: 'application/json', body: JSON.stringify({ code: 'CONFLICT', message: '事项状态已变化', allowed: [event] }) }),
      { times: 1 },
    )
    await first.click()
    const dialog = page.locator(byTestId('dialog-action'))
    await dialog.waitFor()
    if (needsReason) await fill(page, 'dialog-action-reason', '经审查符合受理条件')
    await page.locator(byTestId('dialog-action-confirm')).click()
    const conflict = page.locator(byTestId('dialog-action-error'))
    await conflict.waitFor()
    assert.match(await conflict.innerText(), /事项状态已变化/)
    assert.match(await conflict.innerText(), /当前允许的操作/)
    await page.unroute('**/api/v1/cases/*/actions')

    // Now for real.
    await fill(page, 'dialog-action-public-note', '您的投诉已进入办理程序。')
    await page.locator(byTestId('dialog-action-confirm')).click()
    await dialog.waitFor({ state: 'hidden' })
    await page.waitForFunction(
      ([sel, n]) => Number(document.querySelector(sel)?.textContent) > n,
      [byTestId('case-event-count'), before],
    )
    await page.waitForFunction(([sel, s]) => document.querySelector(sel)?.textContent?.trim() !== s, [byTestId('case-state'), stateBefore])
    // The timeline holds the step (the server may write clock entries with it).
    await page.locator(`${byTestId('case-event')}[data-event="${event}"]`).first().waitFor()
    // Accepting meets the acceptance clock and starts the mediation clock (45 working days, Art.21(5)).
    if (event === 'accept') {
      await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.state === 'met', byTestId('clock-acceptance'))
      await page.locator(byTestId('clock-mediation')).waitFor()
      assert.match(await page.locator(byTestId('clock-mediation-due')).innerText(), /\d{4}-\d{2}-\d{2}/)
    }
    await screenshot(page, '24-case-detail')
  })

  await t.test('my deadlines and the overdue board render', async () => {
    await page.goto(url('console/case/tasks'))
    await page.locator(byTestId('page-case-tasks')).waitFor()
    await page.waitForFunction(() => !document.querySelector('[data-testid="tasks-table"] .el-loading-mask:not([style*="display: none"])'))
    await screenshot(page, '26-tasks')
    await page.goto(url('console/case/overdue'))
    await page.locator(byTestId('page-case-overdue')).waitFor()
    await page.waitForFunction(() => !document.querySelector('[data-testid="overdue-table"] .el-loading-mask:not([style*="display: none"])'))
    if (Number(await page.locator(byTestId('overdue-total')).innerText()) > 0) {
      await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.rendered === 'true', byTestId('overdue-chart'))
    }
    await screenshot(page, '27-overdue')
  })

  await t.test('the public lookup shows the new state', async () => {
    const pub = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
    const p2 = await pub.newPage()
    p2.setDefaultTimeout(20_000)
    p2.on('pageerror', (e) => errors.push(String(e)))
    const now = await lookup(p2, receiptNo, queryCode)
    assert.notEqual(now, receivedLabel, `the public state moved on from ${receivedLabel}`)
    assert.ok((await p2.locator(byTestId('lookup-event')).count()) >= 2, 'the public timeline has the new step')
    assert.match(await p2.locator(byTestId('lookup-public-note')).innerText(), /已进入办理程序/)
    assert.doesNotMatch(await p2.locator(byTestId('lookup-result')).innerText(), /张明|11010519491231002X/, 'no party identity in public')
    await screenshot(p2, '28-lookup-after')
    await pub.close()
  })

  assert.deepEqual(errors, [], `no uncaught page errors: ${errors.join('\n')}`)
  await context.close()
})
