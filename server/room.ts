import * as Y from 'yjs'
import { CloseCode, Limits, ProtocolError, closeCodeName, decodeMessage, encodeMessage, syncStep1, syncStep2, type Message } from '../shared/index.ts'
import { admitUpdate } from './admitUpdate.ts'
import { closeReason } from './closeReason.ts'
import { type Contributions, allItems, contribute } from './contributions.ts'
import { DurableAcks } from './durableAcks.ts'
import { fanOut } from './fanOut.ts'
import { type ChangeInput, ChangeRecorder } from './history/changeRecorder.ts'
import type { PeerSocket } from './peer.ts'
import { RoomAwareness } from './roomAwareness.ts'
import type { JoinOptions, RoomOptions } from './roomOptions.ts'
import { StoredSize } from './storedSize.ts'
import { WriteCheck } from './writeCheck.ts'
import { applyAndTell } from './yjsInternals.ts'

export type { JoinOptions, RoomOptions } from './roomOptions.ts'

/**
 * One document's relay: the server's replica of it (deleted content kept, for history), its
 * awareness, and its peers. Fed whole frames through {@link receive}; never touches a socket or
 * timer directly (time and the end of a turn come from its {@link Clock}). Every update is checked
 * by applying it to the replica (origin: the sending peer). Those that bring anything new, parts
 * waiting for missing dependencies included, are merged per turn, appended to the store as one
 * entry with who changed what (`ChangeRecorder`), and only once durable relayed to every other
 * peer, the same bytes to all that sent nothing (to all when many sent something: `sharedFrameAbove`).
 * Replies to sync step 1 also wait until all they contain is stored: no peer holds an edit the store could lose.
 */
export class Room {
  readonly doc = new Y.Doc({ gc: false })
  /** Each peer, how it joined, and when it was last sent a frame. */
  private readonly peers = new Map<PeerSocket, { options: JoinOptions; lastSent: number }>()
  private readonly presence = new RoomAwareness(this.doc, (origin): origin is PeerSocket => this.peers.has(origin as PeerSocket), () => this.scheduleFlush())
  private readonly acks = new DurableAcks<PeerSocket>()
  private readonly writeCheck = new WriteCheck(this.doc)
  private readonly changes = new ChangeRecorder<PeerSocket>(this.doc, (peer) => this.peers.get(peer)?.options.author ?? this.presence.nameOf(peer))
  /** This turn's updates from peers, to be stored and then relayed. */
  private pendingUpdates: Contributions<PeerSocket, Uint8Array> = new Map()
  /** This turn's updates already stored elsewhere, to be relayed only. */
  private pendingDurable: Uint8Array[] = []
  private flushScheduled = false
  /** Store writes and the sends that must follow them, in order. */
  private queue: Promise<void> = Promise.resolve()
  private closing: Promise<void> | null = null
  private failed = false
  private readonly sharedFrameAbove: number

  private constructor(
    readonly name: string,
    private readonly options: RoomOptions,
    private readonly stored: StoredSize,
  ) {
    this.sharedFrameAbove = options.sharedFrameAbove ?? 4
  }

  /** Loads a document from the store (snapshot, then log) and returns its room, ready for peers. */
  static async load(name: string, options: RoomOptions): Promise<Room> {
    const stored = await options.store.load(name)
    const room = new Room(name, options, new StoredSize(options, stored))
    Y.transact(room.doc, () => {
      if (stored.snapshot) Y.applyUpdate(room.doc, stored.snapshot)
      for (const { update } of stored.log) Y.applyUpdate(room.doc, update)
    })
    return room
  }

  /** The presence states of the room's peers. */
  get awareness() {
    return this.presence.awareness
  }

  /** Number of peers connected. */
  get size(): number {
    return this.peers.size
  }

  /** Whether the room has been closed (unloaded); a closed room accepts no peers. */
  get closed(): boolean {
    return this.closing !== null
  }

  /**
   * Adds a peer and starts the sync handshake: sends the relay's state vector (sync step 1) and
   * every awareness state. Returns false, doing nothing, when the room is closed or failed.
   */
  join(peer: PeerSocket, options: JoinOptions = {}): boolean {
    if (this.closed || this.failed) return false
    this.peers.set(peer, { options, lastSent: 0 })
    if (options.durableAck) this.acks.track(peer)
    this.send(peer, encodeMessage(syncStep1(this.doc)))
    if (this.awareness.states.size > 0) this.send(peer, this.presence.everything())
    return true
  }

  /**
   * Removes a peer: the awareness states it introduced are removed and the removal is relayed.
   * Calls `onRetire` when it was the last peer.
   */
  leave(peer: PeerSocket): void {
    if (!this.peers.delete(peer)) return
    this.acks.forget(peer)
    if (!this.closed) this.presence.release(peer)
    if (this.peers.size === 0) this.options.onRetire?.(this)
  }

  /**
   * Handles one binary frame from a peer. A frame that breaks the protocol closes that peer's
   * connection with a {@link CloseCode} naming why; nothing of it is stored or relayed. Never throws.
   */
  receive(peer: PeerSocket, data: Uint8Array): void {
    const record = this.peers.get(peer)
    if (!record || this.closed) return
    try {
      this.handle(peer, record.options, decodeMessage(data))
    } catch (error) {
      this.reject(peer, ProtocolError.from(error))
    }
  }

  /**
   * Applies an update that is already durably stored elsewhere (another relay process appended it
   * to the shared store) and relays it to every peer at the end of the turn, without storing it
   * again. Nothing is relayed when the replica already held all of it. Throws when `update` is not
   * a valid Yjs update.
   */
  applyDurable(update: Uint8Array): void {
    if (this.closed || this.failed) return
    if (!applyAndTell(this.doc, update, Y.decodeUpdate(update), null)) return
    this.stored.appended(update.length)
    this.pendingDurable.push(update)
    this.scheduleFlush()
  }

  /**
   * Moves this turn's updates into the store queue, queues the durable acknowledgements that follow
   * them, and relays this turn's already durable updates and awareness changes now.
   */
  flush(): void {
    this.flushScheduled = false
    if (this.pendingUpdates.size > 0) {
      const [contributions, change] = [this.pendingUpdates, this.changes.take(this.options.clock.now())]
      this.pendingUpdates = new Map()
      this.enqueue(() => this.storeAndRelay(contributions, change))
    }
    for (const [peer, count] of this.acks.due()) this.enqueue(() => this.acknowledge(peer, count))
    if (this.pendingDurable.length > 0) {
      const frame = updateFrame(mergeAll(this.pendingDurable.splice(0)))
      for (const peer of this.peers.keys()) this.send(peer, frame)
    }
    const quiet = (peer: PeerSocket) => this.options.clock.now() - (this.peers.get(peer)?.lastSent ?? 0) >= Limits.quietEchoMs
    this.presence.flush(this.peers.keys(), (peer, f) => this.send(peer, f), this.sharedFrameAbove, quiet)
  }

  /** Resolves once every update received so far is durable and relayed. */
  async settled(): Promise<void> {
    this.flush()
    await this.queue
  }

  /**
   * Unloads the room: flushes, waits for the store, merges the log into the snapshot, and frees the
   * replica. Peers still connected are not closed here; the caller does that. Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.settled()
      if (!this.failed && this.stored.hasLog) {
        try {
          await this.compact()
        } catch (error) {
          this.options.log.error({ err: error, doc: this.name }, 'compaction on unload failed; the log is kept')
        }
      }
      this.writeCheck.destroy()
      this.presence.destroy()
      this.doc.destroy()
    })()
    return this.closing
  }

  private handle(peer: PeerSocket, options: JoinOptions, message: Message): void {
    switch (message.type) {
      case 'syncStep1': {
        this.flush()
        const reply = encodeMessage(syncStep2(this.doc, message.stateVector))
        this.enqueue(() => this.send(peer, reply))
        return
      }
      case 'syncStep2':
      case 'syncUpdate':
        if (options.canWrite === false) this.refuseWrite(peer, message.update)
        else this.handleUpdate(peer, message.update)
        return
      case 'awareness':
        return this.presence.receive(peer, message.update, options.displayName)
      case 'queryAwareness':
        return this.send(peer, this.presence.everything())
      case 'permissionDenied':
        return // what a client says about permissions is not the relay's concern
      case 'durableAck':
        throw new ProtocolError(CloseCode.UnknownMessageType, 'durable acknowledgements are sent by the relay, not to it')
      default:
        throw new ProtocolError(CloseCode.UnknownMessageType, `unhandled message ${JSON.stringify(message satisfies never)}`)
    }
  }

  private handleUpdate(peer: PeerSocket, update: Uint8Array): void {
    if (applyAndTell(this.doc, update, admitUpdate(update, this.stored), peer)) {
      contribute(this.pendingUpdates, peer, update)
      this.scheduleFlush()
    }
    if (this.acks.received(peer)) this.scheduleFlush()
  }

  /**
   * A peer that may not write sent an update: refused when it would change anything, and then
   * never acknowledged, so its client keeps counting it unsaved; acknowledged when it changes nothing.
   */
  private refuseWrite(peer: PeerSocket, update: Uint8Array): void {
    if (!this.writeCheck.wouldChange(update)) return void (this.acks.received(peer) && this.scheduleFlush())
    this.options.log.info({ doc: this.name }, 'refused an update from a peer that may not write')
    this.options.observer?.writeRefused?.()
    this.send(peer, encodeMessage({ type: 'permissionDenied', reason: 'this link may read the document but not change it' }))
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return
    this.flushScheduled = true
    this.options.clock.afterTurn(() => this.flush())
  }

  private async storeAndRelay(contributions: Contributions<PeerSocket, Uint8Array>, change: ChangeInput): Promise<void> {
    if (this.failed) return
    const updates = allItems(contributions)
    const all = mergeAll(updates)
    const started = this.options.clock.now()
    const seq = await this.options.store.append(this.name, all, change)
    this.options.observer?.appended?.(this.options.clock.now() - started, all.length)
    this.stored.appended(all.length, seq)
    // Peers that sent nothing this turn get exactly what was stored; contributors get the others' part.
    const encode = (items: Uint8Array[]) => updateFrame(items.length === updates.length ? all : mergeAll(items))
    fanOut(contributions, this.peers.keys(), encode, (peer, f) => this.send(peer, f), this.sharedFrameAbove)
    if (this.stored.shouldCompact) await this.compact()
  }

  private async compact(): Promise<void> {
    const started = this.options.clock.now()
    const snapshot = Y.encodeStateAsUpdate(this.doc)
    await this.options.store.compact(this.name, snapshot, this.stored.seq)
    this.stored.compacted(snapshot.length)
    this.options.observer?.compacted?.(this.options.clock.now() - started)
  }

  /** Runs `task` after every store write queued before it; a failing write fails the room. */
  private enqueue(task: () => Promise<void> | void): void {
    this.queue = this.queue.then(task).catch((error) => this.storageFailed(error))
  }

  /**
   * The store failed. The replica may hold edits the store lacks, so it serves no one: every peer
   * is closed (its client keeps the edits and resends them to a room reloaded from the store).
   */
  private storageFailed(error: unknown): void {
    if (this.failed) return
    this.failed = true
    this.options.log.error({ err: error, doc: this.name }, 'store write failed; closing the room')
    this.options.observer?.storageFailed?.()
    for (const peer of [...this.peers.keys()]) peer.close(CloseCode.StorageFailure, 'the relay could not store an update; reconnect')
    this.options.onRetire?.(this)
  }

  /** Tells a peer that its first `count` sync frames are stored. */
  private acknowledge(peer: PeerSocket, count: number): void {
    if (this.failed || !this.acks.acknowledge(peer, count)) return
    this.send(peer, encodeMessage({ type: 'durableAck', count }))
  }

  private reject(peer: PeerSocket, error: ProtocolError): void {
    const kind = closeCodeName(error.code)
    this.options.log.warn({ doc: this.name, code: error.code, kind, reason: error.message }, 'closing connection: protocol error')
    this.options.observer?.rejected?.(kind)
    peer.close(error.code, closeReason(error.message))
    this.leave(peer)
  }

  private send(peer: PeerSocket, data: Uint8Array): void {
    if (!peer.isOpen()) return
    peer.send(data)
    const record = this.peers.get(peer)
    if (record) record.lastSent = this.options.clock.now()
    this.options.observer?.frameSent?.(data.length)
  }
}

function updateFrame(update: Uint8Array): Uint8Array {
  return encodeMessage({ type: 'syncUpdate', update })
}

function mergeAll(updates: Uint8Array[]): Uint8Array {
  return updates.length === 1 ? updates[0] : Y.mergeUpdates(updates)
}
