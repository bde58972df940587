import { type ChangeRecord, type ChangeVisitor, RecordCollector } from '../history/changeRecord.ts'
import type { DocStore } from './docStore.ts'

/** Kinds of versions people make; automatic versions are derived from change times, never stored. */
export type StoredVersionKind = 'named' | 'restore'

/** A version someone made: a name for the document as stored at one sequence number. */
export interface StoredVersion {
  /** Unique in the store, never reused: digits. */
  id: string
  /** The document as stored through this log entry (0: before its first). */
  seq: number
  /** When it was made, in milliseconds since the epoch. */
  at: number
  label: string
  kind: StoredVersionKind
  /** Who made it, when known. */
  by: string | null
  /** For a restore: the id of the version restored. */
  restoredFrom: string | null
}

/** What {@link HistoryStore.addVersion} is given; the store picks the id and the sequence number. */
export type NewVersion = Omit<StoredVersion, 'id' | 'seq'>

/**
 * The history a store keeps beside each document's log: a record of every stored change (who sent
 * it, when, which struct ids it added and deleted; see `changeRecord.ts`) and the versions people
 * made. Records are appended with their log entry, in the same transaction (see
 * {@link DocStore.append}); a compaction moves the records of the entries it drops into
 * compressed chunks, in the same transaction, so no record is ever lost. Entries stored without a
 * record (before history existed) get one read from their update, with no author.
 */
export interface HistoryStore {
  /**
   * The change records after `afterSeq`, oldest first: all of them, or with `batch` only the first
   * ones, about `batch` (whole stored chunks, so they may be more). Read the rest by calling again
   * after the last one's `seq`; an empty answer means there is no more. A reader that keeps what it
   * needs of each batch and drops the records holds far less than one that reads all at once: on a
   * long history the records of every change, held together, cost more in garbage collection than
   * their decoding.
   */
  readChanges(name: string, afterSeq: number, batch?: number): Promise<ChangeRecord[]>
  /**
   * {@link readChanges}, told to `visitor` change by change instead of returned as records, with
   * no object made per change (what a history being opened reads). Resolves with the sequence
   * number of the last change told, or `afterSeq` when there is none after it.
   */
  visitChanges(name: string, afterSeq: number, visitor: ChangeVisitor, batch?: number): Promise<number>
  /** The versions people made of `name`, oldest first. */
  listVersions(name: string): Promise<StoredVersion[]>
  /**
   * Records a version of `name` as stored now: at its last committed sequence number, so appends
   * made before this call (and resolved) are in it. Resolves with what was stored, once durable.
   */
  addVersion(name: string, version: NewVersion): Promise<StoredVersion>
  /** Forgets every record and version of `name` (when the document is deleted), and its kept bundle. */
  removeHistory(name: string): Promise<void>
  /**
   * Keeps `bundle` as the last History panel bundle made of `name`, replacing the one before: a
   * cache, so that the first opening after a relay starts need not wait for the history to be read.
   * Nothing else depends on it; losing it costs only that wait.
   */
  keepBundle(name: string, bundle: KeptBundle): Promise<void>
  /** The bundle last kept of `name` ({@link keepBundle}), or null. */
  keptBundle(name: string): Promise<KeptBundle | null>
}

/** A History panel bundle as a store keeps it (see {@link HistoryStore.keepBundle}). */
export interface KeptBundle {
  /** The last stored change it covers. */
  head: number
  /** What the versions people had made were when it was made (see `plainBundle.ts`). */
  versions: string
  /** The encoded bundle, gzipped. */
  data: Uint8Array
}

/** A store that keeps history too. */
export type HistoryDocStore = DocStore & HistoryStore

/** Whether `store` keeps history. */
export function keepsHistory(store: DocStore): store is HistoryDocStore {
  const candidate = store as Partial<HistoryStore>
  return typeof candidate.readChanges === 'function' && typeof candidate.addVersion === 'function'
}

/** The records `visit` tells, collected: how a store answers `readChanges` from its `visitChanges`. */
export async function collectChanges(visit: (visitor: ChangeVisitor) => unknown): Promise<ChangeRecord[]> {
  const collector = new RecordCollector()
  await visit(collector)
  return collector.records
}

/** Changes per stored chunk: large enough to deflate well, small enough to rewrite quickly. */
export const changesPerChunk = 4096

/**
 * How many chunks a {@link HistoryStore.readChanges} of `batch` records reads (null: all of them).
 * When it reads that many, the records still in the log wait for the next call.
 */
export function chunksFor(batch: number | undefined): number | null {
  return batch === undefined ? null : Math.max(1, Math.ceil(batch / changesPerChunk))
}

/**
 * How a compaction files `fresh` records after the document's last chunk (`tail`, null when
 * there is none or it is full): into chunks of at most {@link changesPerChunk}, the first of which
 * replaces the tail when one was given.
 */
export function chunksAfter(tail: ChangeRecord[] | null, fresh: ChangeRecord[]): ChangeRecord[][] {
  const all = tail ? [...tail, ...fresh] : fresh
  const chunks: ChangeRecord[][] = []
  for (let i = 0; i < all.length; i += changesPerChunk) chunks.push(all.slice(i, i + changesPerChunk))
  return chunks
}
