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
