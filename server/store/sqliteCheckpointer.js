// @ts-check
/**
 * Keeps the store's write-ahead log short, off the relay's event loop: a worker thread with its own
 * connection that copies committed pages from the WAL into the database file (a passive checkpoint,
 * which never blocks the writer) and flushes the file to disk, so the writer's commits never wait
 * for a checkpoint or its fsync.
 *
 * Once a checkpoint has copied every frame, the writer's next transaction starts the WAL over from
 * its beginning. While frames keep arriving it checkpoints again every `BEHIND_MS` until it catches
 * up; when there is nothing to copy it looks again after `IDLE_MS`. It stops, closing its connection, on
 * any message.
 *
 * Plain JavaScript, type-checked through JSDoc: Node 20 cannot load TypeScript in a worker thread.
 */
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'

const IDLE_MS = 50
const BEHIND_MS = 5

const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort)
const { file, synchronous } = /** @type {{ file: string, synchronous: 'normal' | 'full' }} */ (workerData)

const db = new Database(file)
db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`)
/** @type {NodeJS.Timeout | undefined} */
let timer

function checkpoint() {
  const [{ log, checkpointed }] = /** @type {Array<{ busy: number, log: number, checkpointed: number }>} */ (
    db.pragma('wal_checkpoint(PASSIVE)')
  )
  timer = setTimeout(checkpoint, checkpointed < log ? BEHIND_MS : IDLE_MS)
}

port.on('message', () => {
  clearTimeout(timer)
  db.close()
  port.close()
})
timer = setTimeout(checkpoint, IDLE_MS)
