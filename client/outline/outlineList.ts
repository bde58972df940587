import { h } from '../ui/h.ts'
import type { OutlineEntry } from './headings.ts'

/**
 * A document's headings as a list of buttons, indented by depth (`data-depth`), each jumping to its
 * heading with `onJump(line)`. `show` redraws only when the headings changed; `setCurrent` marks
 * the section that holds `line` (`aria-current`), the last heading at or above it.
 */
export function outlineList(onJump: (line: number) => void): { element: HTMLElement; show(entries: readonly OutlineEntry[]): void; setCurrent(line: number | null): void } {
  const list = h('ol', { class: 'outline-list', 'data-testid': 'outline-list' })
  const empty = h('p', { class: 'outline-empty' }, 'No headings yet. Lines that start with # appear here.')
  const element = h('div', { class: 'outline' }, empty, list)
  let lines: number[] = []
  let drawn = ''
  let current: HTMLElement | null = null

  return {
    element,
    show(entries) {
      const signature = JSON.stringify(entries)
      if (signature === drawn) return
      drawn = signature
      current = null
      lines = entries.map((e) => e.line)
      list.replaceChildren(
        ...entries.map((entry) =>
          h('li', { 'data-depth': Math.min(entry.depth, 5) },
            h('button', { class: 'outline-item', type: 'button', 'data-line': entry.line, onclick: () => onJump(entry.line) }, entry.text),
          ),
        ),
      )
      empty.hidden = entries.length > 0
      list.hidden = entries.length === 0
    },
    setCurrent(line) {
      let index = -1
      if (line !== null) for (let i = 0; i < lines.length && lines[i] <= line + 0.5; i++) index = i
      const next = index < 0 ? null : (list.children[index]?.firstElementChild as HTMLElement | null)
      if (next === current) return
      current?.removeAttribute('aria-current')
      next?.setAttribute('aria-current', 'location')
      current = next
    },
  }
}
