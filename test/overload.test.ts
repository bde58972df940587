import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { CloseCode, MessageType, durableAckParam } from '../shared/index.ts'
import { type Relay, type RelayOptions, startRelay } from '../server/relay.ts'
import { SqliteStore } from '../server/store/sqliteStore.ts'
import { connectClient } from './helpers/client.ts'
import { FakePeer } from './helpers/fakes.ts'
import { sendAndAwaitClose } from './helpers/rawSocket.ts'
import { waitFor, within } from './helpers/wait.ts'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function relayWith(options: Partial<RelayOptions> = {}): Promise<Relay> {
  const store = await SqliteStore.open(fs.mkdtempSync(path.join(os.tmpdir(), 'mergepad-overload-')))
  const relay = await startRelay({ host: '127.0.0.1', port: 0, store, ...options })
  cleanups.push(() => relay.close())
  return relay
}

async function metricsOf(relay: Relay): Promise<string> {
  return relay.metrics.registry.metrics()
}

describe('overload protection', () => {
  it('disconnects a peer that stops reading once its send buffer passes the bound', async () => {
    const relay = await relayWith({ maxBufferedBytes: 256 * 1024 })
    const slow = new WebSocket(`${relay.url}/flood`)
    await new Promise((resolve) => slow.once('open', resolve))
    // Stop reading: the kernel buffers fill, then the relay's send buffer grows.
    ;(slow as unknown as { _socket: { pause(): void } })._socket.pause()

    const writer = connectClient(relay.url, 'flood', 'writer')
    cleanups.push(() => writer.destroy(), () => slow.terminate())
    await writer.synced()
    for (let i = 0; i < 200 && !(await metricsOf(relay)).includes('kind="SlowPeer"'); i++) {
      writer.type('x'.repeat(64 * 1024))
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    expect(await metricsOf(relay)).toMatch(/mergepad_errors_total\{kind="SlowPeer"\} 1/)
    await waitFor(() => relay.registry.size === 1 && writer.provider.wsconnected, 'the writer to stay connected')
  })

  it('closes a connection that floods past the message rate', async () => {
    const relay = await relayWith({ rate: { messagesPerSecond: 20, messageBurst: 20 } })
    const query = Uint8Array.of(MessageType.QueryAwareness)
    const closed = await sendAndAwaitClose(`${relay.url}/rated`, ...Array.from({ length: 100 }, () => query))
    expect(closed.code).toBe(CloseCode.RateLimited)
    expect(closed.reason).toMatch(/too many messages/)
  })

  it('closes a connection that sends more bytes per second than allowed, storing nothing it refused', async () => {
    // Bursts of 16 KiB: two 6 KB updates fit, the third needs ~200 ms of refill that a flood does not wait for.
    const relay = await relayWith({ rate: { bytesPerSecond: 8 * 1024, byteBurst: 16 * 1024 } })
    const alice = connectClient(relay.url, 'bytes', 'alice')
    const bob = connectClient(relay.url, 'bytes', 'bob')
    cleanups.push(() => alice.destroy(), () => bob.destroy())
    await Promise.all([alice.synced(), bob.synced()])
    const [aliceSocket, bobSocket] = [alice.provider.ws, bob.provider.ws]
    let typed = 0
    const typing = setInterval(() => alice.type(`${typed++ % 10}`), 20)
    cleanups.push(() => clearInterval(typing))

    const flooder = new FakePeer('flooder')
    const frames = ['a', 'b', 'c', 'd'].map((letter) => flooder.type(letter.repeat(6000)))
    const closed = await within(sendAndAwaitClose(`${relay.url}/bytes`, ...frames), 5000, 'the flooder to be closed')
    expect(closed.code).toBe(CloseCode.RateLimited)
    expect(closed.reason).toMatch(/bytes per second/)

    await new Promise((resolve) => setTimeout(resolve, 200))
    clearInterval(typing)
    await waitFor(() => bob.text.length === typed + 12_000, 'bob to have every edit and the two updates within the budget')
    expect(bob.text.toString()).toBe(alice.text.toString())
    expect(alice.provider.ws).toBe(aliceSocket)
    expect(bob.provider.ws).toBe(bobSocket)
    expect([aliceSocket?.readyState, bobSocket?.readyState]).toEqual([WebSocket.OPEN, WebSocket.OPEN])

    const fresh = connectClient(relay.url, 'bytes', 'fresh')
    cleanups.push(() => fresh.destroy())
    await fresh.synced()
    const count = (letter: string) => fresh.text.toString().split(letter).length - 1
    expect([count('a'), count('b'), count('c'), count('d')]).toEqual([6000, 6000, 0, 0])
    expect(fresh.text.toString()).toBe(alice.text.toString())
    expect(await metricsOf(relay)).toMatch(/mergepad_errors_total\{kind="RateLimited"\} 1/)
  })

  it('lets a fast typist and a large paste through under the default limits', async () => {
    const relay = await relayWith()
    const typist = connectClient(relay.url, 'fast', 'typist')
    const reader = connectClient(relay.url, 'fast', 'reader')
    cleanups.push(() => typist.destroy(), () => reader.destroy())
    await Promise.all([typist.synced(), reader.synced()])
    for (let i = 0; i < 300; i++) {
      typist.type('k')
      typist.provider.awareness.setLocalStateField('cursor', i)
      if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 1))
    }
    typist.type('p'.repeat(4 * 1024 * 1024))
    await waitFor(() => reader.text.length === 300 + 4 * 1024 * 1024, 'the paste to arrive', 30_000)
    expect(await metricsOf(relay)).not.toContain('mergepad_errors_total{')
  })

  it('sends durable acknowledgements only to clients that asked for them', async () => {
    const relay = await relayWith()
    const frames = (url: string) => {
      const received: Uint8Array[] = []
      const peer = new FakePeer('raw')
      const ws = new WebSocket(url)
      ws.binaryType = 'nodebuffer'
      ws.on('message', (data: Buffer) => received.push(new Uint8Array(data)))
      cleanups.push(() => ws.close())
      return { ws, received, peer, opened: new Promise((resolve) => ws.once('open', resolve)) }
    }
    const acking = frames(`${relay.url}/acks?${durableAckParam}=1`)
    const stock = frames(`${relay.url}/acks`)
    await Promise.all([acking.opened, stock.opened])
    acking.ws.send(acking.peer.type('stored'))
    stock.ws.send(stock.peer.type('also stored'))
    await waitFor(() => acking.received.some((f) => f[0] === MessageType.DurableAck), 'an acknowledgement')
    await waitFor(() => stock.received.some((f) => f[0] === MessageType.Sync && f.length > 10), 'the other update')
    expect(acking.received.find((f) => f[0] === MessageType.DurableAck)).toEqual(Uint8Array.of(MessageType.DurableAck, 1))
    expect(stock.received.some((f) => f[0] === MessageType.DurableAck)).toBe(false)
  })
})
