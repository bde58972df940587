import fs from 'node:fs'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { encodeRawChange } from '../history/changeCodec.ts'
import type { ChangeInput, ChangeRecord, ChangeVisitor } from '../history/changeRecord.ts'
import {
  type LogEntry,
  LogCompactedError,
  type StoredDoc,
  StoreClosedError,
  checkCompaction,
  checkSeq,
} from './docStore.ts'
import type { CatalogedStore, DocCatalog } from './docCatalog.ts'
import { SqliteCatalog } from './sqliteCatalog.ts'
import { type HistoryStore, type KeptBundle, type NewVersion, type StoredVersion, collectChanges } from './historyStore.ts'
import { SqliteHistory } from './sqliteHistory.ts'
import { migrate } from './sqliteSchema.ts'

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
  appends: Array<{ name: string; update: Uint8Array; change: Uint8Array | null }>
  /** Resolves with the appends' sequence numbers, in order, once committed. */
  committed: Promise<number[]>
  settle: (seqs: number[] | null, error?: unknown) => void
}

/**
 * The embedded default store: one SQLite file (`mergepad.sqlite` under the data directory) in WAL
 * mode, with a `log` table clustered on (document, sequence number), a `snapshots` table, and
 * the schema's version in `schema_migrations` (migrations run at open; see `sqliteSchema.ts`).
 *
 * Appends are group-committed: the appends made before the current task's microtasks run form one
 * group, committed in one transaction once they have, and each append's promise resolves only
 * after that commit, so an append is durable once it resolves. Rooms flush at the end of a turn in
 * one callback (see `systemClock`), so a busy relay pays one commit per turn, not one per room.
 * A group's transaction takes the write lock before it reads the documents' last sequence numbers,
 * so several instances (or processes) may write one file: SQLite runs their commits one at a time.
 *
 * History (`sqliteHistory.ts`): each entry's change record is written in its log row, and a
 * compaction moves the records of the rows it drops into chunks, in its transaction.
 *
 * Commits never wait for a checkpoint: a worker thread (`sqliteCheckpointer.js`) copies the WAL
 * into the database file and flushes it to disk, off the relay's event loop: every 50 ms while
 * commits come fast, and otherwise once every few hundred commits or five quiet seconds (counted in
 * memory shared with it, which also wakes it: between commits it sleeps), so that a quiet writer
 * seldom pays for starting the WAL over and an idle store costs nothing.
 */
export class SqliteStore implements CatalogedStore, HistoryStore {
  /** Lists and removes the file's documents, on this store's connection. */
  readonly catalog: DocCatalog
  private readonly read: (name: string) => StoredDoc
  private readonly since: (name: string, seq: number) => LogEntry[]
  private readonly replaceLog: (name: string, snapshot: Uint8Array, throughSeq: number) => void
  private readonly commitGroup: (appends: Group['appends']) => number[]
  private readonly history: SqliteHistory
  private readonly changesAfter: (name: string, seq: number, visitor: ChangeVisitor, batch?: number) => number
  private readonly versionNow: (name: string, version: NewVersion) => StoredVersion
  private group: Group | null = null
  private closed: Promise<void> | null = null

  private constructor(
    /** Path of the SQLite file. */
    readonly file: string,
    private readonly db: Database.Database,
    private readonly checkpointer: { thread: Worker; gone: Promise<void>; commits: Int32Array },
  ) {
    this.catalog = new SqliteCatalog(db)
    const statements = {
      snapshot: db.prepare<[string], { data: Buffer; seq: number }>('SELECT data, seq FROM snapshots WHERE doc = ?'),
      snapshotSeq: db.prepare<[string], number>('SELECT seq FROM snapshots WHERE doc = ?').pluck(),
      log: db.prepare<[string, number], { seq: number; data: Buffer }>('SELECT seq, data FROM log WHERE doc = ? AND seq > ? ORDER BY seq'),
      lastSeq: db
        .prepare<{ doc: string }, number>(
          'SELECT max(coalesce((SELECT max(seq) FROM log WHERE doc = @doc), 0), coalesce((SELECT seq FROM snapshots WHERE doc = @doc), 0))',
        )
        .pluck(),
      append: db.prepare<[string, number, Uint8Array, Uint8Array | null]>('INSERT INTO log (doc, seq, data, change) VALUES (?, ?, ?, ?)'),
      putSnapshot: db.prepare<[string, Uint8Array, number, number]>(
        'INSERT INTO snapshots (doc, data, seq, compacted_at) VALUES (?, ?, ?, ?) ' +
          'ON CONFLICT (doc) DO UPDATE SET data = excluded.data, seq = excluded.seq, compacted_at = excluded.compacted_at',
      ),
      dropLog: db.prepare<[string, number]>('DELETE FROM log WHERE doc = ? AND seq <= ?'),
    }
    const history = (this.history = new SqliteHistory(db))
    const entries = (name: string, after: number) =>
      statements.log.all(name, after).map(({ seq, data }) => ({ seq, update: new Uint8Array(data) }))
    this.read = db.transaction((name: string): StoredDoc => {
      const snapshot = statements.snapshot.get(name)
      const log = entries(name, snapshot?.seq ?? 0)
      return { snapshot: snapshot ? new Uint8Array(snapshot.data) : null, log, seq: log.at(-1)?.seq ?? snapshot?.seq ?? 0 }
    })
    this.since = db.transaction((name: string, seq: number) => {
      const compactedThrough = statements.snapshotSeq.get(name) ?? 0
      if (compactedThrough > seq) throw new LogCompactedError(name, seq, compactedThrough)
      return entries(name, seq)
    })
    this.replaceLog = db.transaction((name: string, snapshot: Uint8Array, throughSeq: number) => {
      checkCompaction(name, throughSeq, statements.lastSeq.get({ doc: name })!)
      const stored = statements.snapshotSeq.get(name)
      if (stored !== undefined && throughSeq <= stored) return
      statements.putSnapshot.run(name, snapshot, throughSeq, Date.now())
      history.rollUp(name, throughSeq)
      statements.dropLog.run(name, throughSeq)
    }).immediate
    this.commitGroup = db.transaction((appends: Group['appends']) => {
      const last = new Map<string, number>()
      return appends.map(({ name, update, change }) => {
        const seq = (last.get(name) ?? statements.lastSeq.get({ doc: name })!) + 1
        last.set(name, seq)
        statements.append.run(name, seq, update, change)
        return seq
      })
    }).immediate
    this.changesAfter = db.transaction((name: string, seq: number, visitor: ChangeVisitor, batch?: number) => history.visitChanges(name, seq, visitor, batch))
    this.versionNow = db.transaction((name: string, version: NewVersion) => history.addVersion(name, statements.lastSeq.get({ doc: name })!, version)).immediate
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
      migrate(db)
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
    this.checkOpen()
    this.commitPending()
    return this.read(name)
  }

  /** Joins the waiting group; resolves once that group is committed, rejects if its commit failed. */
  append(name: string, update: Uint8Array, change?: ChangeInput): Promise<number> {
    if (this.closed) return Promise.reject(new StoreClosedError())
    if (!this.group) {
      let settle!: Group['settle']
      const committed = new Promise<number[]>((resolve, reject) => {
        settle = (seqs, error) => (seqs ? resolve(seqs) : reject(error))
      })
      this.group = { appends: [], committed, settle }
      queueMicrotask(() => this.commitPending())
    }
    const index = this.group.appends.push({ name, update, change: change ? encodeRawChange(change) : null }) - 1
    return this.group.committed.then((seqs) => seqs[index])
  }

  async readSince(name: string, seq: number): Promise<LogEntry[]> {
    this.checkOpen()
    checkSeq(seq, 'seq')
    this.commitPending()
    return this.since(name, seq)
  }

  async compact(name: string, snapshot: Uint8Array, throughSeq: number): Promise<void> {
    this.checkOpen()
    checkSeq(throughSeq, 'throughSeq')
    this.commitPending()
    this.replaceLog(name, snapshot, throughSeq)
    this.counted()
  }

  async readChanges(name: string, afterSeq: number, batch?: number): Promise<ChangeRecord[]> {
    return collectChanges((visitor) => this.visitChanges(name, afterSeq, visitor, batch))
  }

  async visitChanges(name: string, afterSeq: number, visitor: ChangeVisitor, batch?: number): Promise<number> {
    this.checkOpen()
    checkSeq(afterSeq, 'afterSeq')
    this.commitPending()
    return this.changesAfter(name, afterSeq, visitor, batch)
  }

  async listVersions(name: string): Promise<StoredVersion[]> {
    this.checkOpen()
    return this.history.listVersions(name)
  }

  async addVersion(name: string, version: NewVersion): Promise<StoredVersion> {
    this.checkOpen()
    this.commitPending()
    const stored = this.versionNow(name, version)
    this.counted()
    return stored
  }

  async removeHistory(name: string): Promise<void> {
    this.checkOpen()
    this.history.remove(name)
  }

  async keepBundle(name: string, bundle: KeptBundle): Promise<void> {
    this.checkOpen()
    this.history.keepBundle(name, bundle)
  }

  async keptBundle(name: string): Promise<KeptBundle | null> {
    this.checkOpen()
    return this.history.keptBundle(name)
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

  /** Counts a commit for the checkpointer, waking it if it sleeps (see `sqliteCheckpointer.js`). */
  private counted(): void {
    Atomics.add(this.checkpointer.commits, 0, 1)
    Atomics.notify(this.checkpointer.commits, 0)
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreClosedError()
  }

  /** Commits the waiting group now, if any, and settles its appends' promises. Never throws. */
  private commitPending(): void {
    const group = this.group
    if (!group) return
    this.group = null
    try {
      const seqs = this.commitGroup(group.appends)
      this.counted()
      group.settle(seqs)
    } catch (error) {
      group.settle(null, error)
    }
  }
}
