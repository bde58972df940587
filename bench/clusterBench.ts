import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import * as Y from 'yjs'
import { PostgresStore } from '../server/store/postgresStore.ts'
import { startPostgres } from '../test/helpers/postgres.ts'
import { startRedis } from '../test/helpers/redis.ts'
import { type ClusterKind, type ClusterServices, freshClusterDatabase, startClusterNode } from './clusterNode.ts'
import { killMoments, measurePinnedKill } from './clusterPinnedKill.ts'
import type { ClusterJob, WriterRecord } from './jobs.ts'
import { runInLoadProcess } from './load/loadProcess.ts'
import type { BenchOptions } from './options.ts'
import { startFlushProbe } from './stats/diskFlushProbe.ts'

/** How many people type in how many rooms, for one cluster measurement. */
interface Shape {
  name: 'hot-room' | 'many-rooms'
  rooms: number
  peersPerRoom: number
  charsPerSecond: number
  observersPerRoom: number
}

/** Smaller than the single-server scenarios: here Postgres, Redis and three nodes share the cores. */
const shapes: Shape[] = [
  { name: 'hot-room', rooms: 1, peersPerRoom: 30, charsPerSecond: 2, observersPerRoom: 30 },
  { name: 'many-rooms', rooms: 60, peersPerRoom: 4, charsPerSecond: 2, observersPerRoom: 4 },
]
const lossShape: Shape = { name: 'many-rooms', rooms: 30, peersPerRoom: 3, charsPerSecond: 5, observersPerRoom: 3 }

/** One labelled result: `label` like `ours×3 hot-room`, its figures, and the load average when it began. */
export interface ClusterMeasurement {
  label: string
  run: number
  loadAverage: number
  metrics: Record<string, number>
  error?: string
}

/** Per document and client id, the clock the store holds of it (one past its last keystroke). */
async function storedClocks(kind: Exclude<ClusterKind, 'floor'>, url: string, docs: string[]): Promise<Map<string, Map<number, number>>> {
  const clocks = new Map<string, Map<number, number>>()
  if (kind === 'ours') {
    const store = await PostgresStore.open(url, { max: 1 })
    try {
      for (const doc of docs) {
        const stored = await store.load(doc)
        const parts = [...(stored.snapshot ? [stored.snapshot] : []), ...stored.log.map((entry) => entry.update)]
        clocks.set(doc, parts.length === 0 ? new Map() : Y.decodeStateVector(Y.encodeStateVectorFromUpdate(Y.mergeUpdates(parts))))
      }
    } finally {
      await store.close()
    }
    return clocks
  }
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    for (const doc of docs) {
      const [row] = await sql`SELECT data FROM hocuspocus_documents WHERE name = ${doc}`
      clocks.set(doc, row ? Y.decodeStateVector(Y.encodeStateVectorFromUpdate(new Uint8Array(row.data))) : new Map())
    }
  } finally {
    await sql.end()
  }
  return clocks
}

/** Keystrokes another client received that the store does not hold, and keystrokes sent but never relayed. */
async function countLost(kind: Exclude<ClusterKind, 'floor'>, url: string, writers: WriterRecord[]): Promise<{ lost: number; unrelayed: number; relayed: number }> {
  const clocks = await storedClocks(kind, url, [...new Set(writers.map((writer) => writer.doc))])
  let lost = 0
  let unrelayed = 0
  let relayed = 0
  for (const writer of writers) {
    const stored = clocks.get(writer.doc)?.get(writer.client) ?? 0
    lost += Math.max(0, writer.relayed - stored)
    unrelayed += Math.max(0, writer.sent - writer.relayed)
    relayed += writer.relayed
  }
  return { lost, unrelayed, relayed }
}

/**
 * One measurement: a fresh database, `nodes` nodes of `kind`, the load, then the nodes stopped and
 * the database dropped (so the checkpoints of later measurements do not write and sync its files).
 */
async function measureOnce(kind: ClusterKind, nodes: number, shape: Shape, services: ClusterServices, options: BenchOptions, kill: boolean): Promise<Record<string, number>> {
  const url = await freshClusterDatabase(kind, services)
  const started = await Promise.all(Array.from({ length: nodes }, () => startClusterNode(kind, url, services.redis.url)))
  try {
    const job: ClusterJob = {
      scenario: 'cluster',
      kind,
      bases: started.map((node) => node.base),
      nodePids: started.map((node) => node.pid),
      servicePids: { postgres: services.pg.pid, redis: services.redis.pid },
      rooms: shape.rooms,
      peersPerRoom: shape.peersPerRoom,
      charsPerSecond: shape.charsPerSecond,
      observersPerRoom: shape.observersPerRoom,
      warmupSeconds: options.warmupSeconds,
      seconds: options.seconds,
      drainSeconds: options.drainSeconds,
      killAfterSeconds: kill ? options.seconds / 2 : undefined,
    }
    const probe = await startFlushProbe(services.pg.dir)
    const result = await runInLoadProcess(job, { kind, base: job.bases[0], pid: job.nodePids[0] }, 10 * 60_000).finally(probe.stop)
    const disk = await probe.stop()
    if (!kill || kind === 'floor') return { ...result.metrics, diskFlushP99Ms: disk.p99Ms, diskFlushMaxMs: disk.maxMs }
    // The survivors store what they hold as they would on a deploy (Hocuspocus flushes its debounce).
    await Promise.all(started.map((node) => node.stop()))
    const { lost, unrelayed, relayed } = await countLost(kind, url, result.writers ?? [])
    return { lostRelayed: lost, relayedKeystrokes: relayed, neverRelayed: unrelayed, crossP99Ms: result.metrics.crossP99Ms }
  } finally {
    await Promise.all(started.map((node) => node.stop()))
    await services.pg.dropDatabase(url)
  }
}

/**
 * The cluster scenario: ours with 1 and 3 relays on one Postgres (fsync on) and one Redis, and
 * Hocuspocus with 1 and 3 instances on its Redis extension and the same Postgres, each with a hot
 * room and many rooms (clients spread over the nodes), then the loss run: node 0 SIGKILLed
 * mid-typing, its clients gone with it, the others stopped cleanly, and every keystroke another
 * client had received looked for in the store; and the pinned-rooms kill (see
 * {@link measurePinnedKill}) at each of {@link killMoments}, the same moments for both servers in
 * a run, the servers' order alternating. `options.clusterPhases` picks the phases. Alternates the
 * order of configurations per run. With `floor` among the servers, the floor's nodes (frames
 * committed, then forwarded and published, nothing else) take the hot room and many rooms too.
 */
export async function runClusterBench(options: BenchOptions): Promise<ClusterMeasurement[]> {
  const kinds = options.servers.filter((kind): kind is ClusterKind => kind === 'ours' || kind === 'hocuspocus' || kind === 'floor')
  // The floor stores frames, not documents: it has no place in the loss runs.
  const killed = kinds.filter((kind) => kind !== 'floor')
  const [pg, redis] = await Promise.all([startPostgres({ fsync: true }), startRedis()])
  const measurements: ClusterMeasurement[] = []
  const configs = kinds.flatMap((kind) => [1, 3].map((nodes) => ({ kind, nodes })))
  try {
    for (let run = 0; run < options.runs; run++) {
      const shift = run % configs.length
      for (const { kind, nodes } of [...configs.slice(shift), ...configs.slice(0, shift)]) {
        for (const shape of shapes.filter((each) => options.clusterPhases.includes(each.name))) await measureOne(`${kind}×${nodes} ${shape.name}`, run, measurements, options, () => measureOnce(kind, nodes, shape, { pg, redis }, options, false))
      }
      if (options.clusterPhases.includes('sigkill')) {
        for (const kind of killed) await measureOne(`${kind}×3 SIGKILL`, run, measurements, options, () => measureOnce(kind, 3, lossShape, { pg, redis }, options, true))
      }
      if (options.clusterPhases.includes('pinned-kill')) {
        for (const { name, moment } of killMoments()) {
          for (const kind of run % 2 === 0 ? killed : [...killed].reverse()) {
            await measureOne(`${kind}×3 pinned, ${name}`, run, measurements, options, () => measurePinnedKill(kind, moment, { pg, redis }))
          }
        }
      }
    }
  } finally {
    await Promise.all([pg.remove(), redis.remove()])
  }
  return measurements
}

async function measureOne(label: string, run: number, into: ClusterMeasurement[], options: BenchOptions, measure: () => Promise<Record<string, number>>): Promise<void> {
  const loadAverage = os.loadavg()[0]
  process.stdout.write(`cluster ${label} run ${run + 1} (load ${loadAverage.toFixed(1)}) … `)
  try {
    const metrics = await measure()
    into.push({ label, run, loadAverage, metrics })
    process.stdout.write(`${Object.entries(metrics).slice(0, 6).map(([k, v]) => `${k}=${typeof v !== 'number' ? v : Number.isInteger(v) ? v : v.toFixed(2)}`).join(' ')}\n`)
  } catch (error) {
    into.push({ label, run, loadAverage, metrics: {}, error: (error as Error).stack ?? String(error) })
    process.stdout.write(`FAILED: ${(error as Error).message}\n`)
  }
  fs.mkdirSync(options.outDir, { recursive: true })
  fs.writeFileSync(path.join(options.outDir, 'cluster.json'), JSON.stringify(into, null, 2))
}

/** Medians per label of the figures worth a table, as markdown. */
export function clusterTable(measurements: ClusterMeasurement[]): string {
  const figures: [string, string][] = [
    ['sameP50Ms', 'same-node p50 (ms)'],
    ['sameP99Ms', 'same-node p99 (ms)'],
    ['crossP50Ms', 'cross-node p50 (ms)'],
    ['crossP99Ms', 'cross-node p99 (ms)'],
    ['nodeCpuMsPer1000', 'CPU per node per 1,000 updates (ms)'],
    ['nodesCpuMsPer1000', 'CPU of all nodes per 1,000 updates (ms)'],
    ['postgresCpuMsPer1000', 'Postgres CPU per 1,000 updates (ms)'],
    ['redisCpuMsPer1000', 'Redis CPU per 1,000 updates (ms)'],
    ['storeAppendsPer1000', 'log entries appended per 1,000 updates (ours; one per room per turn)'],
    ['storeReadsGapPer1000', 'gap reads of Postgres per 1,000 updates (ours)'],
    ['storeReadsResyncPer1000', 'resync reads of Postgres per 1,000 updates (ours)'],
    ['storeReadEntriesPer1000', 'entries those reads returned per 1,000 updates (ours)'],
    ['keystrokesPerSecond', 'keystrokes/s sent'],
    ['diskFlushP99Ms', 'disk: p99 of 8 kB flushes probed during the run (ms)'],
    ['diskFlushMaxMs', 'disk: longest of those flushes (ms)'],
    ['lostRelayed', 'relayed keystrokes lost on SIGKILL'],
    ['relayedKeystrokes', 'relayed keystrokes checked'],
    ['neverRelayed', 'keystrokes never relayed (the killed node’s last)'],
    ['loadAverage', 'load average at start'],
  ]
  const labels = [...new Set(measurements.map((m) => m.label))]
  const median = (values: number[]) => {
    const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b)
    const middle = sorted.length / 2
    if (sorted.length === 0) return Number.NaN
    return sorted.length % 2 === 1 ? sorted[Math.floor(middle)] : (sorted[middle - 1] + sorted[middle]) / 2
  }
  const value = (label: string, key: string) =>
    median(measurements.filter((m) => m.label === label && !m.error).map((m) => (key === 'loadAverage' ? m.loadAverage : m.metrics[key])))
  const rows = figures
    .filter(([key]) => labels.some((label) => Number.isFinite(value(label, key))))
    .map(([key, title]) => `| ${title} | ${labels.map((label) => format(value(label, key))).join(' | ')} |`)
  return [`| figure | ${labels.join(' | ')} |`, `| --- | ${labels.map(() => '---').join(' | ')} |`, ...rows].join('\n')
}

function format(value: number): string {
  if (!Number.isFinite(value)) return '–'
  return Number.isInteger(value) ? String(value) : value.toFixed(value >= 100 ? 0 : 2)
}
