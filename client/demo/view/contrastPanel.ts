import { h } from '../../ui/h.ts'
import { replicaNames } from '../model/cast.ts'
import { describeEdit, editSurvives } from '../model/edits.ts'
import type { LwwFrame } from '../model/lastWriterWins.ts'
import { editsOf, type Scenario } from '../model/script.ts'
import './contrastPanel.css'

/** The panel that replays the current scenario under naive last-writer-wins. */
export interface ContrastPanel {
  readonly element: HTMLElement
  /** Shows nothing but an invitation to play a scenario. */
  clear(): void
  /** Shows the model after step `index` of `scenario` (`frames` from `playLastWriterWins`). */
  showStep(scenario: Scenario, frames: readonly LwwFrame[], index: number): void
  /** Shows both outcomes side by side: the CRDT's converged text and last-writer-wins'. */
  showResult(scenario: Scenario, frames: readonly LwwFrame[], crdtText: string): void
}

/** Builds the empty contrast panel. */
export function createContrastPanel(): ContrastPanel {
  const body = h('div', { class: 'contrast-body', 'data-testid': 'contrast' })
  const element = h(
    'section',
    { class: 'contrast', 'aria-label': 'Last-writer-wins contrast' },
    h(
      'div',
      { class: 'section-head' },
      h('h2', {}, 'The same scenario under “last writer wins”'),
      h(
        'p',
        {},
        'A common shortcut: each device keeps a plain copy of the text, and whoever syncs last replaces everyone’s whole text with theirs. Simulated here step by step, next to the real thing.',
      ),
    ),
    body,
  )

  const copies = (frame: LwwFrame) =>
    h(
      'div',
      { class: 'lww-copies' },
      ...replicaNames.map((name) => {
        const r = frame.replicas[name]
        return h(
          'div',
          { class: 'lww-copy', 'data-who': name, 'data-online': String(r.online) },
          h('div', { class: 'lww-copy-head' }, h('strong', {}, name), h('span', {}, r.online ? 'online' : r.dirty ? 'offline · unsent edits' : 'offline')),
          h('pre', {}, r.text),
        )
      }),
    )

  return {
    element,
    clear() {
      body.replaceChildren(h('p', { class: 'contrast-empty' }, 'Pick a scenario above to see which edits last-writer-wins would throw away.'))
    },
    showStep(_scenario, frames, index) {
      const frame = frames[index]
      body.replaceChildren(copies(frame), h('p', { class: 'lww-note' }, frame.note))
    },
    showResult(scenario, frames, crdtText) {
      const final = frames[frames.length - 1]
      const edits = editsOf(scenario)
      const outcome = (text: string, testid: string) =>
        h(
          'ul',
          { class: 'outcome-list', 'data-testid': testid },
          ...edits.map(({ who, edit }) => {
            const kept = editSurvives(edit, text, edits)
            return h(
              'li',
              { class: kept ? 'kept' : 'lost', 'data-kept': String(kept) },
              h('span', { class: 'outcome-mark', 'aria-hidden': 'true' }, kept ? '✓' : '✗'),
              h('span', { class: 'outcome-text' }, h('b', { class: 'outcome-who', 'data-who': who }, who), ' ', describeEdit(edit)),
              kept ? null : h('span', { class: 'outcome-lost' }, 'lost'),
            )
          }),
        )
      const lostCount = edits.filter(({ edit }) => !editSurvives(edit, final.server, edits)).length
      body.replaceChildren(
        copies(final),
        h('p', { class: 'lww-note' }, final.note),
        h(
          'div',
          { class: 'outcomes' },
          h(
            'div',
            { class: 'outcome outcome-crdt' },
            h('h3', {}, 'Mergepad (CRDT merge): every edit kept'),
            h('pre', { 'data-testid': 'crdt-text' }, crdtText),
            outcome(crdtText, 'crdt-outcome'),
          ),
          h(
            'div',
            { class: 'outcome outcome-lww' },
            h('h3', {}, `Last writer wins: ${lostCount} of ${edits.length} edits lost`),
            h('pre', { 'data-testid': 'lww-text' }, final.server),
            outcome(final.server, 'lww-outcome'),
          ),
        ),
      )
    },
  }
}
