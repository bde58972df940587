import { describe, expect, it } from 'vitest'
import type { ChangeInput } from './history/changeRecord.ts'
import { StoreBatch } from './storeBatch.ts'

const bytes = (n: number) => new Uint8Array([n])
const change = (at: number, ...authors: string[]): ChangeInput => ({
  at,
  parts: authors.map((author, index) => ({ author, inserts: [[index + 1, at, 1]], deletes: [] })),
})

describe('StoreBatch', () => {
  it('takes later turns until its write starts, keeping each contributor in arrival order', () => {
    const batch = new StoreBatch(new Map([['alice', [bytes(1)]]]), 10, change(10, 'alice'))

    expect(batch.join(new Map([['bob', [bytes(2)]], ['alice', [bytes(3)]]]), change(20, 'bob', 'alice'))).toBe(true)
    const stored = batch.start()
    expect(batch.join(new Map([['carol', [bytes(4)]]]), change(30, 'carol'))).toBe(false)

    expect([...batch.contributions]).toEqual([
      ['alice', [bytes(1), bytes(3)]],
      ['bob', [bytes(2)]],
    ])
    expect(batch.since).toBe(10)
    expect(stored.at).toBe(20)
    expect(stored.parts.map((part) => [part.author, part.inserts])).toEqual([
      ['alice', [[1, 10, 1], [2, 20, 1]]],
      ['bob', [[1, 20, 1]]],
    ])
  })

  it('refuses more once it holds the limit, so a long stall does not make one huge merge', () => {
    const batch = new StoreBatch(new Map([['alice', [bytes(1), bytes(2)]]]), 0, change(0, 'alice'))
    expect(batch.join(new Map([['alice', [bytes(3)]]]), change(1, 'alice'), 3)).toBe(true)
    expect(batch.join(new Map([['alice', [bytes(4)]]]), change(2, 'alice'), 3)).toBe(false)
    expect(batch.contributions.get('alice')).toHaveLength(3)
  })
})
