import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { editorText, moveCursor, openDoc, type, waitForConnection, waitForText, type Person } from '../helpers/browser.ts'
import { browserSuite } from '../helpers/browserSuite.ts'

const suite = browserSuite()

async function open(name: string, doc: string): Promise<Person> {
  const p = await suite.person({ name })
  await openDoc(p.page, suite.relay.httpUrl, doc)
  return p
}

/** The number of highlighted matches, and the selected text. */
function matches(page: Page): Promise<{ count: number; selected: string }> {
  return page.evaluate(() => {
    const { view } = window.mergepad!
    const { from, to } = view.state.selection.main
    return { count: document.querySelectorAll('.cm-searchMatch').length, selected: view.state.sliceDoc(from, to) }
  })
}

/** Types `text` into the find panel's field `name` (`search` or `replace`), replacing what is there. */
async function fillField(page: Page, name: 'search' | 'replace', text: string): Promise<void> {
  await page.click(`.cm-search input[name="${name}"]`, { clickCount: 3 })
  await page.keyboard.press('Backspace')
  await page.keyboard.type(text)
}

describe('find and replace', () => {
  it('opens with Ctrl-F, steps through matches, and honours case, regular expressions and whole words', async () => {
    const ada = await open('Ada Lovelace', 'find')
    await type(ada.page, 'Cat cat CAT\ncat-like\ncategory')
    await moveCursor(ada.page, 'start')
    await ada.page.keyboard.press('Control+f')
    await ada.page.waitForSelector('.cm-search')
    expect(await ada.page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('search')

    await ada.page.keyboard.type('cat')
    await ada.page.keyboard.press('Enter')
    expect(await matches(ada.page)).toEqual({ count: 5, selected: 'Cat' })
    await ada.page.keyboard.press('Enter')
    expect(await ada.page.evaluate(() => window.mergepad!.view.state.selection.main.from)).toBe(4)
    await ada.page.keyboard.press('Shift+Enter')
    expect(await ada.page.evaluate(() => window.mergepad!.view.state.selection.main.from)).toBe(0)

    await ada.page.click('.cm-search label:has(input[name="case"])')
    await ada.page.waitForFunction(() => document.querySelectorAll('.cm-searchMatch').length === 3)
    await ada.page.click('.cm-search label:has(input[name="re"])')
    await fillField(ada.page, 'search', '^cat')
    await ada.page.waitForFunction(() => document.querySelectorAll('.cm-searchMatch').length === 2)
    await ada.page.click('.cm-search label:has(input[name="case"])')
    await ada.page.click('.cm-search label:has(input[name="re"])')
    await ada.page.click('.cm-search label:has(input[name="word"])')
    await fillField(ada.page, 'search', 'cat')
    await ada.page.waitForFunction(() => document.querySelectorAll('.cm-searchMatch').length === 4)

    await ada.page.keyboard.press('Escape')
    await ada.page.waitForSelector('.cm-search', { state: 'detached' })
    expect(await ada.page.evaluate(() => document.activeElement?.classList.contains('cm-content'))).toBe(true)
  })

  it('opens at "Replace with" with Ctrl-H, and with Ctrl-F from anywhere on the page', async () => {
    const ada = await open('Ada Lovelace', 'find-keys')
    await ada.page.focus('[data-testid="preview-pane"]')
    await ada.page.keyboard.press('Control+f')
    await ada.page.waitForSelector('.cm-search')
    expect(await ada.page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('search')
    await ada.page.keyboard.press('Escape')
    await ada.page.waitForSelector('.cm-search', { state: 'detached' })

    await ada.page.keyboard.press('Control+h')
    await ada.page.waitForSelector('.cm-search')
    expect(await ada.page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('replace')
  })

  it('replaces all as one step of your own undo, between your typing and another person’s', { timeout: 180_000 }, async () => {
    const ben = await open('Ben Franklin', 'replace-all')
    const ada = await open('Ada Lovelace', 'replace-all')
    await Promise.all([waitForConnection(ada.page, 'saved'), waitForConnection(ben.page, 'saved')])
    await type(ben.page, 'the cat sat on the cat mat')
    await waitForText(ada.page, 'cat mat')

    await ada.page.keyboard.press('Control+h')
    await fillField(ada.page, 'search', 'cat')
    await fillField(ada.page, 'replace', 'dog')
    // Typing and "Replace all" in the same instant: without a step of its own, one undo would take both.
    await ada.page.evaluate(() => {
      window.mergepad!.view.dispatch({ changes: { from: 0, insert: 'A cat. ' }, userEvent: 'input.type' })
      document.querySelector<HTMLButtonElement>('.cm-search button[name="replaceAll"]')!.click()
    })
    expect(await editorText(ada.page)).toBe('A dog. the dog sat on the dog mat')
    await waitForText(ben.page, 'A dog. the dog sat on the dog mat')
    await moveCursor(ben.page, 'end')
    await type(ben.page, '. Ben was here')
    await waitForText(ada.page, 'Ben was here')

    await ada.page.focus('.cm-content')
    await ada.page.keyboard.press('Control+z')
    await waitForText(ben.page, 'A cat. the cat sat on the cat mat. Ben was here')
    expect(await editorText(ada.page)).toBe('A cat. the cat sat on the cat mat. Ben was here')
    await ada.page.keyboard.press('Control+z')
    await waitForText(ada.page, 'the cat sat on the cat mat. Ben was here')
    expect(await editorText(ada.page)).toBe('the cat sat on the cat mat. Ben was here')

    await ada.page.keyboard.press('Control+Shift+Z')
    await ada.page.keyboard.press('Control+Shift+Z')
    await waitForText(ben.page, 'A dog. the dog sat on the dog mat. Ben was here')
    expect(await editorText(ada.page)).toBe('A dog. the dog sat on the dog mat. Ben was here')
  })

  it('replaces all from the panel with the mouse, and one Ctrl-Z takes it back', async () => {
    const ada = await open('Ada Lovelace', 'replace-click')
    await type(ada.page, 'red, red, red\n')
    await ada.page.keyboard.press('Control+h')
    await fillField(ada.page, 'search', 'red')
    await fillField(ada.page, 'replace', 'blue')
    await ada.page.click('.cm-search button[name="replaceAll"]')
    expect(await editorText(ada.page)).toBe('blue, blue, blue\n')
    await ada.page.focus('.cm-content')
    await ada.page.keyboard.press('Control+z')
    expect(await editorText(ada.page)).toBe('red, red, red\n')
  })
})
