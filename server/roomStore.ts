import type { Logger } from 'pino'
import * as Y from 'yjs'
import type { ChangeInput } from './history/changeRecord.ts'
import type { RoomObserver } from './roomObserver.ts'
import { type DocStore, DocumentRemovedError, type StoredDoc } from './store/docStore.ts'
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
    private readonly options: { store: DocStore; clock: { now(): number }; log: Logger; observer?: RoomObserver },
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

  /**
   * Starts merging the log into a snapshot of the replica when it has grown past the thresholds and
   * no compaction is under way, without waiting for it: the room appends and relays meanwhile (the
   * store keeps every entry appended during a compaction). A failure is logged and the log kept,
   * which loses nothing; `removed` hears of a refusal because the document was removed.
   */
  compactIfDue(removed: (error: DocumentRemovedError) => void): void {
    if (this.compacting || !this.size.shouldCompact) return
    this.compacting = this.compact()
      .catch((error: unknown) => {
        if (error instanceof DocumentRemovedError) removed(error)
        else this.options.log.error({ err: error, doc: this.name }, 'compaction failed; the log is kept')
      })
      .finally(() => {
        this.compacting = null
      })
  }

  /** Resolves once the compaction under way, if any, has ended. */
  async compactionEnded(): Promise<void> {
    await this.compacting
  }

  /**
   * Merges the log into a snapshot if it holds anything, as a room unloads. Never throws: a failed
   * compaction is logged and the log kept, which loses nothing.
   */
  async compactForUnload(): Promise<void> {
    await this.compactionEnded()
    if (!this.size.hasLog) return
    try {
      await this.compact()
    } catch (error) {
      if (error instanceof DocumentRemovedError) this.options.log.info({ doc: this.name }, 'not compacted on unload: the document was removed')
      else this.options.log.error({ err: error, doc: this.name }, 'compaction on unload failed; the log is kept')
    }
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
