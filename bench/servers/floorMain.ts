/**
 * Child-process entry for the floor: not a server anyone would run, but the least a relay can do.
 * It forwards every sync frame (step 2 and update) it receives, byte for byte, to the other sockets
 * of the same URL path, and answers a sync step 1 with an empty step 2: no replica, no validation,
 * no storage, no awareness. Its latency is what the load process, `ws` and the kernel cost on their
 * own, so a real server's figures can be read as floor plus what that server adds. Only the typing
 * scenarios make sense against it. Reads HOST and PORT like the other entries.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import * as encoding from 'lib0/encoding'
import { type WebSocket, WebSocketServer } from 'ws'
import * as Y from 'yjs'
import { MessageType, SyncStep } from '../../shared/index.ts'

const host = process.env.HOST ?? '127.0.0.1'
const port = Number(process.env.PORT ?? '0')

const emptyDoc = new Y.Doc()
const step1 = syncFrame(SyncStep.Step1, Y.encodeStateVector(emptyDoc))
const emptyStep2 = syncFrame(SyncStep.Step2, Y.encodeStateAsUpdate(emptyDoc))
const rooms = new Map<string, Set<WebSocket>>()

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
    if (data[0] !== MessageType.Sync) return
    if (data[1] === SyncStep.Step1) return ws.send(emptyStep2)
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

function syncFrame(step: SyncStep, body: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.Sync)
  encoding.writeVarUint(encoder, step)
  encoding.writeVarUint8Array(encoder, body)
  return encoding.toUint8Array(encoder)
}
