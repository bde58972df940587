import { describe, expect, it } from 'vitest'
import type { ChangeRecord } from './changeRecord.ts'
import { decodeRawChange, encodeRawChange, packChunk, packChunkAside, unpackChunk } from './changeCodec.ts'

/** `count` keystrokes typed one after another by Ada, a few milliseconds apart, some deleting the one before. */
function typing(count: number): ChangeRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    seq: i + 1,
    at: 1_700_000_000_000 + i * 7 + (i % 5),
    parts: [{ author: 'Ada', inserts: [[42, i, 1]], deletes: i % 9 === 8 ? [[42, i - 1, 1]] : [] }],
  }))
}

describe('change chunks', () => {
  it('read back exactly, from the fast deflated tail and from a sealed Brotli chunk', () => {
    const records = typing(4096)
    const tail = packChunk(records)
    const sealed = packChunk(records, true)
    expect(unpackChunk(tail)).toEqual(records)
    expect(unpackChunk(sealed)).toEqual(records)
    expect(sealed[0]).toBe(0xff)
    expect(sealed.length).toBeLessThan(tail.length)
  })

  it('are the same bytes when compressed on libuv\u2019s threads, while other records are encoded meanwhile', async () => {
    const records = typing(4096)
    const packing = [packChunkAside(records), packChunkAside(records, true)]
    encodeRawChange(typing(1)[0])
    expect(await Promise.all(packing)).toEqual([packChunk(records), packChunk(records, true)])
  })

  it('encode a keystroke to the same bytes before and after a whole chunk, and read it back', () => {
    const [keystroke] = typing(1)
    const before = encodeRawChange(keystroke)
    packChunk(typing(4096), true)
    const after = encodeRawChange(keystroke)
    expect(after).toEqual(before)
    expect(decodeRawChange(after, 7)).toEqual({ ...keystroke, seq: 7 })
  })
})
