import pino from 'pino'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { decodeMessage, encodeMessage, syncStep1, syncStep2 } from '../../shared/index.ts'
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
  /** How many callbacks wait for the end of the turn. */
  get pendingTurns(): number {
    return this.pending.length
  }
  /** Runs what was deferred to the end of the turn, now. */
  runTurn(): void {
    for (const fn of this.pending.splice(0)) fn()
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
    this.runTurn()
    await new Promise((resolve) => setTimeout(resolve, 0))
  }
}

/**
 * A fake peer: a socket that records frames, plus the peer's own replica and awareness, so tests
 * can type into it and see what the room sent back. Frames are built and read with the protocol
 * module, as the relay's own are.
 */
export class FakePeer implements PeerSocket {
  readonly doc = new Y.Doc()
  readonly awareness = new awarenessProtocol.Awareness(this.doc)
  readonly received: Uint8Array[] = []
  closed: { code: number; reason: string } | null = null
  /** The count in the last durable acknowledgement received. */
  acked = 0
  /** The reasons of every "permission denied" received. */
  readonly denied: string[] = []
  /**
   * When true, the network takes this peer's frames slowly: a frame's `written` callback waits
   * for {@link finishWrites} (frames are still received at once).
   */
  slowWrites = false
  /** How many writes reached the network: one per frame, or one per {@link cork}ed run of frames. */
  writes = 0
  private unwritten: Array<() => void> = []
  private corked = 0
  private corkedFrames = 0

  constructor(readonly name: string) {}

  isOpen = () => this.closed === null
  send(frame: Uint8Array, written?: () => void): void {
    if (this.corked > 0) this.corkedFrames++
    else this.writes++
    this.received.push(frame)
    this.apply(frame)
    if (written && this.slowWrites) this.unwritten.push(written)
    else written?.()
  }

  cork(): void {
    this.corked++
  }

  uncork(): void {
    if (--this.corked > 0 || this.corkedFrames === 0) return
    this.writes++
    this.corkedFrames = 0
  }

  /** Reports every frame sent so far as written (see {@link slowWrites}). */
  finishWrites(): void {
    for (const written of this.unwritten.splice(0)) written()
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
    return encodeMessage({ type: 'awareness', update: awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID]) })
  }

  /** The sync step 1 frame this peer sends on connect. */
  step1(): Uint8Array {
    return encodeMessage(syncStep1(this.doc))
  }

  /** The sync step 2 frame this peer sends in answer to a step 1 carrying `stateVector`. */
  step2(stateVector: Uint8Array): Uint8Array {
    return encodeMessage(syncStep2(this.doc, stateVector))
  }

  /** Frames received since the last call. */
  takeFrames(): Uint8Array[] {
    return this.received.splice(0)
  }

  private edit(change: (text: Y.Text) => void): Uint8Array {
    let update: Uint8Array | null = null
    this.doc.once('update', (u: Uint8Array) => (update = u))
    change(this.doc.getText('codemirror'))
    return encodeMessage({ type: 'syncUpdate', update: update! })
  }

  private apply(frame: Uint8Array): void {
    const message = decodeMessage(frame)
    switch (message.type) {
      case 'syncStep2':
      case 'syncUpdate':
        Y.applyUpdate(this.doc, message.update, 'relay')
        return
      case 'awareness':
        awarenessProtocol.applyAwarenessUpdate(this.awareness, message.update, 'relay')
        return
      case 'durableAck':
        this.acked = message.count
        return
      case 'permissionDenied':
        this.denied.push(message.reason)
        return
      case 'syncStep1':
      case 'queryAwareness':
        return
      default:
        message satisfies never
    }
  }
}
