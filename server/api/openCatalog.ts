import type { DocStore } from '../store/docStore.ts'
import { SqliteStore } from '../store/sqliteStore.ts'
import { type DocCatalog, MemoryCatalog, type WriteTimes, watchWrites } from './docCatalog.ts'
import { SqliteCatalog } from './sqliteCatalog.ts'

/**
 * The catalog for `store`, and the store the relay should use in its place (one that records write
 * times for the catalog). A SQLite store is listed from its file; any other store is listed from
 * what this process wrote, which for the memory store is everything.
 */
export function openCatalog(store: DocStore): { store: DocStore; catalog: DocCatalog & { close?(): void } } {
  if (store instanceof SqliteStore) {
    const times: WriteTimes = new Map()
    return { store: watchWrites(store, times), catalog: new SqliteCatalog(store.file, times) }
  }
  const catalog = new MemoryCatalog(store)
  return { store: catalog.store, catalog }
}
