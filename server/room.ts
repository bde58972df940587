import * as Y from 'yjs'
import { CloseCode, ProtocolError, closeCodeName, decodeMessage, encodeMessage, syncStep1, type Message } from '../shared/index.ts'
import { admitUpdate } from './admitUpdate.ts'
import { closeReason } from './closeReason.ts'
import { type Contributions, allItems, contribute } from './contributions.ts'
import { DurableAcks } from './durableAcks.ts'
import { BatchWindow } from './batchWindow.ts'
import { fanOut } from './fanOut.ts'
import { ChangeRecorder } from './history/changeRecorder.ts'
import type { PeerSocket } from './peer.ts'
import { RoomAwareness } from './roomAwareness.ts'
import { RoomPeers } from './roomPeers.ts'
import type { JoinOptions, RoomOptions } from './roomOptions.ts'
import { StoreBatch } from './storeBatch.ts'
import { StoreQueue } from './storeQueue.ts'
import { RoomStore, replySeed } from './roomStore.ts'
import { DocumentRemovedError, type StoredDoc } from './store/docStore.ts'
import { StoredSize } from './storedSize.ts'
import { SyncReplies, emptyStateVector } from './syncReplies.ts'
import { SyncRequests } from './syncRequests.ts'
import { mergeAll, updateFrame } from './updateFrame.ts'
import { WatcherBatch } from './watcherBatch.ts'
import { WriteCheck } from './writeCheck.ts'
import { PartlyAppliedError, applyAndTell } from './yjsInternals.ts'

export type { JoinOptions, RoomOptions } from './roomOptions.ts'

/**
 * One document's relay: the server's replica of it, its awareness, and its peers.
 *
 * Fed whole frames through {@link receive}; never touches a socket or timer directly (time and the
 * end of a turn come from its {@link Clock}). Every update is checked by decoding it in full and
 * applying it to the replica (origin: the sending peer). Updates that bring anything new are kept
 * as they arrived, parts still waiting for missing dependencies included. Those of one event-loop
 * turn are merged, appended to the store as one entry (with those of the turns after it, while
 * its write waits behind another: see `StoreBatch`), and only once that append is durable
 * relayed to every other peer, the same bytes to all peers that sent nothing (and to everyone when
 * many peers sent something; see `sharedFrameAbove`). Replies to sync step 1 are likewise held
 * until everything they contain is stored, so no peer ever holds an edit the store could lose.
 * What a peer would be sent between its sync step 1 and the moment its reply has been written is
 * held and sent merged behind the reply (see `RoomPeers.hold`). In a large room, peers that have
 * not written lately are sent relayed updates together at most once a window, `batchMs` (see
 * `WatcherBatch`); writers get them every turn. A room loaded from a snapshot
 * answers its first joiners with the snapshot's bytes and reads them into its replica afterwards,
 * or as soon as anything needs the replica (see `fill`).
 */
export class Room {
  /**
   * The server's replica of the document. Deleted content is kept (no garbage collection): history
   * reads it. Filled from the store lazily (see {@link fill}); read it through {@link doc}.
   */
  private readonly replica = new Y.Doc({ gc: false })
  /** What the store held when the room loaded, not yet applied to the replica; null once it is. */
  private unapplied: StoredDoc | null = null
  /** Peers that joined before the replica was filled: they are sent the relay's sync step 1 once it is. */
  private owedStepOne: PeerSocket[] = []
  /** Cancels the timer that fills the replica (see {@link scheduleFill}); null when none is set. */
  private fillTimer: (() => void) | null = null
  private readonly peers: RoomPeers
  private readonly presence = new RoomAwareness(this.replica, (origin): origin is PeerSocket => this.peers.has(origin as PeerSocket), () => this.scheduleFlush())
  private readonly acks = new DurableAcks<PeerSocket>()
  private readonly writeCheck = new WriteCheck(this.replica)
  private readonly changes = new ChangeRecorder<PeerSocket>(this.replica, (peer) => this.peers.options(peer)?.author ?? this.presence.nameOf(peer))
  /**
   * The sync step 1 frame joiners are sent, kept until the replica changes, so a crowd joining
   * between two keystrokes costs one encoding of the state vector. (One kept a little too long
   * would do no harm: a peer answers an older state vector with a little more than needed.)
   */
  private stepOne: Uint8Array | null = null
  /** Sync step 2 replies shared by peers joining with the same state vector. */
  private readonly replies = new SyncReplies(this.replica)
  /** Sync step 1 requests waiting for their reply. */
  private readonly requests = new SyncRequests<PeerSocket>()
  /** This turn's updates from peers, to be stored and then relayed, and when the first arrived. */
  private pendingUpdates: Contributions<PeerSocket, Uint8Array> = new Map()
  private pendingSince = 0
  /** This turn's updates already stored elsewhere, to be relayed only. */
  private pendingDurable: Uint8Array[] = []
  private flushScheduled = false
  /** When a large room may next relay presence changes and its watchers' updates (see `RoomOptions.batchMs`). */
  private readonly window: BatchWindow
  /** What a large room's watchers are owed, relayed together (see `RoomOptions.watcherBatchAbove`). */
  private readonly watcherBatch: WatcherBatch
  /** The last store write queued, until it begins: later turns join it meanwhile (see `StoreBatch`). */
  private lastBatch: StoreBatch<PeerSocket> | null = null
  /** Store writes queued and not yet relayed: presence changes wait for the next (see `flush`). */
  private storing = 0
  /** Store writes and the sends that must follow them, in order. */
  private readonly queue = new StoreQueue((error) => this.storageFailed(error))
  private closing: Promise<void> | null = null
  /** The document is being deleted (see {@link discard}): nothing more is stored. */
  private discarded = false
  private readonly sharedFrameAbove: number
  private readonly replyBytesPerTurn: number
  private readonly storage: RoomStore

  private constructor(
    readonly name: string,
    private readonly options: RoomOptions,
    size: StoredSize,
    generation: number | undefined,
  ) {
    this.peers = new RoomPeers(options.clock, options.observer, options.replyLane)
    this.storage = new RoomStore(name, this.replica, size, options, generation)
    this.sharedFrameAbove = options.sharedFrameAbove ?? 4
    this.replyBytesPerTurn = options.replyBytesPerTurn ?? 4 * 1024 * 1024
    this.window = new BatchWindow(options.clock, options.batchMs ?? 50)
    this.watcherBatch = new WatcherBatch(this.window, this.windowEnded, (frame) => {
      for (const peer of this.peers.watchers()) this.peers.send(peer, frame)
    })
  }

  /**
   * Reads a document from the store (snapshot, then log) and returns its room, ready for peers.
   * When the store holds a snapshot, the first joiners who have nothing yet are answered with its
   * bytes before the replica is filled from them (which takes about 100 ms for a document of 100,000
   * characters, and a second for 4 MB): see {@link fill}.
   */
  static async load(name: string, options: RoomOptions): Promise<Room> {
    const stored = await options.store.load(name)
    const room = new Room(name, options, new StoredSize(options, stored), stored.generation)
    room.unapplied = stored
    const seed = replySeed(stored)
    if (seed) room.replies.seed(seed.whole, seed.since, options.clock.now())
    else room.fill()
    return room
  }

  /** The room's replica of the document, filled from the store first if it is not yet. */
  get doc(): Y.Doc {
    this.fill()
    return this.replica
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
    if (this.closed || this.queue.failed) return false
    this.peers.add(peer, options)
    if (options.durableAck) this.acks.track(peer)
    if (this.unapplied) this.owedStepOne.push(peer)
    else this.sendStepOne(peer)
    if (this.awareness.states.size > 0) this.peers.send(peer, this.presence.everything())
    return true
  }

  /**
   * Removes a peer: the awareness states it introduced are removed and the removal is relayed.
   * Calls `onRetire` when it was the last peer.
   */
  leave(peer: PeerSocket): void {
    if (!this.peers.remove(peer)) return
    this.acks.forget(peer)
    if (!this.closed) this.presence.release(peer)
    if (this.peers.size === 0) this.options.onRetire?.(this)
  }

  /**
   * Handles one binary frame from a peer. A frame that breaks the protocol closes that peer's
   * connection with a {@link CloseCode} naming why; nothing of it is stored or relayed. Never throws.
   */
  receive(peer: PeerSocket, data: Uint8Array): void {
    const options = this.peers.options(peer)
    if (!options || this.closed) return
    try {
      this.handle(peer, options, decodeMessage(data))
    } catch (error) {
      this.reject(peer, ProtocolError.from(error))
    }
  }

  /** The replica holds every stored entry of the document up to this sequence number. */
  get seq(): number {
    return this.storage.size.seq
  }

  /**
   * Applies stored entries `first` through `seq` that another relay process appended to the shared
   * store, and relays them at the end of the turn without storing them again. Entries the replica
   * holds already are skipped, and relay nothing. Throws when `update` is not a Yjs update.
   */
  applyDurable(update: Uint8Array, seq: number, first?: number): void {
    if (this.closed || this.queue.failed) return
    const decoded = Y.decodeUpdate(update)
    this.fill()
    if (!this.storage.size.appended(update.length, seq, first) || !applyAndTell(this.replica, update, decoded, null)) return
    this.stepOne = null
    this.pendingDurable.push(update)
    this.scheduleFlush()
  }

  /**
   * Moves this turn's updates into the store queue, queues the durable acknowledgements that follow
   * them, and relays this turn's already durable updates and awareness changes now.
   */
  flush(): void {
    this.flushScheduled = false
    this.flushUpdates()
    for (const [peer, count] of this.acks.due()) this.queue.enqueue(() => this.acknowledge(peer, count))
    if (this.pendingDurable.length > 0) {
      const durable = this.pendingDurable.splice(0)
      for (const update of durable) this.replies.changed(update)
      const update = mergeAll(durable)
      const frame = updateFrame(update)
      for (const peer of this.recipients(update)) this.peers.send(peer, frame)
    }
    if (this.requests.claim()) {
      // Updates from now on are not in the store yet when a read queued now runs: keep them.
      if (this.shouldAnswerFromStore()) this.replies.beginCapture()
      this.queue.enqueue(() => this.answerRequests())
    } else if (this.requests.size === 0 && !this.fillTimer) {
      this.scheduleFill()
    }
    // With updates being stored, presence changes go out with the next relayed one, in the same
    // write (see `storeAndRelay`): a caret moved by a keystroke then reaches peers with its text.
    if (this.storing === 0) this.flushPresence()
  }

  /**
   * Relays the presence changes gathered so far; in a room with more than `presenceBatchAbove`
   * peers, at most once a window (`batchMs`), the changes of the turns between going out together.
   */
  private flushPresence(): void {
    if (!this.presenceDue) return
    // Only a large room begins a window; one begun while it was large still holds.
    const large = this.peers.size > (this.options.presenceBatchAbove ?? 32)
    if (!this.window.passed(large)) return this.window.atEnd(this.windowEnded)
    this.presence.flush(this.peers.all(), this.peers.sender, this.sharedFrameAbove, this.peers.quiet)
  }

  /** Whether presence changes wait and no window holds them back until its end. */
  private get presenceDue(): boolean {
    return this.presence.hasChanges && !this.window.waiting
  }

  /**
   * The window of a large room has ended: every peer is sent the presence changes gathered in it
   * and each watcher the updates held for it, in one write per peer (two frames would otherwise
   * be two system calls, and two wake-ups of the client, every window).
   */
  private readonly windowEnded = (): void =>
    this.peers.together(() => {
      this.flushPresence()
      this.watcherBatch.flush()
    })

  /**
   * Resolves once every update received so far is durable and relayed, what was queued since, and
   * the compaction under way, if any.
   */
  async settled(): Promise<void> {
    this.flush()
    await this.queue.drained()
    this.watcherBatch.flush()
    await this.storage.compactionEnded()
  }

  /** Drops the sync replies kept for joiners when nobody has joined for `ms` (see `SyncReplies`). */
  trim(ms: number): void {
    this.replies.trim(this.options.clock.now() - ms)
  }

  /**
   * The document is being deleted by another relay: from now on the room stores nothing, relays
   * and acknowledges nothing more it would have stored, and does not compact when it unloads, so
   * nothing of it outlives the deletion. Close its peers next.
   */
  discard(): void {
    this.discarded = true
    this.pendingUpdates = new Map()
  }

  /**
   * Unloads the room: flushes, waits for the store, merges the log into the snapshot, and frees the
   * replica. Peers still connected are not closed here; the caller does that. Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.settled()
      // Compaction encodes the replica, which must hold the document then; otherwise it is not filled.
      if (this.storage.size.hasLog) this.fill()
      this.unapplied = null
      this.cancelFill()
      this.window.cancel()
      this.storage.cancelWaiting()
      if (!this.queue.failed && !this.discarded) await this.storage.compactForUnload()
      this.writeCheck.destroy()
      this.presence.destroy()
      this.replica.destroy()
    })()
    return this.closing
  }

  private handle(peer: PeerSocket, options: JoinOptions, message: Message): void {
    switch (message.type) {
      case 'syncStep1':
        this.peers.hold(peer)
        this.requests.add(peer, message.stateVector)
        return this.scheduleFlush()
      case 'syncStep2':
      case 'syncUpdate':
        this.fill()
        if (options.canWrite === false) this.refuseWrite(peer, message.update)
        else this.handleUpdate(peer, message.update)
        return
      case 'awareness':
        return this.presence.receive(peer, message.update, options.displayName)
      case 'queryAwareness':
        return this.peers.send(peer, this.presence.everything())
      case 'permissionDenied':
        return // what a client says about permissions is not the relay's concern
      case 'durableAck':
        throw new ProtocolError(CloseCode.UnknownMessageType, 'durable acknowledgements are sent by the relay, not to it')
      default:
        throw new ProtocolError(CloseCode.UnknownMessageType, `unhandled message ${JSON.stringify(message satisfies never)}`)
    }
  }

  private handleUpdate(peer: PeerSocket, update: Uint8Array): void {
    let news: boolean
    try {
      news = applyAndTell(this.replica, update, admitUpdate(update, this.storage.size), peer)
    } catch (error) {
      // What the replica took of a broken update is stored and relayed like any edit; the rest is refused.
      if (error instanceof PartlyAppliedError) this.contributeUpdate(peer, error.applied)
      throw error instanceof PartlyAppliedError ? error.cause : error
    }
    if (news) {
      // A watcher that starts writing is relayed to every turn from now on: first, what it is owed.
      const owed = this.peers.wrote(peer) ? this.watcherBatch.owed() : null
      if (owed) this.peers.send(peer, owed)
      this.contributeUpdate(peer, update)
    }
    if (this.acks.received(peer)) this.scheduleFlush()
  }

  /** Adds `update`, which changed the replica, to this turn's updates from `peer`. */
  private contributeUpdate(peer: PeerSocket, update: Uint8Array): void {
    this.stepOne = null
    if (this.discarded) return
    if (this.pendingUpdates.size === 0) this.pendingSince = this.options.clock.now()
    contribute(this.pendingUpdates, peer, update)
    this.scheduleFlush()
  }

  /** A read-only peer's update: refused, never acknowledged, if it would change anything; else acknowledged. */
  private refuseWrite(peer: PeerSocket, update: Uint8Array): void {
    if (!this.writeCheck.wouldChange(update)) return void (this.acks.received(peer) && this.scheduleFlush())
    this.options.log.info({ doc: this.name }, 'refused an update from a peer that may not write')
    this.options.observer?.writeRefused?.()
    this.peers.send(peer, encodeMessage({ type: 'permissionDenied', reason: 'this link may read the document but not change it' }))
  }

  /**
   * Moves this turn's updates into the store queue, joining the last write queued if it has not
   * begun; the sync replies learn of them now.
   */
  private flushUpdates(): void {
    if (this.pendingUpdates.size === 0) return
    const [contributions, change] = [this.pendingUpdates, this.changes.take(this.options.clock.now())]
    this.pendingUpdates = new Map()
    for (const updates of contributions.values()) for (const update of updates) this.replies.changed(update)
    if (this.lastBatch?.join(contributions, change)) return
    const batch = new StoreBatch(contributions, this.pendingSince, change)
    this.lastBatch = batch
    this.storing++
    this.queue.enqueue(() =>
      this.storeAndRelay(batch).finally(() => {
        // Presence that waited for this write goes out now if nothing else will send it.
        if (--this.storing === 0 && this.presenceDue) this.scheduleFlush()
      }),
    )
  }

  /**
   * Answers waiting sync step 1 requests, up to the turn's byte budget; the rest wait for the next
   * turn. Runs from the store queue, after the writes queued before it; anything applied since is
   * queued too before a reply is made, and the replies are sent behind it. A large document's
   * joiners who have nothing yet are answered from the store when no reply is kept (see
   * `answerFromStoreAbove`).
   */
  private async answerRequests(): Promise<void> {
    if (this.replies.capturing && this.shouldAnswerFromStore()) {
      await this.replies.seedFrom(() => this.storage.stored(), this.options.clock.now()).catch((error: unknown) => {
        this.options.log.warn({ err: error, doc: this.name }, 'could not read the stored document to answer a joiner; encoding it instead')
      })
    } else {
      this.replies.endCapture()
    }
    this.flushUpdates()
    const now = this.options.clock.now()
    const reply = (stateVector: Uint8Array) => {
      if (!this.replies.holds(stateVector)) this.fill()
      return this.replies.reply(stateVector, now)
    }
    const answers = this.requests.take(this.replyBytesPerTurn, (peer) => this.peers.has(peer), reply)
    for (const [peer, frames] of answers) this.queue.enqueue(() => this.peers.sendReply(peer, frames))
    if (this.requests.size > 0) this.scheduleFlush()
    else this.scheduleFill()
  }

  /**
   * Fills the replica once no joiner has been answered for {@link fillDelayMs} (each answered batch
   * puts it off again), unless something needs it sooner.
   */
  private scheduleFill(): void {
    if (!this.unapplied) return
    this.cancelFill()
    this.fillTimer = this.options.clock.after(fillDelayMs, () => {
      this.fillTimer = null
      this.queue.enqueue(() => this.fill())
    })
  }

  private cancelFill(): void {
    this.fillTimer?.()
    this.fillTimer = null
  }

  /**
   * Applies what the store held at load to the replica, if that is still to do, and sends the
   * relay's sync step 1 to the peers that joined meanwhile. A room loaded with a snapshot does this
   * {@link fillDelayMs} after it last answered joiners from the snapshot's bytes, or as soon as
   * anything needs the replica: an update, a reply the snapshot does not give, a log to compact.
   */
  private fill(): void {
    const stored = this.unapplied
    if (!stored) return
    this.unapplied = null
    this.cancelFill()
    Y.transact(this.replica, () => {
      if (stored.snapshot) Y.applyUpdate(this.replica, stored.snapshot)
      for (const { update } of stored.log) Y.applyUpdate(this.replica, update)
    })
    for (const peer of this.owedStepOne.splice(0)) if (this.peers.has(peer)) this.sendStepOne(peer)
  }

  /** Sends `peer` the relay's state vector (sync step 1), encoded once for every joiner until the replica changes. */
  private sendStepOne(peer: PeerSocket): void {
    this.peers.send(peer, (this.stepOne ??= encodeMessage(syncStep1(this.replica))))
  }

  /** Whether a joiner that has nothing yet waits, with no reply kept, for a document worth reading from the store. */
  private shouldAnswerFromStore(): boolean {
    return (
      this.storage.size.bytes >= (this.options.answerFromStoreAbove ?? 256 * 1024) &&
      !this.replies.holds(emptyStateVector) &&
      this.requests.asks(emptyStateVector)
    )
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return
    this.flushScheduled = true
    this.options.clock.afterTurn(() => this.flush())
  }

  private async storeAndRelay(batch: StoreBatch<PeerSocket>): Promise<void> {
    const change = batch.start()
    if (this.lastBatch === batch) this.lastBatch = null
    if (this.queue.failed || this.discarded) return
    const { contributions, since } = batch
    const updates = allItems(contributions)
    const all = mergeAll(updates)
    await this.storage.append(all, change)
    // Peers that sent nothing this turn get exactly what was stored; contributors get the others' part.
    const encode = (items: Uint8Array[]) => updateFrame(items.length === updates.length ? all : mergeAll(items))
    const relay = () => fanOut(contributions, this.recipients(all), encode, this.peers.sender, this.sharedFrameAbove)
    // The presence changes that waited for this write go with it, one write per peer (see `flush`);
    // those a large room's window holds go when it ends, so nothing is corked for them here.
    if (this.presenceDue) {
      this.peers.together(() => {
        relay()
        this.flushPresence()
      })
    } else {
      relay()
    }
    this.options.observer?.relayed?.(this.options.clock.now() - since)
    this.storage.compactIfDue((error) => {
      if (!this.discarded) this.storageFailed(error)
    })
  }

  /**
   * Who `update`, stored, is relayed to now: every peer, or in a room of more than
   * `watcherBatchAbove` peers while a batch is open, the writers only, the batch holding it for
   * the watchers.
   */
  private recipients(update: Uint8Array): Iterable<PeerSocket> {
    if (this.peers.size <= (this.options.watcherBatchAbove ?? 32) || !this.watcherBatch.hold(update)) return this.peers.all()
    return this.peers.writers()
  }

  /**
   * The store failed: the replica may hold edits the store lacks, so every peer is closed (and
   * resends them). When it refused because the document was removed after the room loaded it (by
   * another relay, which this one did not hear from), the peers are closed as a deletion closes
   * them, for good: reconnecting would write the document back.
   */
  private storageFailed(error: unknown): void {
    let close: [code: number, reason: string]
    if (error instanceof DocumentRemovedError) {
      this.options.log.info({ doc: this.name }, 'the store refused a write: the document was removed; closing the room')
      this.discarded = true
      close = [CloseCode.DocumentDeleted, 'the document was deleted']
    } else {
      this.options.log.error({ err: error, doc: this.name }, 'store write failed; closing the room')
      this.options.observer?.storageFailed?.()
      close = [CloseCode.StorageFailure, 'the relay could not store an update; reconnect']
    }
    for (const peer of [...this.peers.all()]) peer.close(...close)
    this.options.onRetire?.(this)
  }

  /** Tells a peer that its first `count` sync frames are stored. */
  private acknowledge(peer: PeerSocket, count: number): void {
    if (this.queue.failed || this.discarded || !this.acks.acknowledge(peer, count)) return
    this.peers.send(peer, encodeMessage({ type: 'durableAck', count }))
  }

  private reject(peer: PeerSocket, error: ProtocolError): void {
    const kind = closeCodeName(error.code)
    this.options.log.warn({ doc: this.name, code: error.code, kind, reason: error.message }, 'closing connection: protocol error')
    this.options.observer?.rejected?.(kind)
    peer.close(error.code, closeReason(error.message))
    this.leave(peer)
  }
}

/**
 * How long a room loaded with a snapshot waits, after answering its last joiner from the snapshot's
 * bytes, before it fills its replica from them (see `Room.fill`). Its joiners lose nothing by the
 * wait: those answered from the snapshot hold nothing the relay's sync step 1 would ask them for,
 * and whatever they send fills the replica at once.
 */
const fillDelayMs = 100
