import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { decodeMessage, peekMessageKind } from '../shared/index.ts'
import { FakePeer, ManualClock, silentLog } from '../test/helpers/fakes.ts'
import { openRoom } from '../test/helpers/room.ts'
import type { Clock } from './clock.ts'
import { RoomRegistry } from './roomRegistry.ts'
import { MemoryStore } from './store/memoryStore.ts'

/** The frames of `peer` of one kind. */
const framesOf = (peer: FakePeer, kind: string) => peer.received.filter((frame) => peekMessageKind(frame) === kind)

/** Records, across peers, the order in which frames were sent: `name:kind`. */
function sendOrder(...peers: FakePeer[]): string[] {
  const order: string[] = []
  for (const peer of peers) {
    const send = peer.send.bind(peer)
    peer.send = (frame) => {
      order.push(`${peer.name}:${peekMessageKind(frame)}`)
      send(frame)
    }
  }
  return order
}

describe('Room joins', () => {
  it('answers peers that join with the same state vector in one turn with one shared step 2', async () => {
    const { room, clock, join } = await openRoom()
    const [alice] = join('alice')
    room.receive(alice, alice.type('shared notes'))
    await room.settled()

    const crowd = join('ann', 'ben', 'cat')
    for (const peer of crowd) room.receive(peer, peer.step1())
    await clock.endTurn()
    await room.settled()

    const replies = crowd.map((peer) => framesOf(peer, 'syncStep2'))
    expect(replies.map((frames) => frames.length)).toEqual([1, 1, 1])
    expect(replies[1][0]).toBe(replies[0][0])
    expect(replies[2][0]).toBe(replies[0][0])
    expect(crowd.map((peer) => peer.text)).toEqual(['shared notes', 'shared notes', 'shared notes'])
  })

  it('answers a peer that joins after a change with the change and the same step 2, which hold the whole document', async () => {
    const { room, clock, join } = await openRoom()
    const [alice] = join('alice')
    room.receive(alice, alice.type('draft'))
    await room.settled()
    const [first] = join('first')
    room.receive(first, first.step1())
    await room.settled()

    room.receive(alice, alice.type(' two'))
    await clock.endTurn()
    await room.settled()
    const [late] = join('late')
    room.receive(late, late.step1())
    await clock.endTurn()
    await room.settled()

    expect(framesOf(late, 'syncStep2')[0]).toBe(framesOf(first, 'syncStep2')[0])
    expect(late.received.map(peekMessageKind)).toEqual(['syncUpdate', 'syncStep2'])
    expect(late.text).toBe('draft two')
  })

  it('relays the keystrokes of people in the room before answering those who join in the same turn', async () => {
    const { room, clock, join } = await openRoom()
    const [alice, bob] = join('alice', 'bob')
    const newcomer = new FakePeer('newcomer')
    room.join(newcomer)
    newcomer.takeFrames()
    const order = sendOrder(alice, bob, newcomer)

    room.receive(newcomer, newcomer.step1())
    room.receive(alice, alice.type('typing'))
    await clock.endTurn()
    await room.settled()

    expect(order.indexOf('bob:syncUpdate')).toBeGreaterThanOrEqual(0)
    expect(order.indexOf('bob:syncUpdate')).toBeLessThan(order.indexOf('newcomer:syncStep2'))
    expect(newcomer.text).toBe('typing')
  })

  it('spreads the replies to a crowd over turns once they pass the byte budget', async () => {
    const { room, clock, join } = await openRoom({ replyBytesPerTurn: 1 })
    const [alice] = join('alice')
    room.receive(alice, alice.type('a large document'))
    await room.settled()
    const crowd = join('ann', 'ben', 'cat')
    for (const peer of crowd) room.receive(peer, peer.step1())

    const answered = async () => {
      await clock.endTurn()
      return crowd.filter((peer) => peer.text === 'a large document').length
    }
    expect(await answered()).toBe(1)
    expect(await answered()).toBe(2)
    expect(await answered()).toBe(3)
    expect(clock.pendingTurns).toBe(0)
  })

  it('sends a crowd joining in one turn the same frame of every awareness state', async () => {
    const { room, clock, join } = await openRoom()
    const [alice] = join('alice')
    room.receive(alice, alice.present({ user: { name: 'Alice' } }))
    await clock.endTurn()

    const ann = new FakePeer('ann')
    const ben = new FakePeer('ben')
    room.join(ann)
    room.join(ben)
    const [toAnn] = framesOf(ann, 'awareness')
    expect(framesOf(ben, 'awareness')[0]).toBe(toAnn)
    expect(ben.awareness.getStates().get(alice.doc.clientID)).toEqual({ user: { name: 'Alice' } })

    room.receive(alice, alice.present({ user: { name: 'Alice', cursor: 3 } }))
    const cat = new FakePeer('cat')
    room.join(cat)
    expect(framesOf(cat, 'awareness')[0]).not.toBe(toAnn)
    expect(cat.awareness.getStates().get(alice.doc.clientID)).toEqual({ user: { name: 'Alice', cursor: 3 } })
  })

  it('drops the replies it keeps once nobody has joined for a while', async () => {
    const { room, clock, join } = await openRoom()
    const [alice] = join('alice')
    room.receive(alice, alice.type('notes'))
    const [ann] = join('ann')
    room.receive(ann, ann.step1())
    await clock.endTurn()
    await room.settled()

    clock.time += 1000
    room.trim(2000)
    const [ben] = join('ben')
    room.receive(ben, ben.step1())
    await clock.endTurn()
    await room.settled()
    expect(framesOf(ben, 'syncStep2')[0]).toBe(framesOf(ann, 'syncStep2')[0])

    clock.time += 2001
    room.trim(2000)
    const [cat] = join('cat')
    room.receive(cat, cat.step1())
    await clock.endTurn()
    await room.settled()
    expect(framesOf(cat, 'syncStep2')[0]).not.toBe(framesOf(ann, 'syncStep2')[0])
    expect(cat.text).toBe('notes')
  })
})

describe('Room loading', () => {
  it('answers the first joiners of a loaded document with its stored snapshot, without encoding it again', async () => {
    const store = new MemoryStore()
    const writer = new FakePeer('writer')
    writer.type('compacted long ago')
    const snapshot = Y.encodeStateAsUpdate(writer.doc)
    await store.compact('notes', snapshot, 0)
    const { room, clock, join } = await openRoom({ store })

    const [ann] = join('ann')
    room.receive(ann, ann.step1())
    await clock.endTurn()
    await room.settled()
    const [reply] = framesOf(ann, 'syncStep2')
    expect((decodeMessage(reply) as { update: Uint8Array }).update).toEqual(snapshot)
    expect(ann.text).toBe('compacted long ago')
  })
})

describe('RoomRegistry', () => {
  it('has its rooms drop unused sync replies every replyKeepMs', async () => {
    const clock = new ManualClock()
    const sweeps: Array<{ ms: number; fn: () => void }> = []
    const every = (ms: number, fn: () => void) => {
      sweeps.push({ ms, fn })
      return () => {}
    }
    const sweeping: Clock = { now: clock.now, afterTurn: (fn) => clock.afterTurn(fn), every, after: (ms, fn) => clock.after(ms, fn) }
    const registry = new RoomRegistry({ store: new MemoryStore(), clock: sweeping, log: silentLog, replyKeepMs: 500 })
    const ann = new FakePeer('ann')
    const room = await registry.join('notes', ann)
    room.receive(ann, ann.step1())
    await clock.endTurn()
    await room.settled()
    expect(sweeps.map((sweep) => sweep.ms)).toEqual([500])

    const ben = new FakePeer('ben')
    await registry.join('notes', ben)
    clock.time += 501
    sweeps[0].fn()
    room.receive(ben, ben.step1())
    await clock.endTurn()
    await room.settled()
    expect(framesOf(ben, 'syncStep2')[0]).not.toBe(framesOf(ann, 'syncStep2')[0])
    await registry.closeAll()
  })
})
