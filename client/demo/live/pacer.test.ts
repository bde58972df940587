import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Pacer } from './pacer.ts'

beforeEach(() => {
  vi.useFakeTimers()
})

afterEach(() => {
  vi.useRealTimers()
})

/** Whether `promise` has settled, after letting pending callbacks run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false
  promise.then(
    () => (done = true),
    () => (done = true),
  )
  await vi.advanceTimersByTimeAsync(0)
  return done
}

describe('Pacer', () => {
  it('moves on after the step pause in auto-play', async () => {
    const pacer = new Pacer({ step: 1000, perChar: 0, edit: 100 })
    const wait = pacer.afterStep(new AbortController().signal)
    await vi.advanceTimersByTimeAsync(999)
    expect(await settled(wait)).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(await settled(wait)).toBe(true)
  })

  it('gives a longer caption more time', async () => {
    const pacer = new Pacer({ step: 1000, perChar: 10, edit: 100 })
    const wait = pacer.afterStep(new AbortController().signal, 'x'.repeat(50))
    expect(pacer.autoPauseMs).toBe(1500)
    await vi.advanceTimersByTimeAsync(1499)
    expect(await settled(wait)).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(await settled(wait)).toBe(true)
    expect(pacer.autoPauseMs).toBe(0)
  })

  it('holds a step until next() in step-by-step mode, but not the edits within a step', async () => {
    const pacer = new Pacer({ step: 1000, perChar: 0, edit: 100 })
    pacer.setStepByStep(true)
    const signal = new AbortController().signal
    const step = pacer.afterStep(signal)
    const edit = pacer.betweenEdits(signal)
    await vi.advanceTimersByTimeAsync(5000)
    expect(await settled(edit)).toBe(true)
    expect(await settled(step)).toBe(false)
    pacer.next()
    expect(await settled(step)).toBe(true)
  })

  it('tells listeners when a step starts and stops waiting for next()', async () => {
    const pacer = new Pacer({ step: 1000, perChar: 0, edit: 100 })
    pacer.setStepByStep(true)
    const seen: boolean[] = []
    pacer.onChange(() => seen.push(pacer.waitingForNext))
    const step = pacer.afterStep(new AbortController().signal)
    expect(pacer.waitingForNext).toBe(true)
    pacer.next()
    await step
    expect(pacer.waitingForNext).toBe(false)
    expect(seen).toContain(true)
    expect(seen[seen.length - 1]).toBe(false)
  })

  it('lets a held step go when step-by-step is switched off', async () => {
    const pacer = new Pacer({ step: 1000, perChar: 0, edit: 100 })
    pacer.setStepByStep(true)
    const step = pacer.afterStep(new AbortController().signal)
    await vi.advanceTimersByTimeAsync(2000)
    pacer.setStepByStep(false)
    expect(await settled(step)).toBe(true)
  })

  it('rejects with the abort reason', async () => {
    const pacer = new Pacer({ step: 1000, perChar: 0, edit: 100 })
    const controller = new AbortController()
    const step = pacer.afterStep(controller.signal)
    controller.abort(new Error('stopped'))
    await expect(step).rejects.toThrow('stopped')
    expect(pacer.waitingForNext).toBe(false)
  })
})
