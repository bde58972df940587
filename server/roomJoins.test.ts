import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { decodeMessage, peekMessageKind } from '../shared/index.ts'
import { FakePeer, ManualClock, silentLog } from '../test/helpers/fakes.ts'
import { ReplyLane } from './replyLane.ts'
import { lanedReplyBytes } from './roomPeers.ts'
import { gatedStore, openRoom } from '../test/helpers/room.ts'
import type { Clock } from './clock.ts'
import type { Room } from './room.ts'
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

/** A room on a relay with one reply lane, and Alice in it with a document large enough to take it. */
async function largeDocOnOneLane() {
  const clock = new ManualClock()
  const opened = await openRoom({ clock, replyLane: new ReplyLane(clock, { lanes: 1 }) })
  const [alice] = opened.join('alice')
  const large = 'x'.repeat(lanedReplyBytes)
  opened.room.receive(alice, alice.type(large))
  await opened.clock.endTurn()
  await opened.room.settled()
  return { ...opened, alice, large }
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

  it('holds what a joiner is sent until its reply is written, then sends it merged behind the reply', async () => {
    const { room, clock, join } = await openRoom()
    const [alice, bob] = join('alice', 'bob')
    room.receive(alice, alice.type('notes'))
    await clock.endTurn()
    const [slow] = join('slow')
    slow.slowWrites = true

    room.receive(slow, slow.step1())
    for (const word of [' one', ' two', ' three']) {
      room.receive(alice, alice.type(word))
      room.receive(bob, bob.present({ user: { name: 'Bob' }, cursor: word.length }))
      await clock.endTurn()
      await room.settled()
    }
    expect(slow.takeFrames().map(peekMessageKind)).toEqual(['syncStep2'])

    slow.finishWrites()
    expect(slow.takeFrames().map(peekMessageKind)).toEqual(['awareness', 'syncUpdate'])
    expect(slow.text).toBe('notes one two three')
    expect(slow.awareness.getStates().get(bob.doc.clientID)).toEqual({ user: { name: 'Bob' }, cursor: 6 })

    room.receive(alice, alice.type('!'))
    await clock.endTurn()
    await room.settled()
    expect(slow.takeFrames().map(peekMessageKind)).toEqual(['syncUpdate'])
    expect(slow.text).toBe('notes one two three!')
  })

  it('stops holding for a joiner whose reply is never written once a megabyte waits', async () => {
    const { room, clock, join } = await openRoom()
    const [alice] = join('alice')
    const [stuck] = join('stuck')
    stuck.slowWrites = true
    room.receive(stuck, stuck.step1())
    await clock.endTurn()
    await room.settled()
    stuck.takeFrames()

    room.receive(alice, alice.type('x'.repeat(600 * 1024)))
    await clock.endTurn()
    await room.settled()
    expect(stuck.takeFrames()).toEqual([])
    room.receive(alice, alice.type('y'.repeat(600 * 1024)))
    await clock.endTurn()
    await room.settled()
    expect(stuck.takeFrames().map(peekMessageKind)).toEqual(['syncUpdate'])
    expect(stuck.text).toBe('x'.repeat(600 * 1024) + 'y'.repeat(600 * 1024))
  })

  it('writes large replies one lane at a time, and holds what each joiner is sent until its own is written', async () => {
    const { room, clock, join, alice, large } = await largeDocOnOneLane()
    const [ann, ben] = join('ann', 'ben')
    for (const peer of [ann, ben]) {
      peer.slowWrites = true
      room.receive(peer, peer.step1())
    }
    await clock.endTurn()
    await room.settled()
    expect(ann.takeFrames().map(peekMessageKind)).toEqual(['syncStep2'])
    expect(ben.takeFrames()).toEqual([])

    room.receive(alice, alice.type('!'))
    await clock.endTurn()
    await room.settled()
    expect(ben.takeFrames()).toEqual([])
    ann.finishWrites()
    expect(ann.takeFrames().map(peekMessageKind)).toEqual(['syncUpdate'])
    // The freed lane takes Ben's reply at the end of the turn.
    expect(ben.takeFrames()).toEqual([])
    clock.runTurn()
    expect(ben.takeFrames().map(peekMessageKind)).toEqual(['syncStep2'])
    ben.finishWrites()
    expect(ben.takeFrames().map(peekMessageKind)).toEqual(['syncUpdate'])
    expect([ann.text, ben.text]).toEqual([large + '!', large + '!'])
  })

  it('writes a reply waiting for a lane at once when a megabyte is held for its joiner, so the reply still comes first', async () => {
    const { room, clock, join, alice } = await largeDocOnOneLane()
    const [stuck, waiting] = join('stuck', 'waiting')
    stuck.slowWrites = true
    for (const peer of [stuck, waiting]) room.receive(peer, peer.step1())
    await clock.endTurn()
    await room.settled()
    expect(waiting.takeFrames()).toEqual([])

    for (const letter of ['y', 'z']) {
      room.receive(alice, alice.type(letter.repeat(600 * 1024)))
      await clock.endTurn()
      await room.settled()
    }
    expect(waiting.takeFrames().map(peekMessageKind)).toEqual(['syncStep2', 'syncUpdate'])
    expect(waiting.text).toBe(alice.text)
  })

  it('holds a small reply to a joiner whose earlier, large reply waits for a lane behind it', async () => {
    const { room, clock, join, alice } = await largeDocOnOneLane()
    const [first, again] = join('first', 'again')
    first.slowWrites = true
    for (const peer of [first, again]) room.receive(peer, peer.step1())
    await clock.endTurn()
    await room.settled()
    expect(again.takeFrames()).toEqual([])

    // The joiner asks again, now holding most of the document (from another tab, say): its second reply is small.
    Y.applyUpdate(again.doc, Y.encodeStateAsUpdate(alice.doc))
    room.receive(again, again.step1())
    await clock.endTurn()
    await room.settled()
    expect(again.takeFrames()).toEqual([])

    first.finishWrites()
    clock.runTurn()
    const frames = again.takeFrames()
    expect(frames.map(peekMessageKind)).toEqual(['syncStep2', 'syncStep2'])
    expect(frames[0].length).toBeGreaterThan(lanedReplyBytes)
    expect(again.text).toBe(alice.text)
  })

  it('skips the waiting reply of a joiner that left, and gives its lane to the next', async () => {
    const { room, clock, join, alice } = await largeDocOnOneLane()
    const [first, gone, next] = join('first', 'gone', 'next')
    first.slowWrites = true
    for (const peer of [first, gone, next]) room.receive(peer, peer.step1())
    await clock.endTurn()
    await room.settled()
    gone.close(1001, 'tab closed')
    room.leave(gone)

    first.finishWrites()
    clock.runTurn()
    expect(gone.takeFrames()).toEqual([])
    expect(next.takeFrames().map(peekMessageKind)).toEqual(['syncStep2'])
    expect(next.text).toBe(alice.text)
  })

  it('stops holding for a joiner whose large reply waited for a lane and is still being written once a megabyte waits', async () => {
    const { room, clock, join, alice } = await largeDocOnOneLane()
    const [first, stuck] = join('first', 'stuck')
    for (const peer of [first, stuck]) {
      peer.slowWrites = true
      room.receive(peer, peer.step1())
    }
    await clock.endTurn()
    await room.settled()
    first.finishWrites()
    clock.runTurn()
    expect(stuck.takeFrames().map(peekMessageKind)).toEqual(['syncStep2'])

    for (const letter of ['y', 'z']) {
      room.receive(alice, alice.type(letter.repeat(600 * 1024)))
      await clock.endTurn()
      await room.settled()
    }
    expect(stuck.takeFrames().map(peekMessageKind)).toEqual(['syncUpdate'])
    expect(stuck.text).toBe(alice.text)
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

  it('sends joiners the same step 1 until the document changes, then one that covers the change', async () => {
    const { room, clock, join } = await openRoom()
    const [alice] = join('alice')
    const joined = (name: string) => {
      const peer = new FakePeer(name)
      room.join(peer)
      return framesOf(peer, 'syncStep1')[0]
    }
    const toAnn = joined('ann')
    expect(joined('ben')).toBe(toAnn)

    room.receive(alice, alice.type('new'))
    await clock.endTurn()
    const toCat = joined('cat')
    expect(toCat).not.toBe(toAnn)
    const stateVector = (decodeMessage(toCat) as { stateVector: Uint8Array }).stateVector
    expect(Y.decodeStateVector(stateVector).get(alice.doc.clientID)).toBe(3)
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
  /**
   * A room loaded from a store holding `text` as a snapshot, and `joinFresh`, which joins peers
   * that have nothing yet and lets the room answer them.
   */
  async function loadedFromSnapshot(text: string) {
    const store = new MemoryStore()
    const writer = new FakePeer('writer')
    writer.type(text)
    const snapshot = Y.encodeStateAsUpdate(writer.doc)
    await store.compact('notes', snapshot, 0)
    const opened = await openRoom({ store })
    const joinFresh = async (...names: string[]) => {
      const peers = opened.join(...names)
      for (const peer of peers) opened.room.receive(peer, peer.step1())
      await opened.clock.endTurn()
      await opened.room.settled()
      return peers
    }
    return { ...opened, writer, snapshot, joinFresh }
  }

  it('answers the first joiners of a loaded document with its stored snapshot, without encoding it again', async () => {
    const { snapshot, joinFresh } = await loadedFromSnapshot('compacted long ago')

    const [ann] = await joinFresh('ann')
    const [reply] = framesOf(ann, 'syncStep2')
    expect((decodeMessage(reply) as { update: Uint8Array }).update).toEqual(snapshot)
    expect(ann.text).toBe('compacted long ago')
  })

  it('answers its first joiners from the snapshot before reading it into the replica, then asks them for theirs', async () => {
    const { room, clock, writer, joinFresh } = await loadedFromSnapshot('compacted long ago')

    const [ann, ben] = await joinFresh('ann', 'ben')
    expect(ann.received.map(peekMessageKind)).toEqual(['syncStep2'])
    expect(ben.text).toBe('compacted long ago')

    clock.advance(100)
    await room.settled()
    const [stepOne] = framesOf(ann, 'syncStep1')
    expect((decodeMessage(stepOne) as { stateVector: Uint8Array }).stateVector).toEqual(Y.encodeStateVector(writer.doc))
  })

  it('reads the snapshot into the replica as soon as a joiner answered from it types', async () => {
    const { room, clock, store, joinFresh } = await loadedFromSnapshot('compacted long ago')
    const [ann, ben] = await joinFresh('ann', 'ben')

    room.receive(ann, ann.type(' and typed today'))
    await clock.endTurn()
    await room.settled()

    expect(ben.text).toBe('compacted long ago and typed today')
    expect(framesOf(ben, 'syncStep1')).toHaveLength(1)
    const reloaded = await openRoom({ store })
    expect(reloaded.room.doc.getText('codemirror').toString()).toBe('compacted long ago and typed today')
  })
})

describe('Room joins of a large document', () => {
  /** A store holding `text` as a snapshot, whose loads wait for `release` once `gate` is called. */
  async function storedDocument(text: string) {
    const store = new MemoryStore()
    const writer = new FakePeer('writer')
    writer.type(text)
    const snapshot = Y.encodeStateAsUpdate(writer.doc)
    await store.compact('notes', snapshot, 0)
    const load = store.load.bind(store)
    const loads = { count: 0, gated: null as Promise<void> | null, failNext: false }
    store.load = async (name) => {
      loads.count++
      if (loads.failNext) {
        loads.failNext = false
        throw new Error('the store is unreachable')
      }
      await loads.gated
      return load(name)
    }
    let release!: () => void
    const gate = () => (loads.gated = new Promise<void>((resolve) => (release = resolve)))
    return { store, snapshot, loads, gate, release: () => release() }
  }

  /** Lets the room's kept replies go, as 2 s without a joiner does. */
  function dropReplies(room: Room, clock: ManualClock): void {
    clock.time += 2001
    room.trim(2000)
  }

  /** Joins `name` already holding the stored document, as a tab that had it open. */
  function joinHolding(join: (name: string) => FakePeer[], snapshot: Uint8Array, name: string): FakePeer {
    const [peer] = join(name)
    Y.applyUpdate(peer.doc, snapshot)
    return peer
  }

  /** Joins `name` with an empty replica, lets the room answer, and returns the peer. */
  async function joinFresh(room: Room, clock: ManualClock, join: (name: string) => FakePeer[], name: string) {
    const [peer] = join(name)
    room.receive(peer, peer.step1())
    await clock.endTurn()
    await room.settled()
    return peer
  }

  it('answers a joiner with the stored snapshot and log, read from the store, once the kept reply is gone', async () => {
    const { store, snapshot, loads } = await storedDocument('a long document')
    const { room, clock, join } = await openRoom({ store, answerFromStoreAbove: 0 })
    const alice = joinHolding(join, snapshot, 'alice')
    room.receive(alice, alice.type(' grows'))
    await room.settled()
    dropReplies(room, clock)
    const loadsBefore = loads.count

    const ann = await joinFresh(room, clock, join, 'ann')

    expect(loads.count).toBe(loadsBefore + 1)
    expect(ann.received.map(peekMessageKind)).toEqual(['syncUpdate', 'syncStep2'])
    expect((decodeMessage(framesOf(ann, 'syncStep2')[0]) as { update: Uint8Array }).update).toEqual(snapshot)
    expect(ann.text).toBe('a long document grows')
  })

  it('keeps what is typed while the store is read in the reply later joiners get', async () => {
    const { store, snapshot, gate, release } = await storedDocument('draft')
    const { room, clock, join } = await openRoom({ store, answerFromStoreAbove: 0 })
    const alice = joinHolding(join, snapshot, 'alice')
    dropReplies(room, clock)

    gate()
    const [ann] = join('ann')
    room.receive(ann, ann.step1())
    await clock.endTurn()
    room.receive(alice, alice.type(' typed meanwhile'))
    await clock.endTurn()
    release()
    await room.settled()
    const ben = await joinFresh(room, clock, join, 'ben')

    expect(ann.text).toBe('draft typed meanwhile')
    expect(framesOf(ben, 'syncStep2')[0]).toBe(framesOf(ann, 'syncStep2')[0])
    expect(ben.text).toBe('draft typed meanwhile')
  })

  it('keeps in the reply what was typed before the read but stored after it', async () => {
    const { store, snapshot } = await storedDocument('draft')
    const { release } = gatedStore(store)
    const { room, clock, join } = await openRoom({ store, answerFromStoreAbove: 0 })
    const alice = joinHolding(join, snapshot, 'alice')
    dropReplies(room, clock)

    room.receive(alice, alice.type(' one'))
    await clock.endTurn()
    const [ann] = join('ann')
    room.receive(ann, ann.step1())
    await clock.endTurn()
    room.receive(alice, alice.type(' two'))
    await clock.endTurn()
    release()
    await room.settled()
    const ben = await joinFresh(room, clock, join, 'ben')

    expect(ann.text).toBe('draft one two')
    expect(framesOf(ben, 'syncStep2')[0]).toBe(framesOf(ann, 'syncStep2')[0])
    expect(ben.text).toBe('draft one two')
  })

  it('encodes the replica when the store cannot be read, and stays open', async () => {
    const { store, snapshot, loads } = await storedDocument('still served')
    const { room, clock, join } = await openRoom({ store, answerFromStoreAbove: 0 })
    dropReplies(room, clock)
    loads.failNext = true

    const ann = await joinFresh(room, clock, join, 'ann')

    expect(ann.text).toBe('still served')
    expect(room.closed).toBe(false)
    const alice = joinHolding(join, snapshot, 'alice')
    room.receive(alice, alice.type(' and typed'))
    await clock.endTurn()
    await room.settled()
    expect(ann.text).toBe('still served and typed')
  })

  it('encodes the replica of a small document without reading the store', async () => {
    const { store, loads } = await storedDocument('short')
    const { room, clock, join } = await openRoom({ store })
    dropReplies(room, clock)
    const loadsBefore = loads.count

    const ann = await joinFresh(room, clock, join, 'ann')

    expect(loads.count).toBe(loadsBefore)
    expect(ann.text).toBe('short')
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
