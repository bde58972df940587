import { gzipSync } from 'node:zlib'
import type { Page } from 'playwright-core'
import { ensureClientBuilt, launchBrowser, newPerson, openDoc, waitForConnection } from '../test/helpers/browser.ts'
import { startRelayProcess } from '../test/helpers/relayProcess.ts'

/** Milliseconds from clicking History until the panel shows the last point, measured in the page. */
function openPanel(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const panel = document.querySelector<HTMLElement>('[data-testid="history-panel"]')!
        const started = performance.now()
        new MutationObserver((_, observer) => {
          if (panel.dataset.ready !== 'true') return
          observer.disconnect()
          requestAnimationFrame(() => resolve(performance.now() - started))
        }).observe(panel, { attributes: true })
        document.querySelector<HTMLElement>('[data-testid="history-toggle"]')!.click()
      }),
  )
}

/** Per step from each version to the next: time to show it and paint the next frame. */
function scrubVersions(page: Page): Promise<number[]> {
  return page.evaluate(async () => {
    const slider = document.querySelector<HTMLInputElement>('[data-testid="history-slider"]')!
    const stops = [...document.querySelectorAll<HTMLElement>('.history-list li')].map((li) => Number(li.dataset.index)).sort((a, b) => a - b)
    const times: number[] = []
    for (const stop of stops) {
      const started = performance.now()
      slider.value = String(stop)
      slider.dispatchEvent(new Event('input'))
      await new Promise((resolve) => requestAnimationFrame(resolve))
      times.push(performance.now() - started)
    }
    return times
  })
}

const pct = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]

/** Serves `dataDir` from a relay process and measures the History panel of `doc` in headless Chromium (five openings). */
export async function measureHistoryPanel(dataDir: string, doc: string): Promise<void> {
  ensureClientBuilt()
  const [browser, relay] = await Promise.all([launchBrowser(), startRelayProcess({ dataDir })])
  try {
    const person = await newPerson(browser, { name: 'Bench' })
    await openDoc(person.page, relay.httpUrl, doc)
    // The editor is editable before the document arrives; a person clicks once its text is there.
    await waitForConnection(person.page, 'saved')
    const opens: number[] = []
    const scrubs: number[] = []
    for (let round = 0; round < 5; round++) {
      opens.push(await openPanel(person.page))
      scrubs.push(...(await scrubVersions(person.page)))
      await person.page.click('[data-testid="history-close"]')
    }
    const bundle = new Uint8Array(await (await fetch(`${relay.httpUrl}/api/docs/${doc}/history`)).arrayBuffer())
    const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`
    console.log(`History panel open (fetch bundle of ${kib(bundle.length)}, ${kib(gzipSync(bundle, { level: 1 }).length)} gzipped; decode; render): ${opens.map((t) => t.toFixed(0)).join(', ')} ms; first ${opens[0].toFixed(0)} ms, median ${pct(opens, 50).toFixed(0)} ms`)
    console.log(`scrub version to version (${scrubs.length} steps, to next frame): p50 ${pct(scrubs, 50).toFixed(1)} ms, p95 ${pct(scrubs, 95).toFixed(1)} ms, max ${pct(scrubs, 100).toFixed(1)} ms`)
    await person.context.close()
  } finally {
    await browser.close()
    await relay.stop()
  }
}
