import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { authorRuns } from './authorship.ts'

describe('authorRuns', () => {
  it('splits the visible text by the client that wrote it, skipping deleted text', () => {
    const a = new Y.Doc()
    a.clientID = 1
    a.getText('codemirror').insert(0, 'hello world')
    const b = new Y.Doc()
    b.clientID = 2
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    const text = b.getText('codemirror')
    text.insert(5, ' big')
    text.delete(0, 1)
    text.insert(0, 'H')
    expect(text.toString()).toBe('Hello big world')
    expect(authorRuns(text)).toEqual([
      { from: 0, to: 1, client: 2 },
      { from: 1, to: 5, client: 1 },
      { from: 5, to: 9, client: 2 },
      { from: 9, to: 15, client: 1 },
    ])
  })
})
