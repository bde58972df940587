import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { editorText, openDoc, waitForConnection, waitForEditor, type Person } from '../helpers/browser.ts'
import { browserSuite } from '../helpers/browserSuite.ts'
import { setDocText, waitForPreview } from '../helpers/writing.ts'

const suite = browserSuite()

async function person(): Promise<Person> {
  const p = await suite.person({ name: 'Ada Lovelace' })
  await p.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.relay.httpUrl })
  return p
}

/**
 * Presses Tab (Shift+Tab with `back`) until the focused element matches `selector` and is on
 * screen, as a keyboard user would; leaves the text the way CodeMirror offers (Escape, then Tab).
 * Fails if it takes more than 60 presses. Then checks the focus can be seen.
 */
async function tabTo(page: Page, selector: string, { back = false } = {}): Promise<void> {
  for (let presses = 0; presses < 60; presses++) {
    const state = await page.evaluate((sel) => {
      const el = document.activeElement
      return { found: !!el?.matches(sel) && el.getClientRects().length > 0, inText: !!el?.classList.contains('cm-content') }
    }, selector)
    if (state.found) return expectVisibleFocus(page)
    if (state.inText) await page.keyboard.press('Escape')
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab')
  }
  throw new Error(`Tab never reached ${selector}`)
}

/** Fails unless the focused element (or, for the hidden switch input, its drawn track) shows a focus ring. */
async function expectVisibleFocus(page: Page): Promise<void> {
  const ring = await page.evaluate(() => {
    const focused = document.activeElement as HTMLElement
    const drawn = focused.classList.contains('switch-input') ? (focused.nextElementSibling as HTMLElement) : focused
    const style = getComputedStyle(drawn)
    return { what: focused.outerHTML.slice(0, 80), outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2, shadow: style.boxShadow !== 'none' }
  })
  expect(ring.outline || ring.shadow, `no visible focus on ${ring.what}`).toBe(true)
}

/** The live region's words. */
function announced(page: Page): Promise<string> {
  return page.textContent('[data-testid="announcer"]').then((text) => text ?? '')
}

describe('by keyboard alone', () => {
  it('starts a new document and opens one by name from the home page', async () => {
    const { page } = await person()
    await page.goto(suite.relay.httpUrl)
    await tabTo(page, '[data-testid="new-doc"]')
    await page.keyboard.press('Enter')
    await waitForEditor(page)
    expect(new URL(page.url()).pathname).toMatch(/^\/d\/[a-z]+-[a-z]+-\d{4}$/)

    await page.goto(suite.relay.httpUrl)
    await tabTo(page, '[data-testid="open-name"]')
    await page.keyboard.type('keys/notes')
    await page.keyboard.press('Enter')
    await waitForEditor(page)
    expect(new URL(page.url()).pathname).toBe('/d/keys/notes')
  })

  it('shares, copies the link, exports, and goes home from the editor', async () => {
    const { page } = await person()
    await openDoc(page, suite.relay.httpUrl, 'keys/share')
    await setDocText(page, '# Shared\n')
    await tabTo(page, '[data-testid="share"]', { back: true })
    await page.keyboard.press('Enter')
    expect(await page.getAttribute('[data-testid="share"]', 'aria-expanded')).toBe('true')
    await tabTo(page, '[data-testid="copy-link"]')
    await page.keyboard.press('Enter')
    await page.waitForSelector('.menu-note:text("Link copied")')
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url())

    await tabTo(page, '[data-testid="download-md"]')
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')])
    expect(download.suggestedFilename()).toBe('keys-share.md')

    await tabTo(page, '.brand', { back: true })
    await page.keyboard.press('Enter')
    await page.waitForSelector('[data-testid="new-doc"]')
  })

  it('works offline and back, and the live region says so', async () => {
    const { page } = await person()
    await openDoc(page, suite.relay.httpUrl, 'keys/offline')
    await waitForConnection(page, 'saved')
    await page.waitForFunction(() => document.querySelector('[data-testid="announcer"]')?.textContent === 'All changes saved')
    await page.focus('.cm-content')
    await tabTo(page, '[data-testid="work-offline"]')
    await page.keyboard.press('Space')
    await waitForConnection(page, 'offline')
    expect(await announced(page)).toMatch(/^Working offline\. /)
    await page.keyboard.press('Space')
    await waitForConnection(page, 'saved')
    await page.waitForFunction(() => document.querySelector('[data-testid="announcer"]')?.textContent === 'All changes saved')

    // A lost network is announced too.
    await page.context().setOffline(true)
    await waitForConnection(page, 'offline')
    expect(await announced(page)).toMatch(/^Offline\. /)
    await page.context().setOffline(false)
    await waitForConnection(page, 'saved')
    await page.waitForFunction(() => document.querySelector('[data-testid="announcer"]')?.textContent === 'All changes saved')
  })

  it('finds, toggles the preview, and jumps through the outline', async () => {
    const { page } = await person()
    await openDoc(page, suite.relay.httpUrl, 'keys/tools')
    await setDocText(page, '# First\n\ntext\n\n## Second\n\nmore text\n')
    await waitForPreview(page, 'more text')

    await tabTo(page, '[data-testid="find"]', { back: true })
    await page.keyboard.press('Enter')
    await page.waitForSelector('.cm-search')
    await page.keyboard.type('more')
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => window.mergepad!.view.state.selection.main.from)).toBe((await editorText(page)).indexOf('more'))
    await page.keyboard.press('Escape')

    await tabTo(page, '[data-testid="preview-toggle"]', { back: true })
    await page.keyboard.press('Enter')
    expect(await page.isVisible('[data-testid="preview"]')).toBe(false)
    await page.keyboard.press('Enter')
    expect(await page.isVisible('[data-testid="preview"]')).toBe(true)

    await tabTo(page, '[data-testid="outline-toggle"]', { back: true })
    await page.keyboard.press('Enter')
    await tabTo(page, '[data-testid="outline-panel"] .outline-item[data-line="4"]')
    await page.keyboard.press('Enter')
    const at = await page.evaluate(() => {
      const { view } = window.mergepad!
      return { line: view.state.doc.lineAt(view.state.selection.main.head).text, focused: document.activeElement?.classList.contains('cm-content') }
    })
    expect(at).toEqual({ line: '## Second', focused: true })
  })

  it('imports and prints from the More menu', async () => {
    const { page } = await person()
    await openDoc(page, suite.relay.httpUrl, 'keys/more')
    await page.evaluate(() => (window.print = () => void (document.body.dataset.printed = 'yes')))
    // Listening first turns on Playwright's file-chooser interception before the key is pressed.
    const chooserOpened = page.waitForEvent('filechooser')
    await tabTo(page, '[data-testid="more"]', { back: true })
    await page.keyboard.press('Enter')
    await tabTo(page, '[data-testid="menu-import"]')
    await page.keyboard.press('Enter')
    const chooser = await chooserOpened
    await chooser.setFiles({ name: 'k.md', mimeType: 'text/markdown', buffer: Buffer.from('imported by keyboard') })
    await page.waitForFunction(() => window.mergepad!.text() === 'imported by keyboard')

    await tabTo(page, '[data-testid="more"]', { back: true })
    await page.keyboard.press('Enter')
    await tabTo(page, '[data-testid="menu-print"]')
    await page.keyboard.press('Enter')
    expect(await page.getAttribute('body', 'data-printed')).toBe('yes')
  })
})
