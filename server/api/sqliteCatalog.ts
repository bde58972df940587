import Database from 'better-sqlite3'
import { type DocCatalog, type DocSummary, type WriteTimes, isoTime } from './docCatalog.ts'

/**
 * The catalog of a SQLite store (`mergepad.sqlite`), read through a connection of its own: a
 * document's size is its snapshot plus its log; its write time is the later of its last
 * compaction and the last write this process saw (`times`, from `watchWrites`).
 */
export class SqliteCatalog implements DocCatalog {
  private readonly db: Database.Database
  private readonly statements

  constructor(
    file: string,
    private readonly times: WriteTimes,
  ) {
    this.db = new Database(file, { fileMustExist: true })
    this.statements = {
      list: this.db.prepare<[string, string, number], { doc: string; bytes: number; at: number | null }>(`
        SELECT doc, sum(bytes) AS bytes, max(at) AS at FROM (
          SELECT doc, length(data) AS bytes, compacted_at AS at FROM snapshots WHERE doc > ?
          UNION ALL
          SELECT doc, length(data), NULL FROM log WHERE doc > ?
        ) GROUP BY doc ORDER BY doc LIMIT ?`),
      exists: this.db.prepare<[string, string], number>(
        'SELECT EXISTS (SELECT 1 FROM snapshots WHERE doc = ?) OR EXISTS (SELECT 1 FROM log WHERE doc = ?)',
      ).pluck(),
      removeLog: this.db.prepare<[string]>('DELETE FROM log WHERE doc = ?'),
      removeSnapshot: this.db.prepare<[string]>('DELETE FROM snapshots WHERE doc = ?'),
      removeHistory: this.db.prepare<[string]>('DELETE FROM history_chunks WHERE doc = ?'),
      removeVersions: this.db.prepare<[string]>('DELETE FROM versions WHERE doc = ?'),
    }
  }

  async list(after: string | null, limit: number): Promise<DocSummary[]> {
    const from = after ?? ''
    return this.statements.list.all(from, from, limit).map((row) => ({
      name: row.doc,
      bytes: row.bytes,
      updatedAt: isoTime(Math.max(row.at ?? 0, this.times.get(row.doc) ?? 0) || null),
    }))
  }

  async exists(name: string): Promise<boolean> {
    return this.statements.exists.get(name, name) === 1
  }

  async remove(name: string): Promise<void> {
    this.db.transaction(() => {
      this.statements.removeLog.run(name)
      this.statements.removeSnapshot.run(name)
      this.statements.removeHistory.run(name)
      this.statements.removeVersions.run(name)
    })()
    this.times.delete(name)
  }

  close(): void {
    if (this.db.open) this.db.close()
  }
}
