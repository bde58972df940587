import fs from 'node:fs'
import { performance } from 'node:perf_hooks'
import type { JobResult, JoinStormJob, ServerTarget } from '../jobs.ts'
import { connectAll, sleep, waitFor, within } from '../load/connectAll.ts'
import { type Dialect, dialectOf } from '../load/dialect.ts'
import { LatencyRecorder } from '../load/latencyRecorder.ts'
import { LoadClient } from '../load/loadClient.ts'
import { Typist } from '../load/typist.ts'
import { runInLoadProcess } from '../load/loadProcess.ts'
import { type BenchServer, serverTarget, startServer } from '../servers/benchServer.ts'
import { type WindowFigures, openWindow } from '../load/window.ts'
import { type Scrape, relayBreakdown, scrapeMetrics } from '../stats/relayMetrics.ts'

/** How long the stored document is left alone after the upload, so every server unloads it. */
const settleMs = 4000

/**
 * A class opening one link at once. The document (one Yjs update in `seedFile`) is uploaded and
 * left until the server unloads it; `typists` people open it and type (each an observer timing
 * the others' keystrokes), first for `quietSeconds` without a storm, then while `joiners` clients
 * connect, evenly spread over `spreadMs`, each sending its presence as an editor tab does. The joiners
 * run in a load process of their own (see `joinCrowd.ts`), which reports their times to synced.
 * The typists' latency is timed apart for the quiet window and for the storm (from the first
 * joiner's start to the last one's sync). A storm of about a second holds about fifty keystrokes,
 * so its p99 is about its worst keystroke, where the quiet window's rests on hundreds: the worst
 * delivery of each, and how many deliveries each covers, are reported beside the p99s, and so is
 * how late the typists' own process ran in each window (its event loop's delay). With
 * `crowdOnFloor`, the crowd opens the document on the floor server instead, in a process of its
 * own, so that the typists' server does nothing for the storm and only the host is shared.
 */
export async function runJoinStorm(job: JoinStormJob, server: ServerTarget): Promise<JobResult> {
  const dialect = dialectOf(server.kind)
  const seed = new Uint8Array(fs.readFileSync(job.seedFile))
  const doc = `storm-${Math.random().toString(36).slice(2, 8)}`
  await upload(dialect, server.base, doc, seed)
  // Started now, so that its start-up is over long before the storm (and stopped when the crowd is).
  const floor = job.crowdOnFloor ? await crowdFloor(seed, doc) : null
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

  // Each typist's first keystroke has no left neighbour in its own replica, so it lands at the
  // document's start, where Yjs integrates it past every item that begins there: on a 4 MB
  // document, a pass over most of it, in every server alike. That is a load artifact (a person
  // types somewhere inside the text), so the quiet window waits until all first keystrokes are in.
  const typistIds = seats.map((seat) => seat.typist.clientId)
  await waitFor(() => typistIds.every((id) => (quiet.highestReceived.get(id) ?? 0) > 0), 'first keystrokes', 600_000)
  await sleep(job.warmupSeconds * 1000)
  quiet.startWindow(performance.now())
  const closeQuiet = openWindow(server.pid)
  await sleep(job.quietSeconds * 1000)
  quiet.endWindow(performance.now())
  const quietFigures = closeQuiet()

  // The crowd joins from a load process of its own; the storm window opens when its first joiner
  // is about to connect, and closes once every joiner is synced (before the crowd checks a copy).
  let closeWindow: (() => WindowFigures) | null = null
  let figures: WindowFigures | null = null
  // Our relay tells where its time went during the storm: scraped before its crowd starts, so
  // that what a scrape costs is not timed (the breakdown then covers the crowd's start-up too),
  // and again once it is over.
  const scrapeBefore = server.kind === 'ours' ? await scrapeMetrics(server.base) : null
  let scrapeAfter: Promise<Scrape> | null = null
  const endStorm = () => {
    if (figures || !closeWindow) return
    storm.endWindow(performance.now())
    figures = closeWindow()
    if (scrapeBefore) scrapeAfter = scrapeMetrics(server.base)
  }
  const crowd = await runInLoadProcess(
    { scenario: 'join-crowd', doc, seedFile: job.seedFile, joiners: job.joiners, spreadMs: job.spreadMs },
    floor ? serverTarget(floor) : server,
    600_000,
    () => {
      storm.startWindow(performance.now())
      closeWindow = openWindow(server.pid)
    },
    endStorm,
  ).finally(() => floor && stopFloor(floor))
  endStorm()
  if (!figures) throw new Error('the join crowd never said it started')
  const stormFigures = figures as WindowFigures
  const breakdown = scrapeBefore && scrapeAfter ? relayBreakdown(scrapeBefore, await scrapeAfter) : {}
  await sleep(1000)
  clearInterval(ticker)
  await sleep(1000)
  const [quietLatency, stormLatency] = [quiet.summary(), storm.summary()]
  await Promise.all(seats.map((seat) => seat.client.close()))

  return {
    metrics: {
      ...crowd.metrics,
      typingP99QuietMs: quietLatency.p99,
      typingP99StormMs: stormLatency.p99,
      typingP99Growth: stormLatency.p99 / quietLatency.p99,
      typingP50QuietMs: quietLatency.p50,
      typingP50StormMs: stormLatency.p50,
      typingMaxQuietMs: quietLatency.max,
      typingMaxStormMs: stormLatency.max,
      typingDeliveriesQuiet: quietLatency.count,
      typingDeliveriesStorm: stormLatency.count,
      typistsLoopDelayP99QuietMs: quietFigures.loadLoopDelayP99Ms,
      typistsLoopDelayP99StormMs: stormFigures.loadLoopDelayP99Ms,
      documentBytes: seed.length,
      serverCpuMs: stormFigures.serverCpuMs,
      peakRssMiB: stormFigures.serverPeakRssMiB,
      loadCpuShare: stormFigures.loadCpuShare,
      ...breakdown,
    },
  }
}

/** The floor server, started and holding `seed` as document `doc`, to serve the crowd. */
async function crowdFloor(seed: Uint8Array, doc: string): Promise<BenchServer> {
  const floor = await startServer('floor')
  await upload(dialectOf('floor'), floor.base, doc, seed)
  return floor
}

/** Stops the crowd's floor server and removes the data directory it was given (and left empty). */
async function stopFloor(floor: BenchServer): Promise<void> {
  await floor.stop()
  fs.rmSync(floor.dataDir, { recursive: true, force: true })
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

