import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
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

    room.applyDurable(update)
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

    room.applyDurable(Y.encodeStateAsUpdate(alice.doc))
    await clock.endTurn()
    expect(bob.takeFrames()).toEqual([])
  })

  it('are in what a late joiner is sent', async () => {
    const { room, clock } = await openRoom()
    const elsewhere = new FakePeer('on another relay')
    elsewhere.type('stored elsewhere')
    room.applyDurable(Y.encodeStateAsUpdate(elsewhere.doc))
    await clock.endTurn()

    const late = new FakePeer('late')
    room.join(late)
    room.receive(late, late.step1())
    await room.settled()
    expect(late.text).toBe('stored elsewhere')
  })
})
