import { createHistogram, type RecordableHistogram } from 'node:perf_hooks'
import * as Y from 'yjs'

/** Latency percentiles in milliseconds, and how many deliveries they cover. */
export interface LatencySummary {
  p50: number
  p99: number
  max: number
  count: number
}

/** Deliveries counted in one labelled window. */
export interface WindowTally {
  histogram: RecordableHistogram
  /** Every latency recorded, in microseconds, when the recorder keeps them (see {@link LatencyRecorder}). */
  samples: number[] | null
  /** Deliveries of this window's keystrokes expected, counted as they are sent. */
  expected: number
  /** Deliveries of this window's keystrokes seen. */
  received: number
  /** Keystrokes sent inside this window. */
  sent: number
}

/**
 * Times keystrokes from leaving one client to arriving at each other client, by Yjs item id: a
 * typist notes when clock `c` of its client id left, and a receiver reads which ids an incoming
 * update carries (`Y.parseUpdateMeta`), so merged frames are timed keystroke by keystroke.
 * Only keystrokes sent inside a measurement window count, each toward its window's label; a label
 * may cover several windows (before and after some disturbance, say).
 */
export class LatencyRecorder {
  private readonly sentAt = new Map<number, number[]>()
  /** Per client id, one past the highest clock any receiver has seen. */
  readonly highestReceived = new Map<number, number>()
  private readonly windows: Array<{ start: number; end: number; tally: WindowTally }> = []
  private readonly tallies = new Map<string, WindowTally>()

  /** @param keepSamples keep every latency as well, so that several recorders' can be summarized together */
  constructor(private readonly keepSamples = false) {}

  /** Deliveries of the `main` window's keystrokes expected so far. */
  get expected(): number {
    return this.tally('main').expected
  }

  /** Deliveries of the `main` window's keystrokes seen so far. */
  get received(): number {
    return this.tally('main').received
  }

  /** Keystrokes sent inside the `main` window. */
  get sentInWindow(): number {
    return this.tally('main').sent
  }

  /** Starts counting keystrokes sent from `at` (performance.now) on toward `label`. */
  startWindow(at: number, label = 'main'): void {
    this.windows.push({ start: at, end: Number.POSITIVE_INFINITY, tally: this.tally(label) })
  }

  /** Stops counting keystrokes sent from `at` on; later deliveries of earlier ones still count. */
  endWindow(at: number): void {
    const open = this.windows.at(-1)
    if (open && open.end === Number.POSITIVE_INFINITY) open.end = at
  }

  /** Records that clock `clock` of `client` left at `at`, bound for `recipients` observers. */
  noteSent(client: number, clock: number, at: number, recipients: number): void {
    let times = this.sentAt.get(client)
    if (!times) this.sentAt.set(client, (times = []))
    times[clock] = at
    const tally = this.windowOf(at)
    if (tally) {
      tally.sent++
      tally.expected += recipients
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
          const tally = sent === undefined ? undefined : this.windowOf(sent)
          if (!tally) continue
          const micros = Math.max(1, Math.round((at - sent) * 1000))
          tally.histogram.record(micros)
          tally.samples?.push(micros)
          tally.received++
        }
      }
    }
  }

  /** Percentiles of the deliveries timed so far toward `label`. */
  summary(label = 'main'): LatencySummary {
    return summarize(this.tally(label).histogram)
  }

  /** What `label`'s windows sent, expected and received so far. */
  tally(label: string): WindowTally {
    let tally = this.tallies.get(label)
    if (!tally) this.tallies.set(label, (tally = { histogram: createHistogram(), samples: this.keepSamples ? [] : null, expected: 0, received: 0, sent: 0 }))
    return tally
  }

  private windowOf(at: number): WindowTally | undefined {
    for (let i = this.windows.length - 1; i >= 0; i--) {
      const { start, end, tally } = this.windows[i]
      if (at >= start && at < end) return tally
    }
    return undefined
  }
}

/** Percentiles of the latencies (in microseconds) recorded in `histogram`. */
export function summarize(histogram: RecordableHistogram): LatencySummary {
  const count = histogram.count
  const ms = (micros: number): number => (count === 0 ? Number.NaN : micros / 1000)
  return {
    p50: ms(histogram.percentile(50)),
    p99: ms(histogram.percentile(99)),
    max: ms(histogram.max),
    count,
  }
}

/** Percentiles of latencies (in microseconds) kept by several recorders, taken together. */
export function summarizeSamples(samples: Iterable<number>): LatencySummary {
  const histogram = createHistogram()
  for (const micros of samples) histogram.record(micros)
  return summarize(histogram)
}
