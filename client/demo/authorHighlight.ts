import { RangeSetBuilder } from '@codemirror/state'
import { Decoration, type DecorationSet, EditorView, ViewPlugin, type ViewUpdate } from '@codemirror/view'
import type * as Y from 'yjs'
import { authorRuns } from './authorship.ts'

/**
 * Tints the text by who wrote it, read from the Yjs items of `text`: `classOf(client)` names the
 * class for a client's text, or `null` to leave it plain. Put it after `yCollab`, so a local
 * edit has reached `text` before the tints are computed.
 */
export function authorHighlight(text: Y.Text, classOf: (client: number) => string | null) {
  const build = (view: EditorView): DecorationSet => {
    const builder = new RangeSetBuilder<Decoration>()
    for (const run of authorRuns(text)) {
      const cls = classOf(run.client)
      if (cls && run.to <= view.state.doc.length) builder.add(run.from, run.to, Decoration.mark({ class: cls }))
    }
    return builder.finish()
  }
  return ViewPlugin.fromClass(
    class {
      decorations: DecorationSet
      constructor(view: EditorView) {
        this.decorations = build(view)
      }
      update(update: ViewUpdate) {
        if (!update.docChanged) return
        // The editor and the shared text agree except in the middle of a sync; map until they do.
        this.decorations = text.length === update.state.doc.length ? build(update.view) : this.decorations.map(update.changes)
      }
    },
    { decorations: (plugin) => plugin.decorations },
  )
}
