import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { moveCursor, openDoc, type, waitForConnection, type Person } from '../helpers/browser.ts'
import { browserSuite } from '../helpers/browserSuite.ts'
import { longDocument, scrollEditorLineTo, setDocText, waitForPreview } from '../helpers/writing.ts'

const suite = browserSuite()

async function person(name: string, viewport?: { width: number; height: number }): Promise<Person> {
  const p = await suite.person({ name, viewport })
  return p
}

/** How far (px) the heading `text` in the preview is from the top of the preview pane. */
function headingOffsetInPane(page: Page, text: string): Promise<number> {
  return page.evaluate((wanted) => {
    const pane = document.querySelector('[data-testid="preview-pane"]')!
    const heading = [...pane.querySelectorAll('h1, h2, h3')].find((h) => h.textContent === wanted)!
    return heading.getBoundingClientRect().top - pane.getBoundingClientRect().top
  }, text)
}

/** How far (px) the editor line `text` is below the sticky header. */
function lineOffsetBelowHeader(page: Page, text: string): Promise<number> {
  return page.evaluate((wanted) => {
    const header = Math.max(...[...document.querySelectorAll('.topbar, .view-bar')].map((el) => el.getBoundingClientRect().bottom))
    const line = [...document.querySelectorAll('.cm-line')].find((l) => l.textContent === wanted)!
    return line.getBoundingClientRect().top - header
  }, text)
}

describe('the live preview', () => {
  it('sits beside the text and shows what anyone types, re-rendering only the block that changed', async () => {
    const ada = await person('Ada Lovelace')
    const ben = await person('Ben Franklin')
    await openDoc(ada.page, suite.relay.httpUrl, 'preview-live')
    await openDoc(ben.page, suite.relay.httpUrl, 'preview-live')
    expect(await ada.page.isVisible('[data-testid="preview"]')).toBe(true)
    expect(await ada.page.getAttribute('[data-testid="preview-toggle"]', 'aria-pressed')).toBe('true')

    await setDocText(ada.page, '# Plan\n\nFirst paragraph.\n\nSecond paragraph.\n\n- a\n- b\n\nLast paragraph.\n')
    await waitForPreview(ben.page, 'Plan', 'Last paragraph.')
    expect(await ben.page.innerHTML('[data-testid="preview"] .md-block:first-of-type')).toBe('<h1>Plan</h1>\n')
    await ben.page.evaluate(() => document.querySelectorAll('.md-block').forEach((el, i) => ((el as HTMLElement).dataset.seen = String(i))))

    await ada.page.click('.cm-line:nth-child(5)')
    await ada.page.keyboard.press('End')
    await type(ada.page, ' Typed by **Ada**')
    await waitForPreview(ben.page, 'Second paragraph. Typed by Ada')
    const blocks = await ben.page.$$eval('.md-block', (els) => els.map((el) => (el as HTMLElement).dataset.seen ?? 'new'))
    expect(blocks).toEqual(['0', '1', 'new', '3', '4'])
    expect(await ben.page.innerHTML('.md-block:nth-of-type(3)')).toBe('<p>Second paragraph. Typed by <strong>Ada</strong></p>\n')
  })

  it('shows task lists as checkboxes, ticked as written, that cannot be changed there', async () => {
    const ada = await person('Ada Lovelace')
    await openDoc(ada.page, suite.relay.httpUrl, 'preview-tasks')
    await setDocText(ada.page, '- [x] Book the call\n- [ ] Write the notes\n')
    await waitForPreview(ada.page, 'Book the call', 'Write the notes')
    const boxes = await ada.page.$$eval('[data-testid="preview"] input', (inputs) =>
      inputs.map((i) => ({ type: (i as HTMLInputElement).type, checked: (i as HTMLInputElement).checked, disabled: (i as HTMLInputElement).disabled, label: i.closest('label')?.textContent?.trim() })),
    )
    expect(boxes).toEqual([
      { type: 'checkbox', checked: true, disabled: true, label: 'Book the call' },
      { type: 'checkbox', checked: false, disabled: true, label: 'Write the notes' },
    ])
  })

  it('keeps what is safe: links, inline images, HTML for formatting', async () => {
    const ada = await person('Ada Lovelace')
    await openDoc(ada.page, suite.relay.httpUrl, 'preview-safe')
    await setDocText(ada.page, '[site](https://example.com) [mail](mailto:a@example.com) [here](#notes) [doc](/d/other)\n\n<details><summary>More</summary><kbd>Ctrl</kbd> <mark>marked</mark> H<sub>2</sub>O</details>\n\n![dot](data:image/png;base64,iVBORw0KGgo=)\n')
    await waitForPreview(ada.page, 'More')
    const links = await ada.page.$$eval('[data-testid="preview"] a', (as) => as.map((a) => [a.getAttribute('href'), a.getAttribute('target'), a.getAttribute('rel')]))
    expect(links).toEqual([
      ['https://example.com', '_blank', 'noopener noreferrer nofollow ugc'],
      ['mailto:a@example.com', null, null],
      ['#notes', null, null],
      ['/d/other', null, null],
    ])
    expect(await ada.page.$$eval('[data-testid="preview"] :is(details, summary, kbd, mark, sub)', (els) => els.map((e) => e.localName))).toEqual(['details', 'summary', 'kbd', 'mark', 'sub'])
    expect(await ada.page.getAttribute('[data-testid="preview"] img', 'src')).toBe('data:image/png;base64,iVBORw0KGgo=')
  })

  it('scrolls with the text, and the text with it', async () => {
    const ada = await person('Ada Lovelace')
    await openDoc(ada.page, suite.relay.httpUrl, 'preview-scroll')
    await setDocText(ada.page, longDocument(40))
    await waitForPreview(ada.page, 'Section 40')

    // Scroll the page (the text) until the line "## Section 20" is just under the top bar.
    await ada.page.mouse.move(400, 400)
    await scrollEditorLineTo(ada.page, '## Section 20', 56)
    await ada.page.waitForFunction(() => {
      const pane = document.querySelector('[data-testid="preview-pane"]')!
      const heading = [...pane.querySelectorAll('h2')].find((h) => h.textContent === 'Section 20')!
      return Math.abs(heading.getBoundingClientRect().top - pane.getBoundingClientRect().top) < 40
    })
    expect(Math.abs(await lineOffsetBelowHeader(ada.page, '## Section 20'))).toBeLessThan(40)

    // Now lead with the preview: point at it and scroll it to "Section 30".
    await ada.page.mouse.move(1000, 400)
    await ada.page.mouse.wheel(0, 10)
    await ada.page.evaluate(() => {
      const pane = document.querySelector('[data-testid="preview-pane"]')!
      const heading = [...pane.querySelectorAll('h2')].find((h) => h.textContent === 'Section 30')!
      pane.scrollTop += heading.getBoundingClientRect().top - pane.getBoundingClientRect().top
    })
    await ada.page.waitForFunction(() => {
      const header = document.querySelector('.topbar')!.getBoundingClientRect().bottom
      const line = [...document.querySelectorAll('.cm-line')].find((l) => l.textContent === '## Section 30')
      return line !== undefined && Math.abs(line.getBoundingClientRect().top - header) < 40
    })
    expect(Math.abs(await headingOffsetInPane(ada.page, 'Section 30'))).toBeLessThan(40)
  })

  it('is a Write/Preview switch on a phone, keeping the place', async () => {
    const ada = await person('Ada Lovelace', { width: 390, height: 844 })
    await openDoc(ada.page, suite.relay.httpUrl, 'preview-phone')
    expect(await ada.page.isVisible('[data-testid="preview"]')).toBe(false)
    expect(await ada.page.isVisible('[data-testid="preview-toggle"]')).toBe(false)
    await setDocText(ada.page, longDocument(30))
    await ada.page.waitForFunction(() => window.mergepad!.text().includes('Section 30'))
    await scrollEditorLineTo(ada.page, '## Section 12', 100)

    await ada.page.click('[data-testid="show-preview"]')
    expect(await ada.page.getAttribute('[data-testid="show-preview"]', 'aria-pressed')).toBe('true')
    expect(await ada.page.isVisible('.cm-content')).toBe(false)
    await waitForPreview(ada.page, 'Section 30')
    const headingTop = await ada.page.evaluate(() => [...document.querySelectorAll('[data-testid="preview"] h2')].find((h) => h.textContent === 'Section 12')!.getBoundingClientRect().top)
    expect(Math.abs(headingTop - 100)).toBeLessThan(4)

    await ada.page.click('[data-testid="show-write"]')
    expect(await ada.page.isVisible('.cm-content')).toBe(true)
    expect(await ada.page.isVisible('[data-testid="preview"]')).toBe(false)

    // The status bar keeps to one line: the word count (without the characters) and unbroken labels.
    const status = await ada.page.evaluate(() => ({
      stats: (document.querySelector('[data-testid="stats"]') as HTMLElement).innerText,
      lines: [...document.querySelector('.statusbar')!.children].map((item) => Math.round(item.getBoundingClientRect().height / parseFloat(getComputedStyle(item).lineHeight))),
    }))
    expect(status.stats).toMatch(/^\d[\d,]* words$/)
    expect(status.lines).toEqual(status.lines.map(() => 1))
  })
})

describe('printing', () => {
  it('prints the rendered document without the page around it, even with the preview off', async () => {
    const ada = await person('Ada Lovelace')
    await openDoc(ada.page, suite.relay.httpUrl, 'print')
    await waitForConnection(ada.page, 'saved')
    await ada.page.click('[data-testid="preview-toggle"]')
    expect(await ada.page.isVisible('[data-testid="preview"]')).toBe(false)
    await moveCursor(ada.page, 'end')
    await type(ada.page, '# Printed title\n\nWith *emphasis*.')

    await ada.page.emulateMedia({ media: 'print' })
    await waitForPreview(ada.page, 'Printed title', 'With emphasis.')
    const shown = await ada.page.evaluate(() =>
      Object.fromEntries(['.topbar', '.statusbar', '.paper', '.outline-panel', '[data-testid="preview"]'].map((s) => [s, getComputedStyle(document.querySelector(s)!).display !== 'none' && document.querySelector(s)!.getBoundingClientRect().height > 0])),
    )
    expect(shown).toEqual({ '.topbar': false, '.statusbar': false, '.paper': false, '.outline-panel': false, '[data-testid="preview"]': true })
    expect(await ada.page.textContent('[data-testid="preview"] h1')).toBe('Printed title')
    const pdf = await ada.page.pdf()
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
  })

  it('"Print…" in the menu brings the preview up to date, then prints', async () => {
    const ada = await person('Ada Lovelace')
    await openDoc(ada.page, suite.relay.httpUrl, 'print-menu')
    await ada.page.click('[data-testid="preview-toggle"]')
    await ada.page.evaluate(() => {
      window.print = () => {
        document.body.dataset.printed = document.querySelector('[data-testid="preview"]')!.textContent ?? ''
      }
    })
    await type(ada.page, 'Fresh words')
    await ada.page.click('[data-testid="more"]:visible')
    await ada.page.click('[data-testid="menu-print"]:visible')
    expect(await ada.page.getAttribute('body', 'data-printed')).toContain('Fresh words')
  })
})
