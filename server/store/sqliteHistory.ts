import type Database from 'better-sqlite3'
import { decodeRawChange, packChunk, unpackChunk, visitChunk } from '../history/changeCodec.ts'
import { type ChangeRecord, type ChangeVisitor, recordFromUpdate, visitRecord } from '../history/changeRecord.ts'
import { type KeptBundle, type NewVersion, type StoredVersion, type StoredVersionKind, changesPerChunk, chunksAfter, chunksFor } from './historyStore.ts'

interface VersionRow {
  id: number
  seq: number
  at: number
  label: string
  kind: StoredVersionKind
  by: string | null
  restored_from: string | null
}

/**
 * The SQLite store's history, on its connection (tables from migration 3 in `sqliteSchema.ts`): a
 * log entry's change record (`encodeRawChange`) sits in the `log` row's `change` column until a compaction moves it
 * into `history_chunks` (compressed chunks of up to {@link changesPerChunk} records, keyed by their
 * first sequence number), and `versions` holds the versions people made. The store calls these
 * inside its own transactions where they must be atomic with its writes.
 */
export class SqliteHistory {
  private readonly statements

  constructor(db: Database.Database) {
    this.statements = {
      chunks: db.prepare<[string, number, number], { data: Buffer; last_seq: number }>('SELECT data, last_seq FROM history_chunks WHERE doc = ? AND last_seq > ? ORDER BY first_seq LIMIT ?'),
      logged: db.prepare<[string, number, number], LoggedRow>('SELECT seq, data, change FROM log WHERE doc = ? AND seq > ? AND seq <= ? ORDER BY seq'),
      tail: db.prepare<[string], { first_seq: number; changes: number; data: Buffer }>(
        'SELECT first_seq, changes, data FROM history_chunks WHERE doc = ? ORDER BY first_seq DESC LIMIT 1',
      ),
      dropChunk: db.prepare<[string, number]>('DELETE FROM history_chunks WHERE doc = ? AND first_seq = ?'),
      putChunk: db.prepare<[string, number, number, number, Uint8Array]>(
        'INSERT INTO history_chunks (doc, first_seq, last_seq, changes, data) VALUES (?, ?, ?, ?, ?)',
      ),
      versions: db.prepare<[string], VersionRow>('SELECT id, seq, at, label, kind, by, restored_from FROM versions WHERE doc = ? ORDER BY id'),
      addVersion: db.prepare<[string, number, number, string, string, string | null, string | null], VersionRow>(
        'INSERT INTO versions (doc, seq, at, label, kind, by, restored_from) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id, seq, at, label, kind, by, restored_from',
      ),
      removeChunks: db.prepare<[string]>('DELETE FROM history_chunks WHERE doc = ?'),
      removeVersions: db.prepare<[string]>('DELETE FROM versions WHERE doc = ?'),
      keepBundle: db.prepare<[string, number, string, Uint8Array]>('INSERT OR REPLACE INTO history_bundles (doc, head, versions, data) VALUES (?, ?, ?, ?)'),
      keptBundle: db.prepare<[string], { head: number; versions: string; data: Buffer }>('SELECT head, versions, data FROM history_bundles WHERE doc = ?'),
      removeBundle: db.prepare<[string]>('DELETE FROM history_bundles WHERE doc = ?'),
    }
  }

  /**
   * Tells `visitor` the records after `afterSeq` (see `HistoryStore.visitChanges`): from chunks,
   * then from the log. Returns the last one's sequence number. Call inside a read transaction.
   */
  visitChanges(name: string, afterSeq: number, visitor: ChangeVisitor, batch?: number): number {
    const limit = chunksFor(batch)
    const chunks = this.statements.chunks.all(name, afterSeq, limit ?? -1)
    let last = afterSeq
    for (const { data, last_seq } of chunks) {
      visitChunk(data, visitor, afterSeq)
      last = last_seq
    }
    if (chunks.length === limit) return last
    for (const record of this.logged(name, afterSeq, Number.MAX_SAFE_INTEGER)) {
      visitRecord(record, visitor)
      last = record.seq
    }
    return last
  }

  /**
   * Moves the records of the log entries up to `throughSeq` into chunks, before the compaction
   * deletes those rows. Call inside the compaction's transaction.
   */
  rollUp(name: string, throughSeq: number): void {
    const fresh = this.logged(name, 0, throughSeq)
    if (fresh.length === 0) return
    const tail = this.statements.tail.get(name)
    const reopen = tail !== undefined && tail.changes < changesPerChunk
    if (reopen) this.statements.dropChunk.run(name, tail.first_seq)
    for (const chunk of chunksAfter(reopen ? unpackChunk(tail.data) : null, fresh)) {
      this.statements.putChunk.run(name, chunk[0].seq, chunk.at(-1)!.seq, chunk.length, packChunk(chunk, chunk.length >= changesPerChunk))
    }
  }

  listVersions(name: string): StoredVersion[] {
    return this.statements.versions.all(name).map(version)
  }

  /** Records `v` at sequence number `seq`. */
  addVersion(name: string, seq: number, v: NewVersion): StoredVersion {
    return version(this.statements.addVersion.get(name, seq, Math.round(v.at), v.label, v.kind, v.by, v.restoredFrom)!)
  }

  /** Deletes the chunks and versions of `name` (its log rows go with the log). */
  remove(name: string): void {
    this.statements.removeChunks.run(name)
    this.statements.removeVersions.run(name)
    this.statements.removeBundle.run(name)
  }
  keepBundle(name: string, { head, versions, data }: KeptBundle): void {
    this.statements.keepBundle.run(name, head, versions, data)
  }

  keptBundle(name: string): KeptBundle | null {
    const row = this.statements.keptBundle.get(name)
    return row ? { head: row.head, versions: row.versions, data: new Uint8Array(row.data) } : null
  }


  private logged(name: string, afterSeq: number, throughSeq: number): ChangeRecord[] {
    return this.statements.logged
      .all(name, afterSeq, throughSeq)
      .map(({ seq, data, change }) => (change === null ? recordFromUpdate(seq, data, 0) : decodeRawChange(change, seq)))
  }
}

interface LoggedRow {
  seq: number
  data: Buffer
  change: Buffer | null
}

function version(row: VersionRow): StoredVersion {
  return { id: String(row.id), seq: row.seq, at: row.at, label: row.label, kind: row.kind, by: row.by, restoredFrom: row.restored_from }
}
