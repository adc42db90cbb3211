// 网格监管 against the real server with the demo data: the 市场主体 registry lists the ~300 demo entities, filters,
// shows the unplaced list (待落格), refuses an invalid credit code with a field error and registers a valid entity
// into its cell; the 风险热力图 renders the demo cells coloured by entities (ECharts animation is off under automation)
// and drills down to the list behind a cell; the leader sees the registry read-only.
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

const tableRows = (page) => page.locator(`${byTestId('entity-table')} .el-table__body tr`)

test('网格监管: registry, unplaced list, field errors, heat map with drill-down', async (t) => {
  const { page, errors } = await newPage(browser)
  await login(page, server.url, 'deptadmin', DEMO_PASSWORD)

  await t.test('the menu group and the registry with the demo entities', async () => {
    await page.locator('.el-menu').getByText('网格监管').first().waitFor()
    await page.goto(new URL('console/grid/entities', server.url).href)
    await page.locator(byTestId('page-grid-entities')).waitFor()
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-total') ?? 0) >= 300, byTestId('entity-table'))
    await fill(page, 'entity-search-name', '某某科技')
    await page.locator(byTestId('entity-search')).click()
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-total') === '1', byTestId('entity-table'))
    assert.match(await tableRows(page).first().innerText(), /某某科技有限公司/)
    await page.getByRole('button', { name: '重置' }).click()
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-total') ?? 0) >= 300, byTestId('entity-table'))
    await screenshot(page, '80-grid-entities')
  })

  await t.test('the unplaced list shows the entities in no cell', async () => {
    await page.locator(byTestId('entity-view-unplaced')).click()
    await page.locator(byTestId('unplaced-hint')).waitFor()
    await page.waitForFunction((sel) => {
      const n = Number(document.querySelector(sel)?.getAttribute('data-total') ?? 0)
      return n >= 4 && n < 50
    }, byTestId('entity-table'))
    const n = await tableRows(page).count()
    assert.equal(await page.locator(byTestId('entity-unplaced-tag')).count(), n)
    await page.locator(byTestId('entity-view-all')).click()
    await page.locator(byTestId('unplaced-hint')).waitFor({ state: 'detached' })
  })

  await t.test('an invalid credit code is refused on its field; a valid entity is placed in its cell', async () => {
    await page.locator(byTestId('entity-add')).click()
    const dlg = page.locator(byTestId('dialog-entity'))
    await dlg.waitFor()
    await fill(page, 'entity-form-code', '91350100M000100Y44')
    await fill(page, 'entity-form-name', '浏览器测试科技有限公司')
    await fill(page, 'entity-form-industry', 'C2710')
    await fill(page, 'entity-form-lon', '117.665')
    await fill(page, 'entity-form-lat', '39.038')
    await page.locator(byTestId('entity-form-submit')).click()
    await dlg.locator('.el-form-item__error').first().waitFor()
    assert.match(await dlg.locator('.el-form-item__error').first().innerText(), /GB 32100/)
    await screenshot(page, '81-grid-entity-error')
    await fill(page, 'entity-form-code', '91350100M000100Y43')
    await page.locator(byTestId('entity-form-submit')).click()
    await dlg.waitFor({ state: 'hidden' })
    await fill(page, 'entity-search-code', '91350100M000100Y43')
    await page.locator(byTestId('entity-search')).click()
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-total') === '1', byTestId('entity-table'))
    assert.match(await tableRows(page).first().innerText(), /120116001-001/)
  })

  await t.test('the heat map renders the demo cells and drills down', async () => {
    await page.goto(new URL('console/grid/heatmap', server.url).href)
    const map = page.locator(byTestId('heat-map'))
    await page.waitForFunction((sel) => {
      const el = document.querySelector(sel)
      return el?.getAttribute('data-rendered') === 'true' && Number(el.getAttribute('data-counted')) > 100
    }, byTestId('heat-map'))
    assert.equal(await map.getAttribute('data-measure'), 'entities')
    assert.ok(Number(await map.getAttribute('data-cells')) >= 278)
    assert.ok((await map.locator('canvas').count()) > 0)
    const top = page.locator(`${byTestId('heat-legend')} .legend-item`)
    assert.ok((await top.count()) >= 3, 'legend bands')
    const first = page.locator('[data-testid^="heat-top-"]').first()
    const count = Number(await first.locator('b').innerText())
    await first.click()
    await page.locator(byTestId('heat-drill-title')).waitFor()
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid^="heat-drill-entity-"]').length === n,
      count,
    )
    await screenshot(page, '82-grid-heatmap')
    // Another measure: the matters of the case desk (the demo has none in this period, so the map may be blank).
    await page.locator(byTestId('heat-measure')).click()
    await page.locator(`${byTestId('heat-measure-matters')}:visible`).click()
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-measure') === 'matters', byTestId('heat-map'))
  })

  await t.test('the grid administration page lists stations and refuses a bad GeoJSON feature by index', async () => {
    await page.goto(new URL('console/grid/geo', server.url).href)
    await page.locator(byTestId('page-grid-geo')).waitFor()
    const bad = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { code: '120116001-901', name: '未闭合', area_code: '120116001' },
          geometry: { type: 'Polygon', coordinates: [[[117.6, 39.0], [117.61, 39.0], [117.61, 39.01], [117.6, 39.01]]] } },
      ],
    }
    await fill(page, 'geo-text', JSON.stringify(bad))
    await page.locator(byTestId('geo-import')).click()
    await page.locator(byTestId('geo-error-features[0]')).waitFor()
    assert.match(await page.locator(byTestId('geo-error-features[0]')).innerText(), /未闭合/)
    await page.getByRole('tab', { name: '保护工作站' }).click()
    assert.ok((await page.locator(`${byTestId('station-table')} .el-table__body tr`).count()) >= 20)
  })

  assert.deepEqual(errors, [])

  // The leader: the registry without write buttons, the heat map.
  const other = await newPage(browser)
  await login(other.page, server.url, 'leader', DEMO_PASSWORD)
  await t.test('the leader sees the registry read-only and the heat map', async () => {
    await other.page.goto(new URL('console/grid/entities', server.url).href)
    await other.page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-total') ?? 0) >= 300, byTestId('entity-table'))
    assert.equal(await other.page.locator(byTestId('entity-add')).count(), 0)
    assert.equal(await other.page.locator(byTestId('entity-import')).count(), 0)
    await other.page.goto(new URL('console/grid/heatmap', server.url).href)
    await other.page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-rendered') === 'true', byTestId('heat-map'))
  })
  assert.deepEqual(other.errors, [])
})
