/**
 * Pauses, in milliseconds: after each step of a scenario (`step`, plus `perChar` for each
 * character of its caption, time to read it), and between edits within a step.
 */
export interface Pace {
  readonly step: number
  readonly perChar: number
  readonly edit: number
}

/** Slow enough to read each caption; `fast` is for tests and the impatient. */
export const paces = {
  normal: { step: 1800, perChar: 38, edit: 600 },
  fast: { step: 150, perChar: 0, edit: 40 },
} as const satisfies Record<string, Pace>

/**
 * Decides when a playing scenario moves on: after a pause in auto-play, or only on
 * {@link Pacer.next} in step-by-step mode. `next()` also cuts an auto-play pause short.
 */
export class Pacer {
  private stepByStep = false
  private wake: (() => void) | null = null
  private pauseMs = 0
  private readonly listeners = new Set<() => void>()

  constructor(readonly pace: Pace) {}

  /** Whether a step is waiting for {@link next} (step-by-step mode) right now. */
  get waitingForNext(): boolean {
    return this.wake !== null && this.stepByStep
  }

  /** How long the current step waits in auto-play, or 0 when no step is waiting. */
  get autoPauseMs(): number {
    return this.wake !== null && !this.stepByStep ? this.pauseMs : 0
  }

  /** Whether each step waits for {@link next} instead of a pause. */
  get isStepByStep(): boolean {
    return this.stepByStep
  }

  /** Switches step-by-step mode; switching it off lets a held step go at once. */
  setStepByStep(on: boolean): void {
    this.stepByStep = on
    if (!on) this.next()
    this.changed()
  }

  /** Ends the current step's wait now, if there is one. */
  next(): void {
    const wake = this.wake
    this.wake = null
    wake?.()
    this.changed()
  }

  /**
   * Waits after a step whose caption is `caption`, long enough to read it. Rejects with
   * `signal.reason` if `signal` aborts first.
   */
  afterStep(signal: AbortSignal, caption = ''): Promise<void> {
    this.pauseMs = this.pace.step + this.pace.perChar * caption.length
    return new Promise<void>((resolve, reject) => {
      const release = () => {
        finish()
        resolve()
      }
      const aborted = () => {
        finish()
        reject(signal.reason)
      }
      const finish = () => {
        clearTimeout(timer)
        signal.removeEventListener('abort', aborted)
        if (this.wake === release) this.wake = null
        this.changed()
      }
      const timer = setTimeout(() => {
        if (!this.stepByStep) release()
      }, this.pauseMs)
      if (signal.aborted) return aborted()
      signal.addEventListener('abort', aborted, { once: true })
      this.wake = release
      this.changed()
    })
  }

  /** Waits between two edits of one step (never held in step-by-step mode). */
  betweenEdits(signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason)
      const aborted = () => {
        clearTimeout(timer)
        reject(signal.reason)
      }
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', aborted)
        resolve()
      }, this.pace.edit)
      signal.addEventListener('abort', aborted, { once: true })
    })
  }

  /** Calls `listener` when {@link waitingForNext} or the mode changes. Returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private changed(): void {
    for (const listener of this.listeners) listener()
  }
}
