import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { replaceText } from './textEdit.ts'

function replicaOf(text: string): { doc: Y.Doc; text: Y.Text } {
  const doc = new Y.Doc()
  doc.getText('t').insert(0, text)
  return { doc, text: doc.getText('t') }
}

describe('replaceText', () => {
  it('changes only what differs, so a concurrent edit elsewhere survives the merge', () => {
    const api = replicaOf('The cat sat on the mat.')
    const person = new Y.Doc()
    Y.applyUpdate(person, Y.encodeStateAsUpdate(api.doc))
    person.getText('t').insert(23, ' Purr.')

    let update: Uint8Array | null = null
    api.doc.on('update', (u: Uint8Array) => (update = u))
    api.doc.transact(() => expect(replaceText(api.text, 'The dog sat on the mat.')).toBe(true))
    Y.applyUpdate(person, update!)
    expect(person.getText('t').toString()).toBe('The dog sat on the mat. Purr.')
  })

  it('handles emoji and other surrogate pairs, and reports no change for the same text', () => {
    const { text } = replicaOf('a 😀 b 👍🏽 c')
    expect(replaceText(text, 'a 😃 b 👍🏽 c!')).toBe(true)
    expect(text.toString()).toBe('a 😃 b 👍🏽 c!')
    expect(replaceText(text, 'a 😃 b 👍🏽 c!')).toBe(false)
    expect(replaceText(text, '')).toBe(true)
    expect(text.toString()).toBe('')
  })
})
