import { openSearchPanel, search, searchKeymap, searchPanelOpen } from '@codemirror/search'
import { EditorState, type Extension } from '@codemirror/state'
import { EditorView, keymap } from '@codemirror/view'
import type * as Y from 'yjs'

/** The words of the find panel, in the app's voice. */
const phrases = EditorState.phrases.of({
  Find: 'Find',
  Replace: 'Replace with',
  next: 'Next',
  previous: 'Previous',
  all: 'Select all',
  'match case': 'Match case',
  regexp: 'Regular expression',
  'by word': 'Whole words',
  replace: 'Replace',
  'replace all': 'Replace all',
  close: 'Close find and replace',
})

/**
 * Opens the find panel with the caret in its "Replace with" field (Ctrl-H, Cmd-Alt-F on a Mac).
 * Returns true, as a CodeMirror command.
 */
export function openReplacePanel(view: EditorView): boolean {
  openSearchPanel(view)
  const field = view.dom.querySelector<HTMLInputElement>('.cm-search input[name="replace"]')
  field?.focus()
  field?.select()
  return true
}

/** Whether `view`'s find panel is open. */
export function findPanelOpen(view: EditorView): boolean {
  return searchPanelOpen(view.state)
}

/**
 * Find and replace (`@codemirror/search`): Ctrl/Cmd-F opens the panel at the top of the text,
 * Enter and Shift-Enter (or F3, Ctrl/Cmd-G) step through matches, with case, regular-expression
 * and whole-word toggles; Ctrl-H / Cmd-Alt-F opens it at "Replace with".
 *
 * "Replace all" is one step of `undoManager`, the Y.UndoManager that undoes this person's edits:
 * capturing stops before and after it, so Ctrl-Z takes back exactly the replacement, never the
 * typing just before it nor after it.
 */
export function findAndReplace(undoManager: Y.UndoManager): Extension {
  const isReplaceAll = (tr: { isUserEvent(event: string): boolean }) => tr.isUserEvent('input.replace.all')
  return [
    phrases,
    search({ top: true }),
    keymap.of([{ key: 'Ctrl-h', mac: 'Cmd-Alt-f', run: openReplacePanel, scope: 'editor search-panel', preventDefault: true }, ...searchKeymap]),
    // Before: the change reaches Y.Text in the sync plugin's update, after this filter has run.
    EditorState.transactionFilter.of((tr) => {
      if (isReplaceAll(tr)) undoManager.stopCapturing()
      return tr
    }),
    // After: update listeners run once every plugin, the sync plugin included, has seen the update.
    EditorView.updateListener.of((update) => {
      if (update.transactions.some(isReplaceAll)) undoManager.stopCapturing()
    }),
  ]
}
