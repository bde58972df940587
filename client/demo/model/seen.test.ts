import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { opsOfEvent, type LoggedOp } from './opLog.ts'
import { hasSeen, knowledgeOf, unseenOps } from './seen.ts'

function pair() {
  const a = new Y.Doc()
  const b = new Y.Doc()
  const ops: LoggedOp[] = []
  a.getText('codemirror').observe((event) => ops.push(...opsOfEvent(event)))
  const syncAtoB = () => Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  return { a: a.getText('codemirror'), b, ops, syncAtoB }
}

describe('hasSeen', () => {
  it('knows an insert once the other state vector covers its clocks', () => {
    const { a, b, ops, syncAtoB } = pair()
    a.insert(0, 'hello')
    expect(hasSeen(knowledgeOf(b), ops[0])).toBe(false)
    syncAtoB()
    expect(hasSeen(knowledgeOf(b), ops[0])).toBe(true)
  })

  it('knows a delete only once the other replica has deleted those items', () => {
    const { a, b, ops, syncAtoB } = pair()
    a.insert(0, 'hello')
    syncAtoB()
    a.delete(1, 3)
    const del = ops[1]
    expect(del.kind).toBe('delete')
    // The state vector does not move on a delete; only the delete set tells.
    expect(Y.encodeStateVector(b)).toEqual(Y.encodeStateVector(a.doc!))
    expect(hasSeen(knowledgeOf(b), del)).toBe(false)
    syncAtoB()
    expect(hasSeen(knowledgeOf(b), del)).toBe(true)
  })
})

describe('unseenOps', () => {
  it('lists each edit with the replicas still missing it', () => {
    const { a, b, ops, syncAtoB } = pair()
    a.insert(0, 'hi')
    syncAtoB()
    a.insert(2, '!')
    const stale = new Y.Doc()
    const others = [
      { name: 'Bob', knowledge: knowledgeOf(b) },
      { name: 'Carol', knowledge: knowledgeOf(stale) },
    ]
    expect(unseenOps(ops, others)).toEqual([
      { op: ops[0], missingAt: ['Carol'] },
      { op: ops[1], missingAt: ['Bob', 'Carol'] },
    ])
  })
})
