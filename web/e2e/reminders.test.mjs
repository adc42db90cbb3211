// Deadline reminders and 督办 in the console (站内提醒), and per-track clock overrides (繁简分流 changes clocks), against
// the real server (ZHIBAO_BIN) and the mock (ZHIBAO_BIN=mock/zhibao-mock.mjs):
// - the bell: deptadmin (a supervisor: case:clock:extend and case:matter:assign over the 维权援助中心) holds the
//   reminders and escalations the server's sweep sent for the demo matters (one of them is left unanswered past its
//   acceptance limit); the badge shows the unread count, the list tags each kind (临期提醒 / 超期督办), clicking one
//   marks it read and opens its matter, 全部已读 clears the badge;
// - 程序类型期限 on the dispatch-rules page: deptadmin (case:dispatch:edit) sets the simple and the ordinary track's
//   assessment target and the simple track's verification period; a server 422 (simulated once) lands next to its
//   row; the real save persists, the server refuses a statutory limit by name; the leader (case:dispatch:list only)
//   sees the table read-only; a rights-assistance request filed afterwards gets its track's assessment clock.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { byTestId, choose, DEMO_PASSWORD, fill, launchBrowser, login, newPage, screenshot, shanghaiToday, startServer } from './helpers.mjs'

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

const api = (page, path, init) =>
  page.evaluate(
    async ([p, i]) => {
      const csrf = document.cookie.split('; ').find((c) => c.startsWith('zb_csrf='))?.slice(8)
      const r = await fetch(p, i ? { ...i, headers: { 'Content-Type': 'application/json', ...(csrf ? { 'X-CSRF-Token': decodeURIComponent(csrf) } : {}) } } : undefined)
      const text = await r.text()
      return { status: r.status, body: text ? JSON.parse(text) : null }
    },
    [path, init],
  )

/** The <input> of an Element Plus input or input-number, whichever element carries the data-testid. */
const inputOf = (page, testId) => page.locator(`input${byTestId(testId)}, ${byTestId(testId)} input`).first()
/** Waits until that input holds `value`. */
const inputHolds = (page, testId, value) =>
  page.waitForFunction(
    ([id, v]) => {
      const el = document.querySelector(`[data-testid="${id}"]`)
      const input = el?.tagName === 'INPUT' ? el : el?.querySelector('input')
      return input?.value === v
    },
    [testId, String(value)],
  )

const unreadOf = async (page) => Number(await page.locator(byTestId('notify-bell')).getAttribute('data-unread'))

test('站内提醒: the bell counts, lists, opens and clears my reminders and escalations', async (t) => {
  const { context, page, errors } = await newPage(browser)
  await login(page, server.url, 'deptadmin', DEMO_PASSWORD)

  let unread = 0
  await t.test('the badge shows the unread count the server holds', async () => {
    // The sweep runs when the server starts: wait for its notifications (a condition, polled, not a sleep).
    await page.waitForFunction(
      async () => (await (await fetch('/api/v1/notifications')).json()).unread > 0,
      undefined,
      { polling: 250, timeout: 30_000 },
    )
    const list = (await api(page, '/api/v1/notifications')).body
    // A route change refreshes the count.
    await page.locator(byTestId('menu-case-list')).click()
    await page.locator(byTestId('page-case-list')).waitFor()
    await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel)?.dataset.unread) === n, [byTestId('notify-bell'), list.unread])
    unread = list.unread
    const badge = page.locator(`${byTestId('notify-badge')} .el-badge__content`)
    await badge.waitFor()
    assert.equal((await badge.innerText()).trim(), unread > 99 ? '99+' : String(unread))
  })

  let opened = null
  await t.test('the list tags each kind; clicking an unread one marks it read and opens its matter', async () => {
    await page.locator(byTestId('notify-bell')).click()
    const panel = page.locator(byTestId('notify-panel'))
    await panel.waitFor()
    await panel.locator('[data-testid^="notify-item-"]').first().waitFor()
    assert.match(await page.locator(byTestId('notify-unread')).innerText(), new RegExp(`${unread} 条未读`))
    const kinds = await panel.locator('[data-testid^="notify-item-"]').evaluateAll((els) => els.map((e) => e.dataset.kind))
    assert.ok(kinds.length > 0 && kinds.every((k) => k === 'reminder' || k === 'overdue'), `kinds: ${kinds}`)
    for (const [kind, label] of [['reminder', '临期提醒'], ['overdue', '超期督办']]) {
      const item = panel.locator(`[data-testid^="notify-item-"][data-kind="${kind}"]`).first()
      if (await item.count()) {
        assert.match(await item.locator('.el-tag').innerText(), new RegExp(label))
        assert.match(await item.innerText(), /截止 \d{4}-\d{2}-\d{2}/)
      }
    }
    assert.ok(kinds.includes('overdue'), 'the unanswered demo complaint is escalated (督办) to its supervisors')
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'))
    await screenshot(page, '60-notify-bell')

    const item = panel.locator('[data-testid^="notify-item-"][data-read="false"]').first()
    opened = { id: Number((await item.getAttribute('data-testid')).replace('notify-item-', '')), matter: Number(await item.getAttribute('data-matter-id')) }
    await item.click()
    await page.waitForURL((u) => u.pathname.endsWith(`/console/case/${opened.matter}`))
    await page.locator(byTestId('case-receipt-no')).waitFor()
    await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel)?.dataset.unread) === n, [byTestId('notify-bell'), unread - 1])
    const after = (await api(page, '/api/v1/notifications')).body
    assert.equal(after.unread, unread - 1)
    assert.ok(after.items.find((n) => n.id === opened.id)?.read_at, 'the one opened is read on the server')
    const receipt = (await page.locator(byTestId('case-receipt-no')).innerText()).trim()
    assert.equal(after.items.find((n) => n.id === opened.id)?.receipt_no, receipt)
  })

  await t.test('全部已读 clears the badge', async () => {
    await page.locator(byTestId('notify-bell')).click()
    const panel = page.locator(byTestId('notify-panel'))
    await panel.waitFor()
    await page.locator(`${byTestId(`notify-item-${opened.id}`)}[data-read="true"]`).waitFor()
    const before = (await api(page, '/api/v1/notifications?limit=500')).body.items.map((n) => n.id)
    await page.locator(byTestId('notify-read-all')).click()
    // The server's start-up sweep may still be adding notifications while this runs: every notification that existed
    // when 全部已读 was pressed must now be read, and the badge must show exactly the ones created since.
    await page.waitForFunction((ids) => !ids.some((id) => document.querySelector(`[data-testid="notify-item-${id}"]`)?.dataset.read === 'false'), before)
    const now = (await api(page, '/api/v1/notifications?limit=500')).body
    assert.deepEqual(now.items.filter((n) => before.includes(n.id) && !n.read_at).map((n) => n.id), [], 'all read on the server')
    const fresh = now.items.filter((n) => !before.includes(n.id) && !n.read_at).length
    assert.equal(now.unread, fresh)
    if (fresh === 0) assert.ok(await page.locator(byTestId('notify-read-all')).isDisabled())
    await page.keyboard.press('Escape')
    await page.locator(byTestId('menu-case-dispatch')).click()
    await page.locator(byTestId('page-case-dispatch')).waitFor()
    // The badge refreshes on navigation: it shows what the server holds unread (0 unless the sweep added more).
    const held = (await api(page, '/api/v1/notifications?unread=true')).body.unread
    await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel)?.dataset.unread) >= n, [byTestId('notify-bell'), held])
    assert.ok((await unreadOf(page)) <= (await api(page, '/api/v1/notifications?unread=true')).body.unread)
    if (held === 0) assert.ok(await page.locator(`${byTestId('notify-badge')} .el-badge__content`).isHidden())
  })

  assert.deepEqual(errors, [], `no uncaught page errors: ${errors.join('\n')}`)
  await context.close()
})

test('程序类型期限: per-track clock overrides on the dispatch-rules page', async (t) => {
  const { context, page, errors } = await newPage(browser)
  await login(page, server.url, 'deptadmin', DEMO_PASSWORD)
  const number = async (testId, value) => {
    const input = inputOf(page, testId)
    await input.fill(String(value))
    await input.press('Tab')
    await inputHolds(page, testId, value)
  }

  await t.test('the card explains that statutory limits are not changed by track', async () => {
    await page.goto(new URL('console/case/dispatch', server.url).href)
    await page.locator(byTestId('clock-overrides')).waitFor()
    assert.match(await page.locator(byTestId('overrides-hint')).innerText(), /法定期限.*不能按程序类型改动/s)
    assert.match(await page.locator(byTestId('overrides-statutory')).innerText(), /受理期限 7 个工作日/)
    await page.locator(`${byTestId('overrides-table-simple')} .el-table__empty-text`).waitFor()
  })

  await t.test('deptadmin sets the simple and ordinary tracks', async () => {
    // 简易程序: the assistance assessment (a local service standard) and the report verification period.
    await page.locator(byTestId('overrides-add-simple')).click()
    assert.equal(await inputOf(page, 'override-simple-0-name').inputValue(), '援助评估期限')
    await fill(page, 'override-simple-0-name', '简案评估')
    await number('override-simple-0-count', 2)
    assert.equal(await inputOf(page, 'override-simple-0-citation').inputValue(), '本地服务标准（简易程序）')
    await page.locator(byTestId('overrides-add-simple')).click()
    assert.ok(await page.locator(byTestId('overrides-add-simple')).isDisabled(), 'each configurable clock once per track')
    // The key select offers configurable clocks only: the one taken and every statutory limit are disabled.
    await page.locator(byTestId('override-simple-1-key')).click()
    const taken = page.locator(`${byTestId('override-simple-1-key-opt-assessment')}:visible`)
    await taken.waitFor()
    assert.match(await taken.getAttribute('class'), /is-disabled/)
    const statutory = page.locator('.el-select-dropdown__item.is-disabled:visible', { hasText: '受理期限' })
    assert.equal(await statutory.count(), 1)
    await page.locator(`${byTestId('override-simple-1-key-opt-verification')}:visible`).click()
    await taken.waitFor({ state: 'hidden' })
    assert.equal(await inputOf(page, 'override-simple-1-name').inputValue(), '核查期限')
    await number('override-simple-1-count', 10)
    assert.match(await page.locator(byTestId('override-simple-1-default')).innerText(), /15 个工作日.*可延长 15 个工作日/s)
    // 普通程序: the assessment target only.
    await page.locator(byTestId('overrides-tab-ordinary')).click()
    await page.locator(byTestId('overrides-add-ordinary')).click()
    await fill(page, 'override-ordinary-0-name', '普通案件评估')
    await number('override-ordinary-0-count', 4)
    await fill(page, 'override-ordinary-0-citation', '本中心普通案件服务标准')
    await page.locator(byTestId('overrides-dirty')).waitFor()
    await screenshot(page, '61-overrides-edit')
  })

  await t.test('a server 422 is shown next to its row; the real save persists', async () => {
    await page.route(
      '**/api/v1/cases/clock-overrides',
      (route) =>
        route.request().method() === 'PUT'
          ? route.fulfill({
              status: 422,
              contentType: 'application/json',
              body: JSON.stringify({ code: 'VALIDATION', message: '输入有误', fields: { 'simple.verification': '期限应为 1–365', track: '未知的程序类型 fast（只能是 simple / ordinary）' } }),
            })
          : route.continue(),
      { times: 1 },
    )
    await page.locator(byTestId('overrides-save')).click()
    // The tab with the row in error comes forward.
    const rowError = page.locator(byTestId('override-simple-1-error'))
    await rowError.waitFor()
    assert.equal((await rowError.innerText()).trim(), '期限应为 1–365')
    assert.equal(await page.locator(byTestId('override-simple-0-error')).count(), 0)
    assert.match(await page.locator(byTestId('overrides-errors')).innerText(), /track：未知的程序类型 fast/)
    await page.unroute('**/api/v1/cases/clock-overrides')

    await page.locator(byTestId('overrides-save')).click()
    await page.locator(byTestId('overrides-dirty')).waitFor({ state: 'detached' })
    assert.equal(await page.locator(byTestId('overrides-errors')).count(), 0)
    const saved = (await api(page, '/api/v1/cases/clock-overrides')).body
    assert.deepEqual(saved.simple.map((r) => [r.key, r.name_zh, r.count, r.unit, r.basis]), [
      ['assessment', '简案评估', 2, 'workdays', 'local_standard'],
      ['verification', '核查期限', 10, 'workdays', 'local_standard'],
    ])
    assert.deepEqual(saved.simple[1].extension && [saved.simple[1].extension.unit, saved.simple[1].extension.count], ['workdays', 15], 'the extension Art.18 allows is kept')
    assert.deepEqual(saved.ordinary.map((r) => [r.key, r.name_zh, r.count, r.citation]), [['assessment', '普通案件评估', 4, '本中心普通案件服务标准']])

    await page.reload()
    await page.locator(byTestId('clock-overrides')).waitFor()
    await inputHolds(page, 'override-simple-0-count', 2)
    assert.equal(await inputOf(page, 'override-simple-1-count').inputValue(), '10')
    await screenshot(page, '62-overrides-saved')
  })

  await t.test('the server refuses a statutory limit by name', async () => {
    const r = await api(page, '/api/v1/cases/clock-overrides', {
      method: 'PUT',
      body: JSON.stringify({ simple: [{ key: 'acceptance', name_zh: '受理期限', unit: 'workdays', count: 3, citation: 'x', basis: 'local_standard', extension: null }] }),
    })
    assert.equal(r.status, 422)
    assert.match(String(r.body.fields['simple.acceptance']), /法定期限/)
    assert.equal((await api(page, '/api/v1/cases/clock-overrides')).body.simple.length, 2, 'nothing was changed')
  })

  await t.test('the leader (case:dispatch:list only) sees the table read-only', async () => {
    const other = await newPage(browser)
    await login(other.page, server.url, 'leader', DEMO_PASSWORD)
    await other.page.goto(new URL('console/case/dispatch', server.url).href)
    await other.page.locator(byTestId('clock-overrides')).waitFor()
    await inputHolds(other.page, 'override-simple-0-name', '简案评估')
    assert.ok(await inputOf(other.page, 'override-simple-0-name').isDisabled())
    assert.equal(await other.page.locator(byTestId('overrides-save')).count(), 0)
    assert.equal(await other.page.locator(byTestId('overrides-add-simple')).count(), 0)
    assert.equal(await other.page.locator(byTestId('override-simple-0-remove')).count(), 0)
    assert.deepEqual(other.errors, [])
    await other.context.close()
  })

  await t.test('a rights-assistance request filed now gets its track’s assessment target', async () => {
    const pub = await newPage(browser)
    const p = pub.page
    await p.goto(new URL('file?type=assistance', server.url).href)
    await p.locator(`${byTestId('intake-type-assistance')}.is-checked`).waitFor()
    await fill(p, 'intake-title', '小微企业专利被仿冒，申请维权援助（E2E）')
    await fill(p, 'intake-description', '本企业外观设计专利产品被他人仿冒销售，请求提供维权指导。')
    await fill(p, 'intake-applicant-name', '赵敏')
    await fill(p, 'intake-applicant-phone', '13602200456')
    await choose(p, 'intake-right-0-kind', 'intake-right-0-kind-opt-patent')
    await fill(p, 'intake-right-0-title', '一种包装盒（外观设计）')
    await p.locator(byTestId('intake-promise')).click()
    await p.locator(byTestId('intake-submit')).click()
    await p.locator(byTestId('receipt')).waitFor()
    const receiptNo = (await p.locator(byTestId('receipt-no')).innerText()).trim()
    assert.deepEqual(pub.errors, [])
    await pub.context.close()

    await page.goto(new URL('console/case/list', server.url).href)
    await fill(page, 'case-search-q', receiptNo)
    await page.locator(byTestId('case-search')).click()
    await page.locator(byTestId(`case-row-${receiptNo}`)).click()
    await page.locator(byTestId('page-case-detail')).waitFor()
    const id = Number(new URL(page.url()).pathname.split('/').pop())
    const { track } = (await api(page, `/api/v1/cases/${id}`)).body
    const [count, citation] = track === 'simple' ? [2, '本地服务标准（简易程序）'] : [4, '本中心普通案件服务标准']
    const clock = page.locator(byTestId('clock-assessment'))
    await clock.waitFor()
    assert.ok((await clock.innerText()).includes(citation), `the ${track} track's citation on the clock`)
    const due = (await page.locator(byTestId('clock-assessment-due')).innerText()).match(/\d{4}-\d{2}-\d{2}/)?.[0]
    const expected = (await api(page, `/api/v1/calendar/due?from=${shanghaiToday()}&workdays=${count}`)).body.due
    assert.equal(due, expected, `${track}: assessment due ${count} working days after receipt`)
    await screenshot(page, '63-overrides-applied')
  })

  assert.deepEqual(errors, [], `no uncaught page errors: ${errors.join('\n')}`)
  await context.close()
})
