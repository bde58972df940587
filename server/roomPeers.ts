import { Limits } from '../shared/index.ts'
import type { Clock } from './clock.ts'
import { HeldFrames } from './heldFrames.ts'
import type { ReplyLane } from './replyLane.ts'
import type { PeerSocket } from './peer.ts'
import type { RoomObserver } from './roomObserver.ts'
import type { JoinOptions } from './roomOptions.ts'

/** What a room keeps of one peer. */
interface PeerRecord {
  options: JoinOptions
  /** When it was last sent (or held) a frame. */
  lastSent: number
  /** When it last sent an update that changed the document. */
  lastWrote: number
  /** Frames held until its sync reply has been written (see {@link RoomPeers.hold}); null when none are. */
  held: HeldFrames | null
  /** Writes its reply at once if it still waits for a lane (see `ReplyLane.send`); null when none waits. */
  hurryReply: (() => void) | null
}

/**
 * The peers of one room: how each joined, when each was last sent a frame, and what is held for
 * those waiting for their sync reply.
 */
export class RoomPeers {
  private readonly records = new Map<PeerSocket, PeerRecord>()
  /** A send that takes its peer first, for `fanOut` and the awareness flush. */
  readonly sender = (peer: PeerSocket, frame: Uint8Array): void => this.send(peer, frame)
  /** Whether a peer has been sent nothing for `Limits.quietEchoMs` (see `RoomAwareness.flush`). */
  readonly quiet = (peer: PeerSocket): boolean => this.clock.now() - (this.records.get(peer)?.lastSent ?? 0) >= Limits.quietEchoMs

  constructor(
    private readonly clock: Clock,
    private readonly observer?: RoomObserver,
    /** Where replies of at least {@link lanedReplyBytes} wait their turn; none: they are written at once. */
    private readonly lane?: ReplyLane,
  ) {}

  /** Number of peers. */
  get size(): number {
    return this.records.size
  }

  /** Adds `peer`, joined with `options`. */
  add(peer: PeerSocket, options: JoinOptions): void {
    this.records.set(peer, { options, lastSent: 0, lastWrote: -Infinity, held: null, hurryReply: null })
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

  /**
   * Notes that `peer` just changed the document: it is a writer for the next {@link writerMs}.
   * Returns whether it was a watcher until now.
   */
  wrote(peer: PeerSocket): boolean {
    const record = this.records.get(peer)
    if (!record) return false
    const now = this.clock.now()
    const wasWatching = now - record.lastWrote >= writerMs
    record.lastWrote = now
    return wasWatching
  }

  /** The peers that changed the document within the last {@link writerMs}. */
  writers(): IterableIterator<PeerSocket> {
    return this.byWriting(true)
  }

  /** The peers that have changed nothing for {@link writerMs} (or ever): the watchers. */
  watchers(): IterableIterator<PeerSocket> {
    return this.byWriting(false)
  }

  private *byWriting(writing: boolean): IterableIterator<PeerSocket> {
    const since = this.clock.now() - writerMs
    for (const [peer, record] of this.records) if (record.lastWrote > since === writing) yield peer
  }

  /**
   * Sends `frame` to `peer` if its socket is open, noting when and telling the observer; while
   * `peer` is held (see {@link hold}), keeps it instead, unless that passes `maxHeldBytes`.
   */
  send(peer: PeerSocket, frame: Uint8Array): void {
    if (!peer.isOpen()) return
    const record = this.records.get(peer)
    if (record) record.lastSent = this.clock.now()
    if (record?.held) {
      record.held.push(frame)
      if (record.held.bytes <= maxHeldBytes) return
      // A reply still waiting for a lane goes first, so what is held keeps following it.
      if (record.hurryReply) record.hurryReply()
      else this.release(peer)
      return
    }
    this.write(peer, frame)
  }

  /**
   * Runs `fn`, and writes what it sent to each peer in one write per peer (see `PeerSocket.cork`):
   * for a room that sends every peer several frames at once.
   */
  together(fn: () => void): void {
    const peers = [...this.records.keys()]
    for (const peer of peers) peer.cork?.()
    try {
      fn()
    } finally {
      for (const peer of peers) peer.uncork?.()
    }
  }

  /**
   * Holds what is sent to `peer` from now on, until {@link sendReply} has written its reply: a
   * peer that asked for the document cannot use relayed updates and presence before it has it, so
   * they reach it merged, right behind the reply, instead of one frame each (see `HeldFrames`).
   */
  hold(peer: PeerSocket): void {
    const record = this.records.get(peer)
    if (record) record.held ??= new HeldFrames()
  }

  /**
   * Sends `frames`, the reply to `peer`'s sync request, past anything held, and once the last
   * has been handed to the network, sends what was held. A reply of at least
   * {@link lanedReplyBytes} waits for a lane of the relay's {@link ReplyLane}, when there is one.
   * A reply made while an earlier one to the same peer still waits for a lane is held behind it
   * like any other frame, so the peer, which takes the first step 2 it reads to mean it holds the
   * whole document, reads the earlier one first.
   */
  sendReply(peer: PeerSocket, frames: readonly Uint8Array[]): void {
    if (!peer.isOpen()) return
    const record = this.records.get(peer)
    if (record?.hurryReply && record.held) {
      for (const frame of frames) this.send(peer, frame)
      return
    }
    let bytes = 0
    for (const frame of frames) bytes += frame.length
    if (!this.lane || !record || bytes < lanedReplyBytes) return this.writeReply(peer, frames, () => {})
    let started = false
    const hurry = this.lane.send((done) => {
      started = true
      record.hurryReply = null
      if (peer.isOpen() && this.records.get(peer) === record) this.writeReply(peer, frames, done)
      else done()
    })
    if (!started) record.hurryReply = hurry
  }

  private writeReply(peer: PeerSocket, frames: readonly Uint8Array[], done: () => void): void {
    const last = frames.length - 1
    frames.forEach((frame, index) => this.write(peer, frame, index === last ? () => (done(), this.release(peer)) : undefined))
  }

  /** Sends, merged, what is held for `peer`, and stops holding. */
  private release(peer: PeerSocket): void {
    const record = this.records.get(peer)
    const held = record?.held
    if (!held) return
    record.held = null
    if (peer.isOpen()) for (const frame of held.take()) this.write(peer, frame)
  }

  private write(peer: PeerSocket, frame: Uint8Array, written?: () => void): void {
    peer.send(frame, written)
    this.observer?.frameSent?.(frame.length)
  }
}

/** How long after its last change a peer counts as a writer rather than a watcher (see `WatcherBatch`). */
export const writerMs = 10_000

/** Replies this large or larger wait for a lane of the relay's `ReplyLane`. */
export const lanedReplyBytes = 256 * 1024

/** Bytes held for one peer past which they are sent anyway (and count against its send buffer). */
const maxHeldBytes = 1024 * 1024
