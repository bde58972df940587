import { setImmediate as nextTurn } from 'node:timers/promises'
import type { Sql, TransactionSql } from 'postgres'
import { decodeRawChange, packChunkAside, unpackChunk, visitChunk } from '../history/changeCodec.ts'
import { type ChangeRecord, type ChangeVisitor, recordFromUpdate, visitRecord } from '../history/changeRecord.ts'
import { type KeptBundle, type NewVersion, type StoredVersion, type StoredVersionKind, changesPerChunk, chunksAfter, chunksFor } from './historyStore.ts'

interface VersionRow {
  id: string
  seq: string
  at: string
  label: string
  kind: StoredVersionKind
  by: string | null
  restored_from: string | null
}

/**
 * The Postgres store's history (tables from migration 2 in `postgresSchema.ts`): a log entry's
 * change record (`encodeRawChange`) in the `mergepad_log` row's `change` column until a compaction
 * files it in `mergepad_history_chunks`, compressed, up to {@link changesPerChunk} per chunk; the
 * versions people make in `mergepad_versions`. {@link rollUp} runs inside the compaction's
 * transaction, so no record is lost between the log and the chunks.
 */
export class PostgresHistory {
  constructor(private readonly sql: Sql) {}

  /**
   * Tells `visitor` the records after `afterSeq` (see `HistoryStore.visitChanges`), from chunks then
   * the log, read in one snapshot of the database. Resolves with the last one's sequence number.
   */
  async visitChanges(name: string, afterSeq: number, visitor: ChangeVisitor, batch?: number): Promise<number> {
    const limit = chunksFor(batch)
    const [chunks, logged] = await this.sql.begin('isolation level repeatable read read only', (tx) => [
      tx`SELECT data, last_seq FROM mergepad_history_chunks WHERE doc = ${name} AND last_seq > ${afterSeq} ORDER BY first_seq LIMIT ${limit}`,
      tx`SELECT seq, data, change FROM mergepad_log WHERE doc = ${name} AND seq > ${afterSeq} ORDER BY seq`,
    ])
    let last = afterSeq
    for (const { data, last_seq } of chunks) {
      visitChunk(bytes(data), visitor, afterSeq)
      last = Number(last_seq)
    }
    if (chunks.length === limit) return last
    for (const row of logged) {
      const record = recordOf(row)
      visitRecord(record, visitor)
      last = record.seq
    }
    return last
  }

  /**
   * Files the records of the log entries up to `throughSeq` in chunks; call in the compaction's
   * transaction, before it deletes them. The relay keeps serving meanwhile: records are decoded a
   * slice at a time, the event loop let through between slices, and chunks are compressed on
   * libuv's threads, so a compaction holds the loop for a few milliseconds at a time instead of
   * for the whole filing (up to 16 ms for a busy document's; `bench/micro/rollUpBlock.ts`).
   */
  async rollUp(tx: TransactionSql, name: string, throughSeq: number): Promise<void> {
    const logged = await tx`SELECT seq, data, change FROM mergepad_log WHERE doc = ${name} AND seq <= ${throughSeq} ORDER BY seq`
    if (logged.length === 0) return
    const [tail] = await tx`SELECT first_seq, changes, data FROM mergepad_history_chunks WHERE doc = ${name} ORDER BY first_seq DESC LIMIT 1`
    const reopen = tail !== undefined && Number(tail.changes) < changesPerChunk
    if (reopen) await tx`DELETE FROM mergepad_history_chunks WHERE doc = ${name} AND first_seq = ${tail.first_seq}`
    const fresh = await recordsOf(logged)
    await nextTurn()
    for (const chunk of chunksAfter(reopen ? unpackChunk(bytes(tail.data)) : null, fresh)) {
      await nextTurn()
      const data = await packChunkAside(chunk, chunk.length >= changesPerChunk)
      await tx`INSERT INTO mergepad_history_chunks (doc, first_seq, last_seq, changes, data)
        VALUES (${name}, ${chunk[0].seq}, ${chunk.at(-1)!.seq}, ${chunk.length}, ${data})`
    }
  }

  async listVersions(name: string): Promise<StoredVersion[]> {
    const rows = await this.sql<VersionRow[]>`SELECT id, seq, at, label, kind, by, restored_from FROM mergepad_versions WHERE doc = ${name} ORDER BY id`
    return rows.map(version)
  }

  /** Records `v` at the document's last committed sequence number. */
  async addVersion(name: string, v: NewVersion): Promise<StoredVersion> {
    const [row] = await this.sql<VersionRow[]>`
      INSERT INTO mergepad_versions (doc, seq, at, label, kind, by, restored_from)
      SELECT ${name}, coalesce((SELECT seq FROM mergepad_docs WHERE name = ${name}), 0), ${Math.round(v.at)}, ${v.label}, ${v.kind}, ${v.by}, ${v.restoredFrom}
      RETURNING id, seq, at, label, kind, by, restored_from`
    return version(row)
  }

  async remove(name: string): Promise<void> {
    await this.sql.begin((tx) => [
      tx`DELETE FROM mergepad_history_chunks WHERE doc = ${name}`,
      tx`DELETE FROM mergepad_versions WHERE doc = ${name}`,
      tx`DELETE FROM mergepad_history_bundles WHERE doc = ${name}`,
    ])
  }
  async keepBundle(name: string, { head, versions, data }: KeptBundle): Promise<void> {
    await this.sql`
      INSERT INTO mergepad_history_bundles (doc, head, versions, data) VALUES (${name}, ${head}, ${versions}, ${data})
      ON CONFLICT (doc) DO UPDATE SET head = excluded.head, versions = excluded.versions, data = excluded.data`
  }

  async keptBundle(name: string): Promise<KeptBundle | null> {
    const [row] = await this.sql`SELECT head, versions, data FROM mergepad_history_bundles WHERE doc = ${name}`
    return row ? { head: Number(row.head), versions: String(row.versions), data: bytes(row.data as Buffer) } : null
  }

}

/** Log rows whose records are decoded in one go by {@link recordsOf}: about a millisecond's work. */
const rowsPerSlice = 100

/** The records of `rows`, decoded {@link rowsPerSlice} at a time with the event loop let through between. */
async function recordsOf(rows: readonly Record<string, unknown>[]): Promise<ChangeRecord[]> {
  const records: ChangeRecord[] = []
  for (let i = 0; i < rows.length; i += rowsPerSlice) {
    if (i > 0) await nextTurn()
    for (const row of rows.slice(i, i + rowsPerSlice)) records.push(recordOf(row))
  }
  return records
}

/** A `mergepad_log` row's record: its own, or one read from its update. */
function recordOf(row: Record<string, unknown>): ChangeRecord {
  const { seq: stored, data, change } = row as { seq: string; data: Buffer; change: Buffer | null }
  const seq = Number(stored)
  return change === null ? recordFromUpdate(seq, bytes(data), 0) : decodeRawChange(bytes(change), seq)
}

function version(row: VersionRow): StoredVersion {
  return { id: String(row.id), seq: Number(row.seq), at: Number(row.at), label: row.label, kind: row.kind, by: row.by, restoredFrom: row.restored_from }
}

function bytes(data: Buffer): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}
