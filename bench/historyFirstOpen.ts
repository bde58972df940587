/**
 * The first History panel opening after a relay starts, the case a relay that reads histories only
 * when asked serves slowest: for each delay, a fresh relay on a fresh copy of a data directory (one
 * `historyCost.ts --keep DIR` left), a person opens the document, waits until it is synced (all
 * changes saved) and then that long, and clicks History. Prints, per delay and run, the time to
 * the panel's next frame after the click and how long the relay took to answer the bundle request
 * (from the page's resource timing).
 *
 *     npx tsx bench/historyFirstOpen.ts DIR [--doc paper] [--delays 0,1000,4000] [--runs 3]
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { ensureClientBuilt, launchBrowser, newPerson, openDoc, waitForConnection } from '../test/helpers/browser.ts'
import { startRelayProcess } from '../test/helpers/relayProcess.ts'

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { doc: { type: 'string', default: 'paper' }, delays: { type: 'string', default: '0,1000,4000' }, runs: { type: 'string', default: '3' } },
})
const source = positionals[0]
if (!source || !fs.existsSync(source)) throw new Error('usage: historyFirstOpen.ts DATA_DIR [--doc paper] [--delays 0,1000,4000] [--runs 3]')
const delays = args.delays!.split(',').map(Number)
const runs = Number(args.runs)

/** Clicks History and resolves with the milliseconds to the next frame once it is ready, and the bundle request's time to first byte. */
function clickHistory(): Promise<{ open: number; ttfb: number }> {
  const panel = document.querySelector<HTMLElement>('[data-testid="history-panel"]')!
  const started = performance.now()
  return new Promise((resolve) => {
    new MutationObserver((_, observer) => {
      if (panel.dataset.ready !== 'true') return
      observer.disconnect()
      requestAnimationFrame(() => {
        const bundle = performance.getEntriesByType('resource').find((e) => e.startTime >= started && e.name.includes('/history')) as PerformanceResourceTiming | undefined
        resolve({ open: performance.now() - started, ttfb: bundle ? bundle.responseStart - bundle.requestStart : Number.NaN })
      })
    }).observe(panel, { attributes: true })
    document.querySelector<HTMLElement>('[data-testid="history-toggle"]')!.click()
  })
}

ensureClientBuilt()
const browser = await launchBrowser()
console.log(`load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`)
try {
  for (let run = 0; run < runs; run++) {
    for (const delay of delays) {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mergepad-first-open-'))
      fs.cpSync(source, dataDir, { recursive: true })
      const relay = await startRelayProcess({ dataDir })
      try {
        const person = await newPerson(browser, { name: 'Bench' })
        await openDoc(person.page, relay.httpUrl, args.doc!)
        // The editor is editable before the document arrives: "loaded" is synced, all saved.
        await waitForConnection(person.page, 'saved')
        await new Promise((resolve) => setTimeout(resolve, delay))
        const { open, ttfb } = await person.page.evaluate(clickHistory)
        console.log(`run ${run + 1}, clicked ${delay} ms after the document loaded: panel ${open.toFixed(0)} ms, relay answered in ${ttfb.toFixed(0)} ms`)
        await person.context.close()
      } finally {
        await relay.stop()
        fs.rmSync(dataDir, { recursive: true, force: true })
      }
    }
  }
} finally {
  await browser.close()
}
