import { randomBytes } from 'node:crypto'
import type { Logger } from 'pino'
import type { Clock } from '../clock.ts'
import type { Room } from '../room.ts'
import type { RoomLifecycle } from '../roomRegistry.ts'
import type { DocCatalog } from '../store/docCatalog.ts'
import type { DocStore } from '../store/docStore.ts'
import { type BusMessage, decodeBusMessage, docChannel, encodeBusMessage, nodesChannel } from './busMessage.ts'
import { NodeLiveness } from './nodeLiveness.ts'
import type { PubSub, Subscription } from './pubSub.ts'
import { RoomPresence } from './roomPresence.ts'
import { RoomSequencer, type SequencerTimings, type StoreReadCause } from './roomSequencer.ts'

/** Timings of a cluster node, in milliseconds. */
export interface ClusterTimings extends SequencerTimings {
  /** Between two heartbeats of this relay (default 5,000). */
  heartbeatMs?: number
  /** A relay not heard from for this long is dead, its peers' presence removed (default 15,000). */
  nodeTtlMs?: number
  /** After a document's entry could not be published, its head is announced again this often until it is (default 1,000). */
  headRetryMs?: number
  /**
   * Between telling the relays that hold a document it is being deleted, so they stop storing it,
   * and removing it from the store (default 250).
   */
  deletionGraceMs?: number
}

/** Counts what crosses the bus, for metrics. */
export interface ClusterObserver {
  published?(kind: BusMessage['kind']): void
  publishFailed?(): void
  received?(kind: BusMessage['kind']): void
  /** A room read `entries` entries from the store, for what the bus did not bring. */
  storeRead?(cause: StoreReadCause, entries: number): void
}

export interface ClusterOptions {
  pubSub: PubSub
  /** The store every relay of the cluster shares, read to catch up with what the bus lost. */
  store: Pick<DocStore, 'readSince' | 'load'>
  clock: Clock
  log: Logger
  /** Another relay deleted `doc`: close its connections here. */
  onDeleted(doc: string): void
  /** Another relay removed `doc` from the store: forget what was read of it here. */
  onRemoved?(doc: string): void
  /** Another relay revoked share links `ids` of `doc`: close the connections opened with them here. */
  onRevoked?(doc: string, ids: string[]): void
  /** This relay's name on the bus (default: its pid and random bytes). */
  nodeId?: string
  timings?: ClusterTimings
  /** Committed entries larger than this are announced as a head, to be read from the store (default 1 MiB). */
  inlineBytes?: number
  observer?: ClusterObserver
}

/** What the node keeps for each room loaded here. */
interface RoomLink {
  room: Room
  sequencer: RoomSequencer
  presence: RoomPresence
  subscription: Subscription
  /** The highest entry this relay appended to the document. */
  appended: number
}

/**
 * This relay process as one node of a cluster sharing one store: the store is the truth, the bus
 * only tells the others sooner. After every commit it publishes the entry with its sequence
 * number on the document's channel ({@link publishing}); it subscribes to the channel of every
 * room loaded here ({@link lifecycle}) and hands what arrives to the room's {@link RoomSequencer},
 * which reads from the store whatever the bus lost. Presence crosses too ({@link RoomPresence}),
 * and heartbeats on the nodes channel let every node remove the presence of a node that died.
 * When the bus reconnects, every room catches up and republishes what the others may have missed.
 */
export class ClusterNode {
  readonly id: string
  private readonly links = new Map<string, RoomLink>()
  private readonly liveness: NodeLiveness
  private readonly stopTimers: Array<() => void>
  private readonly nodes: Subscription
  private closed = false
  private resyncQueued = false
  /**
   * Documents whose last entry or head could not be published, with the highest number committed
   * here: the other relays learn of a gap only from a later message, and if no edit follows, none
   * would come. Their heads are announced again every `headRetryMs` until one is published.
   */
  private readonly owedHeads = new Map<string, number>()
  private cancelHeadRetry: (() => void) | null = null

  constructor(private readonly options: ClusterOptions) {
    const { pubSub, clock, timings = {} } = options
    this.id = options.nodeId ?? `${process.pid}-${randomBytes(4).toString('hex')}`
    this.liveness = new NodeLiveness(clock.now, timings.nodeTtlMs ?? 15_000, (node) => {
      options.log.info({ node }, 'a relay of the cluster left or went silent; removing its peers’ presence')
      for (const link of this.links.values()) link.presence.dropNode(node)
    })
    this.nodes = pubSub.subscribe(nodesChannel, (bytes) => this.receive(bytes, null))
    this.stopTimers = [
      clock.every(timings.heartbeatMs ?? 5000, () => this.send(nodesChannel, { kind: 'heartbeat' })),
      clock.every(1000, () => this.liveness.check()),
    ]
    pubSub.onReconnect(() => this.resync())
    this.send(nodesChannel, { kind: 'heartbeat' })
  }

  /** The registry's hooks: a loaded room joins the cluster, a retiring one leaves it. */
  readonly lifecycle: RoomLifecycle = {
    loaded: (room) => this.open(room),
    retired: (room) => this.forget(room),
  }

  /**
   * `store` publishing every committed append on the bus; give it to the rooms. Everything else
   * is `store`'s own, its claim on a compaction included, so that one relay of the cluster
   * compacts a shared document where all of them find its log due.
   */
  publishing(store: DocStore): DocStore {
    const { claimCompaction } = store
    return {
      load: (name) => store.load(name),
      readSince: (name, seq) => store.readSince(name, seq),
      compact: (name, snapshot, throughSeq, generation) => store.compact(name, snapshot, throughSeq, generation),
      ...(claimCompaction && { claimCompaction: claimCompaction.bind(store) }),
      close: () => store.close(),
      append: async (name, update, change, generation) => {
        const seq = await store.append(name, update, change, generation)
        this.committed(name, seq, update)
        return seq
      },
    }
  }

  /**
   * `catalog` telling every relay when a document is removed: the relays that hold it, before and
   * after, so they close it; every relay, after, so none keeps what it read of it.
   */
  withDeletionNotices(catalog: DocCatalog): DocCatalog {
    return {
      list: (after, limit) => catalog.list(after, limit),
      exists: (name) => catalog.exists(name),
      remove: async (name) => {
        await this.announce(docChannel(name), { kind: 'deleted' })
        await new Promise<void>((resolve) => this.options.clock.after(this.options.timings?.deletionGraceMs ?? 250, resolve))
        await catalog.remove(name)
        await this.announce(docChannel(name), { kind: 'deleted' })
        await this.announce(nodesChannel, { kind: 'removed', doc: name })
      },
    }
  }

  /** Tells the relays that hold `doc` that its share links `ids` were revoked, so they close what those links opened. */
  revoked(doc: string, ids: string[]): void {
    void this.announce(docChannel(doc), { kind: 'revoked', ids })
  }

  /** The relays heard from lately, this one excluded. */
  get peers(): string[] {
    return this.liveness.alive
  }

  /** Tells the others this relay is leaving, and leaves the bus. Call it once rooms are closed. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    for (const stop of this.stopTimers) stop()
    this.cancelHeadRetry?.()
    await this.announce(nodesChannel, { kind: 'leaving' })
    for (const link of [...this.links.values()]) this.forget(link.room)
    this.nodes.stop()
    await this.options.pubSub.close()
  }

  private open(room: Room): void {
    const channel = docChannel(room.name)
    const sequencer = new RoomSequencer(room, this.options.store, this.options.clock, this.options.log, this.options.timings, (cause, entries) =>
      this.options.observer?.storeRead?.(cause, entries),
    )
    const presence = new RoomPresence(room.awareness, this.options.clock, (update) => this.send(channel, { kind: 'awareness', update }))
    const subscription = this.options.pubSub.subscribe(channel, (bytes) => this.receive(bytes, link))
    const link: RoomLink = { room, sequencer, presence, subscription, appended: 0 }
    this.links.set(room.name, link)
    // Entries committed between the room's load and the subscription would be missed: read them.
    void subscription.active.then(() => {
      if (this.links.get(room.name) !== link) return
      void sequencer.catchUp()
      this.send(channel, { kind: 'awarenessQuery' })
    })
  }

  private forget(room: Room): void {
    const link = this.links.get(room.name)
    if (link?.room !== room) return
    this.links.delete(room.name)
    link.subscription.stop()
    link.sequencer.stop()
    link.presence.destroy()
  }

  private committed(name: string, seq: number, update: Uint8Array): void {
    const link = this.links.get(name)
    if (link) {
      link.appended = Math.max(link.appended, seq)
      link.sequencer.reached(seq)
    }
    const inline = update.length <= (this.options.inlineBytes ?? 1024 * 1024)
    this.sendEntry(name, seq, inline ? { kind: 'update', seq, update } : { kind: 'head', seq })
  }

  /** Publishes entry or head `seq` of `name`; if that fails, owes the others its head. */
  private sendEntry(name: string, seq: number, message: DistributiveOmit<BusMessage, 'node'>): void {
    void this.announce(docChannel(name), message).then((sent) => {
      if (sent) return
      this.owedHeads.set(name, Math.max(this.owedHeads.get(name) ?? 0, seq))
      this.cancelHeadRetry ??= this.options.clock.after(this.options.timings?.headRetryMs ?? 1000, () => this.payHeads())
    })
  }

  /** Announces every owed head again; those that fail stay owed for the next try. */
  private payHeads(): void {
    this.cancelHeadRetry = null
    if (this.closed) return
    const owed = [...this.owedHeads]
    this.owedHeads.clear()
    for (const [name, seq] of owed) this.sendEntry(name, seq, { kind: 'head', seq })
  }

  /** Handles one message from the bus: from a document's channel (`link`) or the nodes channel. */
  private receive(bytes: Uint8Array, link: RoomLink | null): void {
    let message: BusMessage
    try {
      message = decodeBusMessage(bytes)
    } catch (error) {
      this.options.log.warn({ err: error }, 'skipped a bus message this relay cannot read')
      return
    }
    if (message.node === this.id || this.closed) return
    this.options.observer?.received?.(message.kind)
    this.liveness.heard(message.node)
    if (link === null) {
      if (message.kind === 'leaving') this.liveness.left(message.node)
      if (message.kind === 'removed') this.options.onRemoved?.(message.doc)
      return
    }
    switch (message.kind) {
      case 'update':
        return link.sequencer.received(message.seq, message.update)
      case 'head':
        return link.sequencer.reached(message.seq)
      case 'awareness':
        try {
          return link.presence.applyRemote(message.node, message.update)
        } catch (error) {
          return void this.options.log.warn({ err: error, node: message.node }, 'skipped a malformed awareness update from the bus')
        }
      case 'awarenessQuery': {
        const states = link.presence.localStates()
        if (states) this.send(docChannel(link.room.name), { kind: 'awareness', update: states })
        return
      }
      case 'deleted':
        link.room.discard()
        return this.options.onDeleted(link.room.name)
      case 'revoked':
        return this.options.onRevoked?.(link.room.name, message.ids)
      case 'heartbeat':
      case 'leaving':
      case 'removed':
        return
      default:
        message satisfies never
    }
  }

  /**
   * The bus was lost and is back (once per turn, however many connections came back): every room
   * reads what it missed, and tells the others what they may have missed of it.
   */
  private resync(): void {
    if (this.resyncQueued || this.closed) return
    this.resyncQueued = true
    this.options.clock.afterTurn(() => {
      this.resyncQueued = false
      this.send(nodesChannel, { kind: 'heartbeat' })
      for (const link of this.links.values()) {
        const channel = docChannel(link.room.name)
        void link.sequencer.catchUp()
        if (link.appended > 0) this.sendEntry(link.room.name, link.appended, { kind: 'head', seq: link.appended })
        this.send(channel, { kind: 'awarenessQuery' })
        const states = link.presence.localStates()
        if (states) this.send(channel, { kind: 'awareness', update: states })
      }
    })
  }

  private send(channel: string, message: DistributiveOmit<BusMessage, 'node'>): void {
    void this.announce(channel, message)
  }

  /** Publishes `message`; resolves with whether it was sent (a lost message is repaired by catching up). */
  private async announce(channel: string, message: DistributiveOmit<BusMessage, 'node'>): Promise<boolean> {
    try {
      await this.options.pubSub.publish(channel, encodeBusMessage({ ...message, node: this.id } as BusMessage))
      this.options.observer?.published?.(message.kind)
      return true
    } catch {
      this.options.observer?.publishFailed?.()
      return false
    }
  }
}

/** `Omit` applied to each member of a union. */
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never
