// @ts-check
/**
 * Keeps the store's write-ahead log short, off the relay's event loop: a worker thread with its own
 * connection that copies committed pages from the WAL into the database file (a passive checkpoint,
 * which never blocks the writer) and flushes the file to disk, so the writer's commits never wait
 * for a checkpoint or its fsync.
 *
 * Once a checkpoint has copied every frame, the writer's next commit starts the WAL over from its
 * beginning, and starting over syncs the WAL's header to disk: that commit costs about three times
 * a plain one. A busy writer (at least `BUSY_COMMITS_PER_S`; it counts its commits in the shared
 * `commits` counter) is checkpointed every `BUSY_MS`, in small steps. A quiet one is checkpointed
 * once it has made `COMMITS_PER_CHECKPOINT` commits, or `QUIET_MS` after the last checkpoint if
 * it made any, so a quiet document's keystrokes pay for a restart once in hundreds of commits
 * instead of on nearly every one. While a checkpoint leaves frames behind, it checkpoints again
 * every `BEHIND_MS` until it catches up. Between commits it sleeps: once a look finds no commit
 * made since the one before, it waits for the writer's next commit (the writer notifies the
 * counter) or for a quiet checkpoint's time, whichever comes first, so an idle store's thread
 * never wakes. It stops, closing its connection, on any message.
 *
 * Plain JavaScript, type-checked through JSDoc: Node 20 cannot load TypeScript in a worker thread.
 */
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'

const POLL_MS = 20
const BEHIND_MS = 5
const BUSY_MS = 50
const BUSY_COMMITS_PER_S = 200
const COMMITS_PER_CHECKPOINT = 256
const QUIET_MS = 5000

const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort)
const { file, synchronous, commits } = /** @type {{ file: string, synchronous: 'normal' | 'full', commits: Int32Array }} */ (workerData)

const db = new Database(file)
db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`)
/** @type {NodeJS.Timeout | undefined} */
let timer
/** The writer's commit count at the last checkpoint. */
let commitsCheckpointed = 0
let lastCheckpoint = Date.now()
/** Whether the last checkpoint left frames behind (a reader held them, or commits kept coming). */
let behind = false
/** The writer's commit count at the last look. */
let seen = 0
let stopped = false

function tick() {
  if (stopped) return
  const made = Atomics.load(commits, 0)
  const waiting = made - commitsCheckpointed
  const since = Date.now() - lastCheckpoint
  const busy = since >= BUSY_MS && (waiting * 1000) / since >= BUSY_COMMITS_PER_S
  if (behind || busy || waiting >= COMMITS_PER_CHECKPOINT || (waiting > 0 && since >= QUIET_MS)) {
    const [{ log, checkpointed }] = /** @type {Array<{ busy: number, log: number, checkpointed: number }>} */ (
      db.pragma('wal_checkpoint(PASSIVE)')
    )
    behind = checkpointed < log
    commitsCheckpointed = made
    lastCheckpoint = Date.now()
  }
  const writing = made !== seen
  seen = made
  if (behind || writing) {
    timer = setTimeout(tick, behind ? BEHIND_MS : POLL_MS)
    return
  }
  // Asleep until the writer's next commit, or until the commits left waiting are due their quiet checkpoint.
  const untilQuiet = made > commitsCheckpointed ? Math.max(0, QUIET_MS - (Date.now() - lastCheckpoint)) : Infinity
  const wait = Atomics.waitAsync(commits, 0, made, untilQuiet)
  if (wait.async) wait.value.then(tick)
  else tick()
}

port.on('message', () => {
  stopped = true
  clearTimeout(timer)
  db.close()
  port.close()
})
timer = setTimeout(tick, POLL_MS)
