import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { applyAndTell, pendingParts } from './yjsInternals.ts'

/** The updates a replica emits while `edit` runs, one per transaction. */
function updatesOf(edit: (text: Y.Text) => void): Uint8Array[] {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  edit(doc.getText('t'))
  return updates
}

const apply = (doc: Y.Doc, update: Uint8Array) => applyAndTell(doc, update, Y.decodeUpdate(update), 'test')

describe('the Yjs internals the relay reads', () => {
  it('still parks an update with a missing dependency in pendingStructs', () => {
    const [first, second] = updatesOf((text) => {
      text.insert(0, 'one')
      text.insert(3, ' two')
    })
    const doc = new Y.Doc()
    expect(pendingParts(doc)).toEqual({ structs: null, deletes: null })
    Y.applyUpdate(doc, second)
    expect(doc.store.pendingStructs).not.toBeNull()
    Y.applyUpdate(doc, first)
    expect(doc.store.pendingStructs).toBeNull()
    expect(doc.getText('t').toString()).toBe('one two')
  })

  it('still parks a deletion of something not yet seen in pendingDs', () => {
    const [insert, erase] = updatesOf((text) => {
      text.insert(0, 'gone')
      text.delete(0, 4)
    })
    const doc = new Y.Doc()
    Y.applyUpdate(doc, erase)
    expect(doc.store.pendingDs).not.toBeNull()
    Y.applyUpdate(doc, insert)
    expect(doc.getText('t').toString()).toBe('')
  })
})

describe('applyAndTell', () => {
  it('tells news from repetition, parked parts included', () => {
    const [first, second, erase] = updatesOf((text) => {
      text.insert(0, 'one')
      text.insert(3, ' two')
      text.delete(0, 4)
    })
    const doc = new Y.Doc()
    expect(apply(doc, second)).toBe(true)
    expect(apply(doc, first)).toBe(true)
    expect(apply(doc, second)).toBe(false)
    expect(apply(doc, first)).toBe(false)
    expect(apply(doc, erase)).toBe(true)
    expect(apply(doc, erase)).toBe(false)
    expect(doc.getText('t').toString()).toBe('two')
  })

  it('applies with the origin it is given, in one transaction', () => {
    const [update] = updatesOf((text) => text.insert(0, 'hi'))
    const doc = new Y.Doc()
    const origins: unknown[] = []
    doc.on('afterTransaction', (transaction: Y.Transaction) => origins.push(transaction.origin))
    applyAndTell(doc, update, Y.decodeUpdate(update), 'peer-1')
    expect(origins).toEqual(['peer-1'])
  })
})
