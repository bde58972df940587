import { describe, expect, it } from 'vitest'
import type { Clock } from './clock.ts'
import { startIdleCollector } from './idleCollector.ts'

/** A clock whose one repeating timer the test fires by hand. */
function tickingClock() {
  let tick: (() => void) | null = null
  const clock: Clock = {
    now: () => 0,
    afterTurn: (fn) => fn(),
    every: (_ms, fn) => {
      tick = fn
      return () => (tick = null)
    },
  }
  return { clock, tick: () => tick?.() }
}

describe('startIdleCollector', () => {
  it('collects at the first quiet look after a busy one and once more when quiet has settled, then waits for the next busy look', () => {
    const { clock, tick } = tickingClock()
    const shares = [0, 0.5, 0.3, 0.01, 0, 0, 0, 0, 0, 0.4, 0.01]
    let collections = 0
    const seen: number[] = []
    startIdleCollector(clock, { busyShare: () => shares.shift() ?? 0, collect: () => collections++ }, { intervalMs: 2000, settleMs: 6000 })
    for (let look = 0; look < 10; look++) {
      tick()
      seen.push(collections)
    }
    expect(seen).toEqual([0, 0, 1, 1, 1, 2, 2, 2, 2, 3])
  })

  it('never collects in a relay that was never busy, and stops when told', () => {
    const { clock, tick } = tickingClock()
    let collections = 0
    let share = 0.001
    const stop = startIdleCollector(clock, { busyShare: () => share, collect: () => collections++ })
    for (let look = 0; look < 5; look++) tick()
    expect(collections).toBe(0)
    stop()
    share = 0.9
    tick()
    share = 0
    tick()
    expect(collections).toBe(0)
  })

  it('does nothing without a way to collect', () => {
    const { clock, tick } = tickingClock()
    startIdleCollector(clock, null)
    expect(() => tick()).not.toThrow()
  })
})
