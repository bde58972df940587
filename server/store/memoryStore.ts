import { type ChangeInput, type ChangeRecord, type ChangeVisitor, recordFromUpdate, visitRecord } from '../history/changeRecord.ts'
import {
  type LogEntry,
  LogCompactedError,
  type StoredDoc,
  StoreClosedError,
  checkCompaction,
  checkSeq,
} from './docStore.ts'
import type { CatalogedStore } from './docCatalog.ts'
import { MemoryCatalog } from './memoryCatalog.ts'
import { type HistoryStore, type KeptBundle, type NewVersion, type StoredVersion, collectChanges } from './historyStore.ts'

/**
 * One document: its snapshot, the sequence number the snapshot holds entries through, its log,
 * and when it was last appended to (milliseconds since the epoch; 0 never).
 */
export interface MemoryDoc {
  snapshot: Uint8Array | null
  snapshotSeq: number
  log: LogEntry[]
  seq: number
  updatedAt: number
  /** Every change record, oldest first (a compaction drops entries, never records). */
  changes: ChangeRecord[]
  versions: StoredVersion[]
}

/**
 * A store that keeps documents in process memory: for tests of rooms, and for throwaway relays
 * (`--data :memory:`) where nothing should outlive the process. Every write is "durable" at once,
 * for the life of this one instance; instances share nothing. It keeps history as the durable
 * stores do, as plain objects.
 */
export class MemoryStore implements CatalogedStore, HistoryStore {
  private readonly docs = new Map<string, MemoryDoc>()
  private readonly bundles = new Map<string, KeptBundle>()
  /** Lists and removes this instance's documents. */
  readonly catalog = new MemoryCatalog(this.docs, (name) => this.bundles.delete(name))
  private closed = false
  private versionIds = 0

  async load(name: string): Promise<StoredDoc> {
    this.checkOpen()
    const doc = this.docs.get(name)
    return { snapshot: doc?.snapshot ?? null, log: [...(doc?.log ?? [])], seq: doc?.seq ?? 0 }
  }

  async append(name: string, update: Uint8Array, change?: ChangeInput): Promise<number> {
    this.checkOpen()
    const doc = this.entry(name)
    doc.log.push({ seq: ++doc.seq, update })
    doc.updatedAt = Date.now()
    doc.changes.push(change ? { seq: doc.seq, at: change.at, parts: change.parts } : recordFromUpdate(doc.seq, update, Date.now()))
    return doc.seq
  }

  async readSince(name: string, seq: number): Promise<LogEntry[]> {
    this.checkOpen()
    checkSeq(seq, 'seq')
    const doc = this.docs.get(name)
    if (!doc) return []
    if (doc.snapshotSeq > seq) throw new LogCompactedError(name, seq, doc.snapshotSeq)
    return doc.log.filter((entry) => entry.seq > seq)
  }

  async compact(name: string, snapshot: Uint8Array, throughSeq: number): Promise<void> {
    this.checkOpen()
    checkSeq(throughSeq, 'throughSeq')
    const doc = this.entry(name)
    checkCompaction(name, throughSeq, doc.seq)
    if (doc.snapshot !== null && throughSeq <= doc.snapshotSeq) return
    doc.snapshot = snapshot
    doc.snapshotSeq = throughSeq
    doc.log = doc.log.filter((entry) => entry.seq > throughSeq)
  }

  async readChanges(name: string, afterSeq: number, batch?: number): Promise<ChangeRecord[]> {
    return collectChanges((visitor) => this.visitChanges(name, afterSeq, visitor, batch))
  }

  async visitChanges(name: string, afterSeq: number, visitor: ChangeVisitor, batch?: number): Promise<number> {
    this.checkOpen()
    checkSeq(afterSeq, 'afterSeq')
    const after = (this.docs.get(name)?.changes ?? []).filter((change) => change.seq > afterSeq)
    const told = batch === undefined ? after : after.slice(0, batch)
    for (const record of told) visitRecord(record, visitor)
    return told.at(-1)?.seq ?? afterSeq
  }

  async listVersions(name: string): Promise<StoredVersion[]> {
    this.checkOpen()
    return [...(this.docs.get(name)?.versions ?? [])]
  }

  async addVersion(name: string, version: NewVersion): Promise<StoredVersion> {
    this.checkOpen()
    const doc = this.entry(name)
    const stored = { ...version, id: String(++this.versionIds), seq: doc.seq }
    doc.versions.push(stored)
    return stored
  }

  async removeHistory(name: string): Promise<void> {
    this.checkOpen()
    const doc = this.docs.get(name)
    if (doc) [doc.changes, doc.versions] = [[], []]
    this.bundles.delete(name)
  }

  async keepBundle(name: string, bundle: KeptBundle): Promise<void> {
    this.checkOpen()
    this.bundles.set(name, { ...bundle, data: bundle.data.slice() })
  }

  async keptBundle(name: string): Promise<KeptBundle | null> {
    this.checkOpen()
    return this.bundles.get(name) ?? null
  }

  async close(): Promise<void> {
    this.closed = true
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreClosedError()
  }

  private entry(name: string): MemoryDoc {
    let doc = this.docs.get(name)
    if (!doc) this.docs.set(name, (doc = { snapshot: null, snapshotSeq: 0, log: [], seq: 0, updatedAt: 0, changes: [], versions: [] }))
    return doc
  }
}
