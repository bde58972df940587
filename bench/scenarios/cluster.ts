import { createHistogram, performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import type { ClusterJob, JobResult, WriterRecord } from '../jobs.ts'
import { connectAll, sleep, within } from '../load/connectAll.ts'
import { dialectOf } from '../load/dialect.ts'
import { LoadClient } from '../load/loadClient.ts'
import { type TypingSeat, typeDue } from '../load/typingSeat.ts'
import { processTreeCpuMs, sampleProcess } from '../stats/processStats.ts'
import { type Scrape, clusterReads, relayBreakdown, scrapeMetrics } from '../stats/relayMetrics.ts'

/** One person, watching what they receive. */
interface Seat extends TypingSeat {
  /** Per sender, one past the highest clock this seat has received. */
  highest: Map<number, number>
}

/**
 * Times deliveries across a cluster: when each keystroke (client id, clock) left, and from which
 * node; a receiver reads the ids an update carries (`Y.parseUpdateMeta`) and files each keystroke
 * sent inside the window as a same-node or a cross-node delivery.
 */
class ClusterRecorder {
  readonly sentAt = new Map<number, number[]>()
  readonly nodeOf = new Map<number, number>()
  /** Per sender, one past the highest clock any other client received: what the cluster relayed. */
  readonly relayed = new Map<number, number>()
  readonly same = createHistogram()
  readonly cross = createHistogram()
  start = Number.POSITIVE_INFINITY
  end = Number.POSITIVE_INFINITY
  sentInWindow = 0

  noteSent(clientId: number, at: number): void {
    this.sentAt.get(clientId)!.push(at)
    if (at >= this.start && at < this.end) this.sentInWindow++
  }

  received(seat: Seat, update: Uint8Array, at: number): void {
    const { from, to } = Y.parseUpdateMeta(update)
    for (const [client, end] of to) {
      if (client === seat.replica.clientID) continue
      const times = this.sentAt.get(client)
      if (!times) continue
      const begin = Math.max(from.get(client) ?? 0, seat.highest.get(client) ?? 0)
      for (let clock = begin; clock < end; clock++) {
        const sent = times[clock]
        if (sent === undefined || sent < this.start || sent >= this.end) continue
        const micros = Math.max(1, Math.round((at - sent) * 1000))
        ;(this.nodeOf.get(client) === seat.node ? this.same : this.cross).record(micros)
      }
      if (end > (seat.highest.get(client) ?? 0)) seat.highest.set(client, end)
      if (end > (this.relayed.get(client) ?? 0)) this.relayed.set(client, end)
    }
  }
}

/** A percentile in ms, or NaN when nothing was recorded (no cross-node deliveries on one node). */
const ms = (histogram: ReturnType<typeof createHistogram>, percentile: number) => (histogram.count === 0 ? Number.NaN : histogram.percentile(percentile) / 1000)

/**
 * The cluster scenario's load: `rooms × peersPerRoom` raw clients spread over the nodes, every one
 * typing at `charsPerSecond` and `observersPerRoom` of each room timing what they receive. Reports
 * same-node and cross-node p50/p99, and the CPU of every node and of Postgres and Redis per 1,000
 * keystrokes. With `killAfterSeconds`, SIGKILLs node 0 then, drops its clients (their tabs closed
 * with it, so nothing is sent again) and returns what every typist sent and the cluster relayed.
 */
export async function runCluster(job: ClusterJob): Promise<JobResult> {
  const dialect = dialectOf(job.kind)
  const recorder = new ClusterRecorder()
  const prefix = `cluster-${Math.random().toString(36).slice(2, 8)}`
  const step = Math.max(1, Math.ceil(job.peersPerRoom / job.observersPerRoom))
  const nodes = job.bases.length
  const seats = await connectAll(job.rooms * job.peersPerRoom, 32, async (index): Promise<Seat> => {
    const room = Math.floor(index / job.peersPerRoom)
    const peer = index % job.peersPerRoom
    const node = (room + peer) % nodes
    const replica = new Y.Doc()
    recorder.sentAt.set(replica.clientID, [])
    recorder.nodeOf.set(replica.clientID, node)
    const seat = { doc: `${prefix}-${room}`, node, replica, nextAt: 0, typed: 0, highest: new Map(), gone: false } as Seat
    const observing = job.killAfterSeconds !== undefined || peer % step === 0
    seat.client = await LoadClient.open({
      dialect,
      base: job.bases[node],
      doc: seat.doc,
      replica,
      onUpdate: observing ? (update, at) => recorder.received(seat, update, at) : undefined,
    })
    replica.on('update', (update: Uint8Array) => {
      recorder.noteSent(replica.clientID, performance.now())
      seat.client.send(update)
    })
    return seat
  })
  await within(Promise.all(seats.map((seat) => seat.client.synced)), 120_000, 'initial sync')

  const interval = 1000 / job.charsPerSecond
  const begin = performance.now()
  for (const seat of seats) seat.nextAt = begin + Math.random() * interval
  const ticker = setInterval(() => {
    const now = performance.now()
    for (const seat of seats) typeDue(seat, now, interval)
  }, 1)

  // Our relays count their store reads for what Redis did not bring (not while one gets killed).
  // Scraped as the warm-up begins, so that the scrapes' cost is not timed; the counts cover both,
  // and are taken per keystroke typed between the two scrapes.
  const scraping = job.kind === 'ours' && job.killAfterSeconds === undefined
  const typed = () => seats.reduce((sum, seat) => sum + seat.typed, 0)
  const readsBefore: Scrape[] = scraping ? await Promise.all(job.bases.map(scrapeMetrics)) : []
  const typedBefore = typed()
  await sleep(job.warmupSeconds * 1000)
  recorder.start = performance.now()
  const pids = { ...Object.fromEntries(job.nodePids.map((pid, i) => [`node${i}`, pid])) }
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, sampleProcess(pid).cpuMs]))
  const servicesBefore = Object.fromEntries(Object.entries(job.servicePids).map(([name, pid]) => [name, processTreeCpuMs(pid)]))
  const load = process.cpuUsage()
  let killedAt = Number.NaN
  if (job.killAfterSeconds !== undefined) {
    await sleep(job.killAfterSeconds * 1000)
    killedAt = performance.now() - recorder.start
    process.kill(job.nodePids[0], 'SIGKILL')
    for (const seat of seats.filter((s) => s.node === 0)) seat.gone = true
    await Promise.all(seats.filter((s) => s.node === 0).map((s) => s.client.close()))
    await sleep(Math.max(0, job.seconds * 1000 - (performance.now() - recorder.start)))
  } else {
    await sleep(job.seconds * 1000)
  }
  recorder.end = performance.now()
  const wallMs = recorder.end - recorder.start
  const loadUsed = process.cpuUsage(load)
  const readsAfter: Scrape[] = scraping ? await Promise.all(job.bases.map(scrapeMetrics)) : []
  const typedBetweenScrapes = typed() - typedBefore
  const reads = scraping ? clusterReads(readsBefore, readsAfter) : {}
  // Where node 0's time went (event-loop delay, collector, store commits), for the tail's breakdown.
  const breakdown = scraping ? relayBreakdown(readsBefore[0], readsAfter[0]) : {}
  const cpu: Record<string, number> = {}
  for (const [name, pid] of Object.entries(pids)) {
    if (job.killAfterSeconds !== undefined && name === 'node0') continue
    cpu[name] = sampleProcess(pid).cpuMs - before[name]
  }
  for (const [name, pid] of Object.entries(job.servicePids)) cpu[name] = processTreeCpuMs(pid) - servicesBefore[name]
  clearInterval(ticker)
  await sleep(job.drainSeconds * 1000)

  const per1000 = (cpuMs: number) => cpuMs / (recorder.sentInWindow / 1000)
  const nodeCpu = Object.entries(cpu).filter(([name]) => name.startsWith('node'))
  const metrics: Record<string, number> = {
    sameP50Ms: ms(recorder.same, 50),
    sameP99Ms: ms(recorder.same, 99),
    crossP50Ms: ms(recorder.cross, 50),
    crossP99Ms: ms(recorder.cross, 99),
    sameDeliveries: recorder.same.count,
    crossDeliveries: recorder.cross.count,
    keystrokes: recorder.sentInWindow,
    keystrokesPerSecond: recorder.sentInWindow / (wallMs / 1000),
    nodesCpuMsPer1000: per1000(nodeCpu.reduce((sum, [, value]) => sum + value, 0)),
    nodeCpuMsPer1000: per1000(nodeCpu.reduce((sum, [, value]) => sum + value, 0)) / nodeCpu.length,
    loadCpuShare: (loadUsed.user + loadUsed.system) / 1000 / wallMs,
    killedAtMs: killedAt,
  }
  for (const [name, value] of Object.entries(cpu)) metrics[`${name}CpuMsPer1000`] = per1000(value)
  for (const [name, value] of Object.entries(reads)) metrics[`${name}Per1000`] = value / (typedBetweenScrapes / 1000)
  for (const [name, value] of Object.entries(breakdown)) metrics[`node0${name[0].toUpperCase()}${name.slice(1)}`] = value
  const writers: WriterRecord[] = seats.map((seat) => ({
    doc: seat.doc,
    client: seat.replica.clientID,
    sent: seat.typed,
    relayed: recorder.relayed.get(seat.replica.clientID) ?? 0,
  }))
  await Promise.all(seats.filter((seat) => !seat.gone).map((seat) => seat.client.close()))
  return { metrics, writers }
}
