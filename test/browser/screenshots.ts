/**
 * Takes the screenshots the design is judged by, at 1280×800 and at a 390-px-wide phone size: the
 * home page (light and dark), an editor with two people in it, the offline state, the editor with
 * the preview, with find and replace open, with the outline, in dark mode, and the printout.
 *
 *     npx tsx test/browser/screenshots.ts [outDir]      (default /tmp/mergepad-shots)
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { ensureClientBuilt, launchBrowser, moveCursor, newPerson, openDoc, type, waitForConnection, waitForText } from '../helpers/browser.ts'
import { startRelayProcess, type RelayProcess } from '../helpers/relayProcess.ts'
import { launchPlan, screenshotSizes } from './screenshotSizes.ts'

const outDir = process.argv[2] ?? '/tmp/mergepad-shots'
const sample = `${launchPlan}
## Open questions
`
const longer = `${sample}
- [x] Book the launch call
- [ ] Decide on the status page
- [ ] Write the [changelog](https://example.com/changelog)

## Timeline

| Day | What | Who |
| --- | :---: | ---: |
| Mon | Invites go out | Ada |
| Wed | First feedback call | Ben |
| Fri | Dry run | Both |

### Rollback

\`\`\`sh
mergepad rollback --to 2026-03-01
\`\`\`

## Notes

Keep the onboarding emails short: one idea each, one link each.
`

fs.mkdirSync(outDir, { recursive: true })
ensureClientBuilt()
const [browser, relay] = await Promise.all([launchBrowser(), startRelayProcess()])
const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage })
try {
  for (const [size, viewport] of Object.entries(screenshotSizes)) {
    for (const scheme of ['light', 'dark'] as const) {
      const home = await newPerson(browser, { viewport, name: 'Ada Lovelace' })
      await home.page.emulateMedia({ colorScheme: scheme })
      await home.context.addInitScript(() => {
        const hour = 3_600_000
        const docs = [['launch-plan', 0.02], ['team/weekly notes', 5], ['misty-harbor-4821', 30], ['reading list', 200]]
        localStorage.setItem('mergepad.recentDocs', JSON.stringify(docs.map(([name, h]) => ({ name, lastOpened: Date.now() - Number(h) * hour }))))
      })
      await home.page.goto(relay.httpUrl)
      await shot(home.page, scheme === 'light' ? `home-${size}` : `home-dark-${size}`, size === 'phone')
      await home.context.close()
    }

    const doc = `launch-plan-${size}`
    const ada = await newPerson(browser, { viewport, name: 'Ada Lovelace' })
    const ben = await newPerson(browser, { viewport, name: 'Ben Franklin' })
    // The first shots show the text alone, as before the preview existed.
    await ada.context.addInitScript(() => localStorage.getItem('mergepad.writingView') ?? localStorage.setItem('mergepad.writingView', '{"previewBeside":false}'))
    await openDoc(ada.page, relay.httpUrl, doc)
    await openDoc(ben.page, relay.httpUrl, doc)
    await ada.page.evaluate((text) => window.mergepad!.session.text.insert(0, text), sample)
    await waitForText(ben.page, 'Open questions')
    await moveCursor(ada.page, 'end')
    await type(ada.page, '- Do we need a ')
    await ben.page.click('.cm-line:nth-child(7)')
    await ben.page.keyboard.press('End')
    await type(ben.page, ' (draft is ready)', { delay: 20 })
    await waitForConnection(ada.page, 'saved')
    await ada.page.waitForTimeout(300)
    await shot(ada.page, `editor-two-people-${size}`)

    await ada.context.setOffline(true)
    await waitForConnection(ada.page, 'offline')
    await type(ada.page, 'status page?')
    await ada.page.waitForTimeout(300)
    await shot(ada.page, `editor-offline-${size}`)
    await ada.context.close()
    await ben.context.close()

    await writingShots(browser, relay, size as keyof typeof screenshotSizes)
  }
  console.log(`screenshots in ${outDir}`)
} finally {
  await browser.close()
  await relay.stop()
}

/** The writing tools: preview, find and replace, outline, dark mode, and the printout. */
async function writingShots(browser: Browser, relay: RelayProcess, size: keyof typeof screenshotSizes): Promise<void> {
  const phone = size === 'phone'
  const person = await newPerson(browser, { viewport: screenshotSizes[size], name: 'Ada Lovelace' })
  const { page } = person
  await openDoc(page, relay.httpUrl, `writing-${size}`)
  await page.evaluate((text) => window.mergepad!.session.text.insert(0, text), longer)
  await waitForConnection(page, 'saved')

  const showPreview = async () => {
    if (phone) await page.click('[data-testid="show-preview"]')
    await page.waitForSelector('[data-testid="preview"] table')
  }
  await showPreview()
  await page.waitForTimeout(200)
  await shot(page, `editor-preview-${size}`)

  if (phone) await page.click('[data-testid="show-write"]')
  await page.keyboard.press('Control+Home')
  if (phone) {
    await page.click('[data-testid="more"]:visible')
    await page.click('[data-testid="menu-find"]:visible')
  } else await page.click('[data-testid="find"]')
  await page.waitForSelector('.cm-search')
  await page.fill('.cm-search input[name="search"]', 'launch')
  await page.fill('.cm-search input[name="replace"]', 'release')
  await page.keyboard.press('Enter')
  await page.waitForTimeout(200)
  await shot(page, `editor-find-${size}`)
  await page.keyboard.press('Escape')

  if (phone) await page.click('[data-testid="outline-menu"]')
  else await page.click('[data-testid="outline-toggle"]')
  await page.waitForSelector('[data-testid="outline-list"] .outline-item:visible')
  await page.waitForTimeout(200)
  await shot(page, `editor-outline-${size}`)
  if (phone) await page.keyboard.press('Escape')

  await page.emulateMedia({ colorScheme: 'dark' })
  if (phone) await showPreview()
  await page.waitForTimeout(200)
  await shot(page, `editor-dark-${size}`)
  if (phone) {
    await page.click('[data-testid="show-write"]')
    await shot(page, `editor-dark-write-${size}`)
  }

  await page.emulateMedia({ colorScheme: 'light', media: 'print' })
  await shot(page, `print-${size}`, true)
  await person.context.close()
}
