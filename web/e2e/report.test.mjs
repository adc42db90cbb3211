// The report procedure (举报, 市场监督管理投诉举报处理暂行办法 Arts.24–33; crates/domain/src/case/procedure/report.rs)
// end to end, against the real server (ZHIBAO_BIN) and the mock (ZHIBAO_BIN=mock/zhibao-mock.mjs):
// the public files a real-name report at /file with the reporter's identity → receipt number and query code →
// the officer (case:reporter:view) opens it, sees the reporter's name and ID number and the 15-working-day
// verification clock, takes the first steps the action buttons offer (开始核查, then 立案), which meets that clock and
// starts the real-name reporter notice (5 working days) → the leader (case:matter:list, no case:reporter:view) sees
// the same matter with the reporter redacted (Art.33), in the page and in the API answer → the public lookup shows the
// public state only (办理中), no identity and nothing of the decision. No fixed sleeps: every wait is on a condition.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { byTestId, choose, DEMO_PASSWORD, fill, launchBrowser, login, newPage, screenshot, shanghaiToday, startServer } from './helpers.mjs'

const suffix = Date.now().toString(36).slice(-5)
const TITLE = `举报某仓库存放假冒注册商标商品（E2E ${suffix}）`
const RESPONDENT = `天津某某仓储有限公司${suffix}`
const REPORTER = '林晓峰'
const REPORTER_ID = '11010519491231002X'
const REPORTER_PHONE = '13902200123'
const REPORTER_ADDRESS = '天津市滨海新区新北街道某路 8 号'

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

/** The due date `workdays` working days after today, by the server's own calendar. */
async function dueAfter(page, workdays) {
  return page.evaluate(
    async ([from, n]) => {
      const r = await fetch(`/api/v1/calendar/due?from=${from}&workdays=${n}`)
      return r.ok ? (await r.json()).due : null
    },
    [shanghaiToday(), workdays],
  )
}

/** Finds the matter by its receipt number in 事项管理 and opens its detail. */
async function openMatter(page, receiptNo) {
  await page.goto(new URL('console/case/list', server.url).href)
  await page.locator(byTestId('page-case-list')).waitFor()
  await fill(page, 'case-search-q', receiptNo)
  await page.locator(byTestId('case-search')).click()
  await page.locator(byTestId(`case-row-${receiptNo}`)).click()
  await page.locator(byTestId('page-case-detail')).waitFor()
  assert.equal((await page.locator(byTestId('case-receipt-no')).innerText()).trim(), receiptNo)
}

/** The events of the action buttons, in the order shown. */
const offered = (page) =>
  page.locator(`${byTestId('case-actions')} [data-testid^="case-action-"]`).evaluateAll((els) => els.map((e) => e.dataset.testid.replace('case-action-', '')))

/** Performs an action through its button and dialog; waits for the new state label. */
async function act(page, event, label, stateAfter) {
  const button = page.locator(byTestId(`case-action-${event}`))
  await button.waitFor()
  assert.equal((await button.innerText()).trim(), label)
  const before = Number(await page.locator(byTestId('case-event-count')).innerText())
  await button.click()
  const dialog = page.locator(byTestId('dialog-action'))
  await dialog.waitFor()
  if ((await button.getAttribute('data-requires-reason')) === 'true') await fill(page, 'dialog-action-reason', 'E2E 测试')
  await page.locator(byTestId('dialog-action-confirm')).click()
  await dialog.waitFor({ state: 'hidden' })
  await page.waitForFunction(([sel, s]) => document.querySelector(sel)?.textContent?.trim() === s, [byTestId('case-state'), stateAfter])
  await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel)?.textContent) > n, [byTestId('case-event-count'), before])
  await page.locator(`${byTestId('case-event')}[data-event="${event}"]`).first().waitFor()
}

async function lookup(page, receiptNo, queryCode) {
  await page.goto(new URL(`lookup?receipt_no=${encodeURIComponent(receiptNo)}`, server.url).href)
  await page.locator(byTestId('page-lookup')).waitFor()
  await fill(page, 'lookup-query-code', queryCode)
  await page.locator(byTestId('lookup-submit')).click()
  await page.locator(byTestId('lookup-result')).waitFor()
  return (await page.locator(byTestId('lookup-state')).innerText()).trim()
}

test('report: real-name filing, officer sees the reporter and verifies and files, leader sees it redacted, public lookup', async (t) => {
  const errors = []
  const fresh = async () => {
    const p = await newPage(browser)
    p.page.on('pageerror', (e) => errors.push(String(e)))
    return p
  }
  let receiptNo = ''
  let queryCode = ''
  let matterId = 0

  await t.test('the public files a real-name report with the reporter’s identity', async () => {
    const { context, page } = await fresh()
    await page.goto(new URL('file?type=report', server.url).href)
    await page.locator(byTestId('page-file')).waitFor()
    await page.locator(`${byTestId('intake-type-report')}.is-checked`).waitFor()
    // Real name is the default; the confidentiality promise (Art.33) is shown next to it.
    await page.locator(byTestId('intake-report-box')).waitFor()
    assert.ok(await page.locator(`${byTestId('intake-real-name')}.is-checked`).count(), 'real-name is preselected')
    assert.match(await page.locator(byTestId('intake-confidential')).innerText(), /保密/)

    await fill(page, 'intake-title', TITLE)
    await fill(page, 'intake-description', '发现该公司仓库存放大量假冒某注册商标的箱包，疑似对外批发销售，请依法查处。')
    await fill(page, 'intake-applicant-name', REPORTER)
    await fill(page, 'intake-applicant-id-number', REPORTER_ID)
    await fill(page, 'intake-applicant-phone', REPORTER_PHONE)
    await fill(page, 'intake-applicant-address', REPORTER_ADDRESS)
    await fill(page, 'intake-respondent-0-name', RESPONDENT)
    await choose(page, 'intake-right-0-kind', 'intake-right-0-kind-opt-trademark')
    await fill(page, 'intake-right-0-title', '某注册商标（第 18 类）')
    await page.locator(byTestId('intake-promise')).click()
    await page.locator(byTestId('intake-submit')).click()
    await page.locator(byTestId('receipt')).waitFor()
    receiptNo = (await page.locator(byTestId('receipt-no')).innerText()).trim()
    queryCode = (await page.locator(byTestId('receipt-query-code')).innerText()).trim()
    assert.match(receiptNo, /^[A-Z]{2,4}-JB-\d{4}-\d{6,}$/, 'a report receipt number (JB)')
    assert.match(queryCode, /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/)
    await screenshot(page, '50-report-receipt')

    assert.match(await lookup(page, receiptNo, queryCode), /已接收/)
    await context.close()
  })

  await t.test('the officer sees the reporter, the verification clock, and 开始核查 then 立案', async () => {
    const { context, page } = await fresh()
    await login(page, server.url, 'officer', DEMO_PASSWORD)
    await openMatter(page, receiptNo)
    matterId = Number(new URL(page.url()).pathname.split('/').pop())
    assert.ok(matterId > 0, `matter id from ${page.url()}`)
    assert.match(await page.locator(byTestId('case-basic')).innerText(), /实名/)

    // case:reporter:view: the reporter's identity in full.
    await page.locator('#tab-parties').click()
    const parties = page.locator(byTestId('case-parties'))
    await parties.getByText(REPORTER, { exact: true }).waitFor()
    const text = await parties.innerText()
    assert.ok(text.includes(REPORTER_ID), 'the officer sees the ID number')
    assert.ok(text.includes(REPORTER_PHONE), 'the officer sees the telephone')
    assert.ok(text.includes(RESPONDENT))
    assert.equal(await page.locator(byTestId('party-redacted')).count(), 0)
    await screenshot(page, '51-report-officer-parties')

    // 核查期限: 15 working days from receipt (市场监督管理行政处罚程序规定 Art.18), running.
    const verification = page.locator(byTestId('clock-verification'))
    await verification.waitFor()
    assert.equal(await verification.getAttribute('data-state'), 'running')
    assert.match(await verification.innerText(), /核查期限/)
    const due = (await page.locator(byTestId('clock-verification-due')).innerText()).match(/\d{4}-\d{2}-\d{2}/)?.[0]
    assert.equal(due, await dueAfter(page, 15), 'verification is due 15 working days after receipt')
    assert.equal(await page.locator(byTestId('clock-reporter_notice')).count(), 0, 'no notice clock before the decision')

    // received: 开始核查 first, 告知向有处理权限的部门举报 as the other way out.
    assert.deepEqual(await offered(page), ['verify', 'return_no_jurisdiction'])
    await act(page, 'verify', '开始核查', '核查中')
    // verifying: 立案 / 不予立案 / 检测鉴定… / 退回; no extension (the officer lacks case:report:extend).
    const now = await offered(page)
    for (const e of ['file', 'not_file', 'suspend_for_identification', 'return_no_jurisdiction']) assert.ok(now.includes(e), `${e} offered: ${now}`)
    assert.ok(!now.includes('extend_verification'), 'extension needs case:report:extend')
    assert.equal(await verification.getAttribute('data-state'), 'running')

    await act(page, 'file', '立案', '已立案')
    // Filing meets the verification clock and, the reporter being named, starts the notice clock (Art.31 para2).
    await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.state === 'met', byTestId('clock-verification'))
    const notice = page.locator(byTestId('clock-reporter_notice'))
    await notice.waitFor()
    assert.equal(await notice.getAttribute('data-state'), 'running')
    assert.match(await notice.innerText(), /实名举报告知期限/)
    const noticeDue = (await page.locator(byTestId('clock-reporter_notice-due')).innerText()).match(/\d{4}-\d{2}-\d{2}/)?.[0]
    assert.equal(noticeDue, await dueAfter(page, 5), 'the reporter is told within 5 working days of the decision')
    // A real-name report cannot be closed without telling the reporter.
    assert.deepEqual(await offered(page), ['notify_reporter'])
    assert.equal((await page.locator(byTestId('case-action-notify_reporter')).innerText()).trim(), '告知实名举报人是否立案')
    await screenshot(page, '52-report-filed')
    await context.close()
  })

  await t.test('the leader (no case:reporter:view) sees the reporter redacted', async () => {
    const { context, page } = await fresh()
    await login(page, server.url, 'leader', DEMO_PASSWORD)
    await openMatter(page, receiptNo)
    assert.equal((await page.locator(byTestId('case-state')).innerText()).trim(), '已立案')
    await page.locator(byTestId('case-actions-none')).waitFor()

    await page.locator('#tab-parties').click()
    const parties = page.locator(byTestId('case-parties'))
    await parties.getByText(RESPONDENT, { exact: true }).waitFor()
    await page.locator(byTestId('party-redacted')).waitFor()
    assert.match(await page.locator(byTestId('party-redacted')).innerText(), /保密/)
    const body = await page.locator(byTestId('page-case-detail')).innerText()
    for (const secret of [REPORTER, REPORTER_ID, REPORTER_PHONE, REPORTER_ADDRESS]) {
      assert.ok(!body.includes(secret), `the page does not show ${secret}`)
    }
    // The server redacts, not the page: the API answer holds none of it either.
    const detail = await page.evaluate(async (id) => (await fetch(`/api/v1/cases/${id}`)).json(), matterId)
    const reporter = detail.parties.find((p) => p.role === 'reporter')
    assert.ok(reporter, `a reporter party: ${JSON.stringify(detail.parties)}`)
    assert.equal(reporter.redacted, true)
    assert.equal(reporter.name, '（保密）')
    for (const k of ['id_number', 'phone', 'address']) assert.ok(!reporter[k], `${k} withheld`)
    const raw = JSON.stringify(detail)
    for (const secret of [REPORTER, REPORTER_ID, REPORTER_PHONE]) assert.ok(!raw.includes(secret), `the API answer does not hold ${secret}`)
    await screenshot(page, '53-report-leader-redacted')
    await context.close()
  })

  await t.test('the public lookup shows the public state only: 办理中, no identity, nothing of the decision', async () => {
    const { context, page } = await fresh()
    const state = await lookup(page, receiptNo, queryCode)
    assert.match(state, /办理中/)
    assert.equal((await page.locator(byTestId('lookup-result-no')).innerText()).trim(), receiptNo)
    const labels = await page.locator(byTestId('lookup-event')).allInnerTexts()
    assert.ok(labels.length >= 2, `the public timeline has the steps: ${labels}`)
    for (const l of labels) assert.match(l, /^(已接收|办理中|已办结|办理记录)$/, `public labels only: ${l}`)
    const text = await page.locator(byTestId('lookup-result')).innerText()
    for (const secret of [REPORTER, REPORTER_ID, REPORTER_PHONE, RESPONDENT]) assert.ok(!text.includes(secret), `no ${secret} in public`)
    assert.doesNotMatch(text, /立案|核查/, 'the decision reaches the reporter by the notice, not the public page (Art.33)')
    await screenshot(page, '54-report-lookup')
    await context.close()
  })

  assert.deepEqual(errors, [], `no uncaught page errors: ${errors.join('\n')}`)
})
