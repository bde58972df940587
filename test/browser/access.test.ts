import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { editorText, moveCursor, type, waitForConnection, waitForEditor, waitForServiceWorker, waitForText, type Person } from '../helpers/browser.ts'
import { browserSuite } from '../helpers/browserSuite.ts'

const suite = browserSuite({ relay: { args: ['--access', 'links'] } })

// Runs while the test's pages are still open: the suite closes them after every afterEach hook.
afterEach(async () => {
  const violations = (await Promise.all(suite.people.map((p) => p.page.evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations ?? []).catch(() => [])))).flat()
  expect(violations, 'Content-Security-Policy violations').toEqual([])
})

/** A person whose pages record every Content-Security-Policy violation in `window.cspViolations`. */
async function person(name: string, viewport?: { width: number; height: number }): Promise<Person> {
  const someone = await suite.person({ name, viewport })
  await someone.context.addInitScript(() => {
    const seen: string[] = ((window as unknown as { cspViolations: string[] }).cspViolations = [])
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`))
  })
  someone.page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) someone.errors.push(message.text())
  })
  return someone
}

/** Creates a document through the API as a script would; returns its name and tokens. */
async function createDoc(name: string, text: string): Promise<{ name: string; tokens: Record<'owner' | 'edit' | 'view', string>; links: Record<'edit' | 'view', string> }> {
  const response = await fetch(`${suite.relay.httpUrl}/api/docs`, { method: 'POST', body: JSON.stringify({ name, text }) })
  expect(response.status).toBe(201)
  return response.json() as never
}

/** Opens a share link and waits for the editor (editable or not) with the relay's text. */
async function openLink(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await page.waitForSelector('.cm-content')
  await page.waitForFunction(() => window.mergepad !== undefined)
}

const shareUrl = (page: Page, role: 'edit' | 'view') => page.inputValue(`[data-testid="share-link"][data-role="${role}"] [data-testid="share-url"]`)

describe('share links in the editor', () => {
  it('owner shares view and edit links; the viewer reads live and cannot type; revoking the edit link tells that tab at once', async () => {
    const owner = await person('Olive Owner')
    await owner.page.goto(suite.relay.httpUrl)
    await owner.page.click('[data-testid="new-doc"]')
    await owner.page.waitForURL(/\/d\//)
    await waitForEditor(owner.page)
    await waitForServiceWorker(owner.page)
    await type(owner.page, '# Plan\n')
    await waitForConnection(owner.page, 'saved')

    await owner.page.click('[data-testid="share"]')
    await owner.page.waitForSelector('[data-testid="share-link"][data-role="view"]')
    const viewUrl = await shareUrl(owner.page, 'view')
    const editUrl = await shareUrl(owner.page, 'edit')
    expect(viewUrl).toMatch(/\/d\/[\w-]+#ey/)

    const viewer = await person('Vera Viewer')
    await openLink(viewer.page, viewUrl)
    await waitForText(viewer.page, '# Plan')
    expect(await viewer.page.getAttribute('.cm-content', 'contenteditable')).toBe('false')
    expect(await viewer.page.textContent('[data-testid="role-badge"]')).toBe('View only')
    expect(viewer.page.url()).not.toContain('#')

    const editor = await person('Ed Editor')
    await openLink(editor.page, editUrl)
    await waitForEditor(editor.page)
    await moveCursor(editor.page, 'end')
    await type(editor.page, 'Ed was here. ')
    await waitForText(owner.page, 'Ed was here. ')
    await waitForText(viewer.page, 'Ed was here. ')

    await viewer.page.click('.cm-content')
    await viewer.page.keyboard.type('vandal')
    await moveCursor(owner.page, 'end')
    await type(owner.page, 'Owner again.')
    await waitForText(viewer.page, 'Owner again.')
    await viewer.page.locator('.cm-ySelectionCaret').first().waitFor()
    expect(await editorText(viewer.page)).not.toContain('vandal')
    await waitForText(editor.page, 'Owner again.')
    expect(await editorText(owner.page)).not.toContain('vandal')

    await owner.page.click('[data-testid="share-link"][data-role="edit"] [data-testid="revoke-link"]')
    const notice = editor.page.locator('[data-testid="access-notice"]')
    await notice.waitFor({ timeout: 10_000 })
    expect(await notice.textContent()).toContain('The owner revoked this link')
    expect(await editor.page.getAttribute('.cm-content', 'contenteditable')).toBe('false')
    await owner.page.waitForSelector('[data-testid="share-link"][data-role="edit"]', { state: 'detached' })

    // The viewer's link still works.
    await type(owner.page, ' Still live.')
    await waitForText(viewer.page, 'Still live.')
  }, 240_000)

  it('makes a new link with an expiry from the Share menu', async () => {
    const owner = await person('Olive Owner')
    await owner.page.goto(suite.relay.httpUrl)
    await owner.page.click('[data-testid="new-doc"]')
    await waitForEditor(owner.page)
    await owner.page.click('[data-testid="share"]')
    await owner.page.waitForSelector('[data-testid="share-link"]')
    await owner.page.selectOption('[data-testid="new-link-role"]', 'view')
    await owner.page.selectOption('[data-testid="new-link-expiry"]', '1d')
    await owner.page.click('[data-testid="create-link"]')
    await owner.page.waitForFunction(() => document.querySelectorAll('[data-testid="share-link"][data-role="view"]').length === 2)
    expect(await owner.page.locator('[data-testid="share-link"][data-role="view"]').last().textContent()).toContain('Expires in 24 h')
 
  }, 120_000)

  it('shows "You need a link" for a document opened without one', async () => {
    const { name } = await createDoc('locked-away', 'secret')
    const stranger = await person('Sam Stranger')
    await stranger.page.goto(`${suite.relay.httpUrl}/d/${name}`)
    await stranger.page.waitForSelector('[data-testid="need-link"]')
    expect(await stranger.page.textContent('h1')).toBe('You need a link to open this document')
    await stranger.page.goto(`${suite.relay.httpUrl}/d/${name}#not-a-token`)
    await stranger.page.waitForSelector('[data-testid="need-link"]')
 
  }, 120_000)

  it('never drops edits made offline by someone whose link was revoked meanwhile: it says so and offers copy and download', async () => {
    const doc = await createDoc('revoked-offline', 'Shared start. ')
    const writer = await person('Wren Writer')
    await openLink(writer.page, `${suite.relay.httpUrl}/d/${doc.name}#${doc.tokens.edit}`)
    await waitForEditor(writer.page)
    await waitForConnection(writer.page, 'saved')

    await writer.context.setOffline(true)
    await waitForConnection(writer.page, 'offline')
    await moveCursor(writer.page, 'end')
    await type(writer.page, 'written offline')
    const links = (await (await fetch(`${suite.relay.httpUrl}/api/docs/${doc.name}/links`, { headers: { authorization: `Bearer ${doc.tokens.owner}` } })).json()) as { links: Array<{ id: string; role: string }> }
    const edit = links.links.find((l) => l.role === 'edit')!
    expect((await fetch(`${suite.relay.httpUrl}/api/docs/${doc.name}/links/${edit.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${doc.tokens.owner}` } })).status).toBe(200)

    await writer.context.setOffline(false)
    const unsaved = writer.page.locator('[data-testid="unsaved-notice"]')
    await unsaved.waitFor()
    expect(await unsaved.textContent()).toMatch(/changes? made on this device could not be saved/)
    const [download] = await Promise.all([writer.page.waitForEvent('download'), writer.page.click('[data-testid="download-unsaved"]')])
    expect(download.suggestedFilename()).toBe('revoked-offline.md')
    expect(await editorText(writer.page)).toBe('Shared start. written offline')
    expect(await (await fetch(`${suite.relay.httpUrl}/api/docs/${doc.name}/text`, { headers: { authorization: `Bearer ${doc.tokens.view}` } })).text()).toBe('Shared start. ')
 
  }, 120_000)

  it('keeps both edits when the API replaces the text while a browser types', async () => {
    const doc = await createDoc('api-and-browser', '# Title\n\nNotes:')
    const writer = await person('Tess Typist')
    await openLink(writer.page, `${suite.relay.httpUrl}/d/${doc.name}#${doc.tokens.edit}`)
    await waitForEditor(writer.page)
    await moveCursor(writer.page, 'end')
    const typing = type(writer.page, ' typed while the API wrote', { delay: 25 })
    await writer.page.waitForFunction(() => window.mergepad!.text().includes(' typed'))
    const auth = { authorization: `Bearer ${doc.tokens.edit}` }
    const read = await fetch(`${suite.relay.httpUrl}/api/docs/${doc.name}/text`, { headers: auth })
    const body = (await read.text()).replace('# Title', '# Renamed by a script')
    const put = await fetch(`${suite.relay.httpUrl}/api/docs/${doc.name}/text`, { method: 'PUT', body, headers: { ...auth, 'if-match': read.headers.get('etag')! } })
    expect(put.status).toBe(200)
    await typing
    await waitForText(writer.page, '# Renamed by a script', ' typed while the API wrote')
    expect(await editorText(writer.page)).toBe('# Renamed by a script\n\nNotes: typed while the API wrote')
    await waitForConnection(writer.page, 'saved')
    expect(await (await fetch(`${suite.relay.httpUrl}/api/docs/${doc.name}/text`, { headers: auth })).text()).toBe('# Renamed by a script\n\nNotes: typed while the API wrote')
 
  }, 120_000)

  it('names the text side of a phone’s Write/Preview switch "Text" for a view link, "Write" for an edit link', async () => {
    const doc = await createDoc('read-on-a-phone', '# Read me')
    const phone = { width: 390, height: 844 }
    const viewer = await person('Vera Viewer', phone)
    await openLink(viewer.page, `${suite.relay.httpUrl}/d/${doc.name}#${doc.tokens.view}`)
    await waitForText(viewer.page, '# Read me')
    await viewer.page.waitForSelector('.cm-content[contenteditable="false"]')
    expect(await viewer.page.innerText('[data-testid="show-write"]')).toBe('Text')
    const writer = await person('Wes Writer', phone)
    await openLink(writer.page, `${suite.relay.httpUrl}/d/${doc.name}#${doc.tokens.edit}`)
    await waitForEditor(writer.page)
    expect(await writer.page.innerText('[data-testid="show-write"]')).toBe('Write')
  })

  it('runs under the Content-Security-Policy on every page without a violation', async () => {
    const visitor = await person('Cora Csp')
    for (const path of ['/', '/demo']) {
      const response = await visitor.page.goto(suite.relay.httpUrl + path)
      expect(response!.headers()['content-security-policy']).toContain("script-src 'self'")
      await visitor.page.waitForLoadState('networkidle')
    }
    expect(await visitor.page.locator('#app *').count()).toBeGreaterThan(0)
  }, 120_000)
})
