import { describe, expect, it } from 'vitest'
import { openRoom } from '../../test/helpers/room.ts'
import { MemoryStore } from '../store/memoryStore.ts'

describe('a room records who changed what with every entry', () => {
  it('one part per sender in a turn, named by link holder or announced name, deletions by their deleter', async () => {
    const store = new MemoryStore()
    const { room, clock, join, joinWith } = await openRoom({ store })
    const [ada] = join('ada')
    const [ben] = joinWith({ author: 'Ben (edit link)' }, 'ben')
    room.receive(ada, ada.present({ user: { name: 'Ada' } }))
    clock.time = 1_000
    room.receive(ada, ada.type('hello'))
    await clock.endTurn()
    ben.takeFrames()
    ada.takeFrames()

    clock.time = 2_000
    room.receive(ben, ben.erase(0, 2))
    room.receive(ada, ada.type('!', ada.text.length))
    await clock.endTurn()

    const [first, second] = await store.readChanges('notes', 0)
    const adaClient = ada.doc.clientID
    expect(first).toEqual({ seq: 1, at: 1_000, parts: [{ author: 'Ada', inserts: [[adaClient, 0, 5]], deletes: [] }] })
    expect(second.seq).toBe(2)
    expect(second.at).toBe(2_000)
    expect(second.parts).toEqual([
      { author: 'Ben (edit link)', inserts: [], deletes: [[adaClient, 0, 2]] },
      { author: 'Ada', inserts: [[adaClient, 5, 1]], deletes: [] },
    ])
  })

  it('keeps the deleted text in the replica, so the compacted snapshot holds it', async () => {
    const store = new MemoryStore()
    const { room, clock, join } = await openRoom({ store })
    const [ada] = join('ada')
    room.receive(ada, ada.type('draft text'))
    room.receive(ada, ada.erase(0, 6))
    await clock.endTurn()
    await room.close()
    const { snapshot } = await store.load('notes')
    expect(new TextDecoder().decode(snapshot!)).toContain('draft')
  })

  it('records nothing for updates that change nothing, nor for a refused write', async () => {
    const store = new MemoryStore()
    const { room, clock, join, joinWith } = await openRoom({ store })
    const [ada] = join('ada')
    const [viewer] = joinWith({ canWrite: false }, 'viewer')
    const frame = ada.type('x')
    room.receive(ada, frame)
    await clock.endTurn()
    room.receive(ada, frame)
    room.receive(viewer, viewer.type('nope'))
    await clock.endTurn()
    expect((await store.readChanges('notes', 0)).map((r) => r.seq)).toEqual([1])
  })
})
