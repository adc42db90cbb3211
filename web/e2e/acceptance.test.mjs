// The acceptance scenario: portal → admin login with TOTP → department, role and user created →
// the new user sees only what the role allows, only their department's users, a 403 on roles,
// and a drawn organisation map.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  byTestId, choose, DEMO_PASSWORD, fill, launchBrowser, login, newPage, screenshot, startServer,
} from './helpers.mjs'

const suffix = Date.now().toString(36).slice(-5)
const DEPT_NAME = `知识产权快保科${suffix}`
const ROLE_NAME = '本部门查看员'
const ROLE_KEY = `dept_viewer_${suffix}`
const USERNAME = `viewer_${suffix}`
const USER_PASSWORD = 'Viewer@2026x'

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

test('acceptance: admin sets up a department viewer who then sees only what the role allows', async (t) => {
  const { context, page, errors } = await newPage(browser)
  const url = (p) => new URL(p, server.url).href

  await t.test('the public portal shows the zone in Chinese', async () => {
    await page.goto(server.url)
    const name = page.locator(byTestId('portal-zone-name'))
    await name.waitFor()
    assert.match(await name.innerText(), /滨海新区/)
    await page.locator(byTestId('service-complaint')).waitFor()
    assert.match(await page.locator(byTestId('service-complaint')).innerText(), /在线投诉举报/)
    await page.waitForFunction(
      (sel) => /\d/.test(document.querySelector(sel)?.textContent ?? ''),
      byTestId('stat-stations'),
    )
    await screenshot(page, '01-portal')
  })

  await t.test('admin signs in with the TOTP second step', async () => {
    await page.locator(byTestId('portal-login')).click()
    await page.locator(byTestId('login-username')).waitFor()
    await screenshot(page, '02-login')
    await login(page, server.url, 'admin', DEMO_PASSWORD, server.adminTotpSecret)
    await page.locator(byTestId('menu-system-role')).waitFor()
    await screenshot(page, '03-admin-home')
  })

  await t.test('admin creates a department under the root department', async () => {
    await page.locator(byTestId('menu-system-dept')).click()
    await page.locator(byTestId('page-dept')).waitFor()
    await page.locator(byTestId('dept-table')).locator('.el-table__row').first().waitFor()
    await page.locator(byTestId('dept-add')).click()
    const dialog = page.locator(byTestId('dialog-dept'))
    await dialog.waitFor()
    // The parent defaults to the root department (the one without a parent).
    await page.waitForFunction(
      (sel) => (document.querySelector(sel)?.textContent ?? '').trim() !== '' ||
        !!document.querySelector(`${sel} input`)?.value ||
        !!document.querySelector(`${sel} .el-select__selected-item:not(.is-hidden) span`)?.textContent,
      byTestId('dept-form-parent'),
    )
    await fill(page, 'dept-form-name', DEPT_NAME)
    await fill(page, 'dept-form-code', `E2E${suffix}`.toUpperCase())
    // Whatever kinds the server's dept_kind dictionary has: take the first.
    await page.locator(byTestId('dept-form-kind')).click()
    const firstKind = page.locator('[data-testid^="dept-form-kind-opt-"]:visible').first()
    await firstKind.waitFor()
    await firstKind.click()
    await firstKind.waitFor({ state: 'hidden' })
    await screenshot(page, '04-dept-dialog')
    await page.locator(byTestId('dept-form-submit')).click()
    await dialog.waitFor({ state: 'hidden' })
    await page.locator(byTestId('dept-table')).getByText(DEPT_NAME, { exact: true }).waitFor()
    await screenshot(page, '05-dept-list')
  })

  await t.test('admin creates the role 本部门查看员 (user list + map, own department)', async () => {
    await page.locator(byTestId('menu-system-role')).click()
    await page.locator(byTestId('page-role')).waitFor()
    await page.locator(byTestId('role-add')).click()
    const dialog = page.locator(byTestId('dialog-role'))
    await dialog.waitFor()
    await fill(page, 'role-form-name', ROLE_NAME)
    await fill(page, 'role-form-key', ROLE_KEY)
    // Independent checking, so that ticking a menu does not tick all of its buttons.
    await page.locator(byTestId('role-perm-linkage')).click()
    await page.waitForFunction((sel) => !document.querySelector(sel)?.classList.contains('is-checked'), byTestId('role-perm-linkage'))
    for (const key of ['system:user:list', 'geo:map:view']) {
      const node = page.locator(byTestId(`perm-node-${key}`))
      await node.scrollIntoViewIfNeeded()
      await node.click()
      await page.waitForFunction(
        (sel) => document.querySelector(sel)?.closest('.el-tree-node')?.querySelector(':scope > .el-tree-node__content .el-checkbox')?.classList.contains('is-checked'),
        byTestId(`perm-node-${key}`),
      )
    }
    await choose(page, 'role-form-data-scope', 'role-form-data-scope-opt-dept')
    await screenshot(page, '06-role-dialog')
    await page.locator(byTestId('role-form-submit')).click()
    await dialog.waitFor({ state: 'hidden' })
    await page.locator(byTestId(`role-row-${ROLE_KEY}`)).waitFor()
  })

  await t.test('admin creates a user in the new department with that role', async () => {
    await page.locator(byTestId('menu-system-user')).click()
    await page.locator(byTestId('page-user')).waitFor()
    await page.locator(byTestId('user-row-admin')).waitFor()
    await page.locator(byTestId('user-add')).click()
    const dialog = page.locator(byTestId('dialog-user'))
    await dialog.waitFor()
    await fill(page, 'user-form-username', USERNAME)
    await fill(page, 'user-form-display-name', '快保科查看员')
    await fill(page, 'user-form-password', USER_PASSWORD)
    await page.locator(byTestId('user-form-dept')).click()
    const deptNode = page.locator('.el-tree-select__popper:visible, .el-select__popper:visible').getByText(DEPT_NAME, { exact: true }).first()
    await deptNode.waitFor()
    await deptNode.click()
    await choose(page, 'user-form-roles', `user-form-role-${ROLE_KEY}`, { multiple: true })
    await page.keyboard.press('Escape')
    await dialog.locator('.el-dialog__title').click()
    await screenshot(page, '07-user-dialog')
    await page.locator(byTestId('user-form-submit')).click()
    await dialog.waitFor({ state: 'hidden' })
    // Look the new user up, as an administrator would once the list has more than one page.
    await fill(page, 'user-search-username', USERNAME)
    await page.locator(byTestId('user-search')).click()
    await page.locator(byTestId(`user-row-${USERNAME}`)).waitFor()
  })

  await t.test('admin signs out', async () => {
    await page.locator(byTestId('user-menu')).click()
    await page.locator(`${byTestId('menu-logout')}:visible`).click()
    await page.locator('.el-message-box .el-button--primary').click()
    await page.locator(byTestId('login-page')).waitFor()
  })

  await t.test('the new user sees 用户管理 and 组织地图 only', async () => {
    await login(page, server.url, USERNAME, USER_PASSWORD)
    const sidebar = page.locator(byTestId('sidebar'))
    await sidebar.locator(byTestId('menu-system-user')).waitFor()
    await sidebar.locator(byTestId('menu-geo-map')).waitFor()
    assert.match(await sidebar.innerText(), /用户管理/)
    assert.match(await sidebar.innerText(), /组织地图/)
    for (const hidden of ['menu-system-dept', 'menu-system-role', 'menu-monitor-operlog', 'menu-monitor-logininfor', 'menu-system-dict']) {
      assert.equal(await sidebar.locator(byTestId(hidden)).count(), 0, `${hidden} must not be shown`)
    }
    const text = await sidebar.innerText()
    for (const word of ['部门管理', '角色管理', '操作日志']) assert.ok(!text.includes(word), `sidebar must not show ${word}`)
    await screenshot(page, '08-viewer-home')
  })

  await t.test('the user list shows only users of the new department', async () => {
    await page.locator(byTestId('menu-system-user')).click()
    await page.locator(byTestId(`user-row-${USERNAME}`)).waitFor()
    // The table has settled (not loading) and shows no one from other departments.
    await page.waitForFunction(() => !document.querySelector('[data-testid="user-table"] .el-loading-mask:not([style*="display: none"])'))
    assert.equal(await page.locator(byTestId('user-row-admin')).count(), 0, 'admin must not be listed')
    const usernames = await page.locator('[data-testid^="user-row-"]').allInnerTexts()
    assert.deepEqual(usernames, [USERNAME])
    const deptCells = await page.locator(`${byTestId('user-table')} .el-table__body tr td:nth-child(3)`).allInnerTexts()
    assert.ok(deptCells.every((c) => c.trim() === DEPT_NAME), `unexpected departments: ${deptCells}`)
    // The department tree beside the list holds only the user's own department.
    const firstNode = page.locator('[data-testid^="user-dept-node-"]').first()
    await firstNode.waitFor()
    const treeNodes = await page.locator('[data-testid^="user-dept-node-"]').allInnerTexts()
    assert.deepEqual(treeNodes.map((n) => n.trim()), [DEPT_NAME])
    // Buttons the role lacks are not rendered.
    assert.equal(await page.locator(byTestId('user-add')).count(), 0)
    await screenshot(page, '09-viewer-users')
  })

  await t.test('direct navigation to /console/system/role shows the 403 page', async () => {
    await page.goto(url('console/system/role'))
    await page.locator(byTestId('page-403')).waitFor()
    assert.equal(await page.locator(byTestId('page-role')).count(), 0)
    await screenshot(page, '10-viewer-403')
  })

  await t.test('the organisation map is drawn on a canvas', async () => {
    await page.goto(url('console/geo/map'))
    const map = page.locator(byTestId('org-map'))
    await map.waitFor()
    await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.rendered === 'true', byTestId('org-map'))
    const counts = await map.evaluate((el) => ({ areas: +el.dataset.areas, cells: +el.dataset.cells, stations: +el.dataset.stations }))
    assert.ok(counts.areas > 0, 'areas were loaded')
    assert.ok(counts.stations > 0, 'stations were loaded')
    // Non-blank canvas: count painted pixels.
    const painted = await page.waitForFunction((sel) => {
      const canvas = document.querySelector(`${sel} canvas`)
      if (!canvas || !canvas.width || !canvas.height) return 0
      const ctx = canvas.getContext('2d')
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data
      let n = 0
      for (let i = 3; i < data.length; i += 16) if (data[i] > 0) n++
      return n > 500 ? n : 0
    }, byTestId('org-map'))
    assert.ok((await painted.jsonValue()) > 500)
    // Clicking a station in the side list selects (centres/highlights) it.
    const first = page.locator('[data-testid="station-list"] button[data-testid^="station-"]').first()
    const id = (await first.getAttribute('data-testid')).replace('station-', '')
    await first.click()
    await page.waitForFunction(([sel, v]) => document.querySelector(sel)?.dataset.selected === v, [byTestId('org-map'), id])
    await screenshot(page, '11-viewer-map')
  })

  assert.deepEqual(errors, [], `no uncaught page errors: ${errors.join('\n')}`)
  await context.close()
})
