import type { Extension } from '@codemirror/state'
import type { EditorView } from '@codemirror/view'
import type { PageAccess } from '../access/pageAccess.ts'
import type { DocSession } from '../session/docSession.ts'
import { h } from '../ui/h.ts'
import { icon } from '../ui/icons.ts'
import { createSwitch } from '../ui/switch.ts'
import { authorsView } from './authorship.ts'
import { watchAwayChanges } from './awayChanges.ts'
import { historyPanel } from './historyPanel.ts'
import './history.css'

/** The history controls of an editor page, built once its session is open. */
export interface HistoryChrome {
  /** The top bar's History button. */
  readonly button: HTMLElement
  /** The status bar's "Show authors" switch and its legend. */
  readonly authors: HTMLElement
  /** The panel, to place in the page. */
  readonly panel: HTMLElement
  /** Where "changed while you were offline" appears, under the top bar. */
  readonly awaySlot: HTMLElement
  /** The editor extension the authors view needs. */
  readonly extension: Extension
  /** Starts the controls on `view`. */
  attach(view: EditorView): void
  destroy(): void
}

/** The History button and panel, and the "Show authors" switch, for document `name` open in `session`. */
export function historyChrome(name: string, session: DocSession, access: Exclude<PageAccess, { kind: 'needLink' }>): HistoryChrome {
  const token = access.kind === 'link' ? access.held.token : null
  const canEdit = access.kind === 'open' || access.held.role !== 'view'
  const authors = authorsView(session, name, token)
  const authorsSwitch = createSwitch({ label: 'Show authors', tone: 'good', testId: 'show-authors' })
  const button = h('button', { class: 'button tool-button', type: 'button', 'data-testid': 'history-toggle', 'aria-label': 'History', 'aria-pressed': 'false' }, icon('history'), h('span', { class: 'tool-label history-label' }, 'History'))
  const slot = h('div', { class: 'history-slot' })
  let panel: ReturnType<typeof historyPanel> | null = null
  const awaySlot = h('div', { class: 'away-slot' })
  const me = () => String((session.provider.awareness.getLocalState() as { user?: { name?: string } } | null)?.user?.name ?? '')
  const stopAway = watchAwayChanges(session, name, token, awaySlot, me)
  return {
    button,
    awaySlot,
    authors: h('div', { class: 'authors-control' }, authorsSwitch.element, authors.legend),
    panel: slot,
    extension: authors.extension,
    attach(view) {
      panel = historyPanel({ name, token, session, view, canEdit })
      slot.replaceChildren(panel.element)
      const sync = () => button.setAttribute('aria-pressed', String(panel!.isOpen))
      panel.element.addEventListener('click', (event) => (event.target as HTMLElement).closest('.history-close') && sync())
      button.addEventListener('click', () => {
        if (panel!.isOpen) panel!.close()
        else void panel!.open()
        sync()
      })
      // Escape in the panel, or on its button, closes it and leaves the keyboard on the button.
      const closeOnEscape = (event: KeyboardEvent) => {
        if (event.key !== 'Escape' || !panel!.isOpen) return
        event.preventDefault()
        panel!.close()
        sync()
        button.focus()
      }
      panel.element.addEventListener('keydown', closeOnEscape)
      button.addEventListener('keydown', closeOnEscape)
      authorsSwitch.input.addEventListener('change', () => void authors.setShown(view, authorsSwitch.input.checked))
    },
    destroy() {
      stopAway()
      panel?.destroy()
    },
  }
}
