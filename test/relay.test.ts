import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import { CloseCode } from '../shared/index.ts'
import { type Relay, startRelay } from '../server/relay.ts'
import { SqliteStore } from '../server/store/sqliteStore.ts'
import { type TestClient } from './helpers/client.ts'
import { connectForTest } from './helpers/testClient.ts'
import { waitFor } from './helpers/wait.ts'

async function relayOn(dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mergepad-relay-'))) {
  const store = await SqliteStore.open(dataDir)
  const relay = await startRelay({ host: '127.0.0.1', port: 0, store })
  onTestFinished(() => relay.close())
  return { relay, store, dataDir }
}

function client(relay: Relay, room: string, name: string): TestClient {
  return connectForTest(relay.url, room, name)
}

/** Lets `clients` go, waits for `relay` to unload every room, then closes it. */
async function closeOnceUnloaded(relay: Relay, ...clients: TestClient[]): Promise<void> {
  for (const c of clients) c.destroy()
  await waitFor(() => relay.registry.size === 0, 'the rooms to unload')
  await relay.close()
}

/** Opens a raw socket and resolves with how the relay closed it. */
function closeOf(url: string): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url)
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
    ws.on('error', () => {})
  })
}

describe('relay with stock y-websocket providers', () => {
  it('syncs concurrent typing between two clients and to a newcomer', async () => {
    const { relay } = await relayOn()
    const alice = client(relay, 'plan', 'alice')
    const bob = client(relay, 'plan', 'bob')
    await Promise.all([alice.synced(), bob.synced()])

    alice.type('Alice was here. ')
    bob.type('Bob too.')
    await waitFor(() => alice.text.length === 24 && bob.text.length === 24, 'both edits on both sides')
    expect(alice.text.toString()).toBe(bob.text.toString())

    const carol = client(relay, 'plan', 'carol')
    await carol.synced()
    expect(carol.text.toString()).toBe(alice.text.toString())
  })

  it('keeps documents apart and decodes percent-encoded names', async () => {
    const { relay } = await relayOn()
    const a = client(relay, 'team/my%20notes', 'a')
    const b = client(relay, 'other', 'b')
    await Promise.all([a.synced(), b.synced()])
    a.type('only in notes')
    await waitFor(() => relay.registry.size === 2, 'two rooms')
    const again = client(relay, 'team/my%20notes', 'again')
    await again.synced()
    await waitFor(() => again.text.toString() === 'only in notes', 'the notes text')
    expect(b.text.toString()).toBe('')
  })

  it('relays presence and removes it when a client goes away', async () => {
    const { relay } = await relayOn()
    const alice = client(relay, 'room', 'alice')
    const bob = client(relay, 'room', 'bob')
    await Promise.all([alice.synced(), bob.synced()])
    const aliceId = alice.doc.clientID
    await waitFor(() => bob.provider.awareness.getStates().get(aliceId)?.user?.name === 'alice', 'alice in bob’s presence list')

    alice.provider.disconnect()
    await waitFor(() => !bob.provider.awareness.getStates().has(aliceId), 'alice to leave bob’s presence list')
  })

  it('persists across a restart and unloads rooms nobody has open', async () => {
    const first = await relayOn()
    const alice = client(first.relay, 'durable', 'alice')
    const watcher = client(first.relay, 'durable', 'watcher')
    await Promise.all([alice.synced(), watcher.synced()])
    alice.type('kept')
    await waitFor(() => watcher.text.toString() === 'kept', 'the edit to be relayed')
    await closeOnceUnloaded(first.relay, alice, watcher)

    const second = await relayOn(first.dataDir)
    const bob = client(second.relay, 'durable', 'bob')
    await bob.synced()
    expect(bob.text.toString()).toBe('kept')
  })

  it('serves a reopened document to its first readers from the snapshot and keeps what they type at once', async () => {
    const first = await relayOn()
    const alice = client(first.relay, 'reopened', 'alice')
    await alice.synced()
    alice.type('stored long ago')
    await first.relay.registry.settle('reopened')
    await closeOnceUnloaded(first.relay, alice)

    const second = await relayOn(first.dataDir)
    const [bob, carol] = [client(second.relay, 'reopened', 'bob'), client(second.relay, 'reopened', 'carol')]
    await Promise.all([bob.synced(), carol.synced()])
    expect(carol.text.toString()).toBe('stored long ago')
    bob.type(', read today')
    await waitFor(() => carol.text.toString() === 'stored long ago, read today', 'the first keystroke to be relayed')
    await second.relay.registry.settle('reopened')
    await closeOnceUnloaded(second.relay, bob, carol)

    const third = await relayOn(first.dataDir)
    const dave = client(third.relay, 'reopened', 'dave')
    await dave.synced()
    expect(dave.text.toString()).toBe('stored long ago, read today')
  })

  it('shares one load between concurrent first connections', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mergepad-relay-'))
    const store = await SqliteStore.open(dataDir)
    let loads = 0
    const load = store.load.bind(store)
    store.load = async (name) => {
      loads++
      await new Promise((resolve) => setTimeout(resolve, 50))
      return load(name)
    }
    const relay = await startRelay({ host: '127.0.0.1', port: 0, store })
    onTestFinished(() => relay.close())
    const clients = ['a', 'b', 'c', 'd'].map((name) => client(relay, 'busy', name))
    await Promise.all(clients.map((c) => c.synced()))
    expect(loads).toBe(1)
  })

  it('serves a crowd joining a large document at once one reply lane at a time, with nothing missing', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mergepad-relay-'))
    const store = await SqliteStore.open(dataDir)
    const relay = await startRelay({ host: '127.0.0.1', port: 0, store, replyLanes: { lanes: 1 } })
    onTestFinished(() => relay.close())
    const author = client(relay, 'handout', 'author')
    await author.synced()
    author.type('lesson '.repeat(60_000))
    await waitFor(() => author.provider.ws?.bufferedAmount === 0, 'the handout to be sent')
    author.destroy()
    await waitFor(() => relay.registry.size === 0, 'the handout to be stored and unloaded')

    // The crowd's requests wait for one load of the document, so they are answered in one turn and
    // all but one of the replies queue for the lane, while the teacher types.
    const load = store.load.bind(store)
    store.load = async (name) => {
      await new Promise((resolve) => setTimeout(resolve, 200))
      return load(name)
    }
    const teacher = client(relay, 'handout', 'teacher')
    const crowd = Array.from({ length: 8 }, (_, i) => client(relay, 'handout', `student ${i}`))
    await teacher.synced()
    for (let i = 0; i < 20; i++) {
      teacher.type(` note ${i}`)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    await Promise.all(crowd.map((student) => student.synced()))
    await waitFor(() => crowd.every((student) => student.text.toString() === teacher.text.toString()), 'every student to hold the whole handout and every note')
    expect(teacher.text.length).toBe(420_000 + ' note 0'.length * 10 + ' note 10'.length * 10)
  })

  it('relays a lecture’s keystrokes to its 40 watchers in batches, every keystroke arriving', async () => {
    const { relay } = await relayOn()
    const teacher = client(relay, 'lecture', 'teacher')
    const class_ = Array.from({ length: 40 }, (_, i) => client(relay, 'lecture', `student ${i}`))
    await Promise.all([teacher, ...class_].map((c) => c.synced()))
    const watcher = class_[0]
    const arrivals: number[] = []
    // A sync update frame: message type 0 (sync), then step 2 (update).
    watcher.provider.ws!.addEventListener('message', (event) => {
      const data = new Uint8Array(event.data as ArrayBuffer)
      if (data[0] === 0 && data[1] === 2) arrivals.push(performance.now())
    })

    for (let i = 0; i < 60; i++) {
      teacher.type(String(i % 10))
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    await waitFor(() => class_.every((student) => student.text.toString() === teacher.text.toString()), 'every student to see every keystroke')
    expect(teacher.text.length).toBe(60)
    // One frame when typing begins, then at most one per 50 ms batch, where each keystroke was its
    // own; counted over the time the frames came in, which outlasts the typing on a loaded machine.
    const spanMs = arrivals[arrivals.length - 1] - arrivals[0]
    expect(arrivals.length).toBeLessThanOrEqual(Math.ceil(spanMs / 50) + 2)
    expect(arrivals.length).toBeLessThan(60)
  })

  it('refuses bad document names with a reason', async () => {
    const { relay } = await relayOn()
    expect(await closeOf(`${relay.url}/a%00b`)).toEqual({ code: CloseCode.InvalidDocumentName, reason: 'document name contains a control character' })
    expect(await closeOf(`${relay.url}/a%5C..`)).toEqual({ code: CloseCode.InvalidDocumentName, reason: 'document name contains a backslash' })
    expect(await closeOf(`${relay.url}/%E0%A4%A`)).toEqual({ code: CloseCode.InvalidDocumentName, reason: 'document name is not valid percent-encoding' })
    expect(await closeOf(`${relay.url}/`)).toEqual({ code: CloseCode.InvalidDocumentName, reason: 'document name is empty' })
    expect((await closeOf(`${relay.url}/${'x'.repeat(300)}`)).code).toBe(CloseCode.InvalidDocumentName)
  })

  it('serves /healthz and Prometheus /metrics on the same port', async () => {
    const { relay } = await relayOn()
    const alice = client(relay, 'metered', 'alice')
    await alice.synced()
    const http = relay.url.replace('ws:', 'http:')

    const health = await fetch(`${http}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ status: 'ok', rooms: 1, connections: 1 })

    const metrics = await (await fetch(`${http}/metrics`)).text()
    expect(metrics).toMatch(/^mergepad_connections 1$/m)
    expect(metrics).toMatch(/^mergepad_rooms_loaded 1$/m)
    expect(metrics).toMatch(/^mergepad_replies_waiting 0$/m)
    expect(metrics).toMatch(/^mergepad_messages_received_total [1-9]/m)
    expect(metrics).toContain('mergepad_store_append_seconds_bucket')
  })

  it('serves the client with an app-route fallback and survives its files vanishing', async () => {
    const clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mergepad-client-'))
    fs.mkdirSync(path.join(clientDir, 'assets'))
    fs.writeFileSync(path.join(clientDir, 'index.html'), '<title>Mergepad</title>')
    fs.writeFileSync(path.join(clientDir, 'assets', 'app-1234.js'), 'console.log(1)')
    const store = await SqliteStore.open(fs.mkdtempSync(path.join(os.tmpdir(), 'mergepad-relay-')))
    const relay = await startRelay({ host: '127.0.0.1', port: 0, store, clientDir })
    onTestFinished(() => relay.close())
    const http = relay.url.replace('ws:', 'http:')

    for (const route of ['/', '/d/team/notes', '/demo']) {
      const page = await fetch(http + route)
      expect([route, page.status, await page.text()]).toEqual([route, 200, '<title>Mergepad</title>'])
      expect(page.headers.get('cache-control')).toBe('no-cache')
    }
    const asset = await fetch(`${http}/assets/app-1234.js`)
    expect(asset.headers.get('cache-control')).toContain('immutable')
    expect((await fetch(`${http}/assets/missing.js`)).status).toBe(404)

    fs.rmSync(clientDir, { recursive: true })
    expect((await fetch(`${http}/d/notes`)).status).toBe(404)
    expect((await fetch(`${http}/healthz`)).status).toBe(200)
  })

  it('closes peers with 1001 on shutdown after storing their edits', async () => {
    const { relay, dataDir } = await relayOn()
    const alice = client(relay, 'bye', 'alice')
    const watcher = client(relay, 'bye', 'watcher')
    await Promise.all([alice.synced(), watcher.synced()])
    const closed = new Promise<number>((resolve) => alice.provider.ws!.addEventListener('close', (e) => resolve((e as CloseEvent).code)))
    alice.type('saved at shutdown')
    await waitFor(() => watcher.text.toString() === 'saved at shutdown', 'the edit to be relayed')
    await relay.close()
    expect(await closed).toBe(CloseCode.GoingAway)
    alice.provider.disconnect()

    const store = await SqliteStore.open(dataDir)
    const stored = await store.load('bye')
    await store.close()
    expect(stored.log).toHaveLength(0)
    const doc = new Y.Doc()
    Y.applyUpdate(doc, stored.snapshot!)
    expect(doc.getText('codemirror').toString()).toBe('saved at shutdown')
  })
})
