import '../styles/access.css'
import type { EditorView } from '@codemirror/view'
import { CloseCode } from '../../shared/closeCodes.ts'
import type { DocSession } from '../session/docSession.ts'
import { h } from '../ui/h.ts'
import { accessNotice } from './accessNotice.ts'
import { accessRefusal } from './accessRefusal.ts'
import type { PageAccess } from './pageAccess.ts'
import { setReadOnly } from './readOnly.ts'

export interface FollowAccessOptions {
  session: DocSession
  view: EditorView
  access: PageAccess
  /** Where the "View only" badge goes (beside the document's name). */
  title: HTMLElement
  /** Where a refusal's notice goes (under the top bar). */
  slot: HTMLElement
  /** Shows the "you need a link" page instead of the editor. */
  onNeedLink: () => void
}

/**
 * Keeps the editor in line with what this tab may do: read-only with a "View only" badge for a
 * view link; and when the relay refuses the tab (no valid link, revoked, expired, deleted), read-only
 * with a notice saying so, offering to copy or download changes that could not be saved. A tab
 * with nothing on this device and no valid link gets the "you need a link" page instead.
 * Returns the unsubscribe.
 */
export function followAccess({ session, view, access, title, slot, onNeedLink }: FollowAccessOptions): () => void {
  const badge = h('span', { class: 'role-badge', 'data-testid': 'role-badge', hidden: true })
  title.append(badge)
  const showBadge = (text: string, tip: string) => {
    badge.textContent = text
    badge.title = tip
    badge.hidden = false
  }
  if (access.kind === 'link' && access.held.role === 'view') {
    const why = 'You opened a view link: you see every change as it happens, but cannot edit.'
    setReadOnly(view, true)
    showBadge('View only', why)
    // Phones have no room beside the name; they get a line under the top bar instead.
    slot.replaceChildren(h('div', { class: 'view-only-bar', 'data-testid': 'view-only-bar' }, h('strong', {}, 'View only. '), 'You see every change as it happens, but cannot edit.'))
  }

  let shown: number | null = null
  const onState = (state: ReturnType<DocSession['connection']>) => {
    if (state.kind !== 'refused' || state.code === shown) return
    const refusal = accessRefusal(state.code)
    if (!refusal) return
    shown = state.code
    const unsaved = session.saves.unsaved
    const neverHadAccess = state.code === CloseCode.Unauthorized || state.code === CloseCode.Forbidden
    if (neverHadAccess && session.text.length === 0 && unsaved === 0) return onNeedLink()
    setReadOnly(view, true)
    badge.hidden = true
    slot.replaceChildren(accessNotice(session.name, refusal, unsaved, () => session.text.toString()))
  }
  onState(session.connection())
  return session.onConnection(onState)
}
