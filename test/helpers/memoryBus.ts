import type { PubSub, Subscription } from '../../server/cluster/pubSub.ts'

/**
 * An in-process stand-in for Redis pub/sub that several relays in one test share, with the
 * faults a real bus has on demand: messages dropped (all, or those a filter picks), publishes
 * refused while the bus stays up (a full queue in front of a Redis that stopped answering), the bus down
 * (publishes refused, nothing delivered) and back (every connection's reconnect listeners run),
 * one connection cut off (a relay that died without a word). Messages are delivered after the
 * current turn, in the order they were published.
 */
export class MemoryBus {
  private readonly listeners = new Map<string, Set<(message: Uint8Array) => void>>()
  private readonly connections = new Set<MemoryPubSub>()
  private queue: Array<() => void> = []
  /** Whether the bus runs (false: down). */
  up = true
  /** Drops a message when it returns true. */
  drop: (channel: string, message: Uint8Array) => boolean = () => false
  /** Refuses a publish (it rejects, and no reconnect follows) when it returns true. */
  refuse: (channel: string, message: Uint8Array) => boolean = () => false
  /** Messages delivered so far. */
  delivered = 0

  /** A new connection to the bus, for one relay. */
  connect(): MemoryPubSub {
    const connection = new MemoryPubSub(this)
    this.connections.add(connection)
    return connection
  }

  /** The bus goes down: publishes are refused, nothing queued is delivered. */
  goDown(): void {
    this.up = false
    this.queue = []
  }

  /** The bus is back: every open connection reports a reconnect. */
  comeBack(): void {
    this.up = true
    for (const connection of this.connections) connection.reconnected()
  }

  /** @internal */
  publish(from: MemoryPubSub, channel: string, message: Uint8Array): void {
    if (!this.up || from.cut) throw new Error('the bus is down')
    if (this.refuse(channel, message)) throw new Error('the publish was refused')
    if (this.drop(channel, message)) return
    const copy = message.slice()
    if (this.queue.length === 0) setImmediate(() => this.deliver())
    this.queue.push(() => {
      for (const listener of [...(this.listeners.get(channel) ?? [])]) {
        this.delivered++
        listener(copy)
      }
    })
  }

  /** @internal */
  listen(channel: string, listener: (message: Uint8Array) => void): () => void {
    let set = this.listeners.get(channel)
    if (!set) this.listeners.set(channel, (set = new Set()))
    set.add(listener)
    return () => set.delete(listener)
  }

  /** @internal */
  disconnect(connection: MemoryPubSub): void {
    this.connections.delete(connection)
  }

  private deliver(): void {
    for (const send of this.queue.splice(0)) send()
  }
}

/** One relay's connection to a {@link MemoryBus}. */
export class MemoryPubSub implements PubSub {
  private readonly reconnectListeners: Array<() => void> = []
  private readonly stops = new Set<() => void>()
  /** Set by {@link cutOff}: this connection neither sends nor receives any more. */
  cut = false

  constructor(private readonly bus: MemoryBus) {}

  get connected(): boolean {
    return this.bus.up && !this.cut
  }

  async publish(channel: string, message: Uint8Array): Promise<void> {
    this.bus.publish(this, channel, message)
  }

  subscribe(channel: string, listener: (message: Uint8Array) => void): Subscription {
    const stop = this.bus.listen(channel, (message) => {
      if (!this.cut && this.bus.up) listener(message)
    })
    this.stops.add(stop)
    return {
      active: Promise.resolve(),
      stop: () => {
        stop()
        this.stops.delete(stop)
      },
    }
  }

  onReconnect(listener: () => void): void {
    this.reconnectListeners.push(listener)
  }

  /** The relay behind this connection died: it goes silent, without saying goodbye. */
  cutOff(): void {
    this.cut = true
  }

  /** @internal */
  reconnected(): void {
    if (!this.cut) for (const listener of this.reconnectListeners) listener()
  }

  async close(): Promise<void> {
    for (const stop of this.stops) stop()
    this.stops.clear()
    this.bus.disconnect(this)
  }
}
