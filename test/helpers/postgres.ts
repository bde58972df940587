import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import postgres from 'postgres'
import { type ThrowawayService, launch, startOnFreePort, temporaryDir } from './serviceProcess.ts'

/** A Postgres server of a test's own; see {@link startPostgres}. */
export interface ThrowawayPostgres extends ThrowawayService {
  /** `postgres://postgres@127.0.0.1:PORT/postgres`: the superuser, no password. */
  readonly url: string
  /** Its temporary directory: the cluster under `data/`, and the unix socket. */
  readonly dir: string
  /** Creates an empty database and returns its URL, so that each test has its own. */
  newDatabase(): Promise<string>
  /**
   * Drops a database {@link newDatabase} made, ending its sessions. Postgres checkpoints as it
   * drops one, at once, so its files are not left for a later checkpoint to write and sync.
   */
  dropDatabase(url: string): Promise<void>
  /** Fast shutdown (open sessions are ended, nothing committed is lost); the data stays. */
  stop(): Promise<void>
}

export interface ThrowawayPostgresOptions {
  /**
   * Flush every commit to disk, as a production server does (default false: a commit is still
   * durable across a crash of any process, Postgres's own included, but not across a power cut).
   * Benchmarks of commit latency turn it on.
   */
  fsync?: boolean
}

/**
 * Starts a throwaway Postgres from the installed binaries (Debian's `postgresql` package, 15 or
 * later; `PG_BIN` names another bin directory): a new cluster in a temporary directory, listening
 * on a free port of 127.0.0.1 with its unix socket in that directory, so it neither needs nor
 * disturbs a cluster the package may have started on 5432. As root it runs as the `postgres`
 * user, since `initdb` and `postgres` refuse to run as root. Call `remove()` when done.
 */
export async function startPostgres(options: ThrowawayPostgresOptions = {}): Promise<ThrowawayPostgres> {
  const bin = postgresBinDir()
  const owner: { uid?: number; gid?: number } = process.getuid?.() === 0 ? postgresUser() : {}
  const dir = temporaryDir('mergepad-pg-')
  if (owner.uid !== undefined) fs.chownSync(dir, owner.uid, owner.gid!)
  const data = path.join(dir, 'data')
  const init = spawnSync(
    path.join(bin, 'initdb'),
    ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions'],
    { ...owner, encoding: 'utf8' },
  )
  if (init.status !== 0) throw new Error(`initdb failed (${init.error?.message ?? init.status}):\n${init.stderr}`)

  const server = await startOnFreePort({
    dir,
    url: (port) => url(port, 'postgres'),
    launch(port) {
      const args = ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1']
      if (!options.fsync) args.push('-c', 'fsync=off', '-c', 'full_page_writes=off')
      return launch(path.join(bin, 'postgres'), args, { ...owner, ready: /ready to accept connections/ })
    },
    portTaken: /could not (bind|create listen)/,
    // SIGINT is Postgres's fast shutdown: it ends sessions, checkpoints and exits.
    stopSignal: 'SIGINT',
  })
  let databases = 0
  /** Runs `fn` on a connection of its own to the server's default database, closed after. */
  const onServer = async (fn: (sql: postgres.Sql) => Promise<unknown>): Promise<void> => {
    const sql = postgres(server.url, { max: 1, onnotice: () => {} })
    try {
      await fn(sql)
    } finally {
      await sql.end()
    }
  }
  return Object.assign(server, {
    async newDatabase() {
      const name = `test_${++databases}`
      await onServer((sql) => sql`CREATE DATABASE ${sql(name)}`)
      return url(server.port, name)
    },
    async dropDatabase(databaseUrl: string) {
      const name = new URL(databaseUrl).pathname.slice(1)
      await onServer((sql) => sql`DROP DATABASE ${sql(name)} WITH (FORCE)`)
    },
  })
}

const url = (port: number, database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`

/** The bin directory of the newest installed Postgres (`PG_BIN` wins), or of the one on PATH. */
function postgresBinDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN
  const root = '/usr/lib/postgresql'
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)) : []
  versions.sort((a, b) => Number(b) - Number(a))
  for (const version of versions) {
    const dir = path.join(root, version, 'bin')
    if (fs.existsSync(path.join(dir, 'postgres'))) return dir
  }
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim()
  if (onPath) return path.dirname(onPath)
  throw new Error('Postgres is not installed: apt-get install -y postgresql (or set PG_BIN to its bin directory)')
}

/** The `postgres` user's ids, to run the server as when the tests run as root. */
function postgresUser(): { uid: number; gid: number } {
  const entry = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .find((fields) => fields[0] === 'postgres')
  if (!entry) throw new Error('running as root, but there is no postgres user to run Postgres as: apt-get install -y postgresql')
  return { uid: Number(entry[2]), gid: Number(entry[3]) }
}
