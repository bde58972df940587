import { markdown, markdownLanguage } from '@codemirror/lang-markdown'
import { defaultKeymap, indentWithTab } from '@codemirror/commands'
import { EditorState, type Extension } from '@codemirror/state'
import { drawSelection, dropCursor, EditorView, highlightSpecialChars, keymap, placeholder } from '@codemirror/view'
import { yCollab, yUndoManagerKeymap } from 'y-codemirror.next'
import { caretLabels } from '../presence/caretLabels.ts'
import type { DocSession } from '../session/docSession.ts'
import { markdownHighlighting } from './markdownStyle.ts'

/**
 * The CodeMirror editor for `session`, mounted in `parent`: bound to the shared text with
 * `yCollab` (remote carets included), undo through the session's `Y.UndoManager` so each person
 * undoes only their own edits, wrapped lines and Markdown highlighting (GitHub's dialect, as the preview renders it). `onDocChange` runs after
 * every change of the text, local or remote. `extensions` (the page's writing tools) come last.
 */
export function createEditor(parent: HTMLElement, session: DocSession, onDocChange: (view: EditorView) => void, extensions: Extension = []): EditorView {
  return new EditorView({
    parent,
    state: EditorState.create({
      doc: session.text.toString(),
      extensions: [
        keymap.of([...yUndoManagerKeymap, ...defaultKeymap, indentWithTab]),
        highlightSpecialChars(),
        drawSelection(),
        dropCursor(),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': `Text of ${session.name}`, spellcheck: 'true', autocapitalize: 'sentences' }),
        markdown({ base: markdownLanguage }),
        markdownHighlighting,
        placeholder('Start writing… Everyone with the link edits this text with you.'),
        yCollab(session.text, session.provider.awareness, { undoManager: session.undoManager }),
        caretLabels(session.doc, session.provider.awareness),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onDocChange(update.view)
        }),
        extensions,
      ],
    }),
  })
}
