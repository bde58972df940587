import { createRequire } from 'node:module'
import fs from 'node:fs'
import type { Page } from 'playwright-core'

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** One accessibility rule broken on a page, as axe-core reports it. */
export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  /** CSS selectors of the offending elements, with axe's summary of each. */
  nodes: { target: string; summary: string }[]
}

/**
 * Runs axe-core (WCAG 2.0/2.1/2.2 A and AA rules, and axe's best practices) on what `page` shows
 * now and returns the violations. axe is evaluated through the debugging protocol, so a page's
 * Content-Security-Policy does not stand in its way. A fade blends an element's colours with what
 * lies behind it, and axe would measure a contrast nobody reads for more than a moment (a caret's
 * name label fading in or out, which can start while axe runs). So the page is measured as someone
 * who asked for less motion sees it (fades the app honours that way end at once), and once no other
 * CSS transition is under way (or after 10 s).
 */
export async function axeViolations(page: Page, { include }: { include?: string } = {}): Promise<AxeViolation[]> {
  await page.emulateMedia({ reducedMotion: 'reduce' })
  try {
    await page
      .waitForFunction(() => document.getAnimations().every((animation) => !(animation instanceof CSSTransition) || animation.playState !== 'running'), null, { timeout: 10_000 })
      .catch(() => {})
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource)
    return await runAxe(page, include)
  } finally {
    await page.emulateMedia({ reducedMotion: null })
  }
}

function runAxe(page: Page, include: string | undefined): Promise<AxeViolation[]> {
  return page.evaluate(async (context) => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[]; failureSummary?: string }[] }[] }> } }).axe
    const result = await axe.run(context ?? document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] }, resultTypes: ['violations'] })
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary ?? '' })) }))
  }, include ?? null)
}

/** The serious and critical ones of `violations`: the ones that must be zero. */
export function seriousOrCritical(violations: AxeViolation[]): AxeViolation[] {
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

/** A readable list of `violations`, for a failing assertion's message or a report. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target}\n      ${n.summary.replace(/\n/g, '\n      ')}`).join('\n')}`).join('\n')
}
