import type { ScrollSide } from './scrollSides.ts'

/** Which side leads: the one last pointed at, touched, scrolled with the wheel or typed in. */
export type Leader = 'editor' | 'preview'

/**
 * Keeps two scroll sides showing the same lines while `active()` holds (both on screen): when the
 * leading side scrolls, the other follows on the next frame; scroll events of the follower (its
 * own moves, made here) are ignored. Reaching the end of one reaches the end of the other.
 * `follow(leader)` makes `leader` lead and aligns the other at once (after a jump); `align()`
 * aligns the follower with whichever side leads (after the preview rendered); `alignedTopLine()`
 * is the line both showed at the top when they were last aligned.
 */
export function syncScroll(editor: ScrollSide, preview: ScrollSide, active: () => boolean): { follow(leader: Leader): void; align(): void; alignedTopLine(): number; destroy(): void } {
  let leader: Leader = 'editor'
  let frame = 0
  let topLine = 0
  const align = () => {
    frame = 0
    if (!active()) return
    const [from, to] = leader === 'editor' ? [editor, preview] : [preview, editor]
    topLine = from.topLine()
    if (from.atEnd() && topLine > 0) to.scrollToEnd()
    else to.scrollToLine(topLine)
  }
  const schedule = () => {
    if (frame === 0) frame = requestAnimationFrame(align)
  }
  const onScroll = (side: Leader) => () => side === leader && schedule()
  const lead = (side: Leader) => () => (leader = side)

  const leadEvents = ['pointerdown', 'pointerenter', 'wheel', 'touchstart', 'keydown', 'focusin'] as const
  const sides = [
    ['editor', editor],
    ['preview', preview],
  ] as const
  const cleanups: (() => void)[] = []
  for (const [name, side] of sides) {
    for (const type of leadEvents) {
      const listener = lead(name)
      side.area.addEventListener(type, listener, { passive: true })
      cleanups.push(() => side.area.removeEventListener(type, listener))
    }
  }
  for (const [name, side] of sides) {
    const listener = onScroll(name)
    side.scroller.addEventListener('scroll', listener, { passive: true })
    cleanups.push(() => side.scroller.removeEventListener('scroll', listener))
  }
  return {
    follow(side) {
      leader = side
      cancelAnimationFrame(frame)
      align()
    },
    align() {
      cancelAnimationFrame(frame)
      align()
    },
    alignedTopLine: () => topLine,
    destroy() {
      cancelAnimationFrame(frame)
      for (const cleanup of cleanups) cleanup()
    },
  }
}
