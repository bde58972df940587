import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import postgres from 'postgres'
import { relayCommand, relayNodeFlags } from '../server/nodeFlags.ts'
import { cpuProfileFlags } from './cpuProfileFlags.ts'
import type { ThrowawayPostgres } from '../test/helpers/postgres.ts'
import type { ThrowawayRedis } from '../test/helpers/redis.ts'

const projectRoot = fileURLToPath(new URL('..', import.meta.url))

/**
 * The cluster's server kinds: our relays with --store and --redis, Hocuspocus with its Redis and
 * Database extensions, and the floor (`bench/servers/clusterFloorMain.ts`): frames committed to
 * Postgres, then forwarded and published, and nothing else.
 */
export type ClusterKind = 'ours' | 'hocuspocus' | 'floor'

/** The Postgres and Redis every node of a cluster measurement shares. */
export interface ClusterServices {
  pg: ThrowawayPostgres
  redis: ThrowawayRedis
}

/** One node of a cluster under test, in its own process. */
export interface ClusterNode {
  pid: number
  base: string
  /** SIGTERM, then SIGKILL after 15 s; resolves once it is gone (at once if it already is). */
  stop(): Promise<void>
}

/**
 * A fresh database on the shared Postgres, with Hocuspocus's or the floor's tables created when
 * `kind` needs it (ours applies its own migrations at start). Resolves with its URL.
 */
export async function freshClusterDatabase(kind: ClusterKind, services: ClusterServices): Promise<string> {
  const url = await services.pg.newDatabase()
  if (kind === 'ours') return url
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  if (kind === 'hocuspocus') await sql`CREATE TABLE hocuspocus_documents (name text PRIMARY KEY, data bytea NOT NULL)`
  else {
    await sql`CREATE TABLE floor_log (id bigserial PRIMARY KEY, doc text NOT NULL, data bytea NOT NULL)`
    await sql`CREATE TABLE floor_docs (name text PRIMARY KEY, seq bigint NOT NULL) WITH (fillfactor = 50)`
  }
  await sql.end()
  return url
}

/** Starts one node of `kind` on the store at `storeUrl` and the Redis at `redisUrl`; resolves once it listens. */
export async function startClusterNode(kind: ClusterKind, storeUrl: string, redisUrl: string): Promise<ClusterNode> {
  const env = { ...process.env, HOST: '127.0.0.1', PORT: '0', STORE_URL: storeUrl, REDIS_URL: redisUrl }
  const profile = cpuProfileFlags()
  const [file, args] =
    kind === 'ours'
      ? relayCommand([...relayNodeFlags, ...profile, '--import', 'tsx', 'server/cli.ts', '--host', '127.0.0.1', '--port', '0', '--store', storeUrl, '--redis', redisUrl, '--no-build', '--log-level', 'warn'])
      : [process.execPath, [...profile, '--import', 'tsx', `bench/servers/${kind === 'hocuspocus' ? 'hocuspocusRedisMain' : 'clusterFloorMain'}.ts`]]
  const child: ChildProcess = spawn(file, args, { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString()
    process.stderr.write(`[${kind}] ${chunk}`)
  })
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on http:\/\/[^\s]+:(\d+)/.exec(output)
      if (match) resolve(Number(match[1]))
    })
    child.once('exit', (code) => reject(new Error(`${kind} node exited with ${code} before listening:\n${output}`)))
  })
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return {
    pid: child.pid!,
    base: `ws://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      await gone
      clearTimeout(timer)
    },
  }
}
