import * as prng from 'lib0/prng'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { textOf } from '../server/store/docStore.contract.ts'
import { PostgresStore } from '../server/store/postgresStore.ts'
import { type TestClient, connectClient } from './helpers/client.ts'
import { type ThrowawayPostgres, startPostgres } from './helpers/postgres.ts'
import { type ThrowawayRedis, startRedis } from './helpers/redis.ts'
import { type RelayProcess, startRelayProcess } from './helpers/relayProcess.ts'
import { seededRandom } from './helpers/seed.ts'
import { type Writer, startWriter, tokensOf } from './helpers/tokenWriter.ts'
import { waitFor } from './helpers/wait.ts'

let postgres: ThrowawayPostgres
let redis: ThrowawayRedis
let relays: RelayProcess[] = []
let clients: TestClient[] = []
beforeAll(async () => {
  ;[postgres, redis] = await Promise.all([startPostgres(), startRedis()])
})
afterEach(async ({ task }) => {
  for (const client of clients.splice(0)) client.destroy()
  if (task.result?.state === 'fail') for (const relay of relays) console.error(`relay :${relay.port} said:\n${relay.output()}`)
  await Promise.all(relays.splice(0).map((relay) => relay.kill()))
})
afterAll(async () => {
  await Promise.all([postgres?.remove(), redis?.remove()])
})

/** Starts `count` relay processes on database `url` and the test's Redis. */
async function startNodes(url: string, count: number): Promise<RelayProcess[]> {
  const started = await Promise.all(Array.from({ length: count }, () => startRelayProcess({ args: ['--store', url, '--redis', redis.url] })))
  relays.push(...started)
  return started
}

function connect(relay: RelayProcess, doc: string, name: string): TestClient {
  const client = connectClient(relay.url, doc, name)
  clients.push(client)
  return client
}

/** Points `client` at `relay`: its provider's next reconnect goes there, as a load balancer would send it. */
function moveTo(client: TestClient, relay: RelayProcess): void {
  client.provider.serverUrl = relay.url
  if (client.provider.wsconnected) client.provider.ws?.close()
}

/**
 * Two nodes on a fresh database, two seeded writers typing into one document on each, once their
 * edits have crossed the nodes.
 */
async function twoWritersPerNode(gen: prng.PRNG): Promise<{ url: string; writers: Writer[] }> {
  const url = await postgres.newDatabase()
  const [a, b] = await startNodes(url, 2)
  const writers = [a, a, b, b].map((relay, i) => startWriter(connect(relay, 'doc', `w${i}`), `w${i}`, gen, [15, 40]))
  await Promise.all(writers.map((writer) => writer.client.synced()))
  await waitFor(() => writers.every((writer) => writer.received().length > 3), 'edits to cross the nodes')
  return { url, writers }
}

/** What the store holds of `doc`, read directly from Postgres. */
async function storedTokens(url: string, doc: string): Promise<Set<string>> {
  const store = await PostgresStore.open(url, { max: 1 })
  try {
    return new Set(tokensOf(textOf(await store.load(doc))))
  } finally {
    await store.close()
  }
}

/**
 * Waits until every writer's client shows the same text holding every token any writer typed
 * (clients keep what they type offline and send it on reconnect, so nothing may be missing), and
 * the store holds all of it too.
 */
async function expectConverged(url: string, doc: string, writers: Writer[], timeoutMs = 30_000): Promise<void> {
  const all = writers.flatMap((writer) => writer.typed)
  const agreed = () => {
    const texts = writers.map((writer) => writer.client.text.toString())
    return texts.every((text) => text === texts[0]) && all.every((token) => texts[0].includes(token))
  }
  await waitFor(agreed, `the ${writers.length} writers of ${doc} to converge on ${all.length} tokens`, timeoutMs).catch((error: Error) => {
    const report = writers.map((writer) => {
      const text = writer.client.text.toString()
      const missing = all.filter((token) => !text.includes(token))
      return `${writer.id} (${writer.client.provider.wsconnected ? 'connected' : writer.client.provider.wsconnecting ? 'connecting' : 'disconnected'}): ${tokensOf(text).length} tokens, missing ${missing.length}: ${missing.slice(0, 5).join(' ')}`
    })
    // What each relay last said goes into the message itself: it is what a CI log's summary keeps.
    const said = relays.map((relay) => `relay :${relay.port} (${relay.state()}) last said:\n${relay.output().trim().split('\n').slice(-4).map((line) => line.slice(0, 300)).join('\n')}`)
    throw new Error(`${error.message}\n${report.join('\n')}\n${said.join('\n')}`)
  })
  const stored = await storedTokens(url, doc)
  expect(all.filter((token) => !stored.has(token))).toEqual([])
}

// Real processes on a shared 2-core machine: the churn run takes 20 s idle, 67 s alone at load 24,
// and more than 180 s beside a browser test in the full suite at load 27.
describe('a cluster of relay processes on one Postgres and one Redis', { timeout: 360_000 }, () => {
  it('loses no edit when a node is SIGKILLed, one is added and one drains, while clients type', async () => {
    const { gen } = seededRandom('cluster churn')
    const url = await postgres.newDatabase()
    const [a, b, c] = await startNodes(url, 3)
    const docs = ['plan', 'notes']
    const writers = docs.flatMap((doc, d) =>
      [a, b, c].map((relay, i) => startWriter(connect(relay, doc, `${doc}-${i}`), `d${d}n${i}`, gen, [15, 40])),
    )
    await Promise.all(writers.map((writer) => writer.client.synced()))
    const onNode = (relay: RelayProcess) => writers.filter((writer) => writer.client.provider.serverUrl === relay.url)
    await waitFor(() => writers.every((writer) => writer.received().length > 3), 'edits to cross the nodes')

    // SIGKILL a node mid-typing: what any client received through a relay must be in Postgres already.
    await new Promise((resolve) => setTimeout(resolve, prng.int32(gen, 200, 800)))
    const victims = onNode(a)
    await a.kill()
    for (const doc of docs) {
      const received = writers.filter((writer) => writer.client.provider.roomname === doc).flatMap((writer) => writer.received())
      const stored = await storedTokens(url, doc)
      expect(received.filter((token) => !stored.has(token))).toEqual([])
    }
    for (const writer of victims) moveTo(writer.client, prng.oneOf(gen, [b, c]))

    // A node joins while clients type; some move to it.
    const [d] = await startNodes(url, 1)
    for (const writer of writers.filter((_, i) => i % 3 === 1)) moveTo(writer.client, d)
    await waitFor(() => onNode(d).every((writer) => writer.client.provider.wsconnected), 'clients to reach the new node')

    // A node drains on SIGTERM: it stores everything, closes with 1001, and its clients go elsewhere.
    const drained = onNode(b)
    for (const writer of drained) writer.client.provider.serverUrl = prng.oneOf(gen, [c, d]).url
    expect(await b.stop()).toBe(0)
    await waitFor(() => drained.every((writer) => writer.client.provider.wsconnected), 'the drained node’s clients to reconnect')

    await new Promise((resolve) => setTimeout(resolve, prng.int32(gen, 300, 800)))
    for (const writer of writers) writer.stop()
    for (const doc of docs) {
      await expectConverged(url, doc, writers.filter((writer) => writer.client.provider.roomname === doc))
    }
  })

  it('keeps serving each node’s own peers while Redis restarts, and catches up after', async () => {
    const { gen } = seededRandom('cluster redis restart')
    const { url, writers } = await twoWritersPerNode(gen)

    await redis.kill()
    // Peers of one node still see each other's edits.
    const marker = '[while-redis-is-down]'
    writers[0].client.type(marker)
    await waitFor(() => writers[1].client.text.toString().includes(marker), 'a peer of the same node to see an edit')
    await new Promise((resolve) => setTimeout(resolve, prng.int32(gen, 500, 1500)))
    await redis.start()

    await new Promise((resolve) => setTimeout(resolve, prng.int32(gen, 300, 800)))
    for (const writer of writers) writer.stop()
    writers[0].typed.push(marker)
    await expectConverged(url, 'doc', writers)
  })

  it('keeps edits crossing nodes through the store while Redis is frozen, and loses none once it answers', async () => {
    const { gen } = seededRandom('cluster redis frozen')
    const { url, writers } = await twoWritersPerNode(gen)

    // SIGSTOP: the connections stay up and nothing is answered, as with a Redis stuck on its disk.
    process.kill(redis.pid, 'SIGSTOP')
    try {
      const marker = '[while-redis-is-frozen]'
      writers[0].client.type(marker)
      writers[0].typed.push(marker)
      await waitFor(() => writers[1].client.text.toString().includes(marker), 'a peer of the same node to see an edit')
      // The other node's own writers keep appending: the numbers they get show it the gap, which it reads from the store.
      await waitFor(() => writers[2].client.text.toString().includes(marker), 'the edit to reach the other node through the store')
      await new Promise((resolve) => setTimeout(resolve, prng.int32(gen, 500, 1500)))
    } finally {
      process.kill(redis.pid, 'SIGCONT')
    }
    await new Promise((resolve) => setTimeout(resolve, prng.int32(gen, 300, 800)))
    for (const writer of writers) writer.stop()
    await expectConverged(url, 'doc', writers)
  })

  it('refuses writes with a retryable close while Postgres is down, and stores them all once it is back', async () => {
    const { gen } = seededRandom('cluster postgres down')
    const url = await postgres.newDatabase()
    const [a, b] = await startNodes(url, 2)
    const writers = [a, b, b].map((relay, i) => startWriter(connect(relay, 'doc', `w${i}`), `w${i}`, gen, [15, 40]))
    await Promise.all(writers.map((writer) => writer.client.synced()))
    const closes: number[] = []
    for (const writer of writers) writer.client.provider.on('connection-close', (event: { code: number } | null) => event && closes.push(event.code))
    await waitFor(() => writers.every((writer) => writer.received().length > 3), 'edits to cross the nodes')

    await postgres.stop()
    await waitFor(() => closes.includes(4500), 'a StorageFailure close')
    // The API says the same: try again later, not a fault of the relay.
    const asked = await fetch(`${a.httpUrl}/api/docs/not-loaded/text`)
    expect({ status: asked.status, retryAfter: asked.headers.get('retry-after') }).toEqual({ status: 503, retryAfter: '5' })
    await new Promise((resolve) => setTimeout(resolve, prng.int32(gen, 500, 1500)))
    await postgres.start()

    await new Promise((resolve) => setTimeout(resolve, prng.int32(gen, 300, 800)))
    for (const writer of writers) writer.stop()
    await expectConverged(url, 'doc', writers, 45_000)
    expect(closes.filter((code) => code >= 4400 && code < 4500)).toEqual([])
  })

  it('removes a SIGKILLed node’s carets from the other nodes’ clients within 30 s', async () => {
    const url = await postgres.newDatabase()
    const [a, b] = await startNodes(url, 2)
    const alice = connect(a, 'carets', 'alice')
    const bob = connect(b, 'carets', 'bob')
    await Promise.all([alice.synced(), bob.synced()])
    const seesAlice = () => bob.provider.awareness.getStates().has(alice.doc.clientID)
    await waitFor(seesAlice, 'bob to see alice’s caret through the other node')

    // A renewal just before the kill: y-protocols alone would keep her caret for 30 s more.
    alice.provider.awareness.setLocalStateField('cursor', { at: Date.now() })
    await waitFor(() => bob.provider.awareness.getStates().get(alice.doc.clientID)?.cursor !== undefined, 'the renewal to reach bob')
    const killedAt = Date.now()
    await a.kill()
    await waitFor(() => !seesAlice(), 'alice’s caret to disappear', 28_000)
    console.log(`cluster: a dead node's caret went after ${((Date.now() - killedAt) / 1000).toFixed(1)} s`)
  })
})
