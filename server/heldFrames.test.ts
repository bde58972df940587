import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { decodeAwarenessEntries, decodeMessage, encodeAwarenessEntries, encodeMessage, peekMessageKind } from '../shared/index.ts'
import { HeldFrames } from './heldFrames.ts'
import { updateFrame } from './updateFrame.ts'

/** The update frames of a document typed into keystroke by keystroke, and the text it ends with. */
function keystrokes(text: string): { frames: Uint8Array[]; doc: Y.Doc } {
  const doc = new Y.Doc()
  const frames: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => frames.push(updateFrame(update)))
  for (const char of text) doc.getText('t').insert(doc.getText('t').length, char)
  return { frames, doc }
}

const presence = (clientId: number, clock: number, state: unknown) =>
  encodeMessage({ type: 'awareness', update: encodeAwarenessEntries([{ clientId, clock, state: JSON.stringify(state) }]) })

describe('HeldFrames', () => {
  it('hands held keystrokes over as one update frame that holds them all', () => {
    const { frames } = keystrokes('merged')
    const held = new HeldFrames()
    for (const frame of frames) held.push(frame)
    expect(held.size).toBe(6)
    expect(held.bytes).toBe(frames.reduce((sum, frame) => sum + frame.length, 0))

    const out = held.take()
    expect(out.map(peekMessageKind)).toEqual(['syncUpdate'])
    const replica = new Y.Doc()
    Y.applyUpdate(replica, (decodeMessage(out[0]) as { update: Uint8Array }).update)
    expect(replica.getText('t').toString()).toBe('merged')
    expect([held.size, held.bytes, held.take().length]).toEqual([0, 0, 0])
  })

  it('passes a lone update frame through as it was', () => {
    const { frames } = keystrokes('a')
    const held = new HeldFrames()
    held.push(frames[0])
    expect(held.take()[0]).toBe(frames[0])
  })

  it('keeps, per client, the presence with the highest clock, the later one of equal clocks', () => {
    const held = new HeldFrames()
    held.push(presence(1, 1, { cursor: 1 }))
    held.push(presence(2, 5, { cursor: 9 }))
    held.push(presence(1, 3, { cursor: 3 }))
    held.push(presence(2, 4, { cursor: 'stale' }))
    held.push(presence(2, 5, null))

    const out = held.take()
    expect(out.map(peekMessageKind)).toEqual(['awareness'])
    const entries = decodeAwarenessEntries((decodeMessage(out[0]) as { update: Uint8Array }).update)
    expect(entries).toEqual([
      { clientId: 1, clock: 3, state: '{"cursor":3}' },
      { clientId: 2, clock: 5, state: 'null' },
    ])
  })

  it('keeps other frames as they were, in order, ahead of the merged presence and updates', () => {
    const ack = (count: number) => encodeMessage({ type: 'durableAck', count })
    const { frames } = keystrokes('ab')
    const held = new HeldFrames()
    held.push(frames[0])
    held.push(ack(1))
    held.push(presence(1, 1, {}))
    held.push(ack(2))
    held.push(frames[1])

    const out = held.take()
    expect(out.map(peekMessageKind)).toEqual(['durableAck', 'durableAck', 'awareness', 'syncUpdate'])
    expect(out.slice(0, 2).map((frame) => (decodeMessage(frame) as { count: number }).count)).toEqual([1, 2])
  })
})
