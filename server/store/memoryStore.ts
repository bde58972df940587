import type { DocStore, StoredDoc } from './docStore.ts'

/**
 * A store that keeps documents in process memory: for tests of rooms, and for throwaway relays
 * (`--data :memory:`) where nothing should outlive the process.
 */
export class MemoryStore implements DocStore {
  private readonly docs = new Map<string, StoredDoc>()

  async load(name: string): Promise<StoredDoc> {
    const doc = this.docs.get(name)
    return { snapshot: doc?.snapshot ?? null, log: [...(doc?.log ?? [])] }
  }

  async append(name: string, update: Uint8Array): Promise<void> {
    this.entry(name).log.push(update)
  }

  async compact(name: string, snapshot: Uint8Array): Promise<void> {
    this.docs.set(name, { snapshot, log: [] })
  }

  async close(): Promise<void> {}

  private entry(name: string): StoredDoc {
    let doc = this.docs.get(name)
    if (!doc) this.docs.set(name, (doc = { snapshot: null, log: [] }))
    return doc
  }
}
