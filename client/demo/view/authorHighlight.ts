import { RangeSetBuilder } from '@codemirror/state'
import { Decoration, type DecorationSet, EditorView, ViewPlugin, type ViewUpdate } from '@codemirror/view'
import type * as Y from 'yjs'
import { authorRuns } from '../model/authorship.ts'

/**
 * Tints the text by who wrote it, read from the Yjs items of `text`: `whoOf(client)` names the
 * writer of a client's text, or `null` to leave it plain. The text is marked
 * `<span class="by-author" data-who="<writer>">`, which `replicaEditor.css` colours. Put it after
 * `yCollab`, so a local edit has reached `text` before the tints are computed.
 */
export function authorHighlight(text: Y.Text, whoOf: (client: number) => string | null) {
  const marks = new Map<string, Decoration>()
  const markOf = (who: string) => marks.get(who) ?? marks.set(who, Decoration.mark({ class: 'by-author', attributes: { 'data-who': who } })).get(who)!
  const build = (view: EditorView): DecorationSet => {
    const builder = new RangeSetBuilder<Decoration>()
    for (const run of authorRuns(text)) {
      const who = whoOf(run.client)
      if (who && run.to <= view.state.doc.length) builder.add(run.from, run.to, markOf(who))
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
