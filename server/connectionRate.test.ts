import { describe, expect, it } from 'vitest'
import { ConnectionRate } from './connectionRate.ts'

const limits = (messagesPerSecond: number, messageBurst: number, bytesPerSecond = 1e9, byteBurst = 1e9) => ({ messagesPerSecond, messageBurst, bytesPerSecond, byteBurst })

describe('ConnectionRate', () => {
  it('allows a burst of messages, then the sustained rate', () => {
    let now = 0
    const rate = new ConnectionRate(limits(10, 5), () => now)
    for (let i = 0; i < 5; i++) expect(rate.take(1)).toBe(true)
    expect(rate.take(1)).toBe(false)
    now += 100
    expect(rate.take(1)).toBe(true)
    expect(rate.take(1)).toBe(false)
    now += 10_000
    for (let i = 0; i < 5; i++) expect(rate.take(1)).toBe(true)
    expect(rate.take(1)).toBe(false)
  })

  it('allows a burst of bytes, then the sustained rate, and refuses a message larger than the burst', () => {
    let now = 0
    const rate = new ConnectionRate(limits(1e6, 1e6, 1000, 100), () => now)
    expect(rate.take(101)).toBe(false)
    expect(rate.take(100)).toBe(true)
    expect(rate.take(1)).toBe(false)
    now += 50
    expect(rate.take(50)).toBe(true)
    expect(rate.take(1)).toBe(false)
  })

  it('takes nothing from either bucket when one of them refuses', () => {
    let now = 0
    const rate = new ConnectionRate(limits(10, 2, 1000, 100), () => now)
    expect(rate.take(100)).toBe(true)
    expect(rate.take(1)).toBe(false)
    now += 1
    expect(rate.take(1)).toBe(true)
    expect(rate.take(0)).toBe(false)
  })

  it('counts single bytes on a clock far from zero', () => {
    let now = 1.7e12
    const rate = new ConnectionRate(limits(1e9, 1e9, 1000, 10), () => now)
    for (let i = 0; i < 10; i++) expect(rate.take(1)).toBe(true)
    expect(rate.take(1)).toBe(false)
    now += 1
    expect(rate.take(1)).toBe(true)
  })
})
