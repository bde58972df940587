import type { Clock } from './clock.ts'
import { TokenBucket } from './tokenBucket.ts'

/**
 * What one connection may cost the relay. Below the budget every frame is handled as it arrives;
 * past it the relay stops reading the connection's socket until the budget refills, so the
 * sender's TCP window closes and its client holds the rest (nothing is dropped). The hard cap
 * counts what arrives, delivered or waiting: backpressure keeps an honest client far below it.
 */
export interface FlowLimits {
  /** Frames handled per second, sustained, and the most handled back to back (and in one event-loop turn). */
  messagesPerSecond: number
  messageBurst: number
  /** Bytes handled per second, sustained, and the most handled back to back (and in one turn). A larger frame is still handled whole, then repaid. */
  bytesPerSecond: number
  byteBurst: number
  /** Hard cap: frames arriving per second (bursts of one second's worth); past it the connection is closed. */
  capMessagesPerSecond: number
  /** Hard cap: bytes arriving per second (bursts of one second's worth); must allow one largest frame. */
  capBytesPerSecond: number
}

/** The socket side of flow control: `ws`'s `pause` and `resume`. */
export interface Pausable {
  pause(): void
  resume(): void
}

/** A paused connection is read again once each budget bucket holds this share of its burst. */
const resumeShare = 1 / 4

/**
 * Meters one connection's frames through its {@link FlowLimits}. Frames go to `deliver` in the
 * order they arrived. Once the budget is spent, the socket is paused, frames that were already
 * read wait here (at most what one socket read held), and a timer on `clock` resumes delivery, and
 * then the socket, when the budget has refilled; so one busy connection costs at most its budget.
 * Within one event-loop turn at most one burst is handled, however fast the budget refills, so a
 * busy connection's frames are handled a slice at a time between everyone else's, and the relay's
 * per-turn work (merging a turn's updates, one store commit) stays bounded.
 */
export class FlowControl<Frame extends { length: number }> {
  private readonly messages: TokenBucket
  private readonly bytes: TokenBucket
  private readonly capMessages: TokenBucket
  private readonly capBytes: TokenBucket
  private readonly waitingFrames: Frame[] = []
  private head = 0
  private isPaused = false
  private cancelTimer: (() => void) | null = null
  private stopped = false
  /** Frames and bytes handled in the current turn. */
  private turnMessages = 0
  private turnBytes = 0

  constructor(
    limits: FlowLimits,
    private readonly clock: Pick<Clock, 'now' | 'after' | 'afterTurn'>,
    private readonly socket: Pausable,
    private readonly deliver: (frame: Frame) => void,
    /** Called each time the connection is paused (for metrics). */
    private readonly onPause: () => void = () => {},
  ) {
    if (limits.capMessagesPerSecond < limits.messagesPerSecond || limits.capBytesPerSecond < limits.bytesPerSecond) {
      throw new RangeError(`The hard cap (${limits.capMessagesPerSecond} frames/s, ${limits.capBytesPerSecond} B/s) must not be below the budget (${limits.messagesPerSecond} frames/s, ${limits.bytesPerSecond} B/s)`)
    }
    const now = () => clock.now()
    this.messages = new TokenBucket(limits.messagesPerSecond, limits.messageBurst, now)
    this.bytes = new TokenBucket(limits.bytesPerSecond, limits.byteBurst, now)
    this.capMessages = new TokenBucket(limits.capMessagesPerSecond, limits.capMessagesPerSecond, now)
    this.capBytes = new TokenBucket(limits.capBytesPerSecond, limits.capBytesPerSecond, now)
  }

  /** Whether the socket is paused now. */
  get paused(): boolean {
    return this.isPaused
  }

  /** Frames read but not yet delivered. */
  get waiting(): number {
    return this.waitingFrames.length - this.head
  }

  /**
   * Takes a frame just read from the socket: delivers it now if the budget allows and nothing is
   * waiting, else keeps it for later. Returns false, keeping nothing, if it takes the connection
   * past the hard cap; the caller then closes the connection.
   */
  receive(frame: Frame): boolean {
    if (this.stopped) return true
    const now = this.clock.now()
    if (!this.capMessages.take(1, now) || !this.capBytes.take(frame.length, now)) return false
    if (this.waiting === 0 && !this.isPaused && this.hasBudget(now)) {
      this.deliverOne(frame, now)
      if (!this.hasBudget(now)) this.pauseUntilRefilled()
      return true
    }
    this.waitingFrames.push(frame)
    this.pauseUntilRefilled()
    return true
  }

  /**
   * The connection is closing: delivers whatever waits, whatever the budget (the client sent it
   * before its close, and it is at most one socket read), and stops the timer.
   */
  flush(): void {
    if (this.stopped) return
    this.stop()
    for (let i = this.head; i < this.waitingFrames.length; i++) this.deliver(this.waitingFrames[i])
    this.waitingFrames.length = 0
  }

  /** Stops for good: drops what waits and cancels the timer. Later frames are ignored. */
  stop(): void {
    this.stopped = true
    this.cancelTimer?.()
    this.cancelTimer = null
  }

  private hasBudget(now = this.clock.now()): boolean {
    if (this.turnMessages >= this.messages.burst || this.turnBytes >= this.bytes.burst) return false
    return this.messages.available(now) > 0 && this.bytes.available(now) > 0
  }

  private deliverOne(frame: Frame, now = this.clock.now()): void {
    if (this.turnMessages === 0 && this.turnBytes === 0) this.clock.afterTurn(() => (this.turnMessages = this.turnBytes = 0))
    this.turnMessages++
    this.turnBytes += frame.length
    this.messages.charge(1, now)
    this.bytes.charge(frame.length, now)
    this.deliver(frame)
  }

  private pauseUntilRefilled(): void {
    if (!this.isPaused) {
      this.isPaused = true
      this.socket.pause()
      this.onPause()
    }
    if (this.cancelTimer) return
    const ms = Math.max(this.messages.msUntil(this.messages.burst * resumeShare), this.bytes.msUntil(this.bytes.burst * resumeShare))
    if (ms > 0) {
      this.cancelTimer = this.clock.after(Math.ceil(ms), () => this.refilled())
      return
    }
    // Only this turn's share is spent: go on at the end of the next turn, after everyone else's frames.
    let live = true
    this.cancelTimer = () => (live = false)
    this.clock.afterTurn(() => live && this.refilled())
  }

  private refilled(): void {
    this.cancelTimer = null
    while (!this.stopped && this.waiting > 0 && this.hasBudget()) this.deliverOne(this.waitingFrames[this.head++])
    if (this.stopped) return
    if (this.waiting === 0) {
      this.waitingFrames.length = 0
      this.head = 0
    }
    if (this.waiting === 0 && this.hasBudget()) {
      this.isPaused = false
      this.socket.resume()
    } else {
      this.pauseUntilRefilled()
    }
  }
}
