import fs from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import pino from 'pino'
import { isLoopbackHost, normalizeOrigin } from './access/originPolicy.ts'
import { Limits } from '../shared/index.ts'
import { systemClock } from './clock.ts'
import { nodeProbe, startIdleCollector } from './idleCollector.ts'
import { type LimitOption, limitOptions } from './limitOptions.ts'
import { startRelay } from './relay.ts'
import type { CatalogedStore } from './store/docCatalog.ts'
import { MemoryStore } from './store/memoryStore.ts'
import { SqliteStore, type SyncMode } from './store/sqliteStore.ts'

/** One line of the usage text: the option and its meaning in two columns. */
const line = (option: string, help: string) => `  ${option.padEnd(30)}${help}`

const usage = `Usage: npm start -- [options]

${[
  line('--host H', 'interface to listen on (env HOST, default localhost)'),
  line('--port P', 'port, 0 for any free one (env PORT, default 1234)'),
  line('--data DIR', 'data directory, or :memory: (env DATA_DIR, default ./data)'),
  line('--store URL', 'keep documents in Postgres instead (overrides --data):'),
  line('', 'postgres://user:pass@host:port/db (env STORE_URL); relays may share one'),
  line('--redis URL', 'serve as one relay of a cluster: pass edits and presence to the other relays'),
  line('', 'sharing the store through Redis, redis://[user:pass@]host:port (env REDIS_URL)'),
  line('--log-level L', 'fatal, error, warn, info, debug, trace or silent (env LOG_LEVEL, default info)'),
  ...Object.entries(limitOptions).map(([option, { limit, help }]) => line(`--${option} N`, `${help} (default ${Limits[limit]})`)),
  line('--sync normal|full', 'SQLite only. normal: durable across process crashes; full: fsync every write too'),
  line('--no-build', 'do not build the editor if it is not built yet'),
  line('--access open|links', 'open: anyone who reaches the relay opens any document; links: only with a'),
  line('', 'share link (env MERGEPAD_ACCESS; default open on loopback, links elsewhere)'),
  line('--secret-file F', 'the key that signs links (default DATA/access-key.pem, made on first start; with --store, kept in the database)'),
  line('--admin-token T', "the operator's bearer token for the HTTP API (env MERGEPAD_ADMIN_TOKEN)"),
  line('--allow-origin O', 'also let pages of origin O connect (repeatable), e.g. https://app.example.com'),
  line('--public-url URL', "the editor's address in share links (default: the request's Host)"),
  line('--help', 'this text'),
].join('\n')}
`

const { values: args } = parseArgs({
  options: {
    host: { type: 'string', default: process.env.HOST ?? 'localhost' },
    port: { type: 'string', default: process.env.PORT ?? '1234' },
    data: { type: 'string' },
    store: { type: 'string', default: process.env.STORE_URL },
    redis: { type: 'string', default: process.env.REDIS_URL },
    'log-level': { type: 'string', default: process.env.LOG_LEVEL ?? 'info' },
    ...(Object.fromEntries(Object.keys(limitOptions).map((option) => [option, { type: 'string' }])) as Record<LimitOption, { type: 'string' }>),
    sync: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    access: { type: 'string', default: process.env.MERGEPAD_ACCESS },
    'secret-file': { type: 'string' },
    'admin-token': { type: 'string', default: process.env.MERGEPAD_ADMIN_TOKEN },
    'allow-origin': { type: 'string', multiple: true, default: [] },
    'public-url': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
})

if (args.help) {
  process.stdout.write(usage)
  process.exit(0)
}

const port = Number(args.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a whole number from 0 to 65535, got "${args.port}"`)
const sync = args.sync ?? 'normal'
if (sync !== 'normal' && sync !== 'full') fail(`--sync must be normal or full, got "${sync}"`)
if (args.store !== undefined) {
  if (!/^postgres(ql)?:\/\//.test(args.store)) fail(`--store must be a postgres:// URL, got "${redact(args.store)}"`)
  if (args.sync !== undefined) fail('--sync is for SQLite; Postgres commits as its synchronous_commit setting says')
}
if (args.redis !== undefined) {
  if (!/^rediss?:\/\//.test(args.redis)) fail(`--redis must be a redis:// or rediss:// URL, got "${redact(args.redis)}"`)
  if (args.store === undefined && (args.data ?? process.env.DATA_DIR) === ':memory:') fail('--redis needs a store the relays share: --store postgres://… (or one --data directory)')
}
const maxFrameBytes = positive('max-frame-bytes')
const maxDocBytes = positive('max-doc-bytes')
const maxBufferedBytes = positive('max-buffered-bytes')
const rate = {
  messagesPerSecond: positive('messages-per-second'),
  messageBurst: positive('message-burst'),
  bytesPerSecond: positive('bytes-per-second'),
  byteBurst: positive('byte-burst'),
  capMessagesPerSecond: positive('cap-messages-per-second'),
  capBytesPerSecond: positive('cap-bytes-per-second'),
}
if (args.access !== undefined && args.access !== 'open' && args.access !== 'links') fail(`--access must be open or links, got "${args.access}"`)
const loopbackOnly = isLoopbackHost(args.host)
const accessMode = args.access ?? (loopbackOnly ? 'open' : 'links')
const allowOrigins = args['allow-origin'].map((origin) => {
  try {
    return normalizeOrigin(origin)
  } catch {
    return fail(`--allow-origin must be an origin like https://app.example.com, got "${origin}"`)
  }
})
const publicUrl = args['public-url'] === undefined ? null : args['public-url'].replace(/\/+$/, '')
if (publicUrl !== null && !/^https?:\/\/[^/]+$/.test(publicUrl)) fail(`--public-url must be like https://pad.example.com, got "${args['public-url']}"`)

const log = pino({ level: args['log-level'] })
const clientDir = fileURLToPath(new URL('../dist/client', import.meta.url))
if (!args['no-build'] && !fs.existsSync(`${clientDir}/index.html`)) {
  log.info('building the editor (first start only)')
  const { build } = await import('vite')
  await build({ configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)), logLevel: 'warn' })
}

const store = await openStore()
if (accessMode === 'open' && !loopbackOnly) {
  log.warn({ host: args.host }, 'access is open on an address other than loopback: anyone who can reach it can read, change or delete every document')
}
const access = {
  mode: accessMode,
  // With Postgres as the store, links and key live in the database; links kept in the data
  // directory before are copied there at start.
  dataDir: dataDirOf(args.data) === ':memory:' ? null : dataDirOf(args.data),
  secretFile: args['secret-file'] ?? null,
  adminToken: args['admin-token'] || null,
  allowOrigins,
} as const
// The Postgres and Redis clients are loaded only when asked for: together they hold about 20 MiB.
const cluster = args.redis === undefined ? undefined : { pubSub: await (await import('./cluster/redisPubSub.ts')).RedisPubSub.connect(args.redis, { log }) }
const relay = await startRelay({ host: args.host, port, store, log, maxFrameBytes, maxDocBytes, maxBufferedBytes, rate, clientDir, access, publicUrl, cluster }).catch(
  (error: Error) => fail(error instanceof RangeError ? error.message : String(error.stack ?? error)),
)
startIdleCollector(systemClock, nodeProbe(() => relay.metrics.framesReceived))
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    log.info({ signal }, 'shutting down')
    relay.close().then(
      () => process.exit(0),
      (error) => {
        log.error({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  })
}

// Announced only once a signal would shut the relay down cleanly.
const shown = args.host.includes(':') ? `[${args.host}]` : args.host
log.info({ access: accessMode }, accessMode === 'links' ? 'documents open only with a share link' : 'documents are open to anyone who reaches the relay')
console.log(`listening on http://${shown}:${relay.port}`)

/** The store the flags name: Postgres (--store, first), memory (--data :memory:) or SQLite (the default). */
async function openStore(): Promise<CatalogedStore> {
  const dataDir = dataDirOf(args.data)
  const where = args.store !== undefined ? redact(args.store) : dataDir
  try {
    if (args.store !== undefined) return await (await import('./store/postgresStore.ts')).PostgresStore.open(args.store)
    if (dataDir === ':memory:') return new MemoryStore()
    return await SqliteStore.open(dataDir, { synchronous: sync as SyncMode })
  } catch (error) {
    process.stderr.write(`could not open the store at ${where}: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  }
}

/** `url` with its password, if any, replaced by ***, for messages. */
function redact(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@')
  }
}

function positive(option: LimitOption): number | undefined {
  const value = args[option]
  if (value === undefined) return undefined
  if (!(Number(value) > 0)) fail(`--${option} must be a positive number, got "${value}"`)
  return Number(value)
}

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${usage}`)
  process.exit(2)
}

/** The data directory `--data` names, else `DATA_DIR`, else `./data`. */
function dataDirOf(flag: string | undefined): string {
  return flag ?? process.env.DATA_DIR ?? './data'
}
