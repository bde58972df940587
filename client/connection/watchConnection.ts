import type { WebsocketProvider } from 'y-websocket'
import { shouldReconnect } from '../../shared/closeCodes.ts'
import { connectionState, type ConnectionFacts, type ConnectionState } from './connectionState.ts'

/** A provider's connection, kept as one {@link ConnectionState} and steered by the app. */
export interface ConnectionWatch {
  state(): ConnectionState
  /** Calls `listener` with each new state. Returns the unsubscribe. */
  onChange(listener: (state: ConnectionState) => void): () => void
  /** Disconnects on purpose (`true`) or lets the provider connect again (`false`). */
  setWorkOffline(workOffline: boolean): void
  /** The number of changes made here that the relay has not yet stored (from `SaveTracker`). */
  setUnsaved(unsaved: number): void
  destroy(): void
}

/** The code a browser reports for a connection that ended without a close frame (network lost, server killed). */
const abnormalClosure = 1006

/**
 * Follows `provider` (created with `connect: false`) and the browser's network signal, derives the
 * state with `connectionState`, and connects or disconnects the provider to match: it connects
 * unless the person chose to work offline, the device has no network, or the relay refused the
 * document for good. A close the relay marks as transient (see `shared/closeCodes.ts`) shows as
 * `reconnecting` while the provider comes back with backoff; a final one as `refused`.
 * `unsaved` is the count of unsaved changes to start from.
 */
export function watchConnection(provider: WebsocketProvider, unsaved = 0): ConnectionWatch {
  const facts: ConnectionFacts = {
    workOffline: false,
    online: navigator.onLine,
    socket: 'closed',
    synced: false,
    failedSinceOpen: false,
    asked: null,
    refused: null,
    unsaved,
  }
  const listeners = new Set<(state: ConnectionState) => void>()
  let state = connectionState(facts)
  const update = (change: Partial<ConnectionFacts>) => {
    Object.assign(facts, change)
    const next = connectionState(facts)
    if (JSON.stringify(next) === JSON.stringify(state)) return
    state = next
    for (const listener of listeners) listener(state)
  }
  const reconcile = () => {
    const wanted = !facts.workOffline && facts.online && !facts.refused
    if (wanted && !provider.shouldConnect) provider.connect()
    if (!wanted && provider.shouldConnect) provider.disconnect()
  }

  provider.on('status', ({ status }) => {
    if (status === 'connected') update({ socket: 'open', failedSinceOpen: false, asked: null })
    else if (status === 'connecting') update({ socket: 'connecting' })
    else update({ socket: 'closed', synced: false })
  })
  provider.on('sync', (synced) => update({ synced }))
  provider.on('connection-close', (event) => {
    const socket = provider.shouldConnect ? 'connecting' : 'closed'
    // Emitted before the provider forgets the socket: whether it was open tells a lost connection from a failed attempt.
    const wasOpen = provider.wsconnected
    if (event && wasOpen && event.code !== abnormalClosure && shouldReconnect(event.code)) {
      // The relay closed it and said come back (shutting down, too slow, too fast, storage): the provider reconnects.
      update({ socket, synced: false, asked: { code: event.code, reason: event.reason } })
      return
    }
    // A close we asked for is not a failure; a dropped connection or a failed attempt is.
    update({ socket, synced: false, failedSinceOpen: provider.shouldConnect })
  })
  provider.on('closed', (event) => update({ refused: { code: event.code, reason: event.reason } }))

  // The browser's own network signal: disconnect at once rather than wait for a socket timeout.
  const onNetwork = () => {
    update({ online: navigator.onLine })
    reconcile()
  }
  window.addEventListener('online', onNetwork)
  window.addEventListener('offline', onNetwork)
  reconcile()

  return {
    state: () => state,
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    setWorkOffline(workOffline) {
      update({ workOffline })
      reconcile()
    },
    setUnsaved(unsaved) {
      update({ unsaved })
    },
    destroy() {
      window.removeEventListener('online', onNetwork)
      window.removeEventListener('offline', onNetwork)
      listeners.clear()
    },
  }
}
