import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as encoding from 'lib0/encoding'
import { describe, expect, it, onTestFinished } from 'vitest'
import { type TestClient } from '../../test/helpers/client.ts'
import { connectForTest } from '../../test/helpers/testClient.ts'
import { nextClose } from '../../test/helpers/accessRelay.ts'
import { MemoryBus, type MemoryPubSub } from '../../test/helpers/memoryBus.ts'
import { waitFor } from '../../test/helpers/wait.ts'
import type { AccessOptions } from '../access/relayAccess.ts'
import { type Relay, startRelay } from '../relay.ts'
import { SqliteStore } from '../store/sqliteStore.ts'
import { decodeBusMessage, docChannel } from './busMessage.ts'
import type { ClusterTimings } from './clusterNode.ts'

/** Relays in this process sharing one SQLite file (as processes would) and one in-memory bus. */
async function cluster(count: number, timings: ClusterTimings = {}, access: AccessOptions = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mergepad-cluster-'))
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }))
  const bus = new MemoryBus()
  const relays: Array<{ relay: Relay; pubSub: MemoryPubSub; store: SqliteStore }> = []
  for (let i = 0; i < count; i++) {
    const store = await SqliteStore.open(dir)
    const pubSub = bus.connect()
    const relay = await startRelay({ host: '127.0.0.1', port: 0, store, access, cluster: { pubSub, timings: { gapWaitMs: 20, ...timings } } })
    onTestFinished(() => relay.close())
    relays.push({ relay, pubSub, store })
  }
  return { bus, relays, dir }
}

function client(relay: Relay, doc: string, name: string, params: Record<string, string> = {}): TestClient {
  return connectForTest(relay.url, doc, name, params)
}

/** The relay's HTTP address, for its API. */
const httpOf = (relay: Relay) => relay.url.replace('ws:', 'http:')

/** Whether a message on the bus is a committed entry (rather than presence, heads…). */
const isEntry = (message: Uint8Array) => decodeBusMessage(message).kind === 'update'

describe('relays sharing a store and a bus', () => {
  it('pass an edit made on one to the peers of the others, after storing it once', async () => {
    const { relays } = await cluster(3)
    const [alice, bob, carol] = relays.map(({ relay }, i) => client(relay, 'notes', ['alice', 'bob', 'carol'][i]))
    await Promise.all([alice, bob, carol].map((c) => c.synced()))
    alice.type('hello from a')
    await waitFor(() => bob.text.toString() === 'hello from a' && carol.text.toString() === 'hello from a', 'the edit on the other relays')
    bob.type('!')
    await waitFor(() => alice.text.toString() === 'hello from a!' && carol.text.toString() === 'hello from a!', 'the answer')
    const stored = await relays[0].store.load('notes')
    expect(stored.log).toHaveLength(2)
  })

  it('keep who wrote each stored edit, whichever relay stored it', async () => {
    const { relays } = await cluster(2)
    const [alice, bob] = relays.map(({ relay }, i) => client(relay, 'authors', ['alice', 'bob'][i]))
    await Promise.all([alice.synced(), bob.synced()])
    alice.type('from a')
    await waitFor(() => bob.text.toString() === 'from a', 'alice’s edit at bob')
    bob.type('!')
    await waitFor(() => alice.text.toString() === 'from a!', 'bob’s edit at alice')
    const changes = await relays[0].store.readChanges('authors', 0)
    expect(changes.map((change) => change.parts.map((part) => part.author))).toEqual([['alice'], ['bob']])
  })

  it('read a lost entry from the store once a later one shows the gap', async () => {
    const { bus, relays } = await cluster(2)
    const [alice, bob] = relays.map(({ relay }, i) => client(relay, 'gap', ['alice', 'bob'][i]))
    await Promise.all([alice.synced(), bob.synced()])
    let dropped = 0
    bus.drop = (channel, message) => channel === docChannel('gap') && isEntry(message) && dropped++ === 0
    alice.type('lost ')
    await waitFor(() => dropped === 1, 'the first entry to be lost')
    // The next entry depends on the lost one: without it bob's replica would show nothing.
    alice.type('found')
    await waitFor(() => bob.text.toString() === 'lost found', 'bob to have both edits')
  })

  it('read a lost entry from the store when the next entry is their own', async () => {
    const { bus, relays } = await cluster(2)
    const [alice, bob] = relays.map(({ relay }, i) => client(relay, 'tail', ['alice', 'bob'][i]))
    await Promise.all([alice.synced(), bob.synced()])
    let dropped = 0
    bus.drop = (channel, message) => channel === docChannel('tail') && isEntry(message) && dropped++ === 0
    alice.type('a')
    await waitFor(() => dropped > 0, 'the entry to be lost')
    bob.type('b', 0)
    await waitFor(() => bob.text.toString().length === 2, 'bob to read alice’s lost edit')
    await waitFor(() => alice.text.toString() === bob.text.toString(), 'alice to get bob’s')
  })

  it('announce a document’s head again after its last entry could not be published', async () => {
    const { bus, relays } = await cluster(2, { headRetryMs: 50 })
    const [alice, bob] = relays.map(({ relay }, i) => client(relay, 'refused', ['alice', 'bob'][i]))
    await Promise.all([alice.synced(), bob.synced()])
    let refused = 0
    // As when publishes queue up in front of a Redis that stopped answering: refused, no reconnect.
    bus.refuse = (channel, message) => channel === docChannel('refused') && decodeBusMessage(message).kind !== 'awareness' && refused++ < 3
    alice.type('the only edit')
    // No later edit shows relay b a gap: only the head announced again after the failures does.
    await waitFor(() => bob.text.toString() === 'the only edit', 'bob to get the edit')
    expect(refused).toBe(4)
  })

  it('serve their own peers while the bus is down, and catch up when it is back', async () => {
    const { bus, relays } = await cluster(2)
    const [alice, aliceToo, bob] = [0, 0, 1].map((i, n) => client(relays[i].relay, 'down', `peer-${n}`))
    await Promise.all([alice, aliceToo, bob].map((c) => c.synced()))
    bus.goDown()
    alice.type('while down')
    await waitFor(() => aliceToo.text.toString() === 'while down', 'a peer of the same relay to see it')
    expect(bob.text.toString()).toBe('')
    bus.comeBack()
    await waitFor(() => bob.text.toString() === 'while down', 'the other relay to catch up')
  })

  it('pass presence across, and drop a dead relay’s peers after its heartbeats stop', async () => {
    const { relays } = await cluster(2, { heartbeatMs: 50, nodeTtlMs: 500 })
    const [alice, bob] = relays.map(({ relay }, i) => client(relay, 'carets', ['alice', 'bob'][i]))
    await Promise.all([alice.synced(), bob.synced()])
    const seesAlice = () => bob.provider.awareness.getStates().has(alice.doc.clientID)
    await waitFor(seesAlice, 'bob to see alice’s presence')
    relays[0].pubSub.cutOff()
    // Within the test's 10 s: long before y-protocols itself forgets a state no one renews (30 s).
    await waitFor(() => !seesAlice(), 'alice’s presence to go with her relay')
  })

  it('let no peer change the presence of a peer on another relay', async () => {
    const { relays } = await cluster(2)
    const alice = client(relays[0].relay, 'carets', 'alice')
    const carol = client(relays[0].relay, 'carets', 'carol')
    const mallory = client(relays[1].relay, 'carets', 'mallory')
    await Promise.all([alice, carol, mallory].map((c) => c.synced()))
    const aliceId = alice.doc.clientID
    const nameOf = (c: TestClient) => (c.provider.awareness.getStates().get(aliceId)?.user as { name?: string } | undefined)?.name
    await waitFor(() => nameOf(carol) === 'alice' && nameOf(mallory) === 'alice', 'everyone to see alice')
    // Mallory's relay holds alice's state from the other relay; mallory sends a newer one under her id.
    const forged = encoding.createEncoder()
    encoding.writeVarUint(forged, 1)
    encoding.writeVarUint(forged, aliceId)
    encoding.writeVarUint(forged, mallory.provider.awareness.meta.get(aliceId)!.clock + 1)
    encoding.writeVarString(forged, JSON.stringify({ user: { name: 'impostor' } }))
    const frame = encoding.createEncoder()
    encoding.writeVarUint(frame, 1) // awareness
    encoding.writeVarUint8Array(frame, encoding.toUint8Array(forged))
    mallory.provider.ws!.send(encoding.toUint8Array(frame))
    mallory.type('a later edit')
    await waitFor(() => carol.text.toString() === 'a later edit', 'mallory’s later edit at carol')
    expect(nameOf(carol)).toBe('alice')
    expect(nameOf(mallory)).toBe('alice')
  })

  it('drop a leaving relay’s peers at once', async () => {
    const { relays } = await cluster(2, { nodeTtlMs: 60_000 })
    const [alice, bob] = relays.map(({ relay }, i) => client(relay, 'bye', ['alice', 'bob'][i]))
    await Promise.all([alice.synced(), bob.synced()])
    const seesAlice = () => bob.provider.awareness.getStates().has(alice.doc.clientID)
    await waitFor(seesAlice, 'bob to see alice')
    alice.provider.shouldConnect = false
    await relays[0].relay.close()
    await waitFor(() => !seesAlice(), 'alice’s presence to go when her relay leaves', 5000)
  })

  it('let a relay that only received the others’ entries compact through them', async () => {
    const { relays } = await cluster(2)
    const [alice, bob] = relays.map(({ relay }, i) => client(relay, 'compact', ['alice', 'bob'][i]))
    await Promise.all([alice.synced(), bob.synced()])
    for (const word of ['one ', 'two ', 'three']) {
      alice.type(word)
      await waitFor(() => bob.text.toString().endsWith(word), `"${word}" on bob’s side`)
    }
    // Relay b, which appended nothing, unloads first: its compaction drops alice's three entries.
    bob.destroy()
    await waitFor(() => !relays[1].relay.registry.has('compact'), 'relay b to unload the document')
    const stored = await relays[1].store.load('compact')
    expect(stored.log).toEqual([])
    expect(stored.seq).toBe(3)
    expect(relays[0].relay.registry.has('compact')).toBe(true)
  })

  it('close a document’s connections on every relay when one deletes it', async () => {
    const { relays } = await cluster(2)
    const [alice, bob] = relays.map(({ relay }, i) => client(relay, 'doomed', ['alice', 'bob'][i]))
    await Promise.all([alice.synced(), bob.synced()])
    alice.type('soon gone')
    await waitFor(() => bob.text.toString() === 'soon gone', 'bob to see the text')
    const closes: number[] = []
    bob.provider.on('connection-close', (event: { code: number } | null) => event && closes.push(event.code))
    const response = await fetch(`${httpOf(relays[0].relay)}/api/docs/doomed`, { method: 'DELETE' })
    expect(response.status).toBe(200)
    await waitFor(() => closes.includes(4411), 'bob’s connection to close as deleted')
    expect(await relays[1].store.catalog.exists('doomed')).toBe(false)
  })

  it('show a document created again after a deletion with its own history on every relay', async () => {
    const { relays } = await cluster(2)
    const [a, b] = relays.map(({ relay }) => httpOf(relay))
    const post = (base: string, url: string, body: string) => fetch(`${base}${url}`, { method: 'POST', body })
    expect((await post(a, '/api/docs', JSON.stringify({ name: 'again', text: 'old secret text' }))).status).toBe(201)
    expect((await post(a, '/api/docs/again/append', ' more')).status).toBe(200)
    expect(await (await fetch(`${b}/api/docs/again/versions/c2/text`)).text()).toBe('old secret text more')
    expect((await fetch(`${a}/api/docs/again`, { method: 'DELETE' })).status).toBe(200)
    expect((await post(a, '/api/docs', JSON.stringify({ name: 'again', text: 'brand new' }))).status).toBe(201)
    const atB = await fetch(`${b}/api/docs/again/versions/c1/text`)
    expect({ status: atB.status, text: await atB.text() }).toEqual({ status: 200, text: 'brand new' })
    expect((await fetch(`${b}/api/docs/again/versions/c2/text`)).status).toBe(404)
  })

  it('honour on every relay a link one issued, and close what it opened everywhere once revoked', async () => {
    // Relays on one machine share the links as they share the data directory.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mergepad-links-'))
    onTestFinished(() => fs.rmSync(dataDir, { recursive: true, force: true }))
    const { relays } = await cluster(2, {}, { mode: 'links', dataDir })
    const { token, grant } = await relays[0].relay.access.issue('shared', 'edit')
    const bob = client(relays[1].relay, 'shared', 'bob', { token })
    await bob.synced()
    const closed = nextClose(bob)
    expect(await relays[0].relay.access.revoke('shared', { id: grant.id })).toEqual([grant.id])
    expect((await closed).code).toBe(4410)
  })

  it('leave nothing of a deleted document behind while a peer on another relay types', async () => {
    const { relays } = await cluster(2)
    const bob = client(relays[1].relay, 'typed-in', 'bob')
    await bob.synced()
    bob.type('before ')
    while ((await relays[0].store.load('typed-in')).seq === 0) await new Promise((resolve) => setTimeout(resolve, 10))
    const typing = setInterval(() => bob.type('x'), 1)
    onTestFinished(() => clearInterval(typing))
    const response = await fetch(`${httpOf(relays[0].relay)}/api/docs/typed-in`, { method: 'DELETE' })
    expect(response.status).toBe(200)
    await waitFor(() => !relays[1].relay.registry.has('typed-in'), 'relay b to unload the document')
    clearInterval(typing)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(await relays[0].store.catalog.exists('typed-in')).toBe(false)
  })
})
