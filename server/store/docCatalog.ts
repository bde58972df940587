import type { SharedAccess } from '../access/grantStore.ts'
import type { DocStore } from './docStore.ts'

/** One document in the list of all documents. */
export interface DocSummary {
  name: string
  /** Stored size: snapshot plus log, in bytes. */
  bytes: number
  /** When it was last written (its last append, as the store recorded it), as ISO 8601, or null if unknown. */
  updatedAt: string | null
}

/**
 * What the HTTP API needs of a store beyond {@link DocStore}: listing its documents and removing
 * one. It answers for the whole database, so every relay sharing one sees the documents all of
 * them wrote. `server/store/docCatalog.contract.ts` is the behaviour every catalog must pass.
 */
export interface DocCatalog {
  /**
   * Up to `limit` documents that hold anything, whose names sort after `after` (from the start when
   * null), in name order (by UTF-8 bytes, as both databases compare them).
   */
  list(after: string | null, limit: number): Promise<DocSummary[]>
  /** Whether anything is stored under `name`. */
  exists(name: string): Promise<boolean>
  /**
   * Removes every stored trace of `name`, atomically; numbering starts over at 1 if it is written
   * again. Call it only once no room of the document is loaded (on any relay sharing the store):
   * what such a room appends or compacts afterwards is not removed.
   */
  remove(name: string): Promise<void>
}

/** A store that lists its own documents. */
export interface CatalogedStore extends DocStore {
  readonly catalog: DocCatalog
  /** Where relays sharing this store keep their links and signing key, for a store several relays share. */
  readonly sharedAccess?: SharedAccess
}

/** A time in milliseconds since the epoch as ISO 8601, or null. */
export function isoTime(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString()
}
