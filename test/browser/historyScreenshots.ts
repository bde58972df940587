/**
 * Screenshots of the History panel (at a point with insertions and a deletion by two people) and
 * of the live editor with Show authors on, and of the banner a tab that was offline shows (and the
 * changes it opens), at 1280×800 and at a 390-px-wide phone size.
 *
 *     npx tsx test/browser/historyScreenshots.ts [outDir]      (default /tmp/mergepad-shots)
 */
import fs from 'node:fs'
import path from 'node:path'
import { ensureClientBuilt, launchBrowser, newPerson, openDoc, waitForConnection, waitForText } from '../helpers/browser.ts'
import { connectClient } from '../helpers/client.ts'
import { startRelayProcess } from '../helpers/relayProcess.ts'
import { waitFor } from '../helpers/wait.ts'
import { screenshotSizes } from './screenshotSizes.ts'

const outDir = process.argv[2] ?? '/tmp/mergepad-shots'
fs.mkdirSync(outDir, { recursive: true })
ensureClientBuilt()
const [browser, relay] = await Promise.all([launchBrowser(), startRelayProcess()])
try {
  const ada = connectClient(relay.url, 'launch', 'Ada Lovelace')
  const ben = connectClient(relay.url, 'launch', 'Ben Franklin')
  await Promise.all([ada.synced(), ben.synced()])
  const version = async (label: string) => {
    await waitFor(() => ada.text.toString() === ben.text.toString(), 'the two writers to agree')
    await fetch(`${relay.httpUrl}/api/docs/launch/versions`, { method: 'POST', body: JSON.stringify({ label }) })
  }
  ada.type('# Launch plan\n\nThe beta opens to 200 teams on Monday.\n\n- Ada: onboarding emails\n')
  await version('First draft')
  ben.type('- Ben: pricing page, free and team plans\n- Both: a dry run on Friday\n')
  ben.text.delete(ben.text.toString().indexOf('200'), 3)
  ben.text.insert(ben.text.toString().indexOf(' teams'), '300')
  await version('Draft sent to Ben')
  ada.type('\n> Ship small, ship often.\n')
  await version('Final')
  for (const [size, viewport] of Object.entries(screenshotSizes)) {
    const cy = await newPerson(browser, { viewport, name: 'Cy Young' })
    await openDoc(cy.page, relay.httpUrl, 'launch')
    await waitForText(cy.page, 'ship often')
    await cy.page.click('label:has([data-testid="show-authors"])')
    await cy.page.waitForSelector('.cm-author[data-author="Ben Franklin"]')
    await cy.page.screenshot({ path: path.join(outDir, `authors-${size}.png`) })
    await cy.page.click('[data-testid="history-toggle"]')
    await cy.page.waitForSelector('[data-testid="history-panel"][data-ready="true"]')
    await cy.page.click('.history-item:has-text("Draft sent to Ben")')
    await cy.page.screenshot({ path: path.join(outDir, `history-${size}.png`) })
    await cy.context.close()

    // A tab that worked offline while Ada edited: the banner, then the changes it shows.
    const dee = await newPerson(browser, { viewport, name: 'Dee Harper' })
    await openDoc(dee.page, relay.httpUrl, 'launch')
    await waitForText(dee.page, 'ship often')
    await waitForConnection(dee.page, 'saved')
    await dee.page.click('label:has([data-testid="work-offline"])')
    await waitForConnection(dee.page, 'offline')
    ada.type(`\nAda, while Dee was away (${size}): the launch moves to Tuesday.\n`)
    const gone = size === 'desktop' ? 'Ship small, ' : 'free and '
    ada.text.delete(ada.text.toString().indexOf(gone), gone.length)
    // The relay passes on only what it has stored: once Ben has them, they are stored.
    await waitFor(() => ben.text.toString() === ada.text.toString(), 'the relay to store Ada’s edits')
    await dee.page.click('label:has([data-testid="work-offline"])')
    await dee.page.waitForSelector('[data-testid="away-banner"]', { timeout: 30_000 })
    await dee.page.screenshot({ path: path.join(outDir, `away-banner-${size}.png`) })
    await dee.page.click('[data-testid="away-show"]')
    await dee.page.waitForSelector('[data-testid="away-changes"] ins')
    await dee.page.screenshot({ path: path.join(outDir, `away-changes-${size}.png`) })
    await dee.context.close()
  }
  ada.destroy()
  ben.destroy()
  console.log(`screenshots in ${outDir}`)
} finally {
  await browser.close()
  await relay.stop()
}
