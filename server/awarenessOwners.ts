import { filterAwarenessUpdate } from './awarenessFilter.ts'

/**
 * Who introduced each awareness client id in a room, so that a connection can change and remove
 * only the presence it brought: one connection cannot overwrite or delete the caret of a client id
 * another live connection introduced, and when a connection goes, exactly its states go with it.
 * A state the room holds that no connection here introduced came from another relay of a cluster
 * (its peer is connected there): no connection here may change it either.
 */
export class AwarenessOwners<Peer> {
  private readonly owners = new Map<number, Peer>()
  private readonly owned = new Map<Peer, Set<number>>()

  /** `held` tells whether the room holds a state for a client id now. */
  constructor(private readonly held: (clientId: number) => boolean) {}

  /**
   * Filters an awareness update `peer` sent: entries for client ids another peer owns, or held
   * without an owner here, are dropped (stock providers echo every change back, so that is
   * routine), and with `displayName` every state's `user.name` is replaced by it. The client ids
   * the update introduces with a newer clock than `knownClock` reports become `peer`'s. Returns the
   * update to apply and how many entries were dropped. Throws, recording nothing, when the update
   * is malformed.
   */
  accept(peer: Peer, update: Uint8Array, knownClock: (clientId: number) => number | undefined, displayName?: string): { update: Uint8Array; dropped: number } {
    const rename = displayName === undefined ? undefined : (state: unknown) => withUserName(state, displayName)
    const mayChange = (client: number) => this.owners.get(client) === peer || (!this.owners.has(client) && !this.held(client))
    const filtered = filterAwarenessUpdate(update, mayChange, rename)
    for (const { clientId, clock, state } of filtered.kept) {
      const known = knownClock(clientId)
      if (state === 'null' || (known !== undefined && known >= clock)) continue
      this.owners.set(clientId, peer)
      let clients = this.owned.get(peer)
      if (!clients) this.owned.set(peer, (clients = new Set()))
      clients.add(clientId)
    }
    return { update: filtered.update, dropped: filtered.dropped }
  }

  /** Forgets `peer` and returns the client ids it owned, whose states should now be removed. */
  release(peer: Peer): number[] {
    const clients = this.owned.get(peer)
    if (!clients) return []
    this.owned.delete(peer)
    for (const client of clients) this.owners.delete(client)
    return [...clients]
  }
}

/** `state` with `user.name` set to `name` (other fields of `user` kept). */
function withUserName(state: unknown, name: string): unknown {
  if (typeof state !== 'object' || state === null || Array.isArray(state)) return { user: { name } }
  const { user } = state as { user?: unknown }
  const fields = typeof user === 'object' && user !== null && !Array.isArray(user) ? user : {}
  return { ...state, user: { ...fields, name } }
}
