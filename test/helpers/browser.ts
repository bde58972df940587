import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core'

const projectRoot = fileURLToPath(new URL('../..', import.meta.url))
const builtIndex = path.join(projectRoot, 'dist/client/index.html')

/** Where Chromium lives; `CHROMIUM_PATH` overrides Debian's package location. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/**
 * Launches headless Chromium (the system one; playwright's own download is not used). Quiet flags
 * keep it from phoning home or spending the CPU on background work during tests.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-renderer-backgrounding', '--disable-background-timer-throttling', '--disable-backgrounding-occluded-windows'],
  })
}

/** A person at their own browser profile: a fresh context (own IndexedDB, service worker, storage) and one page. */
export interface Person {
  context: BrowserContext
  page: Page
  /** Uncaught errors thrown in the page so far. */
  errors: string[]
}

/**
 * Opens a fresh context and page, sized like a laptop unless `viewport` says otherwise; other
 * context options (`serviceWorkers`, `bypassCSP`, ...) go to `browser.newContext` as they are.
 */
export async function newPerson(browser: Browser, { viewport = { width: 1280, height: 800 }, name, ...contextOptions }: BrowserContextOptions & { name?: string } = {}): Promise<Person> {
  const context = await browser.newContext({ viewport, ...contextOptions })
  if (name) {
    await context.addInitScript((who) => {
      if (!localStorage.getItem('mergepad.identity')) localStorage.setItem('mergepad.identity', JSON.stringify(who))
    }, { name, color: colorFor(name) })
  }
  const page = await context.newPage()
  return { context, page, errors: collectPageErrors(page) }
}

/** Collects the page's uncaught exceptions into the returned array, as they happen. */
function collectPageErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(`${error.name}: ${error.message}`))
  return errors
}

/** The URL path of the editor for document `name` (segments percent-encoded). */
export function docUrl(baseUrl: string, name: string): string {
  return `${baseUrl}/d/${name.split('/').map(encodeURIComponent).join('/')}`
}

/** Opens document `name` and waits until the editor is there and editable. */
export async function openDoc(page: Page, baseUrl: string, name: string): Promise<void> {
  await page.goto(docUrl(baseUrl, name))
  await waitForEditor(page)
}

/** Waits until the page shows an editable editor (after a load or reload). */
export async function waitForEditor(page: Page): Promise<void> {
  await page.waitForSelector('.cm-content[contenteditable="true"]')
  await page.waitForFunction(() => window.mergepad !== undefined)
}

/** Types `text` into the editor at its cursor, key by key, as a person would. */
export async function type(page: Page, text: string, { delay = 0 } = {}): Promise<void> {
  await page.focus('.cm-content')
  await page.keyboard.type(text, { delay })
}

/** Moves the cursor to the start (`'start'`) or end (`'end'`) of the document. */
export async function moveCursor(page: Page, where: 'start' | 'end'): Promise<void> {
  await page.focus('.cm-content')
  await page.keyboard.press(where === 'start' ? 'Control+Home' : 'Control+End')
}

/** The editor's current text. */
export function editorText(page: Page): Promise<string> {
  return page.evaluate(() => window.mergepad!.text())
}

/** Waits until the editor's text contains every one of `parts`. */
export async function waitForText(page: Page, ...parts: string[]): Promise<void> {
  await page.waitForFunction((wanted) => wanted.every((part) => window.mergepad?.text().includes(part)), parts, { timeout: 15_000 })
}

/** Waits until the connection pill shows state `kind` (`saved`, `offline`, ...). */
export async function waitForConnection(page: Page, kind: string): Promise<void> {
  await page.waitForSelector(`[data-testid="status"][data-state="${kind}"]`, { timeout: 15_000 })
}

/** The status pill's label. */
export function statusLabel(page: Page): Promise<string | null> {
  return page.textContent('[data-testid="status"] .status-label')
}

/** Starts recording every label the status pill shows from now on; `labelsSince` reads them. */
export async function recordLabels(page: Page): Promise<void> {
  await page.evaluate(() => {
    const label = document.querySelector('[data-testid="status"] .status-label')!
    const seen: string[] = [label.textContent ?? '']
    ;(window as unknown as { labelsSeen: string[] }).labelsSeen = seen
    new MutationObserver(() => seen.push(label.textContent ?? '')).observe(label, { childList: true, characterData: true, subtree: true })
  })
}

/** Every label the status pill showed since `recordLabels`, in order. */
export function labelsSince(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { labelsSeen: string[] }).labelsSeen)
}

/**
 * Waits until every edit this page has made to document `name` is committed to its local copy in
 * IndexedDB. A read of the copy's update store is scheduled after every write issued before it, so
 * its completion is the barrier; a reload after this finds the copy whole.
 */
export async function waitForLocalCopy(page: Page, name: string): Promise<void> {
  await page.evaluate(
    (dbName) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(dbName)
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const db = open.result
          const read = db.transaction('updates', 'readonly').objectStore('updates').count()
          read.onerror = () => reject(read.error)
          read.onsuccess = () => {
            db.close()
            resolve()
          }
        }
      }),
    `mergepad/${name}`,
  )
}

/** Waits until the service worker is active, so the app shell is cached for offline loads. */
export async function waitForServiceWorker(page: Page): Promise<void> {
  const ready = await page.evaluate(() =>
    Promise.race([navigator.serviceWorker.ready.then(() => true), new Promise<boolean>((resolve) => setTimeout(resolve, 15_000, false))]),
  )
  if (!ready) {
    const state = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration()
      return { registered: !!reg, installing: reg?.installing?.state, waiting: reg?.waiting?.state, active: reg?.active?.state, controller: navigator.serviceWorker.controller?.state }
    })
    throw new Error(`the service worker did not become active within 15 s: ${JSON.stringify(state)}`)
  }
}

/**
 * Builds the client into `dist/client` unless the build is newer than every file in `client/`
 * and `vite.config.ts`. A lock directory keeps parallel test files from building at once. Once
 * `test/browser/globalSetup.ts` has built it for a run (it sets `MERGEPAD_CLIENT_BUILT`), this
 * does nothing, so a source edited mid-run cannot rebuild `dist/` under a relay serving it.
 */
export function ensureClientBuilt(): void {
  if (process.env.MERGEPAD_CLIENT_BUILT === '1') return
  const lock = path.join(projectRoot, 'dist/.build-lock')
  fs.mkdirSync(path.dirname(lock), { recursive: true })
  const deadline = Date.now() + 120_000
  for (;;) {
    try {
      fs.mkdirSync(lock)
      break
    } catch {
      if (Date.now() > deadline) throw new Error(`gave up waiting for ${lock}; remove it if no build is running`)
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200)
    }
  }
  try {
    if (!isBuildFresh()) execFileSync(process.execPath, [path.join(projectRoot, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
        cwd: projectRoot,
        stdio: 'inherit',
        // Vitest sets NODE_ENV=test, which would make this a development build without the service worker.
        env: { ...process.env, NODE_ENV: 'production' },
      })
  } finally {
    fs.rmdirSync(lock)
  }
}

function isBuildFresh(): boolean {
  if (!fs.existsSync(builtIndex)) return false
  const builtAt = fs.statSync(builtIndex).mtimeMs
  const sources = [path.join(projectRoot, 'vite.config.ts'), ...listFiles(path.join(projectRoot, 'client')), ...listFiles(path.join(projectRoot, 'shared'))]
  return sources.every((file) => fs.statSync(file).mtimeMs < builtAt)
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name))
}

/** A stable palette colour for a test person's name, so screenshots are predictable. */
function colorFor(name: string): string {
  const colors = ['#e5484d', '#0090ff', '#30a46c', '#6e56cf', '#f76b15', '#d6409f']
  let hash = 0
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0
  return colors[hash % colors.length]
}
