import { describe, expect, it } from 'vitest'
import { type BusMessage, decodeBusMessage, docChannel, encodeBusMessage } from './busMessage.ts'

describe('bus messages', () => {
  it('decode as they were encoded, every kind', () => {
    const messages: BusMessage[] = [
      { kind: 'update', node: 'n1', seq: 2 ** 40, update: Uint8Array.of(0, 1, 255) },
      { kind: 'head', node: 'n2', seq: 7 },
      { kind: 'awareness', node: 'n3', update: new Uint8Array(0) },
      { kind: 'awarenessQuery', node: 'ñ' },
      { kind: 'deleted', node: 'n' },
      { kind: 'heartbeat', node: 'n' },
      { kind: 'leaving', node: 'n' },
      { kind: 'removed', node: 'n', doc: 'notes' },
      { kind: 'revoked', node: 'n', ids: ['a1', 'b2'] },
    ]
    for (const message of messages) expect(decodeBusMessage(encodeBusMessage(message))).toEqual(message)
  })

  it('refuse another format, an unknown kind, a truncated message or bytes past the end', () => {
    const good = encodeBusMessage({ kind: 'head', node: 'n', seq: 3 })
    expect(() => decodeBusMessage(Uint8Array.of(2, ...good.slice(1)))).toThrow(/format 2/)
    expect(() => decodeBusMessage(Uint8Array.of(1, 99, 0))).toThrow(/unknown bus message kind/)
    expect(() => decodeBusMessage(good.slice(0, -1))).toThrow()
    expect(() => decodeBusMessage(Uint8Array.of(...good, 0))).toThrow(/1 bytes too many/)
  })

  it('have one channel per document', () => {
    expect(docChannel('team/notes')).toBe('mergepad:doc:team/notes')
  })
})
