/**
 * Time as the relay sees it. Rooms and the registry never call timers directly, so tests can run
 * them on a manual clock and production on the real one.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  /**
   * Runs `fn` once the current event-loop turn's I/O has been handled: every message that arrived
   * in this turn is seen before `fn` runs. This is what batches same-turn updates into one frame.
   */
  afterTurn(fn: () => void): void
  /** Runs `fn` every `ms` milliseconds until the returned function is called. */
  every(ms: number, fn: () => void): () => void
}

/** The real clock: `setImmediate` ends a turn, `setInterval` repeats. */
export const systemClock: Clock = {
  now: () => Date.now(),
  afterTurn: (fn) => void setImmediate(fn),
  every: (ms, fn) => {
    const timer = setInterval(fn, ms)
    timer.unref()
    return () => clearInterval(timer)
  },
}
