import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { decodeMessage } from '../shared/index.ts'
import { FakePeer } from '../test/helpers/fakes.ts'
import { openRoom, storedText } from '../test/helpers/room.ts'

describe('A peer that may not write', () => {
  it('is synced and sees live edits', async () => {
    const { room, clock, join, joinWith } = await openRoom()
    const [alice] = join('alice')
    room.receive(alice, alice.type('hello'))
    await room.settled()

    const [viewer] = joinWith({ canWrite: false }, 'viewer')
    room.receive(viewer, viewer.step1())
    await room.settled()
    expect(viewer.text).toBe('hello')

    room.receive(alice, alice.type(' world'))
    await clock.endTurn()
    await room.settled()
    expect(viewer.text).toBe('hello world')
  })

  it('has every change refused with permission denied, through step 2 and update alike', async () => {
    const { room, clock, store, join, joinWith } = await openRoom()
    const [alice] = join('alice')
    room.receive(alice, alice.type('original'))
    await room.settled()
    const [viewer] = joinWith({ canWrite: false }, 'viewer')
    room.receive(viewer, viewer.step1())
    await room.settled()
    alice.takeFrames()

    room.receive(viewer, viewer.type('sneaky '))
    room.receive(viewer, viewer.erase(0, 3))
    room.receive(viewer, viewer.step2(Y.encodeStateVector(room.doc)))
    await clock.endTurn()
    await room.settled()

    expect(viewer.denied).toHaveLength(3)
    expect(viewer.closed).toBeNull()
    expect(room.doc.getText('codemirror').toString()).toBe('original')
    expect(alice.takeFrames()).toEqual([])
    const stored = await store.load('notes')
    expect(storedText(Y.mergeUpdates(stored.log.map(({ update }) => update)))).toBe('original')
  })

  it('is acknowledged for what changes nothing, never for what it was refused', async () => {
    const { room, clock } = await openRoom()
    const viewer = new FakePeer('viewer')
    room.join(viewer, { canWrite: false, durableAck: true })
    room.receive(viewer, viewer.step2(Y.encodeStateVector(room.doc)))
    await clock.endTurn()
    await room.settled()
    expect(viewer.acked).toBe(1)

    room.receive(viewer, viewer.type('not allowed'))
    await clock.endTurn()
    await room.settled()
    expect(viewer.denied).toHaveLength(1)
    expect(viewer.acked).toBe(1)
  })

  it('is not refused for a step 2 that changes nothing, as a stock provider sends on connect', async () => {
    const { room, clock, join, joinWith } = await openRoom()
    const [alice] = join('alice')
    room.receive(alice, alice.type('hello world'))
    room.receive(alice, alice.erase(0, 6))
    await clock.endTurn()
    await room.settled()
    const [viewer] = joinWith({ canWrite: false }, 'viewer')
    room.receive(viewer, viewer.step1())
    await room.settled()

    room.receive(viewer, viewer.step2(Y.encodeStateVector(room.doc)))
    await clock.endTurn()
    expect(viewer.denied).toEqual([])
  })

  it('still has its presence relayed, under the name it was given', async () => {
    const { room, clock, join, joinWith } = await openRoom()
    const [alice] = join('alice')
    const [viewer] = joinWith({ canWrite: false, displayName: 'Vera (view link)' }, 'viewer')

    room.receive(viewer, viewer.present({ user: { name: 'Alice', color: '#f00' }, cursor: null }))
    await clock.endTurn()

    expect(alice.awareness.getStates().get(viewer.doc.clientID)).toEqual({ user: { name: 'Vera (view link)', color: '#f00' }, cursor: null })
  })
})

describe('Updates already durable elsewhere', () => {
  it('are applied and relayed to every peer without being stored again', async () => {
    const { room, clock, store, join } = await openRoom()
    const [alice, bob] = join('alice', 'bob')
    const elsewhere = new FakePeer('on another relay')
    elsewhere.type('from afar')
    const update = Y.encodeStateAsUpdate(elsewhere.doc)

    room.applyDurable(update, 1)
    await clock.endTurn()
    await room.settled()

    expect(alice.text).toBe('from afar')
    expect(bob.text).toBe('from afar')
    expect((await store.load('notes')).log).toEqual([])
  })

  it('are not relayed again when the replica already holds them', async () => {
    const { room, clock, join } = await openRoom()
    const [alice, bob] = join('alice', 'bob')
    room.receive(alice, alice.type('mine'))
    await clock.endTurn()
    await room.settled()
    bob.takeFrames()

    room.applyDurable(Y.encodeStateAsUpdate(alice.doc), 2)
    await clock.endTurn()
    expect(bob.takeFrames()).toEqual([])
  })

  it('are in what a late joiner is sent', async () => {
    const { room, clock } = await openRoom()
    const elsewhere = new FakePeer('on another relay')
    elsewhere.type('stored elsewhere')
    room.applyDurable(Y.encodeStateAsUpdate(elsewhere.doc), 1)
    await clock.endTurn()

    const late = new FakePeer('late')
    room.join(late)
    room.receive(late, late.step1())
    await room.settled()
    expect(late.text).toBe('stored elsewhere')
  })

  it('advance the room’s sequence number once contiguous, in any order, and are applied once', async () => {
    const { room, clock, store, join } = await openRoom()
    const [alice] = join('alice')
    const elsewhere = new FakePeer('on another relay')
    const entries = ['a', 'b', 'c'].map((word) => updateOf(elsewhere.type(word)))
    for (const update of entries) await store.append('notes', update)

    room.applyDurable(entries[2], 3)
    room.applyDurable(entries[1], 2)
    expect(room.seq).toBe(0)
    room.applyDurable(entries[0], 1)
    expect(room.seq).toBe(3)
    await clock.endTurn()
    expect(alice.text).toBe('abc')
    alice.takeFrames()

    room.applyDurable(entries[1], 2)
    await clock.endTurn()
    expect(alice.takeFrames()).toEqual([])
  })

  it('let a room that only applied others’ entries compact through them on unload', async () => {
    const { room, clock, store } = await openRoom()
    const elsewhere = new FakePeer('on another relay')
    const entries = ['x', 'y'].map((word) => updateOf(elsewhere.type(word)))
    for (const update of entries) await store.append('notes', update)
    room.applyDurable(entries[1], 2)
    room.applyDurable(entries[0], 1)
    await clock.endTurn()
    await room.close()

    const stored = await store.load('notes')
    expect(stored).toMatchObject({ log: [], seq: 2 })
    expect(storedText(stored.snapshot!)).toBe('xy')
  })

  it('take a whole document read back from the store as every entry through its number', async () => {
    const { room, clock, store, join } = await openRoom()
    const [alice] = join('alice')
    const elsewhere = new FakePeer('on another relay')
    for (const word of ['p', 'q', 'r']) await store.append('notes', updateOf(elsewhere.type(word)))
    room.applyDurable(Y.encodeStateAsUpdate(elsewhere.doc), 3, 1)
    expect(room.seq).toBe(3)
    await clock.endTurn()
    expect(alice.text).toBe('pqr')
  })
})

/** The update inside a sync update frame. */
function updateOf(frame: Uint8Array): Uint8Array {
  const message = decodeMessage(frame)
  if (message.type !== 'syncUpdate') throw new Error(`not an update: ${message.type}`)
  return message.update
}
