import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import type { DurabilityJob, JobResult, ServerTarget, VerifyJob, WriterRecord } from '../jobs.ts'
import { connectAll, sleep, within } from '../load/connectAll.ts'
import { dialectOf } from '../load/dialect.ts'
import { LatencyRecorder } from '../load/latencyRecorder.ts'
import { LoadClient } from '../load/loadClient.ts'
import { Typist } from '../load/typist.ts'

/**
 * Typing under load, then SIGKILL of the server from this process at a random moment in the last
 * second of `killAfterSeconds`. Every client watches what it receives, so the result tells, per
 * typist, what it sent and what any peer had received from the server before the kill.
 */
export async function runDurability(job: DurabilityJob, server: ServerTarget): Promise<JobResult> {
  const dialect = dialectOf(server.kind)
  const recorder = new LatencyRecorder()
  const runId = Math.random().toString(36).slice(2, 8)
  const seats = await connectAll(job.rooms * job.peersPerRoom, 32, async (index) => {
    const doc = `durable-${runId}-${Math.floor(index / job.peersPerRoom)}`
    const typist = new Typist(recorder, job.peersPerRoom - 1)
    const client = await LoadClient.open({ dialect, base: server.base, doc, replica: typist.replica, onUpdate: recorder.observer(typist.clientId) })
    typist.attach(client)
    return { doc, typist, client, nextAt: 0 }
  })
  await within(Promise.all(seats.map((seat) => seat.client.synced)), 60_000, 'initial sync')

  const interval = 1000 / job.charsPerSecond
  const start = performance.now()
  for (const seat of seats) seat.nextAt = start + Math.random() * interval
  const ticker = setInterval(() => {
    const now = performance.now()
    for (const seat of seats) {
      while (seat.nextAt <= now && seat.client.isOpen) {
        seat.typist.type()
        seat.nextAt += interval
      }
    }
  }, 5)
  await sleep((job.killAfterSeconds - Math.random()) * 1000)
  process.kill(server.pid, 'SIGKILL')
  clearInterval(ticker)
  await sleep(500)
  await Promise.all(seats.map((seat) => seat.client.close()))

  const writers: WriterRecord[] = seats.map(({ doc, typist }) => ({
    doc,
    client: typist.clientId,
    sent: typist.typed,
    relayed: recorder.highestReceived.get(typist.clientId) ?? 0,
  }))
  return {
    metrics: {
      keystrokes: writers.reduce((sum, writer) => sum + writer.sent, 0),
      relayed: writers.reduce((sum, writer) => sum + writer.relayed, 0),
    },
    writers,
  }
}

/**
 * After the killed server is restarted on the same data: opens every document, takes what the
 * server sends until it has been quiet for a second, and counts, per typist, keystrokes that a
 * peer had received but the server no longer has (`lostRelayed`) and keystrokes sent but never
 * relayed nor kept (`lostUnrelayed`, in flight at the kill).
 */
export async function runVerify(job: VerifyJob, server: ServerTarget): Promise<JobResult> {
  const dialect = dialectOf(server.kind)
  const docs = [...new Set(job.writers.map((writer) => writer.doc))]
  const stored = new Map<number, number>()
  await connectAll(docs.length, 16, async (index) => {
    const replica = new Y.Doc()
    let lastAt = performance.now()
    const client = await LoadClient.open({
      dialect,
      base: server.base,
      doc: docs[index],
      onUpdate: (update) => {
        Y.applyUpdate(replica, update)
        lastAt = performance.now()
      },
    })
    await within(client.synced, 30_000, `sync of ${docs[index]}`)
    while (performance.now() - lastAt < 1000) await sleep(200)
    await client.close()
    for (const [clientId, clock] of Y.decodeStateVector(Y.encodeStateVector(replica))) stored.set(clientId, clock)
  })

  let lostRelayed = 0
  let lostUnrelayed = 0
  let sent = 0
  let relayed = 0
  for (const writer of job.writers) {
    const kept = stored.get(writer.client) ?? 0
    sent += writer.sent
    relayed += writer.relayed
    lostRelayed += Math.max(0, writer.relayed - kept)
    lostUnrelayed += Math.max(0, writer.sent - Math.max(kept, writer.relayed))
  }
  return { metrics: { keystrokes: sent, relayed, lostRelayed, lostUnrelayed, lostTotal: lostRelayed + lostUnrelayed } }
}
