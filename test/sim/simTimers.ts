/**
 * Simulated time for code that reads the real clock: while installed, `setTimeout`,
 * `setInterval`, their `clear` functions and `Date.now` are replaced by these, and nothing fires
 * until {@link SimTimers.advance} moves time forward. The stock provider and the awareness
 * protocol use exactly these (reconnect backoff, the watchdog, awareness renewal and expiry), so
 * a simulation that owns them replays the same history for the same seed. `setImmediate` stays
 * real: the simulation uses it to let promise callbacks run.
 */
export class SimTimers {
  private time = 1_700_000_000_000
  private nextId = 1
  private readonly timers = new Map<number, { at: number; every: number | null; fn: () => void }>()
  private saved: Record<'setTimeout' | 'clearTimeout' | 'setInterval' | 'clearInterval' | 'now', unknown> | null = null

  /** Milliseconds since the epoch, as the simulation has it. */
  now(): number {
    return this.time
  }

  /** Replaces the global timers and `Date.now` with this simulation's. */
  install(): void {
    if (this.saved) return
    this.saved = { setTimeout, clearTimeout, setInterval, clearInterval, now: Date.now }
    const add = (fn: () => void, ms: number | undefined, every: boolean) => {
      const id = this.nextId++
      const delay = Math.max(0, ms ?? 0)
      this.timers.set(id, { at: this.time + delay, every: every ? Math.max(1, delay) : null, fn })
      return { id, unref: () => {}, ref: () => {}, hasRef: () => false, [Symbol.toPrimitive]: () => id }
    }
    const remove = (handle: unknown) => {
      if (handle !== null && handle !== undefined) this.timers.delete(Number(handle))
    }
    Object.assign(globalThis, {
      setTimeout: (fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => add(() => fn(...args), ms, false),
      setInterval: (fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => add(() => fn(...args), ms, true),
      clearTimeout: remove,
      clearInterval: remove,
    })
    Date.now = () => this.time
  }

  /** Puts the real timers and `Date.now` back. */
  uninstall(): void {
    if (!this.saved) return
    const { now, ...timers } = this.saved
    Object.assign(globalThis, timers)
    Date.now = now as () => number
    this.saved = null
  }

  /** Moves time forward by `ms`, running every timer that falls due, in order of due time. */
  advance(ms: number): void {
    const until = this.time + ms
    for (;;) {
      let next: [number, { at: number; every: number | null; fn: () => void }] | null = null
      for (const entry of this.timers) if (entry[1].at <= until && (!next || entry[1].at < next[1].at)) next = entry
      if (!next) break
      const [id, timer] = next
      this.time = Math.max(this.time, timer.at)
      if (timer.every === null) this.timers.delete(id)
      else timer.at += timer.every
      timer.fn()
    }
    this.time = until
  }

  /** Forgets every timer (between simulations). */
  reset(): void {
    this.timers.clear()
  }
}
