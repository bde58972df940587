/**
 * Time as the relay sees it. Rooms and the registry never call timers directly, so tests can run
 * them on a manual clock and production on the real one.
 */
export interface Clock {
  /** Milliseconds since the epoch, with a fraction: durations are measured with it too. */
  now(): number
  /**
   * Runs `fn` once the current event-loop turn's I/O has been handled: every message that arrived
   * in this turn is seen before `fn` runs. This is what batches same-turn updates into one frame.
   */
  afterTurn(fn: () => void): void
  /** Runs `fn` every `ms` milliseconds until the returned function is called. */
  every(ms: number, fn: () => void): () => void
  /** Runs `fn` once, `ms` milliseconds from now, unless the returned function is called first. */
  after(ms: number, fn: () => void): () => void
}

/** Work deferred to the end of the current turn, run together by one `setImmediate`. */
let turnEnd: Array<() => void> | null = null

function endTurn(): void {
  const fns = turnEnd!
  turnEnd = null
  for (const fn of fns) {
    try {
      fn()
    } catch (error) {
      process.nextTick(() => {
        throw error
      })
    }
  }
}

/**
 * The real clock: one `setImmediate` ends a turn for everything deferred to it, so the work of all
 * rooms at the end of a turn runs in one callback and what it queues (store commits, sends) runs
 * right after it, in the same turn; `setInterval` repeats and `setTimeout` waits (neither keeps the
 * process alive).
 */
export const systemClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  afterTurn: (fn) => {
    if (!turnEnd) {
      turnEnd = []
      setImmediate(endTurn)
    }
    turnEnd.push(fn)
  },
  every: (ms, fn) => {
    const timer = setInterval(fn, ms)
    timer.unref()
    return () => clearInterval(timer)
  },
  after: (ms, fn) => {
    const timer = setTimeout(fn, ms)
    timer.unref()
    return () => clearTimeout(timer)
  },
}
