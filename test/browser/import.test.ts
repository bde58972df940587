import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { editorText, openDoc, type, waitForConnection, waitForEditor, waitForText, type Person } from '../helpers/browser.ts'
import { browserSuite } from '../helpers/browserSuite.ts'

const suite = browserSuite()

async function person(name: string): Promise<Person> {
  const p = await suite.person({ name })
  return p
}

const notes = '# Meeting notes\n\n- agree on the plan\n- book the room\n'

/** Drops a file named `name` holding `text` on the element at `selector`, at its point `(dx, dy)` from its top left. */
async function dropFile(page: Page, selector: string, name: string, text: string, type: string, at?: { x: number; y: number }): Promise<void> {
  await page.evaluate(
    ({ selector, name, text, type, at }) => {
      const target = document.querySelector(selector)!
      const rect = target.getBoundingClientRect()
      const point = { clientX: at ? at.x : rect.left + 10, clientY: at ? at.y : rect.top + 10 }
      const data = new DataTransfer()
      data.items.add(new File([text], name, { type }))
      for (const kind of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(kind, { bubbles: true, cancelable: true, dataTransfer: data, ...point }))
    },
    { selector, name, text, type, at },
  )
}

/** Picks `name` holding `text` in the file chooser that `open` brings up. */
async function pickFile(page: Page, open: () => Promise<void>, name: string, text: string): Promise<void> {
  // Listening first turns on Playwright's file-chooser interception before the picker opens.
  const chooserOpened = page.waitForEvent('filechooser')
  await open()
  const chooser = await chooserOpened
  expect(chooser.isMultiple()).toBe(true)
  await chooser.setFiles({ name, mimeType: name.endsWith('.md') ? 'text/markdown' : 'text/plain', buffer: Buffer.from(text) })
}

describe('importing a file', () => {
  it('on the home page, picked: starts a new document named after the file, holding its text', async () => {
    const ada = await person('Ada Lovelace')
    await ada.page.goto(suite.relay.httpUrl)
    await pickFile(ada.page, () => ada.page.click('[data-testid="import-file"]'), 'Meeting notes.md', notes)
    await ada.page.waitForURL(/\/d\/meeting-notes-\d{4}$/)
    await waitForEditor(ada.page)
    await waitForText(ada.page, 'book the room')
    expect(await editorText(ada.page)).toBe(notes)
    await waitForConnection(ada.page, 'saved')

    // It is one edit: one undo empties the new document.
    await ada.page.focus('.cm-content')
    await ada.page.keyboard.press('Control+z')
    expect(await editorText(ada.page)).toBe('')
  })

  it('on the home page, dropped: text files start a document, other files are refused with a reason', async () => {
    const ada = await person('Ada Lovelace')
    await ada.page.goto(suite.relay.httpUrl)
    await dropFile(ada.page, '.hero', 'photo.png', 'not text', 'image/png')
    expect(await ada.page.textContent('[data-testid="toast"]')).toContain('“photo.png” is not a Markdown or text file')
    expect(new URL(ada.page.url()).pathname).toBe('/')

    await dropFile(ada.page, '.card', 'Reading list.txt', 'Books to read\r\n', 'text/plain')
    await ada.page.waitForURL(/\/d\/reading-list-\d{4}$/)
    await waitForEditor(ada.page)
    await waitForText(ada.page, 'Books to read')
    expect(await editorText(ada.page)).toBe('Books to read\n')
  })

  it('in the editor, picked: inserts at the caret as one edit, which others see and one undo removes', async () => {
    const ada = await person('Ada Lovelace')
    const ben = await person('Ben Franklin')
    await openDoc(ada.page, suite.relay.httpUrl, 'import-editor')
    await openDoc(ben.page, suite.relay.httpUrl, 'import-editor')
    await type(ada.page, 'Before. After.')
    for (let i = 0; i < 6; i++) await ada.page.keyboard.press('ArrowLeft')
    await pickFile(
      ada.page,
      async () => {
        await ada.page.click('[data-testid="more"]:visible')
        await ada.page.click('[data-testid="menu-import"]:visible')
      },
      'insert.txt',
      '[inserted]',
    )
    await waitForText(ben.page, 'Before. [inserted]After.')
    expect(await editorText(ada.page)).toBe('Before. [inserted]After.')
    await ada.page.keyboard.press('Control+z')
    await waitForText(ben.page, 'Before. After.')
    expect(await editorText(ada.page)).toBe('Before. After.')
  })

  it('in the editor, dropped: on the text where it is dropped, elsewhere at the caret (after the last import)', async () => {
    const ada = await person('Ada Lovelace')
    await openDoc(ada.page, suite.relay.httpUrl, 'import-drop')
    await type(ada.page, 'first line\nsecond line')
    const endOfFirst = await ada.page.evaluate(() => {
      const { view } = window.mergepad!
      const rect = view.coordsAtPos(view.state.doc.line(1).to)!
      return { x: rect.left + 1, y: (rect.top + rect.bottom) / 2 }
    })
    await dropFile(ada.page, '.cm-content', 'a.md', ' [dropped]', 'text/markdown', endOfFirst)
    await waitForText(ada.page, 'first line [dropped]\nsecond line')

    await dropFile(ada.page, '.statusbar', 'b.md', ' [at caret]', '')
    await waitForText(ada.page, '[at caret]')
    expect(await editorText(ada.page)).toBe('first line [dropped] [at caret]\nsecond line')
  })
})
