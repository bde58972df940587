import { HighlightStyle, syntaxHighlighting } from '@codemirror/language'
import { tags } from '@lezer/highlight'

/**
 * Markdown as a writer sees it: headings larger and bold, emphasis in italics, code in a mono
 * face, links and quotes in quieter colours. The marks (`#`, `*`, `` ` ``) stay visible but faint.
 */
export const markdownHighlighting = syntaxHighlighting(
  HighlightStyle.define([
    { tag: tags.heading1, fontSize: '1.6em', fontWeight: '700', lineHeight: '1.3' },
    { tag: tags.heading2, fontSize: '1.3em', fontWeight: '700' },
    { tag: tags.heading3, fontSize: '1.12em', fontWeight: '700' },
    { tag: [tags.heading4, tags.heading5, tags.heading6], fontWeight: '700' },
    { tag: tags.strong, fontWeight: '700' },
    { tag: tags.emphasis, fontStyle: 'italic' },
    { tag: tags.strikethrough, textDecoration: 'line-through' },
    { tag: tags.link, color: 'var(--accent-ink)', textDecoration: 'underline' },
    { tag: tags.url, color: 'var(--muted)' },
    { tag: tags.monospace, fontFamily: 'var(--font-mono)', fontSize: '0.92em', backgroundColor: 'var(--code-bg)', borderRadius: '3px' },
    { tag: tags.quote, color: 'var(--muted)', fontStyle: 'italic' },
    { tag: [tags.processingInstruction, tags.meta], color: 'var(--faint)' },
    { tag: tags.contentSeparator, color: 'var(--faint)' },
  ]),
)
