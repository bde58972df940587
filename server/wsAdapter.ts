import type { IncomingMessage } from 'node:http'
import type { Logger } from 'pino'
import { WebSocket, type WebSocketServer } from 'ws'
import { CloseCode, closeCodeName, docNameFromPath } from '../shared/index.ts'
import type { Clock } from './clock.ts'
import type { RelayMetrics } from './metrics.ts'
import type { PeerSocket } from './peer.ts'
import type { Room } from './room.ts'
import type { RoomRegistry } from './roomRegistry.ts'

export interface WsAdapterOptions {
  registry: RoomRegistry
  log: Logger
  metrics: RelayMetrics
  clock: Clock
  /** Ping every this many milliseconds; a peer that missed the previous pong is dropped. */
  pingIntervalMs: number
}

/**
 * Binds a `ws` server to the rooms: the only place that touches real sockets. Each connection's
 * document comes from its URL path; frames received before its room has loaded are held and fed
 * to the room in order once it has.
 *
 * Returns a function that stops the liveness pings.
 */
export function serveWebSockets(wss: WebSocketServer, options: WsAdapterOptions): () => void {
  const { log, metrics } = options
  const alive = new WeakMap<WebSocket, boolean>()

  wss.on('connection', (ws: WebSocket, request: IncomingMessage) => {
    metrics.connections.inc()
    alive.set(ws, true)
    ws.on('pong', () => alive.set(ws, true))
    ws.on('close', () => metrics.connections.dec())
    ws.on('error', (error: Error & { code?: string }) => {
      const kind = error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 'MessageTooBig' : 'SocketError'
      metrics.rejected(kind)
      log.warn({ kind, reason: error.message }, 'connection error')
    })

    const target = docNameFromPath(request.url ?? '/')
    if ('error' in target) {
      refuse(ws, CloseCode.InvalidDocumentName, target.error)
      return
    }
    connect(ws, target.name)
  })

  function connect(ws: WebSocket, name: string): void {
    const peer = wrap(ws)
    let room: Room | null = null
    let closed = false
    const early: Uint8Array[] = []

    ws.on('message', (data: Buffer, isBinary: boolean) => {
      metrics.frameReceived(data.length)
      if (!isBinary) {
        refuse(ws, CloseCode.UnsupportedData, 'text frames are not part of the protocol; send binary frames')
        return
      }
      if (room) room.receive(peer, data)
      else early.push(data)
    })
    ws.on('close', () => {
      closed = true
      room?.leave(peer)
    })

    options.registry.join(name, peer).then(
      (joined) => {
        if (closed) return joined.leave(peer)
        room = joined
        for (const data of early.splice(0)) joined.receive(peer, data)
      },
      (error: Error) => {
        log.error({ err: error, doc: name }, 'could not open document')
        metrics.storageFailed()
        ws.close(CloseCode.StorageFailure, 'the relay could not open this document; retry later')
      },
    )
  }

  function refuse(ws: WebSocket, code: CloseCode, reason: string): void {
    const kind = closeCodeName(code)
    log.warn({ code, kind, reason }, 'closing connection: protocol error')
    metrics.rejected(kind)
    ws.close(code, reason)
  }

  return options.clock.every(options.pingIntervalMs, () => {
    for (const ws of wss.clients) {
      if (!alive.get(ws)) {
        log.info('dropping a peer that missed a pong')
        ws.terminate()
        continue
      }
      alive.set(ws, false)
      ws.ping()
    }
  })
}

function wrap(ws: WebSocket): PeerSocket {
  return {
    isOpen: () => ws.readyState === WebSocket.OPEN,
    send: (frame) => ws.send(frame),
    close: (code, reason) => ws.close(code, reason),
  }
}
