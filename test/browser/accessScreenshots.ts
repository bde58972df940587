/**
 * Screenshots of access control as people meet it: the owner's Share menu, the read-only editor a
 * view link opens, the notice of a revoked link with unsaved changes, and the need-a-link page, at
 * 1280×800 and 390×844.
 *
 *     npx tsx test/browser/accessScreenshots.ts [outDir]      (default /tmp/mergepad-access-shots)
 */
import fs from 'node:fs'
import path from 'node:path'
import { ensureClientBuilt, launchBrowser, moveCursor, newPerson, type, waitForConnection, waitForEditor, waitForText } from '../helpers/browser.ts'
import { startRelayProcess } from '../helpers/relayProcess.ts'
import { launchPlan, screenshotSizes } from './screenshotSizes.ts'

const outDir = process.argv[2] ?? '/tmp/mergepad-access-shots'

fs.mkdirSync(outDir, { recursive: true })
ensureClientBuilt()
const [browser, relay] = await Promise.all([launchBrowser(), startRelayProcess({ args: ['--access', 'links'] })])
try {
  for (const [size, viewport] of Object.entries(screenshotSizes)) {
    const owner = await newPerson(browser, { viewport, name: 'Ada Lovelace' })
    await owner.page.goto(relay.httpUrl)
    await owner.page.click('[data-testid="new-doc"]')
    await waitForEditor(owner.page)
    await owner.page.evaluate((text) => window.mergepad!.session.text.insert(0, text), launchPlan)
    await waitForConnection(owner.page, 'saved')
    await owner.page.click('[data-testid="share"]')
    await owner.page.waitForSelector('[data-testid="share-link"][data-role="view"]')
    const viewUrl = await owner.page.inputValue('[data-testid="share-link"][data-role="view"] [data-testid="share-url"]')
    const editUrl = await owner.page.inputValue('[data-testid="share-link"][data-role="edit"] [data-testid="share-url"]')
    await owner.page.selectOption('[data-testid="new-link-role"]', 'view')
    await owner.page.selectOption('[data-testid="new-link-expiry"]', '7d')
    await owner.page.click('[data-testid="create-link"]')
    await owner.page.waitForFunction(() => document.querySelectorAll('[data-testid="share-link"]').length === 3)
    await owner.page.waitForTimeout(200)
    await owner.page.screenshot({ path: path.join(outDir, `share-menu-${size}.png`) })
    await owner.page.keyboard.press('Escape')

    const viewer = await newPerson(browser, { viewport, name: 'Ben Franklin' })
    await viewer.page.goto(viewUrl)
    await viewer.page.waitForSelector('.cm-content[contenteditable="false"]')
    await waitForText(viewer.page, 'Launch plan')
    await owner.page.click('.cm-line:nth-child(5)')
    await owner.page.keyboard.press('End')
    await type(owner.page, ' (sign-ups close Sunday)', { delay: 20 })
    await waitForText(viewer.page, 'sign-ups close Sunday')
    await viewer.page.waitForTimeout(300)
    await viewer.page.screenshot({ path: path.join(outDir, `read-only-${size}.png`) })

    const writer = await newPerson(browser, { viewport, name: 'Grace Hopper' })
    await writer.page.goto(editUrl)
    await waitForEditor(writer.page)
    await waitForConnection(writer.page, 'saved')
    await writer.context.setOffline(true)
    await waitForConnection(writer.page, 'offline')
    await moveCursor(writer.page, 'end')
    await type(writer.page, '\nGrace: draft of the FAQ, written on the train.')
    await owner.page.click('[data-testid="share"]')
    await owner.page.click('[data-testid="share-link"][data-role="edit"] [data-testid="revoke-link"]')
    await writer.context.setOffline(false)
    await writer.page.waitForSelector('[data-testid="unsaved-notice"]')
    await writer.page.waitForTimeout(300)
    await writer.page.screenshot({ path: path.join(outDir, `revoked-unsaved-${size}.png`) })

    const stranger = await newPerson(browser, { viewport })
    await stranger.page.goto(viewUrl.split('#')[0])
    await stranger.page.waitForSelector('[data-testid="need-link"]')
    await stranger.page.screenshot({ path: path.join(outDir, `need-link-${size}.png`) })
    for (const someone of [owner, viewer, writer, stranger]) await someone.context.close()
  }
  console.log(`screenshots in ${outDir}`)
} finally {
  await browser.close()
  await relay.stop()
}
