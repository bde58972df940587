/**
 * What an append costs in each durable store, alone and grouped: SQLite (`--sync normal` and
 * `full`) and Postgres (a throwaway local server, see test/helpers/postgres.ts, with fsync off and
 * on: durable across a process crash, or across a power cut too, as the two SQLite modes are).
 *
 * - single: one document, each append awaited before the next (a lone typist): latency per append;
 * - grouped: G documents append in the same turn, awaited together (G rooms busy in one turn):
 *   latency of the turn's group and cost per append;
 * - rooms: R rooms each appending back to back for a while (a busy relay): appends per second and
 *   latency, for Postgres with 1, 2 and 4 group commits in flight.
 *
 *     npx tsx bench/storeAppend.ts [--quick]
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as Y from 'yjs'
import type { DocStore } from '../server/store/docStore.ts'
import { PostgresStore } from '../server/store/postgresStore.ts'
import { SqliteStore } from '../server/store/sqliteStore.ts'
import { startPostgres } from '../test/helpers/postgres.ts'

const quick = process.argv.includes('--quick')
const singles = quick ? 300 : 2000
const groups = quick ? 50 : 300
const roomsMs = quick ? 1500 : 5000

/** Keystroke-sized updates: one character each, typed at the end of a document. */
function keystrokes(count: number): Uint8Array[] {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  const text = doc.getText('codemirror')
  for (let i = 0; i < count; i++) text.insert(text.length, String.fromCharCode(97 + (i % 26)))
  return updates
}

const updates = keystrokes(Math.max(singles, 1000))
const us = (ms: number) => `${(ms * 1000).toFixed(0)} µs`
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]
}
const describe = (values: number[]) => `p50 ${us(percentile(values, 0.5))}, p99 ${us(percentile(values, 0.99))}`

async function single(store: DocStore): Promise<string> {
  const latencies: number[] = []
  for (let i = 0; i < singles; i++) {
    const started = performance.now()
    await store.append('single', updates[i])
    latencies.push(performance.now() - started)
  }
  return `single: ${describe(latencies.slice(20))} per append`
}

async function grouped(store: DocStore, size: number): Promise<string> {
  const latencies: number[] = []
  for (let i = 0; i < groups; i++) {
    const started = performance.now()
    await Promise.all(Array.from({ length: size }, (_, d) => store.append(`group-${d}`, updates[i % updates.length])))
    latencies.push(performance.now() - started)
  }
  const median = percentile(latencies, 0.5)
  return `grouped ${size}: ${describe(latencies.slice(5))} per group, ${us(median / size)} per append`
}

async function rooms(store: DocStore, count: number): Promise<string> {
  const latencies: number[] = []
  const deadline = performance.now() + roomsMs
  const room = async (r: number) => {
    for (let i = 0; performance.now() < deadline; i++) {
      const started = performance.now()
      await store.append(`room-${r}`, updates[i % updates.length])
      latencies.push(performance.now() - started)
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: count }, (_, r) => room(r)))
  const perSecond = (latencies.length * 1000) / (performance.now() - started)
  return `${count} rooms: ${perSecond.toFixed(0)} appends/s, ${describe(latencies)}`
}

async function measure(label: string, open: () => Promise<DocStore>, scenarios: Array<(store: DocStore) => Promise<string>>) {
  for (const scenario of scenarios) {
    const store = await open()
    console.log(`${label} ${await scenario(store)}`)
    await store.close()
  }
}

console.log(`${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`)
const all = [single, (s: DocStore) => grouped(s, 10), (s: DocStore) => grouped(s, 100), (s: DocStore) => rooms(s, 50)]

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mergepad-bench-store-'))
let sqliteRuns = 0
for (const synchronous of ['normal', 'full'] as const) {
  await measure(`sqlite --sync ${synchronous}`, () => SqliteStore.open(path.join(dir, String(sqliteRuns++)), { synchronous }), all)
}
fs.rmSync(dir, { recursive: true, force: true })

// fsync off: a commit survives any process crash, not a power cut (like SQLite's normal);
// fsync on: it survives a power cut too (like SQLite's full), Postgres's default.
for (const fsync of [false, true]) {
  const server = await startPostgres({ fsync })
  try {
    for (const commitsInFlight of fsync ? [2, 1, 4] : [2]) {
      const scenarios = commitsInFlight === 2 ? all : [(s: DocStore) => rooms(s, 50)]
      const open = async () => PostgresStore.open(await server.newDatabase(), { commitsInFlight })
      await measure(`postgres fsync ${fsync ? 'on' : 'off'}, ${commitsInFlight} in flight:`, open, scenarios)
    }
  } finally {
    await server.remove()
  }
}
