import { expect, it } from 'vitest'
import { splitBlocks } from '../preview/blocks.ts'
import { createMarkdown } from '../preview/markdown.ts'
import { outlineEntries } from './headings.ts'

const md = createMarkdown()

it('lists headings as plain words, indented from the shallowest level', () => {
  const text = 'Intro\n\n## Launch *plan*\n\n### The `free` tier\n\ntext\n\n## ![logo](x.png) Team <b>notes</b>\n\n#### Deep\n\n##\n'
  expect(outlineEntries(md, splitBlocks(md, text).headings)).toEqual([
    { text: 'Launch plan', depth: 0, line: 2 },
    { text: 'The free tier', depth: 1, line: 4 },
    { text: 'logo Team notes', depth: 0, line: 8 },
    { text: 'Deep', depth: 2, line: 10 },
    { text: 'Untitled section', depth: 0, line: 12 },
  ])
})

it('is empty without headings', () => {
  expect(outlineEntries(md, splitBlocks(md, 'just text\n\n- a list').headings)).toEqual([])
})
