import type { Extension } from '@codemirror/state'
import { EditorView, ViewPlugin } from '@codemirror/view'
import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { inkOn, isHexColor } from './palette.ts'
import './presence.css'

/** How long a name stays beside a caret after its owner last typed or moved it. */
const showForMs = 4000

/**
 * Shows each remote person's name beside their caret while they type or move it, and for a few
 * seconds after, not only on hover. y-codemirror.next draws the caret and a hidden name label
 * (styled by `presence.css`); this extension reveals the labels of active people through a small
 * stylesheet keyed by caret colour (the only per-person mark on the caret's element), so it never
 * touches the editor's DOM.
 *
 * Activity is either an awareness change of that person's cursor or a document change that
 * advanced their clock (typing keeps the cursor's relative position unchanged, so both are needed).
 */
export function caretLabels(doc: Y.Doc, awareness: Awareness): Extension {
  return [EditorView.editorAttributes.of({ class: 'caret-labels' }), ViewPlugin.define(() => new CaretLabels(doc, awareness))]
}

class CaretLabels {
  private readonly lastActive = new Map<number, number>()
  private readonly style = document.head.appendChild(document.createElement('style'))
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(
    private readonly doc: Y.Doc,
    private readonly awareness: Awareness,
  ) {
    this.style.dataset.mergepad = 'caret-labels'
    awareness.on('change', this.onAwareness)
    doc.on('afterTransaction', this.onTransaction)
  }

  destroy(): void {
    this.awareness.off('change', this.onAwareness)
    this.doc.off('afterTransaction', this.onTransaction)
    clearTimeout(this.timer)
    this.style.remove()
  }

  private readonly onAwareness = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    for (const id of [...added, ...updated]) this.lastActive.set(id, Date.now())
    for (const id of removed) this.lastActive.delete(id)
    this.render()
  }

  private readonly onTransaction = (tr: Y.Transaction) => {
    if (tr.local) return
    let changed = false
    for (const [client, clock] of tr.afterState) {
      if (tr.beforeState.get(client) !== clock) {
        this.lastActive.set(client, Date.now())
        changed = true
      }
    }
    if (changed) this.render()
  }

  /** Rewrites the stylesheet for the people active now, and wakes up when the next one goes idle. */
  private render(): void {
    const now = Date.now()
    const states = this.awareness.getStates()
    const colors = new Set<string>()
    let nextExpiry = Infinity
    for (const [id, at] of this.lastActive) {
      if (id === this.doc.clientID || now - at >= showForMs) continue
      const color: unknown = states.get(id)?.user?.color
      if (!isHexColor(color)) continue
      colors.add(color.toLowerCase())
      nextExpiry = Math.min(nextExpiry, at + showForMs)
    }
    // Every label's words in white or black, whichever reads on its colour (shown on hover too).
    const inks = new Set<string>()
    for (const [id, state] of states) if (id !== this.doc.clientID && isHexColor(state.user?.color)) inks.add(state.user.color.toLowerCase())
    this.style.textContent = [
      ...[...inks].map((c) => `.cm-ySelectionCaret[style*="${c}" i] > .cm-ySelectionInfo { color: ${inkOn(c)}; }`),
      ...[...colors].map((c) => `.cm-ySelectionCaret[style*="${c}" i] > .cm-ySelectionInfo { opacity: 1; }`),
    ].join('\n')
    clearTimeout(this.timer)
    if (nextExpiry !== Infinity) this.timer = setTimeout(() => this.render(), nextExpiry - now + 20)
  }
}
