import { Limits } from '../shared/index.ts'
import type { Clock } from './clock.ts'
import type { PeerSocket } from './peer.ts'
import type { RoomObserver } from './roomObserver.ts'
import type { JoinOptions } from './roomOptions.ts'

/** The peers of one room: how each joined, and when each was last sent a frame. */
export class RoomPeers {
  private readonly records = new Map<PeerSocket, { options: JoinOptions; lastSent: number }>()
  /** A send that takes its peer first, for `fanOut` and the awareness flush. */
  readonly sender = (peer: PeerSocket, frame: Uint8Array): void => this.send(peer, frame)
  /** Whether a peer has been sent nothing for `Limits.quietEchoMs` (see `RoomAwareness.flush`). */
  readonly quiet = (peer: PeerSocket): boolean => this.clock.now() - (this.records.get(peer)?.lastSent ?? 0) >= Limits.quietEchoMs

  constructor(
    private readonly clock: Clock,
    private readonly observer?: RoomObserver,
  ) {}

  /** Number of peers. */
  get size(): number {
    return this.records.size
  }

  /** Adds `peer`, joined with `options`. */
  add(peer: PeerSocket, options: JoinOptions): void {
    this.records.set(peer, { options, lastSent: 0 })
  }

  /** Removes `peer`; returns whether it was there. */
  remove(peer: PeerSocket): boolean {
    return this.records.delete(peer)
  }

  /** Whether `peer` is in the room. */
  has(peer: PeerSocket): boolean {
    return this.records.has(peer)
  }

  /** How `peer` joined, or undefined when it is not in the room. */
  options(peer: PeerSocket): JoinOptions | undefined {
    return this.records.get(peer)?.options
  }

  /** Every peer, in the order they joined. */
  all(): IterableIterator<PeerSocket> {
    return this.records.keys()
  }

  /** Sends `frame` to `peer` if its socket is open, noting when and telling the observer. */
  send(peer: PeerSocket, frame: Uint8Array): void {
    if (!peer.isOpen()) return
    peer.send(frame)
    const record = this.records.get(peer)
    if (record) record.lastSent = this.clock.now()
    this.observer?.frameSent?.(frame.length)
  }
}
