import type { Clock } from './clock.ts'

/** How many large replies are written at once, and how long a slow one keeps its lane. */
export interface ReplyLaneLimits {
  /** Replies being written at once (default 2). */
  lanes?: number
  /**
   * A reply still being written after this long gives its lane to the next one and goes on
   * beside it (default 100 ms): a joiner on a slow link holds the queue up no longer than that.
   */
  laneMs?: number
}

/** Writes one reply, and calls `done` once it has been handed to the network. */
type Write = (done: () => void) => void

/** A reply in the queue; its write is taken (and dropped) when it starts, in a lane or outside. */
interface Waiting {
  write: Write | null
}

/**
 * The large sync replies of the whole relay, written a few at a time, in the order they were made.
 *
 * When a class opens a link to a large document, every joiner's reply is megabytes. Handed to the
 * network all at once, they share the machine's bandwidth (and, on a busy host, its cores) evenly,
 * so each arrives only when nearly all have: every joiner waits about as long as the last. Written
 * a few at a time, the first joiners are served at once and the others one after another, each in
 * the time its own reply takes, and far fewer megabytes wait in socket buffers at any moment. What
 * a queued joiner is sent meanwhile is held for it and sent behind its reply (see `RoomPeers`).
 * A freed lane takes the next reply at the end of the turn, so the relay reads and relays what
 * came in between two large writes.
 */
export class ReplyLane {
  /** Replies in the order they were made; those before `head` have been taken. */
  private readonly queue: Waiting[] = []
  private head = 0
  private busy = 0
  private waitingCount = 0
  private draining = false
  private readonly lanes: number
  private readonly laneMs: number

  constructor(
    private readonly clock: Pick<Clock, 'after' | 'afterTurn'>,
    limits: ReplyLaneLimits = {},
  ) {
    this.lanes = limits.lanes ?? 2
    this.laneMs = limits.laneMs ?? 100
    if (!(this.lanes >= 1) || !(this.laneMs >= 0)) throw new RangeError(`A reply lane needs at least one lane and a time of at least 0 ms (got ${this.lanes} and ${this.laneMs})`)
  }

  /** Replies waiting for a lane. */
  get waiting(): number {
    return this.waitingCount
  }

  /**
   * Runs `write` at once if a lane is free, else when one is. `write` writes one reply and calls
   * the `done` it is given once the reply has been handed to the network (or its connection is
   * gone); calling it again does nothing. Returns a function that runs `write` at once, outside
   * the lanes, if it is still waiting: for a reply that must not wait any longer.
   */
  send(write: Write): () => void {
    const entry: Waiting = { write }
    this.queue.push(entry)
    this.waitingCount++
    this.next()
    return () => this.take(entry)?.(noop)
  }

  /** `entry`'s write, which it no longer holds; null when it was taken before. */
  private take(entry: Waiting): Write | null {
    const write = entry.write
    if (write === null) return null
    entry.write = null
    this.waitingCount--
    return write
  }

  private startInLane(write: Write): void {
    this.busy++
    let freed = false
    let writing = true
    /** `written`: the reply was handed to the network, as opposed to given up on after laneMs. */
    const free = (written: boolean) => {
      if (freed) return
      freed = true
      cancelTimer()
      this.busy--
      // A reply written to the end frees its lane right after its write, in the same turn when
      // the kernel took it whole. The next one then starts once this turn's I/O has been handled,
      // not from here: that would write megabytes after megabytes in one turn while the
      // keystrokes of people already typing wait to be read. (A write that frees its lane while
      // it runs, its connection gone, wrote nothing: the loop in `next` goes on.)
      if (writing || !written) this.next()
      else this.clock.afterTurn(() => this.next())
    }
    const cancelTimer = this.clock.after(this.laneMs, () => free(false))
    try {
      write(() => free(true))
    } finally {
      writing = false
    }
  }

  /**
   * Starts waiting replies while lanes are free, skipping those already run outside them. A write
   * that finishes at once (its connection is gone) frees its lane from inside this loop: the loop
   * goes on rather than calling itself, however many such writes follow one another.
   */
  private next(): void {
    if (this.draining) return
    this.draining = true
    // A write that throws must not stop the others: the first error is thrown once all have started.
    let failure: { error: unknown } | null = null
    while (this.busy < this.lanes && this.head < this.queue.length) {
      const write = this.take(this.queue[this.head++])
      if (write === null) continue
      try {
        this.startInLane(write)
      } catch (error) {
        failure ??= { error }
      }
    }
    this.draining = false
    this.compact()
    if (failure) throw failure.error
  }

  /** Drops the taken slots: all of them once none waits, else the first part once it is most. */
  private compact(): void {
    if (this.head === this.queue.length) {
      this.queue.length = 0
      this.head = 0
    } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head)
      this.head = 0
    }
  }
}

const noop = () => {}
