import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { openDoc, type Person } from '../helpers/browser.ts'
import { browserSuite } from '../helpers/browserSuite.ts'

const suite = browserSuite()

async function person(): Promise<Person> {
  const p = await suite.person({ name: 'Ada Lovelace' })
  return p
}

/** The theme on `<html>`, and the page's background colour as drawn. */
function theme(page: Page): Promise<{ theme: string | undefined; background: string }> {
  return page.evaluate(() => ({ theme: document.documentElement.dataset.theme, background: getComputedStyle(document.body).backgroundColor }))
}

const lightBackground = 'rgb(246, 245, 241)'
const darkBackground = 'rgb(20, 22, 27)'

describe('dark mode', () => {
  it('follows the system, and a choice made with the switch is remembered and shared by tabs', async () => {
    const ada = await person()
    await ada.page.emulateMedia({ colorScheme: 'dark' })
    await ada.page.goto(suite.relay.httpUrl)
    expect(await theme(ada.page)).toEqual({ theme: 'dark', background: darkBackground })
    await ada.page.emulateMedia({ colorScheme: 'light' })
    await ada.page.waitForFunction(() => document.documentElement.dataset.theme === 'light')
    expect(await ada.page.getAttribute('meta[name="theme-color"]', 'content')).toBe('#f6f5f1')

    const other = await ada.context.newPage()
    await other.goto(suite.relay.httpUrl)
    await ada.page.click('[data-testid="theme-button"]')
    expect(await ada.page.getAttribute('[data-theme-choice="system"]', 'aria-pressed')).toBe('true')
    await ada.page.click('[data-theme-choice="dark"]')
    expect(await theme(ada.page)).toEqual({ theme: 'dark', background: darkBackground })
    expect(await ada.page.getAttribute('[data-theme-choice="dark"]', 'aria-pressed')).toBe('true')
    await other.waitForFunction(() => document.documentElement.dataset.theme === 'dark')

    await ada.page.reload()
    expect(await theme(ada.page)).toEqual({ theme: 'dark', background: darkBackground })
    await ada.page.click('[data-testid="theme-button"]')
    await ada.page.click('[data-theme-choice="system"]')
    expect(await theme(ada.page)).toEqual({ theme: 'light', background: lightBackground })
  })

  it('draws the editor and its preview in dark colours, and the switch is in its menu', async () => {
    const ada = await person()
    await openDoc(ada.page, suite.relay.httpUrl, 'dark-editor')
    await ada.page.click('[data-testid="more"]:visible')
    await ada.page.click('[data-testid="more-menu"]:visible [data-theme-choice="dark"]')
    const colours = await ada.page.evaluate(() => {
      const bg = (s: string) => getComputedStyle(document.querySelector(s)!).backgroundColor
      return { paper: bg('.paper'), preview: bg('[data-testid="preview-pane"]'), text: getComputedStyle(document.querySelector('.cm-content')!).color }
    })
    expect(colours).toEqual({ paper: 'rgb(28, 31, 38)', preview: 'rgb(28, 31, 38)', text: 'rgb(230, 232, 238)' })
  })

  it('draws the demo in dark colours too, and follows a change of the system setting while it is open', async () => {
    const ada = await person()
    await ada.page.emulateMedia({ colorScheme: 'dark' })
    await ada.page.goto(suite.relay.httpUrl)
    await ada.page.click('[data-testid="demo-link"]')
    await ada.page.waitForURL(/\/demo$/)
    await ada.page.waitForSelector('[data-replica="Alice"]')
    /** The page, a replica's card and the text in its editor, as drawn. */
    const demoColours = () =>
      ada.page.evaluate(() => {
        const style = (s: string) => getComputedStyle(document.querySelector(s)!)
        return { page: style('body').backgroundColor, card: style('[data-replica="Alice"]').backgroundColor, text: style('[data-replica="Alice"] .cm-content').color }
      })
    expect(await theme(ada.page)).toEqual({ theme: 'dark', background: darkBackground })
    expect(await demoColours()).toEqual({ page: darkBackground, card: 'rgb(28, 31, 38)', text: 'rgb(230, 232, 238)' })
    await ada.page.emulateMedia({ colorScheme: 'light' })
    await ada.page.waitForFunction(() => document.documentElement.dataset.theme === 'light')
    expect(await demoColours()).toEqual({ page: lightBackground, card: 'rgb(255, 255, 255)', text: 'rgb(27, 31, 42)' })
  })
})
