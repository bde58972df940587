import type MarkdownIt from 'markdown-it'
import { h } from '../ui/h.ts'
import { BlockPreview, type ShownBlock } from './blockPreview.ts'
import type { BlockSplit } from './blocks.ts'

/** How long a hidden preview waits after the last change before it catches up (for printing). */
const hiddenDelayMs = 500
/** A render at most this long (ms) runs in the task of the change; a longer one waits for a frame. */
const inlineRenderMs = 4

/** The live preview of the document beside (or instead of) the text. */
export interface PreviewPane {
  /** The pane: a labelled region holding the rendered document. */
  readonly element: HTMLElement
  /** The rendered document (`<article>`), one `.md-block` per top-level block. */
  readonly article: HTMLElement
  readonly blocks: readonly ShownBlock[]
  /** Says whether the pane is on screen: shown, it renders on the next frame after a change. */
  setShown(shown: boolean): void
  /** The document changed (anyone's edit): render soon. */
  changed(): void
  /** Renders now if anything changed since the last render. */
  flush(): void
  /**
   * Calls `listener` after each render that changed the page, with the first source line whose
   * block changed (blocks above it did not move). Returns the unsubscribe.
   */
  onRender(listener: (changedFrom: number) => void): () => void
  destroy(): void
}

/**
 * A preview that renders `current()` (the document cut into blocks) with `md`, re-rendering only
 * changed blocks (see `BlockPreview`). On screen it catches up right after a change (in the same
 * task, when the last render took at most a few milliseconds) or on the next animation frame
 * (when it took longer, merging the changes of that frame); hidden, it catches up once changes
 * pause, and at once before printing, so a printout is never stale.
 */
export function previewPane(md: MarkdownIt, current: () => BlockSplit, label: string): PreviewPane {
  const article = h('article', { class: 'preview', 'data-testid': 'preview', 'aria-label': label })
  const element = h('section', { class: 'preview-pane', 'data-testid': 'preview-pane', 'aria-label': 'Preview', tabindex: '0' }, article)
  const blocks = new BlockPreview(md, article, 'Nothing to preview yet. What you write appears here, formatted.')
  const listeners = new Set<(changedFrom: number) => void>()
  let shown = false
  let dirty = true
  let frame = 0
  let queued = false
  let lastCost = Infinity
  let timer: ReturnType<typeof setTimeout> | undefined

  const flush = () => {
    cancelAnimationFrame(frame)
    clearTimeout(timer)
    frame = 0
    queued = false
    if (!dirty) return
    dirty = false
    const started = performance.now()
    const { changedFrom } = blocks.show(current())
    if (changedFrom !== null) for (const listener of listeners) listener(changedFrom)
    lastCost = performance.now() - started
  }
  const changed = () => {
    dirty = true
    if (shown) {
      // Cheap renders (one changed block) follow the change at once, so the preview is never a
      // frame behind the text; costly ones wait for the next frame, which also merges changes.
      if (lastCost <= inlineRenderMs) {
        if (!queued) queueMicrotask(flush)
        queued = true
      } else if (frame === 0) frame = requestAnimationFrame(flush)
    } else {
      clearTimeout(timer)
      timer = setTimeout(flush, hiddenDelayMs)
    }
  }
  // In-page links (`#section`) would change the address and reload the page; scroll instead.
  const onClick = (event: MouseEvent) => {
    const link = (event.target as Element).closest?.('a[href^="#"]')
    if (!link) return
    event.preventDefault()
    const id = decodeURIComponent(link.getAttribute('href')!.slice(1))
    article.querySelector(`[id="user-content-${CSS.escape(id)}"]`)?.scrollIntoView({ block: 'start' })
  }
  article.addEventListener('click', onClick)
  window.addEventListener('beforeprint', flush)

  return {
    element,
    article,
    get blocks() {
      return blocks.blocks
    },
    setShown(next) {
      shown = next
      if (shown) flush()
    },
    changed,
    flush,
    onRender(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    destroy() {
      cancelAnimationFrame(frame)
      clearTimeout(timer)
      window.removeEventListener('beforeprint', flush)
      listeners.clear()
    },
  }
}
