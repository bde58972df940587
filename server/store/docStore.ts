/** A document as the store holds it: the last compacted snapshot plus the updates logged since. */
export interface StoredDoc {
  /** A Yjs update holding the whole document as of the last compaction, or null if never compacted. */
  snapshot: Uint8Array | null
  /** Updates appended since that snapshot, oldest first. */
  log: Uint8Array[]
}

/**
 * Durable storage of documents, as an append-only log of Yjs updates plus a compacted snapshot per
 * document. Rooms use nothing else, so another store (a networked database) can replace SQLite
 * without touching them. A promise that resolves means the write is durable.
 */
export interface DocStore {
  /** Reads a document; an unknown name gives an empty one. */
  load(name: string): Promise<StoredDoc>
  /** Appends one update to the document's log. Resolves once it is durable. */
  append(name: string, update: Uint8Array): Promise<void>
  /**
   * Replaces the document's snapshot with `snapshot` and drops its whole log, atomically. The
   * caller guarantees `snapshot` contains every update appended so far.
   */
  compact(name: string, snapshot: Uint8Array): Promise<void>
  /** Releases the store. Later calls fail. */
  close(): Promise<void>
}
