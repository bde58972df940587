import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ensureClientBuilt, launchBrowser, newPerson, openDoc, type Person } from '../helpers/browser.ts'
import { startRelayProcess, type RelayProcess } from '../helpers/relayProcess.ts'

let browser: Browser
let relay: RelayProcess
let people: Person[] = []

beforeAll(async () => {
  ensureClientBuilt()
  ;[browser, relay] = await Promise.all([launchBrowser(), startRelayProcess()])
})

afterEach(async () => {
  const errors = people.flatMap((p) => p.errors)
  await Promise.all(people.map((p) => p.context.close()))
  people = []
  expect(errors, 'uncaught page errors').toEqual([])
})

afterAll(async () => {
  await browser?.close()
  await relay?.stop()
})

async function person(): Promise<Person> {
  const p = await newPerson(browser, { name: 'Ada Lovelace' })
  people.push(p)
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
    await ada.page.goto(relay.httpUrl)
    expect(await theme(ada.page)).toEqual({ theme: 'dark', background: darkBackground })
    await ada.page.emulateMedia({ colorScheme: 'light' })
    await ada.page.waitForFunction(() => document.documentElement.dataset.theme === 'light')
    expect(await ada.page.getAttribute('meta[name="theme-color"]', 'content')).toBe('#f6f5f1')

    const other = await ada.context.newPage()
    await other.goto(relay.httpUrl)
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
    await openDoc(ada.page, relay.httpUrl, 'dark-editor')
    await ada.page.click('[data-testid="more"]:visible')
    await ada.page.click('[data-testid="more-menu"]:visible [data-theme-choice="dark"]')
    const colours = await ada.page.evaluate(() => {
      const bg = (s: string) => getComputedStyle(document.querySelector(s)!).backgroundColor
      return { paper: bg('.paper'), preview: bg('[data-testid="preview-pane"]'), text: getComputedStyle(document.querySelector('.cm-content')!).color }
    })
    expect(colours).toEqual({ paper: 'rgb(28, 31, 38)', preview: 'rgb(28, 31, 38)', text: 'rgb(230, 232, 238)' })
  })

  it('leaves the demo light until its own colours follow the theme, and comes back after it', async () => {
    const ada = await person()
    await ada.page.emulateMedia({ colorScheme: 'dark' })
    await ada.page.goto(relay.httpUrl)
    await ada.page.click('[data-testid="demo-link"]')
    await ada.page.waitForURL(/\/demo$/)
    expect(await ada.page.evaluate(() => document.documentElement.dataset.theme)).toBe('light')
    await ada.page.goBack()
    await ada.page.waitForSelector('[data-testid="new-doc"]')
    expect(await theme(ada.page)).toEqual({ theme: 'dark', background: darkBackground })
  })
})
