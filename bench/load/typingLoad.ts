import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import type { ServerTarget } from '../jobs.ts'
import { connectAll, within } from './connectAll.ts'
import { dialectOf } from './dialect.ts'
import { LatencyRecorder } from './latencyRecorder.ts'
import { LoadClient } from './loadClient.ts'
import { Typist } from './typist.ts'

/** How many rooms of how many people type at what rate, and how many per room time what they receive. */
export interface TypingShape {
  rooms: number
  peersPerRoom: number
  charsPerSecond: number
  /** Clients per room whose receptions are timed (spread evenly); the others only receive. */
  observersPerRoom: number
  /** Every client applies every update it receives to a replica that also holds its own keystrokes, as an editor does. */
  decodingClients?: boolean
  /** Every keystroke comes with a caret update (an awareness change), as in an editor. */
  carets?: boolean
}

/** People typing in rooms, started by {@link startTyping}. */
export interface TypingLoad {
  /** Where every keystroke and its deliveries are timed; open windows on it to measure. */
  readonly recorder: LatencyRecorder
  /** Stops typing (receivers keep listening). */
  stop(): void
  /** Closes every connection. */
  close(): Promise<void>
}

/** One connected person: a typist, its socket, and when its next keystroke is due. */
interface Seat {
  typist: Typist
  client: LoadClient
  nextAt: number
}

/**
 * Connects `shape.rooms × shape.peersPerRoom` clients to documents named `${prefix}-N`, waits until
 * all are synced, and starts every client typing at its rate from a random phase, checked on a
 * 1 ms tick, timing deliveries in `recorder`. Used by the typing scenarios and by the flood.
 */
export async function startTyping(shape: TypingShape, server: ServerTarget, prefix: string, recorder = new LatencyRecorder()): Promise<TypingLoad> {
  const dialect = dialectOf(server.kind)
  const step = Math.max(1, Math.ceil(shape.peersPerRoom / shape.observersPerRoom))
  const observersInRoom = Math.ceil(shape.peersPerRoom / step)
  const interval = 1000 / shape.charsPerSecond

  const seats = await connectAll(shape.rooms * shape.peersPerRoom, 32, async (index): Promise<Seat> => {
    const room = Math.floor(index / shape.peersPerRoom)
    const observing = (index % shape.peersPerRoom) % step === 0
    const typist = new Typist(recorder, observersInRoom - (observing ? 1 : 0), shape.carets)
    const observe = observing ? recorder.observer(typist.clientId) : undefined
    const client = await LoadClient.open({
      dialect,
      base: server.base,
      doc: `${prefix}-${room}`,
      replica: typist.replica,
      onUpdate: shape.decodingClients ? applyingTo(editorReplica(typist), observe) : observe,
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

  return {
    recorder,
    stop: () => clearInterval(ticker),
    close: async () => {
      clearInterval(ticker)
      await Promise.all(seats.map((seat) => seat.client.close()))
    },
  }
}

/**
 * A replica as an editor holds one: the typist's own keystrokes, applied as they are typed, and
 * everything received. A relay that sends a busy turn's one frame to everyone sends typists their
 * own keystrokes back; this replica already has them, so Yjs skips them, as it does in an editor.
 */
function editorReplica(typist: Typist): Y.Doc {
  const replica = new Y.Doc()
  typist.replica.on('update', (update: Uint8Array) => Y.applyUpdate(replica, update))
  return replica
}

/** A receive callback that times an update (when `observe` is given), then applies it to `view`. */
function applyingTo(view: Y.Doc, observe?: (update: Uint8Array, at: number) => void): (update: Uint8Array, at: number) => void {
  return (update, at) => {
    observe?.(update, at)
    Y.applyUpdate(view, update)
  }
}
