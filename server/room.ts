import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { Logger } from 'pino'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { CloseCode, Limits, MessageType, SyncStep, closeCodeName } from '../shared/index.ts'
import { filterAwarenessUpdate } from './awarenessFilter.ts'
import type { Clock } from './clock.ts'
import { fanOut } from './fanOut.ts'
import type { PeerSocket } from './peer.ts'
import { ProtocolError } from './protocolError.ts'
import type { RoomObserver } from './roomObserver.ts'
import type { DocStore } from './store/docStore.ts'

/** What a room is given by whoever creates it. */
export interface RoomOptions {
  store: DocStore
  clock: Clock
  log: Logger
  observer?: RoomObserver
  /** Merge the log into the snapshot once it holds this many batches (default 500)… */
  compactAfterUpdates?: number
  /** …or this many bytes (default 1 MiB). */
  compactAfterBytes?: number
  /** Largest stored size of the document; updates past it are refused (default {@link Limits.maxDocBytes}). */
  maxDocBytes?: number
  /**
   * When more peers than this contributed to one turn, all peers get the turn's one merged frame,
   * their own changes included, instead of a frame each without them (default 4); see {@link fanOut}.
   */
  sharedFrameAbove?: number
  /**
   * Called when the room should be unloaded: its last peer left, or its store failed. The room
   * does not close itself. May be called more than once.
   */
  onRetire?: (room: Room) => void
}

/** What the room remembers of one connected peer. */
interface PeerState {
  /** Awareness client ids this peer introduced; removed when it leaves. */
  clients: Set<number>
  /** For peers that asked for durable acknowledgements: sync frames received, and acknowledged. */
  acks: { received: number; sent: number } | null
}

/** How a peer joins. */
export interface JoinOptions {
  /** Send this peer {@link MessageType.DurableAck} messages. */
  durableAck?: boolean
}

/** Who contributed what in the current turn: a peer, or `null` for the relay itself. */
type Contributions<Item> = Map<PeerSocket | null, Item[]>

/**
 * One document's relay: the server's replica of it, its awareness, and its peers.
 *
 * Fed whole decoded frames through {@link receive}; never touches a socket or timer directly.
 * Every update is checked by decoding it in full and applying it to the replica (origin: the
 * sending peer). Updates that bring anything new are kept as they arrived, parts still waiting for
 * missing dependencies included. Those of one event-loop turn are merged, appended to the store as
 * one entry, and only once that append is durable relayed to every other peer, the same bytes to
 * all peers that sent nothing (and to everyone when many peers sent something; see
 * `sharedFrameAbove`). Replies to sync step 1 are likewise held until everything they contain is
 * stored, so no peer ever holds an edit the store could lose.
 */
export class Room {
  readonly doc = new Y.Doc()
  readonly awareness = new awarenessProtocol.Awareness(this.doc)
  private readonly peers = new Map<PeerSocket, PeerState>()
  /** Awareness client id to the live peer that introduced it. */
  private readonly owners = new Map<number, PeerSocket>()
  private pendingUpdates: Contributions<Uint8Array> = new Map()
  private pendingAwareness: Contributions<number> = new Map()
  private flushScheduled = false
  /** Store writes and the sends that must follow them, in order. */
  private queue: Promise<void> = Promise.resolve()
  private logUpdates = 0
  /**
   * The replica holds every stored entry up to this sequence number (loaded, or appended here), so
   * a compaction may drop them. An append numbered past the next one means another writer's entries
   * came between, which the replica lacks: the number then stays where it was.
   */
  private seq = 0
  private logBytes = 0
  /** Size of the stored document: snapshot plus log. */
  private storedBytes = 0
  private closing: Promise<void> | null = null
  private failed = false
  private readonly compactAfterUpdates: number
  private readonly compactAfterBytes: number
  private readonly maxDocBytes: number
  private readonly sharedFrameAbove: number

  private constructor(
    readonly name: string,
    private readonly options: RoomOptions,
  ) {
    this.compactAfterUpdates = options.compactAfterUpdates ?? 500
    this.compactAfterBytes = options.compactAfterBytes ?? 1024 * 1024
    this.maxDocBytes = options.maxDocBytes ?? Limits.maxDocBytes
    this.sharedFrameAbove = options.sharedFrameAbove ?? 4
    this.awareness.setLocalState(null)
  }

  /** Loads a document from the store (snapshot, then log) and returns its room, ready for peers. */
  static async load(name: string, options: RoomOptions): Promise<Room> {
    const stored = await options.store.load(name)
    const room = new Room(name, options)
    Y.transact(room.doc, () => {
      if (stored.snapshot) Y.applyUpdate(room.doc, stored.snapshot)
      for (const { update } of stored.log) Y.applyUpdate(room.doc, update)
    })
    room.seq = stored.seq
    room.logUpdates = stored.log.length
    room.logBytes = stored.log.reduce((sum, { update }) => sum + update.length, 0)
    room.storedBytes = (stored.snapshot?.length ?? 0) + room.logBytes
    room.awareness.on('update', (changes: AwarenessChanges, origin: unknown) => room.collectAwareness(changes, origin))
    return room
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
    this.peers.set(peer, { clients: new Set(), acks: options.durableAck ? { received: 0, sent: 0 } : null })
    this.send(peer, frame(MessageType.Sync, (encoder) => syncProtocol.writeSyncStep1(encoder, this.doc)))
    if (this.awareness.states.size > 0) this.send(peer, this.awarenessFrame([...this.awareness.states.keys()]))
    return true
  }

  /**
   * Removes a peer: the awareness states it introduced are removed and the removal is relayed.
   * Calls `onRetire` when it was the last peer.
   */
  leave(peer: PeerSocket): void {
    const state = this.peers.get(peer)
    if (!state) return
    this.peers.delete(peer)
    for (const client of state.clients) this.owners.delete(client)
    if (state.clients.size > 0 && !this.closed) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...state.clients], null)
    }
    if (this.peers.size === 0) this.options.onRetire?.(this)
  }

  /**
   * Handles one binary frame from a peer. A frame that breaks the protocol closes that peer's
   * connection with a {@link CloseCode} naming why; nothing of it is stored or relayed. Never throws.
   */
  receive(peer: PeerSocket, data: Uint8Array): void {
    if (!this.peers.has(peer) || this.closed) return
    try {
      this.handle(peer, data)
    } catch (error) {
      this.reject(peer, ProtocolError.from(error))
    }
  }

  /**
   * Moves this turn's updates into the store queue, queues the durable acknowledgements that follow
   * them, and relays this turn's awareness changes now.
   */
  flush(): void {
    this.flushScheduled = false
    if (this.pendingUpdates.size > 0) {
      const contributions = this.pendingUpdates
      this.pendingUpdates = new Map()
      this.enqueue(() => this.storeAndRelay(contributions))
    }
    for (const [peer, { acks }] of this.peers) {
      if (acks === null || acks.received === acks.sent) continue
      const count = acks.received
      this.enqueue(() => this.acknowledge(peer, acks, count))
    }
    if (this.pendingAwareness.size > 0) {
      const contributions = this.pendingAwareness
      this.pendingAwareness = new Map()
      const encode = (clients: number[]) => this.awarenessFrame(clients)
      fanOut(contributions, this.peers.keys(), encode, (peer, f) => this.send(peer, f), this.sharedFrameAbove)
    }
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
      if (!this.failed && this.logUpdates > 0) {
        try {
          await this.compact()
        } catch (error) {
          this.options.log.error({ err: error, doc: this.name }, 'compaction on unload failed; the log is kept')
        }
      }
      this.awareness.destroy()
      this.doc.destroy()
    })()
    return this.closing
  }

  private handle(peer: PeerSocket, data: Uint8Array): void {
    if (data.length === 0) throw new ProtocolError(CloseCode.MalformedMessage, 'empty frame')
    const decoder = decoding.createDecoder(data)
    const type = decoding.readVarUint(decoder)
    switch (type) {
      case MessageType.Sync:
        return this.handleSync(peer, decoder)
      case MessageType.Awareness:
        return this.handleAwareness(peer, readBody(decoder))
      case MessageType.Auth:
        return
      case MessageType.QueryAwareness:
        this.send(peer, this.awarenessFrame([...this.awareness.states.keys()]))
        return
      default:
        throw new ProtocolError(CloseCode.UnknownMessageType, `unknown message type ${type}`)
    }
  }

  private handleSync(peer: PeerSocket, decoder: decoding.Decoder): void {
    const step = decoding.readVarUint(decoder)
    switch (step) {
      case SyncStep.Step1: {
        const stateVector = readBody(decoder)
        this.flush()
        const reply = frame(MessageType.Sync, (encoder) => syncProtocol.writeSyncStep2(encoder, this.doc, stateVector))
        this.enqueue(() => this.send(peer, reply))
        return
      }
      case SyncStep.Step2:
      case SyncStep.Update: {
        const update = readBody(decoder)
        if (this.storedBytes + update.length > this.maxDocBytes) {
          throw new ProtocolError(
            CloseCode.DocumentTooLarge,
            `this update would take the document past its limit of ${this.maxDocBytes} bytes; it was not saved`,
          )
        }
        let decoded: ReturnType<typeof Y.decodeUpdate>
        try {
          decoded = Y.decodeUpdate(update)
        } catch (error) {
          throw ProtocolError.from(error, CloseCode.InvalidUpdate)
        }
        if (applyAndTell(this.doc, update, decoded, peer)) {
          append(this.pendingUpdates, peer, update)
          this.scheduleFlush()
        }
        const { acks } = this.peers.get(peer)!
        if (acks) {
          acks.received++
          this.scheduleFlush()
        }
        return
      }
      default:
        throw new ProtocolError(CloseCode.MalformedMessage, `unknown sync step ${step}`)
    }
  }

  private handleAwareness(peer: PeerSocket, update: Uint8Array): void {
    const own = this.peers.get(peer)!
    const filtered = filterAwarenessUpdate(update, (client) => (this.owners.get(client) ?? peer) === peer)
    // Stock providers echo every awareness change back, so dropped entries are routine.
    if (filtered.dropped > 0) {
      this.options.log.debug({ doc: this.name, dropped: filtered.dropped }, 'ignored awareness for clients owned by another connection')
    }
    for (const { clientId, clock, state } of filtered.kept) {
      const known = this.awareness.meta.get(clientId)
      if (state === 'null' || (known !== undefined && known.clock >= clock)) continue
      this.owners.set(clientId, peer)
      own.clients.add(clientId)
    }
    awarenessProtocol.applyAwarenessUpdate(this.awareness, filtered.update, peer)
  }

  private collectAwareness({ added, updated, removed }: AwarenessChanges, origin: unknown): void {
    if (this.closed) return
    const from = this.peers.has(origin as PeerSocket) ? (origin as PeerSocket) : null
    for (const client of [...added, ...updated, ...removed]) append(this.pendingAwareness, from, client)
    this.scheduleFlush()
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return
    this.flushScheduled = true
    this.options.clock.afterTurn(() => this.flush())
  }

  private async storeAndRelay(contributions: Contributions<Uint8Array>): Promise<void> {
    if (this.failed) return
    const updates = [...contributions.values()].flat()
    const all = mergeAll(updates)
    const started = performance.now()
    const seq = await this.options.store.append(this.name, all)
    if (seq === this.seq + 1) this.seq = seq
    this.options.observer?.appended?.(performance.now() - started, all.length)
    this.logUpdates++
    this.logBytes += all.length
    this.storedBytes += all.length
    // Peers that sent nothing this turn get exactly what was stored; contributors get the others' part.
    const encode = (items: Uint8Array[]) => updateFrame(items.length === updates.length ? all : mergeAll(items))
    fanOut(contributions, this.peers.keys(), encode, (peer, f) => this.send(peer, f), this.sharedFrameAbove)
    if (this.logUpdates >= this.compactAfterUpdates || this.logBytes >= this.compactAfterBytes) await this.compact()
  }

  private async compact(): Promise<void> {
    const started = performance.now()
    const snapshot = Y.encodeStateAsUpdate(this.doc)
    await this.options.store.compact(this.name, snapshot, this.seq)
    this.logUpdates = 0
    this.logBytes = 0
    this.storedBytes = snapshot.length
    this.options.observer?.compacted?.(performance.now() - started)
  }

  /** Runs `task` after every store write queued before it; a failing write fails the room. */
  private enqueue(task: () => Promise<void> | void): void {
    this.queue = this.queue.then(task).catch((error) => this.storageFailed(error))
  }

  /**
   * The store could not take an update. The replica now holds edits the store lacks, so it must
   * not serve anyone: every peer is closed (their clients keep the edits and resend them on
   * reconnect, to a room reloaded from the store).
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
  private acknowledge(peer: PeerSocket, acks: { sent: number }, count: number): void {
    if (this.failed || count <= acks.sent) return
    acks.sent = count
    this.send(peer, frame(MessageType.DurableAck, (encoder) => encoding.writeVarUint(encoder, count)))
  }

  private reject(peer: PeerSocket, error: ProtocolError): void {
    const kind = closeCodeName(error.code)
    this.options.log.warn({ doc: this.name, code: error.code, kind, reason: error.message }, 'closing connection: protocol error')
    this.options.observer?.rejected?.(kind)
    peer.close(error.code, truncateReason(error.message))
    this.leave(peer)
  }

  private send(peer: PeerSocket, data: Uint8Array): void {
    if (!peer.isOpen()) return
    peer.send(data)
    this.options.observer?.frameSent?.(data.length)
  }

  private awarenessFrame(clients: number[]): Uint8Array {
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients)
    return frame(MessageType.Awareness, (encoder) => encoding.writeVarUint8Array(encoder, update))
  }
}

interface AwarenessChanges {
  added: number[]
  updated: number[]
  removed: number[]
}

/**
 * Applies `update` (already decoded as `decoded`) to `doc` with origin `peer`, and tells whether it
 * brought anything the replica lacked: a struct past what it had from that struct's client, a
 * deletion of something not yet deleted, or parts that now wait for a missing dependency. An
 * update that brings nothing, such as a reconnecting peer's sync step 2 that repeats the deletions
 * the replica already holds, is neither stored nor relayed.
 */
function applyAndTell(doc: Y.Doc, update: Uint8Array, decoded: ReturnType<typeof Y.decodeUpdate>, peer: PeerSocket): boolean {
  const { store } = doc
  let news = decoded.structs.some((struct) => struct.id.clock + struct.length > Y.getState(store, struct.id.client))
  const pending = [store.pendingStructs, store.pendingDs]
  Y.transact(
    doc,
    (transaction) => {
      Y.applyUpdate(doc, update, peer)
      news ||= transaction.deleteSet.clients.size > 0
    },
    peer,
  )
  return news || store.pendingStructs !== pending[0] || store.pendingDs !== pending[1]
}

function append<Item>(contributions: Contributions<Item>, from: PeerSocket | null, item: Item): void {
  const items = contributions.get(from)
  if (items) items.push(item)
  else contributions.set(from, [item])
}

/** Reads a message's length-prefixed body and insists nothing follows it. */
function readBody(decoder: decoding.Decoder): Uint8Array {
  const body = decoding.readVarUint8Array(decoder)
  if (decoding.hasContent(decoder)) {
    throw new ProtocolError(CloseCode.MalformedMessage, `${decoder.arr.length - decoder.pos} bytes after the end of the message`)
  }
  return body
}

function frame(type: MessageType, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, type)
  write(encoder)
  return encoding.toUint8Array(encoder)
}

function updateFrame(update: Uint8Array): Uint8Array {
  return frame(MessageType.Sync, (encoder) => syncProtocol.writeUpdate(encoder, update))
}

function mergeAll(updates: Uint8Array[]): Uint8Array {
  return updates.length === 1 ? updates[0] : Y.mergeUpdates(updates)
}

/** Close reasons are limited to 123 bytes by the WebSocket protocol. */
function truncateReason(reason: string): string {
  const bytes = Buffer.from(reason)
  return bytes.length <= 123 ? reason : bytes.subarray(0, 120).toString('utf8').replace(/\uFFFD$/, '') + '...'
}
