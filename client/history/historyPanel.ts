import type { EditorView } from '@codemirror/view'
import { equalFlat } from 'lib0/array'
import { type HistoryBundle, decodeBundle } from '../../shared/history/historyBundle.ts'
import type { HistoryPoint } from '../../shared/history/historyPoints.ts'
import { textAt } from '../../shared/history/runTable.ts'
import type { DocSession } from '../session/docSession.ts'
import { h } from '../ui/h.ts'
import { authorColor, authorLabel } from './authorColors.ts'
import { fetchHistoryBytes, nameVersion } from './historyApi.ts'
import { restoreText } from './restoreText.ts'
import { type RunView, runView } from './runView.ts'

/** What the History panel works on. */
export interface HistoryPanelOptions {
  name: string
  /** The page's share-link token, or null in open mode. */
  token: string | null
  session: DocSession
  view: EditorView
  /** Whether this person may name versions and restore (edit links and open mode). */
  canEdit: boolean
}

/** The History panel: `element` to place, `open` to read the history and show it. */
export interface HistoryPanel {
  readonly element: HTMLElement
  open(): Promise<void>
  close(): void
  readonly isOpen: boolean
  destroy(): void
}

const playStepMs = 600
const kindWords: Record<HistoryPoint['kind'], string> = { auto: 'Saved automatically', named: 'Named version', restore: 'Restore', change: 'Change' }

/**
 * The timeslider: a list of versions, a slider over them (and over every change of the last hour),
 * play, the date and people of the point shown, the text then (read-only) with what changed since
 * the point before tinted by author and deletions struck through, and restore. The history is read
 * once per opening; scrubbing happens in the page. What an opening drew stays for the next: the
 * same bundle again is neither decoded nor drawn again, and a newer one redraws only what differs.
 */
export function historyPanel(options: HistoryPanelOptions): HistoryPanel {
  let bytes: Uint8Array | null = null
  let bundle: HistoryBundle | null = null
  let listKey = ''
  let points: HistoryPoint[] = []
  let shown: RunView | null = null
  let playing: ReturnType<typeof setInterval> | undefined
  const slider = h('input', { type: 'range', class: 'history-slider', min: '0', max: '0', value: '0', 'data-testid': 'history-slider', 'aria-label': 'Point in history' })
  const when = h('div', { class: 'history-when', 'data-testid': 'history-when' })
  const who = h('div', { class: 'history-who', 'data-testid': 'history-who' })
  const text = h('div', { class: 'history-text', 'data-testid': 'history-text', tabindex: '0', 'aria-label': 'Text at this point (read-only)' })
  const list = h('ol', { class: 'history-list', 'data-testid': 'history-list' })
  const status = h('p', { class: 'history-status', role: 'status' })
  const play = h('button', { class: 'button', type: 'button', 'data-testid': 'history-play', onclick: () => togglePlay() }, 'Play')
  const restore = h('button', { class: 'button button-primary', type: 'button', 'data-testid': 'history-restore', onclick: () => void restoreShown() }, 'Restore this version')
  const nameButton = h('button', { class: 'button', type: 'button', 'data-testid': 'history-name', onclick: () => void nameNow() }, 'Name current version…')
  const close = h('button', { class: 'button icon-only history-close', type: 'button', 'aria-label': 'Close history', 'data-testid': 'history-close', onclick: () => panel.close() }, '×')
  const element = h(
    'aside',
    { class: 'history-panel', 'data-testid': 'history-panel', 'aria-label': 'History', hidden: true },
    h('header', { class: 'history-head' }, h('h2', {}, 'History'), options.canEdit ? nameButton : null, close),
    h('div', { class: 'history-scrub' }, play, slider),
    h('div', { class: 'history-meta' }, when, who),
    text,
    h('div', { class: 'history-actions' }, options.canEdit ? restore : null, status),
    h('h3', { class: 'history-list-title' }, 'Versions'),
    list,
  )

  const show = (index: number) => {
    if (!bundle || points.length === 0) return
    const point = points[index]
    slider.value = String(index)
    const before = previousSeq(points, index)
    shown?.show(before, point.seq)
    text.dataset.seq = String(point.seq)
    when.replaceChildren(h('strong', {}, point.label ?? kindWords[point.kind]), ' · ', new Date(point.at || bundle.madeAt).toLocaleString())
    who.replaceChildren(...point.authors.map((a) => h('span', { class: 'history-person' }, h('span', { class: 'history-chip', style: `background:${authorColor(bundle!.names[a])}` }), authorLabel(bundle!.names[a]))))
    for (const item of list.children) item.toggleAttribute('aria-current', (item as HTMLElement).dataset.index === String(index))
    restore.disabled = index === points.length - 1
  }

  const renderList = () => {
    const versions = points.map((point, index) => ({ point, index })).filter(({ point }) => point.kind !== 'change')
    const key = JSON.stringify(versions.map(({ point, index }) => [index, point.id, point.label, point.kind, point.at]))
    if (key === listKey) return
    listKey = key
    list.replaceChildren(
      ...versions
        .reverse()
        .map(({ point, index }) =>
          h('li', { 'data-index': String(index) }, h('button', { type: 'button', class: 'history-item', 'data-version': point.id, onclick: () => (stopPlay(), show(index)) },
            h('span', { class: 'history-item-label' }, point.label ?? kindWords[point.kind]),
            h('span', { class: 'history-item-date' }, new Date(point.at).toLocaleString()),
          )),
        ),
    )
  }

  const togglePlay = () => {
    if (playing !== undefined) return stopPlay()
    if (Number(slider.value) >= points.length - 1) show(0)
    play.textContent = 'Pause'
    playing = setInterval(() => {
      const next = Number(slider.value) + 1
      if (next >= points.length) return stopPlay()
      show(next)
    }, playStepMs)
  }
  const stopPlay = () => {
    clearInterval(playing)
    playing = undefined
    play.textContent = 'Play'
  }

  const saved = () =>
    new Promise<void>((resolve) => {
      if (options.session.connection().kind === 'saved') return resolve()
      const stop = options.session.onConnection((state) => state.kind === 'saved' && (stop(), resolve()))
    })

  async function restoreShown(): Promise<void> {
    if (!bundle) return
    const point = points[Number(slider.value)]
    const target = textAt(bundle.runs, point.seq)
    if (!restoreText(options.view, options.session.undoManager, target)) return void (status.textContent = 'The text is already like this.')
    status.textContent = 'Restored. Undo takes it back.'
    await saved()
    await nameVersion(options.name, options.token, `Restored “${point.label ?? new Date(point.at).toLocaleString()}”`.slice(0, 200), point.id).catch(() => {})
  }

  async function nameNow(): Promise<void> {
    const label = prompt('Name this version', '')
    if (!label?.trim()) return
    await saved()
    try {
      await nameVersion(options.name, options.token, label.trim())
      await panel.open()
    } catch (error) {
      status.textContent = `Could not name it: ${(error as Error).message}`
    }
  }

  slider.addEventListener('input', () => (stopPlay(), show(Number(slider.value))))

  const panel: HistoryPanel = {
    element,
    get isOpen() {
      return !element.hidden
    },
    async open() {
      element.hidden = false
      status.textContent = 'Reading history…'
      try {
        const read = await fetchHistoryBytes(options.name, options.token)
        if (!bundle || !bytes || !equalFlat(read, bytes)) {
          bundle = decodeBundle(read)
          if (shown) shown.use(bundle.runs, bundle.names)
          else shown = runView(text, bundle.runs, bundle.names)
        }
        bytes = read
      } catch (error) {
        status.textContent = `Could not read the history: ${(error as Error).message}`
        return
      }
      points = bundle.points
      slider.max = String(Math.max(0, points.length - 1))
      status.textContent = points.length === 0 ? 'Nothing stored yet.' : ''
      renderList()
      show(points.length - 1)
      element.dataset.ready = 'true'
      performance.mark('mergepad:history-open')
    },
    close() {
      stopPlay()
      element.hidden = true
      delete element.dataset.ready
    },
    destroy() {
      stopPlay()
    },
  }
  return panel
}

/**
 * What point `index` is compared with: for a version, the version before it (so a version shows
 * everything since the last one, however many changes that took); for a single change, the point
 * just before. 0 (the empty start) for the first.
 */
export function previousSeq(points: readonly HistoryPoint[], index: number): number {
  const isVersion = points[index].kind !== 'change'
  for (let i = index - 1; i >= 0; i--) if (!isVersion || points[i].kind !== 'change') return points[i].seq
  return 0
}
