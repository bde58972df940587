import type { Segment } from '../../shared/history/runTable.ts'
import { h } from '../ui/h.ts'
import { authorColor, authorLabel } from './authorColors.ts'

/**
 * Fills `target` with `segments` as the History panel shows them: unchanged text plain, text added
 * since the point before tinted with its author's colour, removed text struck through in the colour
 * of whoever removed it. Each tinted stretch names its author in `title` and `data-author`.
 */
export function renderSegments(target: HTMLElement | DocumentFragment, segments: readonly Segment[], names: readonly string[]): void {
  const fragment = document.createDocumentFragment()
  for (const segment of segments) fragment.append(segmentNode(segment, names))
  target.replaceChildren(fragment)
}

/** One segment as {@link renderSegments} shows it: a text node, or an `ins` or `del` naming its author. */
export function segmentNode(segment: Segment, names: readonly string[]): Node {
  if (segment.kind === 'same') return document.createTextNode(segment.text)
  const name = names[segment.by] ?? ''
  const color = authorColor(name)
  const verb = segment.kind === 'added' ? 'written' : 'deleted'
  return h(
    segment.kind === 'added' ? 'ins' : 'del',
    {
      class: `history-${segment.kind}`,
      'data-author': name,
      title: `${verb} by ${authorLabel(name)}`,
      style: segment.kind === 'added' ? `background:${color}2e;box-shadow:inset 0 -2px ${color}` : `color:${color};text-decoration-color:${color}`,
    },
    segment.text,
  )
}
