import { describe, expect, it } from 'vitest'
import { editorText, moveCursor, openDoc, type, waitForConnection, waitForText, type Person } from '../helpers/browser.ts'
import { browserSuite } from '../helpers/browserSuite.ts'

const suite = browserSuite()

/** Two people, Ada and Ben, each in their own browser profile, with `name` open and synced. */
async function adaAndBen(name: string): Promise<[Person, Person]> {
  const ada = await suite.person({ name: 'Ada Lovelace' })
  const ben = await suite.person({ name: 'Ben Franklin' })
  await Promise.all([openDoc(ada.page, suite.relay.httpUrl, name), openDoc(ben.page, suite.relay.httpUrl, name)])
  await Promise.all([waitForConnection(ada.page, 'saved'), waitForConnection(ben.page, 'saved')])
  return [ada, ben]
}

describe('two people in one document', () => {
  it('type at the same time and both end with both texts intact', async () => {
    const [ada, ben] = await adaAndBen('together')
    await type(ada.page, 'Shared notes\n')
    await waitForText(ben.page, 'Shared notes\n')

    await moveCursor(ada.page, 'start')
    await moveCursor(ben.page, 'end')
    await Promise.all([
      type(ada.page, 'Ada writes the opening line. ', { delay: 15 }),
      type(ben.page, 'Ben adds a closing remark.', { delay: 15 }),
    ])

    await waitForText(ada.page, 'Ben adds a closing remark.')
    await waitForText(ben.page, 'Ada writes the opening line. ')
    const adaText = await editorText(ada.page)
    expect(adaText).toBe('Ada writes the opening line. Shared notes\nBen adds a closing remark.')
    expect(await editorText(ben.page)).toBe(adaText)
  })

  it("draws the other person's caret with their name beside it while they type", async () => {
    const [ada, ben] = await adaAndBen('carets')
    await type(ben.page, 'Ben is typing here')

    const caret = ada.page.locator('.cm-ySelectionCaret')
    await caret.waitFor()
    expect(await caret.locator('.cm-ySelectionInfo').textContent()).toBe('Ben Franklin')
    await ada.page.waitForFunction(() => getComputedStyle(document.querySelector('.cm-ySelectionInfo')!).opacity === '1')

    await ada.page.click('[data-testid="people-button"]')
    const names = await ada.page.locator('[data-testid="people"] .person').evaluateAll((items) => items.map((li) => li.getAttribute('data-name')))
    expect(names).toEqual(['Ada Lovelace', 'Ben Franklin'])

    await ben.page.click('[data-testid="people-button"]')
    await ben.page.fill('[data-testid="my-name"]', 'Benjamin')
    await ben.page.press('[data-testid="my-name"]', 'Enter')
    await ada.page.waitForSelector('[data-testid="people"] .person[data-name="Benjamin"]')
    await ben.page.reload()
    await ben.page.click('[data-testid="people-button"]')
    expect(await ben.page.inputValue('[data-testid="my-name"]')).toBe('Benjamin')

    await ben.page.close()
    await ada.page.waitForSelector('[data-testid="people"] .person[data-name="Benjamin"]', { state: 'detached', timeout: 5000 })
  })

  it('undoes only your own edits', async () => {
    const [ada, ben] = await adaAndBen('undo')
    await type(ada.page, 'From Ada. ')
    await waitForText(ben.page, 'From Ada. ')
    await moveCursor(ben.page, 'end')
    await type(ben.page, 'From Ben.')
    await waitForText(ada.page, 'From Ben.')

    // Typing slower than the undo manager's grouping interval (on a busy machine) makes more than
    // one undo step of Ada's sentence, so undo until her stack is empty.
    while (await ada.page.evaluate(() => window.mergepad!.session.undoManager.undoStack.length > 0)) {
      await ada.page.keyboard.press('Control+z')
    }
    await ben.page.waitForFunction(() => window.mergepad!.text() === 'From Ben.')
    expect(await editorText(ada.page)).toBe('From Ben.')
  })

  it('merge edits made while one of them was offline, once they are back', async () => {
    const [ada, ben] = await adaAndBen('offline-merge')
    await type(ada.page, 'Plan\n')
    await waitForText(ben.page, 'Plan\n')

    await ada.context.setOffline(true)
    await waitForConnection(ada.page, 'offline')
    expect(await ada.page.textContent('[data-testid="connection-banner"]')).toMatch(/kept on this device and will merge when you reconnect/)

    await moveCursor(ada.page, 'end')
    await moveCursor(ben.page, 'start')
    await Promise.all([type(ada.page, 'written offline by Ada'), type(ben.page, 'Online, Ben says hi. ')])
    await ada.page.waitForTimeout(500)
    expect(await editorText(ben.page)).not.toContain('written offline by Ada')
    expect(await editorText(ada.page)).not.toContain('Online, Ben says hi.')

    await ada.context.setOffline(false)
    await waitForConnection(ada.page, 'saved')
    await waitForText(ada.page, 'Online, Ben says hi. ', 'written offline by Ada')
    await waitForText(ben.page, 'Online, Ben says hi. ', 'written offline by Ada')
    expect(await editorText(ada.page)).toBe('Online, Ben says hi. Plan\nwritten offline by Ada')
    expect(await editorText(ben.page)).toBe(await editorText(ada.page))
  })

  it('can go offline on purpose with the "work offline" switch', async () => {
    const [ada, ben] = await adaAndBen('work-offline')
    await ada.page.click('.switch')
    await waitForConnection(ada.page, 'offline')
    expect(await ada.page.textContent('[data-testid="status"]')).toContain('Working offline')
    await type(ada.page, 'kept back')
    await ben.page.waitForTimeout(300)
    expect(await editorText(ben.page)).toBe('')

    await ada.page.click('.switch')
    await waitForText(ben.page, 'kept back')
  })

  it.each([
    ['a phone', { width: 390, height: 844 }],
    ['a narrow tablet', { width: 641, height: 900 }],
  ])('leave room for the document’s name in the top bar of %s, its buttons named for screen readers', async (_, viewport) => {
    const name = 'noble-yarrow-2967'
    const [ada, ben] = [await suite.person({ name: 'Ada Lovelace', viewport }), await suite.person({ name: 'Ben Franklin', viewport })]
    await Promise.all([openDoc(ada.page, suite.relay.httpUrl, name), openDoc(ben.page, suite.relay.httpUrl, name)])
    await waitForConnection(ada.page, 'saved')
    await ada.page.waitForSelector('.topbar .avatar:nth-child(2)')
    const bar = await ada.page.evaluate(() => {
      const shown = (selector: string) => (document.querySelector(selector) as HTMLElement).getBoundingClientRect().width
      const named = (selector: string) => document.querySelector(selector)!.getAttribute('aria-label')
      return { title: shown('[data-testid="doc-name"]'), share: named('[data-testid="share"]'), status: named('[data-testid="status"]'), history: named('[data-testid="history-toggle"]') }
    })
    // With two people there the name still shows most of itself: before, it had 40 px at 390 px
    // wide, and none at 641 px, where the words "Mergepad" and "History" took its room.
    expect(bar.title).toBeGreaterThan(80)
    expect(bar).toMatchObject({ share: 'Share', status: 'All changes saved', history: 'History' })
  })
})
