import type { Page } from 'playwright-core'

/** Replaces the whole document with `text`, as one change of this page's person. */
export async function setDocText(page: Page, text: string): Promise<void> {
  await page.evaluate((value) => {
    const { session } = window.mergepad!
    session.doc.transact(() => {
      session.text.delete(0, session.text.length)
      session.text.insert(0, value)
    })
  }, text)
}

/** Waits until the preview shows every one of `parts` in its text. */
export async function waitForPreview(page: Page, ...parts: string[]): Promise<void> {
  await page.waitForFunction((wanted) => {
    const text = document.querySelector('[data-testid="preview"]')?.textContent ?? ''
    return wanted.every((part) => text.includes(part))
  }, parts, { timeout: 15_000 })
}

/** A long Markdown document: `sections` level-2 headings, each with a few paragraphs and a list. */
export function longDocument(sections: number): string {
  const parts = ['# A long document\n']
  for (let i = 1; i <= sections; i++) {
    parts.push(`## Section ${i}\n`)
    for (let p = 0; p < 3; p++) parts.push(`Paragraph ${p + 1} of section ${i}. ${'Words that wrap over a line or two in the editor and the preview alike. '.repeat(2)}\n`)
    parts.push(`- point ${i}.1\n- point ${i}.2\n`)
  }
  return parts.join('\n')
}

/** The page's scroll offset and the preview pane's, in pixels. */
export function scrollOffsets(page: Page): Promise<{ window: number; preview: number }> {
  return page.evaluate(() => ({ window: window.scrollY, preview: document.querySelector('[data-testid="preview-pane"]')!.scrollTop }))
}

/**
 * The text of the first preview block whose top is at or below the preview pane's top edge, and of
 * the first editor line at or below the bottom of the sticky header: what each side shows first.
 */
export function firstVisible(page: Page): Promise<{ editor: string; preview: string }> {
  return page.evaluate(() => {
    const header = Math.max(...[...document.querySelectorAll('.topbar, .view-bar')].map((el) => el.getBoundingClientRect().bottom))
    const pane = document.querySelector('[data-testid="preview-pane"]')!
    const paneTop = pane.getBoundingClientRect().top
    const top = Math.max(paneTop, header)
    const block = [...pane.querySelectorAll('.md-block')].find((el) => el.getBoundingClientRect().top >= top - 2)
    const line = [...document.querySelectorAll('.cm-line')].find((el) => el.getBoundingClientRect().top >= header - 2)
    return { editor: line?.textContent ?? '', preview: block?.textContent?.trim() ?? '' }
  })
}

/**
 * Scrolls the page until the editor line whose text is `line` has its top at `y` (viewport pixels),
 * re-aiming as CodeMirror measures lines it had only estimated until they came into view.
 */
export async function scrollEditorLineTo(page: Page, line: string, y: number): Promise<void> {
  // Lines the parser has not reached yet change height once it styles them, moving the rest.
  await page.waitForFunction(() => window.mergepad!.parsed(), null, { polling: 'raf', timeout: 15_000 })
  await page.evaluate(() => void ((window as unknown as { lineSettledFrames?: number }).lineSettledFrames = 0))
  await page.waitForFunction(
    ({ line, y }) => {
      const { view } = window.mergepad!
      const pos = view.state.doc.toString().indexOf(`${line}\n`)
      const el = [...document.querySelectorAll('.cm-line')].find((l) => l.textContent === line)
      const top = el ? el.getBoundingClientRect().top : view.lineBlockAt(pos).top + view.documentTop
      // Settled only once it stays there for a frame: CodeMirror lays out lines it had estimated
      // in its own frame after a scroll, which can move the line again.
      const w = window as unknown as { lineSettledFrames?: number }
      if (Math.abs(top - y) < 1) return (w.lineSettledFrames = (w.lineSettledFrames ?? 0) + 1) >= 2
      w.lineSettledFrames = 0
      window.scrollBy({ top: top - y })
      return false
    },
    { line, y },
    { polling: 'raf', timeout: 15_000 },
  )
}
