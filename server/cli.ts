import fs from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import pino from 'pino'
import { systemClock } from './clock.ts'
import { startIdleCollector } from './idleCollector.ts'
import { startRelay } from './relay.ts'
import { MemoryStore } from './store/memoryStore.ts'
import { SqliteStore, type SyncMode } from './store/sqliteStore.ts'

const usage = `Usage: npm start -- [options]

  --host H              interface to listen on (env HOST, default localhost)
  --port P              port, 0 for any free one (env PORT, default 1234)
  --data DIR            data directory, or :memory: (env DATA_DIR, default ./data)
  --log-level L         fatal, error, warn, info, debug, trace or silent (env LOG_LEVEL, default info)
  --max-frame-bytes N   largest frame accepted (default 8388608)
  --max-doc-bytes N     largest stored document (default 67108864)
  --sync normal|full    normal: durable across process crashes; full: fsync every write too
  --no-build            do not build the editor if it is not built yet
  --help                this text
`

const { values: args } = parseArgs({
  options: {
    host: { type: 'string', default: process.env.HOST ?? 'localhost' },
    port: { type: 'string', default: process.env.PORT ?? '1234' },
    data: { type: 'string', default: process.env.DATA_DIR ?? './data' },
    'log-level': { type: 'string', default: process.env.LOG_LEVEL ?? 'info' },
    'max-frame-bytes': { type: 'string' },
    'max-doc-bytes': { type: 'string' },
    sync: { type: 'string', default: 'normal' },
    'no-build': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
})

if (args.help) {
  process.stdout.write(usage)
  process.exit(0)
}

const port = Number(args.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a whole number from 0 to 65535, got "${args.port}"`)
if (args.sync !== 'normal' && args.sync !== 'full') fail(`--sync must be normal or full, got "${args.sync}"`)
const maxFrameBytes = positive('max-frame-bytes')
const maxDocBytes = positive('max-doc-bytes')

const log = pino({ level: args['log-level'] })
const clientDir = fileURLToPath(new URL('../dist/client', import.meta.url))
if (!args['no-build'] && !fs.existsSync(`${clientDir}/index.html`)) {
  log.info('building the editor (first start only)')
  const { build } = await import('vite')
  await build({ configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)), logLevel: 'warn' })
}

const store = args.data === ':memory:' ? new MemoryStore() : await SqliteStore.open(args.data, { synchronous: args.sync as SyncMode })
const relay = await startRelay({ host: args.host, port, store, log, maxFrameBytes, maxDocBytes, clientDir })
startIdleCollector(systemClock)
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
console.log(`listening on http://${shown}:${relay.port}`)

function positive(option: 'max-frame-bytes' | 'max-doc-bytes'): number | undefined {
  const value = args[option]
  if (value === undefined) return undefined
  if (!(Number(value) > 0)) fail(`--${option} must be a positive number, got "${value}"`)
  return Number(value)
}

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${usage}`)
  process.exit(2)
}
