import * as prng from 'lib0/prng'
import { describe, expect, it } from 'vitest'
import { seededRandom } from '../../test/helpers/seed.ts'
import { blockKey, renderBlock, splitBlocks } from './blocks.ts'
import { createMarkdown } from './markdown.ts'

const md = createMarkdown()

/** Renders `text` block by block, as the preview does, joined. */
function blockByBlock(text: string): string {
  const split = splitBlocks(md, text)
  return split.blocks.map((block) => renderBlock(md, block, split)).join('')
}

/** Pieces of Markdown whose meaning depends on what surrounds them. */
const pieces = [
  '# Title',
  'Setext title\n===',
  'A paragraph with *emphasis*, `code` and a [reference link][ref].',
  'A paragraph\nwith a lazy\ncontinuation',
  '[ref]: https://example.com/ref "Ref"',
  '[other]: /local',
  'See [other] and [ref].',
  '- one\n- two\n\n- three (loose)',
  '1. first\n2. second\n   continued',
  '3) starts at three',
  '- [ ] open task\n- [x] done task',
  '> a quote\nlazy line\n> > nested',
  '```js\nconst x = 1\n\nconst y = 2\n```',
  '```\nan unclosed fence',
  '    indented code',
  '<div>\nraw *html*\n</div>',
  '<!-- a comment -->',
  '| a | b |\n| - | - |\n| 1 | 2 |',
  '---',
  '***',
  'Trailing text  \nwith a hard break',
  'https://bare.example/link and ~~struck~~',
  '',
  '',
]

describe('splitBlocks', () => {
  it('cuts a document into its top-level blocks with their lines', () => {
    const split = splitBlocks(md, '# Title\n\nPara one\nstill one\n\n- a\n- b\n')
    expect(split.blocks.map((b) => [b.startLine, b.endLine, b.source])).toEqual([
      [0, 1, '# Title\n'],
      [2, 4, 'Para one\nstill one\n'],
      [5, 7, '- a\n- b\n'],
    ])
    expect(split.headings).toEqual([{ level: 1, markdown: 'Title', line: 0 }])
  })

  it('finds headings of both kinds at any depth, with their lines', () => {
    const split = splitBlocks(md, 'Intro\n\nSetext\n---\n\n> ## Quoted *heading*\n\n```\n# not a heading\n```\n### Last')
    expect(split.headings).toEqual([
      { level: 2, markdown: 'Setext', line: 2 },
      { level: 2, markdown: 'Quoted *heading*', line: 5 },
      { level: 3, markdown: 'Last', line: 10 },
    ])
  })

  it('keys blocks that may cite a reference by the references too', () => {
    const before = splitBlocks(md, 'See [x].\n\nPlain.\n\n[x]: /a')
    const after = splitBlocks(md, 'See [x].\n\nPlain.\n\n[x]: /b')
    expect(blockKey(before.blocks[0], before)).not.toBe(blockKey(after.blocks[0], after))
    expect(blockKey(before.blocks[1], before)).toBe(blockKey(after.blocks[1], after))
  })

  it('renders block by block exactly as the whole document renders', () => {
    const { gen } = seededRandom('blocks render alone')
    for (let run = 0; run < 400; run++) {
      const count = prng.uint32(gen, 1, 12)
      const parts = Array.from({ length: count }, () => prng.oneOf(gen, pieces))
      // Join with one or two line ends, so pieces sometimes run into each other.
      let text = parts.reduce((doc, part) => doc + (doc === '' ? '' : prng.bool(gen) ? '\n' : '\n\n') + part, '')
      // Then a random edit, as typing would make.
      const at = prng.uint32(gen, 0, text.length)
      text = text.slice(0, at) + prng.oneOf(gen, ['', '\n', '#', '-', '`', '>', ' ', 'x', '[', ']', '|', '\n\n', '```']) + text.slice(at)
      expect(blockByBlock(text), JSON.stringify(text)).toBe(md.render(text))
    }
  })

  it('renders task lists as labelled, disabled checkboxes without ids', () => {
    const html = md.render('- [x] done\n- [ ] open')
    expect(html).toContain('<label class="task-list-item-label"><input type="checkbox" class="task-list-item-checkbox" checked="checked" disabled="disabled"> done</label>')
    expect(html).not.toMatch(/\bid=|\bfor=/)
  })
})
