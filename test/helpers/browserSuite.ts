import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { ensureClientBuilt, launchBrowser, newPerson, type Person } from './browser.ts'
import { startRelayProcess, type RelayProcess } from './relayProcess.ts'

/** What {@link browserSuite} gives a test file. */
export interface BrowserSuite {
  /** The relay process the file's pages talk to (set once `beforeAll` has run). */
  readonly relay: RelayProcess
  /** A new person (browser context and page) in the file's Chromium, closed after the test. */
  person(options?: Parameters<typeof newPerson>[1]): Promise<Person>
}

/**
 * Registers the hooks a browser test file shares: one Chromium and one relay process for the whole
 * file; after each test, every person made through {@link BrowserSuite.person} is closed and the
 * test fails if any of their pages threw.
 */
export function browserSuite(): BrowserSuite {
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

  return {
    get relay() {
      return relay
    },
    async person(options) {
      const p = await newPerson(browser, options)
      people.push(p)
      return p
    },
  }
}
