import type { Clock } from './clock.ts'

/**
 * When a large room may next relay what it gathers (presence changes, its watchers' updates): the
 * first thing after a quiet spell goes out at once and begins a window of `ms`; what comes within
 * the window waits for its end, and goes out together then.
 */
export class BatchWindow {
  private end = -Infinity
  private cancelTimer: (() => void) | null = null

  constructor(
    private readonly clock: Pick<Clock, 'now' | 'after'>,
    private readonly ms: number,
  ) {}

  /** Whether the window has ended, so what comes may go out now; with `begin`, the next window then begins. */
  passed(begin = true): boolean {
    if (this.clock.now() < this.end) return false
    if (begin) this.begin()
    return true
  }

  /** Begins a window now. */
  begin(): void {
    this.end = this.clock.now() + this.ms
  }

  /** Whether a call waits for the window's end (see {@link atEnd}). */
  get waiting(): boolean {
    return this.cancelTimer !== null
  }

  /**
   * Calls `fn` once the window has ended; does nothing while a call waits already. The window ends
   * when the timer runs, even if that is a little before `ms` are up: Node's timers count from the
   * time the event loop read at the start of its iteration, so they may run a few milliseconds
   * early, and a window still open to `fn` would be closed again by a second timer moments later.
   */
  atEnd(fn: () => void): void {
    this.cancelTimer ??= this.clock.after(Math.max(0, this.end - this.clock.now()), () => {
      this.cancelTimer = null
      this.end = Math.min(this.end, this.clock.now())
      fn()
    })
  }

  /** Drops the call waiting for the window's end, if any. */
  cancel(): void {
    this.cancelTimer?.()
    this.cancelTimer = null
  }
}
