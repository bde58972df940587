import { afterEach, describe, expect, it } from 'vitest'
import {
  editorText,
  labelsSince,
  moveCursor,
  openDoc,
  recordLabels,
  statusLabel,
  type,
  waitForConnection,
  waitForEditor,
  waitForLocalCopy,
  waitForServiceWorker,
  type Person,
} from '../helpers/browser.ts'
import { browserSuite } from '../helpers/browserSuite.ts'
import { textOnRelay } from '../helpers/client.ts'

const suite = browserSuite()
/** Console errors of the current test's pages: the provider logs any message it cannot read. */
let consoleErrors: string[] = []

afterEach(() => {
  // A test that failed while the relay was frozen must not leave it frozen for the next.
  suite.relay.resume()
  const unread = consoleErrors.filter((text) => text.includes('Unable to compute message'))
  consoleErrors = []
  expect(unread, 'unread messages').toEqual([])
})

/** A fresh browser profile for `name`, whose console errors are collected. */
async function newWriter(name: string): Promise<Person> {
  const writer = await suite.person({ name })
  writer.page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()))
  return writer
}

describe('the saved status', () => {
  it('says "Saving…" for as long as the relay has not stored a change, and "All changes saved" once it has', async () => {
    const { page } = await newWriter('Sam')
    await openDoc(page, suite.relay.httpUrl, 'saved-status')
    await waitForConnection(page, 'saved')
    expect(await statusLabel(page)).toBe('All changes saved')

    suite.relay.pause()
    await recordLabels(page)
    await type(page, 'Typed while the relay is frozen.')
    await waitForConnection(page, 'saving')
    // Deliberately fixed: a relay that holds a change must keep it "saving", not drift to "saved".
    await page.waitForTimeout(1500)
    expect(await statusLabel(page)).toBe('Saving…')
    expect(new Set(await labelsSince(page))).toEqual(new Set(['All changes saved', 'Saving…']))
    expect((await labelsSince(page)).at(-1)).toBe('Saving…')

    suite.relay.resume()
    await waitForConnection(page, 'saved')
    expect(await statusLabel(page)).toBe('All changes saved')
    expect(await textOnRelay(suite.relay.url, 'saved-status')).toBe('Typed while the relay is frozen.')
  })

  it('keeps a change the relay was killed before storing, and says all saved only once the restarted relay has it', async () => {
    const { page } = await newWriter('Kit')
    await openDoc(page, suite.relay.httpUrl, 'killed-relay')
    await type(page, 'Stored before. ')
    await waitForConnection(page, 'saved')

    // Frozen first, so the change below reaches at most the relay's socket buffer, never its store.
    suite.relay.pause()
    await recordLabels(page)
    await moveCursor(page, 'end')
    await page.keyboard.insertText('Typed, then the relay died.')
    await waitForConnection(page, 'saving')
    expect(await statusLabel(page)).toBe('Saving…')

    await suite.relay.kill()
    await waitForConnection(page, 'offline')
    expect(await statusLabel(page)).toBe('Offline · 1 change')
    expect(await page.textContent('[data-testid="connection-banner"]')).toMatch(/^Offline: 1 change kept on this device and will merge when you reconnect\. Can't reach the server/)
    expect(await editorText(page)).toBe('Stored before. Typed, then the relay died.')

    await suite.relay.restart()
    await waitForConnection(page, 'saved')
    expect(await statusLabel(page)).toBe('All changes saved')
    const labels = await labelsSince(page)
    expect(labels.indexOf('All changes saved', 1), `labels shown: ${labels.join(' → ')}`).toBe(labels.length - 1)
    expect(labels).toContain('Offline · 1 change')
    expect(await textOnRelay(suite.relay.url, 'killed-relay')).toBe('Stored before. Typed, then the relay died.')
  })

  it('counts changes kept offline, across a reload, and says all saved once they are stored', async () => {
    const { page, context } = await newWriter('Ola')
    await openDoc(page, suite.relay.httpUrl, 'offline-count')
    await type(page, 'Online.')
    await waitForConnection(page, 'saved')
    await waitForServiceWorker(page)

    await context.setOffline(true)
    await waitForConnection(page, 'offline')
    expect(await statusLabel(page)).toBe('Offline')
    await moveCursor(page, 'end')
    for (const edit of [' One.', ' Two.', ' Three.']) await page.keyboard.insertText(edit)
    expect(await editorText(page)).toBe('Online. One. Two. Three.')
    await page.waitForSelector('[data-testid="status"]:has-text("Offline · 3 changes")')
    expect(await page.textContent('[data-testid="connection-banner"]')).toMatch(/^Offline: 3 changes kept on this device and will merge when you reconnect\./)

    await waitForLocalCopy(page, 'offline-count')
    await page.reload()
    await waitForEditor(page)
    await waitForConnection(page, 'offline')
    expect(await statusLabel(page)).toBe('Offline · 3 changes')
    expect(await editorText(page)).toBe('Online. One. Two. Three.')

    await context.setOffline(false)
    await waitForConnection(page, 'saved')
    expect(await statusLabel(page)).toBe('All changes saved')
    expect(await textOnRelay(suite.relay.url, 'offline-count')).toBe('Online. One. Two. Three.')

    await page.reload()
    await waitForEditor(page)
    await waitForConnection(page, 'saved')
  })
})
