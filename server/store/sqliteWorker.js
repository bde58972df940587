// @ts-check
/**
 * The SQLite side of `SqliteStore`: the one connection that writes, run in a worker thread so that
 * commits never stall the relay's event loop.
 *
 * Plain JavaScript, type-checked through JSDoc: Node 20 cannot load TypeScript in a worker thread.
 *
 * The file (`workerData.file`) is in WAL mode and holds two tables: `log`, every document's appended
 * updates clustered on (document, sequence number), and `snapshots`, one compacted update per
 * document. The worker first sends `{}` once the file is open (or `{ error }`), then answers each
 * request, one at a time in arrival order, with `{ id, result }` or `{ id, error }` once it is done:
 * an append group only once it is committed.
 */
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'

/** @typedef {import('./sqliteRequests.ts').SqliteRequest} SqliteRequest */
/** @typedef {import('./sqliteRequests.ts').SqliteWorkerData} SqliteWorkerData */
/** @typedef {import('./sqliteRequests.ts').PlainError} PlainError */

const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort)

try {
  const handle = openLog(/** @type {SqliteWorkerData} */ (workerData))
  port.on('message', (/** @type {SqliteRequest} */ request) => {
    try {
      port.postMessage({ id: request.id, result: handle(request) })
    } catch (error) {
      port.postMessage({ id: request.id, error: toPlainError(error) })
    }
    if (request.op === 'close') port.close()
  })
  port.postMessage({})
} catch (error) {
  port.postMessage({ error: toPlainError(error) })
  port.close()
}

/**
 * Opens the file, creating or migrating its tables, and returns the request handler.
 * @param {SqliteWorkerData} options
 * @returns {(request: SqliteRequest) => unknown}
 */
function openLog({ file, synchronous }) {
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`)
  // Checkpoints are the checkpointer thread's job (sqliteCheckpointer.js); the writer runs one itself
  // only if the log has grown past 64 MiB of 4 KiB pages because the checkpointer fell behind.
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

  const statements = {
    snapshot: db.prepare('SELECT data FROM snapshots WHERE doc = ?').pluck(),
    log: db.prepare('SELECT data FROM log WHERE doc = ? ORDER BY seq').pluck(),
    lastSeq: db.prepare('SELECT max(seq) FROM log WHERE doc = ?').pluck(),
    append: db.prepare('INSERT INTO log (doc, seq, data) VALUES (?, ?, ?)'),
    putSnapshot: db.prepare(
      'INSERT INTO snapshots (doc, data, compacted_at) VALUES (?, ?, ?) ' +
        'ON CONFLICT (doc) DO UPDATE SET data = excluded.data, compacted_at = excluded.compacted_at',
    ),
    dropLog: db.prepare('DELETE FROM log WHERE doc = ?'),
  }

  /** Next sequence number of each document appended to since its last compaction. */
  const nextSeq = new Map()

  const read = db.transaction((/** @type {string} */ name) => ({
    snapshot: /** @type {Uint8Array | undefined} */ (statements.snapshot.get(name)) ?? null,
    log: /** @type {Uint8Array[]} */ (statements.log.all(name)),
  }))

  const commitGroup = db.transaction((/** @type {Array<{ name: string, update: Uint8Array }>} */ appends) => {
    for (const { name, update } of appends) {
      const seq = nextSeq.get(name) ?? Number(statements.lastSeq.get(name) ?? 0) + 1
      nextSeq.set(name, seq + 1)
      statements.append.run(name, seq, update)
    }
  })

  const replaceLog = db.transaction((/** @type {string} */ name, /** @type {Uint8Array} */ snapshot) => {
    statements.putSnapshot.run(name, snapshot, Date.now())
    statements.dropLog.run(name)
  })

  return (request) => {
    switch (request.op) {
      case 'load':
        return read(request.name)
      case 'append':
        try {
          commitGroup(request.appends)
        } catch (error) {
          // The transaction rolled back: forget the sequence numbers it took.
          for (const { name } of request.appends) nextSeq.delete(name)
          throw error
        }
        return null
      case 'compact':
        replaceLog(request.name, request.snapshot)
        nextSeq.delete(request.name)
        return null
      case 'close':
        db.close()
        return null
    }
  }
}

/**
 * Moves a log kept by earlier versions (table `updates`, one global rowid order) into `log`.
 * @param {Database.Database} db
 */
function migrateRowidLog(db) {
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

/**
 * An error as it can cross to the store's thread (see {@link PlainError}).
 * @param {unknown} error
 * @returns {PlainError}
 */
function toPlainError(error) {
  if (!(error instanceof Error)) return { message: String(error) }
  const { code } = /** @type {Error & { code?: unknown }} */ (error)
  return typeof code === 'string' ? { message: error.message, code } : { message: error.message }
}
