import { tasklist } from '@mdit/plugin-tasklist'
import MarkdownIt from 'markdown-it'
import type Token from 'markdown-it/lib/token.mjs'

/**
 * The Markdown dialect of the preview: CommonMark with GitHub's tables, strikethrough, bare links
 * and task lists (`- [x] done`, shown as disabled checkboxes), raw HTML allowed. Its output is NOT
 * safe to show: it must go through `sanitizeHtml` first, which is where raw HTML is made inert.
 */
export function createMarkdown(): MarkdownIt {
  const md = new MarkdownIt({ html: true, linkify: true, typographer: false })
  md.use(tasklist, { disabled: true, label: true })
  md.core.ruler.after('task_list', 'task_label_wraps_box', (state) => {
    for (const token of state.tokens) if (token.type === 'inline' && token.children) wrapCheckboxInLabel(token.children)
    return true
  })
  return md
}

/**
 * The task-list plugin writes `<input id=…><label for=…>text</label>`, with ids counted across the
 * document. The preview renders each block on its own, so counted ids would repeat; a label that
 * wraps its checkbox names it without any id.
 */
function wrapCheckboxInLabel(children: Token[]): void {
  const [box, label] = children
  if (box?.type !== 'checkbox_input' || label?.type !== 'label_open') return
  box.attrs = box.attrs?.filter(([name]) => name !== 'id') ?? null
  label.attrs = label.attrs?.filter(([name]) => name !== 'for') ?? null
  children.splice(0, 2, label, box)
}
