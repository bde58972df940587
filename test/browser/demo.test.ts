import path from 'node:path'
import type { Page, Route } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ReplicaName } from '../../client/demo/model/cast.ts'
import { contentHash } from '../../client/demo/model/contentHash.ts'
import { editSurvives } from '../../client/demo/model/edits.ts'
import { scenarios } from '../../client/demo/model/scenarios.ts'
import { editsOf } from '../../client/demo/model/script.ts'
import { newPerson, type Person } from '../helpers/browser.ts'
import { browserSuite } from '../helpers/browserSuite.ts'

/** Set `DEMO_SHOTS=/some/dir` to also save screenshots mid-partition and after healing. */
const shotsDir = process.env.DEMO_SHOTS

const suite = browserSuite()
/** One visitor for the whole file, whose page the tests below play on in turn; closed with the browser. */
let visitor: Person

beforeAll(async () => {
  visitor = await openDemo(await newPerson(suite.browser))
})

/** Opens `/demo` (scenarios at the fast pace) for `person` and waits for the three replicas to be in sync. */
async function openDemo(person: Person): Promise<Person> {
  await person.page.goto(`${suite.relay.httpUrl}/demo?pace=fast`)
  await allInSync(person.page)
  return person
}

async function allInSync(page: Page): Promise<void> {
  for (const name of ['Alice', 'Bob', 'Carol']) await page.waitForSelector(`[data-replica="${name}"][data-link="synced"]`, { timeout: 15_000 })
  await page.waitForSelector('[data-testid="convergence"][data-state="converged"]')
}

/** The text of each replica's editor, as it is on screen. */
function replicaTexts(page: Page): Promise<Record<ReplicaName, string>> {
  return page.evaluate(() => {
    const textOf = (name: string) =>
      [...document.querySelectorAll(`[data-testid="editor-${name}"] .cm-line`)].map((line) => line.textContent).join('\n')
    return { Alice: textOf('Alice'), Bob: textOf('Bob'), Carol: textOf('Carol') }
  })
}

function text(page: Page, testid: string): Promise<string> {
  return page.locator(`[data-testid="${testid}"]`).innerText()
}

/** Waits until the text of element `testid` passes `check` (the page redraws on the next frame). */
async function untilText(page: Page, testid: string, check: (text: string) => boolean): Promise<void> {
  const deadline = Date.now() + 10_000
  let last = await text(page, testid)
  while (!check(last)) {
    if (Date.now() > deadline) throw new Error(`${testid} still reads ${JSON.stringify(last)}`)
    await page.waitForTimeout(20)
    last = await text(page, testid)
  }
}

/** Clicks scenario `id` and waits until it has played to the end. */
async function playToTheEnd(page: Page, id: string): Promise<void> {
  await page.click(`[data-testid="scenario-${id}"]`)
  await page.waitForSelector('[data-testid="stage"][data-state="playing"]')
  await page.waitForSelector('[data-testid="stage"]:is([data-state="done"], [data-state="failed"])', { timeout: 30_000 })
  expect(await page.getAttribute('[data-testid="stage"]', 'data-state'), await text(page, 'caption')).toBe('done')
}

/** Clicks the online switch of replica `name`, as a person would. */
async function flipSwitch(page: Page, name: ReplicaName): Promise<void> {
  await page.click(`[data-replica="${name}"] .switch`)
}

async function screenshot(page: Page, name: string): Promise<void> {
  if (shotsDir) await page.screenshot({ path: path.join(shotsDir, `${name}.png`), fullPage: true })
}

describe('the /demo page', () => {
  it('is linked from the home page', async () => {
    const person = await suite.person()
    await person.page.goto(suite.relay.httpUrl)
    await person.page.click('[data-testid="demo-link"]')
    await person.page.waitForURL(`${suite.relay.httpUrl}/demo`)
    await allInSync(person.page)
    expect(await person.page.locator('.replica').count()).toBe(3)
    expect(person.errors, 'uncaught page errors').toEqual([])
  })

  it('partitions a replica with its switch, counts its unseen edit, and merges it on reconnect', async () => {
    const { page } = visitor
    await flipSwitch(page, 'Alice')
    await page.waitForSelector('[data-replica="Alice"][data-link="offline"]')

    await page.click('[data-testid="editor-Alice"] .cm-line:last-child')
    await page.keyboard.press('End')
    await page.keyboard.type(' Typed offline.')
    await page.waitForSelector('[data-testid="convergence"][data-state="diverged"]')
    await untilText(page, 'log-Alice', (log) => log.includes('insert “ Typed offline.”'))
    expect(await text(page, 'unseen-count-Alice')).toBe('1')
    expect((await replicaTexts(page)).Bob).not.toContain('Typed offline.')

    await flipSwitch(page, 'Alice')
    await allInSync(page)
    await untilText(page, 'unseen-count-Alice', (count) => count === '0')
    const texts = await replicaTexts(page)
    expect(texts.Bob).toContain('Typed offline.')
    expect(texts.Carol).toBe(texts.Bob)
    expect(await text(page, 'traffic-Alice')).toMatch(/↑ \d+(\.\d)? k?B in [1-9]\d* frames · ↓ \d+(\.\d)? k?B in [1-9]/)
  })

  for (const scenario of scenarios) {
    it(`plays “${scenario.title}”: all three converge with every edit, last-writer-wins loses some`, async () => {
      const { page } = visitor
      await playToTheEnd(page, scenario.id)

      const texts = await replicaTexts(page)
      expect(texts.Bob).toBe(texts.Alice)
      expect(texts.Carol).toBe(texts.Alice)
      const edits = editsOf(scenario)
      for (const { who, edit } of edits) expect(editSurvives(edit, texts.Alice, edits), `${who} ${JSON.stringify(edit)} in ${texts.Alice}`).toBe(true)
      expect(await text(page, 'convergence')).toContain(`converged ✓`)
      expect(await text(page, 'convergence')).toContain(`#${contentHash(texts.Alice)}`)

      const crdt = page.locator('[data-testid="crdt-outcome"] li')
      expect(await crdt.count()).toBe(edits.length)
      expect(await page.locator('[data-testid="crdt-outcome"] li[data-kept="false"]').count()).toBe(0)
      expect(await page.locator('[data-testid="lww-outcome"] li[data-kept="false"]').count()).toBeGreaterThan(0)
      expect(await text(page, 'crdt-text')).toBe(texts.Alice)
    })
  }

  it('plays the scenario named in the address, and names the one playing', async () => {
    const person = await suite.person()
    await person.page.goto(`${suite.relay.httpUrl}/demo?pace=fast&scenario=delete-vs-edit`)
    await person.page.waitForSelector('[data-testid="stage"][data-state="done"]', { timeout: 30_000 })
    expect(await text(person.page, 'caption')).toBe(scenarios.find((s) => s.id === 'delete-vs-edit')!.ending)
    await person.page.click('[data-testid="scenario-same-spot"]')
    expect(new URL(person.page.url()).searchParams.get('scenario')).toBe('same-spot')
    await person.page.click('[data-testid="reset"]')
    expect(new URL(person.page.url()).searchParams.get('scenario')).toBeNull()
    expect(person.errors, 'uncaught page errors').toEqual([])
  })

  it('replays a scenario in a fresh room', async () => {
    const { page } = visitor
    const before = await text(page, 'room')
    await playToTheEnd(page, scenarios[0].id)
    expect(await text(page, 'room')).not.toBe(before)
    expect(visitor.errors, 'uncaught page errors').toEqual([])
  })

  for (const [size, viewport] of Object.entries({ desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } })) {
    it(`steps through a three-way partition on a ${size}: diverged with edits pending, then healed`, async () => {
      const person = await openDemo(await suite.person({ viewport }))
      const { page } = person
      const threeWay = scenarios.find((s) => s.id === 'three-way')!
      await page.check('[data-testid="step-by-step"]')
      await page.click('[data-testid="scenario-three-way"]')
      // Four steps: the split and one step of edits per replica; the heal waits for "Next".
      for (let step = 1; step < 4; step++) {
        await page.waitForSelector('[data-testid="next-step"]:not([disabled])', { timeout: 15_000 })
        await page.click('[data-testid="next-step"]')
      }
      await page.waitForSelector('[data-testid="next-step"]:not([disabled])', { timeout: 15_000 })
      expect(await text(page, 'caption')).toBe(threeWay.steps[3].caption)

      expect(await page.getAttribute('[data-testid="convergence"]', 'data-state')).toBe('diverged')
      for (const name of ['Alice', 'Bob', 'Carol']) {
        expect(await page.getAttribute(`[data-replica="${name}"]`, 'data-link')).toBe('offline')
        await untilText(page, `unseen-count-${name}`, (count) => Number(count) > 0)
      }
      expect(await text(page, 'contrast')).toContain('offline · unsent edits')
      await screenshot(page, `demo-partition-${size}`)

      await page.click('[data-testid="next-step"]')
      await page.waitForSelector('[data-testid="stage"][data-state="done"]', { timeout: 15_000 })
      await allInSync(page)
      for (const name of ['Alice', 'Bob', 'Carol']) await untilText(page, `unseen-count-${name}`, (count) => count === '0')
      await screenshot(page, `demo-healed-${size}`)
      expect(person.errors, 'uncaught page errors').toEqual([])
    })
  }

  it('never draws over the page that replaced it while its code was still loading', async () => {
    // No service worker, so every script comes from the network, where it can be held back.
    const { page, errors } = await suite.person({ serviceWorkers: 'block' })
    let sockets = 0
    page.on('websocket', () => sockets++)
    await page.goto(suite.relay.httpUrl)
    await page.waitForSelector('[data-testid="demo-link"]')
    const held: Route[] = []
    await page.route('**/*.js', (route) => void held.push(route))
    await page.click('[data-testid="demo-link"]')
    await expect.poll(() => held.length).toBeGreaterThan(0)
    await page.goBack()
    await page.waitForSelector('[data-testid="new-doc"]')

    for (const route of held) await route.continue()
    await page.unroute('**/*.js')
    // Importing a module again resolves once it has run, so after that the demo's code has had its
    // chance. (A string, so that Vitest leaves this `import()` alone.)
    const scripts = JSON.stringify(held.map((route) => route.request().url()))
    await page.evaluate(`Promise.all(${scripts}.map((url) => import(url))).then(() => new Promise((resolve) => setTimeout(resolve)))`)
    expect(await page.locator('.demo').count()).toBe(0)
    expect(await page.locator('[data-testid="new-doc"]').count()).toBe(1)
    expect(sockets, 'WebSockets the page opened').toBe(0)
    expect(errors, 'uncaught page errors').toEqual([])
  })

  it('closes its three connections when the visitor leaves for the home page', async () => {
    const { page } = visitor
    await relayConnections(3)
    await page.click('.demo-home')
    await page.waitForURL(`${suite.relay.httpUrl}/`)
    await relayConnections(0)
    expect(visitor.errors, 'uncaught page errors').toEqual([])
  })
})

/** Waits until the relay counts `count` open connections (closed browsers take a moment to count). */
async function relayConnections(count: number): Promise<void> {
  const deadline = Date.now() + 10_000
  let open = -1
  while (open !== count) {
    if (Date.now() > deadline) throw new Error(`the relay has ${open} connections, not ${count}`)
    if (open !== -1) await new Promise((resolve) => setTimeout(resolve, 50))
    open = ((await (await fetch(`${suite.relay.httpUrl}/healthz`)).json()) as { connections: number }).connections
  }
}
