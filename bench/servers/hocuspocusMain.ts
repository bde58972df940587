/**
 * Child-process entry for Hocuspocus with its SQLite extension at default settings (stores are
 * debounced 2 s, at most 10 s). Reads HOST, PORT (0 for any free one) and DATA_DIR, and prints
 * `listening on http://HOST:PORT` like our relay does.
 */
import fs from 'node:fs'
import path from 'node:path'
import { SQLite } from '@hocuspocus/extension-sqlite'
import { Server } from '@hocuspocus/server'

const host = process.env.HOST ?? '127.0.0.1'
const port = Number(process.env.PORT ?? '0')
const dataDir = process.env.DATA_DIR ?? fs.mkdtempSync('/tmp/hocuspocus-')
fs.mkdirSync(dataDir, { recursive: true })

const server = new Server({
  address: host,
  port,
  quiet: true,
  stopOnSignals: true,
  extensions: [new SQLite({ database: path.join(dataDir, 'hocuspocus.sqlite') })],
})
await server.listen()
console.log(`listening on http://${host}:${server.address.port}`)
