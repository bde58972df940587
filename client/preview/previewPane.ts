import type MarkdownIt from 'markdown-it'
import { h } from '../ui/h.ts'
import { BlockPreview, type ShownBlock } from './blockPreview.ts'
import type { BlockSplit } from './blocks.ts'

/** How long a hidden preview waits after the last change before it catches up (for printing). */
const hiddenDelayMs = 500

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
  /** Calls `listener` after each render that changed the page. Returns the unsubscribe. */
  onRender(listener: () => void): () => void
  destroy(): void
}

/**
 * A preview that renders `current()` (the document cut into blocks) with `md`, re-rendering only
 * changed blocks (see `BlockPreview`). On screen it catches up on the next animation frame after a
 * change, so several keystrokes or remote updates in one frame render once; hidden, it catches up
 * once changes pause, and at once before printing, so a printout is never stale.
 */
export function previewPane(md: MarkdownIt, current: () => BlockSplit, label: string): PreviewPane {
  const article = h('article', { class: 'preview', 'data-testid': 'preview', 'aria-label': label })
  const element = h('section', { class: 'preview-pane', 'data-testid': 'preview-pane', 'aria-label': 'Preview', tabindex: '0' }, article)
  const blocks = new BlockPreview(md, article, 'Nothing to preview yet. What you write appears here, formatted.')
  const listeners = new Set<() => void>()
  let shown = false
  let dirty = true
  let frame = 0
  let timer: ReturnType<typeof setTimeout> | undefined

  const flush = () => {
    cancelAnimationFrame(frame)
    clearTimeout(timer)
    frame = 0
    if (!dirty) return
    dirty = false
    blocks.show(current())
    for (const listener of listeners) listener()
  }
  const changed = () => {
    dirty = true
    if (shown) {
      if (frame === 0) frame = requestAnimationFrame(flush)
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
