import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import type { ClusterKillJob, JobResult, WriterRecord } from '../jobs.ts'
import { connectAll, sleep, within } from '../load/connectAll.ts'
import { dialectOf } from '../load/dialect.ts'
import { LoadClient } from '../load/loadClient.ts'
import { type TypingSeat, typeDue } from '../load/typingSeat.ts'

/** How long the survivors' clients keep listening after the kill, for keystrokes still in flight. */
const drainMs = 1000

/**
 * The pinned-rooms kill: `rooms × peersPerRoom` raw clients, every room's people on node
 * `room mod N`, all typing at `charsPerSecond`; node 0 is SIGKILLed at `job.moment` and its rooms'
 * tabs close with it (so nothing is sent again). Every client watches what it receives, so a
 * writer's `relayed` is one past the highest of its keystrokes any other client had received.
 * Typing stops everywhere at the kill (steady) or at the burst's end. Returns the writers of the
 * killed node's rooms only: the survivors' rooms are load beside them and lose nothing.
 */
export async function runClusterKill(job: ClusterKillJob): Promise<JobResult> {
  const dialect = dialectOf(job.kind)
  const prefix = `pinned-${Math.random().toString(36).slice(2, 8)}`
  const relayed = new Map<number, number>()
  const seats = await connectAll(job.rooms * job.peersPerRoom, 32, async (index): Promise<TypingSeat> => {
    const room = Math.floor(index / job.peersPerRoom)
    const node = room % job.bases.length
    const replica = new Y.Doc()
    const seat = { doc: `${prefix}-${room}`, node, replica, nextAt: 0, typed: 0, gone: false } as TypingSeat
    seat.client = await LoadClient.open({
      dialect,
      base: job.bases[node],
      doc: seat.doc,
      replica,
      onUpdate: (update) => {
        for (const [client, end] of Y.parseUpdateMeta(update).to) {
          if (client !== replica.clientID && end > (relayed.get(client) ?? 0)) relayed.set(client, end)
        }
      },
    })
    replica.on('update', (update: Uint8Array) => seat.client.send(update))
    return seat
  })
  await within(Promise.all(seats.map((seat) => seat.client.synced)), 120_000, 'initial sync')

  const interval = 1000 / job.charsPerSecond
  const begin = performance.now()
  const typingMs = job.moment.kind === 'steady' ? job.moment.atSeconds * 1000 : job.moment.burstSeconds * 1000
  const killAfterMs = job.moment.kind === 'steady' ? typingMs : typingMs + job.moment.afterSeconds * 1000
  for (const seat of seats) seat.nextAt = begin + Math.random() * interval
  let lastKeystrokeAt = begin
  const ticker = setInterval(() => {
    const now = Math.min(performance.now(), begin + typingMs)
    for (const seat of seats) if (typeDue(seat, now, interval) > 0) lastKeystrokeAt = performance.now()
  }, 1)

  await sleep(Math.max(0, begin + killAfterMs - performance.now()))
  process.kill(job.nodePids[0], 'SIGKILL')
  const killedAt = performance.now()
  clearInterval(ticker)
  const doomed = seats.filter((seat) => seat.node === 0)
  for (const seat of doomed) seat.gone = true
  await Promise.all(doomed.map((seat) => seat.client.close()))
  await sleep(drainMs)
  await Promise.all(seats.filter((seat) => !seat.gone).map((seat) => seat.client.close()))

  // Only the killed node's rooms can lose anything; the survivors' rooms were load beside them.
  const writers: WriterRecord[] = doomed.map((seat) => ({ doc: seat.doc, client: seat.replica.clientID, sent: seat.typed, relayed: relayed.get(seat.replica.clientID) ?? 0 }))
  return {
    metrics: {
      keystrokes: seats.reduce((total, seat) => total + seat.typed, 0),
      killedRoomsSent: writers.reduce((total, writer) => total + writer.sent, 0),
      killedRoomsRelayed: writers.reduce((total, writer) => total + writer.relayed, 0),
      killedAtMs: killedAt - begin,
      killAfterLastKeystrokeMs: killedAt - lastKeystrokeAt,
    },
    writers,
  }
}
