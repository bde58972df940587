import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { quantile } from './summary.ts'

/** What a {@link startFlushProbe} saw: how long its flushes took, in milliseconds. */
export interface FlushProbeResult {
  p99Ms: number
  maxMs: number
}

// The probe's own thread: it times each `fdatasync` around the call itself, as a Postgres backend
// waits for its log flush, so a busy main thread of the benchmark does not lengthen what it sees.
const probeThread = `
const fs = require('node:fs')
const { parentPort, workerData } = require('node:worker_threads')
const { file, perSecond, stop } = workerData
const flag = new Int32Array(stop)
const block = Buffer.alloc(8192, 1)
const fileBytes = 4 << 20
const fd = fs.openSync(file, 'w+')
fs.writeSync(fd, Buffer.alloc(fileBytes))
fs.fsyncSync(fd)
parentPort.postMessage('ready')
const times = []
for (let offset = 0; Atomics.load(flag, 0) === 0; offset = (offset + block.length) % fileBytes) {
  const due = performance.now() + 1000 / perSecond
  fs.writeSync(fd, block, 0, block.length, offset)
  const start = performance.now()
  fs.fdatasyncSync(fd)
  times.push(performance.now() - start)
  const wait = due - performance.now()
  if (wait > 0) Atomics.wait(flag, 0, 0, wait)
}
fs.closeSync(fd)
fs.rmSync(file, { force: true })
parentPort.postMessage(times)
`

/**
 * Watches the disk under `dir` while a measurement runs: `perSecond` times a second, a thread of
 * its own writes 8 kB into a file filled beforehand (as Postgres writes into its log segments)
 * and times the `fdatasync` that follows. A server that commits every keystroke waits for such
 * flushes, so a run whose probe saw a flush of tens of milliseconds measured the disk's bad
 * moment as much as the server. Light on purpose: 20 flushes a second by default, where ours's
 * three nodes commit up to about 60 (hot room) and 480 (many rooms) times a second. `stop()`
 * ends it, removes the file and resolves with what it saw (the same result however often it is
 * called).
 */
export async function startFlushProbe(dir: string, perSecond = 20): Promise<{ stop(): Promise<FlushProbeResult> }> {
  const stop = new SharedArrayBuffer(4)
  const file = path.join(dir, `flush-probe-${process.pid}-${Date.now()}`)
  const worker = new Worker(probeThread, { eval: true, workerData: { file, perSecond, stop } })
  // What the thread sends: 'ready', then its flush times once stopped. A thread that fails (a full
  // disk, say) sends no times: its run has no figures then, and the benchmark goes on.
  const ready = new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve())
    worker.once('error', reject)
  })
  const times = new Promise<number[]>((resolve) => {
    worker.on('message', (message) => Array.isArray(message) && resolve(message))
    worker.on('error', () => resolve([]))
  })
  await ready
  let stopping: Promise<FlushProbeResult> | null = null
  const finish = async (): Promise<FlushProbeResult> => {
    const flag = new Int32Array(stop)
    Atomics.store(flag, 0, 1)
    Atomics.notify(flag, 0)
    const sorted = [...(await times)].sort((a, b) => a - b)
    await worker.terminate()
    return { p99Ms: quantile(sorted, 0.99), maxMs: quantile(sorted, 1) }
  }
  return { stop: () => (stopping ??= finish()) }
}
