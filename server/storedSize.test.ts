import { describe, expect, it } from 'vitest'
import { StoredSize } from './storedSize.ts'

const loadedAt = (seq: number) => new StoredSize({}, { snapshot: null, log: [], seq })

describe('StoredSize', () => {
  it('counts the entries held contiguously from the loaded number, whatever order they come in', () => {
    const size = loadedAt(4)
    expect(size.appended(10, 6)).toBe(true)
    expect(size.seq).toBe(4)
    expect(size.appended(10, 7)).toBe(true)
    expect(size.appended(10, 5)).toBe(true)
    expect(size.seq).toBe(7)
    expect(size.bytes).toBe(30)
  })

  it('counts an entry once, however often it is applied', () => {
    const size = loadedAt(0)
    expect(size.appended(5, 2)).toBe(true)
    expect(size.appended(5, 2)).toBe(false)
    expect(size.appended(5, 1)).toBe(true)
    expect(size.appended(5, 1)).toBe(false)
    expect(size.bytes).toBe(10)
  })

  it('takes a range of entries read back at once, and skips a range it already holds', () => {
    const size = loadedAt(2)
    size.appended(1, 9)
    expect(size.appended(100, 8, 1)).toBe(true)
    expect(size.seq).toBe(9)
    expect(size.appended(100, 5, 1)).toBe(false)
  })

  it('counts an entry with no number (a store that does not say) without moving the number', () => {
    const size = loadedAt(3)
    expect(size.appended(7, -1)).toBe(true)
    expect(size.appended(7)).toBe(true)
    expect(size.seq).toBe(3)
    expect(size.hasLog).toBe(true)
  })
})
