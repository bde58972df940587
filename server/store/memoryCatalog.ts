import { type DocCatalog, type DocSummary, isoTime } from './docCatalog.ts'
import type { MemoryDoc } from './memoryStore.ts'

/**
 * The catalog of a {@link MemoryStore}: its documents, read from the map it keeps them in.
 * `removed` is told of each removal, so the store drops what it keeps beside the map.
 */
export class MemoryCatalog implements DocCatalog {
  constructor(
    private readonly docs: Map<string, MemoryDoc>,
    private readonly removed: (name: string) => void = () => {},
  ) {}

  async list(after: string | null, limit: number): Promise<DocSummary[]> {
    const from = after === null ? null : Buffer.from(after)
    return [...this.docs]
      .filter(([name, doc]) => holdsAnything(doc) && (from === null || Buffer.compare(Buffer.from(name), from) > 0))
      .sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
      .slice(0, limit)
      .map(([name, doc]) => ({ name, bytes: sizeOf(doc), updatedAt: isoTime(doc.updatedAt || null) }))
  }

  async exists(name: string): Promise<boolean> {
    const doc = this.docs.get(name)
    return doc !== undefined && holdsAnything(doc)
  }

  async remove(name: string): Promise<void> {
    this.docs.delete(name)
    this.removed(name)
  }
}

function holdsAnything(doc: MemoryDoc): boolean {
  return doc.snapshot !== null || doc.log.length > 0
}

function sizeOf(doc: MemoryDoc): number {
  return (doc.snapshot?.length ?? 0) + doc.log.reduce((sum, { update }) => sum + update.length, 0)
}
