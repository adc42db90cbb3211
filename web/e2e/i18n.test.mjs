// The language switch changes the login page's labels (and is remembered); login errors are shown.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { byTestId, fill, launchBrowser, newPage, screenshot, startServer } from './helpers.mjs'

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

test('the English switch changes the login page labels and is remembered', async () => {
  const { context, page, errors } = await newPage(browser)
  await page.goto(new URL('login', server.url).href)
  const title = page.locator(byTestId('login-title'))
  await title.waitFor()
  assert.equal((await title.innerText()).trim(), '工作人员登录')
  const usernameLabel = page.locator(`${byTestId('login-username-item')} .el-form-item__label`)
  assert.equal((await usernameLabel.innerText()).trim(), '用户名')

  await page.locator(byTestId('lang-en')).click()
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.trim() === 'Staff sign-in', byTestId('login-title'))
  assert.equal((await usernameLabel.innerText()).trim(), 'Username')
  assert.equal((await page.locator(`${byTestId('login-password-item')} .el-form-item__label`).innerText()).trim(), 'Password')
  assert.match(await page.locator(byTestId('login-submit')).innerText(), /Sign in/)
  await screenshot(page, 'i18n-login-en')

  // Remembered across a reload (localStorage).
  await page.reload()
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.trim() === 'Staff sign-in', byTestId('login-title'))

  await page.locator(byTestId('lang-zh')).click()
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.trim() === '工作人员登录', byTestId('login-title'))
  assert.deepEqual(errors, [])
  await context.close()
})

test('a wrong password is reported on the login page', async () => {
  const { context, page } = await newPage(browser)
  await page.goto(new URL('login', server.url).href)
  await page.locator(byTestId('login-username')).waitFor()
  await fill(page, 'login-username', 'officer')
  await fill(page, 'login-password', 'Wrong-password-1')
  await page.locator(byTestId('login-submit')).click()
  const err = page.locator(byTestId('login-error'))
  await err.waitFor()
  assert.ok((await err.innerText()).trim().length > 0)
  assert.equal(await page.locator(byTestId('login-totp')).count(), 0)
  await screenshot(page, 'login-error')
  await context.close()
})
