import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { mergeAll } from './updateFrame.ts'

/** `count` keystrokes typed by `typists` people into one shared text, each update as it was made. */
function keystrokes(count: number, typists: number): Uint8Array[] {
  const start = new Y.Doc()
  start.getText('codemirror').insert(0, 'a shared paragraph to type into')
  const docs = Array.from({ length: typists }, () => {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(start))
    return doc
  })
  const updates: Uint8Array[] = []
  for (const doc of docs) doc.on('update', (update: Uint8Array) => updates.push(update))
  for (let i = 0; i < count; i++) {
    const text = docs[i % typists].getText('codemirror')
    text.insert((i * 7) % text.length, String.fromCharCode(97 + (i % 26)))
    if (i % 9 === 0) text.delete(0, 1)
  }
  return updates
}

describe('mergeAll', () => {
  it('merges many updates in groups to the same bytes as one merge of them all', () => {
    const updates = keystrokes(1500, 7)
    expect(mergeAll(updates)).toEqual(Y.mergeUpdates(updates))
  })

  it('returns a lone update itself and merges a few at once', () => {
    const updates = keystrokes(5, 2)
    expect(mergeAll([updates[0]])).toBe(updates[0])
    expect(mergeAll(updates)).toEqual(Y.mergeUpdates(updates))
  })
})
