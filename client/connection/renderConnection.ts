import { accessRefusal } from '../access/accessRefusal.ts'
import type { ConnectionState } from './connectionState.ts'
import { describeConnection } from './describeConnection.ts'
import './connectionPill.css'

/** The elements that show the connection: a pill in the toolbar and a banner under it. */
export interface ConnectionView {
  pill: HTMLElement
  banner: HTMLElement
}

/**
 * Shows `state`: the pill gets the label (also as its accessible name) and a tone (`data-tone`,
 * `data-state` for tests and styles; `data-narrow-label`, which narrow screens show instead of the
 * label, and where it is empty the dot alone); the banner, shown
 * only while not syncing normally, carries the full sentence. An access refusal has a notice of
 * its own (with what to do), so the banner stays hidden for it rather than say the same twice.
 */
export function renderConnection(view: ConnectionView, state: ConnectionState): void {
  const { tone, label, narrowLabel, detail } = describeConnection(state)
  view.pill.dataset.tone = tone
  view.pill.dataset.state = state.kind
  view.pill.dataset.narrowLabel = narrowLabel
  view.pill.title = detail
  view.pill.setAttribute('aria-label', label)
  view.pill.querySelector('.status-label')!.textContent = label
  view.banner.hidden = tone === 'good' || tone === 'busy' || (state.kind === 'refused' && accessRefusal(state.code) !== null)
  view.banner.dataset.tone = tone
  view.banner.textContent = detail
}
