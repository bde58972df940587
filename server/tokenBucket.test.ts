import { describe, expect, it } from 'vitest'
import { TokenBucket } from './tokenBucket.ts'

describe('TokenBucket', () => {
  it('allows a burst, then the sustained rate', () => {
    let now = 0
    const bucket = new TokenBucket(10, 5, () => now)
    for (let i = 0; i < 5; i++) expect(bucket.take()).toBe(true)
    expect(bucket.take()).toBe(false)
    now += 100
    expect(bucket.take()).toBe(true)
    expect(bucket.take()).toBe(false)
    now += 10_000
    expect(bucket.take(5)).toBe(true)
    expect(bucket.take(1)).toBe(false)
  })

  it('refuses an amount larger than the burst', () => {
    const bucket = new TokenBucket(1000, 100, () => 0)
    expect(bucket.take(101)).toBe(false)
    expect(bucket.take(100)).toBe(true)
  })
})

describe('TokenBucket in debt', () => {
  it('charges past empty and pays the debt off before lending again', () => {
    let now = 0
    const bucket = new TokenBucket(1000, 100, () => now)
    bucket.charge(300)
    expect(bucket.available()).toBe(-200)
    expect(bucket.take()).toBe(false)
    expect(bucket.msUntil(50)).toBe(250)
    now += 200
    expect(bucket.available()).toBe(0)
    now += 50
    expect(bucket.msUntil(50)).toBe(0)
    expect(bucket.take(50)).toBe(true)
  })

  it('never waits for more than its burst', () => {
    let now = 0
    const bucket = new TokenBucket(10, 5, () => now)
    bucket.charge(5)
    expect(bucket.msUntil(1000)).toBe(500)
  })

  it('refuses a rate or burst that is not positive', () => {
    expect(() => new TokenBucket(0, 5, () => 0)).toThrow(/positive rate and burst, got 0\/s and 5/)
    expect(() => new TokenBucket(5, Number.NaN, () => 0)).toThrow(RangeError)
  })
})
