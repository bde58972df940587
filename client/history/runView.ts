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

/** Lines per `history-chunk`, the unit laid out or skipped as a whole. */
const chunkLines = 32

/**
 * Shows comparisons of `runs` in `target` as `renderSegments` would, one block element per line
 * (`history-line`) in blocks of about {@link chunkLines} lines (`history-chunk`, laid out only when
 * scrolled into view: `content-visibility: auto`; a box per line made styling and laying out a
 * thousand lines cost as much as the rest of the panel), and keeps the lines between calls: a line
 * whose text and colouring did not change keeps its element and its place, and only lines that
 * changed are drawn, inserted or removed. Scrubbing from one version to the next touches the lines
 * that changed between them, not the whole text.
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
      placeLines(target, nodes.slice(head, keys.length - tail), middle, nodes[head - 1] ?? null, nodes[keys.length - tail] ?? null)
      nodes = [...nodes.slice(0, head), ...middle, ...nodes.slice(keys.length - tail)]
      keys = lines.map((line) => line.key)
    },
    use(newRuns, newNames) {
      runs = newRuns
      names = newNames
    },
  }
}

/**
 * Replaces lines `old` (in `target`'s chunks, between line `before` and line `after`, either null at
 * an end) with `lines`, some of which may be among `old`. A kept line already in place is left alone
 * (moving it would lay it out again); new ones go beside their neighbours, into their chunk, and a
 * chunk grown past twice {@link chunkLines} is split, an emptied one removed.
 */
function placeLines(target: HTMLElement, old: readonly HTMLElement[], lines: readonly HTMLElement[], before: HTMLElement | null, after: HTMLElement | null): void {
  const touched = new Set<HTMLElement>()
  const detach = (line: HTMLElement) => {
    if (line.parentElement) touched.add(line.parentElement)
    line.remove()
  }
  const staying = new Set(lines)
  for (const line of old) if (!staying.has(line)) detach(line)
  const inOrder = old.filter((line) => staying.has(line))
  const placed = new Set<HTMLElement>()
  let next = 0
  let previous = before
  for (const line of lines) {
    while (next < inOrder.length && placed.has(inOrder[next])) next++
    if (line === inOrder[next]) next++
    else {
      if (line.isConnected) detach(line)
      const following = inOrder[next] ?? after
      if (previous) previous.after(line)
      else if (following) following.before(line)
      else target.append(newChunk(line))
      touched.add(line.parentElement!)
    }
    placed.add(line)
    previous = line
  }
  for (const chunk of touched) {
    if (chunk.childElementCount === 0) chunk.remove()
    else if (chunk.childElementCount > 2 * chunkLines) {
      const moved = [...chunk.children].slice(chunkLines)
      let last = chunk
      for (let i = 0; i < moved.length; i += chunkLines) {
        const next = newChunk(...moved.slice(i, i + chunkLines))
        last.after(next)
        last = next
      }
    }
  }
}

function newChunk(...lines: Element[]): HTMLElement {
  const chunk = document.createElement('div')
  chunk.className = 'history-chunk'
  chunk.append(...lines)
  return chunk
}
