import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { openDoc, type, waitForConnection, waitForText, type Person } from '../helpers/browser.ts'
import { axeViolations, describeViolations, seriousOrCritical, type AxeViolation } from '../helpers/axe.ts'
import { browserSuite } from '../helpers/browserSuite.ts'
import { setDocText, waitForPreview } from '../helpers/writing.ts'

const suite = browserSuite()

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
  const p = await suite.person({ name, viewport })
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
    await ada.page.goto(suite.relay.httpUrl)
    await ada.page.click('[data-testid="theme-button"]')
    await expectNoSeriousViolations(ada.page, 'home')
    await ada.page.goto(`${suite.relay.httpUrl}/nowhere`)
    await expectNoSeriousViolations(ada.page, 'not found')
  })

  it('in the editor with two people, the preview, the outline, find and the share menu open', async () => {
    const ada = await person('Ada Lovelace', scheme)
    const ben = await person('Ben Franklin', scheme)
    await openDoc(ada.page, suite.relay.httpUrl, `axe-editor-${scheme}`)
    await openDoc(ben.page, suite.relay.httpUrl, `axe-editor-${scheme}`)
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
  }, 120_000)

  it('on a phone, writing and previewing, with the outline menu open', async () => {
    const ada = await person('Ada Lovelace', scheme, phone)
    await openDoc(ada.page, suite.relay.httpUrl, `axe-phone-${scheme}`)
    await setDocText(ada.page, richDocument)
    await waitForText(ada.page, 'mergepad rollback')
    await expectNoSeriousViolations(ada.page, 'phone, writing')
    await ada.page.click('[data-testid="show-preview"]')
    await waitForPreview(ada.page, 'mergepad rollback')
    await ada.page.click('[data-testid="outline-menu"]')
    await expectNoSeriousViolations(ada.page, 'phone, preview and outline menu')
  })
})

/** Runs axe and fails with its whole report when it finds anything at all, of any impact. */
async function expectNoViolations(page: Page, where: string): Promise<void> {
  const violations = await axeViolations(page)
  expect(violations, `${where}:\n${describeViolations(violations)}`).toEqual([])
}

/** Plays the three-way split step by step until all three replicas are offline and differ. */
async function playToDivergence(page: Page): Promise<void> {
  await page.check('[data-testid="step-by-step"]')
  await page.click('[data-testid="scenario-three-way"]')
  for (let step = 1; step < 4; step++) {
    await page.waitForSelector('[data-testid="next-step"]:not([disabled])', { timeout: 15_000 })
    await page.click('[data-testid="next-step"]')
  }
  await page.waitForSelector('[data-testid="convergence"][data-state="diverged"]', { timeout: 15_000 })
  await page.waitForSelector('[data-replica="Carol"][data-link="offline"]')
}

describe.each(schemes)('axe-core finds nothing at all on /demo (%s theme)', (scheme) => {
  it('on a laptop: on load, with the replicas diverged, and after the heal with the comparison', async () => {
    const visitor = await person('Visitor', scheme)
    await visitor.page.goto(`${suite.relay.httpUrl}/demo?pace=fast`)
    await visitor.page.waitForSelector('[data-testid="convergence"][data-state="converged"]', { timeout: 20_000 })
    expect(await visitor.page.evaluate(() => document.documentElement.dataset.theme)).toBe(scheme)
    await expectNoViolations(visitor.page, 'demo on load')
    await playToDivergence(visitor.page)
    await expectNoViolations(visitor.page, 'demo, replicas diverged')
    await visitor.page.uncheck('[data-testid="step-by-step"]')
    await visitor.page.waitForSelector('[data-testid="stage"][data-state="done"]', { timeout: 15_000 })
    await visitor.page.waitForSelector('[data-testid="convergence"][data-state="converged"]')
    await visitor.page.waitForSelector('.outcome-lost')
    await expectNoViolations(visitor.page, 'demo after the heal, with the comparison')
  })

  it('on a phone: the ideas to swipe, and the replica pills in the stage', async () => {
    const visitor = await person('Visitor', scheme, phone)
    await visitor.page.goto(`${suite.relay.httpUrl}/demo?pace=fast`)
    await visitor.page.waitForSelector('[data-testid="convergence"][data-state="converged"]', { timeout: 20_000 })
    await expectNoViolations(visitor.page, 'demo on a phone')
    await playToDivergence(visitor.page)
    expect(await visitor.page.isVisible('.replica-pill[data-who="Alice"]')).toBe(true)
    await expectNoViolations(visitor.page, 'demo on a phone, replicas diverged')
  })
})
