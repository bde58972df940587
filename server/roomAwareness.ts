import * as awarenessProtocol from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { encodeMessage } from '../shared/index.ts'
import { AwarenessOwners } from './awarenessOwners.ts'
import { type Contributions, contribute } from './contributions.ts'
import { fanOut } from './fanOut.ts'

interface AwarenessChanges {
  added: number[]
  updated: number[]
  removed: number[]
}

/**
 * A room's presence: the awareness states of its peers, who owns which, and the changes of the
 * current turn waiting to be relayed. The relay has no presence of its own.
 */
export class RoomAwareness<Peer> {
  readonly awareness: awarenessProtocol.Awareness
  private readonly owners = new AwarenessOwners<Peer>((client) => this.awareness.states.has(client))
  /** The last `user.name` each peer announced; kept after it leaves, for its last changes. */
  private readonly names = new WeakMap<Peer & object, string>()
  private pending: Contributions<Peer, number> = new Map()
  /** {@link everything}'s frame, until the states change. */
  private everythingFrame: Uint8Array | null = null

  /**
   * `isPeer` tells a connected peer from anything else that applied a change (the relay itself);
   * `changed` is called after every change, so the room can schedule the end of its turn.
   */
  constructor(
    doc: Y.Doc,
    private readonly isPeer: (origin: unknown) => origin is Peer,
    private readonly changed: () => void,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc)
    this.awareness.setLocalState(null)
    this.awareness.on('update', ({ added, updated, removed }: AwarenessChanges, origin: unknown) => {
      this.everythingFrame = null
      const from = this.isPeer(origin) ? origin : null
      for (const client of [...added, ...updated, ...removed]) contribute(this.pending, from, client)
      if (from !== null) for (const client of [...added, ...updated]) this.noteName(from, client)
      this.changed()
    })
  }

  /**
   * Applies an awareness update from `peer`, keeping only the entries it may write (see
   * {@link AwarenessOwners.accept}); stock providers echo every change back, so entries for
   * others' clients are routine and dropped quietly. Throws, applying nothing, when the update is
   * malformed.
   */
  receive(peer: Peer, update: Uint8Array, displayName?: string): void {
    const accepted = this.owners.accept(peer, update, (client) => this.awareness.meta.get(client)?.clock, displayName)
    awarenessProtocol.applyAwarenessUpdate(this.awareness, accepted.update, peer)
  }

  /** The name `peer` last announced in its awareness state (`user.name`), if any. */
  nameOf(peer: Peer): string | undefined {
    return this.names.get(peer as Peer & object)
  }

  /** Removes the states `peer` introduced; the removal is relayed with the turn. */
  release(peer: Peer): void {
    const clients = this.owners.release(peer)
    if (clients.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, clients, null)
  }

  /**
   * A frame with every state known, for a peer that just joined or asked. Encoded once and shared
   * until a state changes, so a crowd joining in one turn costs one encoding, not one per joiner.
   */
  everything(): Uint8Array {
    this.everythingFrame ??= this.frame([...this.awareness.states.keys()])
    return this.everythingFrame
  }

  /** Whether changes wait to be relayed. */
  get hasChanges(): boolean {
    return this.pending.size > 0
  }

  /**
   * Relays this turn's changes to `peers`. A peer does not get its own changes back, unless
   * `quiet` says it has been sent nothing for long: then its own renewal is echoed, so that a
   * stock provider alone in a room still hears from the relay (see `Limits.quietEchoMs`).
   */
  flush(peers: Iterable<Peer>, send: (peer: Peer, frame: Uint8Array) => void, sharedFrameAbove: number, quiet: (peer: Peer) => boolean): void {
    if (this.pending.size === 0) return
    const contributions = this.pending
    this.pending = new Map()
    const echoes = [...contributions].filter(([peer]) => peer !== null && quiet(peer))
    fanOut(contributions, peers, (clients) => this.frame(clients), send, sharedFrameAbove)
    for (const [peer, clients] of echoes) send(peer!, this.frame(clients))
  }

  destroy(): void {
    this.pending.clear()
    this.awareness.destroy()
  }

  private noteName(peer: Peer, client: number): void {
    const name = (this.awareness.states.get(client)?.user as { name?: unknown } | undefined)?.name
    if (typeof name === 'string' && name.trim() !== '') this.names.set(peer as Peer & object, name.trim().slice(0, 100))
  }

  private frame(clients: number[]): Uint8Array {
    return encodeMessage({ type: 'awareness', update: awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients) })
  }
}
