import type { Logger } from 'pino'
import * as Y from 'yjs'
import type { Clock } from '../clock.ts'
import { type DocStore, LogCompactedError } from '../store/docStore.ts'

/** What a {@link RoomSequencer} needs of a room (a `Room` has all of it). */
export interface SequencedRoom {
  readonly name: string
  /** The replica holds every stored entry up to this number. */
  readonly seq: number
  readonly closed: boolean
  /** Applies stored entry `seq` (or entries `first`…`seq` at once) and relays it; skips what it holds. */
  applyDurable(update: Uint8Array, seq: number, first?: number): void
}

/** Timings of a {@link RoomSequencer}, in milliseconds. */
export interface SequencerTimings {
  /** How long a gap may stay open (a message late or lost) before the store is read (default 200). */
  gapWaitMs?: number
  /** First wait before reading the store again after a failed read; doubles up to 10 s (default 500). */
  retryMs?: number
}

/**
 * Why a {@link RoomSequencer} read the store: a gap stayed open past `gapWaitMs` (`gap`), a
 * failed read is tried again (`retry`), or it was told the bus may have lost messages (`resync`).
 */
export type StoreReadCause = 'gap' | 'retry' | 'resync'

/** Told of every read a {@link RoomSequencer} makes of the store, with how many entries it read. */
export type StoreReadObserver = (cause: StoreReadCause, entries: number) => void

/**
 * Keeps one room's replica up to date with entries other relays append to the shared store.
 *
 * Entries come from the bus as they are committed ({@link received}) and are applied at once, in
 * whatever order they arrive: Yjs merges them regardless, and each is durable already. The room
 * counts which entries it holds; this class knows the highest number the document is known to
 * have reached (from the bus, or from the room's own appends). When the room lacks an entry below
 * that for longer than `gapWaitMs` (its message was lost, not merely late), or when told the bus
 * may have lost messages ({@link catchUp}: a reconnect, a fresh subscription), it reads every
 * entry after the room's number from the store, or the whole document when those entries were
 * compacted meanwhile. A failed read is retried with backoff until it succeeds or the room closes.
 * `onRead` hears of every read that succeeded, with its cause and the entries it read.
 */
export class RoomSequencer {
  private highest = 0
  /** Bumped whenever {@link highest} grows, so a read knows whether news came in while it ran. */
  private raised = 0
  private cancelTimer: (() => void) | null = null
  private running: Promise<void> | null = null
  private again = false
  private failures = 0
  private checkQueued = false
  private stopped = false
  /** Why the read queued behind the running one ({@link again}) was asked for. */
  private againCause: StoreReadCause = 'resync'
  private readonly gapWaitMs: number
  private readonly retryMs: number

  constructor(
    private readonly room: SequencedRoom,
    private readonly store: Pick<DocStore, 'readSince' | 'load'>,
    private readonly clock: Clock,
    private readonly log: Logger,
    timings: SequencerTimings = {},
    private readonly onRead: StoreReadObserver = () => {},
  ) {
    this.gapWaitMs = timings.gapWaitMs ?? 200
    this.retryMs = timings.retryMs ?? 500
  }

  /** Entry `seq` of the document, committed by another relay, arrived from the bus. */
  received(seq: number, update: Uint8Array): void {
    if (this.stopped) return
    if (seq > this.room.seq) {
      try {
        this.room.applyDurable(update, seq)
      } catch (error) {
        this.log.warn({ err: error, doc: this.room.name, seq }, 'an entry from the bus did not apply; reading it from the store')
      }
    }
    this.reached(seq)
  }

  /** The document has reached entry `seq` (this relay appended it, or another announced it). */
  reached(seq: number): void {
    if (this.stopped) return
    if (seq > this.highest) {
      this.highest = seq
      this.raised++
    }
    // The room counts its own appends once their commit resolves, later in this turn: look after it.
    if (this.checkQueued) return
    this.checkQueued = true
    this.clock.afterTurn(() => {
      this.checkQueued = false
      this.checkGap()
    })
  }

  /** Reads what the room may have missed from the store now (after the bus may have lost messages). */
  catchUp(): Promise<void> {
    return this.start('resync')
  }

  private start(cause: StoreReadCause): Promise<void> {
    if (this.stopped) return Promise.resolve()
    if (this.running) {
      this.again = true
      this.againCause = cause
      return this.running
    }
    this.cancelTimer?.()
    this.cancelTimer = null
    this.running = (async () => {
      let reason = cause
      do {
        this.again = false
        try {
          await this.readMissed(reason)
          reason = this.againCause
          this.failures = 0
        } catch (error) {
          if (this.failures++ === 0) this.log.warn({ err: error, doc: this.room.name }, 'could not read missed entries; retrying')
          this.schedule(Math.min(this.retryMs * 2 ** (this.failures - 1), 10_000))
          return
        }
      } while (this.again && !this.stopped)
    })().finally(() => {
      this.running = null
      if (!this.cancelTimer) this.checkGap()
    })
    return this.running
  }

  /** Stops for good (the room retired): no more reads, timers cancelled. */
  stop(): void {
    this.stopped = true
    this.cancelTimer?.()
    this.cancelTimer = null
  }

  private get done(): boolean {
    return this.stopped || this.room.closed
  }

  private checkGap(): void {
    if (this.done || this.running || this.cancelTimer || this.room.seq >= this.highest) return
    this.schedule(this.gapWaitMs, true)
  }

  /** Catches up after `ms`: whatever happens (a retry), or only if a gap is still open. */
  private schedule(ms: number, onlyIfGap = false): void {
    this.cancelTimer?.()
    this.cancelTimer = this.clock.after(ms, () => {
      this.cancelTimer = null
      if (this.done) return
      if (onlyIfGap && this.room.seq >= this.highest) return
      void this.start(onlyIfGap ? 'gap' : 'retry')
    })
  }

  private async readMissed(cause: StoreReadCause): Promise<void> {
    if (this.done) return
    const { name } = this.room
    const raised = this.raised
    let reached: number
    try {
      const entries = await this.store.readSince(name, this.room.seq)
      for (const { seq, update } of entries) this.room.applyDurable(update, seq)
      reached = entries.at(-1)?.seq ?? 0
      this.onRead(cause, entries.length)
    } catch (error) {
      if (!(error instanceof LogCompactedError)) throw error
      // Another relay compacted past this room's number: take the whole document instead.
      const stored = await this.store.load(name)
      const parts = [...(stored.snapshot ? [stored.snapshot] : []), ...stored.log.map((entry) => entry.update)]
      if (parts.length > 0 && !this.done) this.room.applyDurable(parts.length === 1 ? parts[0] : Y.mergeUpdates(parts), stored.seq, 1)
      reached = stored.seq
      this.onRead(cause, parts.length)
    }
    // The store is the truth: what it did not have was no entry (a head from before a deletion).
    // Unless news came in during the read, which the read may have started too early to see.
    if (this.raised === raised) this.highest = Math.max(this.room.seq, reached)
  }
}
