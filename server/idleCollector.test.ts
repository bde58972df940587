import v8 from 'node:v8'
import vm from 'node:vm'
import { describe, expect, it } from 'vitest'
import type { Clock } from './clock.ts'
import { nodeProbe, startIdleCollector } from './idleCollector.ts'

/**
 * A collector on a clock whose one repeating timer the test fires, reading a scripted event loop:
 * `look(share)` makes the loop busy for that share of the interval and fires the timer; each
 * collection makes it busy for `collectionShare` more. Returns how many collections ran so far.
 */
function scripted(collectionShare = 0, heapBytes = () => 50 * 2 ** 20, framesReceived = () => 0) {
  let tick: (() => void) | null = null
  const clock: Clock = {
    now: () => 0,
    afterTurn: (fn) => fn(),
    every: (_ms, fn) => {
      tick = fn
      return () => (tick = null)
    },
    after: () => () => {},
  }
  let busy = 0
  let collections = 0
  const probe = {
    busyShare: () => {
      const share = busy
      busy = 0
      return share
    },
    collect: () => {
      collections++
      busy += collectionShare
    },
    heapBytes,
    framesReceived,
  }
  const stop = startIdleCollector(clock, probe, { intervalMs: 2000, settleMs: 6000 })
  const look = (share: number): number => {
    busy += share
    tick?.()
    return collections
  }
  return { look, stop }
}

describe('startIdleCollector', () => {
  it('collects at the first quiet look after a busy one and once more when quiet has settled, then waits for the next busy look', () => {
    const { look } = scripted()
    const seen = [0.5, 0.3, 0.01, 0, 0, 0, 0, 0, 0.4, 0.01].map(look)
    expect(seen).toEqual([0, 0, 1, 1, 1, 2, 2, 2, 2, 3])
  })

  it('starts counting the quiet over when the relay is busy again before it has settled', () => {
    const { look } = scripted()
    const seen = [0.5, 0, 0, 0.3, 0, 0, 0, 0].map(look)
    expect(seen).toEqual([0, 1, 1, 1, 2, 2, 2, 3])
  })

  it('with a heap past its bound, collects only at looks during which no peer sent a frame', () => {
    let heap = 900 * 2 ** 20
    let frames = 0
    const { look } = scripted(0, () => heap, () => frames)
    const typing = (share: number) => ((frames += 5), look(share))
    expect([0.5, 0, 0, 0, 0].map(typing)).toEqual([0, 0, 0, 0, 0])
    expect([0.5, 0].map(look)).toEqual([0, 1])
    heap = 40 * 2 ** 20
    expect([0.5, 0].map(typing)).toEqual([1, 2])
  })

  it('does not count its own collection as the relay being busy', () => {
    const { look } = scripted(0.5)
    const seen = [0.9, 0, 0, 0, 0].map(look)
    expect(seen).toEqual([0, 1, 1, 1, 2])
  })

  it('counts start-up as a busy spell, then never collects in a relay that stays quiet, and stops when told', () => {
    const { look, stop } = scripted()
    expect([0.001, 0, 0.01, 0, 0, 0, 0.001, 0].map(look)).toEqual([1, 1, 1, 2, 2, 2, 2, 2])
    stop()
    expect([0.9, 0, 0, 0, 0].map(look)).toEqual([2, 2, 2, 2, 2])
  })

  it('does nothing without a way to collect', () => {
    let tick: (() => void) | null = null
    const clock: Clock = { now: () => 0, afterTurn: (fn) => fn(), every: (_ms, fn) => ((tick = fn), () => {}), after: () => () => {} }
    startIdleCollector(clock, null)
    expect(tick).toBeNull()
  })
})

describe('nodeProbe', () => {
  it("empties the old generation with this Node's own collector", () => {
    v8.setFlagsFromString('--expose-gc')
    const globals = globalThis as { gc?: unknown }
    const had = globals.gc
    globals.gc = vm.runInNewContext('gc')
    try {
      const probe = nodeProbe(() => 0)!
      // Garbage that a collection has already moved to the old generation: a young-generation
      // collection alone leaves it there, as Node 20 did for gc({ type: 'major', … }).
      let garbage: Array<{ i: number; s: string }> | null = Array.from({ length: 500_000 }, (_, i) => ({ i, s: `x${i}` }))
      probe.collect()
      expect(garbage.length).toBe(500_000)
      garbage = null
      const before = probe.heapBytes()
      probe.collect()
      const freed = before - probe.heapBytes()
      console.log(`nodeProbe: a collection freed ${(freed / 2 ** 20).toFixed(1)} MiB of ${(before / 2 ** 20).toFixed(1)} MiB`)
      expect(freed).toBeGreaterThan(20 * 2 ** 20)
    } finally {
      globals.gc = had
    }
  })
})
