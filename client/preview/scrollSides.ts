import { EditorView } from '@codemirror/view'
import type { ShownBlock } from './blockPreview.ts'
import { lineToY, scrollAnchors, yToLine } from './scrollMap.ts'

/** One of two views of the same lines that can follow each other's scrolling. */
export interface ScrollSide {
  /** The source line (0-based, fractional) at the top of what is visible. */
  topLine(): number
  /** Scrolls so that source line `line` is at the top of what is visible. */
  scrollToLine(line: number): void
  /** Whether it is scrolled as far down as it goes. */
  atEnd(): boolean
  scrollToEnd(): void
  /** What fires `scroll` when this side moves while both sides are on screen. */
  readonly scroller: HTMLElement | Window
  /** The element a person points at, touches or types in to lead. */
  readonly area: HTMLElement
}

const windowAtEnd = () => window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2

/**
 * The editor as a scroll side. The page scrolls it (the editor grows with its text), and what is
 * visible starts below the sticky header, whose bottom edge `headerBottom` gives in viewport pixels
 * (the editor's scroll margins must say the same, so that scrolling to a line puts it there).
 */
export function editorScrollSide(view: EditorView, area: HTMLElement, headerBottom: () => number): ScrollSide {
  return {
    scroller: window,
    area,
    topLine() {
      const top = headerBottom()
      const y = top - view.documentTop
      if (y <= 0) return 0
      // From the lines on screen where it can: just after a scroll CodeMirror's height map may
      // already hold heights the page does not show yet, and put the top a line off.
      const shown = lineAtScreenY(view, top)
      if (shown !== null) return shown
      const block = view.lineBlockAtHeight(y)
      const line = view.state.doc.lineAt(block.from).number - 1
      return line + (block.height > 0 ? Math.min(1, Math.max(0, (y - block.top) / block.height)) : 0)
    },
    scrollToLine(line) {
      // CodeMirror's own scrolling re-aims once it has measured lines it had only estimated.
      const doc = view.state.doc
      const target = doc.line(Math.min(doc.lines, Math.max(1, Math.floor(line) + 1)))
      const pos = target.from + Math.round(Math.min(1, Math.max(0, line - (target.number - 1))) * target.length)
      view.dispatch({ effects: EditorView.scrollIntoView(pos, { y: 'start', yMargin: 0 }) })
    },
    atEnd: windowAtEnd,
    scrollToEnd: () => window.scrollTo({ top: document.documentElement.scrollHeight }),
  }
}

/**
 * The source line (0-based, fractional) that the editor's rendered line at viewport height `y`
 * shows, read from the page; null when no rendered line spans `y`.
 */
function lineAtScreenY(view: EditorView, y: number): number | null {
  for (const element of view.contentDOM.children) {
    if (!element.classList.contains('cm-line')) continue
    const rect = element.getBoundingClientRect()
    if (rect.bottom <= y) continue
    if (rect.top > y) return null
    const line = view.state.doc.lineAt(view.posAtDOM(element)).number - 1
    return line + (rect.height > 0 ? Math.min(1, (y - rect.top) / rect.height) : 0)
  }
  return null
}

/**
 * The preview as a scroll side: `pane` scrolls itself when it has its own scroll bar (beside the
 * text) and the page scrolls it otherwise (phones), below `headerBottom`. Lines map to heights
 * through the rendered blocks (see `scrollAnchors`), measured from the top of `article`.
 */
export function previewScrollSide(pane: HTMLElement, article: HTMLElement, blocks: () => readonly ShownBlock[], lineCount: () => number, headerBottom: () => number): ScrollSide {
  const ownScroll = () => getComputedStyle(pane).overflowY !== 'visible'
  const anchors = () => {
    const origin = article.getBoundingClientRect().top
    const measured = blocks().map((b) => {
      const rect = b.element.getBoundingClientRect()
      return { startLine: b.startLine, endLine: b.endLine, top: rect.top - origin, bottom: rect.bottom - origin }
    })
    return scrollAnchors(measured, lineCount(), article.scrollHeight)
  }
  // Where the visible area starts, in pixels below the article's top.
  const visibleTop = () => (ownScroll() ? pane.getBoundingClientRect().top : headerBottom()) - article.getBoundingClientRect().top
  return {
    scroller: pane,
    area: pane,
    topLine: () => yToLine(anchors(), visibleTop()),
    scrollToLine(line) {
      const by = lineToY(anchors(), line) - visibleTop()
      if (ownScroll()) pane.scrollTop += by
      else window.scrollBy({ top: by })
    },
    atEnd: () => (ownScroll() ? pane.scrollTop + pane.clientHeight >= pane.scrollHeight - 2 : windowAtEnd()),
    scrollToEnd: () => (ownScroll() ? (pane.scrollTop = pane.scrollHeight) : window.scrollTo({ top: document.documentElement.scrollHeight })),
  }
}
