/**
 * Child-process entry for Hocuspocus as a cluster node: its Redis extension (instances pass
 * updates and awareness through Redis, and take a Redis lock to store) and its Database extension
 * on the Postgres database at STORE_URL, at default settings (stores debounced 2 s, at most 10 s).
 * The table `hocuspocus_documents (name text primary key, data bytea)` must exist. Reads HOST,
 * PORT (0 for any free one), STORE_URL and REDIS_URL; prints `listening on http://HOST:PORT`.
 */
import { Database } from '@hocuspocus/extension-database'
import { Redis } from '@hocuspocus/extension-redis'
import { Server } from '@hocuspocus/server'
import postgres from 'postgres'

const host = process.env.HOST ?? '127.0.0.1'
const port = Number(process.env.PORT ?? '0')
const sql = postgres(process.env.STORE_URL!, { max: 10, onnotice: () => {} })
const redis = new URL(process.env.REDIS_URL!)

const server = new Server({
  address: host,
  port,
  quiet: true,
  stopOnSignals: true,
  extensions: [
    new Redis({ host: redis.hostname, port: Number(redis.port) }),
    new Database({
      fetch: async ({ documentName }) => {
        const [row] = await sql`SELECT data FROM hocuspocus_documents WHERE name = ${documentName}`
        return row ? new Uint8Array(row.data) : null
      },
      store: async ({ documentName, state }) => {
        await sql`INSERT INTO hocuspocus_documents (name, data) VALUES (${documentName}, ${state})
          ON CONFLICT (name) DO UPDATE SET data = excluded.data`
      },
    }),
  ],
})
await server.listen()
console.log(`listening on http://${host}:${server.address.port}`)
