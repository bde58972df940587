import { describe, expect, it } from 'vitest'
import { BatchWindow } from './batchWindow.ts'

/** A clock whose one timer runs only when the test says, at whatever time the test has set. */
function handClock() {
  let timer: (() => void) | null = null
  const clock = {
    time: 0,
    now: () => clock.time,
    after: (_ms: number, fn: () => void) => {
      timer = fn
      return () => (timer = null)
    },
    /** Runs the waiting timer now. */
    fire: () => {
      const fn = timer
      timer = null
      fn?.()
    },
  }
  return clock
}

describe('BatchWindow', () => {
  it('lets what comes within the window wait for its end, and what comes after go at once', () => {
    const clock = handClock()
    const window = new BatchWindow(clock, 50)
    expect(window.passed()).toBe(true)
    clock.time = 20
    expect(window.passed()).toBe(false)
    clock.time = 50
    expect(window.passed()).toBe(true)
  })

  it('has ended when its timer runs, though that timer runs a little early', () => {
    const clock = handClock()
    const window = new BatchWindow(clock, 50)
    window.begin()
    const seen: boolean[] = []
    window.atEnd(() => seen.push(window.passed()))
    expect(window.waiting).toBe(true)

    // Node's timers may run a few milliseconds before their time.
    clock.time = 46
    clock.fire()
    expect(seen).toEqual([true])
    expect(window.waiting).toBe(false)
    // The window begun at the end holds from then on.
    clock.time = 60
    expect(window.passed()).toBe(false)
  })
})
