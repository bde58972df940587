import type { Logger } from 'pino'
import { type RedisClientType, createClient } from 'redis'
import type { PubSub, Subscription } from './pubSub.ts'

/** Options of {@link RedisPubSub.connect}. */
export interface RedisPubSubOptions {
  log: Logger
  /** How long `connect` waits for a first connection before going on without one (default 5 s). */
  firstConnectMs?: number
  /**
   * Publishes that may wait for Redis's answer at once (default 100,000; keep it at 10 or more, as
   * a connection's handshake queues a few commands of its own). A publish beyond them fails at
   * once, so a Redis that stops answering cannot make a relay hold its messages without bound; the
   * receivers read what they missed from the store. The default leaves room for a reconnect's
   * burst (three messages per loaded document) with many thousands of documents loaded.
   */
  maxWaitingPublishes?: number
}

/** Reconnect quickly: a relay without Redis serves only its own peers. At most 1 s between tries. */
const reconnectStrategy = (retries: number): number => Math.min(50 * 2 ** retries, 1000) + Math.floor(Math.random() * 50)

/**
 * {@link PubSub} over Redis with node-redis: one connection publishes, another subscribes (Redis
 * allows nothing else on a subscribed connection). Payloads travel as binary strings, byte for
 * byte. Both connections reconnect by themselves; node-redis subscribes again before it reports
 * a connection ready, and then the `onReconnect` listeners run. Publishing while disconnected
 * fails at once instead of queueing: the receivers catch up from the store instead.
 *
 * A publish has no timer of its own. node-redis would arm a 5 s `AbortSignal.timeout` for each
 * command, which only guards the moment before the command is written (within the turn it was
 * made), and which cost a busy relay about a tenth of a millisecond per publish: making the signal,
 * and its `DOMException` when the timer fires anyway 5 s later. What bounds publishes that Redis
 * does not answer is `maxWaitingPublishes`; a lost connection fails them all.
 */
export class RedisPubSub implements PubSub {
  private readonly reconnectListeners: Array<() => void> = []
  private readyWaiters: Array<() => void> = []
  private closed = false
  private started = false
  /** Whether a publish was refused because too many wait, and none has been answered since. */
  private stalled = false

  private constructor(
    private readonly publisher: RedisClientType,
    private readonly subscriber: RedisClientType,
    private readonly log: Logger,
    private readonly maxWaiting: number,
  ) {
    this.watch(publisher, 'publisher')
    this.watch(subscriber, 'subscriber')
  }

  /**
   * Connects to `url` (`redis://[user:password@]host:port`). Resolves once both connections are
   * up, or after `firstConnectMs` without them: the relay then starts anyway, serving its own
   * peers, and the connections keep trying.
   */
  static async connect(url: string, options: RedisPubSubOptions): Promise<RedisPubSub> {
    const maxWaiting = options.maxWaitingPublishes ?? 100_000
    const publisher = createClient({
      url,
      disableOfflineQueue: true,
      pingInterval: 5000,
      commandsQueueMaxLength: maxWaiting,
      commandOptions: { timeout: 0 },
      socket: { reconnectStrategy },
    }) as RedisClientType
    const subscriber = createClient({ url, socket: { reconnectStrategy } }) as RedisClientType
    const pubSub = new RedisPubSub(publisher, subscriber, options.log, maxWaiting)
    const connecting = Promise.all([publisher.connect(), subscriber.connect()])
    connecting.catch(() => {})
    let timer: NodeJS.Timeout | undefined
    const waited = await Promise.race([
      connecting.then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(resolve, options.firstConnectMs ?? 5000, false))),
    ])
    clearTimeout(timer)
    if (!waited) options.log.error('cannot reach Redis; serving this relay’s own peers only until it answers')
    pubSub.started = true
    return pubSub
  }

  get connected(): boolean {
    return this.publisher.isReady && this.subscriber.isReady
  }

  async publish(channel: string, message: Uint8Array): Promise<void> {
    try {
      await this.publisher.publish(channel, Buffer.from(message.buffer, message.byteOffset, message.byteLength))
    } catch (error) {
      if (isQueueFull(error) && !this.stalled) {
        this.stalled = true
        this.log.warn(`Redis is not answering: ${this.maxWaiting} publishes wait for it, and more fail`)
      }
      throw error
    }
    if (this.stalled) this.log.info('Redis answers again')
    this.stalled = false
  }

  subscribe(channel: string, listener: (message: Uint8Array) => void): Subscription {
    let stopped = false
    const onMessage = (message: Buffer) => {
      if (!stopped) listener(new Uint8Array(message.buffer, message.byteOffset, message.byteLength))
    }
    const active = (async () => {
      // A SUBSCRIBE in flight when the connection drops is refused; try again once it is back.
      while (!stopped && !this.closed) {
        try {
          return await this.subscriber.subscribe(channel, onMessage, true)
        } catch {
          await new Promise<void>((resolve) => this.readyWaiters.push(resolve))
        }
      }
    })()
    return {
      active,
      stop: () => {
        if (stopped) return
        stopped = true
        if (!this.closed) this.subscriber.unsubscribe(channel, onMessage, true).catch(() => {})
      },
    }
  }

  onReconnect(listener: () => void): void {
    this.reconnectListeners.push(listener)
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    for (const wake of this.readyWaiters.splice(0)) wake()
    for (const client of [this.publisher, this.subscriber]) {
      if (client.isOpen) client.destroy()
    }
  }

  private watch(client: RedisClientType, role: string): void {
    let lost = false
    client.on('error', (error: Error) => {
      // A ping refused because too many publishes wait is no lost connection (see `publish`).
      if (lost || this.closed || isQueueFull(error)) return
      lost = true
      this.log.warn({ err: error, role }, 'lost the connection to Redis; retrying')
    })
    client.on('ready', () => {
      if (lost) this.log.info({ role }, 'connected to Redis again')
      lost = false
      if (client === this.subscriber) for (const wake of this.readyWaiters.splice(0)) wake()
      if (this.started && !this.closed) for (const listener of this.reconnectListeners) listener()
    })
  }
}

/** node-redis's refusal of a command when its queue holds `commandsQueueMaxLength` already. */
function isQueueFull(error: unknown): boolean {
  return error instanceof Error && error.message === 'The queue is full'
}
