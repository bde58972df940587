import type MarkdownIt from 'markdown-it'
import { splitBlocks, type BlockSplit } from './blocks.ts'

/**
 * The current document cut into blocks, cut again only when asked after a change: the preview and
 * the outline both read it in the same frame, and the document is parsed once.
 */
export function liveSplit(md: MarkdownIt, read: () => string): { invalidate(): void; current(): BlockSplit } {
  let split: BlockSplit | null = null
  return {
    invalidate: () => (split = null),
    current: () => (split ??= splitBlocks(md, read())),
  }
}
