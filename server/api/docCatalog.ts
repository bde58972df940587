import * as Y from 'yjs'
import type { DocStore, StoredDoc } from '../store/docStore.ts'
import { keepsHistory } from '../store/historyStore.ts'

/** One document in the list of all documents. */
export interface DocSummary {
  name: string
  /** Stored size: snapshot plus log, in bytes. */
  bytes: number
  /** When it was last written, as an ISO 8601 time, or null if unknown. */
  updatedAt: string | null
}

/**
 * What the HTTP API needs of the store beyond `DocStore`: listing documents in name order and
 * removing one. `remove` must be called only once no room of the document is loaded.
 */
export interface DocCatalog {
  /** Up to `limit` documents whose names sort after `after` (from the start when null), in name order. */
  list(after: string | null, limit: number): Promise<DocSummary[]>
  /** Whether anything is stored under `name`. */
  exists(name: string): Promise<boolean>
  /** Removes every stored trace of `name`. */
  remove(name: string): Promise<void>
}

/** Last write time of each document written through a {@link watchWrites} store, in this process. */
export type WriteTimes = Map<string, number>

/**
 * Wraps `store` so that every append and compaction records the document's write time in
 * `times`, which catalogs use for `updatedAt`. Costs one map update per write.
 */
export function watchWrites(store: DocStore, times: WriteTimes, now = Date.now): DocStore {
  return {
    load: (name) => store.load(name),
    readSince: (name, seq) => store.readSince(name, seq),
    append: async (name, update, change) => {
      const seq = await store.append(name, update, change)
      times.set(name, now())
      return seq
    },
    compact: async (name, snapshot, throughSeq) => {
      await store.compact(name, snapshot, throughSeq)
      times.set(name, now())
    },
    close: () => store.close(),
  }
}

/**
 * A catalog for stores that cannot list themselves (the memory store): it knows the documents
 * written through the store returned by {@link MemoryCatalog.store}, which for a relay that keeps
 * nothing (`--data :memory:`) is every document. Removing compacts the document to empty.
 */
export class MemoryCatalog implements DocCatalog {
  private readonly sizes = new Map<string, number>()
  private readonly times: WriteTimes = new Map()
  private readonly removed = new Set<string>()
  /** The store to give the relay. */
  readonly store: DocStore

  constructor(private readonly inner: DocStore) {
    const watched = watchWrites(inner, this.times)
    this.store = {
      ...watched,
      load: async (name) => {
        const stored = await watched.load(name)
        if (!this.sizes.has(name)) this.sizes.set(name, sizeOf(stored))
        return stored
      },
      append: async (name, update, change) => {
        const seq = await watched.append(name, update, change)
        this.sizes.set(name, (this.sizes.get(name) ?? 0) + update.length)
        return seq
      },
      compact: async (name, snapshot, throughSeq) => {
        await watched.compact(name, snapshot, throughSeq)
        this.sizes.set(name, snapshot.length)
      },
    }
  }

  async list(after: string | null, limit: number): Promise<DocSummary[]> {
    return [...this.sizes.keys()]
      .filter((name) => (after === null || name > after) && this.sizes.get(name)! > emptySize)
      .sort()
      .slice(0, limit)
      .map((name) => ({ name, bytes: this.sizes.get(name)!, updatedAt: isoTime(this.times.get(name)) }))
  }

  async exists(name: string): Promise<boolean> {
    return (this.sizes.get(name) ?? (this.removed.has(name) ? 0 : sizeOf(await this.inner.load(name)))) > emptySize
  }

  /** Empties the document: an empty update appended, then compacted through, replaces everything; its history goes too. */
  async remove(name: string): Promise<void> {
    await this.inner.compact(name, emptyDoc, await this.inner.append(name, emptyDoc))
    if (keepsHistory(this.inner)) await this.inner.removeHistory(name)
    this.sizes.delete(name)
    this.times.delete(name)
    this.removed.add(name)
  }
}

const emptyDoc = Y.encodeStateAsUpdate(new Y.Doc())
const emptySize = emptyDoc.length

function sizeOf(stored: StoredDoc): number {
  return (stored.snapshot?.length ?? 0) + stored.log.reduce((sum, { update }) => sum + update.length, 0)
}

/** A time in milliseconds as ISO 8601, or null. */
export function isoTime(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString()
}
