import { describe, expect, it } from 'vitest'
import { StoredSize } from './storedSize.ts'

/** A stored document with a snapshot of `snapshotBytes` and an empty log. */
const sized = (snapshotBytes: number) => new StoredSize({ compactAfterUpdates: 500 }, { snapshot: new Uint8Array(snapshotBytes), log: [], seq: 0 })

describe('StoredSize', () => {
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

  it('compacts any document once its log passes the byte threshold', () => {
    const size = sized(4000 * 1024)
    size.appended(1024 * 1024)
    expect(size.shouldCompact).toBe(true)
  })
})
