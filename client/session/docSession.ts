import { IndexeddbPersistence } from 'y-indexeddb'
import { removeAwarenessStates } from 'y-protocols/awareness'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { tokenParam } from '../../shared/access.ts'
import { shouldReconnect } from '../../shared/closeCodes.ts'
import { encodeDocName } from '../../shared/docName.ts'
import { durableAckParam } from '../../shared/protocol/messageType.ts'
import type { ConnectionState } from '../connection/connectionState.ts'
import { watchConnection, type ConnectionWatch } from '../connection/watchConnection.ts'
import { lightColor } from '../presence/palette.ts'
import { countingSocket } from '../saving/countingSocket.ts'
import { followSaves } from '../saving/followSaves.ts'
import { SaveTracker } from '../saving/saveTracker.ts'
import { readUnsavedCount, writeUnsavedCount } from '../saving/unsavedCount.ts'
import type { Identity } from '../storage/identity.ts'

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
  /** Counts this tab's changes that the relay has not yet durably stored. */
  readonly saves: SaveTracker
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
 * document name with each `/`-segment percent-encoded, as the relay expects. The connection asks
 * for durable acknowledgements, and the count of changes not yet stored is kept across reloads.
 * `token`, a share link's, goes to the relay as the `token` URL parameter.
 */
export async function openDocSession(name: string, serverUrl: string, identity: Identity, token: string | null = null): Promise<DocSession> {
  const doc = new Y.Doc()
  const text = doc.getText('codemirror')
  const local = new IndexeddbPersistence(`mergepad/${name}`, doc)
  await Promise.race([local.whenSynced, new Promise((resolve) => setTimeout(resolve, localLoadTimeoutMs))])
  const openedFromDevice = text.length > 0
  performance.mark('mergepad:local-loaded')

  let connection: ConnectionWatch | undefined
  const saves = new SaveTracker(readUnsavedCount(name), (unsaved) => {
    writeUnsavedCount(name, unsaved)
    connection?.setUnsaved(unsaved)
  })
  const provider = new WebsocketProvider(serverUrl, encodeDocName(name), doc, {
    connect: false,
    params: { [durableAckParam]: '1', ...(token ? { [tokenParam]: token } : {}) },
    WebSocketPolyfill: countingSocket(WebSocket, saves),
    // The relay's own table decides, so a standard code it marks final (1003, 1009) is not retried in a loop.
    shouldReconnect: (event) => shouldReconnect(event.code),
  })
  const stopFollowingSaves = followSaves(doc, provider, saves, [provider, local])
  const undoManager = new Y.UndoManager(text)
  let currentIdentity = identity
  const setIdentity = (who: Identity) => {
    currentIdentity = who
    provider.awareness.setLocalStateField('user', { name: who.name, color: who.color, colorLight: lightColor(who.color) })
  }
  setIdentity(identity)

  // Leave at once when the tab closes, so others do not see a stale caret until it times out;
  // come back if the page is restored from the back/forward cache.
  const onPageHide = () => removeAwarenessStates(provider.awareness, [doc.clientID], 'page hidden')
  const onPageShow = (event: PageTransitionEvent) => event.persisted && setIdentity(currentIdentity)
  window.addEventListener('pagehide', onPageHide)
  window.addEventListener('pageshow', onPageShow)

  const watch = watchConnection(provider, saves.unsaved)
  connection = watch
  return {
    name,
    doc,
    text,
    provider,
    undoManager,
    openedFromDevice,
    saves,
    connection: watch.state,
    onConnection: watch.onChange,
    setWorkOffline: watch.setWorkOffline,
    setIdentity,
    destroy() {
      window.removeEventListener('pagehide', onPageHide)
      window.removeEventListener('pageshow', onPageShow)
      watch.destroy()
      stopFollowingSaves()
      undoManager.destroy()
      provider.destroy()
      void local.destroy()
      doc.destroy()
    },
  }
}
