import fs from 'node:fs'
import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import type { JobResult, JoinStormJob, ServerTarget } from '../jobs.ts'
import { connectAll, sleep, within } from '../load/connectAll.ts'
import { type Dialect, dialectOf } from '../load/dialect.ts'
import { LatencyRecorder } from '../load/latencyRecorder.ts'
import { LoadClient } from '../load/loadClient.ts'
import { Typist } from '../load/typist.ts'
import { openWindow } from '../load/window.ts'
import { quantile } from '../stats/summary.ts'

/** How long the stored document is left alone after the upload, so every server unloads it. */
const settleMs = 4000

/**
 * A class opening one link at once. The document (one Yjs update in `seedFile`) is uploaded and
 * left until the server unloads it; `typists` people open it and type (each an observer timing
 * the others' keystrokes), first for `quietSeconds` without a storm, then while `joiners` clients
 * connect, evenly spread over `spreadMs`, each sending its presence as an editor tab does. A joiner
 * is synced when the server's sync step 2 has arrived (what a provider's `synced` means); its time
 * runs from the moment it began to connect. The typists' latency is timed apart for the quiet
 * window and for the storm (from the first joiner's start to the last one's sync). Afterwards one
 * joiner's copy is checked to hold the whole document, deletions included.
 */
export async function runJoinStorm(job: JoinStormJob, server: ServerTarget): Promise<JobResult> {
  const dialect = dialectOf(server.kind)
  const seed = new Uint8Array(fs.readFileSync(job.seedFile))
  const doc = `storm-${Math.random().toString(36).slice(2, 8)}`
  await upload(dialect, server.base, doc, seed)
  await sleep(settleMs)

  const quiet = new LatencyRecorder()
  const storm = new LatencyRecorder()
  const both = { noteSent: (...args: Parameters<LatencyRecorder['noteSent']>) => (quiet.noteSent(...args), storm.noteSent(...args)) }
  const interval = 1000 / job.charsPerSecond
  const seats = await connectAll(job.typists, job.typists, async () => {
    const typist = new Typist(both, job.typists - 1)
    let synced = false
    const observers = [quiet.observer(typist.clientId), storm.observer(typist.clientId)]
    const client = await LoadClient.open({
      dialect,
      base: server.base,
      doc,
      replica: typist.replica,
      onUpdate: (update, at) => synced && observers.forEach((observe) => observe(update, at)),
    })
    await within(client.synced, 300_000, 'typist sync')
    synced = true
    typist.attach(client)
    return { typist, client, nextAt: 0 }
  })
  const start = performance.now()
  for (const seat of seats) seat.nextAt = start + Math.random() * interval
  const ticker = setInterval(() => {
    const now = performance.now()
    for (const seat of seats) {
      for (; seat.nextAt <= now; seat.nextAt += interval) seat.typist.type()
    }
  }, 1)

  await sleep(job.warmupSeconds * 1000)
  quiet.startWindow(performance.now())
  await sleep(job.quietSeconds * 1000)
  quiet.endWindow(performance.now())

  const closeWindow = openWindow(server.pid)
  const stormStart = performance.now()
  storm.startWindow(stormStart)
  const copy: Uint8Array[] = []
  const joiners = await Promise.all(
    Array.from({ length: job.joiners }, async (_, index) => {
      await sleep((index * job.spreadMs) / job.joiners)
      return LoadClient.open({ dialect, base: server.base, doc, presence: true, onUpdate: index === 0 ? (update) => copy.push(update) : undefined })
    }),
  )
  const synced = await within(Promise.all(joiners.map((joiner) => joiner.synced)), 600_000, 'joiners sync')
  const stormEnd = performance.now()
  storm.endWindow(stormEnd)
  const figures = closeWindow()
  await sleep(1000)
  clearInterval(ticker)
  await sleep(1000)
  const [quietLatency, stormLatency] = [quiet.summary(), storm.summary()]
  await Promise.all([...seats.map((seat) => seat.client.close()), ...joiners.map((joiner) => joiner.close())])
  checkCopy(copy, seed, server.kind)

  const times = joiners.map((joiner, index) => synced[index] - joiner.startedAt).sort((a, b) => a - b)
  return {
    metrics: {
      p50Ms: quantile(times, 0.5),
      p95Ms: quantile(times, 0.95),
      maxMs: times[times.length - 1],
      allSyncedMs: stormEnd - stormStart,
      typingP99QuietMs: quietLatency.p99,
      typingP99StormMs: stormLatency.p99,
      typingP99Growth: stormLatency.p99 / quietLatency.p99,
      typingP50QuietMs: quietLatency.p50,
      typingP50StormMs: stormLatency.p50,
      typingDeliveriesStorm: stormLatency.count,
      documentBytes: seed.length,
      serverCpuMs: figures.serverCpuMs,
      peakRssMiB: figures.serverPeakRssMiB,
      loadCpuShare: figures.loadCpuShare,
    },
  }
}

/** Stores `seed` on the server as document `doc` and waits until another client is served it. */
async function upload(dialect: Dialect, base: string, doc: string, seed: Uint8Array): Promise<void> {
  const uploader = await LoadClient.open({ dialect, base, doc, seed })
  await within(uploader.synced, 120_000, 'uploader sync')
  let served!: () => void
  const probeHasIt = new Promise<void>((resolve) => (served = resolve))
  const probe = await LoadClient.open({ dialect, base, doc, onUpdate: (update) => update.length >= seed.length / 2 && served() })
  await within(probeHasIt, 300_000, 'upload of the storm document')
  await Promise.all([uploader.close(), probe.close()])
}

/** Throws unless the updates one joiner received hold every struct and deletion of `seed`. */
function checkCopy(updates: Uint8Array[], seed: Uint8Array, kind: string): void {
  const replica = new Y.Doc()
  for (const update of updates) Y.applyUpdate(replica, update)
  if (!Y.snapshotContainsUpdate(Y.snapshot(replica), seed)) {
    throw new Error(`${kind} served a joiner an incomplete document (${replica.getText('text').length} characters)`)
  }
}
