import { type ThrowawayService, launch, startOnFreePort, temporaryDir } from './serviceProcess.ts'

/** A Redis server of a test's own; see {@link startRedis}. */
export interface ThrowawayRedis extends ThrowawayService {
  /** `redis://127.0.0.1:PORT`. */
  readonly url: string
  /** Its temporary directory (append-only file, if any). */
  readonly dir: string
  /** Clean shutdown (SIGTERM; with persistence on, what it holds is saved first). */
  stop(): Promise<void>
  /** SIGKILL: gone at once, saving nothing beyond what its append-only file already holds. */
  kill(): Promise<void>
  /** Starts it again on the same port and directory, after {@link stop} or {@link kill}. */
  start(): Promise<void>
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
  const dir = temporaryDir('mergepad-redis-')
  try {
    const server = await startOnFreePort({
      dir,
      url: (port) => `redis://127.0.0.1:${port}`,
      launch(port) {
        const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '']
        args.push('--appendonly', options.persistence ? 'yes' : 'no', '--appendfsync', 'everysec')
        return launch('redis-server', args, { ready: /Ready to accept connections/ })
      },
      portTaken: /Address already in use|Could not create server TCP/,
      stopSignal: 'SIGTERM',
    })
    return Object.assign(server, { kill: async () => server.service?.stop('SIGKILL') })
  } catch (error) {
    throw /ENOENT/.test(String(error)) ? new Error('redis-server is not installed: apt-get install -y redis-server') : error
  }
}
