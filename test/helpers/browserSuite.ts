import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, expect } from 'vitest'
import { ensureClientBuilt, launchBrowser, newPerson, type Person } from './browser.ts'
import { startRelayProcess, type RelayProcess, type RelayProcessOptions } from './relayProcess.ts'

/** How {@link browserSuite} sets up a test file. */
export interface BrowserSuiteOptions {
  /** How to start the relay process (its command-line arguments, say). */
  relay?: RelayProcessOptions
}

/** What {@link browserSuite} gives a test file. */
export interface BrowserSuite {
  /** The file's Chromium (set once `beforeAll` has run), for a person kept across tests. */
  readonly browser: Browser
  /** The relay process the file's pages talk to (set once `beforeAll` has run). */
  readonly relay: RelayProcess
  /** Everyone made through {@link BrowserSuite.person} in the current test, not closed yet. */
  readonly people: readonly Person[]
  /** A new person (browser context and page) in the file's Chromium, closed after the test. */
  person(options?: Parameters<typeof newPerson>[1]): Promise<Person>
}

/**
 * Registers the hooks a browser test file shares: one Chromium and one relay process for the whole
 * file. After each test, and after the file's own `afterEach` hooks (even one that failed), it
 * prints the relay's output if the test failed, closes every person made through
 * {@link BrowserSuite.person}, and fails the test if any of their pages threw.
 */
export function browserSuite({ relay: relayOptions }: BrowserSuiteOptions = {}): BrowserSuite {
  let browser: Browser
  let relay: RelayProcess
  let people: Person[] = []

  beforeAll(async () => {
    ensureClientBuilt()
    ;[browser, relay] = await Promise.all([launchBrowser(), startRelayProcess(relayOptions)])
  })

  // Registered as each test starts, so Vitest runs it after all afterEach hooks, even failed ones.
  beforeEach(({ onTestFinished }) => {
    onTestFinished(async ({ task }) => {
      if (task.result?.state === 'fail') console.error(`relay output:\n${relay.output()}`)
      const errors = people.flatMap((p) => p.errors)
      await Promise.all(people.map((p) => p.context.close()))
      people = []
      expect(errors, 'uncaught page errors').toEqual([])
    })
  })

  afterAll(async () => {
    await browser?.close()
    await relay?.stop()
  })

  return {
    get browser() {
      return browser
    },
    get relay() {
      return relay
    },
    get people() {
      return people
    },
    async person(options) {
      const p = await newPerson(browser, options)
      people.push(p)
      return p
    },
  }
}
