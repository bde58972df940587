/**
 * Screenshots of `/demo` at 1280×800 and 390×844, light and dark: on load (the whole page), in the
 * middle of the three-way partition (the pinned stage over the diverged replicas, then the whole
 * page), and after it healed (the last-writer-wins contrast); and the editor with two people: the
 * top bar, the people panel open, and working offline with the connection banner.
 *
 *     npx tsx test/browser/demoScreenshots.ts [outDir] [demo|people]
 *
 * outDir is /tmp/mergepad-demo-shots by default; `demo` or `people` takes only those shots.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { ensureClientBuilt, launchBrowser, newPerson, openDoc, type, waitForConnection, waitForText } from '../helpers/browser.ts'
import { startRelayProcess } from '../helpers/relayProcess.ts'
import { screenshotSizes } from './screenshotSizes.ts'

const outDir = process.argv[2] ?? '/tmp/mergepad-demo-shots'
const only = process.argv[3]

fs.mkdirSync(outDir, { recursive: true })
ensureClientBuilt()
const [browser, relay] = await Promise.all([launchBrowser(), startRelayProcess()])
const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage, animations: 'disabled' })
/** Waits for the smooth scrolls the stage starts to come to rest. */
// A string, because tsx would wrap a named function in a helper the page lacks.
const settled = (page: Page) =>
  page.evaluate(`new Promise((resolve) => {
    let last = -1
    const check = () => (scrollY === last ? resolve() : ((last = scrollY), setTimeout(check, 120)))
    check()
  })`)

try {
  for (const [size, viewport] of Object.entries(screenshotSizes)) {
    for (const scheme of only === 'people' ? [] : (['light', 'dark'] as const)) {
      const visitor = await newPerson(browser, { viewport })
      const { page } = visitor
      await page.emulateMedia({ colorScheme: scheme })
      await page.goto(`${relay.httpUrl}/demo?pace=fast`)
      for (const name of ['Alice', 'Bob', 'Carol']) await page.waitForSelector(`[data-replica="${name}"][data-link="synced"]`, { timeout: 15_000 })
      await page.waitForSelector('[data-testid="convergence"][data-state="converged"]')
      await shot(page, `demo-${scheme}-${size}-load`, true)

      await page.check('[data-testid="step-by-step"]')
      await page.click('[data-testid="scenario-three-way"]')
      for (let step = 1; step < 4; step++) {
        await page.waitForSelector('[data-testid="next-step"]:not([disabled])', { timeout: 15_000 })
        await page.click('[data-testid="next-step"]')
      }
      await page.waitForSelector('[data-testid="next-step"]:not([disabled])', { timeout: 15_000 })
      await page.waitForSelector('[data-testid="convergence"][data-state="diverged"]')
      await page.focus('[data-testid="next-step"]')
      await settled(page)
      await shot(page, `demo-${scheme}-${size}-mid`)
      await shot(page, `demo-${scheme}-${size}-mid-full`, true)

      await page.click('[data-testid="next-step"]')
      await page.waitForSelector('[data-testid="stage"][data-state="done"]', { timeout: 15_000 })
      await page.waitForSelector('[data-testid="convergence"][data-state="converged"]')
      await page.click('[data-testid="compare"]')
      await settled(page)
      await shot(page, `demo-${scheme}-${size}-contrast`)
      if (visitor.errors.length > 0) console.error(`page errors on /demo: ${visitor.errors.join('\n')}`)
      await visitor.context.close()
    }

    for (const scheme of only === 'demo' ? [] : (['light', 'dark'] as const)) {
      const doc = `people-${size}-${scheme}`
      const ada = await newPerson(browser, { viewport, name: 'Ada Lovelace' })
      const ben = await newPerson(browser, { viewport, name: 'Ben Franklin' })
      await ada.page.emulateMedia({ colorScheme: scheme })
      await openDoc(ada.page, relay.httpUrl, doc)
      await openDoc(ben.page, relay.httpUrl, doc)
      await type(ben.page, 'Ben was here. ')
      await waitForText(ada.page, 'Ben was here.')
      await waitForConnection(ada.page, 'saved')
      await ada.page.waitForSelector('[data-testid="people-button"] .avatar:nth-child(2)')
      await shot(ada.page, `people-${scheme}-${size}-bar`)
      await ada.page.click('[data-testid="people-button"]')
      await ada.page.waitForSelector('[data-testid="people"] .person:nth-child(2)')
      await shot(ada.page, `people-${scheme}-${size}-panel`)
      await ada.page.keyboard.press('Escape')
      await ada.page.check('[data-testid="work-offline"]', { force: true })
      await waitForConnection(ada.page, 'offline')
      await ada.page.waitForSelector('[data-testid="connection-banner"]:visible')
      await shot(ada.page, `people-${scheme}-${size}-offline`)
      await ada.context.close()
      await ben.context.close()
    }
  }
  console.log(`screenshots in ${outDir}`)
} finally {
  await browser.close()
  await relay.stop()
}
