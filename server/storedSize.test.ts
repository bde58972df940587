import { describe, expect, it } from 'vitest'
import { StoredSize } from './storedSize.ts'

const loadedAt = (seq: number) => new StoredSize({}, { snapshot: null, log: [], seq })
/** A stored document with a snapshot of `snapshotBytes` and an empty log. */
const sized = (snapshotBytes: number) => new StoredSize({ compactAfterUpdates: 500 }, { snapshot: new Uint8Array(snapshotBytes), log: [], seq: 0 })

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

  it('takes a whole document read back as the document’s size, not as more on top of it', () => {
    // Loaded with one entry; another relay appends and compacts; this one reads the whole document.
    const size = new StoredSize({ maxDocBytes: 4000 }, { snapshot: null, log: [{ update: new Uint8Array(1524) }], seq: 1 })
    expect(size.appended(1526, 2, 1)).toBe(true)
    expect(size.seq).toBe(2)
    expect(size.bytes).toBe(1526)
    expect(size.wouldExceed(2400)).toBe(false)
  })

  it('counts an entry with no number (a store that does not say) without moving the number', () => {
    const size = loadedAt(3)
    expect(size.appended(7, -1)).toBe(true)
    expect(size.appended(7)).toBe(true)
    expect(size.seq).toBe(3)
    expect(size.hasLog).toBe(true)
  })

  it('compacts a small document after the configured number of entries', () => {
    const size = sized(10_000)
    for (let i = 0; i < 499; i++) size.appended(10)
    expect(size.shouldCompact).toBe(false)
    size.appended(10)
    expect(size.shouldCompact).toBe(true)
  })

  it('lets a large document gather one entry per KiB of snapshot before compacting', () => {
    const size = sized(4000 * 1024)
    for (let i = 0; i < 3999; i++) size.appended(10)
    expect(size.shouldCompact).toBe(false)
    size.appended(10)
    expect(size.shouldCompact).toBe(true)
    size.compacted(1024)
    expect(size.shouldCompact).toBe(false)
  })

  it('keeps counting the entries appended while a compaction ran', () => {
    const size = sized(1000)
    for (let i = 0; i < 500; i++) size.appended(10)
    const covered = size.log
    size.appended(7)
    size.appended(7)
    size.compacted(2000, covered)
    expect(size.log).toEqual({ entries: 2, bytes: 14 })
    expect(size.bytes).toBe(2014)
    expect(size.hasLog).toBe(true)
  })

  it('stops counting the entries another writer’s snapshot holds, and takes that snapshot’s size', () => {
    const size = new StoredSize({ compactAfterUpdates: 3 }, { snapshot: null, log: [], seq: 0 })
    for (const seq of [2, 1, 4, 3]) size.appended(10, seq)
    expect(size.shouldCompact).toBe(true)
    expect(size.rebase({ seq: 0, bytes: 0 })).toBe(false)
    expect(size.rebase({ seq: 2, bytes: 25 })).toBe(true)
    expect(size.log).toEqual({ entries: 2, bytes: 20 })
    expect(size.bytes).toBe(45)
    expect(size.shouldCompact).toBe(false)
    expect(size.rebase({ seq: 2, bytes: 25 })).toBe(false)
  })

  it('compacts any document once its log passes the byte threshold', () => {
    const size = sized(4000 * 1024)
    size.appended(1024 * 1024)
    expect(size.shouldCompact).toBe(true)
  })
})
