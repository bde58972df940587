import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { editorText, moveCursor, openDoc, type, waitForConnection, waitForEditor, waitForLocalCopy, waitForServiceWorker } from '../helpers/browser.ts'
import { browserSuite } from '../helpers/browserSuite.ts'
import { connectClient } from '../helpers/client.ts'

const suite = browserSuite()

describe('the document on this device', () => {
  it('is the same after a reload, with the network or without, and edits made offline merge once back', async () => {
    const person = await suite.person({ name: 'Cleo' })
    await openDoc(person.page, suite.relay.httpUrl, 'reload-me')
    await type(person.page, '# Minutes\nEverything we agreed.')
    await waitForConnection(person.page, 'saved')
    await waitForLocalCopy(person.page, 'reload-me')

    await person.page.reload()
    await waitForEditor(person.page)
    expect(await editorText(person.page)).toBe('# Minutes\nEverything we agreed.')
    await person.page.waitForFunction(() => document.querySelector('[data-testid="stats"]')?.textContent === '4 words · 31 characters')

    await waitForServiceWorker(person.page)
    await person.context.setOffline(true)
    await person.page.reload()
    await waitForEditor(person.page)
    await waitForConnection(person.page, 'offline')
    expect(await person.page.textContent('[data-testid="status"]')).toBe('Offline')
    await moveCursor(person.page, 'end')
    await type(person.page, ' Typed offline.')
    expect(await editorText(person.page)).toBe('# Minutes\nEverything we agreed. Typed offline.')

    await waitForLocalCopy(person.page, 'reload-me')
    await person.page.reload()
    await waitForEditor(person.page)
    expect(await editorText(person.page)).toBe('# Minutes\nEverything we agreed. Typed offline.')
    await person.context.setOffline(false)
    await waitForConnection(person.page, 'saved')
    const other = connectClient(suite.relay.url, 'reload-me')
    try {
      await other.synced()
      expect(other.text.toString()).toBe('# Minutes\nEverything we agreed. Typed offline.')
    } finally {
      other.destroy()
    }
  })

  it('opens from the local copy with the server stopped, accepts typing, and merges when it is back', async () => {
    const person = await suite.person({ name: 'Dev' })
    await openDoc(person.page, suite.relay.httpUrl, 'server-down')
    await type(person.page, 'Before the outage. ')
    await waitForConnection(person.page, 'saved')
    await waitForServiceWorker(person.page)
    await waitForLocalCopy(person.page, 'server-down')

    await suite.relay.stop()
    try {
      await person.page.reload()
      await waitForEditor(person.page)
      expect(await person.page.evaluate(() => navigator.serviceWorker.controller?.state)).toBe('activated')
      expect(await editorText(person.page)).toBe('Before the outage. ')
      await waitForConnection(person.page, 'offline')
      expect(await person.page.textContent('[data-testid="connection-banner"]')).toMatch(/Can't reach the server.*kept on this device/)

      await moveCursor(person.page, 'end')
      await type(person.page, 'During the outage.')
      expect(await editorText(person.page)).toBe('Before the outage. During the outage.')
    } finally {
      await suite.relay.restart()
    }

    await waitForConnection(person.page, 'saved')
    const other = connectClient(suite.relay.url, 'server-down')
    try {
      await other.synced()
      expect(other.text.toString()).toBe('Before the outage. During the outage.')
    } finally {
      other.destroy()
    }
  })

  it('is remembered on the home page, which opens documents by name and refuses bad names', async () => {
    const person = await suite.person()
    await openDoc(person.page, suite.relay.httpUrl, 'team/plan 2026')
    expect(await person.page.textContent('[data-testid="doc-name"]')).toBe('team/plan 2026')
    await type(person.page, '# Plan\n')
    await person.page.click('[data-testid="share"]')
    const [download] = await Promise.all([person.page.waitForEvent('download'), person.page.click('[data-testid="download-md"]')])
    expect(download.suggestedFilename()).toBe('team-plan 2026.md')
    expect(fs.readFileSync(await download.path(), 'utf8')).toBe('# Plan\n')

    await person.page.goto(suite.relay.httpUrl)
    expect(await person.page.getAttribute('[data-testid="demo-link"]', 'href')).toBe('/demo')
    expect(await person.page.locator('[data-testid="recent-doc"] .recent-name').allTextContents()).toEqual(['team/plan 2026'])

    await person.page.fill('[data-testid="open-name"]', 'a//b')
    await person.page.click('[data-testid="open-submit"]')
    expect(await person.page.textContent('[data-testid="open-error"]')).toMatch(/empty path segment/)

    await person.page.click('[data-testid="new-doc"]')
    await waitForEditor(person.page)
    expect(new URL(person.page.url()).pathname).toMatch(/^\/d\/[a-z]+-[a-z]+-\d{4}$/)

    await person.page.goto(`${suite.relay.httpUrl}/d/notes%5Cdraft`)
    expect(await person.page.textContent('[data-testid="message"]')).toMatch(/backslash/)
  })
})
