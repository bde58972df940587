import { createHistogram, type RecordableHistogram } from 'node:perf_hooks'
import * as Y from 'yjs'

/** Latency percentiles in milliseconds, and how many deliveries they cover. */
export interface LatencySummary {
  p50: number
  p99: number
  max: number
  count: number
}

/**
 * Times keystrokes from leaving one client to arriving at each other client, by Yjs item id: a
 * typist notes when clock `c` of its client id left, and a receiver reads which ids an incoming
 * update carries (`Y.parseUpdateMeta`), so merged frames are timed keystroke by keystroke.
 * Only keystrokes sent inside the measurement window count.
 */
export class LatencyRecorder {
  /** Deliveries of window keystrokes expected, counted as they are sent. */
  expected = 0
  /** Deliveries of window keystrokes seen. */
  received = 0
  /** Keystrokes sent inside the window. */
  sentInWindow = 0
  private readonly sentAt = new Map<number, number[]>()
  /** Per client id, one past the highest clock any receiver has seen. */
  readonly highestReceived = new Map<number, number>()
  private readonly histogram: RecordableHistogram = createHistogram()
  private windowStart = Number.POSITIVE_INFINITY
  private windowEnd = Number.POSITIVE_INFINITY

  /** Starts counting keystrokes sent from `at` (performance.now) on. */
  startWindow(at: number): void {
    this.windowStart = at
  }

  /** Stops counting keystrokes sent from `at` on; later deliveries of earlier ones still count. */
  endWindow(at: number): void {
    this.windowEnd = at
  }

  /** Records that clock `clock` of `client` left at `at`, bound for `recipients` observers. */
  noteSent(client: number, clock: number, at: number, recipients: number): void {
    let times = this.sentAt.get(client)
    if (!times) this.sentAt.set(client, (times = []))
    times[clock] = at
    if (this.inWindow(at)) {
      this.sentInWindow++
      this.expected += recipients
    }
  }

  /**
   * A receive callback for one observing client whose own keystrokes carry `ownClient`: times
   * every keystroke of another client that it has not seen before (servers that echo a sender's
   * own update back are not credited for it).
   */
  observer(ownClient: number): (update: Uint8Array, at: number) => void {
    const seen = new Map<number, number>()
    return (update, at) => {
      const { from, to } = Y.parseUpdateMeta(update)
      for (const [client, end] of to) {
        if (client === ownClient) continue
        const start = Math.max(from.get(client) ?? 0, seen.get(client) ?? 0)
        if (end <= start) continue
        seen.set(client, end)
        if (end > (this.highestReceived.get(client) ?? 0)) this.highestReceived.set(client, end)
        const times = this.sentAt.get(client)
        if (!times) continue
        for (let clock = start; clock < end; clock++) {
          const sent = times[clock]
          if (sent === undefined || !this.inWindow(sent)) continue
          this.histogram.record(Math.max(1, Math.round((at - sent) * 1000)))
          this.received++
        }
      }
    }
  }

  /** Percentiles of the deliveries timed so far. */
  summary(): LatencySummary {
    const count = this.histogram.count
    const ms = (micros: number): number => (count === 0 ? Number.NaN : micros / 1000)
    return {
      p50: ms(this.histogram.percentile(50)),
      p99: ms(this.histogram.percentile(99)),
      max: ms(this.histogram.max),
      count,
    }
  }

  private inWindow(at: number): boolean {
    return at >= this.windowStart && at < this.windowEnd
  }
}
