import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { DocStore, StoredDoc } from './docStore.ts'

/** How hard SQLite pushes each commit to disk; see {@link SqliteStoreOptions.synchronous}. */
export type SyncMode = 'normal' | 'full'

export interface SqliteStoreOptions {
  /**
   * `normal` (default): a committed append survives the process being killed at any moment
   * (SIGKILL, a crash); in WAL mode only a power cut or kernel crash can lose the newest commits.
   * `full`: every commit is fsynced, so it survives power loss too, at the cost of a disk flush per
   * batch of updates.
   */
  synchronous?: SyncMode
}

/**
 * The embedded default store: one SQLite file (`mergepad.sqlite` under the data directory) in WAL
 * mode, with an `updates` log table and a `snapshots` table. better-sqlite3 is synchronous, so every
 * promise here is already settled when returned and an append is durable once it resolves.
 */
export class SqliteStore implements DocStore {
  readonly file: string
  private readonly db: Database.Database
  private readonly statements
  private readonly read: (name: string) => StoredDoc
  private readonly replaceLog: (name: string, snapshot: Uint8Array) => void

  constructor(dataDir: string, options: SqliteStoreOptions = {}) {
    fs.mkdirSync(dataDir, { recursive: true })
    this.file = path.join(dataDir, 'mergepad.sqlite')
    this.db = new Database(this.file)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`)
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS snapshots (
        doc TEXT PRIMARY KEY,
        data BLOB NOT NULL,
        compacted_at INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS updates (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        doc TEXT NOT NULL,
        data BLOB NOT NULL
      );
      CREATE INDEX IF NOT EXISTS updates_by_doc ON updates (doc, seq);
    `)
    this.statements = {
      snapshot: this.db.prepare<[string], { data: Buffer }>('SELECT data FROM snapshots WHERE doc = ?'),
      log: this.db.prepare<[string], { data: Buffer }>('SELECT data FROM updates WHERE doc = ? ORDER BY seq'),
      append: this.db.prepare<[string, Uint8Array]>('INSERT INTO updates (doc, data) VALUES (?, ?)'),
      putSnapshot: this.db.prepare<[string, Uint8Array, number]>(
        'INSERT INTO snapshots (doc, data, compacted_at) VALUES (?, ?, ?) ' +
          'ON CONFLICT (doc) DO UPDATE SET data = excluded.data, compacted_at = excluded.compacted_at',
      ),
      dropLog: this.db.prepare<[string]>('DELETE FROM updates WHERE doc = ?'),
    }
    this.read = this.db.transaction((name: string): StoredDoc => {
      const snapshot = this.statements.snapshot.get(name)
      return {
        snapshot: snapshot ? new Uint8Array(snapshot.data) : null,
        log: this.statements.log.all(name).map((row) => new Uint8Array(row.data)),
      }
    })
    this.replaceLog = this.db.transaction((name: string, snapshot: Uint8Array) => {
      this.statements.putSnapshot.run(name, snapshot, Date.now())
      this.statements.dropLog.run(name)
    })
  }

  async load(name: string): Promise<StoredDoc> {
    return this.read(name)
  }

  async append(name: string, update: Uint8Array): Promise<void> {
    this.statements.append.run(name, update)
  }

  async compact(name: string, snapshot: Uint8Array): Promise<void> {
    this.replaceLog(name, snapshot)
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close()
  }
}
