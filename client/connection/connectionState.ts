/**
 * Where this tab stands with the relay, and whether its changes are stored there, as one tagged
 * union. The indicator renders exactly one of these (see `describeConnection`), so adding a state
 * is one new member and one new case, checked by the compiler.
 */
export type ConnectionState =
  /** Trying to open a connection for the first time, or again after it was lost. */
  | { kind: 'connecting' }
  /** Connected; exchanging what each side is missing. */
  | { kind: 'syncing' }
  /** Connected and caught up, and the relay has durably stored every change made here. */
  | { kind: 'saved' }
  /** Connected and caught up; `unsaved` changes made here are not yet durably stored by the relay. */
  | { kind: 'saving'; unsaved: number }
  /**
   * The relay closed the connection with a code that says come back (shutting down, this tab fell
   * behind or sent too fast, a storage hiccup); the provider is connecting again with backoff.
   * `unsaved` changes are kept on this device meanwhile.
   */
  | { kind: 'reconnecting'; code: number; reason: string; unsaved: number }
  /** Not connected. `unsaved` changes are kept on this device and merge when the connection is back. */
  | { kind: 'offline'; reason: OfflineReason; unsaved: number }
  /** The relay refused this document for good (a close code it says not to retry). */
  | { kind: 'refused'; code: number; reason: string }

/** Why a tab is offline: by choice, because the device has no network, or the relay is unreachable. */
export type OfflineReason = 'chosen' | 'no-network' | 'unreachable'

/** The facts the state is derived from; the session keeps these up to date from provider events. */
export interface ConnectionFacts {
  /** The person switched "work offline" on in this tab. */
  workOffline: boolean
  /** The browser reports a network (`navigator.onLine`). */
  online: boolean
  /** The WebSocket as the provider last reported it. */
  socket: 'connecting' | 'open' | 'closed'
  /** The provider has completed the sync handshake on the open socket. */
  synced: boolean
  /** A connection attempt failed or dropped since the socket was last open. */
  failedSinceOpen: boolean
  /** The relay closed the last open connection with a code that says come back; cleared once a socket opens. */
  asked: { code: number; reason: string } | null
  /** A close the relay marked as final, if one happened. */
  refused: { code: number; reason: string } | null
  /** Changes made on this device that the relay has not acknowledged as stored (`SaveTracker`). */
  unsaved: number
}

/** The state to show for a set of facts. Pure; the order of checks is the order of precedence. */
export function connectionState(facts: ConnectionFacts): ConnectionState {
  const { unsaved } = facts
  if (facts.refused) return { kind: 'refused', ...facts.refused }
  if (facts.workOffline) return { kind: 'offline', reason: 'chosen', unsaved }
  if (!facts.online) return { kind: 'offline', reason: 'no-network', unsaved }
  if (facts.socket === 'open') {
    if (!facts.synced) return { kind: 'syncing' }
    return unsaved === 0 ? { kind: 'saved' } : { kind: 'saving', unsaved }
  }
  if (facts.failedSinceOpen) return { kind: 'offline', reason: 'unreachable', unsaved }
  if (facts.asked) return { kind: 'reconnecting', ...facts.asked, unsaved }
  return { kind: 'connecting' }
}
