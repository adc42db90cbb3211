// Starts the Vite dev server with no backend behind it and screenshots the public portal and the
// login page (zh-CN and English) into test-results/. Usage: npm run screenshots
import path from 'node:path'
import { createServer } from 'vite'
import { byTestId, launchBrowser, newPage, RESULTS_DIR, screenshot } from '../e2e/helpers.mjs'

// Point the proxy at a closed port so the "API unreachable" state is what gets drawn.
process.env.ZHIBAO_BACKEND ??= 'http://127.0.0.1:9'
const server = await createServer({ configFile: path.resolve(import.meta.dirname, '..', 'vite.config.ts'), server: { port: 0, strictPort: false }, logLevel: 'warn' })
await server.listen()
const base = server.resolvedUrls.local[0]
const browser = await launchBrowser()
try {
  const { page } = await newPage(browser)
  await page.goto(base)
  await page.locator(byTestId('portal-zone-name')).waitFor()
  await page.locator('text=统计数据暂不可用').waitFor()
  await screenshot(page, 'dev-portal')
  await page.screenshot({ path: path.join(RESULTS_DIR, 'dev-portal-full.png'), fullPage: true })
  await page.goto(new URL('login', base).href)
  await page.locator(byTestId('login-title')).waitFor()
  await screenshot(page, 'dev-login')
  await page.locator(byTestId('lang-en')).click()
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.trim() === 'Staff sign-in', byTestId('login-title'))
  await screenshot(page, 'dev-login-en')
  console.log(`screenshots written to ${RESULTS_DIR}`)
} finally {
  await browser.close()
  await server.close()
}
