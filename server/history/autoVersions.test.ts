import { describe, expect, it } from 'vitest'
import { autoVersionPoints, defaultAutoVersionPolicy } from './autoVersions.ts'

const s = 1000
const min = 60 * s
const hour = 60 * min
const day = 24 * hour

describe('automatic versions', () => {
  it('fall after 30 s of quiet, and every 5 minutes of continuous editing', () => {
    const now = 10 * day
    // A burst, a pause, then 12 minutes of a keystroke every 10 s, then quiet until now.
    const at = [now - hour, now - hour + 5 * s, now - hour + 2 * min]
    for (let t = now - 30 * min; t <= now - 18 * min; t += 10 * s) at.push(t)
    const points = autoVersionPoints(at, now)
    expect(points[0]).toBe(1)
    expect(points[1]).toBe(2)
    const continuous = points.slice(2).map((i) => at[i] - at[3])
    expect(continuous).toEqual([5 * min, 10 * min + 10 * s, 12 * min])
  })

  it('are not made until the quiet has lasted 30 s, and skip changes without a time', () => {
    expect(autoVersionPoints([0, 0, 1000], 1000 + 29 * s)).toEqual([])
    expect(autoVersionPoints([0, 0, 1000], 1000 + 30 * s)).toEqual([2])
  })

  it('are thinned with age: all in the last day, one an hour for a month, one a day after', () => {
    const now = 100 * day
    const at: number[] = []
    // A version every 20 minutes for the last 40 days (each edit followed by quiet).
    for (let t = now - 40 * day; t < now - min; t += 20 * min) at.push(t)
    const kept = autoVersionPoints(at, now).map((i) => at[i])
    const recent = kept.filter((t) => now - t < day)
    const month = kept.filter((t) => now - t >= day && now - t < defaultAutoVersionPolicy.hourlyMs)
    const old = kept.filter((t) => now - t >= defaultAutoVersionPolicy.hourlyMs)
    expect(recent.length).toBeGreaterThanOrEqual(71)
    expect(new Set(month.map((t) => Math.floor(t / hour))).size).toBe(month.length)
    expect(month.length).toBeGreaterThan(29 * 23)
    expect(new Set(old.map((t) => Math.floor(t / day))).size).toBe(old.length)
    expect(old.length).toBeLessThanOrEqual(11)
  })
})
