import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as prng from 'lib0/prng'
import { describe, expect, it, onTestFinished } from 'vitest'
import { CloseCode } from '../shared/index.ts'
import { type Relay, type RelayOptions, startRelay } from '../server/relay.ts'
import { SqliteStore } from '../server/store/sqliteStore.ts'
import { type TestClient } from './helpers/client.ts'
import { connectForTest } from './helpers/testClient.ts'
import { seededRandom } from './helpers/seed.ts'
import { waitFor } from './helpers/wait.ts'

async function relayWith(options: Partial<RelayOptions> = {}): Promise<Relay> {
  const store = await SqliteStore.open(fs.mkdtempSync(path.join(os.tmpdir(), 'mergepad-backpressure-')))
  const relay = await startRelay({ host: '127.0.0.1', port: 0, store, ...options })
  onTestFinished(() => relay.close())
  return relay
}

function client(relay: Relay, room: string, name: string): TestClient {
  return connectForTest(relay.url, room, name)
}

/** Every close a client's provider saw, with its code (null: closed by the provider itself). */
function closesOf(c: TestClient): Array<number | null> {
  const codes: Array<number | null> = []
  c.provider.on('connection-close', (event) => codes.push(event?.code ?? null))
  return codes
}

/**
 * Types `count` keystrokes into `writer` as a script would: each its own transaction (so its own
 * update and frame), at seeded random places, one in ten a deletion; yields to the event loop only
 * every 500 keystrokes.
 */
async function typeAsFastAsPossible(writer: TestClient, count: number, gen: prng.PRNG): Promise<void> {
  for (let i = 0; i < count; i++) {
    const { text } = writer
    writer.doc.transact(() => {
      if (text.length > 0 && prng.int32(gen, 0, 9) === 0) text.delete(prng.int32(gen, 0, text.length - 1), 1)
      else text.insert(prng.int32(gen, 0, text.length), prng.letter(gen))
    })
    if (i % 500 === 499) await new Promise((resolve) => setImmediate(resolve))
  }
}

async function metricsOf(relay: Relay): Promise<string> {
  return relay.metrics.registry.metrics()
}

describe('no client is ever stranded', () => {
  it('slows a writer sending 20,000 keystrokes as fast as it can, never cuts it off, and the watcher gets the exact text', async () => {
    const { gen } = seededRandom('20,000 keystrokes')
    const relay = await relayWith()
    const writer = client(relay, 'script', 'writer')
    const watcher = client(relay, 'script', 'watcher')
    await Promise.all([writer.synced(), watcher.synced()])
    const writerSocket = writer.provider.ws
    const writerCloses = closesOf(writer)

    await typeAsFastAsPossible(writer, 20_000, gen)
    const expected = writer.text.toString()
    await waitFor(() => watcher.text.length === expected.length && watcher.text.toString() === expected, 'the watcher to hold the exact text', 60_000)

    expect(writerCloses).toEqual([])
    expect(writer.provider.ws).toBe(writerSocket)
    expect(writer.provider.wsconnected).toBe(true)
    // The writer outran its budget, so it was slowed by backpressure rather than disconnected.
    expect(await metricsOf(relay)).toMatch(/mergepad_flow_pauses_total [1-9]/)
    expect(await metricsOf(relay)).not.toContain('mergepad_errors_total{')
    const fresh = client(relay, 'script', 'fresh')
    await fresh.synced()
    expect(fresh.text.toString()).toBe(expected)
  })

  it('closes a peer that stops reading as too slow (4508), and the peer comes back by itself and converges', async () => {
    const relay = await relayWith({ maxBufferedBytes: 256 * 1024 })
    const writer = client(relay, 'slow', 'writer')
    const reader = client(relay, 'slow', 'reader')
    await Promise.all([writer.synced(), reader.synced()])
    const readerCloses = closesOf(reader)
    const readerSocket = reader.provider.ws as unknown as { _socket: { pause(): void; resume(): void } }
    // The reader's tab stops reading: its kernel buffers fill, then the relay's send buffer grows.
    readerSocket._socket.pause()

    for (let i = 0; i < 100 && !(await metricsOf(relay)).includes('kind="SlowPeer"'); i++) {
      writer.type('x'.repeat(512 * 1024))
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    expect(await metricsOf(relay)).toMatch(/mergepad_errors_total\{kind="SlowPeer"\} 1/)
    readerSocket._socket.resume()
    writer.type('after the reader came back')

    await waitFor(() => reader.provider.synced && reader.text.toString() === writer.text.toString(), 'the reader to come back and converge', 30_000)
    // The close frame (4508) is read if the reader resumed before the relay gave up on it; else the socket just ends (1006).
    expect(readerCloses).toHaveLength(1)
    expect([CloseCode.SlowPeer, 1006]).toContain(readerCloses[0])
    expect(reader.provider.ws).not.toBe(readerSocket)
  })

  it('closes a peer past the hard cap with 4529, and the stock provider comes back by itself and converges', async () => {
    const relay = await relayWith({ rate: { messagesPerSecond: 10, messageBurst: 5, capMessagesPerSecond: 20 } })
    const writer = client(relay, 'capped', 'writer')
    const watcher = client(relay, 'capped', 'watcher')
    await Promise.all([writer.synced(), watcher.synced()])
    const writerCloses = closesOf(writer)

    for (let i = 0; i < 500; i++) writer.type('k')
    await waitFor(() => writerCloses.length > 0, 'the relay to close the writer')
    expect(writerCloses[0]).toBe(CloseCode.RateLimited)

    await waitFor(() => writer.provider.synced && watcher.text.toString() === writer.text.toString(), 'the writer to come back and the watcher to converge', 30_000)
    expect(watcher.text.length).toBe(500)
    expect(await metricsOf(relay)).toMatch(/mergepad_errors_total\{kind="RateLimited"\} 1/)
  })
})
