// 繁简分流规则 on the dispatch-rules page, against the real server: deptadmin (case:dispatch:edit) sees the default
// table, gets the server's checks while editing (duplicate name, a rule after an unconditional one), moves and
// saves a new rule; the table persists; a complaint filed afterwards with two infringing links lands on the
// ordinary track with the new rule named; the leader (case:dispatch:list only) sees the table read-only.
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

/** The <input> of an Element Plus input, whichever element carries the data-testid. */
const inputOf = (page, testId) => page.locator(`input${byTestId(testId)}, ${byTestId(testId)} input`).first()
const rowsOf = (page) => page.locator(`${byTestId('triage-table')} .el-table__body tr`)

test('繁简分流规则: edit, check, save and apply the triage table', async (t) => {
  const { page, errors } = await newPage(browser)
  await login(page, server.url, 'deptadmin', DEMO_PASSWORD)

  await t.test('the default table is listed in order', async () => {
    await page.goto(new URL('console/case/dispatch', server.url).href)
    await page.locator(byTestId('triage-card')).waitFor()
    await inputOf(page, 'triage-name-5').waitFor()
    assert.equal(await rowsOf(page).count(), 6)
    const first = await inputOf(page, 'triage-name-0').inputValue()
    assert.equal(first, '行政裁决请求按普通程序办理')
  })

  await t.test('a duplicate name and an unconditional rule are flagged before saving', async () => {
    await page.locator(byTestId('triage-add')).click()
    await fill(page, 'triage-name-6', '跨区域')
    await page.locator(byTestId('triage-err-6')).first().waitFor()
    assert.match(await page.locator(byTestId('triage-err-6')).first().innerText(), /名称重复/)
    assert.ok(await page.locator(byTestId('triage-save')).isDisabled(), 'cannot save a table the server would refuse')
    await fill(page, 'triage-name-6', '侵权链接2条以上')
    // Still unconditional: fine as the last rule; add another after it and that one is unreachable.
    await page.locator(byTestId('triage-add')).click()
    await fill(page, 'triage-name-7', '永不生效')
    await page.locator(byTestId('triage-err-7')).waitFor()
    assert.match(await page.locator(byTestId('triage-err-7')).innerText(), /永远不会生效/)
    await page.locator(byTestId('triage-remove-7')).click()
    await page.locator(byTestId('triage-err-7')).waitFor({ state: 'detached' })
  })

  await t.test('the new rule gets a condition and is saved', async () => {
    const row = rowsOf(page).nth(6)
    // The 链接数≥ input is the fourth number input in the conditions cell.
    const urls = row.locator('.conds .el-input-number input').nth(3)
    await urls.fill('2')
    await urls.press('Tab')
    await page.locator(byTestId('triage-dirty')).waitFor()
    await screenshot(page, '70-triage-edit')
    await page.locator(byTestId('triage-save')).click()
    await page.locator(byTestId('triage-dirty')).waitFor({ state: 'detached' })
    const saved = (await api(page, '/api/v1/cases/triage-rules')).body
    assert.equal(saved.length, 7)
    assert.deepEqual(saved[6], { name: '侵权链接2条以上', when: [{ urls_at_least: 2 }], track: 'ordinary' })
    await page.reload()
    await inputOf(page, 'triage-name-6').waitFor()
    assert.equal(await inputOf(page, 'triage-name-6').inputValue(), '侵权链接2条以上')
  })

  // The leader (all data, case:dispatch:list only) checks the filing and the read-only table.
  const other = await newPage(browser)
  await login(other.page, server.url, 'leader', DEMO_PASSWORD)

  await t.test('a complaint with two links filed now is on the ordinary track, the rule named', async () => {
    const r = await api(other.page, '/api/v1/public/matters', {
      method: 'POST',
      body: JSON.stringify({
        matter_type: 'complaint', title: '两家网店销售仿冒产品（E2E 分流）', description: '两个店铺链接均销售仿冒我公司外观设计专利产品。',
        applicant: { kind: 'person', name: '钱进', phone: '13602200789' },
        respondents: [{ kind: 'organisation', name: '某网店经营者' }],
        urls: ['https://shop.example.com/item/11', 'https://shop.example.com/item/12'],
      }),
    })
    assert.equal(r.status, 201, JSON.stringify(r.body))
    const list = (await api(other.page, `/api/v1/cases?q=${encodeURIComponent(r.body.receipt_no)}`)).body
    assert.equal(list.items.length, 1, JSON.stringify(list))
    assert.equal(list.items[0].track, 'ordinary')
    const d = (await api(other.page, `/api/v1/cases/${list.items[0].id}`)).body
    assert.match(d.events[0].detail, /侵权链接2条以上/)
  })

  await t.test('the leader sees the table read-only', async () => {
    await other.page.goto(new URL('console/case/dispatch', server.url).href)
    await other.page.locator(byTestId('triage-table')).waitFor()
    await other.page.locator(`${byTestId('triage-table')} .el-table__body tr`).nth(6).waitFor()
    assert.match(await rowsOf(other.page).nth(6).innerText(), /侵权链接2条以上[\s\S]*链接≥2 条/)
    assert.equal(await other.page.locator(byTestId('triage-save')).count(), 0)
    assert.equal(await other.page.locator(byTestId('triage-add')).count(), 0)
    assert.deepEqual(other.errors, [])
    await other.context.close()
  })

  assert.deepEqual(errors, [])
})
