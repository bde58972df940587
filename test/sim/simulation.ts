import * as prng from 'lib0/prng'
import * as Y from 'yjs'
import { divergence, missingFrom } from './invariants.ts'
import type { Link, Packet } from './simNetwork.ts'
import { SimNetwork } from './simNetwork.ts'
import { SimRelay } from './simRelay.ts'
import { SimReplica } from './simReplica.ts'
import { SimStore } from './simStore.ts'

/** What a simulation is given besides its seed. */
export interface SimOptions {
  /** Random steps before everything heals (default 250). */
  steps?: number
  /** Run the relay on a store that resolves writes before they are durable (a deliberate bug). */
  lyingStore?: boolean
  /** Moves the fake time forward by `ms`, firing the providers' timers that fall due. */
  advance(ms: number): void
}

/** How a simulation went. `violation` says which invariant broke, or is null. */
export interface SimResult {
  seed: number
  violation: string | null
  edits: number
  crashes: number
  frames: number
}

const room = 'notes'

/**
 * Runs one seeded history: a relay and 2 to 5 replicas (stock providers) on a simulated network
 * that drops, duplicates, delays and reorders frames, partitions and breaks links, while replicas
 * edit, go offline for long spells and come back, and the relay crashes at random moments (losing
 * the writes in flight) and restarts from its store. At every crash it checks that everything the
 * relay promised (relayed or acknowledged) is durable; at the end, with the faults healed and
 * every replica resynced, that all replicas and the stored document converged.
 *
 * Everything random comes from `seed`, and nothing real (sockets, clocks) is used, so one seed
 * replays one exact history.
 */
export async function runSimulation(seed: number, options: SimOptions): Promise<SimResult> {
  const gen = prng.create(seed)
  const world = new World(gen, options)
  try {
    for (let step = 0; step < (options.steps ?? 250) && !world.violation; step++) await world.step()
    if (!world.violation) await world.heal()
    return { seed, violation: world.violation, edits: world.edits, crashes: world.crashes, frames: world.frames }
  } finally {
    world.destroy()
  }
}

/** Resolves after every promise callback queued so far has run (a real macrotask, not a timer). */
const drain = () => new Promise<void>((resolve) => setImmediate(resolve))

class World {
  readonly network = new SimNetwork()
  readonly store: SimStore
  relay: SimRelay | null
  readonly replicas: SimReplica[]
  violation: string | null = null
  edits = 0
  crashes = 0
  frames = 0
  private relayDownFor = 0
  private readonly partitions = new Map<Link, number>()
  private readonly faults: { drop: number; duplicate: number; reorder: number }
  private readonly compactAfterUpdates: number

  constructor(
    private readonly gen: prng.PRNG,
    private readonly options: SimOptions,
  ) {
    this.store = new SimStore(options.lyingStore)
    this.compactAfterUpdates = prng.int32(gen, 1, 30)
    this.relay = this.startRelay()
    this.faults = { drop: prng.real53(gen) * 0.05, duplicate: prng.real53(gen) * 0.05, reorder: prng.real53(gen) * 0.2 }
    const count = prng.int32(gen, 2, 5)
    this.replicas = Array.from({ length: count }, (_, i) => new SimReplica(`replica-${i}`, i + 1, this.network, room, { durableAck: prng.bool(gen) }))
  }

  /** One random step, then the promise callbacks it caused. */
  async step(): Promise<void> {
    const gen = this.gen
    this.options.advance(prng.int32(gen, 0, 10) === 0 ? prng.int32(gen, 200, 3000) : prng.int32(gen, 0, 40))
    this.tick()
    const roll = prng.int32(gen, 0, 99)
    if (roll < 40) this.deliverOne(true)
    else if (roll < 48) this.openOne()
    else if (roll < 58) this.relay?.endTurn()
    else if (roll < 66) this.store.commitAll()
    else if (roll < 82) this.editOne()
    else if (roll < 86) prng.oneOf(gen, this.replicas).moveCaret(gen)
    else if (roll < 89) this.goOffline()
    else if (roll < 92) this.partition()
    else if (roll < 94) this.breakOne()
    else if (roll < 96) await this.crash()
    await drain()
  }

  /**
   * Heals everything (relay up, links whole, no faults, every replica online) and makes every
   * replica resync over a fresh connection, runs until nothing moves, then checks convergence.
   */
  async heal(): Promise<void> {
    this.relayDownFor = 0
    this.partitions.clear()
    this.relay ??= this.startRelay()
    for (const link of this.network.links) link.partitioned = false
    for (const replica of this.replicas) {
      replica.offlineFor = 0
      replica.provider.disconnect()
      replica.provider.connect()
    }
    for (let round = 0; !this.quiet(); round++) {
      if (round > 2000) return void (this.violation = 'the simulation did not settle after healing')
      this.options.advance(50)
      for (const link of this.network.live()) this.network.open(link)
      while (this.deliverOne(false));
      this.relay.endTurn()
      this.store.commitAll()
      await drain()
    }
    await this.checkPromises('after healing', this.relay.takePromises())
    const stored = new Y.Doc()
    for (const update of await this.store.durableUpdates(room)) Y.applyUpdate(stored, update)
    this.violation ??= divergence(
      this.replicas.map((replica) => ({ name: replica.name, doc: replica.doc })),
      stored,
    )
    stored.destroy()
  }

  destroy(): void {
    for (const replica of this.replicas) replica.destroy()
  }

  private quiet(): boolean {
    const moving = this.network.live().some((link) => link.state === 'connecting' || link.toRelay.length > 0 || link.toReplica.length > 0)
    return !moving && !this.relay?.turnPending && this.store.pendingWrites === 0 && this.replicas.every((replica) => replica.provider.synced)
  }

  /** Counts down offline spells, partitions and the relay's downtime. */
  private tick(): void {
    for (const replica of this.replicas) {
      if (replica.offlineFor > 0 && --replica.offlineFor === 0) replica.provider.connect()
    }
    for (const [link, left] of this.partitions) {
      if (left > 1) this.partitions.set(link, left - 1)
      else {
        link.partitioned = false
        this.partitions.delete(link)
      }
    }
    if (!this.relay && --this.relayDownFor <= 0) this.relay = this.startRelay()
  }

  /** Delivers one packet somewhere; with `faulty`, it may be dropped, duplicated or reordered. */
  private deliverOne(faulty: boolean): boolean {
    const queues: Array<[Link, 'toRelay' | 'toReplica']> = []
    for (const link of this.network.live()) {
      if (link.partitioned) continue
      if (link.toRelay.length > 0) queues.push([link, 'toRelay'])
      if (link.toReplica.length > 0) queues.push([link, 'toReplica'])
    }
    if (queues.length === 0) return false
    const [link, direction] = faulty ? prng.oneOf(this.gen, queues) : queues[0]
    const queue: Packet[] = link[direction]
    let index = 0
    if (faulty && prng.real53(this.gen) < this.faults.reorder) {
      const frames = queue.findIndex((packet) => packet.kind === 'close')
      index = prng.int32(this.gen, 0, Math.max(0, Math.min(3, (frames === -1 ? queue.length : frames) - 1)))
    }
    const packet = queue[index]
    const dice = faulty ? prng.real53(this.gen) : 1
    if (packet.kind === 'frame' && dice < this.faults.drop) {
      queue.splice(index, 1)
      return true
    }
    if (!(packet.kind === 'frame' && dice < this.faults.drop + this.faults.duplicate)) queue.splice(index, 1)
    this.frames++
    this.network.deliver(link, direction, packet)
    return true
  }

  private openOne(): void {
    const connecting = this.network.live().filter((link) => link.state === 'connecting')
    if (connecting.length > 0) this.network.open(prng.oneOf(this.gen, connecting))
  }

  private editOne(): void {
    const replica = prng.oneOf(this.gen, this.replicas)
    const edits = prng.int32(this.gen, 1, 3)
    for (let i = 0; i < edits; i++) replica.edit(this.gen)
    this.edits += edits
  }

  /** A replica goes offline on purpose, for a short or a long spell, and keeps editing meanwhile. */
  private goOffline(): void {
    const replica = prng.oneOf(this.gen, this.replicas)
    if (replica.offlineFor > 0) return
    replica.offlineFor = prng.bool(this.gen) ? prng.int32(this.gen, 3, 20) : prng.int32(this.gen, 50, 150)
    replica.provider.disconnect()
  }

  private partition(): void {
    const open = this.network.links.filter((link) => link.state === 'open' && !link.partitioned)
    if (open.length === 0) return
    const link = prng.oneOf(this.gen, open)
    link.partitioned = true
    this.partitions.set(link, prng.int32(this.gen, 2, 60))
  }

  private breakOne(): void {
    const open = this.network.links.filter((link) => link.state === 'open')
    if (open.length > 0) this.network.break(prng.oneOf(this.gen, open))
  }

  /** The relay process dies: writes in flight are lost, every connection breaks. */
  private async crash(): Promise<void> {
    if (!this.relay) return
    this.crashes++
    this.store.crash()
    const promised = this.relay.takePromises()
    this.relay = null
    this.network.listener = null
    for (const link of this.network.links) if (link.state !== 'closed') this.network.break(link)
    this.relayDownFor = prng.int32(this.gen, 1, 40)
    await this.checkPromises(`at crash ${this.crashes}`, promised)
  }

  /** Everything the relay promised durable is in the store. */
  private async checkPromises(when: string, promised: Uint8Array[]): Promise<void> {
    const missing = missingFrom(await this.store.durableUpdates(room), promised)
    if (missing) this.violation ??= `${when}: the relay relayed or acknowledged an update the store lost (${missing})`
  }

  private startRelay(): SimRelay {
    // Every other simulation batches what its watchers are relayed, decided without a draw of its
    // own so that recorded seeds replay the same steps.
    const watcherBatchAbove = this.compactAfterUpdates % 2 === 0 ? 1 : undefined
    const relay = new SimRelay(this.store, { compactAfterUpdates: this.compactAfterUpdates, watcherBatchAbove })
    this.network.listener = relay
    return relay
  }
}
