import fs from 'node:fs'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import Database from 'better-sqlite3'
import type { DocStore, StoredDoc } from './docStore.ts'

/** How hard SQLite pushes each commit to disk; see {@link SqliteStoreOptions.synchronous}. */
export type SyncMode = 'normal' | 'full'

export interface SqliteStoreOptions {
  /**
   * `normal` (default): a committed append survives the process being killed at any moment
   * (SIGKILL, a crash); in WAL mode only a power cut or kernel crash can lose the newest commits.
   * `full`: every commit is fsynced, so it survives power loss too, at the cost of a disk flush per
   * group of appends.
   */
  synchronous?: SyncMode
}

/** Appends waiting for the next group commit, and how to tell their callers it is done. */
interface Group {
  appends: Array<{ name: string; update: Uint8Array }>
  committed: Promise<void>
  settle: (error?: unknown) => void
}

/**
 * The embedded default store: one SQLite file (`mergepad.sqlite` under the data directory) in WAL
 * mode, with a `log` table clustered on (document, sequence number) and a `snapshots` table.
 *
 * Appends are group-committed: the appends made before the current task's microtasks run form one
 * group, committed in one transaction once they have, and each append's promise resolves only
 * after that commit, so an append is durable once it resolves. Rooms flush at the end of a turn in
 * one callback (see `systemClock`), so a busy relay pays one commit per turn, not one per room.
 *
 * Commits never wait for a checkpoint: a worker thread (`sqliteCheckpointer.js`) copies the WAL
 * into the database file and flushes it to disk, off the relay's event loop: every 50 ms while
 * commits come fast, and otherwise once every few hundred commits (counted in memory shared with
 * it), so that a quiet writer seldom pays for starting the WAL over.
 */
export class SqliteStore implements DocStore {
  private readonly statements
  private readonly read: (name: string) => StoredDoc
  private readonly replaceLog: (name: string, snapshot: Uint8Array) => void
  private readonly commitGroup: (appends: Group['appends']) => void
  /** Next sequence number of each document appended to since its last compaction. */
  private readonly nextSeq = new Map<string, number>()
  private group: Group | null = null
  private closed: Promise<void> | null = null

  private constructor(
    /** Path of the SQLite file. */
    readonly file: string,
    private readonly db: Database.Database,
    private readonly checkpointer: { thread: Worker; gone: Promise<void>; commits: Int32Array },
  ) {
    this.statements = {
      snapshot: db.prepare<[string], Buffer>('SELECT data FROM snapshots WHERE doc = ?').pluck(),
      log: db.prepare<[string], Buffer>('SELECT data FROM log WHERE doc = ? ORDER BY seq').pluck(),
      lastSeq: db.prepare<[string], number | null>('SELECT max(seq) FROM log WHERE doc = ?').pluck(),
      append: db.prepare<[string, number, Uint8Array]>('INSERT INTO log (doc, seq, data) VALUES (?, ?, ?)'),
      putSnapshot: db.prepare<[string, Uint8Array, number]>(
        'INSERT INTO snapshots (doc, data, compacted_at) VALUES (?, ?, ?) ' +
          'ON CONFLICT (doc) DO UPDATE SET data = excluded.data, compacted_at = excluded.compacted_at',
      ),
      dropLog: db.prepare<[string]>('DELETE FROM log WHERE doc = ?'),
    }
    this.read = db.transaction((name: string): StoredDoc => {
      const snapshot = this.statements.snapshot.get(name)
      return {
        snapshot: snapshot ? new Uint8Array(snapshot) : null,
        log: this.statements.log.all(name).map((data) => new Uint8Array(data)),
      }
    })
    this.replaceLog = db.transaction((name: string, snapshot: Uint8Array) => {
      this.statements.putSnapshot.run(name, snapshot, Date.now())
      this.statements.dropLog.run(name)
    })
    this.commitGroup = db.transaction((appends: Group['appends']) => {
      for (const { name, update } of appends) {
        const seq = this.nextSeq.get(name) ?? (this.statements.lastSeq.get(name) ?? 0) + 1
        this.nextSeq.set(name, seq + 1)
        this.statements.append.run(name, seq, update)
      }
    })
  }

  /** Opens (creating or migrating if needed) the store under `dataDir`, and starts its checkpointer. */
  static async open(dataDir: string, options: SqliteStoreOptions = {}): Promise<SqliteStore> {
    fs.mkdirSync(dataDir, { recursive: true })
    const file = path.join(dataDir, 'mergepad.sqlite')
    const synchronous = options.synchronous ?? 'normal'
    const db = new Database(file)
    try {
      db.pragma('journal_mode = WAL')
      db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`)
      // Checkpoints are the checkpointer's job; a commit runs one itself only if the log has grown
      // past 64 MiB of 4 KiB pages because the checkpointer fell behind or is gone.
      db.pragma('wal_autocheckpoint = 16384')
      db.exec(`
        CREATE TABLE IF NOT EXISTS snapshots (
          doc TEXT PRIMARY KEY,
          data BLOB NOT NULL,
          compacted_at INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS log (
          doc TEXT NOT NULL,
          seq INTEGER NOT NULL,
          data BLOB NOT NULL,
          PRIMARY KEY (doc, seq)
        ) WITHOUT ROWID;
      `)
      migrateRowidLog(db)
    } catch (error) {
      db.close()
      throw error
    }
    // Plain JavaScript needs none of the parent's flags (some, like --input-type, would break it).
    // Commits made, counted here and read by the checkpointer to decide when to checkpoint.
    const commits = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT))
    const thread = new Worker(new URL('./sqliteCheckpointer.js', import.meta.url), {
      workerData: { file, synchronous, commits },
      execArgv: [],
    })
    thread.on('error', () => {}) // without it, commits checkpoint by themselves (see above); nothing is lost
    thread.unref()
    const gone = new Promise<void>((resolve) => thread.once('exit', () => resolve()))
    return new SqliteStore(file, db, { thread, gone, commits })
  }

  async load(name: string): Promise<StoredDoc> {
    this.commitPending()
    return this.read(name)
  }

  /** Joins the waiting group; resolves once that group is committed, rejects if its commit failed. */
  append(name: string, update: Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the store is closed'))
    if (!this.group) {
      let settle!: (error?: unknown) => void
      const committed = new Promise<void>((resolve, reject) => {
        settle = (error) => (error === undefined ? resolve() : reject(error))
      })
      this.group = { appends: [], committed, settle }
      queueMicrotask(() => this.commitPending())
    }
    this.group.appends.push({ name, update })
    return this.group.committed
  }

  async compact(name: string, snapshot: Uint8Array): Promise<void> {
    this.commitPending()
    this.replaceLog(name, snapshot)
    Atomics.add(this.checkpointer.commits, 0, 1)
    this.nextSeq.delete(name)
  }

  /** Commits what is waiting, stops the checkpointer and closes the file. Idempotent. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      this.commitPending()
      // The thread is unref'd while it runs; hold the process open until it has closed its connection.
      this.checkpointer.thread.ref()
      this.checkpointer.thread.postMessage('stop')
      await this.checkpointer.gone
      this.db.close()
    })()
    return this.closed
  }

  /** Commits the waiting group now, if any, and settles its appends' promises. Never throws. */
  private commitPending(): void {
    const group = this.group
    if (!group) return
    this.group = null
    try {
      this.commitGroup(group.appends)
      Atomics.add(this.checkpointer.commits, 0, 1)
      group.settle()
    } catch (error) {
      // The transaction rolled back: forget the sequence numbers it took.
      for (const { name } of group.appends) this.nextSeq.delete(name)
      group.settle(error)
    }
  }
}

/** Moves a log kept by earlier versions (table `updates`, one global rowid order) into `log`. */
function migrateRowidLog(db: Database.Database): void {
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'updates'").get()) return
  db.transaction(() => {
    db.exec(`
      INSERT INTO log (doc, seq, data)
        SELECT doc, (SELECT coalesce(max(seq), 0) FROM log WHERE log.doc = updates.doc)
                      + row_number() OVER (PARTITION BY doc ORDER BY seq), data
        FROM updates;
      DROP TABLE updates;
    `)
  })()
}
