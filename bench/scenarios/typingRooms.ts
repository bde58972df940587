import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import type { JobResult, ServerTarget, TypingJob } from '../jobs.ts'
import { dialectOf } from '../load/dialect.ts'
import { LatencyRecorder } from '../load/latencyRecorder.ts'
import { LoadClient } from '../load/loadClient.ts'
import { Typist } from '../load/typist.ts'
import { connectAll, sleep, within } from '../load/connectAll.ts'
import { openWindow } from '../load/window.ts'
import { relayBreakdown, scrapeMetrics } from '../stats/relayMetrics.ts'

/** One connected person: a typist, its socket, and whether its receptions are timed. */
interface Seat {
  typist: Typist
  client: LoadClient
  nextAt: number
}

/**
 * Rooms of people typing at a steady rate (hot room, many rooms, the sweep). Every client types;
 * `observersPerRoom` of them, spread evenly, time what they receive. Reports latency percentiles,
 * the share of expected deliveries seen, and the server's and this process's CPU (and the part of
 * it spent in the kernel) per 1,000 keystrokes over the window. With `decodingClients`, every client
 * also applies every update it receives to a replica of its own, as an editor does, so the load
 * process does an editor's work for each delivery.
 */
export async function runTyping(job: TypingJob, server: ServerTarget): Promise<JobResult> {
  const dialect = dialectOf(server.kind)
  const recorder = new LatencyRecorder()
  const step = Math.max(1, Math.ceil(job.peersPerRoom / job.observersPerRoom))
  const observersInRoom = Math.ceil(job.peersPerRoom / step)
  const interval = 1000 / job.charsPerSecond
  const runId = Math.random().toString(36).slice(2, 8)

  const seats = await connectAll(job.rooms * job.peersPerRoom, 32, async (index): Promise<Seat> => {
    const room = Math.floor(index / job.peersPerRoom)
    const observing = (index % job.peersPerRoom) % step === 0
    const typist = new Typist(recorder, observersInRoom - (observing ? 1 : 0))
    const observe = observing ? recorder.observer(typist.clientId) : undefined
    const client = await LoadClient.open({
      dialect,
      base: server.base,
      doc: `typing-${runId}-${room}`,
      replica: typist.replica,
      onUpdate: job.decodingClients ? applyingTo(new Y.Doc(), observe) : observe,
    })
    typist.attach(client)
    return { typist, client, nextAt: 0 }
  })
  await within(Promise.all(seats.map((seat) => seat.client.synced)), 120_000, 'initial sync')

  const start = performance.now()
  for (const seat of seats) seat.nextAt = start + Math.random() * interval
  // A 1 ms tick: with 5 ms, many rooms sent its keystrokes in synchronized bursts of 25, which
  // people typing do not do, and those bursts made most of every server's p99.
  const ticker = setInterval(() => {
    const now = performance.now()
    for (const seat of seats) {
      while (seat.nextAt <= now) {
        seat.typist.type()
        seat.nextAt += interval
      }
    }
  }, 1)

  await sleep(job.warmupSeconds * 1000)
  // Our relay tells where its time went; the others have no such page.
  const scrapeBefore = server.kind === 'ours' ? await scrapeMetrics(server.base) : null
  recorder.startWindow(performance.now())
  const closeWindow = openWindow(server.pid)
  await sleep(job.seconds * 1000)
  recorder.endWindow(performance.now())
  const figures = closeWindow()
  const breakdown = scrapeBefore ? relayBreakdown(scrapeBefore, await scrapeMetrics(server.base)) : {}
  clearInterval(ticker)
  await sleep(job.drainSeconds * 1000)
  const latency = recorder.summary()
  await Promise.all(seats.map((seat) => seat.client.close()))

  return {
    metrics: {
      p50Ms: latency.p50,
      p99Ms: latency.p99,
      maxMs: latency.max,
      deliveries: latency.count,
      delivered: recorder.expected === 0 ? Number.NaN : recorder.received / recorder.expected,
      keystrokes: recorder.sentInWindow,
      keystrokesPerSecond: recorder.sentInWindow / (figures.wallMs / 1000),
      serverCpuMsPer1000: figures.serverCpuMs / (recorder.sentInWindow / 1000),
      serverKernelCpuMsPer1000: figures.serverKernelCpuMs / (recorder.sentInWindow / 1000),
      loadCpuMsPer1000: figures.loadCpuMs / (recorder.sentInWindow / 1000),
      loadKernelCpuMsPer1000: figures.loadKernelCpuMs / (recorder.sentInWindow / 1000),
      serverCpuShare: figures.serverCpuMs / figures.wallMs,
      peakRssMiB: figures.serverPeakRssMiB,
      loadCpuShare: figures.loadCpuShare,
      loadLoopDelayP99Ms: figures.loadLoopDelayP99Ms,
      ...breakdown,
    },
  }
}

/** A receive callback that times an update (when `observe` is given), then applies it to `view`. */
function applyingTo(view: Y.Doc, observe?: (update: Uint8Array, at: number) => void): (update: Uint8Array, at: number) => void {
  return (update, at) => {
    observe?.(update, at)
    Y.applyUpdate(view, update)
  }
}
