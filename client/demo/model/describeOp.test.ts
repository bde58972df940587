import { describe, expect, it } from 'vitest'
import { describeOp } from './describeOp.ts'

const nameOf = (client: number) => ({ 1: 'start', 2: 'Bob' })[client] ?? `#${client}`

describe('describeOp', () => {
  it('names an insert by its ids and the item it follows', () => {
    const op = { kind: 'insert', id: { client: 2, clock: 3, length: 4 }, origin: { client: 1, clock: 40 }, text: 'big ', index: 50 } as const
    expect(describeOp(op, nameOf)).toEqual({ what: 'insert “big ”', ids: 'Bob 3–6', origin: 'after start 40' })
  })

  it('names a delete by the ids it removed', () => {
    const op = { kind: 'delete', ids: [{ client: 1, clock: 7, length: 1 }, { client: 2, clock: 0, length: 2 }], text: 'a\nbc', index: 3 } as const
    expect(describeOp(op, nameOf)).toEqual({ what: 'delete “a⏎bc”', ids: 'start 7, Bob 0–1', origin: null })
  })

  it('says when an insert has nothing before it', () => {
    const op = { kind: 'insert', id: { client: 9, clock: 0, length: 1 }, origin: null, text: 'x'.repeat(30), index: 0 } as const
    expect(describeOp(op, nameOf)).toEqual({ what: `insert “${'x'.repeat(26)}…”`, ids: '#9 0', origin: 'at the start' })
  })
})
