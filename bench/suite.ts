import fs from 'node:fs'
import type { Job, TypingJob } from './jobs.ts'
import type { ServerKind } from './load/dialect.ts'
import { runInLoadProcess } from './load/loadProcess.ts'
import type { BenchOptions, ScenarioName } from './options.ts'
import { type StartServerOptions, serverTarget, startServer } from './servers/benchServer.ts'
import { directoryBytes } from './stats/processStats.ts'
import { stormDocumentUpdate } from './stormDocument.ts'
import { traceDocumentUpdate } from './trace.ts'

/** One measurement: a scenario (or one sweep point) against one server kind. */
export interface Measurement {
  /** Scenario name, or `sweep-N` for the sweep at N peers. */
  label: string
  kind: ServerKind
  run: number
  metrics: Record<string, number>
  error?: string
}

/** Timed observers per room: all of a small room, 50 spread evenly over a larger one. */
const maxObserversPerRoom = 50

/** The typing job of the hot room, many rooms, or one sweep point. */
export function typingJob(options: BenchOptions, rooms: number, peersPerRoom: number, charsPerSecond: number): TypingJob {
  return {
    scenario: 'typing',
    rooms,
    peersPerRoom,
    charsPerSecond,
    warmupSeconds: options.warmupSeconds,
    seconds: options.seconds,
    drainSeconds: options.drainSeconds,
    observersPerRoom: Math.min(peersPerRoom, maxObserversPerRoom),
    decodingClients: options.decodingClients,
    carets: options.carets,
    loadProcesses: options.loadProcesses,
  }
}

/** Runs one scenario (or sweep point) against a fresh server of `kind` and returns its figures. */
export async function measure(label: string, kind: ServerKind, options: BenchOptions): Promise<Record<string, number>> {
  const serverOptions: StartServerOptions = { oursRoot: options.oursRoot, oursArgs: options.oursArgs, nodeArgs: options.serverNodeArgs }
  if (label === 'durability') return measureDurability(kind, serverOptions)
  if (label === 'bulk') return measureBulk(kind, serverOptions, options)
  // Memory at rest is read after a full collection in the server, whichever server it is.
  const server = await startServer(kind, { ...serverOptions, inspect: label === 'idle' })
  try {
    const metrics = (await runInLoadProcess(jobFor(label, options), serverTarget(server), 30 * 60_000)).metrics
    if (label === 'storage') {
      metrics.diskBytesRunning = directoryBytes(server.dataDir)
      await server.stop()
      metrics.diskBytesStopped = directoryBytes(server.dataDir)
    }
    return metrics
  } finally {
    await server.stop()
    fs.rmSync(server.dataDir, { recursive: true, force: true })
  }
}

function jobFor(label: string, options: BenchOptions): Job {
  const sweep = /^sweep-(\d+)$/.exec(label)
  if (sweep) return typingJob(options, 1, Number(sweep[1]), 2)
  switch (label as Exclude<ScenarioName, 'sweep' | 'durability' | 'bulk'>) {
    case 'hot-room':
      return typingJob(options, 1, 200, 2)
    case 'many-rooms':
      return typingJob(options, 200, 5, 5)
    case 'flood': {
      const { scenario: _typing, ...manyRooms } = typingJob(options, options.floodRooms, 5, 5)
      return { ...manyRooms, scenario: 'flood' }
    }
    case 'big-doc':
      return { scenario: 'big-doc', seedFile: traceDocumentUpdate(options.traceFile, options.outDir), clients: 50 }
    case 'idle':
      return { scenario: 'idle', peers: 2000, docs: 500, settleSeconds: 10, bigDocFile: traceDocumentUpdate(options.traceFile, options.outDir), bigDocs: 16 }
    case 'storage':
      return { scenario: 'storage', traceFile: options.traceFile, keystrokes: options.keystrokes, window: 1, settleSeconds: 4 }
    case 'join-storm':
      return {
        scenario: 'join-storm',
        seedFile: stormDocumentUpdate(options.traceFile, options.outDir),
        joiners: 150,
        spreadMs: 1000,
        typists: 10,
        charsPerSecond: 5,
        warmupSeconds: options.warmupSeconds,
        quietSeconds: options.seconds,
        crowdOnFloor: options.crowdOnFloor,
      }
    case 'visits':
      // 15 s: our relay gives memory back in two collections, the second 8–10 s after it turns
      // quiet (server/idleCollector.ts); read at 10 s, one run in four caught it before that one.
      return { scenario: 'visits', docs: options.visits, concurrency: 10, lineChars: 60, settleSeconds: 15 }
    default:
      throw new RangeError(`Unknown scenario ${label}`)
  }
}

/**
 * Durability: 50 rooms × 4 people typing 5 characters/s; the load process SIGKILLs the server
 * after about 12 s (past Hocuspocus's longest store debounce, 10 s); the server is restarted on
 * the same data and every document is checked.
 */
async function measureDurability(kind: ServerKind, serverOptions: StartServerOptions): Promise<Record<string, number>> {
  const first = await startServer(kind, serverOptions)
  const dataDir = first.dataDir
  try {
    const typed = await runInLoadProcess({ scenario: 'durability', rooms: 50, peersPerRoom: 4, charsPerSecond: 5, killAfterSeconds: 12 }, serverTarget(first), 5 * 60_000)
    await first.exited()
    const second = await startServer(kind, { ...serverOptions, dataDir })
    try {
      return (await runInLoadProcess({ scenario: 'verify', writers: typed.writers ?? [] }, serverTarget(second), 5 * 60_000)).metrics
    } finally {
      await second.stop()
    }
  } finally {
    await first.kill()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

/**
 * Bulk: the trace typed at full speed by one stock provider with a second watching (see
 * `runBulk`); then the server is stopped with SIGTERM, started again on the same data, and a fresh
 * load of the document is compared with the trace's final text.
 */
async function measureBulk(kind: ServerKind, serverOptions: StartServerOptions, options: BenchOptions): Promise<Record<string, number>> {
  const first = await startServer(kind, serverOptions)
  const dataDir = first.dataDir
  const doc = `bulk-${Math.random().toString(36).slice(2, 8)}`
  try {
    const job = { scenario: 'bulk', traceFile: options.traceFile, doc, yieldEvery: 500, timeoutSeconds: 600 } as const
    const typed = (await runInLoadProcess(job, serverTarget(first), 20 * 60_000)).metrics
    await first.stop()
    const second = await startServer(kind, { ...serverOptions, dataDir })
    try {
      const restored = (await runInLoadProcess({ scenario: 'restored', traceFile: options.traceFile, doc }, serverTarget(second), 5 * 60_000)).metrics
      return { ...typed, ...restored }
    } finally {
      await second.stop()
    }
  } finally {
    await first.kill()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}
