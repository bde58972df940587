import { Compartment, EditorState, StateEffect } from '@codemirror/state'
import { EditorView } from '@codemirror/view'

const compartments = new WeakMap<EditorView, Compartment>()

/**
 * Makes `view` read-only (no typing, pasting or dropping; selection and others' carets still
 * work) or editable again, and marks the editor page it sits in with `data-read-only`, so the
 * page's controls can say so (a phone's "Write" becomes "Text"). Adds its own compartment on first
 * use, so the editor's own setup needs nothing for it.
 */
export function setReadOnly(view: EditorView, readOnly: boolean): void {
  view.dom.closest('.editor-page')?.toggleAttribute('data-read-only', readOnly)
  const extensions = readOnly ? [EditorState.readOnly.of(true), EditorView.editable.of(false)] : []
  const compartment = compartments.get(view)
  if (compartment) return view.dispatch({ effects: compartment.reconfigure(extensions) })
  const fresh = new Compartment()
  compartments.set(view, fresh)
  view.dispatch({ effects: StateEffect.appendConfig.of(fresh.of(extensions)) })
}
