import type { Counter } from 'prom-client'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { MemoryBus } from '../../test/helpers/memoryBus.ts'
import { type ThrowawayPostgres, startPostgres } from '../../test/helpers/postgres.ts'
import { connectForTest } from '../../test/helpers/testClient.ts'
import { sleep, waitFor } from '../../test/helpers/wait.ts'
import { type Relay, startRelay } from '../relay.ts'
import { PostgresStore } from '../store/postgresStore.ts'

let postgres: ThrowawayPostgres
beforeAll(async () => {
  postgres = await startPostgres()
})
afterAll(async () => {
  await postgres?.remove()
})

/** Relays in this process on one Postgres database (each with a store of its own) and one bus. */
async function cluster(count: number, compactAfterUpdates: number): Promise<{ relays: Relay[]; store: PostgresStore }> {
  const url = await postgres.newDatabase()
  const bus = new MemoryBus()
  const relays: Relay[] = []
  for (let i = 0; i < count; i++) {
    const store = await PostgresStore.open(url)
    const relay = await startRelay({ host: '127.0.0.1', port: 0, store, compactAfterUpdates, cluster: { pubSub: bus.connect() } })
    onTestFinished(() => relay.close())
    relays.push(relay)
  }
  const store = await PostgresStore.open(url)
  onTestFinished(() => store.close())
  return { relays, store }
}

/** A counter's total over every relay. */
async function total(relays: Relay[], counter: (relay: Relay) => Counter): Promise<number> {
  let sum = 0
  for (const relay of relays) sum += (await counter(relay).get()).values[0]?.value ?? 0
  return sum
}

describe('relays sharing a Postgres store', () => {
  it('compact a document whose log falls due on all of them once, the others leaving it', async () => {
    const { relays, store } = await cluster(3, 10)
    const writers = relays.map((relay, i) => connectForTest(relay.url, 'shared', ['alice', 'bob', 'carol'][i]))
    await Promise.all(writers.map((writer) => writer.synced()))
    // Each edit reaches every relay before the next, so all three count the log due at once.
    for (let i = 0; i < 12; i++) {
      writers[i % 3].type(String(i % 10), i)
      await waitFor(() => writers.every((writer) => writer.text.length === i + 1), `edit ${i} on every relay`)
    }
    // Each relay either compacts or leaves the log to the one that claimed it, at once or after
    // asking again (5 s later) while that one still compacted.
    const decided = async () => (await total(relays, (r) => r.metrics.compactions)) + (await total(relays, (r) => r.metrics.compactionsSkipped))
    while ((await decided()) < relays.length) await sleep(20)
    expect(await total(relays, (r) => r.metrics.compactions)).toBe(1)
    const stored = await store.load('shared')
    expect(stored.snapshot).not.toBeNull()
    expect(stored.seq).toBe(12)
  }, 20_000)
})
