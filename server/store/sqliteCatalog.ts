import type Database from 'better-sqlite3'
import { type DocCatalog, type DocSummary, isoTime } from './docCatalog.ts'

/**
 * The catalog of a SQLite store, on the store's own connection: a document's size is its snapshot
 * plus its log; its write time is the time of its last append, which a trigger records in
 * `doc_writes` (see `sqliteSchema.ts`), or for documents last written before that table existed,
 * their last compaction.
 */
export class SqliteCatalog implements DocCatalog {
  private readonly statements

  constructor(db: Database.Database) {
    this.statements = {
      list: db.prepare<{ after: string; limit: number }, { doc: string; bytes: number; at: number | null }>(`
        SELECT doc, sum(bytes) AS bytes,
          coalesce((SELECT updated_at FROM doc_writes w WHERE w.doc = parts.doc), max(compacted_at)) AS at
        FROM (
          SELECT doc, length(data) AS bytes, compacted_at FROM snapshots WHERE doc > @after
          UNION ALL
          SELECT doc, length(data), NULL FROM log WHERE doc > @after
        ) AS parts
        GROUP BY doc ORDER BY doc LIMIT @limit`),
      exists: db
        .prepare<[string, string], number>('SELECT EXISTS (SELECT 1 FROM snapshots WHERE doc = ?) OR EXISTS (SELECT 1 FROM log WHERE doc = ?)')
        .pluck(),
      remove: db.transaction((name: string) => {
        for (const table of ['log', 'snapshots', 'doc_writes', 'history_chunks', 'versions', 'history_bundles']) db.prepare(`DELETE FROM ${table} WHERE doc = ?`).run(name)
      }),
    }
  }

  async list(after: string | null, limit: number): Promise<DocSummary[]> {
    return this.statements.list.all({ after: after ?? '', limit }).map((row) => ({ name: row.doc, bytes: row.bytes, updatedAt: isoTime(row.at) }))
  }

  async exists(name: string): Promise<boolean> {
    return this.statements.exists.get(name, name) === 1
  }

  async remove(name: string): Promise<void> {
    this.statements.remove.immediate(name)
  }
}
