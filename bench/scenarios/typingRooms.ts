import { performance } from 'node:perf_hooks'
import type { JobResult, ServerTarget, TypingJob } from '../jobs.ts'
import { sleep } from '../load/connectAll.ts'
import { LatencyRecorder, summarizeSamples } from '../load/latencyRecorder.ts'
import { announceStart, awaitWindow, spawnLoadProcess } from '../load/loadProcess.ts'
import { startTyping, type TypingLoad } from '../load/typingLoad.ts'
import { openWindow, type WindowFigures } from '../load/window.ts'
import { relayBreakdown, scrapeMetrics } from '../stats/relayMetrics.ts'

/**
 * Rooms of people typing at a steady rate (hot room, many rooms, the sweep). Every client types;
 * `observersPerRoom` of them, spread evenly, time what they receive. Reports latency percentiles,
 * the share of expected deliveries seen, and the server's and the load's CPU (and the part of it
 * spent in the kernel) per 1,000 keystrokes over the window. With `decodingClients`, every client
 * also applies every update it receives to a replica of its own, as an editor does, so the load
 * does an editor's work for each delivery. With `loadProcesses` above 1, the rooms are spread over
 * that many load processes (this one and helpers it starts), which measure over the same window;
 * latencies are taken together, and the load's CPU is their sum.
 */
export async function runTyping(job: TypingJob, server: ServerTarget): Promise<JobResult> {
  if (job.part) return runPart(job, job.part, server)
  const parts = job.loadProcesses ?? 1
  const helpers = Array.from({ length: parts - 1 }, (_, i) => {
    let started!: () => void
    const announced = new Promise<void>((resolve) => (started = resolve))
    const helper = spawnLoadProcess({ ...job, part: { index: i + 1, of: parts } }, server, 30 * 60_000, () => started())
    // A helper that ends before it starts fails the job here, instead of leaving it waiting.
    const ended = helper.result.then(() => Promise.reject(new Error('a load helper finished before its window')))
    const ready = Promise.race([announced, ended])
    ready.catch(() => {}) // awaited once this process's own clients are typing; a failure before then waits for it
    return { ...helper, ready }
  })
  const recorder = new LatencyRecorder(parts > 1)
  const load = await startTyping(share(job, 0, parts), server, runPrefix(), recorder)
  await Promise.all(helpers.map((helper) => helper.ready))
  const windowAt = Date.now() + job.warmupSeconds * 1000
  for (const helper of helpers) helper.openWindowAt(windowAt)

  // Our relay tells where its time went; the others have no such page. Scraped as the warm-up
  // begins, so that what a scrape costs the relay and this process is not timed in the window; the
  // breakdown covers the warm-up and the window.
  const scrapeBefore = server.kind === 'ours' ? await scrapeMetrics(server.base) : null
  await sleep(windowAt - Date.now())
  const figures = await measureWindow(recorder, job, server)
  const breakdown = scrapeBefore ? relayBreakdown(scrapeBefore, await scrapeMetrics(server.base)) : {}
  await finish(load, job)
  const results = await Promise.all(helpers.map((helper) => helper.result))

  const tallies = [recorder.tally('main'), ...results.map(({ metrics }) => metrics)]
  const sent = sum(tallies.map((tally) => tally.sent))
  const expected = sum(tallies.map((tally) => tally.expected))
  const received = sum(tallies.map((tally) => tally.received))
  const latency = parts === 1 ? recorder.summary() : summarizeSamples(allSamples(recorder, results))
  const loadCpuMs = figures.loadCpuMs + sum(results.map(({ metrics }) => metrics.loadCpuMs))
  const loadKernelCpuMs = figures.loadKernelCpuMs + sum(results.map(({ metrics }) => metrics.loadKernelCpuMs))
  const perThousand = (ms: number) => ms / (sent / 1000)
  return {
    metrics: {
      p50Ms: latency.p50,
      p99Ms: latency.p99,
      maxMs: latency.max,
      deliveries: latency.count,
      delivered: expected === 0 ? Number.NaN : received / expected,
      keystrokes: sent,
      keystrokesPerSecond: sent / (figures.wallMs / 1000),
      serverCpuMsPer1000: perThousand(figures.serverCpuMs),
      serverKernelCpuMsPer1000: perThousand(figures.serverKernelCpuMs),
      loadCpuMsPer1000: perThousand(loadCpuMs),
      loadKernelCpuMsPer1000: perThousand(loadKernelCpuMs),
      serverCpuShare: figures.serverCpuMs / figures.wallMs,
      peakRssMiB: figures.serverPeakRssMiB,
      loadCpuShare: loadCpuMs / figures.wallMs,
      loadLoopDelayP99Ms: Math.max(figures.loadLoopDelayP99Ms, ...results.map(({ metrics }) => metrics.loadLoopDelayP99Ms)),
      loadProcesses: parts,
      ...breakdown,
    },
  }
}

/**
 * A helper's share of a spread typing load: types in its rooms, says when they are all synced,
 * measures over the window its parent names, and returns its tallies and every latency it timed.
 */
async function runPart(job: TypingJob, part: { index: number; of: number }, server: ServerTarget): Promise<JobResult> {
  const window = awaitWindow()
  const recorder = new LatencyRecorder(true)
  const load = await startTyping(share(job, part.index, part.of), server, runPrefix(), recorder)
  announceStart()
  await sleep((await window) - Date.now())
  const figures = await measureWindow(recorder, job, server)
  await finish(load, job)
  const { sent, expected, received, samples } = recorder.tally('main')
  return {
    metrics: {
      sent,
      expected,
      received,
      loadCpuMs: figures.loadCpuMs,
      loadKernelCpuMs: figures.loadKernelCpuMs,
      loadLoopDelayP99Ms: figures.loadLoopDelayP99Ms,
    },
    latencies: samples ?? [],
  }
}

/** Times keystrokes sent over the next `job.seconds`, with the server's and this process's figures. */
async function measureWindow(recorder: LatencyRecorder, job: TypingJob, server: ServerTarget): Promise<WindowFigures> {
  recorder.startWindow(performance.now())
  const closeWindow = openWindow(server.pid)
  await sleep(job.seconds * 1000)
  recorder.endWindow(performance.now())
  return closeWindow()
}

/** Stops typing, waits for the last keystrokes to arrive, and closes every connection. */
async function finish(load: TypingLoad, job: TypingJob): Promise<void> {
  load.stop()
  await sleep(job.drainSeconds * 1000)
  await load.close()
}

/** The part of `job` that load process `index` of `of` runs: every `of`-th room, starting at `index`. */
function share(job: TypingJob, index: number, of: number): TypingJob {
  return { ...job, rooms: Math.floor(job.rooms / of) + (index < job.rooms % of ? 1 : 0) }
}

function runPrefix(): string {
  return `typing-${Math.random().toString(36).slice(2, 8)}`
}

function* allSamples(recorder: LatencyRecorder, results: JobResult[]): Generator<number> {
  yield* recorder.tally('main').samples ?? []
  for (const { latencies } of results) yield* latencies ?? []
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0)
}
