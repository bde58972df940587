import pino from 'pino'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { silentLog } from '../../test/helpers/fakes.ts'
import { type ThrowawayRedis, startRedis } from '../../test/helpers/redis.ts'
import { waitFor } from '../../test/helpers/wait.ts'
import { RedisPubSub, type RedisPubSubOptions } from './redisPubSub.ts'

let redis: ThrowawayRedis
const opened: RedisPubSub[] = []
beforeAll(async () => {
  redis = await startRedis()
})
afterEach(async () => {
  await Promise.all(opened.splice(0).map((bus) => bus.close()))
})
afterAll(() => redis?.remove())

async function connect(url = redis.url, options: Partial<RedisPubSubOptions> = {}): Promise<RedisPubSub> {
  const bus = await RedisPubSub.connect(url, { log: silentLog, ...options })
  opened.push(bus)
  return bus
}

describe('RedisPubSub', () => {
  it('delivers every byte value as sent, in order, to every subscriber of the channel only', async () => {
    const [a, b] = await Promise.all([connect(), connect()])
    const got: Uint8Array[] = []
    const others: Uint8Array[] = []
    const subscription = b.subscribe('chan', (message) => got.push(message.slice()))
    b.subscribe('other', (message) => others.push(message))
    await subscription.active
    const every = Uint8Array.from({ length: 256 }, (_, i) => i)
    const messages = [every, new Uint8Array(0), Uint8Array.of(0, 0, 0xff), every.reverse().slice()]
    for (const message of messages) await a.publish('chan', message)
    await waitFor(() => got.length === messages.length, 'every message')
    expect(got).toEqual(messages)
    expect(others).toEqual([])

    subscription.stop()
    await a.publish('chan', Uint8Array.of(1))
    await a.publish('other', Uint8Array.of(2))
    await waitFor(() => others.length === 1, 'the other channel’s message')
    expect(got).toHaveLength(messages.length)
  })

  it('refuses to publish while Redis is down, and reconnects and resubscribes when it is back', async () => {
    const [a, b] = await Promise.all([connect(), connect()])
    let reconnects = 0
    b.onReconnect(() => reconnects++)
    const got: number[] = []
    await b.subscribe('chan', (message) => got.push(message[0])).active
    await redis.stop()
    await waitFor(() => !a.connected && !b.connected, 'both to notice')
    await expect(a.publish('chan', Uint8Array.of(1))).rejects.toThrow()

    await redis.start()
    await waitFor(() => a.connected && b.connected && reconnects > 0, 'both to reconnect', 15_000)
    await a.publish('chan', Uint8Array.of(2))
    await waitFor(() => got.length === 1, 'a message after the restart')
    expect(got).toEqual([2])
  })

  it('starts without Redis, and subscribes once it can be reached', async () => {
    await redis.stop()
    const b = await connect(redis.url, { firstConnectMs: 100 })
    expect(b.connected).toBe(false)
    const got: number[] = []
    const subscription = b.subscribe('late', (message) => got.push(message[0]))
    await redis.start()
    await subscription.active
    const a = await connect()
    await a.publish('late', Uint8Array.of(7))
    await waitFor(() => got.length === 1, 'the message')
    expect(got).toEqual([7])
  })

  it('lets publishes wait for a frozen Redis up to a limit, says so, and delivers them when it answers', async () => {
    const said: string[] = []
    const log = pino({ level: 'info' }, { write: (line: string) => void said.push(JSON.parse(line).msg) })
    const [a, b] = await Promise.all([connect(redis.url, { log, maxWaitingPublishes: 10 }), connect()])
    const got: number[] = []
    await b.subscribe('chan', (message) => got.push(message[0])).active
    const settled: number[] = []
    const sent = Array.from({ length: 10 }, (_, i) => i + 1)
    process.kill(redis.pid, 'SIGSTOP')
    try {
      const waiting = sent.map((n) => a.publish('chan', Uint8Array.of(n)).finally(() => settled.push(n)))
      await expect(a.publish('chan', Uint8Array.of(11))).rejects.toThrow(/full/)
      await expect(a.publish('chan', Uint8Array.of(12))).rejects.toThrow(/full/)
      expect(said.filter((msg) => /not answering/.test(msg))).toHaveLength(1)
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(settled).toEqual([])
      process.kill(redis.pid, 'SIGCONT')
      await Promise.all(waiting)
    } finally {
      process.kill(redis.pid, 'SIGCONT')
    }
    await waitFor(() => got.length === sent.length, 'the waiting messages')
    expect(got).toEqual(sent)
    expect(said).toContain('Redis answers again')
  })
})
