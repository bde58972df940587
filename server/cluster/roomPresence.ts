import * as awarenessProtocol from 'y-protocols/awareness'
import { decodeAwarenessEntries } from '../../shared/index.ts'
import type { Clock } from '../clock.ts'

/** The origin of awareness changes that came from other relays, so they are not sent back. */
const fromOtherNodes = Symbol('other relays')

/**
 * One room's presence across relays. It publishes, once per turn, the awareness changes of this
 * relay's own peers (joins, carets, renewals, departures), and applies those other relays
 * publish to the room's awareness, which relays them to the local peers as any change. It
 * remembers which relay each remote client id came from, so that when a relay dies or leaves,
 * {@link dropNode} removes exactly its peers' states (a client that moved to another relay since
 * belongs to that one). Timeouts of y-protocols (30 s without renewal) are not published: every
 * relay times states out by itself.
 */
export class RoomPresence {
  /** Remote client id → the node it came from. */
  private readonly owners = new Map<number, string>()
  private pending = new Set<number>()
  private readonly listener: (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => void

  /** `publish` sends an awareness update to the other relays. */
  constructor(
    private readonly awareness: awarenessProtocol.Awareness,
    private readonly clock: Clock,
    private readonly publish: (update: Uint8Array) => void,
  ) {
    this.listener = ({ added, updated, removed }, origin) => {
      if (origin === fromOtherNodes || origin === 'timeout') return
      const wasIdle = this.pending.size === 0
      for (const client of [...added, ...updated, ...removed]) {
        if (client === this.awareness.clientID) continue
        this.owners.delete(client)
        this.pending.add(client)
      }
      if (wasIdle && this.pending.size > 0) this.clock.afterTurn(() => this.flush())
    }
    awareness.on('update', this.listener)
  }

  /** Applies an awareness update that relay `node` published. Throws, applying nothing, when malformed. */
  applyRemote(node: string, update: Uint8Array): void {
    const entries = decodeAwarenessEntries(update)
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, fromOtherNodes)
    for (const { clientId, clock, state } of entries) {
      if (this.awareness.meta.get(clientId)?.clock !== clock) continue // an older state than the one held
      if (state === 'null') this.owners.delete(clientId)
      else this.owners.set(clientId, node)
    }
  }

  /** Removes the states of every client that came from relay `node` (it died or left). */
  dropNode(node: string): void {
    const gone = [...this.owners].filter(([, owner]) => owner === node).map(([client]) => client)
    for (const client of gone) this.owners.delete(client)
    const held = gone.filter((client) => this.awareness.states.has(client))
    if (held.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, held, fromOtherNodes)
  }

  /** An awareness update with every state of this relay's own peers, or null when there is none. */
  localStates(): Uint8Array | null {
    const local = [...this.awareness.states.keys()].filter((client) => client !== this.awareness.clientID && !this.owners.has(client))
    return local.length === 0 ? null : awarenessProtocol.encodeAwarenessUpdate(this.awareness, local)
  }

  /** Stops listening (the room unloads). */
  destroy(): void {
    this.awareness.off('update', this.listener)
    this.pending.clear()
  }

  private flush(): void {
    if (this.pending.size === 0) return
    const clients = [...this.pending]
    this.pending = new Set()
    this.publish(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients))
  }
}
