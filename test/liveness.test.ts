import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { WebSocket } from 'ws'
import { type Relay, startRelay } from '../server/relay.ts'
import { SqliteStore } from '../server/store/sqliteStore.ts'
import { type TestClient } from './helpers/client.ts'
import { connectForTest } from './helpers/testClient.ts'
import { waitFor } from './helpers/wait.ts'

// Long enough that a peer in this very process answers in time even on a busy machine; the test
// waits for pings, not for time, so it costs two or three intervals.
const pingIntervalMs = 1000

async function relayPinging(): Promise<Relay> {
  const store = await SqliteStore.open(fs.mkdtempSync(path.join(os.tmpdir(), 'mergepad-liveness-')))
  const relay = await startRelay({ host: '127.0.0.1', port: 0, store, pingIntervalMs })
  onTestFinished(() => relay.close())
  return relay
}

function client(relay: Relay, room: string, name: string): TestClient {
  return connectForTest(relay.url, room, name)
}

async function connectionsOf(relay: Relay): Promise<number> {
  const health = (await (await fetch(`${relay.url.replace('ws:', 'http:')}/healthz`)).json()) as { connections: number }
  return health.connections
}

describe('liveness', () => {
  it('drops a peer that stops answering pings while peers that answer keep syncing', async () => {
    const relay = await relayPinging()
    const alice = client(relay, 'pulse', 'alice')
    const bob = client(relay, 'pulse', 'bob')
    await Promise.all([alice.synced(), bob.synced()])
    const aliceSocket = alice.provider.ws
    const bobSocket = bob.provider.ws
    let typed = 0
    const typing = setInterval(() => alice.type(`${typed++ % 10}`), 10)
    onTestFinished(() => clearInterval(typing))

    const mute = new WebSocket(`${relay.url}/pulse`, { autoPong: false })
    onTestFinished(() => mute.terminate())
    let pings = 0
    mute.on('ping', () => pings++)
    const closeCode = new Promise<number>((resolve) => mute.on('close', resolve))
    await new Promise((resolve) => mute.once('open', resolve))
    expect(await connectionsOf(relay)).toBe(3)

    // One ping goes unanswered, the next tick terminates: two intervals, plus slack for a busy machine.
    await waitFor(() => mute.readyState === WebSocket.CLOSED, 'the relay to drop the peer that does not answer pings', 30 * pingIntervalMs)
    expect(pings).toBeGreaterThanOrEqual(1)
    // Terminated, not closed: a peer that does not answer pings would not answer a close either.
    expect(await closeCode).toBe(1006)
    expect(relay.registry.size).toBe(1)
    expect(await connectionsOf(relay)).toBe(2)

    // Two more pings: the peers that answer keep their very sockets and keep syncing.
    const bobAtDrop = bob.text.length
    let bobPings = 0
    ;(bobSocket as unknown as WebSocket).on('ping', () => bobPings++)
    await waitFor(() => bobPings >= 2, 'two more pings to bob', 10 * pingIntervalMs)
    expect(bob.text.length).toBeGreaterThan(bobAtDrop + 20)
    clearInterval(typing)
    await waitFor(() => bob.text.length === typed, 'bob to have every edit')
    expect(typed).toBeGreaterThan(30)
    expect(bob.text.toString()).toBe(alice.text.toString())
    expect(alice.provider.ws).toBe(aliceSocket)
    expect(bob.provider.ws).toBe(bobSocket)
    expect(aliceSocket?.readyState).toBe(WebSocket.OPEN)
    expect(bobSocket?.readyState).toBe(WebSocket.OPEN)
    expect(await connectionsOf(relay)).toBe(2)
  })
})
