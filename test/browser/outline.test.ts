import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { moveCursor, openDoc, type, waitForEditor, type Person } from '../helpers/browser.ts'
import { browserSuite } from '../helpers/browserSuite.ts'
import { longDocument, setDocText, waitForPreview } from '../helpers/writing.ts'

const suite = browserSuite()

async function open(name: string, doc: string, viewport?: { width: number; height: number }): Promise<Person> {
  const p = await suite.person({ name, viewport })
  await openDoc(p.page, suite.relay.httpUrl, doc)
  return p
}

/** The outline entries shown in the visible outline: words and depth. */
function entries(page: Page): Promise<[string, string][]> {
  return page.$$eval('[data-testid="outline-list"]:visible li', (items) => items.map((li) => [li.textContent ?? '', li.getAttribute('data-depth') ?? '']))
}

/** The editor line at the caret, and how far its top is below the sticky header. */
function caretLine(page: Page): Promise<{ text: string; belowHeader: number }> {
  return page.evaluate(() => {
    const { view } = window.mergepad!
    const line = view.state.doc.lineAt(view.state.selection.main.head)
    const header = Math.max(...[...document.querySelectorAll('.topbar, .view-bar')].map((el) => el.getBoundingClientRect().bottom))
    return { text: line.text, belowHeader: view.coordsAtPos(line.from)!.top - header }
  })
}

const doc = '# Launch *plan*\n\nIntro.\n\n## Open questions\n\n## Timeline\n\n### `rollback` steps\n\nText.\n'

describe('the outline', () => {
  it('lists the headings in a panel beside the text, follows edits, and jumps to a heading', async () => {
    const ada = await open('Ada Lovelace', 'outline')
    const ben = await open('Ben Franklin', 'outline')
    expect(await ada.page.isVisible('[data-testid="outline-panel"]')).toBe(false)
    await ada.page.click('[data-testid="outline-toggle"]')
    expect(await ada.page.getAttribute('[data-testid="outline-toggle"]', 'aria-pressed')).toBe('true')
    await setDocText(ada.page, doc + longDocument(20))
    await ada.page.waitForFunction(() => document.querySelectorAll('[data-testid="outline-panel"] li').length === 25)
    expect((await entries(ada.page)).slice(0, 5)).toEqual([
      ['Launch plan', '0'],
      ['Open questions', '1'],
      ['Timeline', '1'],
      ['rollback steps', '2'],
      ['A long document', '0'],
    ])

    await moveCursor(ben.page, 'end')
    await type(ben.page, '\n## Added by Ben\n')
    await ada.page.waitForSelector('[data-testid="outline-panel"] .outline-item:text("Added by Ben")')

    await ada.page.click('[data-testid="outline-panel"] .outline-item:text-is("Section 12")')
    await ada.page.waitForFunction(() => document.querySelector('[data-testid="outline-panel"] [aria-current]')?.textContent === 'Section 12')
    const at = await caretLine(ada.page)
    expect(at.text).toBe('## Section 12')
    expect(Math.abs(at.belowHeader)).toBeLessThan(12)
    // The preview follows the jump.
    await ada.page.waitForFunction(() => {
      const pane = document.querySelector('[data-testid="preview-pane"]')!
      const heading = [...pane.querySelectorAll('h2')].find((h) => h.textContent === 'Section 12')!
      return Math.abs(heading.getBoundingClientRect().top - pane.getBoundingClientRect().top) < 40
    })

    // The panel stays open on this device.
    await ada.page.reload()
    await waitForEditor(ada.page)
    expect(await ada.page.isVisible('[data-testid="outline-panel"]')).toBe(true)
  })

  it('is a menu on a phone that jumps in the text, or in the preview when the preview shows', async () => {
    const ada = await open('Ada Lovelace', 'outline-phone', { width: 390, height: 844 })
    await setDocText(ada.page, doc + longDocument(20))
    await ada.page.click('[data-testid="outline-menu"]')
    await ada.page.waitForSelector('.outline-menu [data-testid="outline-list"] li >> nth=24')
    expect((await entries(ada.page)).slice(0, 2)).toEqual([
      ['Launch plan', '0'],
      ['Open questions', '1'],
    ])
    await ada.page.click('.outline-menu .outline-item:text-is("Section 15")')
    expect(await ada.page.isVisible('.outline-menu')).toBe(false)
    const at = await caretLine(ada.page)
    expect(at.text).toBe('## Section 15')
    expect(Math.abs(at.belowHeader)).toBeLessThan(12)

    await ada.page.click('[data-testid="show-preview"]')
    await waitForPreview(ada.page, 'Section 20')
    await ada.page.click('[data-testid="outline-menu"]')
    await ada.page.click('.outline-menu .outline-item:text-is("Section 5")')
    await ada.page.waitForFunction(() => {
      const heading = [...document.querySelectorAll('[data-testid="preview"] h2')].find((h) => h.textContent === 'Section 5')!
      return Math.abs(heading.getBoundingClientRect().top - 100) < 12
    })
  })
})
