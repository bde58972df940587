/**
 * Measures the live preview on a large real document: the `automerge-paper` editing trace (105k
 * characters at the end) opened in headless Chromium at 1280×800 with the preview beside the text.
 *
 * - first render: from the whole text having arrived (from the relay) to the whole preview on screen;
 * - keystroke to preview: a key typed in the middle of the document, from `keydown` to the
 *   preview's DOM showing it, and to the next frame after that (when it is painted);
 * - remote edit to preview: a character typed by another client (a Node y-websocket client), from
 *   the update arriving in the page to the preview's DOM showing it.
 *
 *     npx tsx bench/previewLatency.ts [path/to/trace.json.gz] [--keys N]
 *
 * The trace defaults to ../shared/traces/automerge-paper.json.gz when present.
 */
import fs from 'node:fs'
import type { Page } from 'playwright-core'
import { docUrl, ensureClientBuilt, launchBrowser } from '../test/helpers/browser.ts'
import { connectClient } from '../test/helpers/client.ts'
import { startRelayProcess } from '../test/helpers/relayProcess.ts'
import { sleep } from '../test/helpers/wait.ts'
import { editorUpdateOfTrace, seedDocument } from './seedTrace.ts'
import { defaultTracePath, readTrace } from './trace.ts'

const args = process.argv.slice(2)
const keysIndex = args.indexOf('--keys')
const keys = keysIndex >= 0 ? Number(args.splice(keysIndex, 2)[1]) : 200
/** Milliseconds between keystrokes: a fast typist's 16 characters a second. */
const pace = 60
const tracePath = args[0] ?? defaultTracePath
if (!fs.existsSync(tracePath)) {
  console.error(`No trace at ${tracePath}; pass the path of automerge-paper.json.gz.`)
  process.exit(2)
}
const trace = readTrace(tracePath)
const length = trace.endContent.length

ensureClientBuilt()
const relay = await startRelayProcess()
const browser = await launchBrowser()
try {
  const name = 'automerge-paper-preview'
  await seedDocument(relay.url, name, editorUpdateOfTrace(trace), length)
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  // tsx keeps function names with an `__name` helper that the page does not have.
  await page.addInitScript('window.__name = (fn) => fn')
  await page.addInitScript(watchPreview)
  await page.goto(docUrl(relay.httpUrl, name))
  await page.waitForFunction((n) => (window.mergepad?.view.state.doc.length ?? 0) >= n && document.querySelectorAll('[data-testid="preview"] .md-block').length > 100, length, { timeout: 60_000 })
  const firstRender = await page.evaluate(() => (window as unknown as { bench: Bench }).bench.firstRender())
  const blocks = await page.$$eval('[data-testid="preview"] .md-block', (els) => els.length)

  const local = await typeInTheMiddle(page, keys)
  const remote = await remoteTyping(page, name, Math.min(keys, 100))

  console.log(`automerge-paper: ${length.toLocaleString()} characters, ${blocks} top-level blocks in the preview; Chromium ${browser.version()}, 1280×800, preview beside the text`)
  console.log(`first render of the whole preview, once the text has arrived: ${ms(firstRender)}`)
  console.log(`keystroke to preview (${local.toDom.length} keys typed in the middle, ~${pace} ms apart):`)
  console.log(`  keydown to the text updated:     median ${ms(percentile(local.toText, 0.5))}, p95 ${ms(percentile(local.toText, 0.95))}, max ${ms(Math.max(...local.toText))}   (the editor alone)`)
  console.log(`  keydown to preview DOM updated:  median ${ms(percentile(local.toDom, 0.5))}, p95 ${ms(percentile(local.toDom, 0.95))}, max ${ms(Math.max(...local.toDom))}`)
  console.log(`  keydown to the frame after it:   median ${ms(percentile(local.toPaint, 0.5))}, p95 ${ms(percentile(local.toPaint, 0.95))}, max ${ms(Math.max(...local.toPaint))}`)
  console.log(`remote edit to preview (${remote.length} characters from another client):`)
  console.log(`  update received to preview DOM:  median ${ms(percentile(remote, 0.5))}, p95 ${ms(percentile(remote, 0.95))}, max ${ms(Math.max(...remote))}`)
  await context.close()
} finally {
  await browser.close()
  await relay.kill()
}

/** What the page records (installed before the app starts, see {@link watchPreview}). */
interface Bench {
  firstRender(): number
  keydowns: number[]
  textKeydowns: number[]
  toText: number[]
  /** When the document first held all of its text (it arrives from the relay after the editor opens). */
  loadedAt: number
  remoteAt: number[]
  toDom: number[]
  toPaint: number[]
  remote: number[]
}

/**
 * Runs in the page before the app: records each keydown (and, once the session exists, each update
 * from elsewhere), and when the preview's DOM next changes, the time since each of them; then the
 * time to the following animation frame.
 */
function watchPreview(): void {
  const bench = { keydowns: [], textKeydowns: [], toText: [], loadedAt: 0, remoteAt: [], toDom: [], toPaint: [], remote: [] } as unknown as Bench
  ;(window as unknown as { bench: Bench }).bench = bench
  let firstRender = 0
  bench.firstRender = () => firstRender - bench.loadedAt
  window.addEventListener(
    'keydown',
    () => {
      bench.keydowns.push(performance.now())
      bench.textKeydowns.push(performance.now())
    },
    { capture: true },
  )
  const watchArticle = () => {
    const article = document.querySelector('[data-testid="preview"]')
    if (!article) return void requestAnimationFrame(watchArticle)
    new MutationObserver(() => {
      const now = performance.now()
      if (firstRender === 0 && article.querySelectorAll('.md-block').length > 100) firstRender = now
      const typed = bench.keydowns.splice(0)
      for (const at of typed) bench.toDom.push(now - at)
      for (const at of bench.remoteAt.splice(0)) bench.remote.push(now - at)
      if (typed.length > 0) requestAnimationFrame(() => typed.forEach((at) => bench.toPaint.push(performance.now() - at)))
    }).observe(article, { subtree: true, childList: true, characterData: true })
  }
  const watchSession = () => {
    const session = window.mergepad?.session
    if (!session) return void requestAnimationFrame(watchSession)
    session.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin === session.provider) bench.remoteAt.push(performance.now())
      if (bench.loadedAt === 0 && session.text.length > 100_000) bench.loadedAt = performance.now()
    })
    if (session.text.length > 100_000) bench.loadedAt = performance.now()
    new MutationObserver(() => {
      const now = performance.now()
      for (const at of bench.textKeydowns.splice(0)) bench.toText.push(now - at)
    }).observe(window.mergepad!.view.contentDOM, { subtree: true, childList: true, characterData: true })
  }
  watchArticle()
  watchSession()
}


/** Types `count` letters (a space every sixth) in the middle of the document, `pace` ms apart. */
async function typeInTheMiddle(page: Page, count: number): Promise<{ toDom: number[]; toPaint: number[]; toText: number[] }> {
  await page.evaluate(() => {
    const { view } = window.mergepad!
    const middle = view.state.doc.lineAt(Math.floor(view.state.doc.length / 2)).to
    view.dispatch({ selection: { anchor: middle }, scrollIntoView: true })
    view.focus()
  })
  await sleep(500)
  await page.evaluate(() => {
    const { bench } = window as unknown as { bench: Bench }
    for (const list of [bench.toDom, bench.toPaint, bench.toText, bench.keydowns, bench.textKeydowns]) list.length = 0
  })
  for (let i = 0; i < count; i++) {
    await page.keyboard.press(i % 6 === 5 ? 'Space' : String.fromCharCode(97 + (i % 26)))
    await sleep(pace)
  }
  await sleep(300)
  return page.evaluate(() => {
    const { bench } = window as unknown as { bench: Bench }
    return { toDom: bench.toDom.slice(), toPaint: bench.toPaint.slice(), toText: bench.toText.slice() }
  })
}

/** Another client types `count` characters into the middle of the document, `pace` ms apart. */
async function remoteTyping(page: Page, name: string, count: number): Promise<number[]> {
  const other = connectClient(relay.url, name, 'remote typist')
  await other.synced()
  const at = Math.floor(other.text.length / 3)
  for (let i = 0; i < count; i++) {
    other.type('x', at + i)
    await sleep(pace)
  }
  await sleep(500)
  other.destroy()
  return page.evaluate(() => (window as unknown as { bench: Bench }).bench.remote.slice())
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]
}

function ms(value: number): string {
  return `${value.toFixed(1)} ms`
}
