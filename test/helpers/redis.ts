import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { type Service, freePort, launch, removeAtExit, removeNow } from './serviceProcess.ts'

/** A Redis server of a test's own; see {@link startRedis}. */
export interface ThrowawayRedis {
  /** `redis://127.0.0.1:PORT`. */
  readonly url: string
  readonly port: number
  /** Its temporary directory (append-only file, if any). */
  readonly dir: string
  /** Clean shutdown (SIGTERM; with persistence on, what it holds is saved first). */
  stop(): Promise<void>
  /** SIGKILL: gone at once, saving nothing beyond what its append-only file already holds. */
  kill(): Promise<void>
  /** Starts it again on the same port and directory, after {@link stop} or {@link kill}. */
  start(): Promise<void>
  /** Stops it and deletes its directory. Idempotent. */
  remove(): Promise<void>
  /** What the server logged since it last started. */
  output(): string
}

export interface ThrowawayRedisOptions {
  /**
   * Keep data across restarts in an append-only file, fsynced every second (default false: a
   * restarted Redis starts empty, as a cache or pub/sub relay would).
   */
  persistence?: boolean
}

/**
 * Starts a throwaway `redis-server` (Debian's `redis-server` package) on a free port of 127.0.0.1,
 * its files in a temporary directory, with no configuration file. Call `remove()` when done.
 */
export async function startRedis(options: ThrowawayRedisOptions = {}): Promise<ThrowawayRedis> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mergepad-redis-'))
  removeAtExit(dir)
  let port = 0
  let server: Service | null = null
  const run = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '']
    args.push('--appendonly', options.persistence ? 'yes' : 'no', '--appendfsync', 'everysec')
    server = await launch('redis-server', args, { ready: /Ready to accept connections/ })
  }
  for (let attempt = 1; ; attempt++) {
    port = await freePort()
    try {
      await run()
      break
    } catch (error) {
      // Another process may have taken the port between freePort and the server's bind.
      const portTaken = /Address already in use|Could not create server TCP/.test(String(error))
      if (attempt === 3 || !portTaken) {
        removeNow(dir)
        throw /ENOENT/.test(String(error)) ? new Error('redis-server is not installed: apt-get install -y redis-server') : error
      }
    }
  }

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    stop: async () => server?.stop('SIGTERM'),
    kill: async () => server?.stop('SIGKILL'),
    start: run,
    async remove() {
      await server?.stop('SIGTERM')
      removeNow(dir)
    },
    output: () => server?.output() ?? '',
  }
}
