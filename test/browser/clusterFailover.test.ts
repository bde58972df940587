import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { textOf } from '../../server/store/docStore.contract.ts'
import { PostgresStore } from '../../server/store/postgresStore.ts'
import { editorText, ensureClientBuilt, launchBrowser, moveCursor, newPerson, openDoc, type Person, type, waitForConnection, waitForText } from '../helpers/browser.ts'
import { type ThrowawayNginx, startNginx } from '../helpers/nginx.ts'
import { type ThrowawayPostgres, startPostgres } from '../helpers/postgres.ts'
import { type ThrowawayRedis, startRedis } from '../helpers/redis.ts'
import { type RelayProcess, startRelayProcess } from '../helpers/relayProcess.ts'

let browser: Browser
let postgres: ThrowawayPostgres
let redis: ThrowawayRedis
let relays: RelayProcess[] = []
let nginx: ThrowawayNginx | undefined
let people: Person[] = []

beforeAll(async () => {
  ensureClientBuilt()
  ;[browser, postgres, redis] = await Promise.all([launchBrowser(), startPostgres(), startRedis()])
})

afterAll(async () => {
  for (const person of people) await person.context.close()
  await browser?.close()
  await nginx?.remove()
  await Promise.all(relays.map((relay) => relay.kill()))
  await Promise.all([postgres?.remove(), redis?.remove()])
})

/** How many WebSocket connections `relay` has open now, from its own metrics. */
async function connectionsOn(relay: RelayProcess): Promise<number> {
  const text = await (await fetch(`${relay.httpUrl}/metrics`)).text()
  return Number(/^mergepad_connections (\d+)/m.exec(text)?.[1] ?? 0)
}

/** Polls the connection counts of `among` (all relays by default) until `holds` is true of them; returns them. */
async function waitForCounts(holds: (counts: number[]) => boolean, what: string, among = relays): Promise<number[]> {
  const deadline = Date.now() + 15_000
  for (;;) {
    const seen = await Promise.all(among.map(connectionsOn))
    if (holds(seen)) return seen
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; connections per relay: ${seen.join(', ')}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/**
 * What each tab shows (text, status) and what the surviving relay and nginx last said, for a
 * failure message: a CI log keeps the message, not the console.
 */
async function whereThingsStand(tabs: Person[], survivor: RelayProcess): Promise<string> {
  const lines = await Promise.all(
    tabs.map(async (tab, i) => {
      const text = await tab.page.evaluate(() => window.mergepad?.text() ?? '(no editor)').catch((e: Error) => `(${e.message})`)
      const status = await tab.page.locator('[data-testid="status"]').getAttribute('data-state', { timeout: 1000 }).catch(() => '?')
      return `tab ${i + 1} (${status}): ${JSON.stringify(text)}`
    }),
  )
  const counts = await connectionsOn(survivor).catch((e: Error) => e.message)
  const tail = (output: string) => output.trim().split('\n').slice(-4).map((line) => line.slice(0, 300)).join('\n')
  return `${lines.join('\n')}\nsurviving relay (${survivor.state()}, ${counts} connections) last said:\n${tail(survivor.output())}\nnginx last said:\n${tail(nginx?.output() ?? '')}`
}

/** Notes a step on the console, with the seconds since the test began (to see where a slow run spent them). */
let began = 0
const step = (what: string) => console.log(`cluster failover: ${((Date.now() - began) / 1000).toFixed(1)} s ${what}`)

describe('a cluster behind nginx, in the browser', { timeout: 180_000 }, () => {
  it('keeps a tab writing through a node’s SIGKILL: it reconnects to another node and saves everything', async () => {
    began = Date.now()
    const url = await postgres.newDatabase()
    relays = await Promise.all([0, 1].map(() => startRelayProcess({ args: ['--store', url, '--redis', redis.url] })))
    nginx = await startNginx(relays.map((relay) => relay.port))
    const [one, two] = (people = [await newPerson(browser, { name: 'Ada' }), await newPerson(browser, { name: 'Bo' })])

    step('relays and nginx up')
    await openDoc(one.page, nginx.httpUrl, 'failover')
    await waitForConnection(one.page, 'saved')
    const oneOn = (await waitForCounts((seen) => seen[0] + seen[1] === 1, 'the first tab’s connection')).indexOf(1)
    // nginx sends the next connection to the node with fewer open: the other one, unless the second
    // tab's own page requests were still open there. Then it goes offline and back, its page idle.
    await openDoc(two.page, nginx.httpUrl, 'failover')
    await waitForConnection(two.page, 'saved')
    for (let attempt = 1; ; attempt++) {
      const seen = await waitForCounts((counts) => counts[0] + counts[1] === 2, 'both tabs’ connections')
      if (seen[0] === 1 && seen[1] === 1) break
      if (attempt === 3) throw new Error(`nginx kept both tabs on one node; connections per relay: ${seen.join(', ')}`)
      const offline = two.page.locator('label:has([data-testid="work-offline"])')
      await offline.click()
      await waitForCounts((counts) => counts[0] + counts[1] === 1, 'the second tab to go offline')
      await offline.click()
      await waitForConnection(two.page, 'saved')
    }

    step('one tab on each node')
    await type(one.page, 'Ada starts. ')
    await waitForText(two.page, 'Ada starts. ')
    await moveCursor(two.page, 'end')
    await type(two.page, 'Bo answers. ')
    await waitForText(one.page, 'Bo answers. ')
    await Promise.all([waitForConnection(one.page, 'saved'), waitForConnection(two.page, 'saved')])

    step('typed together')
    await relays[oneOn].kill()
    await moveCursor(one.page, 'end')
    await type(one.page, 'Ada typed on. ')
    // At the other end: Bo's tab may hold only part of Ada's line yet, and two people typing at one
    // place interleave what they type (a failed run ended with "Ada typed onBo too. . ").
    await moveCursor(two.page, 'start')
    await type(two.page, 'Bo too. ')
    const everything = ['Ada starts. ', 'Bo answers. ', 'Ada typed on. ', 'Bo too. ']
    step('node killed, typed on')
    // The tab backs off before reconnecting, and nginx then skips the dead node: allow a crowded machine a minute.
    const allThere = (page: typeof one.page) =>
      page.waitForFunction((wanted) => wanted.every((part) => window.mergepad?.text().includes(part)), everything, { timeout: 60_000 })
    await Promise.all([allThere(one.page), allThere(two.page)]).catch(async (error: Error) => {
      throw new Error(`${error.message}\n${await whereThingsStand([one, two], relays[1 - oneOn])}`)
    })
    const saved = (page: typeof one.page) => page.waitForSelector('[data-testid="status"][data-state="saved"]', { timeout: 60_000 })
    await Promise.all([saved(one.page), saved(two.page)])
    expect(await one.page.textContent('[data-testid="status"] .status-label')).toBe('All changes saved')
    step('all saved')
    await waitForCounts(([survivor]) => survivor === 2, 'both tabs on the surviving node', [relays[1 - oneOn]])
    const text = await editorText(one.page)
    expect(await editorText(two.page)).toBe(text)

    const store = await PostgresStore.open(url, { max: 1 })
    try {
      expect(textOf(await store.load('failover'))).toBe(text)
    } finally {
      await store.close()
    }
    expect([...one.errors, ...two.errors]).toEqual([])
  })
})
