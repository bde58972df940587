import type { EditorView } from '@codemirror/view'
import diff from 'fast-diff'
import type * as Y from 'yjs'

/**
 * Turns the editor's text into `target` with one transaction of the fewest changes fast-diff
 * finds, typed as this person would (so it syncs like typing, keeps what others write elsewhere,
 * and one undo takes it back: the undo manager's capture is cut before and after). Returns whether
 * anything changed.
 */
export function restoreText(view: EditorView, undoManager: Y.UndoManager, target: string): boolean {
  const current = view.state.doc.toString()
  if (current === target) return false
  const changes: { from: number; to?: number; insert?: string }[] = []
  let pos = 0
  for (const [op, part] of diff(current, target)) {
    if (op === diff.EQUAL) pos += part.length
    else if (op === diff.DELETE) {
      changes.push({ from: pos, to: pos + part.length })
      pos += part.length
    } else changes.push({ from: pos, insert: part })
  }
  undoManager.stopCapturing()
  view.dispatch({ changes, userEvent: 'input.restore', scrollIntoView: true })
  undoManager.stopCapturing()
  return true
}
