import type MarkdownIt from 'markdown-it'
import type Token from 'markdown-it/lib/token.mjs'

/**
 * One top-level block of a Markdown document (a paragraph, a heading, a whole list, a fence, a
 * table, an HTML block): source lines `startLine` (0-based) up to but not including `endLine`.
 */
export interface Block {
  startLine: number
  endLine: number
  /** The block's source text, line ends included. */
  source: string
}

/** A heading anywhere in the document: its level (1–6), its Markdown text and its 0-based line. */
export interface HeadingLine {
  level: number
  /** The heading's inline Markdown, as written (`Launch *plan*`). */
  markdown: string
  line: number
}

/** A document cut into its top-level blocks, with what rendering a block alone needs from the rest. */
export interface BlockSplit {
  blocks: Block[]
  headings: HeadingLine[]
  /** Link reference definitions (`[id]: url`) of the whole document, for rendering any block. */
  references: Record<string, unknown>
  /** Changes whenever `references` does; part of the cache key of blocks that may use them. */
  referencesKey: string
  lineCount: number
}

/**
 * Cuts `text` into top-level blocks with markdown-it's block parser (no inline parsing, about a
 * millisecond for 100k characters). Each block renders alone to exactly what it renders to inside
 * the whole document, given the document's `references`: markdown-it starts every top-level block
 * afresh at its first line. That is what lets the preview re-render only the blocks that changed.
 */
export function splitBlocks(md: MarkdownIt, text: string): BlockSplit {
  const src = text.includes('\r') || text.includes('\0') ? text.replace(/\r\n?/g, '\n').replace(/\0/g, '\uFFFD') : text
  const env: { references?: Record<string, unknown> } = {}
  const tokens: Token[] = []
  const state = new md.block.State(src, md, env, tokens)
  md.block.tokenize(state, state.line, state.lineMax)

  const lineStart = (line: number) => (line < state.lineMax ? state.bMarks[line] : src.length)
  const blocks: Block[] = []
  const headings: HeadingLine[] = []
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]
    if (token.type === 'heading_open' && token.map) {
      headings.push({ level: Number(token.tag.slice(1)), markdown: tokens[i + 1]?.content ?? '', line: token.map[0] })
    }
    if (token.level !== 0 || token.nesting === -1 || !token.map) continue
    const [startLine, endLine] = token.map
    blocks.push({ startLine, endLine, source: src.slice(lineStart(startLine), lineStart(endLine)) })
  }
  const references = env.references ?? {}
  const referencesKey = Object.keys(references).length === 0 ? '' : JSON.stringify(references)
  return { blocks, headings, references, referencesKey, lineCount: state.lineMax }
}

/**
 * The cache key of `block`: its source, plus the document's references when the block could use
 * them (it has a `[`), so a new or changed `[id]: url` elsewhere re-renders the links that cite it.
 */
export function blockKey(block: Block, split: BlockSplit): string {
  return split.referencesKey !== '' && block.source.includes('[') ? `${block.source}\u0000${split.referencesKey}` : block.source
}

/** Renders one block to (unsanitised) HTML, as it renders inside the whole document. */
export function renderBlock(md: MarkdownIt, block: Block, split: BlockSplit): string {
  return md.render(block.source, { references: split.references })
}
