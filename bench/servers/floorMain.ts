/**
 * Child-process entry for the floor: not a server anyone would run, but the least a relay can do.
 * It forwards every sync frame (step 2 and update) it receives, byte for byte, to the other sockets
 * of the same URL path, and answers a sync step 1 with the largest sync step 2 it has been sent on
 * that path (an uploaded document, kept while the process lives), else an empty one: no replica,
 * no validation, no merging, no awareness. Its latency is what the load process, `ws` and the
 * kernel cost on their own, so a real server's figures can be read as floor plus what that server
 * adds. It takes part in the typing scenarios, and serves a join storm's crowd apart from the
 * typists' server (`--crowd-on-floor`). Reads HOST and PORT like the other entries.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { type WebSocket, WebSocketServer } from 'ws'
import * as Y from 'yjs'
import { encodeMessage, peekMessageKind, syncStep1, syncStep2 } from '../../shared/index.ts'

const host = process.env.HOST ?? '127.0.0.1'
const port = Number(process.env.PORT ?? '0')

const emptyDoc = new Y.Doc()
const step1 = encodeMessage(syncStep1(emptyDoc))
const emptyStep2 = encodeMessage(syncStep2(emptyDoc))
const rooms = new Map<string, Set<WebSocket>>()
/** Per URL path, the largest sync step 2 frame received: what a sync step 1 there is answered with. */
const documents = new Map<string, Buffer>()

const server = http.createServer((_request, response) => response.end('floor'))
const wss = new WebSocketServer({ server })
wss.on('connection', (ws, request) => {
  const path = request.url ?? '/'
  let room = rooms.get(path)
  if (!room) rooms.set(path, (room = new Set()))
  const peers = room
  peers.add(ws)
  ws.send(step1)
  ws.on('message', (data: Buffer) => {
    const kind = peekMessageKind(data)
    if (kind === 'syncStep1') return ws.send(documents.get(path) ?? emptyStep2)
    if (kind !== 'syncStep2' && kind !== 'syncUpdate') return
    if (kind === 'syncStep2' && data.length > Math.max(emptyStep2.length, documents.get(path)?.length ?? 0)) documents.set(path, Buffer.from(data))
    for (const peer of peers) if (peer !== ws) peer.send(data)
  })
  ws.on('close', () => {
    peers.delete(ws)
    if (peers.size === 0) rooms.delete(path)
  })
})
server.listen(port, host, () => {
  console.log(`listening on http://${host}:${(server.address() as AddressInfo).port}`)
})
