/**
 * Measures the editor on a large real document: the `automerge-paper` editing trace (260k
 * single-character edits, 105k characters at the end) replayed into a Yjs document, then opened in
 * headless Chromium (1) from the server into an empty browser profile, (2) from IndexedDB with the
 * server up, (3) from IndexedDB with the server stopped; and the typing latency in it.
 *
 *     npx tsx bench/editorOpen.ts [path/to/trace.json.gz] [--runs N]
 *
 * The trace defaults to ../shared/traces/automerge-paper.json.gz when present. Prints medians.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import zlib from 'node:zlib'
import type { Page } from 'playwright-core'
import { ensureClientBuilt, launchBrowser, docUrl } from '../test/helpers/browser.ts'
import { startRelayProcess } from '../test/helpers/relayProcess.ts'
import { editorUpdateOfTrace, seedDocument } from './seedTrace.ts'
import type { EditingTrace } from './trace.ts'

const projectRoot = fileURLToPath(new URL('..', import.meta.url))
const args = process.argv.slice(2)
const runsIndex = args.indexOf('--runs')
const runs = runsIndex >= 0 ? Number(args.splice(runsIndex, 2)[1]) : 5
const tracePath = args[0] ?? path.join(projectRoot, '../shared/traces/automerge-paper.json.gz')
if (!fs.existsSync(tracePath)) {
  console.error(`No trace at ${tracePath}; pass the path of automerge-paper.json.gz.`)
  process.exit(2)
}

const trace = JSON.parse(zlib.gunzipSync(fs.readFileSync(tracePath)).toString()) as EditingTrace
const started = performance.now()
const update = editorUpdateOfTrace(trace)
console.log(`replayed ${trace.txns.length.toLocaleString()} transactions in ${ms(performance.now() - started)}; Yjs update ${(update.byteLength / 1024).toFixed(0)} KiB, text ${trace.endContent.length.toLocaleString()} characters`)

ensureClientBuilt()
const relay = await startRelayProcess()
const browser = await launchBrowser()
try {
  const name = 'automerge-paper'
  await seedDocument(relay.url, name, update, trace.endContent.length)
  const url = docUrl(relay.httpUrl, name)
  const length = trace.endContent.length

  const fromServer: number[] = []
  const fromDevice: number[] = []
  const fromDeviceServerDown: number[] = []
  const phases: Record<string, number>[] = []
  const emptyDoc: number[] = []
  const typing: number[] = []
  const typingPaint: number[] = []
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    let page = await context.newPage()
    fromServer.push(await openAndTime(page, url, length))
    await page.waitForTimeout(500) // let y-indexeddb finish writing the synced state
    await page.close()

    page = await context.newPage()
    emptyDoc.push(await openAndTime(page, `${url}-empty-${run}`, 0))
    await page.close()

    page = await context.newPage()
    fromDevice.push(await openAndTime(page, url, length))
    phases.push(await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('mergepad:')).map((m) => [m.name.slice(9), m.startTime]))))
    if (run === 0) {
      const latencies = await typingLatency(page, 60)
      typing.push(...latencies.toDom)
      typingPaint.push(...latencies.toPaint)
    }
    await page.close()
    await context.close()
  }

  // The server stopped: the service worker serves the app, IndexedDB the document.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  let page = await context.newPage()
  await openAndTime(page, url, length)
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined))
  await page.waitForTimeout(500)
  await page.close()
  await relay.stop()
  for (let run = 0; run < runs; run++) {
    page = await context.newPage()
    fromDeviceServerDown.push(await openAndTime(page, url, length))
    await page.close()
  }
  await context.close()

  console.log(`\ntime to an editable document of ${length.toLocaleString()} characters (median of ${runs}, from navigation start):`)
  console.log(`  baseline, an empty new document:     ${ms(median(emptyDoc))}   (all: ${emptyDoc.map(ms).join(', ')})`)
  console.log(`  from the server, empty profile:      ${ms(median(fromServer))}   (all: ${fromServer.map(ms).join(', ')})`)
  console.log(`  from IndexedDB, server up:           ${ms(median(fromDevice))}   (all: ${fromDevice.map(ms).join(', ')})`)
  console.log(`  from IndexedDB, server stopped:      ${ms(median(fromDeviceServerDown))}   (all: ${fromDeviceServerDown.map(ms).join(', ')})`)
  const phase = (key: string) => ms(median(phases.map((p) => p[key])))
  console.log(`  of which, from IndexedDB (medians, ms since navigation start): app script running ${phase('start')}, local copy loaded ${phase('local-loaded')}, editor created ${phase('editable')}`)
  console.log(`typing in the middle of it (${typing.length} keystrokes):`)
  console.log(`  keydown to DOM updated:   median ${ms(median(typing))}, p95 ${ms(percentile(typing, 0.95))}, max ${ms(Math.max(...typing))}`)
  console.log(`  keydown to next frame:    median ${ms(median(typingPaint))}, p95 ${ms(percentile(typingPaint, 0.95))}, max ${ms(Math.max(...typingPaint))}`)
} finally {
  await browser.close()
  await relay.kill()
}

/** Opens `url` and resolves with the page's own clock when the editor first holds at least `length` characters. */
async function openAndTime(page: Page, url: string, length: number): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' })
  const handle = await page.waitForFunction(
    (n) => {
      const view = window.mergepad?.view
      return view && view.state.doc.length >= n && view.contentDOM.isContentEditable ? performance.now() : false
    },
    length,
    { polling: 'raf', timeout: 60_000 },
  ).catch(async (error: Error) => {
    const state = await page.evaluate(() => ({ length: window.mergepad?.view.state.doc.length, status: document.querySelector('[data-testid="status"]')?.getAttribute('data-state') }))
    throw new Error(`${error.message}\npage state: ${JSON.stringify(state)}`)
  })
  return (await handle.jsonValue()) as number
}

/** Types `count` letters in the middle of the document; per key, the time to the DOM change and to the next frame. */
async function typingLatency(page: Page, count: number): Promise<{ toDom: number[]; toPaint: number[] }> {
  await page.evaluate(() => {
    const view = window.mergepad!.view
    const middle = Math.floor(view.state.doc.length / 2)
    view.dispatch({ selection: { anchor: middle }, scrollIntoView: true })
    view.focus()
    const record: { toDom: number[]; toPaint: number[] } = { toDom: [], toPaint: [] }
    ;(window as unknown as { latency: typeof record }).latency = record
    let down = 0
    window.addEventListener('keydown', () => (down = performance.now()), { capture: true })
    new MutationObserver(() => {
      if (down === 0) return
      const start = down
      down = 0
      record.toDom.push(performance.now() - start)
      requestAnimationFrame(() => record.toPaint.push(performance.now() - start))
    }).observe(view.contentDOM, { subtree: true, childList: true, characterData: true })
  })
  await page.waitForTimeout(300)
  for (let i = 0; i < count; i++) {
    await page.keyboard.press(String.fromCharCode(97 + (i % 26)))
    await page.waitForTimeout(30)
  }
  await page.waitForTimeout(200)
  return page.evaluate(() => (window as unknown as { latency: { toDom: number[]; toPaint: number[] } }).latency)
}

function median(values: number[]): number {
  return percentile(values, 0.5)
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]
}

function ms(value: number): string {
  return `${value.toFixed(0)} ms`
}
