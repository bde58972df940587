import type { DocStore, StoredDoc } from '../../server/store/docStore.ts'

/** A write that has been asked for but is not durable yet. */
type PendingWrite = { apply: () => void; resolve: () => void }

/**
 * A store for the simulator: durable state that survives a relay crash, plus writes still in
 * flight, which become durable only when the simulation says so ({@link commitAll}). A crash
 * forgets the writes in flight and leaves their promises unsettled for ever, as a killed process
 * leaves them.
 *
 * `lying` makes a deliberately broken store that resolves a write at once, before it is durable:
 * a relay on it acknowledges and relays edits a crash can lose, which the simulator must catch.
 */
export class SimStore {
  private readonly durable = new Map<string, StoredDoc>()
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
    const write = (apply: () => void) => (life === this.life ? this.write(apply) : new Promise<void>(() => {}))
    return {
      load: async (name) => {
        const doc = this.durable.get(name)
        return { snapshot: doc?.snapshot ?? null, log: [...(doc?.log ?? [])] }
      },
      append: (name, update) => write(() => this.entry(name).log.push(update)),
      compact: (name, snapshot) => write(() => this.durable.set(name, { snapshot, log: [] })),
      close: async () => {},
    }
  }

  /** Makes every write in flight durable, in order, and resolves it. */
  commitAll(): void {
    for (const write of this.inFlight.splice(0)) {
      write.apply()
      if (!this.lying) write.resolve()
    }
  }

  /** The relay died: writes in flight are lost and their callers never hear back. */
  crash(): void {
    this.inFlight = []
    this.life++
  }

  /** Everything durable of document `name`, oldest first: the snapshot (if any), then the log. */
  durableUpdates(name: string): Uint8Array[] {
    const doc = this.durable.get(name)
    return doc ? [...(doc.snapshot ? [doc.snapshot] : []), ...doc.log] : []
  }

  private write(apply: () => void): Promise<void> {
    return new Promise((resolve) => {
      this.inFlight.push({ apply, resolve })
      if (this.lying) resolve()
    })
  }

  private entry(name: string): StoredDoc {
    let doc = this.durable.get(name)
    if (!doc) this.durable.set(name, (doc = { snapshot: null, log: [] }))
    return doc
  }
}
