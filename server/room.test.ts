import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCode, Limits, encodeAwarenessEntries, encodeMessage, peekMessageKind } from '../shared/index.ts'
import { FakePeer, ManualClock, silentLog } from '../test/helpers/fakes.ts'
import { gatedStore, openRoom, sharedStore, storedText } from '../test/helpers/room.ts'
import { Room } from './room.ts'
import { MemoryStore } from './store/memoryStore.ts'

describe('Room fan-out', () => {
  it('relays an update to every other peer, never back to its sender', async () => {
    const { room, clock, join } = await openRoom()
    const [alice, bob, carol] = join('alice', 'bob', 'carol')

    room.receive(alice, alice.type('hello'))
    await clock.endTurn()

    expect(alice.takeFrames()).toEqual([])
    const [toBob] = bob.takeFrames()
    const [toCarol] = carol.takeFrames()
    expect(toBob).toBe(toCarol)
    expect(bob.text).toBe('hello')
    expect(carol.text).toBe('hello')
  })

  it('merges the updates of one turn into one frame per peer', async () => {
    const { room, clock, join } = await openRoom()
    const [alice, bob, carol] = join('alice', 'bob', 'carol')

    room.receive(alice, alice.type('a'))
    room.receive(alice, alice.type('b'))
    room.receive(alice, alice.type('c'))
    room.receive(bob, bob.type('X'))
    await clock.endTurn()

    const toCarol = carol.takeFrames()
    const toAlice = alice.takeFrames()
    const toBob = bob.takeFrames()
    expect([toCarol.length, toAlice.length, toBob.length]).toEqual([1, 1, 1])
    expect(carol.text.split('').sort().join('')).toBe('Xabc')
    expect(alice.text).toBe(carol.text)
    expect(bob.text).toBe(carol.text)
  })

  it('gives everyone one shared frame when more peers than the threshold typed in one turn', async () => {
    const { room, clock, join } = await openRoom({ sharedFrameAbove: 2 })
    const [alice, bob, carol, dan] = join('alice', 'bob', 'carol', 'dan')

    room.receive(alice, alice.type('a'))
    room.receive(bob, bob.type('b'))
    await clock.endTurn()
    expect(alice.takeFrames()).not.toEqual(bob.takeFrames())
    carol.takeFrames()
    dan.takeFrames()

    room.receive(alice, alice.type('1'))
    room.receive(bob, bob.type('2'))
    room.receive(carol, carol.type('3'))
    await clock.endTurn()
    const frames = [alice, bob, carol, dan].map((peer) => peer.takeFrames())
    expect(frames.map((f) => f.length)).toEqual([1, 1, 1, 1])
    expect(new Set(frames.map(([f]) => f)).size).toBe(1)
    expect(new Set([alice, bob, carol, dan].map((peer) => peer.text)).size).toBe(1)
    expect(dan.text.split('').sort().join('')).toBe('123ab')
  })

  it('stores each turn as one appended entry before relaying it', async () => {
    const { store, release } = gatedStore()
    const { room, clock, join } = await openRoom({ store })
    const [alice, bob] = join('alice', 'bob')

    room.receive(alice, alice.type('one'))
    room.receive(alice, alice.type(' two'))
    await clock.endTurn()
    expect(bob.takeFrames()).toEqual([])

    release()
    await room.settled()
    expect(bob.text).toBe('one two')
    const stored = await store.load('notes')
    expect(stored.log).toHaveLength(1)
    expect(storedText(stored.log[0].update)).toBe('one two')
  })

  it('stores the turns that came while a write waited as one more entry, not one each', async () => {
    const { store, release } = gatedStore()
    const { room, clock } = await openRoom({ store })
    const alice = new FakePeer('alice')
    const bob = new FakePeer('bob')
    const carol = new FakePeer('carol')
    room.join(alice, { durableAck: true, author: 'alice' })
    room.join(bob, { author: 'bob' })
    room.join(carol)

    room.receive(alice, alice.type('one'))
    await clock.endTurn()
    room.receive(alice, alice.type(' two'))
    await clock.endTurn()
    room.receive(bob, bob.type('!'))
    await clock.endTurn()
    room.receive(alice, alice.type(' three'))
    await clock.endTurn()
    expect(alice.acked).toBe(0)

    release()
    await room.settled()
    const stored = await store.load('notes')
    expect(stored.log.map((entry) => entry.seq)).toEqual([1, 2])
    expect(storedText(stored.log[0].update)).toBe('one')
    expect(alice.acked).toBe(3)
    expect(new Set([alice.text, bob.text, carol.text]).size).toBe(1)
    expect(carol.text).toContain('one two three')
    expect(carol.text).toContain('!')

    const history = await store.readChanges('notes', 0)
    expect(history.map((change) => change.parts.map((part) => part.author))).toEqual([['alice'], ['alice', 'bob']])
  })

  it('answers sync step 1 only once what the answer holds is stored', async () => {
    const { store, release } = gatedStore()
    const { room, clock, join } = await openRoom({ store })
    const [alice] = join('alice')
    room.receive(alice, alice.type('draft'))

    const late = new FakePeer('late')
    room.join(late)
    late.takeFrames()
    room.receive(late, late.step1())
    await clock.endTurn()
    expect(late.text).toBe('')

    release()
    await room.settled()
    expect(late.text).toBe('draft')
  })
})

describe('Room updates as they arrive', () => {
  it('stores, relays and acknowledges an update that waits for a missing dependency', async () => {
    const { room, clock, store, join } = await openRoom()
    const [bob] = join('bob')
    const alice = new FakePeer('alice')
    room.join(alice, { durableAck: true })
    const first = alice.type('one')
    const second = alice.type(' two')

    room.receive(alice, second)
    await clock.endTurn()
    await room.settled()
    expect(alice.acked).toBe(1)
    expect((await store.load('notes')).log).toHaveLength(1)
    expect(bob.takeFrames()).toHaveLength(1)
    expect(bob.text).toBe('')

    room.receive(alice, first)
    await clock.endTurn()
    await room.settled()
    expect(bob.text).toBe('one two')
    const reloaded = await Room.load('notes', { store, clock, log: silentLog })
    expect(reloaded.doc.getText('codemirror').toString()).toBe('one two')
  })

  it('neither stores nor relays a sync step 2 that repeats deletions the replica holds', async () => {
    const { room, clock, store, join } = await openRoom()
    const [alice, bob] = join('alice', 'bob')
    room.receive(alice, alice.type('hello world'))
    room.receive(alice, alice.erase(0, 6))
    await clock.endTurn()
    await room.settled()
    expect(bob.text).toBe('world')
    bob.takeFrames()

    room.receive(alice, alice.step2(Y.encodeStateVector(room.doc)))
    await clock.endTurn()
    await room.settled()
    expect(bob.takeFrames()).toEqual([])
    expect((await store.load('notes')).log).toHaveLength(1)
  })

  it('neither stores nor relays an update the replica already holds', async () => {
    const { room, clock, store, join } = await openRoom()
    const [alice, bob] = join('alice', 'bob')
    const hello = alice.type('hello')
    room.receive(alice, hello)
    await clock.endTurn()
    await room.settled()
    bob.takeFrames()

    room.receive(alice, hello)
    await clock.endTurn()
    await room.settled()
    expect(bob.takeFrames()).toEqual([])
    expect((await store.load('notes')).log).toHaveLength(1)
  })
})

describe('Room awareness', () => {
  it('relays presence and broadcasts its removal when the peer leaves', async () => {
    const { room, clock, join } = await openRoom()
    const [alice, bob] = join('alice', 'bob')

    room.receive(alice, alice.present({ user: { name: 'Alice' } }))
    await clock.endTurn()
    expect(bob.awareness.getStates().get(alice.doc.clientID)).toEqual({ user: { name: 'Alice' } })
    expect(alice.takeFrames()).toEqual([])

    room.leave(alice)
    await clock.endTurn()
    expect(bob.awareness.getStates().has(alice.doc.clientID)).toBe(false)
    expect(room.awareness.getStates().has(alice.doc.clientID)).toBe(false)
  })

  it('does not let one connection overwrite presence another introduced', async () => {
    const { room, clock, join } = await openRoom()
    const [alice, mallory, bob] = join('alice', 'mallory', 'bob')
    room.receive(alice, alice.present({ user: { name: 'Alice' } }))
    await clock.endTurn()

    // Mallory forges an update for Alice's client id with a newer clock.
    const forged = new FakePeer('forged')
    forged.doc.clientID = alice.doc.clientID
    forged.awareness.clientID = alice.doc.clientID
    forged.awareness.setLocalState({ user: { name: 'spoof' } })
    forged.awareness.setLocalState({ user: { name: 'spoof' } })
    forged.awareness.setLocalState({ user: { name: 'spoof!' } })
    room.receive(mallory, forged.present({ user: { name: 'spoofed' } }))
    await clock.endTurn()

    expect(room.awareness.getStates().get(alice.doc.clientID)).toEqual({ user: { name: 'Alice' } })
    expect(bob.awareness.getStates().get(alice.doc.clientID)).toEqual({ user: { name: 'Alice' } })
    expect(mallory.closed).toBeNull()
  })

  it('echoes a lone peer its own renewal, so a stock provider alone in a room keeps hearing from the relay', async () => {
    const { room, clock, join } = await openRoom()
    const [alice] = join('alice')
    clock.time += Limits.quietEchoMs
    room.receive(alice, alice.present({ user: { name: 'Alice' } }))
    await clock.endTurn()
    expect(alice.takeFrames()).toHaveLength(1)

    const [bob] = join('bob')
    room.receive(bob, bob.present({ user: { name: 'Bob' } }))
    await clock.endTurn()
    alice.takeFrames()
    room.receive(alice, alice.present({ user: { name: 'Alice', cursor: 1 } }))
    await clock.endTurn()
    expect(alice.takeFrames()).toEqual([])
    expect(bob.awareness.getStates().get(alice.doc.clientID)).toEqual({ user: { name: 'Alice', cursor: 1 } })
  })

  it('relays a large room’s presence changes together, at most once per batch', async () => {
    const { room, clock, join } = await openRoom({ presenceBatchAbove: 3, batchMs: 50 })
    const [alice, bob, carol, dave] = join('alice', 'bob', 'carol', 'dave')
    room.receive(alice, alice.present({ user: { name: 'Alice' } }))
    await clock.endTurn()
    expect(bob.takeFrames()).toHaveLength(1)

    // Three more changes in three turns within the batch: nothing goes out yet…
    room.receive(carol, carol.present({ user: { name: 'Carol' } }))
    await clock.endTurn()
    room.receive(dave, dave.present({ user: { name: 'Dave' } }))
    await clock.endTurn()
    clock.advance(20)
    room.receive(alice, alice.present({ user: { name: 'Alice', cursor: 7 } }))
    await clock.endTurn()
    expect(bob.takeFrames()).toEqual([])

    // …then one frame with all three.
    clock.advance(30)
    await clock.endTurn()
    expect(bob.takeFrames()).toHaveLength(1)
    expect(bob.awareness.getStates().get(alice.doc.clientID)).toEqual({ user: { name: 'Alice', cursor: 7 } })
    expect(bob.awareness.getStates().get(carol.doc.clientID)).toEqual({ user: { name: 'Carol' } })
    expect(bob.awareness.getStates().get(dave.doc.clientID)).toEqual({ user: { name: 'Dave' } })
  })

  it('sends a keystroke’s caret with its text, behind it, in one write', async () => {
    const { store, release } = gatedStore()
    const { room, clock, join } = await openRoom({ store })
    const [alice, bob] = join('alice', 'bob')
    const writesBefore = bob.writes

    // Alice types and moves her caret in one turn: the caret waits for the text to be stored…
    room.receive(alice, alice.type('hi'))
    room.receive(alice, alice.present({ user: { name: 'Alice' }, cursor: 2 }))
    await clock.endTurn()
    expect(bob.takeFrames()).toEqual([])

    // …and goes out right behind it, both in one write.
    release()
    await room.settled()
    expect(bob.takeFrames().map(peekMessageKind)).toEqual(['syncUpdate', 'awareness'])
    expect(bob.writes - writesBefore).toBe(1)
    expect(bob.text).toBe('hi')
    expect(bob.awareness.getStates().get(alice.doc.clientID)).toEqual({ user: { name: 'Alice' }, cursor: 2 })

    // A caret moved with nothing being stored goes out at once.
    room.receive(alice, alice.present({ user: { name: 'Alice' }, cursor: 0 }))
    await clock.endTurn()
    expect(bob.takeFrames().map(peekMessageKind)).toEqual(['awareness'])
  })

  it('answers a query for awareness with every state', async () => {
    const { room, clock, join } = await openRoom()
    const [alice, bob] = join('alice', 'bob')
    room.receive(alice, alice.present({ user: { name: 'Alice' } }))
    await clock.endTurn()
    bob.awareness.states.clear()
    bob.awareness.meta.clear()

    room.receive(bob, encodeMessage({ type: 'queryAwareness' }))
    expect(bob.awareness.getStates().get(alice.doc.clientID)).toEqual({ user: { name: 'Alice' } })
  })
})

describe('Room watchers', () => {
  it('relays a large room’s updates to its watchers together, to its writers every turn', async () => {
    const { room, clock, join } = await openRoom({ watcherBatchAbove: 3, batchMs: 50 })
    const [alice, bob, carol, dave] = join('alice', 'bob', 'carol', 'dave')
    room.receive(dave, dave.type('D'))
    await clock.endTurn()
    // After a quiet spell an update goes out to everyone at once, and opens a batch.
    expect([alice, bob, carol].map((peer) => peer.takeFrames().length)).toEqual([1, 1, 1])

    clock.advance(10)
    room.receive(alice, alice.type('a'))
    await clock.endTurn()
    clock.advance(10)
    room.receive(alice, alice.type('b'))
    await clock.endTurn()
    // Dave, who writes, gets each turn; Bob and Carol, who only watch, nothing yet…
    expect(dave.takeFrames()).toHaveLength(2)
    expect([bob.takeFrames(), carol.takeFrames()]).toEqual([[], []])

    // …then both of Alice's turns in one frame when the batch ends; Alice is not sent her own.
    clock.advance(30)
    expect([bob.takeFrames().length, carol.takeFrames().length, alice.takeFrames().length]).toEqual([1, 1, 0])
    expect(new Set([alice, bob, carol, dave].map((peer) => peer.text)).size).toBe(1)
  })

  it('sends a watcher who starts writing what the batch holds for it at once', async () => {
    const { room, clock, join } = await openRoom({ watcherBatchAbove: 3, batchMs: 50 })
    const [alice, bob, carol, dave] = join('alice', 'bob', 'carol', 'dave')
    room.receive(alice, alice.type('one'))
    await clock.endTurn()
    room.receive(alice, alice.type(' two'))
    await clock.endTurn()
    expect(bob.text).toBe('one')

    bob.takeFrames()
    room.receive(bob, bob.type('!', 0))
    expect(bob.text).toBe('!one two')
    await clock.endTurn()
    // From now on Bob is relayed to every turn; the batch's end brings him nothing more.
    room.receive(alice, alice.type(' three'))
    await clock.endTurn()
    expect(bob.text).toBe('!one two three')
    expect(bob.takeFrames()).toHaveLength(2)
    expect([carol.text, carol.takeFrames().length]).toEqual(['one', 1])
    clock.advance(50)
    expect([bob.takeFrames().length, carol.takeFrames().length]).toEqual([0, 1])
    expect(new Set([alice, bob, carol, dave].map((peer) => peer.text))).toEqual(new Set(['!one two three']))
  })

  it('sends its watchers what the batch holds once it has settled', async () => {
    const { room, clock, join } = await openRoom({ watcherBatchAbove: 2, batchMs: 50 })
    const [alice, bob, carol] = join('alice', 'bob', 'carol')
    room.receive(alice, alice.type('x'))
    await clock.endTurn()
    room.receive(alice, alice.type('y'))
    await clock.endTurn()
    expect(bob.text).toBe('x')

    await room.settled()
    expect([bob.text, carol.text]).toEqual(['xy', 'xy'])
  })

  it('sends a watcher the window’s presence changes and held updates in one write', async () => {
    const { room, clock, join } = await openRoom({ watcherBatchAbove: 3, presenceBatchAbove: 3, batchMs: 50 })
    const [, bob, carol, dave] = join('alice', 'bob', 'carol', 'dave')
    room.receive(dave, dave.type('D'))
    await clock.endTurn()
    expect(bob.takeFrames()).toHaveLength(1)
    const writesBefore = bob.writes

    // Within the window Dave types on and Carol moves her caret: Bob, who watches, waits for both…
    clock.advance(10)
    room.receive(dave, dave.type('a'))
    await clock.endTurn()
    clock.advance(10)
    room.receive(carol, carol.present({ user: { name: 'Carol', cursor: 1 } }))
    await clock.endTurn()
    expect(bob.takeFrames()).toEqual([])

    // …and gets them when it ends, two frames in one write.
    clock.advance(30)
    expect(bob.takeFrames().map(peekMessageKind).sort()).toEqual(['awareness', 'syncUpdate'])
    expect(bob.writes - writesBefore).toBe(1)
    expect(bob.text).toBe('Da')
    expect(bob.awareness.getStates().get(carol.doc.clientID)).toEqual({ user: { name: 'Carol', cursor: 1 } })
  })
})

describe('Room limits and bad input', () => {
  const validUpdate = new FakePeer('valid').type('valid')
  /** `frame` with byte `at` replaced by `value`. */
  const corrupt = (frame: Uint8Array, at: number, value: number) => frame.map((byte, i) => (i === at ? value : byte))
  const hostile: Array<[string, Uint8Array, number]> = [
    ['an empty frame', new Uint8Array(), CloseCode.MalformedMessage],
    ['an unknown message type', Uint8Array.of(42), CloseCode.UnknownMessageType],
    ['a truncated sync message', validUpdate.subarray(0, validUpdate.length - 3), CloseCode.MalformedMessage],
    ['an unknown sync step', corrupt(validUpdate, 1, 9), CloseCode.MalformedMessage],
    // Found by the view fuzz: the reply to it failed in the store queue and closed the whole room.
    ['a sync step 1 whose state vector cannot be read', encodeMessage({ type: 'syncStep1', stateVector: Uint8Array.of(5, 1) }), CloseCode.MalformedMessage],
    ['trailing bytes', Uint8Array.from([...new FakePeer('x').step1(), 7, 7]), CloseCode.MalformedMessage],
    [
      'an update that is not a Yjs update',
      encodeMessage({ type: 'syncUpdate', update: Uint8Array.of(200, 1, 2, 3, 4, 5, 6, 7) }),
      CloseCode.InvalidUpdate,
    ],
    [
      'awareness that is not JSON',
      encodeMessage({ type: 'awareness', update: encodeAwarenessEntries([{ clientId: 77, clock: 1, state: '{not json' }]) }),
      CloseCode.MalformedMessage,
    ],
  ]

  for (const [what, frame, code] of hostile) {
    it(`closes only the sender of ${what}, storing nothing`, async () => {
      const { room, clock, store, join } = await openRoom()
      const [alice, mallory, bob] = join('alice', 'mallory', 'bob')
      room.receive(alice, alice.type('safe'))
      await room.settled()

      room.receive(mallory, frame)
      room.receive(alice, alice.type(' and sound'))
      await clock.endTurn()
      await room.settled()

      expect(mallory.closed?.code).toBe(code)
      expect(mallory.closed?.reason.length).toBeGreaterThan(0)
      expect(alice.closed).toBeNull()
      expect(bob.closed).toBeNull()
      expect(bob.text).toBe('safe and sound')
      expect(room.size).toBe(2)
      const stored = await store.load('notes')
      expect(storedText(Y.mergeUpdates(stored.log.map((entry) => entry.update)))).toBe('safe and sound')
    })
  }

  it('closes every peer when the store fails, so nobody holds an unstored edit', async () => {
    const store = new MemoryStore()
    store.append = async () => {
      throw new Error('disk full')
    }
    const retired: Room[] = []
    const { room, clock, join } = await openRoom({ store, onRetire: (r) => retired.push(r) })
    const [alice, bob] = join('alice', 'bob')

    room.receive(alice, alice.type('lost?'))
    await clock.endTurn()
    await room.settled()

    expect(bob.text).toBe('')
    expect(alice.closed?.code).toBe(CloseCode.StorageFailure)
    expect(bob.closed?.code).toBe(CloseCode.StorageFailure)
    expect(retired).toEqual([room])
    expect(room.join(new FakePeer('late'))).toBe(false)
  })
})

describe('Room storage', () => {
  it('compacts the log into the snapshot past the threshold and on close', async () => {
    const { room, clock, store, join } = await openRoom({ compactAfterUpdates: 3 })
    const [alice] = join('alice')
    for (const word of ['a', 'b', 'c', 'd']) {
      room.receive(alice, alice.type(word))
      await clock.endTurn()
    }
    await room.settled()
    let stored = await store.load('notes')
    expect(storedText(stored.snapshot!)).toBe('abc')
    expect(stored.log).toHaveLength(1)

    await room.close()
    stored = await store.load('notes')
    expect(storedText(stored.snapshot!)).toBe('abcd')
    expect(stored.log).toHaveLength(0)
  })

  it('stores and relays the next keystrokes while a compaction is under way', async () => {
    const store = new MemoryStore()
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const compact = store.compact.bind(store)
    store.compact = async (...args) => {
      await gate
      return compact(...args)
    }
    const { room, clock, join } = await openRoom({ store, compactAfterUpdates: 2 })
    const [alice, bob] = join('alice', 'bob')
    for (const word of ['a', 'b', 'c']) {
      room.receive(alice, alice.type(word))
      await clock.endTurn()
    }
    // The compaction begun after 'b' has not ended, yet 'c' is stored and relayed.
    expect(bob.text).toBe('abc')
    expect((await store.load('notes')).log).toHaveLength(3)
    let settled = false
    const settling = room.settled().then(() => (settled = true))
    await clock.endTurn()
    expect(settled).toBe(false)

    release()
    await settling
    const stored = await store.load('notes')
    expect(stored.log.map((entry) => entry.seq)).toEqual([3])
    expect(storedText(Y.mergeUpdates([stored.snapshot!, ...stored.log.map((entry) => entry.update)]))).toBe('abc')
  })

  it('leaves a shared document’s compaction to the relay granted the claim', async () => {
    // Two relays' rooms of one document, on a store that hands out compaction claims, as Postgres does.
    const { first, second, clock, counts } = await twoRelays()
    const [alice] = first.join('alice')
    const [bob] = second.join('bob')
    for (const word of ['a', 'b']) {
      first.room.receive(alice, alice.type(word))
      await clock.endTurn()
      await second.catchUp()
    }
    // Each types in the same turn: both rooms count three entries and find the log due together.
    first.room.receive(alice, alice.type('c'))
    second.room.receive(bob, bob.type('d'))
    await clock.endTurn()
    await Promise.all([first.room.settled(), second.room.settled()])
    // One was granted the claim and compacted; the other, refused, asks again and finds the log compacted.
    clock.advance(50)
    await Promise.all([first.room.settled(), second.room.settled()])
    expect([counts.first, counts.second]).toEqual(expect.arrayContaining([{ compacted: 1, skipped: 0 }, { compacted: 0, skipped: 1 }]))
    const stored = await first.store.load('notes')
    const text = storedText(Y.mergeUpdates([stored.snapshot!, ...stored.log.map((entry) => entry.update)]))
    expect([...text].sort().join('')).toBe('abcd')
  })

  it('compacts a shared document once a claim that was never used runs out', async () => {
    const { first, clock, counts } = await twoRelays({ retry: 1_000 })
    // A relay claimed the compaction and died before making it.
    expect((await first.store.claimCompaction('notes', 30_000)).claimed).toBe(true)
    const [alice] = first.join('alice')
    for (const word of ['a', 'b', 'c']) {
      first.room.receive(alice, alice.type(word))
      await clock.endTurn()
      await first.room.settled()
    }
    clock.advance(28_000)
    await first.room.settled()
    expect(counts.first.compacted).toBe(0)

    clock.advance(3_000)
    await first.room.settled()
    expect(counts.first.compacted).toBe(1)
    expect((await first.store.load('notes')).log).toEqual([])
  })

  it('loads snapshot plus log, and a reloaded room syncs a new peer', async () => {
    const { room, clock, store, join } = await openRoom({ compactAfterUpdates: 2 })
    const [alice] = join('alice')
    for (const word of ['one ', 'two ', 'three']) {
      room.receive(alice, alice.type(word))
      await clock.endTurn()
    }
    await room.settled()

    const reloaded = await Room.load('notes', { store, clock, log: silentLog })
    const fresh = new FakePeer('fresh')
    reloaded.join(fresh)
    reloaded.receive(fresh, fresh.step1())
    await reloaded.settled()
    expect(fresh.text).toBe('one two three')
  })
})

describe('Room durable acknowledgements', () => {
  it('acknowledges sync frames only once they are stored, and only to peers that asked', async () => {
    const { store, release } = gatedStore()
    const { room, clock } = await openRoom({ store })
    const alice = new FakePeer('alice')
    const stock = new FakePeer('stock')
    room.join(alice, { durableAck: true })
    room.join(stock)

    room.receive(alice, alice.type('one'))
    room.receive(alice, alice.type('two'))
    room.receive(stock, stock.type('three'))
    await clock.endTurn()
    expect(alice.acked).toBe(0)

    release()
    await room.settled()
    expect(alice.acked).toBe(2)
    expect(stock.acked).toBe(0)
    expect(stock.received.some((f) => peekMessageKind(f) === 'durableAck')).toBe(false)
  })

  it('acknowledges a sync step 2 that brings nothing new', async () => {
    const { room, clock, join } = await openRoom()
    const [bob] = join('bob')
    room.receive(bob, bob.type('shared'))
    await room.settled()
    const alice = new FakePeer('alice')
    room.join(alice, { durableAck: true })
    alice.received.length = 0
    room.receive(alice, alice.step2(Y.encodeStateVector(alice.doc)))
    await clock.endTurn()
    await room.settled()
    expect(alice.acked).toBe(1)
  })
})

describe('Room document size limit', () => {
  it('refuses an update that would pass the limit, telling the writer, storing nothing', async () => {
    const { room, clock, store, join } = await openRoom({ maxDocBytes: 200 })
    const [alice, bob] = join('alice', 'bob')
    room.receive(alice, alice.type('small'))
    await room.settled()

    room.receive(bob, bob.type('x'.repeat(500)))
    await clock.endTurn()
    await room.settled()

    expect(bob.closed?.code).toBe(CloseCode.DocumentTooLarge)
    expect(bob.closed?.reason).toMatch(/limit of 200 bytes/)
    expect(alice.closed).toBeNull()
    expect(alice.text).toBe('small')
    expect(storedText(Y.mergeUpdates((await store.load('notes')).log.map((entry) => entry.update)))).toBe('small')
  })
})

/**
 * Rooms of document `notes` on two relays sharing one store with compaction claims (compacting
 * after 3 entries, asking again `retry` ms after a refused claim) and one manual clock, and what
 * each compacted and left to the other. `second.catchUp()` applies the entries the first stored.
 */
async function twoRelays({ retry = 50 } = {}) {
  const clock = new ManualClock()
  const store = sharedStore(new MemoryStore(), clock.now)
  const counts = { first: { compacted: 0, skipped: 0 }, second: { compacted: 0, skipped: 0 } }
  const open = (which: keyof typeof counts) =>
    openRoom({
      store,
      clock,
      compactAfterUpdates: 3,
      compactionRetryDelay: () => retry,
      observer: { compacted: () => counts[which].compacted++, compactionSkipped: () => counts[which].skipped++ },
    })
  const [first, second] = [await open('first'), await open('second')]
  const catchUp = async () => {
    for (const { seq, update } of await store.readSince('notes', second.room.seq)) second.room.applyDurable(update, seq)
  }
  return { first: { ...first, store }, second: { ...second, store, catchUp }, clock, counts }
}
