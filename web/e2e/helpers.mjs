// Shared helpers for the browser end-to-end tests (node:test + playwright-core + Debian Chromium).
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { Secret, TOTP } from 'otpauth'

export const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const RESULTS_DIR = path.join(WEB_DIR, 'test-results')
export const DEMO_PASSWORD = 'Zhibao@2026'

/** The server binary: $ZHIBAO_BIN, else ../target/debug/zhibao (relative to web/). */
export function serverBinary() {
  return path.resolve(WEB_DIR, process.env.ZHIBAO_BIN ?? '../target/debug/zhibao')
}

/**
 * Starts `zhibao --data-dir <fresh temp dir> demo --bind 127.0.0.1:0` and waits (on its output,
 * no sleeps) for the lines `URL: http://…/` and `TOTP secret for admin: …`.
 * `args` are added to the demo command (e.g. `['--demo-patents', '0']`).
 * Returns { url, adminTotpSecret, stop, logs }.
 */
export async function startServer({ timeoutMs = 120_000, args: extra = [] } = {}) {
  const bin = serverBinary()
  if (!fs.existsSync(bin)) {
    throw new Error(`zhibao server binary not found at ${bin}. Build it (cargo build -p zhibao-cli) or set ZHIBAO_BIN.`)
  }
  const webDist = path.join(WEB_DIR, 'dist')
  if (!fs.existsSync(path.join(webDist, 'index.html'))) {
    throw new Error(`${webDist}/index.html is missing: run \`npm run build\` before \`npm run e2e\`.`)
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhibao-e2e-'))
  const isScript = /\.(mjs|cjs|js)$/.test(bin)
  const cmd = isScript ? process.execPath : bin
  const args = [...(isScript ? [bin] : []), '--data-dir', dataDir, 'demo', '--bind', '127.0.0.1:0', ...extra]
  const child = spawn(cmd, args, {
    cwd: WEB_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Serve the freshly built web/dist (config `server.web_dir`), not whatever was embedded when the
    // binary was compiled, so the tests always exercise the current front end.
    env: { ZHIBAO__SERVER__WEB_DIR: webDist, ...process.env, NO_COLOR: '1' },
  })
  const logs = []
  let url = null
  let secret = null

  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not print its URL and TOTP secret within ${timeoutMs} ms:\n${logs.join('')}`)),
      timeoutMs,
    )
    const onData = (chunk) => {
      const text = chunk.toString('utf8')
      logs.push(text)
      // eslint-disable-next-line no-control-regex
      const plain = text.replace(/\x1b\[[0-9;]*m/g, '')
      const u = plain.match(/URL:\s*(https?:\/\/[^\s]+)/)
      if (u && !url) url = u[1].endsWith('/') ? u[1] : `${u[1]}/`
      const s = plain.match(/TOTP secret for admin:\s*([A-Z2-7]+=*)/)
      if (s && !secret) secret = s[1]
      if (url && secret) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('error', (e) => {
      clearTimeout(timer)
      reject(e)
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`server exited early (code ${code}, signal ${signal}):\n${logs.join('')}`))
    })
  })
  try {
    await ready
  } catch (e) {
    child.kill('SIGKILL')
    throw e
  }
  child.removeAllListeners('exit')

  async function stop() {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    }
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
  return { url, adminTotpSecret: secret, stop, logs, dataDir }
}

export function totpCode(secretBase32) {
  return new TOTP({ secret: Secret.fromBase32(secretBase32), digits: 6, period: 30, algorithm: 'SHA1' }).generate()
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
]

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  })
}

/** A fresh context/page with a desktop viewport and Chinese locale, that collects page errors. */
export async function newPage(browser, { locale = 'zh-CN' } = {}) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale, timezoneId: 'Asia/Shanghai' })
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  const errors = []
  page.on('pageerror', (e) => errors.push(String(e)))
  return { context, page, errors }
}

export async function screenshot(page, name) {
  fs.mkdirSync(RESULTS_DIR, { recursive: true })
  await page.screenshot({ path: path.join(RESULTS_DIR, `${name}.png`), fullPage: false })
}

export const byTestId = (id) => `[data-testid="${id}"]`

/** Today in Asia/Shanghai, as the server counts days. */
export const shanghaiToday = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date())

/** Fills an Element Plus input whose data-testid sits on the <input> (or on its wrapper). */
export async function fill(page, testId, value) {
  const el = page.locator(byTestId(testId))
  const input = (await el.evaluate((n) => n.tagName === 'INPUT' || n.tagName === 'TEXTAREA')) ? el : el.locator('input, textarea').first()
  await input.fill(value)
}


/** Logs in through the UI; answers the TOTP step when a secret is given. */
export async function login(page, baseUrl, username, password, totpSecret) {
  await page.goto(new URL('login', baseUrl).href)
  await page.locator(byTestId('login-username')).waitFor()
  await fill(page, 'login-username', username)
  await fill(page, 'login-password', password)
  await page.locator(byTestId('login-submit')).click()
  if (totpSecret) {
    await page.locator(byTestId('login-totp')).waitFor()
    await fill(page, 'login-totp', totpCode(totpSecret))
    await page.locator(byTestId('login-totp-submit')).click()
  }
  await page.locator(byTestId('page-home')).waitFor()
}

/** Opens an el-select (by its data-testid) and clicks the option with the given data-testid. */
export async function choose(page, selectTestId, optionTestId, { multiple = false } = {}) {
  await page.locator(byTestId(selectTestId)).click()
  const opt = page.locator(`${byTestId(optionTestId)}:visible`).first()
  await opt.waitFor()
  await opt.click()
  // A single select closes its dropdown; wait for that so screenshots and the next click are clean.
  if (!multiple) await page.locator(`${byTestId(optionTestId)}`).first().waitFor({ state: 'hidden' })
}
