/**
 * Child-process entry for the cluster's floor: not a server anyone would run, but the least a
 * relay can do that, like ours, commits what it receives to Postgres before any peer on any node
 * sees it. The sync frames (step 2 and update) that arrive in one turn are inserted into
 * `floor_log` with one statement (fsync on, as for every server); once it commits, each frame is
 * forwarded byte for byte to the other sockets of its URL path here and published on Redis, and the
 * other floor nodes forward what they receive to their sockets of that path. No replica, no
 * validation, no sequence numbers, no acknowledgements, no awareness; a sync step 1 gets an empty
 * step 2. Its cross-node latency is what the load, `ws`, the kernel, one durable commit and one
 * Redis hop cost on their own on these cores: a bound below every relay that commits first.
 * Reads HOST, PORT, STORE_URL (its database must hold `floor_log` and `floor_docs`, made by
 * `freshClusterDatabase`) and REDIS_URL; prints `listening on http://HOST:PORT`.
 *
 * With BENCH_FLOOR_COUNTER=1 in the benchmark's environment, the statement also bumps each
 * document's row in `floor_docs` as ours bumps its counter: the cost of a row that every node's
 * commits of one document lock until their log flush.
 */
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import pino from 'pino'
import postgres from 'postgres'
import { type WebSocket, WebSocketServer } from 'ws'
import * as Y from 'yjs'
import { RedisPubSub } from '../../server/cluster/redisPubSub.ts'
import type { Subscription } from '../../server/cluster/pubSub.ts'
import { byteaArray, textArray } from '../../server/store/postgresArrays.ts'
import { encodeMessage, peekMessageKind, syncStep1, syncStep2 } from '../../shared/index.ts'

const host = process.env.HOST ?? '127.0.0.1'
const port = Number(process.env.PORT ?? '0')
const sql = postgres(process.env.STORE_URL!, { max: 2, fetch_types: false, onnotice: () => {} })
const pubSub = await RedisPubSub.connect(process.env.REDIS_URL!, { log: pino({ level: 'warn' }) })
/** Prefixed to what this node publishes, so that it can skip its own messages when Redis sends them back. */
const tag = randomBytes(4)
const counter = process.env.BENCH_FLOOR_COUNTER === '1'

const emptyDoc = new Y.Doc()
const step1 = encodeMessage(syncStep1(emptyDoc))
const emptyStep2 = encodeMessage(syncStep2(emptyDoc))

interface Path {
  sockets: Set<WebSocket>
  subscription: Subscription
}
const paths = new Map<string, Path>()
/** Frames received this turn, committed together at its end. */
let pending: Array<{ path: string; from: WebSocket; data: Buffer }> = []

function forward(path: string, data: Uint8Array, except: WebSocket | null): void {
  for (const socket of paths.get(path)?.sockets ?? []) if (socket !== except) socket.send(data)
}

async function commit(frames: typeof pending): Promise<void> {
  const docs = frames.map((frame) => frame.path)
  const datas = frames.map((frame) => frame.data)
  if (counter) {
    await sql`
      WITH input AS (
        SELECT * FROM unnest(${textArray(docs)}::text[], ${byteaArray(datas)}::bytea[]) WITH ORDINALITY AS t (doc, data, ord)
      ), bumped AS (
        INSERT INTO floor_docs AS d (name, seq) SELECT doc, count(*) FROM input GROUP BY doc ORDER BY doc
        ON CONFLICT (name) DO UPDATE SET seq = d.seq + excluded.seq
      )
      INSERT INTO floor_log (doc, data) SELECT doc, data FROM input ORDER BY ord`
  } else if (frames.length === 1) await sql`INSERT INTO floor_log (doc, data) VALUES (${docs[0]}, ${datas[0]})`
  else await sql`INSERT INTO floor_log (doc, data) SELECT * FROM unnest(${textArray(docs)}::text[], ${byteaArray(datas)}::bytea[])`
  for (const { path, from, data } of frames) {
    forward(path, data, from)
    pubSub.publish(path, Buffer.concat([tag, data])).catch(() => {})
  }
}

function join(path: string): Path {
  const subscription = pubSub.subscribe(path, (message) => {
    if (Buffer.compare(message.subarray(0, tag.length), tag) !== 0) forward(path, message.subarray(tag.length), null)
  })
  const joined = { sockets: new Set<WebSocket>(), subscription }
  paths.set(path, joined)
  return joined
}

const server = http.createServer((_request, response) => response.end('cluster floor'))
const wss = new WebSocketServer({ server })
wss.on('connection', (ws, request) => {
  const path = request.url ?? '/'
  const joined = paths.get(path) ?? join(path)
  joined.sockets.add(ws)
  ws.send(step1)
  ws.on('message', (data: Buffer) => {
    const kind = peekMessageKind(data)
    if (kind === 'syncStep1') return ws.send(emptyStep2)
    if (kind !== 'syncStep2' && kind !== 'syncUpdate') return
    if (pending.length === 0) {
      setImmediate(() => {
        const frames = pending
        pending = []
        commit(frames).catch((error) => console.error('floor commit failed', error))
      })
    }
    pending.push({ path, from: ws, data })
  })
  ws.on('close', () => {
    joined.sockets.delete(ws)
    if (joined.sockets.size > 0) return
    joined.subscription.stop()
    paths.delete(path)
  })
})
server.listen(port, host, () => {
  console.log(`listening on http://${host}:${(server.address() as AddressInfo).port}`)
})
process.on('SIGTERM', () => {
  server.close()
  for (const socket of wss.clients) socket.terminate()
  void Promise.all([pubSub.close(), sql.end()]).then(() => process.exit(0))
})
