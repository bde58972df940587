import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { appendInTurns, killedWhileCompacting, racingProcesses } from './docStore.contractProcesses.ts'
import { type DocStore, type LogEntry, LogCompactedError, type StoredDoc, StoreClosedError } from './docStore.ts'
import { openedPerTest } from './openedPerTest.ts'

/** What every store loads for a document: its snapshot, log and sequence number, without extras (a generation). */
export function contents({ snapshot, log, seq }: StoredDoc): Pick<StoredDoc, 'snapshot' | 'log' | 'seq'> {
  return { snapshot, log, seq }
}

/** How the contract suite reaches one kind of store. */
export interface StoreUnderTest {
  /**
   * Opens an instance. Within one test, every instance opened over a store that outlives its
   * instance (`durable`) reaches the same database, fresh for that test.
   */
  open(): Promise<DocStore>
  /** Whether instances share one database, so that several can write it at once and a reopened one finds the data. */
  durable: boolean
  /**
   * For durable stores: module source, run in a child process, whose top level declares
   * `const store` (an open instance over the test's database).
   */
  openInChild?: string
}

const projectRoot = fileURLToPath(new URL('../..', import.meta.url))

/**
 * The behaviour every {@link DocStore} promises, as a Vitest suite: call it from a store's own
 * test file with a function that prepares a fresh database for each test.
 */
export function describeDocStore(name: string, setup: () => Promise<StoreUnderTest>): void {
  describe(`${name} keeps the DocStore contract`, () => {
    const perTest = openedPerTest(setup)
    const { open } = perTest
    let store: DocStore
    beforeEach(async () => {
      store = await open()
    })

    it('loads an unknown document as empty, at sequence number 0', async () => {
      expect(contents(await store.load('never'))).toEqual({ snapshot: null, log: [], seq: 0 })
      expect(await store.readSince('never', 0)).toEqual([])
    })

    it('numbers each document’s appends from 1 and loads them back, in order and intact', async () => {
      const [a, b, c] = typeWords(['a', 'b', 'c'])
      const [x] = typeWords(['x'])
      expect(await store.append('one', a)).toBe(1)
      expect(await store.append('two', x)).toBe(1)
      expect(await store.append('one', b)).toBe(2)
      expect(await store.append('one', c)).toBe(3)

      const one = await store.load('one')
      expect(contents(one)).toEqual({ snapshot: null, log: [entry(1, a), entry(2, b), entry(3, c)], seq: 3 })
      expect(textOf(one)).toBe('abc')
      expect(textOf(await store.load('two'))).toBe('x')
    })

    it('numbers appends made together in the order they were made', async () => {
      const updates = typeWords(['1', '2', '3', '4', '5'])
      const other = typeWords(['o', 'p'])
      const seqs = await Promise.all([
        store.append('doc', updates[0]),
        store.append('other', other[0]),
        ...updates.slice(1).map((update) => store.append('doc', update)),
        store.append('other', other[1]),
      ])
      expect(seqs).toEqual([1, 1, 2, 3, 4, 5, 2])
      expect((await store.load('doc')).log).toEqual(updates.map((update, i) => entry(i + 1, update)))
    })

    it('reads the entries after a sequence number, for a reader catching up', async () => {
      const [a, b, c] = typeWords(['a', 'b', 'c'])
      for (const update of [a, b, c]) await store.append('doc', update)
      expect(await store.readSince('doc', 1)).toEqual([entry(2, b), entry(3, c)])
      expect(await store.readSince('doc', 0)).toEqual([entry(1, a), entry(2, b), entry(3, c)])
      expect(await store.readSince('doc', 3)).toEqual([])
      await expect(store.readSince('doc', -1)).rejects.toThrow(RangeError)
      await expect(store.readSince('doc', 1.5)).rejects.toThrow(RangeError)
    })

    it('compacts through a sequence number: later entries stay, numbering goes on', async () => {
      const updates = typeWords(['he', 'llo', ' wor', 'ld'])
      for (const update of updates.slice(0, 3)) await store.append('doc', update)
      await store.compact('doc', Y.mergeUpdates(updates.slice(0, 2)), 2)
      expect(await store.append('doc', updates[3])).toBe(4)

      const stored = await store.load('doc')
      expect(stored.log).toEqual([entry(3, updates[2]), entry(4, updates[3])])
      expect(stored.seq).toBe(4)
      expect(textOf({ ...stored, log: [] })).toBe('hello')
      expect(textOf(stored)).toBe('hello world')
      expect(await store.readSince('doc', 2)).toEqual(stored.log)
      const behind = await store.readSince('doc', 1).catch((error: unknown) => error)
      expect(behind).toBeInstanceOf(LogCompactedError)
      expect(behind).toMatchObject({ seq: 1, compactedThrough: 2 })
    })

    it('ignores a compaction older than the stored snapshot, and refuses one past the last entry', async () => {
      const updates = typeWords(['a', 'b', 'c'])
      for (const update of updates) await store.append('doc', update)
      const newer = Y.mergeUpdates(updates)
      await store.compact('doc', newer, 3)
      await store.compact('doc', Y.mergeUpdates(updates.slice(0, 1)), 1)
      await expect(store.compact('doc', newer, 4)).rejects.toThrow(RangeError)
      await expect(store.compact('unknown', newer, 1)).rejects.toThrow(RangeError)
      expect(contents(await store.load('doc'))).toEqual({ snapshot: newer, log: [], seq: 3 })
      expect(contents(await store.load('unknown'))).toEqual({ snapshot: null, log: [], seq: 0 })
    })

    it('never repeats a sequence number after the whole log is compacted, nor after reopening', async () => {
      const updates = typeWords(['a', 'b', 'c'])
      await store.append('doc', updates[0])
      await store.append('doc', updates[1])
      await store.compact('doc', Y.mergeUpdates(updates.slice(0, 2)), 2)
      expect(await store.load('doc')).toMatchObject({ log: [], seq: 2 })
      if (perTest.underTest.durable) {
        await store.close()
        store = await open()
        expect(await store.load('doc')).toMatchObject({ log: [], seq: 2 })
      }
      expect(await store.append('doc', updates[2])).toBe(3)
      expect(textOf(await store.load('doc'))).toBe('abc')
    })

    it('rejects every call once closed; closing again is fine', async () => {
      await store.close()
      await store.close()
      const [a] = typeWords(['a'])
      await expect(store.append('doc', a)).rejects.toThrow(StoreClosedError)
      await expect(store.load('doc')).rejects.toThrow(StoreClosedError)
      await expect(store.readSince('doc', 0)).rejects.toThrow(StoreClosedError)
      await expect(store.compact('doc', a, 0)).rejects.toThrow(StoreClosedError)
    })

    it('commits what was appended just before close', async () => {
      const appended = typeWords(['a', 'b']).map((update) => store.append('doc', update))
      await store.close()
      expect(await Promise.all(appended)).toEqual([1, 2])
      if (perTest.underTest.durable) expect(textOf(await (await open()).load('doc'))).toBe('ab')
    })

    describe('with several instances on one database', () => {
      it('numbers concurrent appends from two instances once each, without gaps', async ({ skip }) => {
        if (!perTest.underTest.durable) skip('instances share nothing')
        const other = await open()
        const mine = typeWords(Array.from({ length: 40 }, (_, i) => `m${i} `))
        const theirs = typeWords(Array.from({ length: 40 }, (_, i) => `t${i} `))
        const appended = await Promise.all([
          inTurns(mine, (update) => store.append('doc', update)),
          inTurns(theirs, (update) => other.append('doc', update)),
        ])
        const seqs = appended.flat()
        expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1))
        for (const own of appended) expect(own).toEqual([...own].sort((a, b) => a - b))

        const stored = await (await open()).load('doc')
        const bySeq = new Map(stored.log.map(({ seq, update }) => [seq, update]))
        appended[0].forEach((seq, i) => expect(bySeq.get(seq)).toEqual(mine[i]))
        appended[1].forEach((seq, i) => expect(bySeq.get(seq)).toEqual(theirs[i]))
      })

      it('keeps every entry another instance appends while one compacts', async ({ skip }) => {
        if (!perTest.underTest.durable) skip('instances share nothing')
        const other = await open()
        const words = Array.from({ length: 60 }, (_, i) => `w${i} `)
        const updates = typeWords(words)
        let seq = 0
        for (const update of updates.slice(0, 20)) seq = await store.append('doc', update)
        // The other instance appends in turns while this one compacts what it has, twice.
        const appending = inTurns(updates.slice(20), (update) => other.append('doc', update))
        await store.compact('doc', Y.mergeUpdates(updates.slice(0, 10)), 10)
        await store.compact('doc', Y.mergeUpdates(updates.slice(0, 20)), seq)
        const theirs = await appending

        const stored = await store.load('doc')
        expect(stored.log.map((e) => e.seq)).toEqual(theirs)
        expect(textOf(stored)).toBe(words.join(''))
      })
    })

    it('numbers the appends of two processes writing at once once each, in each one’s order', async ({ skip }) => {
      if (!perTest.underTest.openInChild) skip('the store does not outlive its process')
      const writers = ['a', 'b'].map((id) => Array.from({ length: 300 }, (_, i) => `${id}${i} `))
      const seqs = await racingProcesses(writers.map((words) => appendInTurns(perTest.underTest.openInChild!, words)))
      expect(seqs.flat().sort((x, y) => x - y)).toEqual(Array.from({ length: 600 }, (_, i) => i + 1))
      for (const own of seqs) expect(own).toEqual([...own].sort((x, y) => x - y))
      // Each process's numbers interleave with the other's: they really wrote at once.
      expect(seqs[0].at(-1)! > seqs[1][0] && seqs[1].at(-1)! > seqs[0][0]).toBe(true)
      const text = textOf(await store.load('race'))
      for (const word of writers.flat()) expect(text).toContain(word)
    })

    it('keeps every acknowledged append of a process killed before, or while, it compacts', async ({ skip }) => {
      if (!perTest.underTest.openInChild) skip('the store does not outlive its process')
      const words = Array.from({ length: 200 }, (_, i) => `${i % 10}`)
      const child = spawnSync(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', killedWhileCompacting(perTest.underTest.openInChild!, words)],
        { cwd: projectRoot, encoding: 'utf8' },
      )
      expect(child.signal, child.stderr).toBe('SIGKILL')
      expect(JSON.parse(child.stdout)).toEqual(words.map((_, i) => i + 1))

      const stored = await store.load('crash')
      expect(textOf(stored)).toBe(words.join(''))
      expect(stored.seq).toBe(200)
      // The compaction either committed in full or not at all.
      const kept = stored.log.map((e) => e.seq)
      if (stored.snapshot) expect(kept).toEqual(Array.from({ length: 100 }, (_, i) => i + 101))
      else expect(kept).toEqual(Array.from({ length: 200 }, (_, i) => i + 1))
      expect(await store.append('crash', typeWords(['!'])[0])).toBe(201)
      await store.compact('crash', Y.mergeUpdates(stored.log.map((e) => e.update)), 200)
      expect(await store.load('crash')).toMatchObject({ log: [{ seq: 201 }], seq: 201 })
    })
  })
}

/** Appends `updates` one after another, each once the last resolved; resolves with their numbers. */
async function inTurns(updates: Uint8Array[], append: (update: Uint8Array) => Promise<number>): Promise<number[]> {
  const seqs: number[] = []
  for (const update of updates) seqs.push(await append(update))
  return seqs
}

function entry(seq: number, update: Uint8Array): LogEntry {
  return { seq, update }
}

/** Builds a document by typing `words` at its end, one update each; returns the updates. */
export function typeWords(words: string[]): Uint8Array[] {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  for (const word of words) doc.getText('codemirror').insert(doc.getText('codemirror').length, word)
  return updates
}

/** The text of a stored document: its snapshot, then its log. */
export function textOf(stored: Pick<StoredDoc, 'snapshot' | 'log'>): string {
  const doc = new Y.Doc()
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
  for (const { update } of stored.log) Y.applyUpdate(doc, update)
  return doc.getText('codemirror').toString()
}
