import { syntaxTreeAvailable } from '@codemirror/language'
import type { EditorView } from '@codemirror/view'
import { followAccess } from '../access/followAccess.ts'
import { mountNeedLinkPage } from '../access/needLinkPage.ts'
import { pageAccess, type PageAccess } from '../access/pageAccess.ts'
import { renderConnection } from '../connection/renderConnection.ts'
import { peopleView } from '../presence/peopleView.ts'
import { inAppLink } from '../routing/navigate.ts'
import { openDocSession, type DocSession } from '../session/docSession.ts'
import { relayUrl } from '../session/relayUrl.ts'
import { shareMenu } from '../share/shareMenu.ts'
import { loadIdentity } from '../storage/identity.ts'
import { rememberOpened } from '../storage/recentDocs.ts'
import { historyChrome } from '../history/historyChrome.ts'
import { h } from '../ui/h.ts'
import { brandMark } from '../ui/brandMark.ts'
import { createSwitch } from '../ui/switch.ts'
import { writingChrome } from '../writing/writingChrome.ts'
import { createEditor } from './createEditor.ts'
import { textStats, textStatsParts } from './textStats.ts'

/** What the page exposes on `window.mergepad` for browser tests and measurements. */
export interface EditorHandle {
  session: DocSession
  view: EditorView
  /** The editor's current text. */
  text(): string
  /**
   * Whether the Markdown parser has reached the end of the text: until then, lines below where it
   * stopped are not yet styled (a heading grows when it is), so what is on screen may still move.
   */
  parsed(): boolean
}

declare global {
  interface Window {
    mergepad?: EditorHandle
  }
}

/**
 * The editor page for document `name`: the document opens from this device's copy at once, then
 * syncs through the relay. Returns the function that closes it.
 */
export function mountEditorPage(root: HTMLElement, name: string): () => void {
  let closed = false
  let teardown = () => {}
  const identity = loadIdentity()
  rememberOpened(name)
  document.title = `${name} · Mergepad`

  const pill = h('button', { class: 'status-pill', type: 'button', 'data-testid': 'status' }, h('span', { class: 'status-dot' }), h('span', { class: 'status-label' }, 'Opening…'))
  const banner = h('div', { class: 'banner', 'data-testid': 'connection-banner', role: 'status', hidden: true })
  const paper = h('div', { class: 'paper', 'data-testid': 'editor' }, h('div', { class: 'paper-loading' }, 'Opening…'))
  const stats = h('span', { class: 'stats', 'data-testid': 'stats' })
  const offlineSwitch = createSwitch({ label: 'Work offline', tone: 'offline', testId: 'work-offline' })
  const actions = h('div', { class: 'topbar-actions' })
  const title = h('div', { class: 'doc-title' }, h('h1', { class: 'doc-name', 'data-testid': 'doc-name', title: name }, name))
  const accessSlot = h('div', { class: 'access-slot' })
  const writing = writingChrome(name)

  root.replaceChildren(
    h(
      'div',
      { class: 'editor-page' },
      h(
        'header',
        { class: 'topbar' },
        inAppLink(h('a', { class: 'brand', href: '/', 'aria-label': 'Mergepad home' }, brandMark())),
        title,
        writing.tools.bar,
        actions,
        writing.tools.more,
        pill,
      ),
      writing.tools.viewBar,
      banner,
      accessSlot,
      h('main', { class: 'paper-wrap' }, writing.tools.outlinePanel, paper, writing.preview),
      h('footer', { class: 'statusbar' }, stats, offlineSwitch.element),
      writing.announcer,
    ),
  )
  writing.mount(root.firstElementChild as HTMLElement)

  const showFailure = (error: unknown) => {
    console.error('could not open the document', error)
    const message = error instanceof Error ? error.message : String(error)
    pill.dataset.tone = 'error'
    pill.dataset.state = 'failed'
    pill.dataset.narrowLabel = 'Not open'
    pill.title = message
    pill.setAttribute('aria-label', 'Couldn’t open')
    pill.querySelector('.status-label')!.textContent = 'Couldn’t open'
    paper.replaceChildren(
      h(
        'div',
        { class: 'paper-error', role: 'alert', 'data-testid': 'open-error' },
        h('h2', {}, 'This document could not be opened'),
        h('p', { class: 'paper-error-why' }, message),
        h('p', {}, 'Anything written here before is still kept on this device. Reload to try again.'),
        h('button', { class: 'button button-primary', type: 'button', onclick: () => location.reload() }, 'Reload'),
      ),
    )
  }

  const mount = (session: DocSession, access: Exclude<PageAccess, { kind: 'needLink' }>) => {
    const people = peopleView(session.provider.awareness, identity, (who) => session.setIdentity(who))
    const history = historyChrome(name, session, access)
    actions.replaceChildren(history.button, people.element, shareMenu(name, () => session.text.toString(), access))
    offlineSwitch.element.after(history.authors)
    root.firstElementChild!.append(history.panel)
    accessSlot.after(history.awaySlot)

    let statsTimer: ReturnType<typeof setTimeout> | undefined
    const [statsWords, statsCharacters] = [document.createTextNode(''), h('span', { class: 'stats-characters' })]
    stats.replaceChildren(statsWords, statsCharacters)
    const showStats = () => ([statsWords.textContent, statsCharacters.textContent] = textStatsParts(textStats(session.text.toString())))
    paper.replaceChildren()
    const view = createEditor(paper, session, () => {
      // Counting is cheap for ordinary documents; long ones are counted once typing pauses.
      clearTimeout(statsTimer)
      statsTimer = setTimeout(showStats, session.text.length < 20_000 ? 0 : 200)
    }, [writing.extensions(session), history.extension])
    history.attach(view)
    showStats()
    const stopAccess = followAccess({ session, view, access, title, slot: accessSlot, onNeedLink: () => (teardown(), mountNeedLinkPage(root, name)) })
    performance.mark('mergepad:editable')

    const connectionView = { pill, banner }
    renderConnection(connectionView, session.connection())
    const unsubscribe = session.onConnection((state) => renderConnection(connectionView, state))
    pill.addEventListener('click', () => (banner.hidden = !banner.hidden))
    offlineSwitch.input.addEventListener('change', () => session.setWorkOffline(offlineSwitch.input.checked))

    const stopWriting = writing.attach(session, view)
    window.mergepad = { session, view, text: () => view.state.doc.toString(), parsed: () => syntaxTreeAvailable(view.state) }
    if (!matchMedia('(pointer: coarse)').matches) view.focus()
    teardown = () => {
      clearTimeout(statsTimer)
      stopAccess()
      stopWriting()
      history.destroy()
      unsubscribe()
      people.destroy()
      view.destroy()
      session.destroy()
      delete window.mergepad
    }
  }

  // Opening can fail (no WebSocket, storage errors, an editor that will not build): say so rather than "Opening…" for ever.
  void pageAccess(name)
    .then(async (access) => {
      if (closed) return
      if (access.kind === 'needLink') return void mountNeedLinkPage(root, name)
      const session = await openDocSession(name, relayUrl(), identity, access.kind === 'link' ? access.held.token : null)
      if (closed) return session.destroy()
      try {
        mount(session, access)
      } catch (error) {
        showFailure(error)
        session.destroy()
      }
    })
    .catch((error: unknown) => closed || showFailure(error))

  return () => {
    closed = true
    teardown()
    writing.destroy()
  }
}
