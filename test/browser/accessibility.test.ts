import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ensureClientBuilt, launchBrowser, newPerson, openDoc, type, waitForConnection, waitForText, type Person } from '../helpers/browser.ts'
import { axeViolations, describeViolations, seriousOrCritical, type AxeViolation } from '../helpers/axe.ts'
import { startRelayProcess, type RelayProcess } from '../helpers/relayProcess.ts'
import { setDocText, waitForPreview } from '../helpers/writing.ts'

let browser: Browser
let relay: RelayProcess
let people: Person[] = []

beforeAll(async () => {
  ensureClientBuilt()
  ;[browser, relay] = await Promise.all([launchBrowser(), startRelayProcess()])
})

afterEach(async () => {
  await Promise.all(people.map((p) => p.context.close()))
  people = []
})

afterAll(async () => {
  await browser?.close()
  await relay?.stop()
})

const schemes = ['light', 'dark'] as const
const phone = { width: 390, height: 844 }

/** Everything the preview can draw: headings, emphasis, lists, tasks, a quote, a link, a table, code. */
const richDocument = `# Launch plan

The beta opens to **200 teams** on *Monday*, with \`free\` and \`team\` plans. ~~Not Sunday.~~

- [x] Book the launch call
- [ ] Write the [changelog](https://example.com/changelog)

> Ship small, ship often.

| Day | What |
| --- | ---: |
| Mon | Invites |

\`\`\`sh
mergepad rollback
\`\`\`

<details><summary>More</summary><kbd>Ctrl</kbd> <mark>marked</mark></details>
`

async function person(name: string, scheme: 'light' | 'dark', viewport?: { width: number; height: number }): Promise<Person> {
  const p = await newPerson(browser, { name, viewport })
  people.push(p)
  await p.page.emulateMedia({ colorScheme: scheme })
  return p
}

/** Runs axe and fails with its report when anything serious or critical is found. */
async function expectNoSeriousViolations(page: Page, where: string): Promise<AxeViolation[]> {
  const violations = await axeViolations(page)
  if (process.env.AXE_REPORT) console.log(`${where}: ${describeViolations(violations) || "no violations"}`)
  expect(seriousOrCritical(violations), `${where}:\n${describeViolations(seriousOrCritical(violations))}`).toEqual([])
  return violations
}

describe.each(schemes)('axe-core finds nothing serious or critical (%s theme)', (scheme) => {
  it('on the home page and a message page', async () => {
    const ada = await person('Ada Lovelace', scheme)
    await ada.page.goto(relay.httpUrl)
    await ada.page.click('[data-testid="theme-button"]')
    await expectNoSeriousViolations(ada.page, 'home')
    await ada.page.goto(`${relay.httpUrl}/nowhere`)
    await expectNoSeriousViolations(ada.page, 'not found')
  })

  it('in the editor with two people, the preview, the outline, find and the share menu open', async () => {
    const ada = await person('Ada Lovelace', scheme)
    const ben = await person('Ben Franklin', scheme)
    await openDoc(ada.page, relay.httpUrl, `axe-editor-${scheme}`)
    await openDoc(ben.page, relay.httpUrl, `axe-editor-${scheme}`)
    await setDocText(ada.page, richDocument)
    await waitForText(ben.page, 'mergepad rollback')
    await ben.page.click('.cm-line:nth-child(3)')
    await type(ben.page, 'Ben types here. ')
    await waitForText(ada.page, 'Ben types here.')
    await waitForConnection(ada.page, 'saved')
    await ada.page.waitForSelector('.cm-ySelectionCaret')
    await waitForPreview(ada.page, 'Ben types here.')

    await expectNoSeriousViolations(ada.page, 'editor')
    await ada.page.click('[data-testid="outline-toggle"]')
    await ada.page.focus('.cm-content')
    await ada.page.keyboard.press('Control+f')
    await ada.page.keyboard.type('plan')
    await ada.page.click('[data-testid="share"]')
    expect(await ada.page.isVisible('[data-testid="copy-link"]')).toBe(true)
    await expectNoSeriousViolations(ada.page, 'editor with outline, find and share open')
    await ada.page.click('[data-testid="more"]:visible')
    await expectNoSeriousViolations(ada.page, 'editor with the More menu open')
  })

  it('on a phone, writing and previewing, with the outline menu open', async () => {
    const ada = await person('Ada Lovelace', scheme, phone)
    await openDoc(ada.page, relay.httpUrl, `axe-phone-${scheme}`)
    await setDocText(ada.page, richDocument)
    await waitForText(ada.page, 'mergepad rollback')
    await expectNoSeriousViolations(ada.page, 'phone, writing')
    await ada.page.click('[data-testid="show-preview"]')
    await waitForPreview(ada.page, 'mergepad rollback')
    await ada.page.click('[data-testid="outline-menu"]')
    await expectNoSeriousViolations(ada.page, 'phone, preview and outline menu')
  })
})

/**
 * What axe reports on /demo today. The demo is being restructured by its own change and will take
 * its dark mode and these fixes then; until then the test holds it to this list, so nothing new
 * appears unnoticed. Remove entries as they are fixed.
 */
const knownDemoViolations = ['color-contrast .badge-explain', 'color-contrast .badge-detail']

it('axe-core on /demo finds nothing serious or critical beyond the known list', async () => {
  const visitor = await person('Visitor', 'light')
  await visitor.page.goto(`${relay.httpUrl}/demo?pace=fast`)
  await visitor.page.waitForSelector('[data-testid="convergence"][data-state="converged"]', { timeout: 20_000 })
  const found = seriousOrCritical(await axeViolations(visitor.page))
  console.log(`axe on /demo:\n${describeViolations(found) || 'nothing serious or critical'}`)
  const unknown = found.flatMap((v) => v.nodes.map((n) => `${v.id} ${n.target}`)).filter((entry) => !knownDemoViolations.includes(entry))
  expect(unknown).toEqual([])
})
