import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import pino from 'pino'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { MessageType } from '../../shared/index.ts'
import type { Clock } from '../../server/clock.ts'
import type { PeerSocket } from '../../server/peer.ts'

/** A logger that prints nothing. */
export const silentLog = pino({ level: 'silent' })

/** A clock whose turns end only when the test says so. */
export class ManualClock implements Clock {
  private pending: Array<() => void> = []
  time = 0
  now = () => this.time
  afterTurn(fn: () => void): void {
    this.pending.push(fn)
  }
  every(): () => void {
    return () => {}
  }
  private timers: Array<{ at: number; fn: () => void }> = []
  after(ms: number, fn: () => void): () => void {
    const timer = { at: this.time + ms, fn }
    this.timers.push(timer)
    return () => (this.timers = this.timers.filter((t) => t !== timer))
  }
  /** Moves time on by `ms`, running each `after` timer that falls due, in time order. */
  advance(ms: number): void {
    const until = this.time + ms
    for (;;) {
      const next = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0]
      if (!next) break
      this.timers = this.timers.filter((t) => t !== next)
      this.time = Math.max(this.time, next.at)
      next.fn()
    }
    this.time = until
  }
  /** Ends the current turn: runs what was deferred to it, then lets queued promises settle. */
  async endTurn(): Promise<void> {
    for (const fn of this.pending.splice(0)) fn()
    await new Promise((resolve) => setTimeout(resolve, 0))
  }
}

/**
 * A fake peer: a socket that records frames, plus the peer's own replica and awareness, so tests
 * can type into it and see what the room sent back.
 */
export class FakePeer implements PeerSocket {
  readonly doc = new Y.Doc()
  readonly awareness = new awarenessProtocol.Awareness(this.doc)
  readonly received: Uint8Array[] = []
  closed: { code: number; reason: string } | null = null
  /** The count in the last durable acknowledgement received. */
  acked = 0

  constructor(readonly name: string) {}

  isOpen = () => this.closed === null
  send(frame: Uint8Array): void {
    this.received.push(frame)
    this.apply(frame)
  }
  close(code: number, reason: string): void {
    this.closed ??= { code, reason }
  }

  /** The text of this peer's replica. */
  get text(): string {
    return this.doc.getText('codemirror').toString()
  }

  /** Types into this peer's replica and returns the update frame it would send. */
  type(value: string, index = this.doc.getText('codemirror').length): Uint8Array {
    return this.edit((text) => text.insert(index, value))
  }

  /** Deletes `length` characters at `index` of this peer's replica and returns the update frame. */
  erase(index: number, length: number): Uint8Array {
    return this.edit((text) => text.delete(index, length))
  }

  /** Sets this peer's awareness state and returns the awareness frame it would send. */
  present(state: Record<string, unknown>): Uint8Array {
    this.awareness.setLocalState(state)
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID])
    return encodeFrame(MessageType.Awareness, (e) => encoding.writeVarUint8Array(e, update))
  }

  /** The sync step 1 frame this peer sends on connect. */
  step1(): Uint8Array {
    return encodeFrame(MessageType.Sync, (e) => syncProtocol.writeSyncStep1(e, this.doc))
  }

  /** The sync step 2 frame this peer sends in answer to a step 1 carrying `stateVector`. */
  step2(stateVector: Uint8Array): Uint8Array {
    return encodeFrame(MessageType.Sync, (e) => syncProtocol.writeSyncStep2(e, this.doc, stateVector))
  }

  /** Frames received since the last call, by message type. */
  takeFrames(): Uint8Array[] {
    return this.received.splice(0)
  }

  private edit(change: (text: Y.Text) => void): Uint8Array {
    let update: Uint8Array | null = null
    this.doc.once('update', (u: Uint8Array) => (update = u))
    change(this.doc.getText('codemirror'))
    return encodeFrame(MessageType.Sync, (e) => syncProtocol.writeUpdate(e, update!))
  }

  private apply(frame: Uint8Array): void {
    const decoder = decoding.createDecoder(frame)
    const type = decoding.readVarUint(decoder)
    if (type === MessageType.Sync) syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), this.doc, 'relay')
    else if (type === MessageType.Awareness) awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), 'relay')
    else if (type === MessageType.DurableAck) this.acked = decoding.readVarUint(decoder)
  }
}

/** Encodes one frame: a message type followed by what `write` puts. */
export function encodeFrame(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, type)
  write(encoder)
  return encoding.toUint8Array(encoder)
}
