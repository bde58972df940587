import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { WebSocket } from 'ws'
import { CloseCode, decodeMessage, durableAckParam, encodeMessage, peekMessageKind, shouldReconnect } from '../shared/index.ts'
import { type Relay, type RelayOptions, startRelay } from '../server/relay.ts'
import { SqliteStore } from '../server/store/sqliteStore.ts'
import { connectForTest } from './helpers/testClient.ts'
import { FakePeer } from './helpers/fakes.ts'
import { sendAndAwaitClose } from './helpers/rawSocket.ts'
import { waitFor } from './helpers/wait.ts'

async function relayWith(options: Partial<RelayOptions> = {}): Promise<Relay> {
  const store = await SqliteStore.open(fs.mkdtempSync(path.join(os.tmpdir(), 'mergepad-overload-')))
  const relay = await startRelay({ host: '127.0.0.1', port: 0, store, ...options })
  onTestFinished(() => relay.close())
  return relay
}

async function metricsOf(relay: Relay): Promise<string> {
  return relay.metrics.registry.metrics()
}

describe('overload protection', () => {
  it('pauses a connection past its budget instead of closing it, and answers every frame', async () => {
    const relay = await relayWith({ rate: { messagesPerSecond: 100, messageBurst: 10 } })
    const ws = new WebSocket(`${relay.url}/paced`)
    const answers: Uint8Array[] = []
    ws.on('message', (data: Buffer) => peekMessageKind(data) === 'awareness' && answers.push(data))
    onTestFinished(() => ws.terminate())
    await new Promise((resolve) => ws.once('open', resolve))
    for (let i = 0; i < 100; i++) ws.send(encodeMessage({ type: 'queryAwareness' }))
    await waitFor(() => answers.length === 100, 'an answer to every query')
    expect(ws.readyState).toBe(WebSocket.OPEN)
    expect(await metricsOf(relay)).toMatch(/mergepad_flow_pauses_total [1-9]/)
  })

  it('closes with RateLimited (4529), which clients retry, only past the hard cap', async () => {
    const relay = await relayWith({ rate: { messagesPerSecond: 10, messageBurst: 10, capMessagesPerSecond: 20 } })
    const query = encodeMessage({ type: 'queryAwareness' })
    const closed = await sendAndAwaitClose(`${relay.url}/capped`, ...Array.from({ length: 100 }, () => query))
    expect(closed.code).toBe(CloseCode.RateLimited)
    expect(shouldReconnect(closed.code)).toBe(true)
    expect(closed.reason).toMatch(/more than 20 frames or \d+ bytes in a second/)
    expect(await metricsOf(relay)).toMatch(/mergepad_errors_total\{kind="RateLimited"\} 1/)
  })

  it('reads a sender past its byte budget more slowly, stores all it sent, and other peers never wait for it', async () => {
    // A 16 KiB burst takes three 6 KB updates at once; the fourth waits about 1.4 s for the budget to refill.
    const relay = await relayWith({ rate: { bytesPerSecond: 4 * 1024, byteBurst: 16 * 1024 } })
    const alice = connectForTest(relay.url, 'bytes', 'alice')
    const bob = connectForTest(relay.url, 'bytes', 'bob')
    await Promise.all([alice.synced(), bob.synced()])
    const [aliceSocket, bobSocket] = [alice.provider.ws, bob.provider.ws]

    const flooder = new FakePeer('flooder')
    const ws = new WebSocket(`${relay.url}/bytes`)
    onTestFinished(() => ws.terminate())
    await new Promise((resolve) => ws.once('open', resolve))
    for (const letter of ['a', 'b', 'c', 'd']) ws.send(flooder.type(letter.repeat(6000)))
    const count = (text: string, letter: string) => text.split(letter).length - 1
    await waitFor(() => count(bob.text.toString(), 'c') === 6000, 'the updates within the budget')
    expect(await metricsOf(relay)).toMatch(/mergepad_flow_pauses_total 1/)

    alice.type('z')
    await waitFor(() => bob.text.toString().includes('z'), 'alice’s keystroke while the flooder waits')
    expect(count(bob.text.toString(), 'd')).toBe(0)
    await waitFor(() => count(bob.text.toString(), 'd') === 6000, 'the last update, once the budget refilled', 15_000)

    expect(ws.readyState).toBe(WebSocket.OPEN)
    expect([alice.provider.ws, bob.provider.ws]).toEqual([aliceSocket, bobSocket])
    const fresh = connectForTest(relay.url, 'bytes', 'fresh')
    await fresh.synced()
    expect(fresh.text.toString()).toBe(bob.text.toString())
    expect(fresh.text.length).toBe(24_001)
    expect(await metricsOf(relay)).not.toContain('mergepad_errors_total{')
  })

  it('lets a fast typist and a large paste through under the default limits', async () => {
    const relay = await relayWith()
    const typist = connectForTest(relay.url, 'fast', 'typist')
    const reader = connectForTest(relay.url, 'fast', 'reader')
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
      onTestFinished(() => ws.close())
      return { ws, received, peer, opened: new Promise((resolve) => ws.once('open', resolve)) }
    }
    const acking = frames(`${relay.url}/acks?${durableAckParam}=1`)
    const stock = frames(`${relay.url}/acks`)
    await Promise.all([acking.opened, stock.opened])
    acking.ws.send(acking.peer.type('stored'))
    stock.ws.send(stock.peer.type('also stored'))
    const kinds = (frames: Uint8Array[]) => frames.map(peekMessageKind)
    await waitFor(() => kinds(acking.received).includes('durableAck'), 'an acknowledgement')
    await waitFor(() => kinds(stock.received).includes('syncUpdate'), 'the other update')
    const ack = acking.received.find((f) => peekMessageKind(f) === 'durableAck')!
    expect(decodeMessage(ack)).toEqual({ type: 'durableAck', count: 1 })
    expect(kinds(stock.received)).not.toContain('durableAck')
  })
})
