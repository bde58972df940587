/** Pauses, in milliseconds: after each step of a scenario, and between edits within a step. */
export interface Pace {
  readonly step: number
  readonly edit: number
}

/** Slow enough to read each caption; `fast` is for tests and the impatient. */
export const paces = {
  normal: { step: 3200, edit: 600 },
  fast: { step: 150, edit: 40 },
} as const satisfies Record<string, Pace>

/**
 * Decides when a playing scenario moves on: after a pause in auto-play, or only on
 * {@link Pacer.next} in step-by-step mode. `next()` also cuts an auto-play pause short.
 */
export class Pacer {
  private stepByStep = false
  private wake: (() => void) | null = null
  private readonly listeners = new Set<() => void>()

  constructor(readonly pace: Pace) {}

  /** Whether a step is waiting for {@link next} (step-by-step mode) right now. */
  get waitingForNext(): boolean {
    return this.wake !== null && this.stepByStep
  }

  get isStepByStep(): boolean {
    return this.stepByStep
  }

  setStepByStep(on: boolean): void {
    this.stepByStep = on
    if (!on) this.next()
    this.changed()
  }

  /** Moves on now. */
  next(): void {
    const wake = this.wake
    this.wake = null
    wake?.()
    this.changed()
  }

  /** Waits after a step. Rejects with `signal.reason` if `signal` aborts first. */
  afterStep(signal: AbortSignal): Promise<void> {
    return this.wait(this.pace.step, signal, true)
  }

  /** Waits between two edits of one step. */
  betweenEdits(signal: AbortSignal): Promise<void> {
    return this.wait(this.pace.edit, signal, false)
  }

  /** Calls `listener` when {@link waitingForNext} or the mode changes. Returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private wait(ms: number, signal: AbortSignal, holdInStepMode: boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer)
        signal.removeEventListener('abort', aborted)
        if (this.wake === done) this.wake = null
        this.changed()
        resolve()
      }
      const aborted = () => {
        clearTimeout(timer)
        if (this.wake === done) this.wake = null
        reject(signal.reason)
      }
      const timer = setTimeout(() => {
        if (!(holdInStepMode && this.stepByStep)) done()
      }, ms)
      if (signal.aborted) return aborted()
      signal.addEventListener('abort', aborted, { once: true })
      this.wake = done
      this.changed()
    })
  }

  private changed(): void {
    for (const listener of this.listeners) listener()
  }
}
