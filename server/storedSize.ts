import { Limits } from '../shared/index.ts'
import type { SnapshotMark } from './store/docStore.ts'

/** When a room merges its log into the snapshot, and how large its document may grow. */
export interface SizeLimits {
  /**
   * Merge the log into the snapshot once it holds this many entries (default 500), or one entry
   * per KiB of snapshot when that is more…
   */
  compactAfterUpdates?: number
  /** …or this many bytes (default 1 MiB). */
  compactAfterBytes?: number
  /** Largest stored size of the document, snapshot plus log (default {@link Limits.maxDocBytes}). */
  maxDocBytes?: number
}

/**
 * The size of one document as stored (its snapshot plus its log since), kept by the room as it
 * appends and compacts, so that it can refuse an update that would pass the limit before storing
 * anything and knows when to compact, without asking the store.
 */
export class StoredSize {
  /** The log's entries as counted, in the order counted: their numbers (NaN when unknown) and sizes. */
  private entrySeqs: number[]
  private entryBytes: number[]
  private logBytes: number
  private snapshotBytes: number
  private readonly limits: Required<SizeLimits>
  private contiguousSeq: number
  /** Entries past {@link contiguousSeq} the replica holds already (applied out of order). */
  private readonly heldAbove = new Set<number>()

  constructor(limits: SizeLimits, stored: { snapshot: Uint8Array | null; log: ReadonlyArray<{ update: Uint8Array; seq?: number }>; seq: number }) {
    this.contiguousSeq = stored.seq
    this.limits = {
      compactAfterUpdates: limits.compactAfterUpdates ?? 500,
      compactAfterBytes: limits.compactAfterBytes ?? 1024 * 1024,
      maxDocBytes: limits.maxDocBytes ?? Limits.maxDocBytes,
    }
    this.entrySeqs = stored.log.map(({ seq }) => seq ?? NaN)
    this.entryBytes = stored.log.map(({ update }) => update.length)
    this.logBytes = this.entryBytes.reduce((sum, bytes) => sum + bytes, 0)
    this.snapshotBytes = stored.snapshot?.length ?? 0
  }

  /** Bytes stored in all. */
  get bytes(): number {
    return this.snapshotBytes + this.logBytes
  }

  /** The largest size the document may reach. */
  get limit(): number {
    return this.limits.maxDocBytes
  }

  /**
   * The entry the snapshot holds the log through, as far as this room knows: the one before the
   * first entry it counts (NaN when that entry's number is unknown).
   */
  get snapshotSeq(): number {
    return (this.entrySeqs[0] ?? this.contiguousSeq + 1) - 1
  }

  /** Whether the log holds anything the snapshot lacks. */
  get hasLog(): boolean {
    return this.entrySeqs.length > 0
  }

  /**
   * Whether the log has grown past either compaction threshold. Writing a snapshot costs an
   * encoding of the whole replica, so a large document waits for a longer log (one entry per KiB
   * of snapshot): the cost per entry stays the same, and a 4 MB document's busy room no longer
   * stops for tens of milliseconds every 500 turns.
   */
  get shouldCompact(): boolean {
    const entries = Math.max(this.limits.compactAfterUpdates, this.snapshotBytes / 1024)
    return this.entrySeqs.length >= entries || this.logBytes >= this.limits.compactAfterBytes
  }

  /**
   * The replica holds every stored entry up to this sequence number (loaded, appended here, or
   * applied from another writer), so a compaction may drop them. An entry numbered past the next
   * one means entries came between that the replica lacks: the number stays where it was until
   * they are held too.
   */
  get seq(): number {
    return this.contiguousSeq
  }

  /** Whether storing `bytes` more would take the document past its limit. */
  wouldExceed(bytes: number): boolean {
    return this.bytes + bytes > this.limits.maxDocBytes
  }

  /**
   * An entry of `bytes` joined the log and the replica: appended by this room, or by another writer
   * and applied here. `seq` is its number when known; `first`, when given, says the bytes hold every
   * entry from `first` through `seq`; from the first entry, they are the whole document read back,
   * and its size from then on (as after a compaction). Returns false, counting nothing, when the
   * replica already held every one of those entries.
   */
  appended(bytes: number, seq?: number, first?: number): boolean {
    if (seq !== undefined && seq > 0) {
      if (this.holds(first ?? seq, seq)) return false
      this.hold(first ?? seq, seq)
      if (first === 1) return this.compacted(bytes), true
    }
    this.entrySeqs.push(seq ?? NaN)
    this.entryBytes.push(bytes)
    this.logBytes += bytes
    return true
  }

  /** The log as counted now: entries and their bytes (see {@link compacted}). */
  get log(): { entries: number; bytes: number } {
    return { entries: this.entrySeqs.length, bytes: this.logBytes }
  }

  /**
   * The log was merged into a snapshot of `bytes`: all of it, or the part `covered` counted when
   * the compaction began (entries appended while it ran stay counted).
   */
  compacted(bytes: number, covered = this.log): void {
    this.entrySeqs.splice(0, covered.entries)
    this.entryBytes.splice(0, covered.entries)
    this.logBytes = Math.max(0, this.logBytes - covered.bytes)
    this.snapshotBytes = bytes
  }

  /**
   * The store's snapshot stands at `mark`: when it holds entries counted here (another writer
   * compacted them), they are no longer counted and the snapshot's size is taken. Returns whether
   * it held any.
   */
  rebase(mark: SnapshotMark): boolean {
    const kept = this.entrySeqs.map((seq) => !(seq <= mark.seq))
    if (kept.every(Boolean)) return false
    this.entryBytes = this.entryBytes.filter((_, i) => kept[i])
    this.entrySeqs = this.entrySeqs.filter((_, i) => kept[i])
    this.logBytes = this.entryBytes.reduce((sum, bytes) => sum + bytes, 0)
    this.snapshotBytes = mark.bytes
    return true
  }

  private holds(first: number, last: number): boolean {
    for (let seq = Math.max(first, this.contiguousSeq + 1); seq <= last; seq++) if (!this.heldAbove.has(seq)) return false
    return true
  }

  private hold(first: number, last: number): void {
    if (first <= this.contiguousSeq + 1) this.contiguousSeq = Math.max(this.contiguousSeq, last)
    else for (let seq = first; seq <= last; seq++) this.heldAbove.add(seq)
    for (const seq of this.heldAbove) if (seq <= this.contiguousSeq) this.heldAbove.delete(seq)
    while (this.heldAbove.delete(this.contiguousSeq + 1)) this.contiguousSeq++
  }
}
