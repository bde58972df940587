import { defaultKeymap } from '@codemirror/commands'
import { markdown } from '@codemirror/lang-markdown'
import { EditorState } from '@codemirror/state'
import { drawSelection, EditorView, keymap } from '@codemirror/view'
import { yCollab, yUndoManagerKeymap } from 'y-codemirror.next'
import { markdownHighlighting } from '../../editor/markdownStyle.ts'
import type { Replica } from '../live/replica.ts'
import { authorHighlight } from './authorHighlight.ts'
import './replicaEditor.css'

/**
 * A CodeMirror editor on `replica`'s own text, in `parent`: yCollab binding with the replica's
 * undo, Markdown, and the text tinted by author (`whoOf`, see {@link authorHighlight}).
 */
export function createReplicaEditor(parent: HTMLElement, replica: Replica, whoOf: (client: number) => string | null): EditorView {
  return new EditorView({
    parent,
    state: EditorState.create({
      doc: replica.text.toString(),
      extensions: [
        keymap.of([...yUndoManagerKeymap, ...defaultKeymap]),
        drawSelection(),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': `${replica.name}’s replica`, spellcheck: 'false' }),
        markdown(),
        markdownHighlighting,
        yCollab(replica.text, replica.provider.awareness, { undoManager: replica.undoManager }),
        authorHighlight(replica.text, whoOf),
      ],
    }),
  })
}
