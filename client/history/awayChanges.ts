import * as Y from 'yjs'
import type { HistoryBundle } from '../../shared/history/historyBundle.ts'
import { type Segment, compareAt } from '../../shared/history/runTable.ts'
import type { DocSession } from '../session/docSession.ts'
import { h } from '../ui/h.ts'
import { fetchHistory } from './historyApi.ts'
import { renderSegments } from './historyText.ts'

/** What others changed while this tab was away, as {@link summarizeAway} reads it from the history. */
export interface AwaySummary {
  people: string[]
  paragraphs: number
  segments: Segment[]
  names: string[]
}

/**
 * What people other than `me` changed since the bundle's `awaySeq` (read with `fetchHistory`'s
 * `awayMs`): who, how many paragraphs they touched, and the comparison of the text then with the
 * text now. Null when nobody else changed anything (or the bundle has no `awaySeq`).
 */
export function summarizeAway(bundle: HistoryBundle, me: string): AwaySummary | null {
  const from = bundle.awaySeq
  if (from === null) return null
  const people = new Set<string>()
  for (const point of bundle.points) if (point.seq > from) for (const by of point.authors) if (bundle.names[by] !== me) people.add(bundle.names[by] || 'Someone')
  if (people.size === 0) return null
  const segments = compareAt(bundle.runs, from, bundle.head)
  let paragraph = 0
  const touched = new Set<number>()
  for (const segment of segments) {
    const others = segment.kind !== 'same' && bundle.names[segment.by] !== me
    const lines = segment.text.split('\n')
    // A line counts when the change has text on it (not for the newline that only ends it).
    lines.forEach((line, i) => others && (line !== '' || lines.length === 1) && touched.add(paragraph + i))
    if (segment.kind !== 'removed') paragraph += lines.length - 1
  }
  return { people: [...people], paragraphs: touched.size, segments, names: bundle.names }
}

/** "Ben", "Ben and Ada", "Ben, Ada and Cy". */
function listNames(names: string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
}

/**
 * Watches `session`'s connection: when it is saved again after being offline or reconnecting, reads
 * the history and, when others changed the text meanwhile, shows a quiet banner in `slot` ("Ben
 * changed 2 paragraphs while you were offline") with the changes, coloured as in History, a click
 * away. Returns the function that stops watching.
 */
export function watchAwayChanges(session: DocSession, name: string, token: string | null, slot: HTMLElement, me: () => string): () => void {
  let away: { since: number; stateVector: Uint8Array } | null = null
  const stop = session.onConnection((state) => {
    if (state.kind === 'offline' || state.kind === 'reconnecting') away ??= { since: Date.now(), stateVector: Y.encodeStateVector(session.doc) }
    else if (state.kind === 'saved' && away !== null) {
      const left = away
      away = null
      void show(left).catch(() => {})
    }
  })
  async function show({ since, stateVector }: { since: number; stateVector: Uint8Array }): Promise<void> {
    // The relay stamps changes with its own clock: ask how long ago, not since when, and say what
    // this tab had seen, which no delay on the way can move.
    const bundle = await fetchHistory(name, token, { ms: Date.now() - since, stateVector })
    const summary = summarizeAway(bundle, me())
    if (!summary) return
    const changes = h('div', { class: 'history-text away-changes', 'data-testid': 'away-changes', hidden: true })
    renderSegments(changes, summary.segments, summary.names)
    const toggle = h('button', { class: 'button', type: 'button', 'data-testid': 'away-show', onclick: () => (changes.hidden = !changes.hidden, toggle.textContent = changes.hidden ? 'Show changes' : 'Hide changes') }, 'Show changes')
    const words = `${listNames(summary.people)} changed ${summary.paragraphs} paragraph${summary.paragraphs === 1 ? '' : 's'} while you were offline`
    slot.replaceChildren(
      h('div', { class: 'away-banner', role: 'status', 'data-testid': 'away-banner' },
        h('div', { class: 'away-row' }, h('span', { class: 'away-words' }, words), toggle, h('button', { class: 'button icon-only', type: 'button', 'aria-label': 'Dismiss', onclick: () => slot.replaceChildren() }, '×')),
        changes,
      ),
    )
  }
  return stop
}
