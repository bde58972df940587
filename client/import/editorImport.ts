import { EditorView } from '@codemirror/view'
import type * as Y from 'yjs'
import { showToast } from '../ui/toast.ts'
import { acceptFileDrops, pickFiles } from './fileDrop.ts'
import { importAccept, readTextFiles } from './textFile.ts'

/**
 * Puts `text` into the document as one edit and one undo step of this person: replacing the
 * selection (at the caret when nothing is selected), or at `at` when given.
 */
export function insertText(view: EditorView, undoManager: Y.UndoManager, text: string, at?: number): void {
  const range = at === undefined ? view.state.selection.main : { from: at, to: at }
  undoManager.stopCapturing()
  view.dispatch({
    changes: { from: range.from, to: range.to, insert: text },
    selection: { anchor: range.from + text.length },
    scrollIntoView: true,
    userEvent: 'input.paste',
  })
  undoManager.stopCapturing()
}

/** Leaves file drops on the text to the page's handler (CodeMirror would insert any file's bytes). */
export const fileDropsToPage = EditorView.domEventHandlers({
  drop: (event) => (event.dataTransfer?.files.length ?? 0) > 0,
})

/**
 * Importing in the editor: `.md`/`.txt` files dropped anywhere on `page` go into the text as one
 * edit, where they were dropped when dropped on the text, at the caret otherwise; `pick()` opens
 * the file picker and inserts at the caret. Refused files are named in a toast.
 */
export function editorImport(page: HTMLElement, view: EditorView, undoManager: Y.UndoManager): { pick(): void; destroy(): void } {
  const insert = async (files: File[], at?: number) => {
    const { text, read, problems } = await readTextFiles(files)
    for (const problem of problems) showToast(problem, { problem: true })
    if (read.length === 0) return
    insertText(view, undoManager, text, at)
    view.focus()
    showToast(read.length === 1 ? `Imported “${read[0]}”.` : `Imported ${read.length} files.`)
  }
  const destroy = acceptFileDrops(page, (files, event) => {
    const onText = event.target instanceof Node && view.contentDOM.contains(event.target)
    void insert(files, onText ? (view.posAtCoords({ x: event.clientX, y: event.clientY }) ?? undefined) : undefined)
  })
  return { pick: () => pickFiles(importAccept, (files) => void insert(files)), destroy }
}
