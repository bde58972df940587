import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { decodeMessage } from '../shared/index.ts'
import { SyncReplies } from './syncReplies.ts'

const emptyStateVector = Y.encodeStateVector(new Y.Doc())

/** A replica with `text` typed into it, and a function that types more and returns the update. */
function replicaWith(text: string) {
  const doc = new Y.Doc()
  doc.getText('t').insert(0, text)
  const type = (more: string): Uint8Array => {
    let update: Uint8Array | null = null
    doc.once('update', (u: Uint8Array) => (update = u))
    doc.getText('t').insert(doc.getText('t').length, more)
    return update!
  }
  return { doc, type }
}

/** The text a fresh peer holds after applying `frames` in order. */
function textAfter(frames: Uint8Array[]): string {
  const peer = new Y.Doc()
  for (const frame of frames) {
    const message = decodeMessage(frame)
    if (message.type !== 'syncStep2' && message.type !== 'syncUpdate') throw new Error(`unexpected ${message.type}`)
    Y.applyUpdate(peer, message.update)
  }
  return peer.getText('t').toString()
}

describe('SyncReplies', () => {
  it('encodes the reply to one state vector once and shares it', () => {
    const { doc } = replicaWith('hello')
    const replies = new SyncReplies(doc)
    const [first] = replies.reply(emptyStateVector, 0)
    const [second] = replies.reply(emptyStateVector.slice(), 1)
    expect(second).toBe(first)
    expect(decodeMessage(first).type).toBe('syncStep2')
    expect(textAfter([first])).toBe('hello')
  })

  it('answers after a change with the tail first, then the same step 2, which together hold the document', () => {
    const { doc, type } = replicaWith('hello')
    const replies = new SyncReplies(doc)
    const [stepTwo] = replies.reply(emptyStateVector, 0)
    replies.changed(type(' world'))
    replies.changed(type('!'))

    const frames = replies.reply(emptyStateVector, 1)
    expect(frames).toHaveLength(2)
    expect(frames[1]).toBe(stepTwo)
    expect(decodeMessage(frames[0]).type).toBe('syncUpdate')
    expect(textAfter(frames)).toBe('hello world!')
    expect(replies.reply(emptyStateVector, 2)[0]).toBe(frames[0])

    replies.changed(type(' again'))
    const later = replies.reply(emptyStateVector, 3)
    expect(later).toHaveLength(3)
    expect(later[0]).toBe(frames[0])
    expect(later[2]).toBe(stepTwo)
    expect(textAfter(later)).toBe('hello world! again')
  })

  it('merges what came since the last reply only, keeping no more tail frames than the log of the updates', () => {
    const { doc, type } = replicaWith('x')
    const replies = new SyncReplies(doc)
    const [stepTwo] = replies.reply(emptyStateVector, 0)
    let frames: Uint8Array[] = []
    for (let i = 0; i < 100; i++) {
      replies.changed(type(String(i % 10)))
      frames = replies.reply(emptyStateVector, i)
      expect(frames.length - 1).toBeLessThanOrEqual(Math.log2(i + 1) + 1)
    }
    // 100 = 64 + 32 + 4: three segments.
    expect(frames).toHaveLength(4)
    expect(frames.at(-1)).toBe(stepTwo)
    expect(textAfter(frames)).toBe('x' + '0123456789'.repeat(10))
  })

  it('encodes afresh once the tail passes its limit', () => {
    const { doc, type } = replicaWith('a')
    const replies = new SyncReplies(doc, { maxTailUpdates: 2 })
    const [stepTwo] = replies.reply(emptyStateVector, 0)
    for (const char of 'bcd') replies.changed(type(char))

    const frames = replies.reply(emptyStateVector, 1)
    expect(frames).toHaveLength(1)
    expect(frames[0]).not.toBe(stepTwo)
    expect(textAfter(frames)).toBe('abcd')
  })

  it('keeps nothing for changes while no reply is kept', () => {
    const { doc, type } = replicaWith('a')
    const replies = new SyncReplies(doc)
    replies.changed(type('b'))
    expect(replies.bytes).toBe(0)
    expect(replies.reply(emptyStateVector, 0)).toHaveLength(1)
  })

  it('encodes a reply for a new state vector from the replica as it is now, dropping older replies and their tail', () => {
    const { doc, type } = replicaWith('one')
    const replies = new SyncReplies(doc)
    const [fromEmpty] = replies.reply(emptyStateVector, 0)
    const known = Y.encodeStateVector(doc)
    replies.changed(type(' two'))

    const [fromKnown, ...rest] = replies.reply(known, 1)
    expect(rest).toEqual([])
    expect(textAfter([fromEmpty, fromKnown])).toBe('one two')
    expect(replies.reply(emptyStateVector, 2)[0]).not.toBe(fromEmpty)
  })

  it('drops its replies when unused since the given time, and only then', () => {
    const { doc } = replicaWith('hello')
    const replies = new SyncReplies(doc)
    const [first] = replies.reply(emptyStateVector, 100)
    expect(replies.bytes).toBeGreaterThan(0)
    expect(replies.trim(100)).toBe(false)
    expect(replies.reply(emptyStateVector, 200)[0]).toBe(first)

    expect(replies.trim(201)).toBe(true)
    expect(replies.bytes).toBe(0)
    expect(replies.reply(emptyStateVector, 300)[0]).not.toBe(first)
  })

  it('answers the empty state vector with a seeded snapshot and the log after it, encoding nothing', () => {
    const { doc, type } = replicaWith('stored')
    const snapshot = Y.encodeStateAsUpdate(doc)
    const logged = type(' and logged')
    const replies = new SyncReplies(doc)
    replies.seed(snapshot, [logged], 0)

    const frames = replies.reply(emptyStateVector, 1)
    expect(frames.map((frame) => decodeMessage(frame).type)).toEqual(['syncUpdate', 'syncStep2'])
    expect((decodeMessage(frames[1]) as { update: Uint8Array }).update).toEqual(snapshot)
    expect(textAfter(frames)).toBe('stored and logged')
    replies.seed(new Uint8Array([0, 0]), [], 2)
    expect(replies.reply(emptyStateVector, 3)[1]).toBe(frames[1])
  })
})
