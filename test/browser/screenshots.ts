/**
 * Takes the screenshots the design is judged by: the home page, an editor with two people in it,
 * and the offline state, at 1280×800 and at a 390-px-wide phone size.
 *
 *     npx tsx test/browser/screenshots.ts [outDir]      (default /tmp/mergepad-shots)
 */
import fs from 'node:fs'
import path from 'node:path'
import { ensureClientBuilt, launchBrowser, moveCursor, newPerson, openDoc, type, waitForConnection, waitForText } from '../helpers/browser.ts'
import { startRelayProcess } from '../helpers/relayProcess.ts'

const outDir = process.argv[2] ?? '/tmp/mergepad-shots'
const sizes = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } }
const sample = `# Launch plan

The beta opens to **200 teams** on Monday. Here is what each of us owns:

- Ada: onboarding emails and the *welcome* document
- Ben: pricing page, with the \`free\` and \`team\` plans
- Both: a dry run on Friday

> Ship small, ship often, and keep the writing honest.

## Open questions
`

fs.mkdirSync(outDir, { recursive: true })
ensureClientBuilt()
const [browser, relay] = await Promise.all([launchBrowser(), startRelayProcess()])
try {
  for (const [size, viewport] of Object.entries(sizes)) {
    const home = await newPerson(browser, { viewport, name: 'Ada Lovelace' })
    await home.context.addInitScript(() => {
      const hour = 3_600_000
      const docs = [['launch-plan', 0.02], ['team/weekly notes', 5], ['misty-harbor-4821', 30], ['reading list', 200]]
      localStorage.setItem('mergepad.recentDocs', JSON.stringify(docs.map(([name, h]) => ({ name, lastOpened: Date.now() - Number(h) * hour }))))
    })
    await home.page.goto(relay.httpUrl)
    await home.page.screenshot({ path: path.join(outDir, `home-${size}.png`), fullPage: size === 'phone' })
    await home.context.close()

    const doc = `launch-plan-${size}`
    const ada = await newPerson(browser, { viewport, name: 'Ada Lovelace' })
    const ben = await newPerson(browser, { viewport, name: 'Ben Franklin' })
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
    await ada.page.screenshot({ path: path.join(outDir, `editor-two-people-${size}.png`) })

    await ada.context.setOffline(true)
    await waitForConnection(ada.page, 'offline')
    await type(ada.page, 'status page?')
    await ada.page.waitForTimeout(300)
    await ada.page.screenshot({ path: path.join(outDir, `editor-offline-${size}.png`) })
    await ada.context.close()
    await ben.context.close()
  }
  console.log(`screenshots in ${outDir}`)
} finally {
  await browser.close()
  await relay.stop()
}
