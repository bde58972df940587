import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { appendOp, joinRanges, opsOfEvent, type LoggedOp } from './opLog.ts'

/** A doc whose local text events are collected into a log, as a replica keeps it. */
function loggedDoc(clientID: number, start = '') {
  const doc = new Y.Doc()
  doc.clientID = clientID
  const text = doc.getText('codemirror')
  text.insert(0, start)
  let log: LoggedOp[] = []
  text.observe((event) => {
    if (event.transaction.local) for (const op of opsOfEvent(event)) log = appendOp(log, op)
  })
  return { text, log: () => log }
}

describe('opsOfEvent', () => {
  it('gives an insert its item ids and left origin', () => {
    const { text, log } = loggedDoc(7, 'hello')
    text.insert(5, '!')
    expect(log()).toEqual([{ kind: 'insert', id: { client: 7, clock: 5, length: 1 }, origin: { client: 7, clock: 4 }, text: '!', index: 5 }])
  })

  it('gives a delete the ids of the items it removed', () => {
    const { text, log } = loggedDoc(7, 'hello world')
    text.delete(5, 6)
    expect(log()).toEqual([{ kind: 'delete', ids: [{ client: 7, clock: 5, length: 6 }], text: ' world', index: 5 }])
  })

  it('reports a replacement as a delete and an insert', () => {
    const { text, log } = loggedDoc(7, 'at noon')
    text.doc!.transact(() => {
      text.delete(3, 4)
      text.insert(3, '1 pm')
    })
    expect(log().map((op) => [op.kind, op.text, op.index])).toEqual([
      ['delete', 'noon', 3],
      ['insert', '1 pm', 3],
    ])
  })
})

describe('appendOp', () => {
  it('merges typing into one insert', () => {
    const { text, log } = loggedDoc(7)
    for (const [i, ch] of [...'hey'].entries()) text.insert(i, ch)
    expect(log()).toEqual([{ kind: 'insert', id: { client: 7, clock: 0, length: 3 }, origin: null, text: 'hey', index: 0 }])
  })

  it('merges Backspace and Delete runs into one delete', () => {
    const { text, log } = loggedDoc(7, 'abcdef')
    text.delete(5, 1)
    text.delete(4, 1)
    text.delete(0, 1)
    text.delete(0, 1)
    expect(log().map((op) => op.kind === 'delete' && [op.text, op.index, op.ids])).toEqual([
      ['ef', 4, [{ client: 7, clock: 4, length: 2 }]],
      ['ab', 0, [{ client: 7, clock: 0, length: 2 }]],
    ])
  })

  it('keeps inserts at different places apart', () => {
    const { text, log } = loggedDoc(7, 'ab')
    text.insert(0, 'x')
    text.insert(3, 'y')
    expect(log().map((op) => op.text)).toEqual(['x', 'y'])
  })
})

describe('joinRanges', () => {
  it('joins neighbouring clocks of one client in either order', () => {
    expect(
      joinRanges([
        { client: 1, clock: 4, length: 2 },
        { client: 1, clock: 2, length: 2 },
        { client: 2, clock: 6, length: 1 },
      ]),
    ).toEqual([
      { client: 1, clock: 2, length: 4 },
      { client: 2, clock: 6, length: 1 },
    ])
  })
})
