import { beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { contents, typeWords } from './docStore.contract.ts'
import type { CatalogedStore } from './docCatalog.ts'
import { keepsHistory } from './historyStore.ts'
import { openedPerTest } from './openedPerTest.ts'

/** How the catalog contract reaches one kind of store; see `StoreUnderTest` in the store contract. */
export interface CatalogUnderTest {
  /** Opens an instance; within one test, durable instances share one fresh database. */
  open(): Promise<CatalogedStore>
  /** Whether instances share one database. */
  durable: boolean
}

/**
 * The behaviour every {@link DocCatalog} promises, as a Vitest suite: call it from a store's own
 * test file with a function that prepares a fresh database for each test.
 */
export function describeDocCatalog(name: string, setup: () => Promise<CatalogUnderTest>): void {
  describe(`${name} keeps the DocCatalog contract`, () => {
    const perTest = openedPerTest(setup)
    const { open } = perTest
    let store: CatalogedStore
    beforeEach(async () => {
      store = await open()
    })

    it('lists nothing, and knows nothing, in an empty store', async () => {
      expect(await store.catalog.list(null, 10)).toEqual([])
      expect(await store.catalog.exists('never')).toBe(false)
    })

    it('lists the documents that hold anything, in byte order, page by page', async () => {
      const names = ['b', 'é', 'a', 'c/d', 'Z', 'a b']
      for (const doc of names) await store.append(doc, typeWords([doc])[0])
      const all = ['Z', 'a', 'a b', 'b', 'c/d', 'é']
      expect((await store.catalog.list(null, 10)).map((doc) => doc.name)).toEqual(all)
      expect((await store.catalog.list(null, 2)).map((doc) => doc.name)).toEqual(['Z', 'a'])
      expect((await store.catalog.list('a', 2)).map((doc) => doc.name)).toEqual(['a b', 'b'])
      expect((await store.catalog.list('c/d', 10)).map((doc) => doc.name)).toEqual(['é'])
      expect(await store.catalog.list('é', 10)).toEqual([])
    })

    it('sizes a document as its snapshot plus its log, before and after a compaction', async () => {
      const updates = typeWords(['one ', 'two ', 'three'])
      for (const update of updates) await store.append('doc', update)
      const logged = updates.reduce((sum, update) => sum + update.length, 0)
      expect(await store.catalog.list(null, 10)).toEqual([{ name: 'doc', bytes: logged, updatedAt: expect.any(String) }])

      const snapshot = Y.mergeUpdates(updates.slice(0, 2))
      await store.compact('doc', snapshot, 2)
      expect((await store.catalog.list(null, 10))[0].bytes).toBe(snapshot.length + updates[2].length)
      expect(await store.catalog.exists('doc')).toBe(true)
    })

    it('dates a document by its last append, as stored', async () => {
      const [first, second] = typeWords(['a', 'b'])
      await store.append('doc', first)
      const before = Date.now()
      await store.append('doc', second)
      const after = Date.now()
      const [{ updatedAt }] = await store.catalog.list(null, 1)
      const at = Date.parse(updatedAt!)
      // A database server's clock may round to its own precision; a second either way is plenty.
      expect(at).toBeGreaterThanOrEqual(before - 1000)
      expect(at).toBeLessThanOrEqual(after + 1000)
    })

    it('removes every trace of one document, which then starts over at 1, and only of it', async () => {
      const [a, b, c] = typeWords(['a', 'b', 'c'])
      await store.append('gone', a)
      await store.append('gone', b)
      await store.compact('gone', Y.mergeUpdates([a, b]), 1)
      await store.append('kept', c)

      await store.catalog.remove('gone')
      expect(await store.catalog.exists('gone')).toBe(false)
      expect((await store.catalog.list(null, 10)).map((doc) => doc.name)).toEqual(['kept'])
      expect(contents(await store.load('gone'))).toEqual({ snapshot: null, log: [], seq: 0 })
      expect(await store.append('gone', c)).toBe(1)
      expect(await store.catalog.exists('kept')).toBe(true)
    })

    it('removes a document’s history with it: records, versions and the kept bundle', async ({ skip }) => {
      if (!keepsHistory(store)) return skip('this store keeps no history')
      const [a, b] = typeWords(['a', 'b'])
      await store.append('gone', a, { at: 1, parts: [{ author: 'ada', inserts: [], deletes: [] }] })
      await store.addVersion('gone', { at: 2, label: 'draft', kind: 'named', by: 'ada', restoredFrom: null })
      await store.keepBundle('gone', { head: 1, versions: '', data: new Uint8Array([1, 2, 3]) })

      await store.catalog.remove('gone')
      expect(await store.keptBundle('gone')).toBeNull()
      expect(await store.listVersions('gone')).toEqual([])
      expect(await store.readChanges('gone', 0)).toEqual([])
      await store.append('gone', b)
      expect((await store.readChanges('gone', 0)).map((change) => change.parts[0].author)).toEqual([null])
    })

    it('lists and removes, through any instance, what another instance wrote', async ({ skip }) => {
      if (!perTest.underTest.durable) skip('instances share nothing')
      const other = await open()
      await other.append('theirs', typeWords(['x'])[0])
      expect(await store.catalog.exists('theirs')).toBe(true)
      expect((await store.catalog.list(null, 10)).map((doc) => doc.name)).toEqual(['theirs'])
      await store.catalog.remove('theirs')
      expect(await other.catalog.exists('theirs')).toBe(false)
      expect(await other.load('theirs')).toMatchObject({ seq: 0, log: [] })
    })
  })
}
