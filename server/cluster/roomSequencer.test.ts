import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { silentLog } from '../../test/helpers/fakes.ts'
import { openRoom } from '../../test/helpers/room.ts'
import type { Clock } from '../clock.ts'
import { MemoryStore } from '../store/memoryStore.ts'
import { RoomSequencer, type StoreReadCause } from './roomSequencer.ts'

/** A manual clock whose turns end, and whose repeating timers fire, when the test says so. */
class StepClock implements Clock {
  time = 0
  private turn: Array<() => void> = []
  private timers: Array<{ at: number; ms: number; fn: () => void; live: boolean }> = []
  now = () => this.time
  afterTurn(fn: () => void): void {
    this.turn.push(fn)
  }
  every(ms: number, fn: () => void): () => void {
    const timer = { at: this.time + ms, ms, fn, live: true }
    this.timers.push(timer)
    return () => void (timer.live = false)
  }
  after(ms: number, fn: () => void): () => void {
    const cancel = this.every(ms, () => {
      cancel()
      fn()
    })
    return cancel
  }
  /** Runs what waits for the end of the turn, then lets promises settle. */
  async endTurn(): Promise<void> {
    for (const fn of this.turn.splice(0)) fn()
    await settle()
  }
  /** Moves time on by `ms`, firing the timers that fall due, each in a turn of its own. */
  async advance(ms: number): Promise<void> {
    const until = this.time + ms
    await this.endTurn()
    for (;;) {
      this.timers = this.timers.filter((t) => t.live)
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0]
      if (!due) break
      this.time = due.at
      due.at += due.ms
      due.fn()
      await settle()
      await this.endTurn()
    }
    this.time = until
    await this.endTurn()
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

/** A store shared with "another relay" that writes `words`, one entry each; and a room on it. */
async function setup(words: string[]) {
  const store = new MemoryStore()
  const writer = new Y.Doc()
  const entries: Uint8Array[] = []
  writer.on('update', (update: Uint8Array) => entries.push(update))
  for (const word of words) writer.getText('codemirror').insert(writer.getText('codemirror').length, word)
  const clock = new StepClock()
  const { room, join } = await openRoom({ store, clock })
  for (const update of entries) await store.append('notes', update)
  const reads = { count: 0 }
  const readSince = store.readSince.bind(store)
  store.readSince = (name, seq) => {
    reads.count++
    return readSince(name, seq)
  }
  const heard: Array<[StoreReadCause, number]> = []
  const sequencer = new RoomSequencer(room, store, clock, silentLog, { gapWaitMs: 200, retryMs: 100 }, (cause, count) => heard.push([cause, count]))
  return { store, clock, room, join, entries, reads, heard, sequencer }
}

describe('RoomSequencer', () => {
  it('applies entries from the bus in any order, reading nothing while none is missing', async () => {
    const { room, clock, entries, reads, sequencer } = await setup(['a', 'b', 'c'])
    sequencer.received(2, entries[1])
    sequencer.received(3, entries[2])
    await clock.advance(100)
    sequencer.received(1, entries[0])
    await clock.advance(1000)
    expect(room.seq).toBe(3)
    expect(room.doc.getText('codemirror').toString()).toBe('abc')
    expect(reads.count).toBe(0)
  })

  it('reads from the store what the bus lost, once the gap has stayed open a while', async () => {
    const { room, clock, entries, reads, heard, sequencer, join } = await setup(['a', 'b', 'c'])
    const [alice] = join('alice')
    sequencer.received(3, entries[2])
    await clock.advance(150)
    expect(reads.count).toBe(0)
    await clock.advance(100)
    expect(reads.count).toBe(1)
    expect(heard).toEqual([['gap', 3]])
    expect(room.seq).toBe(3)
    expect(alice.text).toBe('abc')
  })

  it('catches up on demand, and after a compaction past its number reads the whole document', async () => {
    const { store, room, clock, entries, heard, sequencer } = await setup(['he', 'llo', '!'])
    await store.compact('notes', Y.mergeUpdates(entries.slice(0, 2)), 2)
    await sequencer.catchUp()
    await clock.endTurn()
    expect(heard).toEqual([['resync', 2]])
    expect(room.seq).toBe(3)
    expect(room.doc.getText('codemirror').toString()).toBe('hello!')
  })

  it('retries a failed read, backing off, until the store answers', async () => {
    const { store, room, clock, entries, heard, sequencer } = await setup(['x', 'y'])
    const readSince = store.readSince.bind(store)
    let failing = true
    let attempts = 0
    store.readSince = async (name, seq) => {
      attempts++
      if (failing) throw new Error('the database is down')
      return readSince(name, seq)
    }
    sequencer.received(2, entries[1])
    await clock.advance(200)
    expect(attempts).toBe(1)
    await clock.advance(100 + 200 + 400)
    expect(attempts).toBe(4)
    failing = false
    await clock.advance(800)
    expect(room.seq).toBe(2)
    expect(heard).toEqual([['retry', 2]])
    await clock.advance(10_000)
    expect(attempts).toBe(5)
  })

  it('stops reading when the store has nothing past its number (a head announced before a deletion)', async () => {
    const { room, clock, reads, heard, sequencer } = await setup([])
    sequencer.reached(9)
    await clock.advance(250)
    expect(reads.count).toBe(1)
    expect(heard).toEqual([['gap', 0]])
    await clock.advance(10_000)
    expect(reads.count).toBe(1)
    expect(room.seq).toBe(0)
  })

  it('does nothing once stopped', async () => {
    const { room, clock, entries, reads, sequencer } = await setup(['a', 'b'])
    sequencer.stop()
    sequencer.received(2, entries[1])
    await sequencer.catchUp()
    await clock.advance(1000)
    expect(reads.count).toBe(0)
    expect(room.seq).toBe(0)
  })
})
