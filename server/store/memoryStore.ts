import {
  type DocStore,
  type LogEntry,
  LogCompactedError,
  type StoredDoc,
  StoreClosedError,
  checkCompaction,
  checkSeq,
} from './docStore.ts'

/** One document: its snapshot, the sequence number the snapshot holds entries through, its log. */
interface MemoryDoc {
  snapshot: Uint8Array | null
  snapshotSeq: number
  log: LogEntry[]
  seq: number
}

/**
 * A store that keeps documents in process memory: for tests of rooms, and for throwaway relays
 * (`--data :memory:`) where nothing should outlive the process. Every write is "durable" at once,
 * for the life of this one instance; instances share nothing.
 */
export class MemoryStore implements DocStore {
  private readonly docs = new Map<string, MemoryDoc>()
  private closed = false

  async load(name: string): Promise<StoredDoc> {
    this.checkOpen()
    const doc = this.docs.get(name)
    return { snapshot: doc?.snapshot ?? null, log: [...(doc?.log ?? [])], seq: doc?.seq ?? 0 }
  }

  async append(name: string, update: Uint8Array): Promise<number> {
    this.checkOpen()
    const doc = this.entry(name)
    doc.log.push({ seq: ++doc.seq, update })
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

  async close(): Promise<void> {
    this.closed = true
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreClosedError()
  }

  private entry(name: string): MemoryDoc {
    let doc = this.docs.get(name)
    if (!doc) this.docs.set(name, (doc = { snapshot: null, snapshotSeq: 0, log: [], seq: 0 }))
    return doc
  }
}
