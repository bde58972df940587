import type { Logger } from 'pino'
import * as Y from 'yjs'
import type { ChangeInput } from './history/changeRecord.ts'
import type { Clock } from './clock.ts'
import type { RoomObserver } from './roomObserver.ts'
import { type CompactionClaim, type DocStore, DocumentRemovedError, type StoredDoc } from './store/docStore.ts'
import type { StoredSize } from './storedSize.ts'

/** A stored document as a sync reply can be seeded with: its snapshot, and the log after it. */
export interface ReplySeed {
  whole: Uint8Array
  since: Uint8Array[]
}

/** `stored` as a {@link ReplySeed}; null when it has no snapshot. */
export function replySeed(stored: StoredDoc): ReplySeed | null {
  return stored.snapshot ? { whole: stored.snapshot, since: stored.log.map(({ update }) => update) } : null
}

/**
 * One document's view of the store: appends to its log and merges the log into a snapshot when it
 * has grown past the thresholds, keeping the document's {@link StoredSize} and reporting how long
 * each took to the observer. Every write names the generation the document was loaded in, so a
 * store shared with other relays refuses it once the document has been removed since.
 */
export class RoomStore {
  constructor(
    private readonly name: string,
    private readonly doc: Y.Doc,
    readonly size: StoredSize,
    private readonly options: {
      store: DocStore
      clock: Pick<Clock, 'now' | 'after'>
      log: Logger
      observer?: RoomObserver
      compactionRetryDelay?: () => number
    },
    private readonly generation?: number,
  ) {}

  /** Appends `update` to the log, with who changed what; resolves once it is durable. */
  async append(update: Uint8Array, change?: ChangeInput): Promise<void> {
    const started = this.options.clock.now()
    const seq = await this.options.store.append(this.name, update, change, this.generation)
    this.options.observer?.appended?.(this.options.clock.now() - started, update.length)
    this.size.appended(update.length, seq)
  }

  /** The document as stored, its snapshot and the log after it (see {@link replySeed}). */
  async stored(): Promise<ReplySeed | null> {
    return replySeed(await this.options.store.load(this.name))
  }

  /** The compaction under way, if any (see {@link compactIfDue}). */
  private compacting: Promise<void> | null = null
  /** Cancels the wait before a compaction of a shared document (see {@link compactIfDue}); null when none waits. */
  private cancelWait: (() => void) | null = null

  /**
   * Starts merging the log into a snapshot of the replica when it has grown past the thresholds and
   * no compaction is under way, without waiting for it: the room appends and relays meanwhile (the
   * store keeps every entry appended during a compaction). A failure is logged and the log kept,
   * which loses nothing; `removed` hears of a refusal because the document was removed.
   *
   * In a store several relays share (one with `claimCompaction`), every relay holding the document
   * counts every entry, so all of them find it due at about the same entry. Each claims the
   * compaction first: the relay granted it compacts; the others stop counting what the store's
   * snapshot holds and, while the log is still due, ask again after `compactionRetryDelay` (by
   * default {@link compactionRetryMs}). The document is encoded and uploaded once, not once per relay.
   */
  compactIfDue(removed: (error: DocumentRemovedError) => void): void {
    if (this.compacting || this.cancelWait || !this.size.shouldCompact) return
    if (!this.options.store.claimCompaction) return this.track(this.compact(), removed)
    this.track(this.compactIfClaimed(removed), removed)
  }

  /** Resolves once the compaction under way, if any, has ended. A compaction still waiting to start is not waited for. */
  async compactionEnded(): Promise<void> {
    await this.compacting
  }

  /**
   * Merges the log into a snapshot if it holds anything, as a room unloads; a compaction still
   * waiting to start is dropped. In a shared store, the log is left as it is when another relay
   * holds the claim or has compacted all of it. Never throws: a failed compaction is logged and the
   * log kept, which loses nothing.
   */
  async compactForUnload(): Promise<void> {
    this.cancelWaiting()
    await this.compactionEnded()
    if (!this.size.hasLog) return
    try {
      if (this.options.store.claimCompaction) await this.compactIfClaimed(null)
      else await this.compact()
    } catch (error) {
      if (error instanceof DocumentRemovedError) this.options.log.info({ doc: this.name }, 'not compacted on unload: the document was removed')
      else this.options.log.error({ err: error, doc: this.name }, 'compaction on unload failed; the log is kept')
    }
  }

  /** Drops a compaction still waiting to start (the document is being unloaded or deleted). */
  cancelWaiting(): void {
    this.cancelWait?.()
    this.cancelWait = null
  }

  private track(compaction: Promise<void>, removed: (error: DocumentRemovedError) => void): void {
    this.compacting = compaction
      .catch((error: unknown) => {
        if (error instanceof DocumentRemovedError) removed(error)
        else this.options.log.error({ err: error, doc: this.name }, 'compaction failed; the log is kept')
      })
      .finally(() => {
        this.compacting = null
      })
  }

  /**
   * Claims the compaction and compacts if granted, unless the store's snapshot already holds what
   * this room counts as due (or, unloading, every entry it counts). A claim refused because the
   * snapshot had moved is asked again at once, with the count brought up to date. Refused while
   * the log is still due, it asks again later, with `removed` to hear of the document's removal
   * then; unloading (`removed` null), it leaves the log to the relay holding the claim.
   */
  private async compactIfClaimed(removed: ((error: DocumentRemovedError) => void) | null): Promise<void> {
    const isDue = () => (removed ? this.size.shouldCompact : this.size.hasLog)
    let claim: CompactionClaim
    let moved: boolean
    do {
      const since = this.size.snapshotSeq
      claim = await this.options.store.claimCompaction!(this.name, compactionLeaseMs, Number.isNaN(since) ? undefined : since)
      moved = this.size.rebase(claim)
    } while (moved && !claim.claimed && isDue())
    const due = isDue()
    if (due && claim.claimed) return this.compact()
    if (!due || !removed) return this.options.observer?.compactionSkipped?.()
    const wait = this.options.compactionRetryDelay?.() ?? compactionRetryMs
    this.cancelWait = this.options.clock.after(wait, () => {
      this.cancelWait = null
      this.track(this.compactIfClaimed(removed), removed)
    })
  }

  /** Replaces the snapshot with the replica as it is now and drops the log entries it holds. */
  async compact(): Promise<void> {
    const started = this.options.clock.now()
    const snapshot = Y.encodeStateAsUpdate(this.doc)
    const covered = this.size.log
    await this.options.store.compact(this.name, snapshot, this.size.seq, this.generation)
    this.size.compacted(snapshot.length, covered)
    this.options.observer?.compacted?.(this.options.clock.now() - started)
  }
}

/**
 * How long a relay's claim on a document's compaction holds (see {@link RoomStore.compactIfDue})
 * unless its compaction ends it first: encoding and storing a 4 MB document takes a few hundred
 * milliseconds, so only a relay that dies or stalls while compacting lets it run out.
 */
export const compactionLeaseMs = 30_000

/**
 * How long a room whose claim on a due compaction was refused waits before it asks again (see
 * {@link RoomStore.compactIfDue}); by then the relay holding the claim has usually compacted, and
 * the room finds the log no longer due.
 */
export const compactionRetryMs = 5_000
