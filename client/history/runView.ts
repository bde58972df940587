import type { RunTable, Segment } from '../../shared/history/runTable.ts'
import { segmentNode } from './historyText.ts'

/** Runs per block: the unit {@link runView} rebuilds when its look changes. */
const runsPerBlock = 64

const hidden = 0
const kinds: Segment['kind'][] = ['same', 'same', 'added', 'removed']

/** Shows comparisons of one run table; see {@link runView}. */
export interface RunView {
  /** Shows the text after change `to` compared with after change `from` (as `compareAt` would). */
  show(from: number, to: number): void
}

/**
 * Shows comparisons of `runs` in `target` as `renderSegments` would, but keeps the elements between
 * calls: the runs are cut into blocks of {@link runsPerBlock}, each an inline `span`, and a call
 * rebuilds only the blocks where some run's look (hidden, unchanged, added, removed) changed. Going
 * from one version to the next touches the few blocks that changed between them, not the whole
 * text. A stretch that crosses a block's edge is split in two elements there.
 */
export function runView(target: HTMLElement, runs: RunTable, names: readonly string[]): RunView {
  const offsets = new Uint32Array(runs.count + 1)
  for (let i = 0; i < runs.count; i++) offsets[i + 1] = offsets[i] + runs.len[i]
  const blockCount = Math.ceil(runs.count / runsPerBlock)
  const blocks = Array.from({ length: blockCount }, () => document.createElement('span'))
  const looks = new Uint8Array(runs.count)
  let drawn = false
  target.replaceChildren(...blocks)

  const draw = (block: number) => {
    const segments: Segment[] = []
    for (let i = block * runsPerBlock; i < Math.min(runs.count, (block + 1) * runsPerBlock); i++) {
      if (looks[i] === hidden) continue
      const kind = kinds[looks[i]]
      const by = kind === 'same' ? 0 : kind === 'added' ? runs.insBy[i] : runs.delBy[i]
      const text = runs.chars.slice(offsets[i], offsets[i + 1])
      const last = segments.at(-1)
      if (last && last.kind === kind && last.by === by) last.text += text
      else segments.push({ text, kind, by })
    }
    blocks[block].replaceChildren(...segments.map((segment) => segmentNode(segment, names)))
  }

  return {
    show(from, to) {
      for (let block = 0; block < blockCount; block++) {
        let changed = !drawn
        for (let i = block * runsPerBlock; i < Math.min(runs.count, (block + 1) * runsPerBlock); i++) {
          const was = runs.ins[i] <= from && from < runs.del[i]
          const is = runs.ins[i] <= to && to < runs.del[i]
          const look = was && is ? 1 : is ? 2 : was ? 3 : hidden
          if (look !== looks[i]) (looks[i] = look), (changed = true)
        }
        if (changed) draw(block)
      }
      drawn = true
    },
  }
}
