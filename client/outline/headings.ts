import type MarkdownIt from 'markdown-it'
import type { HeadingLine } from '../preview/blocks.ts'

/** A heading as the outline lists it: plain words, its depth below the shallowest heading, its line. */
export interface OutlineEntry {
  text: string
  /** 0 for the shallowest level in the document, 1 for the next, and so on. */
  depth: number
  /** 0-based source line. */
  line: number
}

/**
 * The outline of a document from its headings: each heading's inline Markdown becomes the words a
 * reader sees (`Launch *plan*` → `Launch plan`), and levels become depths counted from the
 * shallowest level present, so a document that starts at `##` is not indented. `cache` keeps the
 * words of headings already seen.
 */
export function outlineEntries(md: MarkdownIt, headings: readonly HeadingLine[], cache = new Map<string, string>()): OutlineEntry[] {
  const top = Math.min(...headings.map((h) => h.level))
  return headings.map(({ level, markdown, line }) => {
    let text = cache.get(markdown)
    if (text === undefined) {
      text = plainText(md, markdown)
      cache.set(markdown, text)
    }
    return { text, depth: level - top, line }
  })
}

function plainText(md: MarkdownIt, markdown: string): string {
  const children = md.parseInline(markdown, {})[0]?.children ?? []
  const words = children
    .filter((t) => t.type === 'text' || t.type === 'code_inline' || t.type === 'image' || t.type === 'softbreak')
    .map((t) => (t.type === 'softbreak' ? ' ' : t.content))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
  return words || markdown.trim() || 'Untitled section'
}
