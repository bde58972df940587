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

/** What a scenario measured, and how many appends it made. */
interface Outcome {
  text: string
  appends: number
}

async function single(store: DocStore): Promise<Outcome> {
  const latencies: number[] = []
  for (let i = 0; i < singles; i++) {
    const started = performance.now()
    await store.append('single', updates[i])
    latencies.push(performance.now() - started)
  }
  return { text: `single: ${describe(latencies.slice(20))} per append`, appends: singles }
}

async function grouped(store: DocStore, size: number): Promise<Outcome> {
  const latencies: number[] = []
  for (let i = 0; i < groups; i++) {
    const started = performance.now()
    await Promise.all(Array.from({ length: size }, (_, d) => store.append(`group-${d}`, updates[i % updates.length])))
    latencies.push(performance.now() - started)
  }
  const median = percentile(latencies, 0.5)
  return { text: `grouped ${size}: ${describe(latencies.slice(5))} per group, ${us(median / size)} per append`, appends: groups * size }
}

async function rooms(store: DocStore, count: number): Promise<Outcome> {
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
  return { text: `${count} rooms: ${perSecond.toFixed(0)} appends/s, ${describe(latencies)}`, appends: latencies.length }
}

/**
 * Runs each scenario on a fresh store; prints its figures and the CPU time per append spent in this
 * process and, for Postgres, in the server's processes (`serverPids`).
 */
async function measure(
  label: string,
  open: () => Promise<DocStore>,
  scenarios: Array<(store: DocStore) => Promise<Outcome>>,
  serverPids: () => number[] = () => [],
) {
  for (const scenario of scenarios) {
    const store = await open()
    const [ownBefore, serverBefore] = [process.cpuUsage(), cpuMs(serverPids())]
    const { text, appends } = await scenario(store)
    const own = process.cpuUsage(ownBefore)
    const server = cpuMs(serverPids()) - serverBefore
    const cpu = `CPU per append: relay ${us((own.user + own.system) / 1000 / appends)}` + (serverPids().length ? `, Postgres ${us(server / appends)}` : '')
    console.log(`${label} ${text}; ${cpu}`)
    await store.close()
  }
}

/** CPU time (user + system) of these processes so far, in ms, from /proc (Linux). */
function cpuMs(pids: number[]): number {
  let ticks = 0
  for (const pid of pids) {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
      ticks += Number(fields[11]) + Number(fields[12])
    } catch {
      // gone since it was listed
    }
  }
  return ticks * 10
}

/** The postmaster of the cluster in `dataDir` and its children (backends, writers). */
function postgresPids(dataDir: string): number[] {
  const postmaster = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])
  const children = fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]) === postmaster
      } catch {
        return false
      }
    })
  return [postmaster, ...children.map(Number)]
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
      const pids = () => postgresPids(path.join(server.dir, 'data'))
      await measure(`postgres fsync ${fsync ? 'on' : 'off'}, ${commitsInFlight} in flight:`, open, scenarios, pids)
    }
  } finally {
    await server.remove()
  }
}
