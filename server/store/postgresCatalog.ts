import type { Sql } from 'postgres'
import { type DocCatalog, type DocSummary, isoTime } from './docCatalog.ts'

/**
 * The catalog of a Postgres store, on the store's connection pool, so it answers for every relay
 * sharing the database: documents are the rows of `mergepad_docs` not marked removed, paged in
 * byte order (an index on `name COLLATE "C"`); a document's size is its snapshot plus its log; its
 * write time is its last append (`mergepad_docs.updated_at`, set by the append itself), or for
 * documents last written before that column existed, their last compaction.
 */
export class PostgresCatalog implements DocCatalog {
  constructor(private readonly sql: Sql) {}

  async list(after: string | null, limit: number): Promise<DocSummary[]> {
    // Pages by name first, then sizes only the page's documents. Every counter row not marked
    // removed has something stored: an append writes both in one transaction.
    const rows = await this.sql<{ name: string; bytes: string; at: Date | null }[]>`
      SELECT d.name,
        coalesce(s.bytes, 0) + coalesce((SELECT sum(octet_length(l.data)) FROM mergepad_log l WHERE l.doc = d.name), 0) AS bytes,
        coalesce(d.updated_at, s.compacted_at) AS at
      FROM (
        SELECT name, updated_at FROM mergepad_docs
        WHERE name COLLATE "C" > ${after ?? ''} AND NOT removed
        ORDER BY name COLLATE "C" LIMIT ${limit}
      ) d
      LEFT JOIN LATERAL (
        SELECT octet_length(data) AS bytes, compacted_at FROM mergepad_snapshots WHERE doc = d.name
      ) s ON true
      ORDER BY d.name COLLATE "C"`
    return rows.map(({ name, bytes, at }) => ({ name, bytes: Number(bytes), updatedAt: isoTime(at?.getTime()) }))
  }

  async exists(name: string): Promise<boolean> {
    const [{ found }] = await this.sql<[{ found: boolean }]>`
      SELECT EXISTS (SELECT 1 FROM mergepad_log WHERE doc = ${name})
        OR EXISTS (SELECT 1 FROM mergepad_snapshots WHERE doc = ${name}) AS found`
    return found
  }

  async remove(name: string): Promise<void> {
    // Locking the counter row FOR UPDATE first: appends to the document in flight, from any relay,
    // and compactions (FOR KEY SHARE) commit before the removal does, so none is left behind, and
    // those that come after are refused (they were made for the generation that ends here). The
    // row stays, marked removed, with its numbers starting again from 0.
    await this.sql.begin((tx) => [
      tx`SELECT 1 FROM mergepad_docs WHERE name = ${name} FOR UPDATE`,
      tx`INSERT INTO mergepad_docs AS d (name, seq, generation, removed) VALUES (${name}, 0, 1, true)
        ON CONFLICT (name) DO UPDATE SET seq = 0, generation = d.generation + 1, removed = true, updated_at = now()`,
      tx`DELETE FROM mergepad_log WHERE doc = ${name}`,
      tx`DELETE FROM mergepad_snapshots WHERE doc = ${name}`,
      tx`DELETE FROM mergepad_history_chunks WHERE doc = ${name}`,
      tx`DELETE FROM mergepad_versions WHERE doc = ${name}`,
      tx`DELETE FROM mergepad_history_bundles WHERE doc = ${name}`,
      tx`DELETE FROM mergepad_compaction_claims WHERE doc = ${name}`,
    ])
  }
}
