import { beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { type ChangeInput, RecordCollector } from '../history/changeRecord.ts'
import { type StoreUnderTest, typeWords } from './docStore.contract.ts'
import { StoreClosedError } from './docStore.ts'
import { openedPerTest } from './openedPerTest.ts'
import { type HistoryDocStore, changesPerChunk, keepsHistory } from './historyStore.ts'

/** A change by `author` at `at` that inserted `len` ids of client 7 from `clock`. */
function typed(author: string | null, at: number, clock: number, len = 1, deletes: ChangeInput['parts'][0]['deletes'] = []): ChangeInput {
  return { at, parts: [{ author, inserts: [[7, clock, len]], deletes }] }
}

/**
 * The history every store that keeps one promises (`historyStore.ts`), as a Vitest suite beside
 * {@link describeDocStore}: records come back as appended, a compaction files them without losing
 * or repeating one, and versions point at what was stored when they were made.
 */
export function describeHistoryStore(name: string, setup: () => Promise<StoreUnderTest>): void {
  describe(`${name} keeps history`, () => {
    const perTest = openedPerTest(setup, (store): HistoryDocStore => {
      if (!keepsHistory(store)) throw new Error(`${name} does not keep history`)
      return store
    })
    const { open } = perTest
    let store: HistoryDocStore
    beforeEach(async () => {
      store = await open()
    })

    it('gives back each appended change with its entry’s number, and reads an unrecorded one from its update', async () => {
      const [a, b, c] = typeWords(['a', 'b', 'c'])
      await store.append('doc', a, typed('Ada', 1000, 0))
      await store.append('doc', b, { at: 2000, parts: [{ author: 'Ben', inserts: [[7, 1, 1]], deletes: [[7, 0, 1]] }, { author: null, inserts: [], deletes: [[9, 4, 2]] }] })
      await store.append('doc', c)
      const [first, second, third] = await store.readChanges('doc', 0)
      expect(first).toEqual({ seq: 1, at: 1000, parts: [{ author: 'Ada', inserts: [[7, 0, 1]], deletes: [] }] })
      expect(second).toEqual({ seq: 2, at: 2000, parts: [{ author: 'Ben', inserts: [[7, 1, 1]], deletes: [[7, 0, 1]] }, { author: null, inserts: [], deletes: [[9, 4, 2]] }] })
      const client = Y.decodeUpdate(c).structs[0].id.client
      expect(third).toMatchObject({ seq: 3, parts: [{ author: null, inserts: [[client, 2, 1]], deletes: [] }] })
      expect((await store.readChanges('doc', 2)).map((r) => r.seq)).toEqual([3])
      expect(await store.readChanges('other', 0)).toEqual([])
    })

    it('keeps every record through compactions, chunk after chunk, and after reopening', async () => {
      const count = changesPerChunk + 50
      const updates = typeWords(Array.from({ length: count }, (_, i) => `${i % 10}`))
      const appended = await Promise.all(updates.slice(0, 30).map((u, i) => store.append('doc', u, typed(`p${i % 3}`, 5000 + i, i))))
      await store.compact('doc', Y.mergeUpdates(updates.slice(0, 10)), 10)
      await store.compact('doc', Y.mergeUpdates(updates.slice(0, 20)), 20)
      await Promise.all(updates.slice(30).map((u, i) => store.append('doc', u, typed(`p${(i + 30) % 3}`, 5030 + i, i + 30))))
      await store.compact('doc', Y.mergeUpdates(updates.slice(0, count - 5)), count - 5)
      expect(appended).toEqual(Array.from({ length: 30 }, (_, i) => i + 1))

      const check = async (reader: HistoryDocStore) => {
        const records = await reader.readChanges('doc', 0)
        expect(records.map((r) => r.seq)).toEqual(Array.from({ length: count }, (_, i) => i + 1))
        records.forEach((r, i) => expect(r).toEqual({ seq: i + 1, at: 5000 + i, parts: [{ author: `p${i % 3}`, inserts: [[7, i, 1]], deletes: [] }] }))
        expect((await reader.readChanges('doc', count - 7)).map((r) => r.seq)).toEqual([count - 6, count - 5, count - 4, count - 3, count - 2, count - 1, count])
        // In batches, each read going on after the last: every record once, in order.
        for (const batch of [1, 100, changesPerChunk]) {
          const seqs: number[] = []
          let reads = 0
          for (let read = await reader.readChanges('doc', 0, batch); read.length > 0; read = await reader.readChanges('doc', seqs.at(-1)!, batch)) {
            seqs.push(...read.map((r) => r.seq))
            reads++
          }
          expect(seqs).toEqual(records.map((r) => r.seq))
          expect(reads).toBeGreaterThan(1)
        }
        // Told instead of returned: the same records, each call resolving with the last one told.
        const told = new RecordCollector()
        for (let after = 0, last; (last = await reader.visitChanges('doc', after, told, 100)) !== after; after = last) {
          expect(last).toBe(told.records.at(-1)!.seq)
        }
        expect(told.records).toEqual(records)
      }
      await check(store)
      if (perTest.underTest.durable) {
        await store.close()
        await check(await open())
      }
    })

    it('files nothing twice when a compaction is older than the stored snapshot', async () => {
      const updates = typeWords(['a', 'b', 'c'])
      for (const [i, u] of updates.entries()) await store.append('doc', u, typed('Ada', i, i))
      await store.compact('doc', Y.mergeUpdates(updates), 3)
      await store.compact('doc', updates[0], 1)
      expect((await store.readChanges('doc', 0)).map((r) => r.seq)).toEqual([1, 2, 3])
    })

    it('keeps the records another instance appends while one compacts', async ({ skip }) => {
      if (!perTest.underTest.durable) skip('instances share nothing')
      const other = await open()
      const updates = typeWords(Array.from({ length: 40 }, (_, i) => `w${i}`))
      for (const [i, u] of updates.slice(0, 20).entries()) await store.append('doc', u, typed('mine', i, i))
      const theirs = Promise.all(updates.slice(20).map((u, i) => other.append('doc', u, typed('theirs', 20 + i, 20 + i))))
      await store.compact('doc', Y.mergeUpdates(updates.slice(0, 20)), 20)
      await theirs
      const records = await store.readChanges('doc', 0)
      expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1))
      expect(records.filter((r) => r.parts[0].author === 'theirs')).toHaveLength(20)
    })

    it('makes versions at what is stored, oldest first, kept through compaction', async () => {
      const updates = typeWords(['a', 'b', 'c'])
      expect(await store.addVersion('doc', { label: 'Empty', kind: 'named', by: null, restoredFrom: null, at: 10 })).toMatchObject({ seq: 0, label: 'Empty' })
      await store.append('doc', updates[0], typed('Ada', 1, 0))
      await store.append('doc', updates[1], typed('Ada', 2, 1))
      const draft = await store.addVersion('doc', { label: 'Draft sent to Ben', kind: 'named', by: 'Ada', restoredFrom: null, at: 20 })
      expect(draft).toMatchObject({ seq: 2, at: 20, label: 'Draft sent to Ben', kind: 'named', by: 'Ada', restoredFrom: null })
      await store.append('doc', updates[2], typed('Ben', 3, 2))
      await store.compact('doc', Y.mergeUpdates(updates), 3)
      const restore = await store.addVersion('doc', { label: 'Restored', kind: 'restore', by: 'Ben', restoredFrom: draft.id, at: 30 })
      expect(restore).toMatchObject({ seq: 3, kind: 'restore', restoredFrom: draft.id })
      await store.addVersion('other', { label: 'Elsewhere', kind: 'named', by: null, restoredFrom: null, at: 40 })

      const versions = await store.listVersions('doc')
      expect(versions.map((v) => v.label)).toEqual(['Empty', 'Draft sent to Ben', 'Restored'])
      expect(new Set(versions.map((v) => v.id)).size).toBe(3)
      versions.forEach((v) => expect(v.id).toMatch(/^\d+$/))
      if (perTest.underTest.durable) {
        await store.close()
        expect(await (await open()).listVersions('doc')).toEqual(versions)
      }
    })

    it('forgets a document’s records and versions, and no other’s', async () => {
      const [a] = typeWords(['a'])
      await store.append('doc', a, typed('Ada', 1, 0))
      await store.append('keep', a, typed('Ada', 1, 0))
      await store.compact('doc', a, 1)
      await store.addVersion('doc', { label: 'v', kind: 'named', by: null, restoredFrom: null, at: 1 })
      await store.removeHistory('doc')
      expect(await store.listVersions('doc')).toEqual([])
      expect(await store.readChanges('doc', 0)).toEqual([])
      expect(await store.readChanges('keep', 0)).toHaveLength(1)
    })

    it('keeps the last bundle made of a document, until its history is forgotten', async () => {
      expect(await store.keptBundle('doc')).toBeNull()
      await store.keepBundle('doc', { head: 3, versions: '1:3:Draft', data: new Uint8Array([1, 2, 3]) })
      await store.keepBundle('doc', { head: 5, versions: '1:3:Draft\n2:5:Final', data: new Uint8Array([4, 5]) })
      await store.keepBundle('keep', { head: 1, versions: '', data: new Uint8Array([6]) })
      const kept = { head: 5, versions: '1:3:Draft\n2:5:Final', data: new Uint8Array([4, 5]) }
      expect(await store.keptBundle('doc')).toEqual(kept)
      if (perTest.underTest.durable) {
        await store.close()
        store = await open()
        expect(await store.keptBundle('doc')).toEqual(kept)
      }
      await store.removeHistory('doc')
      expect(await store.keptBundle('doc')).toBeNull()
      expect(await store.keptBundle('keep')).toEqual({ head: 1, versions: '', data: new Uint8Array([6]) })
    })

    it('rejects history calls once closed', async () => {
      await store.close()
      await expect(store.readChanges('doc', 0)).rejects.toThrow(StoreClosedError)
      await expect(store.listVersions('doc')).rejects.toThrow(StoreClosedError)
      await expect(store.addVersion('doc', { label: 'x', kind: 'named', by: null, restoredFrom: null, at: 0 })).rejects.toThrow(StoreClosedError)
    })
  })
}
