import fs from 'node:fs'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import type { DocStore, StoredDoc } from './docStore.ts'
import { type SqliteReady, type SqliteReply, type SqliteRequest, type SqliteWorkerData, toError } from './sqliteRequests.ts'

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

/** Requests without their id, as callers make them. */
type Request = SqliteRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never

/** A group of appends, committed in one transaction, and how to tell its callers it is done. */
interface Group {
  appends: Array<{ name: string; update: Uint8Array }>
  committed: Promise<void>
  settle: (error?: unknown) => void
}

/**
 * The embedded default store: one SQLite file (`mergepad.sqlite` under the data directory) in WAL
 * mode, written by a worker thread (`sqliteWorker.js`) and checkpointed by another
 * (`sqliteCheckpointer.js`), so neither the relay's event loop nor a commit waits for a checkpoint.
 *
 * Appends are group-committed: appends made together (before the current task's microtasks have
 * run; rooms flush at the end of a turn in one callback) form one group, and while a group's commit
 * is in flight the next group collects. Each append's promise resolves only once its group is
 * committed, so an append is durable once it resolves. Requests reach the worker in the order they
 * are made, a waiting group going out before any later load or compaction.
 */
export class SqliteStore implements DocStore {
  private readonly waiting = new Map<number, { resolve: (result: unknown) => void; reject: (error: unknown) => void }>()
  private nextId = 1
  /** The group collecting appends, not yet sent to the worker. */
  private collecting: Group | null = null
  /** Groups sent to the worker and not yet committed. */
  private inFlight = 0
  /** Set once the worker is gone: every later request fails with it. */
  private broken: Error | null = null
  private closed: Promise<void> | null = null

  private constructor(
    /** Path of the SQLite file. */
    readonly file: string,
    private readonly worker: Worker,
    private readonly checkpointer: { thread: Worker; gone: Promise<void> },
  ) {
    worker.on('message', (reply: SqliteReply) => this.answer(reply))
    worker.on('error', (error) => this.fail(error))
    worker.on('exit', (code) => this.fail(new Error(`the store's worker thread exited (code ${code})`)))
  }

  /** Opens (creating if needed) the store under `dataDir`; rejects if SQLite cannot open it. */
  static async open(dataDir: string, options: SqliteStoreOptions = {}): Promise<SqliteStore> {
    fs.mkdirSync(dataDir, { recursive: true })
    const file = path.join(dataDir, 'mergepad.sqlite')
    const workerData: SqliteWorkerData = { file, synchronous: options.synchronous ?? 'normal' }
    // Plain JavaScript needs none of the parent's flags (some, like --input-type, would break it).
    const worker = new Worker(new URL('./sqliteWorker.js', import.meta.url), { workerData, execArgv: [] })
    const opened = new Promise<void>((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`the store's worker thread exited (code ${code}) while opening ${file}`))
      worker.once('message', (message: SqliteReady) => {
        worker.off('error', reject).off('exit', onExit)
        if (message.error) reject(toError(message.error))
        else resolve()
      })
      worker.once('error', reject).once('exit', onExit)
    })
    await opened.catch(async (error) => {
      await worker.terminate()
      throw error
    })
    const checkpointer = new Worker(new URL('./sqliteCheckpointer.js', import.meta.url), { workerData, execArgv: [] })
    // Without it the writer checkpoints by itself once the log is long; nothing is lost.
    checkpointer.on('error', () => {})
    checkpointer.unref()
    const checkpointerGone = new Promise<void>((resolve) => checkpointer.once('exit', () => resolve()))
    return new SqliteStore(file, worker, { thread: checkpointer, gone: checkpointerGone })
  }

  load(name: string): Promise<StoredDoc> {
    return this.request({ op: 'load', name }) as Promise<StoredDoc>
  }

  /** Joins the collecting group; resolves once that group is committed, rejects if it failed. */
  append(name: string, update: Uint8Array): Promise<void> {
    if (this.broken || this.closed) return Promise.reject(this.broken ?? new Error('the store is closed'))
    if (!this.collecting) {
      let settle!: (error?: unknown) => void
      const committed = new Promise<void>((resolve, reject) => {
        settle = (error) => (error === undefined ? resolve() : reject(error))
      })
      this.collecting = { appends: [], committed, settle }
      queueMicrotask(() => {
        if (this.inFlight === 0) this.commitCollected()
      })
    }
    this.collecting.appends.push({ name, update })
    return this.collecting.committed
  }

  async compact(name: string, snapshot: Uint8Array): Promise<void> {
    await this.request({ op: 'compact', name, snapshot })
  }

  /** Commits what is waiting, then closes the file and ends the worker. Idempotent. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      this.checkpointer.thread.postMessage('stop')
      await this.checkpointer.gone
      if (this.broken) return
      const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()))
      await this.request({ op: 'close' }, { evenClosed: true })
      await exited
    })()
    return this.closed
  }

  /** Sends the collecting group, if any; when its commit is done, sends the next one. */
  private commitCollected(): void {
    const group = this.collecting
    if (!group) return
    this.collecting = null
    this.inFlight++
    const done = (error?: unknown) => {
      this.inFlight--
      group.settle(error)
      if (this.inFlight === 0) this.commitCollected()
    }
    this.request({ op: 'append', appends: group.appends }, { evenClosed: true, ordered: false }).then(() => done(), done)
  }

  private request(request: Request, { evenClosed = false, ordered = true } = {}): Promise<unknown> {
    if (this.broken) return Promise.reject(this.broken)
    if (this.closed && !evenClosed) return Promise.reject(new Error('the store is closed'))
    // A load or compaction must not overtake appends made before it.
    if (ordered) this.commitCollected()
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject })
      this.worker.postMessage({ ...request, id } satisfies SqliteRequest)
    })
  }

  private answer(reply: SqliteReply): void {
    const waiter = this.waiting.get(reply.id)
    if (!waiter) return
    this.waiting.delete(reply.id)
    if (reply.error !== undefined) waiter.reject(toError(reply.error))
    else waiter.resolve(reply.result)
  }

  private fail(error: Error): void {
    this.broken ??= error
    for (const waiter of this.waiting.values()) waiter.reject(this.broken)
    this.waiting.clear()
    this.collecting?.settle(this.broken)
    this.collecting = null
  }
}
