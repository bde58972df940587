import * as prng from 'lib0/prng'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { decodeBundle, encodeBundle } from '../../shared/history/historyBundle.ts'
import { runsAtPoints } from '../../shared/history/pointRuns.ts'
import { type Segment, compareAt, textAt } from '../../shared/history/runTable.ts'
import { FakePeer } from '../../test/helpers/fakes.ts'
import { openRoom } from '../../test/helpers/room.ts'
import { seededRandom } from '../../test/helpers/seed.ts'
import { MemoryStore } from '../store/memoryStore.ts'
import { bundleOf } from './bundleOf.ts'
import { DocHistory } from './docHistory.ts'

/**
 * Three people type, delete and go quiet in one room at random (several in one turn, some offline
 * for a while so their edits arrive late and merged), with compactions along the way. Returns the
 * store and the text the relay held right after each stored change.
 */
/** A random session of `turns` turns; the room compacts every `compactAfterUpdates` updates. */
async function randomHistory(gen: prng.PRNG, turns: number, compactAfterUpdates = 7) {
  const store = new MemoryStore()
  const { room, clock, join } = await openRoom({ store, compactAfterUpdates })
  const people = join('ada', 'ben', 'cy')
  people.forEach((peer, i) => room.receive(peer, peer.present({ user: { name: ['Ada', 'Ben', 'Cy'][i] } })))
  const offline = new Map<FakePeer, Uint8Array[]>()
  const expected = new Map<number, string>([[0, '']])
  for (let turn = 0; turn < turns; turn++) {
    for (const peer of people) {
      if (!prng.bool(gen)) continue
      const length = peer.text.length
      const frame =
        length > 0 && prng.int32(gen, 0, 2) === 0
          ? peer.erase(prng.int32(gen, 0, length - 1), 1 + prng.int32(gen, 0, Math.min(4, length - 1)))
          : peer.type(prng.word(gen, 1, 4), prng.int32(gen, 0, length))
      if (offline.has(peer)) offline.get(peer)!.push(frame)
      else room.receive(peer, frame)
    }
    const peer = people[prng.int32(gen, 0, 2)]
    if (offline.has(peer)) {
      for (const frame of offline.get(peer)!) room.receive(peer, frame)
      offline.delete(peer)
    } else if (prng.int32(gen, 0, 5) === 0) offline.set(peer, [])
    clock.time += prng.int32(gen, 10, 40_000)
    await clock.endTurn()
    await room.settled()
    const { seq } = await store.load('notes')
    expected.set(seq, room.doc.getText('codemirror').toString())
    // Everyone online hears everything, as their providers would.
    for (const each of people) each.takeFrames()
  }
  return { store, room, expected }
}

describe('DocHistory', () => {
  it('rebuilds the text after every stored change of a random session with several writers', async () => {
    const { gen } = seededRandom('history replay')
    const { store, expected } = await randomHistory(gen, 120)
    const history = await DocHistory.open(store, 'notes')
    const runs = history.runTable()
    const seqs = [...expected.keys()]
    for (const seq of seqs) expect(textAt(runs, seq), `text after change ${seq}`).toBe(expected.get(seq))
    expect(history.changes.seq).toEqual(seqs.slice(1))
    // Comparing two points shows the later text plus what was removed in between.
    const [from, to] = [seqs[Math.floor(seqs.length / 3)], seqs.at(-1)!]
    const segments = compareAt(runs, from, to)
    expect(segments.filter((s) => s.kind !== 'removed').map((s) => s.text).join('')).toBe(expected.get(to))
    expect(segments.filter((s) => s.kind !== 'added').map((s) => s.text).join('')).toBe(expected.get(from))
    expect(history.names.slice(1).sort()).toEqual(['Ada', 'Ben', 'Cy'])
  })

  it('gives the same texts and comparisons at the points a panel shows from far fewer runs', async () => {
    const { gen, seed } = seededRandom('history points')
    const { store, expected } = await randomHistory(gen, 120)
    const history = await DocHistory.open(store, 'notes')
    const all = [...expected.keys()]
    const points = [0, ...all.filter((seq) => seq > 0 && prng.int32(gen, 0, 9) === 0), all.at(-1)!]
    const runs = runsAtPoints(history.runTable(), points)
    expect(runs.count, `seed ${seed}`).toBeLessThan(history.runTable().count)
    for (const seq of points) expect(textAt(runs, seq), `text after change ${seq}`).toBe(expected.get(seq))
    // Runs no point shows split a comparison's segments where they lay; the coarse table has none.
    const merged = (segments: Segment[]) => segments.reduce<Segment[]>((out, s) => {
      const last = out.at(-1)
      if (last && last.kind === s.kind && last.by === s.by) last.text += s.text
      else out.push({ ...s })
      return out
    }, [])
    for (let i = 1; i < points.length; i++) expect(merged(compareAt(runs, points[i - 1], points[i]))).toEqual(merged(compareAt(history.runTable(), points[i - 1], points[i])))
  })

  it('sends the panel a bundle that reads back as made, with a stop where an absence began', async () => {
    const { gen } = seededRandom('history bundle')
    const { store, expected } = await randomHistory(gen, 40)
    const history = await DocHistory.open(store, 'notes')
    const { seq, at } = history.changes
    const middle = Math.floor(seq.length / 2)
    const bundle = bundleOf(history, [], at.at(-1)! + 7200_000, at[middle] + 1)
    expect(bundle.awaySeq).toBe(seq[middle])
    expect(bundle.points.map((p) => p.seq)).toEqual([seq[middle], seq.at(-1)])
    expect(bundle.points[1].authors.map((i) => bundle.names[i]).sort()).toEqual(history.authorsBetween(seq[middle], seq.at(-1)!).sort())
    expect(decodeBundle(encodeBundle(bundle))).toEqual(bundle)
    expect(textAt(bundle.runs, seq[middle])).toBe(expected.get(seq[middle]))
    expect(textAt(bundle.runs, bundle.head)).toBe(expected.get(bundle.head))
  })

  /**
   * Reads a history, stores one more change, refreshes, then lets the room's closing compaction
   * pass it by. The room compacts only when it closes: with compactions every few updates, the
   * change stored after the read could itself bring one, and the first refresh rightly said
   * "reopen me" (seed 782404268).
   */
  async function refreshAndReopen(gen: prng.PRNG) {
    const { store, room, expected } = await randomHistory(gen, 10, 10_000)
    const history = await DocHistory.open(store, 'notes')
    const ada = new FakePeer('late')
    room.join(ada)
    ada.takeFrames()
    room.receive(ada, ada.present({ user: { name: 'Late' } }))
    room.receive(ada, ada.type('!'))
    await room.settled()
    const { seq } = await store.load('notes')
    expect(await history.refresh()).toBe(true)
    expect(history.seq).toBe(seq)
    expect(textAt(history.runTable(), seq)).toBe(room.doc.getText('codemirror').toString())
    expect(history.authorsBetween(seq - 1, seq)).toEqual(['Late'])
    for (const [at, text] of expected) expect(textAt(history.runTable(), at)).toBe(text)

    room.receive(ada, ada.type('?'))
    await room.close()
    expect(await history.refresh()).toBe(false)
    const reopened = await DocHistory.open(store, 'notes')
    expect(textAt(reopened.runTable(), seq + 1)).toBe(`${room.doc.getText('codemirror')}`)
  }

  it('catches up with changes stored since it was read, and asks to be reopened after a compaction passed it', async () => {
    await refreshAndReopen(seededRandom('history refresh').gen)
  })

  it('catches up and asks to be reopened with seed 782404268, whose next change once brought a compaction', async () => {
    await refreshAndReopen(seededRandom('history refresh', 782404268).gen)
  })

  it('puts the away stop before the first insertion the tab had not seen, however late its request reaches the relay', async () => {
    const store = new MemoryStore()
    const { room, clock, join } = await openRoom({ store })
    const [ada] = join('ada')
    room.receive(ada, ada.present({ user: { name: 'Ada' } }))
    room.receive(ada, ada.type('Hello. '))
    await clock.endTurn()
    await room.settled()
    clock.time += 1000
    // Ben's tab leaves having seen everything; Ada types 200 ms later.
    const left = Y.decodeStateVector(Y.encodeStateVector(room.doc))
    const leftAt = clock.now()
    clock.time += 200
    room.receive(ada, ada.type('While Ben was away. '))
    await clock.endTurn()
    await room.settled()
    clock.time += 5000

    const history = await DocHistory.open(store, 'notes')
    const [hello, away] = history.changes.seq
    expect(history.firstUnseen(left)).toBe(away)
    expect(history.firstUnseen(Y.decodeStateVector(Y.encodeStateVector(room.doc)))).toBeNull()
    // Ben's request reached the relay 500 ms after he left (counted back by time alone, Ada's edit
    // would look seen); what his tab had seen puts the stop right.
    expect(bundleOf(history, [], clock.now(), leftAt + 500).awaySeq).toBe(away)
    expect(bundleOf(history, [], clock.now(), leftAt + 500, left).awaySeq).toBe(hello)
    expect(bundleOf(history, [], clock.now(), leftAt - 10_000, left).awaySeq).toBe(0)
  })

  it('shows text written before history began as there from the start', async () => {
    const store = new MemoryStore()
    const peer = new FakePeer('old')
    const frame = peer.type('kept from before')
    const { decodeMessage } = await import('../../shared/index.ts')
    const message = decodeMessage(frame)
    if (message.type !== 'syncUpdate') throw new Error('expected an update')
    await store.compact('notes', message.update, await store.append('notes', message.update))
    await store.removeHistory('notes')
    const history = await DocHistory.open(store, 'notes')
    expect(textAt(history.runTable(), 0)).toBe('kept from before')
  })
})
