import { describe, expect, it } from 'vitest'
import { editorText, labelsSince, openDoc, recordLabels, statusLabel, waitForConnection } from '../helpers/browser.ts'
import { browserSuite } from '../helpers/browserSuite.ts'
import { textOnRelay } from '../helpers/client.ts'

/**
 * A relay with limits low enough for one person to meet them: a hard cap of 10 frames a second
 * (typing sends an update and a caret move per key, so a quick sentence passes it and is closed
 * with 4529, which the editor must retry), and documents of at most 3,000 bytes (past which an
 * update is refused with 4413, which it must not).
 */
const lowLimits = ['--messages-per-second', '10', '--message-burst', '100', '--cap-messages-per-second', '10', '--max-doc-bytes', '3000']

const suite = browserSuite({ relay: { args: lowLimits } })

describe('the editor after the relay closes its connection', () => {
  it('says "Reconnecting…" after a transient close (4529), comes back by itself and ends at "All changes saved"', async () => {
    const { page } = await suite.person({ name: 'Rae' })
    await openDoc(page, suite.relay.httpUrl, 'transient-close')
    await waitForConnection(page, 'saved')
    await recordLabels(page)

    // Key by key, but all in one go (as an autotyping tool would): one update frame per character.
    const sentence = 'Typed faster than this relay allows.'
    await page.evaluate((text) => {
      const { view } = window.mergepad!
      for (const character of text) view.dispatch({ changes: { from: view.state.doc.length, insert: character } })
    }, sentence)
    await waitForConnection(page, 'saved')
    const labels = await labelsSince(page)
    expect(labels, `labels shown: ${labels.join(' → ')}`).toContain('Reconnecting…')
    expect(labels).not.toContain('Not syncing')
    expect(labels.at(-1)).toBe('All changes saved')
    expect(suite.relay.output()).toMatch(/"kind":"RateLimited"/)
    expect(await editorText(page)).toBe(sentence)
    expect(await textOnRelay(suite.relay.url, 'transient-close')).toBe(sentence)
  })

  it('says why after a final close (4413), and what the person can do, keeping the text in the tab', async () => {
    const { page } = await suite.person({ name: 'Fin' })
    await openDoc(page, suite.relay.httpUrl, 'final-close')
    await waitForConnection(page, 'saved')

    await page.focus('.cm-content')
    await page.keyboard.insertText('x'.repeat(4000))
    await waitForConnection(page, 'refused')
    expect(await statusLabel(page)).toBe('Too large to save')
    const banner = page.locator('[data-testid="connection-banner"]')
    expect(await banner.isVisible()).toBe(true)
    expect(await banner.textContent()).toMatch(/reached the server's size limit.*Copy your text or download it \(Share → Download\).*Your unsaved changes stay on this device\./)
    expect((await editorText(page)).length).toBe(4000)
    expect(await textOnRelay(suite.relay.url, 'final-close')).toBe('')
  })

  it('shows why when the document cannot be opened, instead of "Opening…" for ever', async () => {
    const { page } = await suite.person({ name: 'Ned' })
    // A browser without WebSocket: the session cannot be made.
    await page.addInitScript(() => Object.defineProperty(window, 'WebSocket', { value: undefined }))
    await page.goto(`${suite.relay.httpUrl}/d/cannot-open`)
    await page.waitForSelector('[data-testid="open-error"]')
    expect(await page.textContent('[data-testid="open-error"] h2')).toBe('This document could not be opened')
    expect(await statusLabel(page)).toBe('Couldn’t open')
    expect(await page.textContent('[data-testid="editor"]')).not.toContain('Opening…')
  })
})
