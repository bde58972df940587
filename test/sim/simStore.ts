import type { DocStore } from '../../server/store/docStore.ts'
import { MemoryStore } from '../../server/store/memoryStore.ts'

/** A write that has been asked for but is not durable yet. */
type PendingWrite = () => void

/**
 * A store for the simulator: durable state (a `MemoryStore`) that survives a relay crash, plus
 * writes still in flight, which become durable only when the simulation says so
 * ({@link commitAll}). A crash forgets the writes in flight and leaves their promises unsettled
 * for ever, as a killed process leaves them.
 *
 * `lying` makes a deliberately broken store that resolves an append at once, before it is
 * durable: a relay on it acknowledges and relays edits a crash can lose, which the simulator must
 * catch. (It reports no sequence number, so the room never compacts through an unwritten entry.)
 */
export class SimStore {
  private readonly durable = new MemoryStore()
  private inFlight: PendingWrite[] = []
  /** Bumped by every crash; a view from an earlier life writes nothing. */
  private life = 0

  constructor(private readonly lying = false) {}

  /** Writes asked for and not yet durable. */
  get pendingWrites(): number {
    return this.inFlight.length
  }

  /**
   * The store as one life of the relay process sees it. Once the relay crashes, what that life's
   * leftovers still try to write is ignored, as nothing runs in a killed process.
   */
  view(): DocStore {
    const life = this.life
    const write = <T>(apply: () => Promise<T>, early: T | undefined): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        if (life !== this.life) return
        this.inFlight.push(() => {
          const done = apply()
          if (early === undefined) done.then(resolve, reject)
        })
        if (early !== undefined) resolve(early)
      })
    return {
      load: (name) => this.durable.load(name),
      readSince: (name, seq) => this.durable.readSince(name, seq),
      append: (name, update, change) => write(() => this.durable.append(name, update, change), this.lying ? -1 : undefined),
      compact: (name, snapshot, throughSeq) => write(() => this.durable.compact(name, snapshot, throughSeq), undefined),
      close: async () => {},
    }
  }

  /** Makes every write in flight durable, in order, and resolves it (unless it lied already). */
  commitAll(): void {
    for (const write of this.inFlight.splice(0)) write()
  }

  /** The relay died: writes in flight are lost and their callers never hear back. */
  crash(): void {
    this.inFlight = []
    this.life++
  }

  /** Everything durable of document `name`, oldest first: the snapshot (if any), then the log. */
  async durableUpdates(name: string): Promise<Uint8Array[]> {
    const { snapshot, log } = await this.durable.load(name)
    return [...(snapshot ? [snapshot] : []), ...log.map(({ update }) => update)]
  }
}
