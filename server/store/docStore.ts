import type { ChangeInput } from '../history/changeRecord.ts'

/** One update in a document's log, with its place in the document's history. */
export interface LogEntry {
  /** The entry's sequence number: 1 for a document's first append, one more for each one after. */
  seq: number
  /** A Yjs update (several merged, when a turn received several). */
  update: Uint8Array
}

/** A document as the store holds it: the last compacted snapshot plus the entries logged since. */
export interface StoredDoc {
  /** A Yjs update holding the whole document as of the last compaction, or null if never compacted. */
  snapshot: Uint8Array | null
  /** Entries appended since that snapshot, oldest first (some may also be in the snapshot). */
  log: LogEntry[]
  /** The highest sequence number the document has reached, compacted or not (0 for a new one). */
  seq: number
  /**
   * Which life of the document this is, in a store that several relays share over a network: each
   * removal of the document starts a new one. Writes made for an earlier life are refused (see
   * {@link DocumentRemovedError}). Absent from stores that do not keep it.
   */
  generation?: number
}

/**
 * Durable storage of documents, as an append-only log of Yjs updates plus a compacted snapshot per
 * document. Rooms use nothing else, so another store (a networked database) can replace SQLite
 * without touching them. A promise that resolves means the write is durable.
 *
 * Several store instances, in one process or several, may share one database (where the store
 * supports it: SQLite on one file, Postgres). Each append takes the document's next sequence
 * number, and entries become visible in that order: whoever reads entry `n` of a document also
 * reads every entry before it, so a reader that sees a gap has missed a message, not an entry.
 */
export interface DocStore {
  /** Reads a document, consistently; an unknown name gives an empty one (`seq` 0). */
  load(name: string): Promise<StoredDoc>
  /**
   * Appends one update to the document's log. Resolves with its sequence number once it is durable:
   * one more than the last append to this document through any instance, across compactions and
   * restarts, never repeated. Rejects if the write failed; a networked store whose connection
   * dropped during the commit may have stored it all the same (Yjs ignores an update applied twice).
   * A store that keeps history (`historyStore.ts`) stores `change`, who did what, with the entry,
   * in the same transaction; without it, the record is read from the update, author unknown.
   * Given the `generation` the document was loaded with, a store that keeps generations rejects
   * with {@link DocumentRemovedError}, storing nothing, once the document has been removed since.
   */
  append(name: string, update: Uint8Array, change?: ChangeInput, generation?: number): Promise<number>
  /**
   * The log's entries after `seq`, oldest first: what a reader that holds everything up to `seq`
   * lacks. Rejects with {@link LogCompactedError} when some of them are only in the snapshot now
   * (a compaction went past `seq`): such a reader must {@link load} the document instead.
   */
  readSince(name: string, seq: number): Promise<LogEntry[]>
  /**
   * Stores `snapshot` as the document's snapshot and drops the log entries up to `throughSeq`,
   * atomically. The caller guarantees `snapshot` holds every entry up to `throughSeq` (it may hold
   * more). Entries after `throughSeq`, such as those appended meanwhile by another writer, are
   * kept. A compaction through no more than the stored snapshot holds changes nothing. Rejects
   * with a RangeError if the document has not reached `throughSeq`. Resolves once durable. A store
   * that keeps history moves the dropped entries' change records into its history, atomically.
   * `generation` is checked as {@link append} checks it.
   */
  compact(name: string, snapshot: Uint8Array, throughSeq: number, generation?: number): Promise<void>
  /**
   * Claims the document's next compaction for this writer for `leaseMs`, and says where the
   * document's snapshot stands. Refused while another writer's claim holds, or, with `since`, when
   * the snapshot holds entries after `since` (someone compacted what the caller counts as its log).
   * Present in stores that several relay processes share, where every relay holding a document
   * finds its log due at about the same entry: the one granted the claim compacts, the others skip
   * the encoding. A compaction ends the claim; one never made lets it expire. Losing a claim loses
   * nothing: at worst two writers compact, which {@link compact} allows.
   */
  claimCompaction?(name: string, leaseMs: number, since?: number): Promise<CompactionClaim>
  /** Commits what is waiting and releases the store. Idempotent; every other call fails after it. */
  close(): Promise<void>
}

/** Where a document's snapshot stands: see {@link DocStore.claimCompaction}. */
export interface SnapshotMark {
  /** The snapshot holds every entry up to this one (0: there is no snapshot). */
  seq: number
  bytes: number
}

/** See {@link DocStore.claimCompaction}. */
export interface CompactionClaim extends SnapshotMark {
  /** Whether the claim was granted: false while another writer's claim holds. */
  claimed: boolean
}

/** {@link DocStore.readSince} was asked for entries that a compaction has merged into the snapshot. */
export class LogCompactedError extends Error {
  constructor(
    readonly docName: string,
    /** The sequence number the reader asked to read after. */
    readonly seq: number,
    /** The stored snapshot holds every entry up to this one. */
    readonly compactedThrough: number,
  ) {
    super(`the log of "${docName}" is compacted through ${compactedThrough}, past ${seq}; load the document instead`)
    this.name = 'LogCompactedError'
  }
}

/**
 * A write made for a life of the document that has ended: the document was removed (deleted
 * through the API, perhaps by another relay) after the writer loaded it. Nothing of it was stored.
 */
export class DocumentRemovedError extends Error {
  constructor(readonly docName: string) {
    super(`"${docName}" was removed after this relay loaded it; the write was not stored`)
    this.name = 'DocumentRemovedError'
  }
}

/** The error every call but close() rejects with once the store is closed. */
export class StoreClosedError extends Error {
  constructor() {
    super('the store is closed')
    this.name = 'StoreClosedError'
  }
}

/** Throws a RangeError unless `seq` is a whole number from 0 up; `what` names it in the message. */
export function checkSeq(seq: number, what: string): void {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new RangeError(`${what} must be a whole number from 0 up, got ${seq}`)
}

/** Throws the RangeError {@link DocStore.compact} promises for a compaction past the document's end. */
export function checkCompaction(name: string, throughSeq: number, reached: number): void {
  if (throughSeq > reached) {
    throw new RangeError(`cannot compact "${name}" through ${throughSeq}: its last entry is ${reached}`)
  }
}
