import { type RunTable, type Segment, compareAt } from '../../shared/history/runTable.ts'
import { segmentNode } from './historyText.ts'

/** Shows comparisons of one run table; see {@link runView}. */
export interface RunView {
  /** Shows the text after change `to` compared with after change `from` (as `compareAt` would). */
  show(from: number, to: number): void
  /**
   * Takes the run table and author names of a newer bundle of the same document. What is on screen
   * stays until the next {@link show}, which replaces only the lines that read or are tinted
   * differently, as when scrubbing: reading the history again does not redraw the whole text.
   */
  use(runs: RunTable, names: readonly string[]): void
}

/** One line of a comparison (its newline included) and the key it is drawn under. */
interface Line {
  key: string
  segments: Segment[]
}

/**
 * The comparison `segments` cut into lines after each newline; a segment that spans lines is cut
 * too. Keys name authors, not their indexes, which another bundle may number differently.
 */
function linesOf(segments: readonly Segment[], names: readonly string[]): Line[] {
  const lines: Line[] = []
  let current: Segment[] = []
  const end = () => {
    lines.push({ key: current.map((s) => `${s.kind[0]}${s.kind === 'same' ? '' : names[s.by]}:${s.text}`).join('\u0000'), segments: current })
    current = []
  }
  for (const segment of segments) {
    let from = 0
    for (let nl = segment.text.indexOf('\n'); nl >= 0; nl = segment.text.indexOf('\n', from)) {
      current.push({ ...segment, text: segment.text.slice(from, nl + 1) })
      end()
      from = nl + 1
    }
    if (from < segment.text.length) current.push({ ...segment, text: segment.text.slice(from) })
  }
  if (current.length > 0) end()
  return lines
}

/**
 * Shows comparisons of `runs` in `target` as `renderSegments` would, one block element per line
 * (`history-line`, laid out only when scrolled into view: `content-visibility: auto`), and keeps the
 * lines between calls: a line whose text and colouring did not change keeps its element and its
 * place, and only lines that changed are drawn, inserted or removed. Scrubbing from one version to
 * the next touches the lines that changed between them, not the whole text.
 */
export function runView(target: HTMLElement, runs: RunTable, names: readonly string[]): RunView {
  let keys: string[] = []
  let nodes: HTMLElement[] = []
  target.replaceChildren()
  const draw = (line: Line) => {
    const div = document.createElement('div')
    div.className = 'history-line'
    div.append(...line.segments.map((segment) => segmentNode(segment, names)))
    return div
  }
  return {
    show(from, to) {
      const lines = linesOf(compareAt(runs, from, to), names)
      let head = 0
      while (head < lines.length && head < keys.length && lines[head].key === keys[head]) head++
      let tail = 0
      while (tail < lines.length - head && tail < keys.length - head && lines[lines.length - 1 - tail].key === keys[keys.length - 1 - tail]) tail++
      // Stacked last first, so equal lines (blank ones) are taken in the order they stand.
      const kept = new Map<string, HTMLElement[]>()
      for (let i = keys.length - tail - 1; i >= head; i--) {
        const same = kept.get(keys[i])
        if (same) same.push(nodes[i])
        else kept.set(keys[i], [nodes[i]])
      }
      const middle = lines.slice(head, lines.length - tail).map((line) => kept.get(line.key)?.pop() ?? draw(line))
      const reused = new Set(middle)
      for (let i = head; i < keys.length - tail; i++) if (!reused.has(nodes[i])) nodes[i].remove()
      // A kept line already in place is left alone: moving it would lay it out again.
      let at = head > 0 ? nodes[head - 1].nextSibling : target.firstChild
      for (const node of middle) {
        if (node === at) at = node.nextSibling
        else target.insertBefore(node, at)
      }
      nodes = [...nodes.slice(0, head), ...middle, ...nodes.slice(keys.length - tail)]
      keys = lines.map((line) => line.key)
    },
    use(newRuns, newNames) {
      runs = newRuns
      names = newNames
    },
  }
}
