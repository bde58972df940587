import { type Extension, StateEffect, StateField } from '@codemirror/state'
import { Decoration, type DecorationSet, EditorView } from '@codemirror/view'
import * as Y from 'yjs'
import type { DocSession } from '../session/docSession.ts'
import { h } from '../ui/h.ts'
import { authorColor, authorLabel } from './authorColors.ts'
import { fetchHistory } from './historyApi.ts'

const setMarks = StateEffect.define<DecorationSet>()

const marksField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    for (const effect of tr.effects) if (effect.is(setMarks)) return effect.value
    return marks.map(tr.changes)
  },
  provide: (field) => EditorView.decorations.from(field),
})

/** The live editor's "Show authors" view: the extension to install, a legend, and the switch's handler. */
export interface AuthorsView {
  readonly extension: Extension
  /** The people whose text is shown, each with their colour. */
  readonly legend: HTMLElement
  /** Turns the tinting on (reading who wrote with which Yjs client from the relay) or off. */
  setShown(view: EditorView, shown: boolean): Promise<void>
}

const refreshDelayMs = 150
const refetchEveryMs = 3000

/**
 * Tints the live text by who wrote it: each Yjs client id is mapped to a person by the relay's
 * history (`clients` of the history bundle), this tab's own to its person; text of clients the
 * relay has not recorded yet is grey until the next read. Recomputed shortly after each change
 * while shown.
 */
export function authorsView(session: DocSession, name: string, token: string | null): AuthorsView {
  let shown = false
  let clients = new Map<number, string>()
  let lastFetch = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let current: EditorView | null = null
  const legend = h('div', { class: 'authors-legend', 'data-testid': 'authors-legend', hidden: true, 'aria-label': 'Authors' })
  const markOf = new Map<string, Decoration>()
  const mark = (author: string) => {
    let decoration = markOf.get(author)
    if (!decoration) {
      const color = authorColor(author)
      decoration = Decoration.mark({ class: 'cm-author', attributes: { style: `background-color:${color}30;border-bottom:2px solid ${color}`, 'data-author': author, title: `written by ${authorLabel(author)}` } })
      markOf.set(author, decoration)
    }
    return decoration
  }

  const fetchClients = async () => {
    lastFetch = Date.now()
    const bundle = await fetchHistory(name, token)
    clients = new Map([...bundle.clients].map(([client, index]) => [client, bundle.names[index]]))
  }

  const ownName = () => String((session.provider.awareness.getLocalState() as { user?: { name?: string } } | null)?.user?.name ?? '')

  const recompute = () => {
    const view = current
    if (!view || !shown) return
    const own = ownName()
    const ranges: { from: number; to: number; value: Decoration }[] = []
    const people = new Set<string>()
    let unknown = false
    let pos = 0
    for (let item = session.text._start; item !== null; item = item.right) {
      if (item.deleted || !item.countable || !(item.content instanceof Y.ContentString)) continue
      const client = item.id.client
      const author = clients.get(client) ?? (client === session.doc.clientID ? own : '')
      if (!clients.has(client) && client !== session.doc.clientID) unknown = true
      const last = ranges.at(-1)
      if (last && last.to === pos && last.value === mark(author)) last.to += item.length
      else ranges.push({ from: pos, to: pos + item.length, value: mark(author) })
      people.add(author)
      pos += item.length
    }
    if (pos !== view.state.doc.length) return void schedule()
    view.dispatch({ effects: setMarks.of(Decoration.set(ranges.map((r) => r.value.range(r.from, r.to)))) })
    legend.replaceChildren(...[...people].sort().map((p) => h('span', { class: 'authors-person', 'data-author': p }, h('span', { class: 'history-chip', style: `background:${authorColor(p)}` }), authorLabel(p))))
    if (unknown && Date.now() - lastFetch > refetchEveryMs) void fetchClients().then(schedule, () => {})
  }
  const schedule = () => {
    clearTimeout(timer)
    timer = setTimeout(recompute, refreshDelayMs)
  }

  return {
    legend,
    extension: [
      marksField,
      EditorView.updateListener.of((update) => {
        if (shown && update.docChanged) schedule()
      }),
    ],
    async setShown(view, on) {
      shown = on
      current = view
      legend.hidden = !on
      view.dom.classList.toggle('show-authors', on)
      if (!on) {
        clearTimeout(timer)
        view.dispatch({ effects: setMarks.of(Decoration.none) })
        return
      }
      await fetchClients().catch(() => {})
      recompute()
    },
  }
}
