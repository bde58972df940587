import type { IncomingMessage } from 'node:http'
import type { Logger } from 'pino'
import { WebSocket, type WebSocketServer } from 'ws'
import { CloseCode, closeCodeName, docNameFromPath, durableAckParam } from '../shared/index.ts'
import type { Clock } from './clock.ts'
import type { RelayMetrics } from './metrics.ts'
import type { JoinOptions, Room } from './room.ts'
import type { RoomRegistry } from './roomRegistry.ts'
import { ConnectionRate, type RateLimits } from './connectionRate.ts'
import { WsPeer } from './wsPeer.ts'

export interface WsAdapterOptions {
  registry: RoomRegistry
  log: Logger
  metrics: RelayMetrics
  clock: Clock
  /** Ping every this many milliseconds; a peer that missed the previous pong is dropped. */
  pingIntervalMs: number
  /** Bytes queued for one peer beyond which it is disconnected as too slow. */
  maxBufferedBytes: number
  /** Per-connection rate limits: sustained rates and bursts. */
  rate: RateLimits
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
  // Handlers shared by every socket (they find theirs as `this`): a relay holds thousands of idle
  // peers, and a closure per handler per peer is memory that grows with them.
  function markAlive(this: WebSocket): void {
    alive.set(this, true)
  }
  function countClosed(): void {
    metrics.connections.dec()
  }
  function socketError(error: Error & { code?: string }): void {
    const kind = error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 'MessageTooBig' : 'SocketError'
    metrics.rejected(kind)
    log.warn({ kind, reason: error.message }, 'connection error')
  }

  /** Join options shared by every connection that asked for the same (nothing keeps one per peer). */
  const plainJoin: JoinOptions = Object.freeze({})
  const withDurableAcks: JoinOptions = Object.freeze({ durableAck: true })

  wss.on('connection', (ws: WebSocket, request: IncomingMessage) => {
    metrics.connections.inc()
    alive.set(ws, true)
    ws.on('pong', markAlive)
    ws.on('error', socketError)

    const url = request.url ?? '/'
    const target = docNameFromPath(url)
    if ('error' in target) {
      ws.on('close', countClosed)
      refuse(ws, CloseCode.InvalidDocumentName, target.error)
      return
    }
    const query = new URLSearchParams(url.split('?')[1] ?? '')
    connect(ws, target.name, query.get(durableAckParam) === '1' ? withDurableAcks : plainJoin)
  })

  function connect(ws: WebSocket, name: string, joinOptions: JoinOptions): void {
    const peer = new WsPeer(ws, options.maxBufferedBytes, tooSlow)
    let room: Room | null = null
    let closed = false
    /** Frames that arrive before the room has loaded; created only when one does. */
    let early: Uint8Array[] | null = null
    const rate = new ConnectionRate(options.rate, options.clock.now)

    ws.on('message', (data: Buffer, isBinary: boolean) => {
      metrics.frameReceived(data.length)
      if (closed || ws.readyState !== WebSocket.OPEN) return
      if (!isBinary) {
        refuse(ws, CloseCode.UnsupportedData, 'text frames are not part of the protocol; send binary frames')
        return
      }
      if (!rate.take(data.length)) {
        refuse(ws, CloseCode.RateLimited, 'too many messages or bytes per second; slow down and reconnect')
        return
      }
      if (room) room.receive(peer, data)
      else (early ??= []).push(data)
    })
    ws.on('close', () => {
      countClosed()
      closed = true
      room?.leave(peer)
    })

    options.registry.join(name, peer, joinOptions).then(
      (joined) => {
        if (closed) return joined.leave(peer)
        room = joined
        const waiting = early ?? []
        early = null
        for (const data of waiting) joined.receive(peer, data)
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

  /**
   * A peer that reads so slowly that its send buffer passes the bound is closed rather than
   * buffered for: its client resyncs on reconnect.
   */
  function tooSlow(ws: WebSocket): void {
    refuse(ws, CloseCode.SlowPeer, `send buffer passed ${options.maxBufferedBytes} bytes; reconnect to resync`)
    // The close frame waits behind the backlog; do not keep the backlog for a peer that is not reading.
    setTimeout(() => ws.terminate(), 1000).unref()
  }
}
