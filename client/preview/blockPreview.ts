import type MarkdownIt from 'markdown-it'
import { blockKey, renderBlock, type BlockSplit } from './blocks.ts'
import { sanitizeHtml } from './sanitize.ts'

/** A rendered block on screen: its element and the source lines it shows (0-based, end excluded). */
export interface ShownBlock {
  key: string
  startLine: number
  endLine: number
  element: HTMLElement
}

/**
 * The rendered document inside `container`, one `<div class="md-block">` per top-level block.
 * `show(split)` brings it up to date by rendering only blocks whose source (or the references they
 * may cite) changed: blocks equal at the start and end are kept as they are, blocks in between are
 * reused when their key matches one that went away (moved text, undo) and rendered otherwise. A
 * keystroke in a 100k-character document renders one block.
 */
export class BlockPreview {
  private shown: ShownBlock[] = []
  private readonly empty: HTMLElement

  constructor(
    private readonly md: MarkdownIt,
    readonly container: HTMLElement,
    emptyText: string,
  ) {
    this.empty = document.createElement('p')
    this.empty.className = 'preview-empty'
    this.empty.textContent = emptyText
    container.append(this.empty)
  }

  /** The blocks on screen, in document order. */
  get blocks(): readonly ShownBlock[] {
    return this.shown
  }

  /**
   * Shows `split`. Returns how many blocks were rendered anew, and the first source line whose
   * block changed or moved (`null` when nothing did): nothing above it moved on screen.
   */
  show(split: BlockSplit): { rendered: number; changedFrom: number | null } {
    const next = split.blocks.map((block) => ({ block, key: blockKey(block, split) }))
    const old = this.shown
    let head = 0
    while (head < old.length && head < next.length && old[head].key === next[head].key) head++
    let tail = 0
    while (tail < old.length - head && tail < next.length - head && old[old.length - 1 - tail].key === next[next.length - 1 - tail].key) tail++

    const spare = new Map<string, HTMLElement[]>()
    for (const gone of old.slice(head, old.length - tail)) {
      const list = spare.get(gone.key) ?? []
      list.push(gone.element)
      spare.set(gone.key, list)
    }
    const anchor = tail > 0 ? old[old.length - tail].element : null
    let rendered = 0
    const middle = next.slice(head, next.length - tail).map(({ block, key }) => {
      let element = spare.get(key)?.pop()
      if (!element) {
        element = document.createElement('div')
        element.className = 'md-block'
        element.append(sanitizeHtml(renderBlock(this.md, block, split)))
        rendered++
      }
      this.container.insertBefore(element, anchor)
      return element
    })
    for (const list of spare.values()) for (const element of list) element.remove()

    const elements = [...old.slice(0, head).map((s) => s.element), ...middle, ...old.slice(old.length - tail).map((s) => s.element)]
    this.shown = next.map(({ block, key }, i) => ({ key, startLine: block.startLine, endLine: block.endLine, element: elements[i] }))
    this.empty.hidden = this.shown.length > 0
    const same = head === old.length && head === next.length
    return { rendered, changedFrom: same ? null : head < next.length ? next[head].block.startLine : split.lineCount }
  }
}
