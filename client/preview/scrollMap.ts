/** A point where a source line and a height in the preview are known to meet. */
export interface Anchor {
  /** Source line, 0-based, fractional between lines. */
  line: number
  /** Height in the preview, in pixels from its top. */
  y: number
}

/**
 * Anchors for blocks that each show source lines `startLine`–`endLine` between heights `top` and
 * `bottom`: one at each edge of each block, plus the document's start and end. Made monotonic in
 * both line and height, so that {@link lineToY} and {@link yToLine} are inverse of each other.
 */
export function scrollAnchors(blocks: readonly { startLine: number; endLine: number; top: number; bottom: number }[], lineCount: number, height: number): Anchor[] {
  const anchors: Anchor[] = [{ line: 0, y: 0 }]
  const add = (line: number, y: number) => {
    const last = anchors[anchors.length - 1]
    anchors.push({ line: Math.max(last.line, line), y: Math.max(last.y, y) })
  }
  for (const block of blocks) {
    add(block.startLine, block.top)
    add(block.endLine, block.bottom)
  }
  add(lineCount, height)
  return anchors
}

/** The preview height that shows source line `line` (fractional), interpolated between anchors. */
export function lineToY(anchors: readonly Anchor[], line: number): number {
  return interpolate(anchors, line, (a) => a.line, (a) => a.y)
}

/** The source line (fractional) shown at preview height `y`, interpolated between anchors. */
export function yToLine(anchors: readonly Anchor[], y: number): number {
  return interpolate(anchors, y, (a) => a.y, (a) => a.line)
}

function interpolate(anchors: readonly Anchor[], x: number, from: (a: Anchor) => number, to: (a: Anchor) => number): number {
  if (anchors.length === 0) return 0
  if (x <= from(anchors[0])) return to(anchors[0])
  const last = anchors[anchors.length - 1]
  if (x >= from(last)) return to(last)
  // The last anchor at or before x (binary search), and the one after it.
  let lo = 0
  let hi = anchors.length - 1
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    if (from(anchors[mid]) <= x) lo = mid
    else hi = mid
  }
  const a = anchors[lo]
  const b = anchors[hi]
  const span = from(b) - from(a)
  return span === 0 ? to(a) : to(a) + ((x - from(a)) / span) * (to(b) - to(a))
}
