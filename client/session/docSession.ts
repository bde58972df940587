import { IndexeddbPersistence } from 'y-indexeddb'
import { removeAwarenessStates } from 'y-protocols/awareness'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { connectionState, type ConnectionFacts, type ConnectionState } from '../connection/connectionState.ts'
import { encodeDocName } from '../routing/route.ts'
import type { Identity } from '../storage/identity.ts'
import { lightColor } from '../presence/palette.ts'

/** Everything one open document needs: the replica, its local copy, the relay link and undo. */
export interface DocSession {
  readonly name: string
  readonly doc: Y.Doc
  /** The shared text the editor binds to (`doc.getText('codemirror')`). */
  readonly text: Y.Text
  readonly provider: WebsocketProvider
  /** Undoes this person's own edits only: remote changes are not tracked. */
  readonly undoManager: Y.UndoManager
  /** Whether the local copy had anything in it when the document opened. */
  readonly openedFromDevice: boolean
  connection(): ConnectionState
  /** Calls `listener` with each new connection state. Returns the unsubscribe. */
  onConnection(listener: (state: ConnectionState) => void): () => void
  /** Disconnects this tab on purpose (`true`) or lets it connect again (`false`). */
  setWorkOffline(workOffline: boolean): void
  /** Shows this person to others with `identity`'s name and colour. */
  setIdentity(identity: Identity): void
  destroy(): void
}

/** How long to wait for IndexedDB before opening without it (it can hang in some private modes). */
const localLoadTimeoutMs = 3000

/**
 * Opens document `name`: loads the local copy from IndexedDB first, so the text is there before
 * (or without) the server, then connects to the relay at `serverUrl`. The room name is the
 * document name with each `/`-segment percent-encoded, as the relay expects.
 */
export async function openDocSession(name: string, serverUrl: string, identity: Identity): Promise<DocSession> {
  const doc = new Y.Doc()
  const text = doc.getText('codemirror')
  const local = new IndexeddbPersistence(`mergepad/${name}`, doc)
  await Promise.race([local.whenSynced, new Promise((resolve) => setTimeout(resolve, localLoadTimeoutMs))])
  const openedFromDevice = text.length > 0
  performance.mark('mergepad:local-loaded')

  const facts: ConnectionFacts = {
    workOffline: false,
    online: navigator.onLine,
    socket: 'closed',
    synced: false,
    failedSinceOpen: false,
    refused: null,
  }
  const provider = new WebsocketProvider(serverUrl, encodeDocName(name), doc, { connect: false })
  const listeners = new Set<(state: ConnectionState) => void>()
  let state = connectionState(facts)
  const update = (change: Partial<ConnectionFacts>) => {
    Object.assign(facts, change)
    const next = connectionState(facts)
    if (JSON.stringify(next) === JSON.stringify(state)) return
    state = next
    for (const listener of listeners) listener(state)
  }
  const shouldConnect = () => !facts.workOffline && facts.online && !facts.refused
  const reconcile = () => {
    if (shouldConnect() && !provider.shouldConnect) provider.connect()
    if (!shouldConnect() && provider.shouldConnect) provider.disconnect()
  }

  provider.on('status', ({ status }) => {
    if (status === 'connected') update({ socket: 'open', failedSinceOpen: false })
    else if (status === 'connecting') update({ socket: 'connecting' })
    else update({ socket: 'closed', synced: false })
  })
  provider.on('sync', (synced) => update({ synced }))
  provider.on('connection-close', () => {
    // A close we asked for is not a failure; one we did not ask for is.
    update({ socket: provider.shouldConnect ? 'connecting' : 'closed', synced: false, failedSinceOpen: provider.shouldConnect })
  })
  provider.on('closed', (event) => update({ refused: { code: event.code, reason: event.reason } }))

  // The browser's own network signal: disconnect at once rather than wait for a socket timeout.
  const onNetwork = () => {
    update({ online: navigator.onLine })
    reconcile()
  }
  window.addEventListener('online', onNetwork)
  window.addEventListener('offline', onNetwork)
  // Leave at once when the tab closes, so others do not see a stale caret until it times out.
  const onPageHide = () => removeAwarenessStates(provider.awareness, [doc.clientID], 'page hidden')
  const onPageShow = (event: PageTransitionEvent) => event.persisted && session.setIdentity(currentIdentity)
  window.addEventListener('pagehide', onPageHide)
  window.addEventListener('pageshow', onPageShow)
  let currentIdentity = identity

  const undoManager = new Y.UndoManager(text)
  const session: DocSession = {
    name,
    doc,
    text,
    provider,
    undoManager,
    openedFromDevice,
    connection: () => state,
    onConnection(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    setWorkOffline(workOffline) {
      update({ workOffline })
      reconcile()
    },
    setIdentity(who) {
      currentIdentity = who
      provider.awareness.setLocalStateField('user', { name: who.name, color: who.color, colorLight: lightColor(who.color) })
    },
    destroy() {
      window.removeEventListener('online', onNetwork)
      window.removeEventListener('offline', onNetwork)
      window.removeEventListener('pagehide', onPageHide)
      window.removeEventListener('pageshow', onPageShow)
      listeners.clear()
      undoManager.destroy()
      provider.destroy()
      void local.destroy()
      doc.destroy()
    },
  }
  session.setIdentity(identity)
  reconcile()
  return session
}
