import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { scenarioOrigin } from '../model/applyToText.ts'
import type { ReplicaName } from '../model/cast.ts'
import { appendOp, opsOfEvent, type LoggedOp } from '../model/opLog.ts'
import { countingWebSocket, noTraffic, type Traffic } from './traffic.ts'

/** How a replica's link to the relay is doing. */
export type Link = 'offline' | 'connecting' | 'syncing' | 'synced'

/**
 * One of the demo's leaders: its own Y.Doc and its own connection to the relay, with the
 * bookkeeping the page shows (local edits with their ids, traffic, link state).
 */
export interface Replica {
  readonly name: ReplicaName
  readonly doc: Y.Doc
  /** The shared text (`doc.getText('codemirror')`). */
  readonly text: Y.Text
  readonly provider: WebsocketProvider
  /** Undoes this replica's own edits only. */
  readonly undoManager: Y.UndoManager
  readonly traffic: Readonly<Traffic>
  /** This replica's local inserts and deletes, oldest first. */
  log(): readonly LoggedOp[]
  link(): Link
  /** Whether the switch is on: the replica wants to be connected. */
  wantsOnline(): boolean
  /** Cuts the replica off from the relay (`false`), or lets it reconnect and merge (`true`). */
  setOnline(online: boolean): void
  /** Calls `listener` after anything shown about the replica changes. Returns the unsubscribe. */
  onChange(listener: () => void): () => void
  destroy(): void
}

/**
 * Creates replica `name` holding `seed` (the starting text, as a Yjs update) and connects it to
 * room `room` (already percent-encoded per segment) of the relay at `serverUrl`. Its caret shows
 * in the others' editors in `color` (`#rrggbb`), its selections in the same at 14% opacity.
 * BroadcastChannel is off: the three replicas share a tab, and must only meet through the relay.
 */
export function createReplica(name: ReplicaName, color: string, serverUrl: string, room: string, seed: Uint8Array): Replica {
  const doc = new Y.Doc()
  const text = doc.getText('codemirror')
  Y.applyUpdate(doc, seed)
  const listeners = new Set<() => void>()
  const changed = () => listeners.forEach((listener) => listener())

  let log: LoggedOp[] = []
  text.observe((event) => {
    if (!event.transaction.local) return
    // Typing merges into one entry per word; each scripted edit of a scenario keeps its own.
    const scripted = event.transaction.origin === scenarioOrigin
    for (const op of opsOfEvent(event)) log = scripted ? [...log, op] : appendOp(log, op)
  })
  doc.on('update', changed)

  const traffic = noTraffic()
  const provider = new WebsocketProvider(serverUrl, room, doc, {
    disableBc: true,
    WebSocketPolyfill: countingWebSocket(traffic, changed),
  })
  provider.awareness.setLocalStateField('user', { name, color, colorLight: `${color}24` })
  provider.on('status', changed)
  provider.on('sync', changed)

  const undoManager = new Y.UndoManager(text)
  return {
    name,
    doc,
    text,
    provider,
    undoManager,
    traffic,
    log: () => log,
    link: () => (!provider.shouldConnect ? 'offline' : !provider.wsconnected ? 'connecting' : provider.synced ? 'synced' : 'syncing'),
    wantsOnline: () => provider.shouldConnect,
    setOnline(online) {
      if (online) provider.connect()
      else provider.disconnect()
      changed()
    },
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    destroy() {
      listeners.clear()
      undoManager.destroy()
      provider.destroy()
      doc.destroy()
    },
  }
}
