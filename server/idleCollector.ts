import { performance } from 'node:perf_hooks'
import type { Clock } from './clock.ts'

/** What the collector reads and does; the real one is {@link nodeProbe}, tests pass their own. */
export interface CollectorProbe {
  /** Share of the time since the previous call that the event loop was busy, from 0 to 1. */
  busyShare(): number
  /** Runs one full garbage collection that also gives back what it can (shrinking the young generation). */
  collect(): void
  /** Bytes of JavaScript heap in use now. */
  heapBytes(): number
  /** Frames received from peers so far (a running count). */
  framesReceived(): number
}

/** When the collector looks, and what counts as quiet. */
export interface IdleCollectorOptions {
  /** How often it looks (default 2 s). */
  intervalMs?: number
  /** A look at which the event loop was busy less than this share of the time is quiet (default 0.02). */
  quietShare?: number
  /** Quiet time after which the second collection runs (default 6 s). */
  settleMs?: number
  /**
   * While the heap holds more than this (default 128 MiB), a collection runs only at a look during
   * which no peer sent anything: a full collection stops the relay for a time that grows with the
   * heap, and with a large document loaded (a 4 MB one makes a heap of hundreds of MiB) that is
   * up to a second during which the people typing in it would wait.
   */
  maxHeapBytes?: number
}

/**
 * Gives memory back after a busy spell. V8 grows its young generation while a relay is busy (up
 * to 64 MiB a half with the relay's `--max-semi-space-size=64`) and shrinks it only in a full
 * collection made once allocation has been slow for some seconds, which an idle process never
 * triggers by itself: after 10,000 short visits, RSS stayed 100 MiB above where it started for as
 * long as it was watched. So, every `intervalMs`, the collector looks at how busy the event loop
 * was. After a busy look, the first quiet one runs a full collection (what the spell left in the
 * old generation goes), and so does the look once `settleMs` of quiet has passed (the young
 * generation shrinks back); each takes milliseconds to tens of milliseconds, at a moment when
 * little is happening, and nothing more runs until the relay is busy again. Start-up counts as a
 * busy spell. A look at which the heap is larger than `maxHeapBytes` and some peer sent a frame
 * collects nothing (the pause would be long, and someone would feel it). It does nothing when
 * `probe` is null (Node was started without `--expose-gc`). Returns a function that stops it.
 */
export function startIdleCollector(clock: Clock, probe: CollectorProbe | null, options: IdleCollectorOptions = {}): () => void {
  if (!probe) return () => {}
  const intervalMs = options.intervalMs ?? 2000
  const quietShare = options.quietShare ?? 0.02
  const settleLooks = Math.ceil((options.settleMs ?? 6000) / intervalMs) + 1
  const maxHeapBytes = options.maxHeapBytes ?? 128 * 2 ** 20
  /**
   * Quiet looks since the last busy one; -1 once nothing is owed. Start-up (compiling the code,
   * opening the store) is the first busy spell: without collecting what it left, an idle relay
   * sat at 120–160 MiB of RSS or at 100–110, depending on whether V8 had got to it by itself.
   */
  let quietLooks = 0
  probe.busyShare()
  let frames = probe.framesReceived()
  return clock.every(intervalMs, () => {
    const framesBefore = frames
    frames = probe.framesReceived()
    if (probe.busyShare() >= quietShare) {
      quietLooks = 0
      return
    }
    if (quietLooks < 0) return
    quietLooks++
    if ((quietLooks === 1 || quietLooks === settleLooks) && (frames === framesBefore || probe.heapBytes() <= maxHeapBytes)) {
      probe.collect()
      probe.busyShare() // the collection's own time is not the relay being busy
    }
    if (quietLooks === settleLooks) quietLooks = -1
  })
}

/**
 * The running process's event loop and collector, with `framesReceived` counting what peers sent;
 * null without `--expose-gc`.
 */
export function nodeProbe(framesReceived: () => number): CollectorProbe | null {
  // Called without options: on Node 20 (V8 11.3) `gc({ type: 'major', … })` does not collect the
  // old generation (a heap of 180 MiB of garbage stays at 178), where `gc()` empties it. A full
  // collection at a quiet moment also shrinks the young generation (V8 does when allocation is slow).
  const gc = (globalThis as { gc?: () => void }).gc
  if (!gc) return null
  let last = performance.eventLoopUtilization()
  return {
    busyShare() {
      const now = performance.eventLoopUtilization()
      const share = performance.eventLoopUtilization(now, last).utilization
      last = now
      return share
    },
    collect: () => gc(),
    heapBytes: () => process.memoryUsage().heapUsed,
    framesReceived,
  }
}
