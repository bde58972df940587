import type { WebsocketProvider } from 'y-websocket'
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

/**
 * Follows `provider` (created with `connect: false`) and the browser's network signal, derives the
 * state with `connectionState`, and connects or disconnects the provider to match: it connects
 * unless the person chose to work offline, the device has no network, or the relay refused the
 * document for good. `unsaved` is the count of unsaved changes to start from.
 */
export function watchConnection(provider: WebsocketProvider, unsaved = 0): ConnectionWatch {
  const facts: ConnectionFacts = {
    workOffline: false,
    online: navigator.onLine,
    socket: 'closed',
    synced: false,
    failedSinceOpen: false,
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
