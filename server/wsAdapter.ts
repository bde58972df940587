import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Logger } from 'pino'
import { WebSocket, type WebSocketServer } from 'ws'
import { CloseCode, closeCodeName, closeReason, docNameFromPath, durableAckParam, shouldReconnect, tokenParam } from '../shared/index.ts'
import type { AccessControl, AccessJoinOptions } from './access/accessControl.ts'
import type { Clock } from './clock.ts'
import { FlowControl, type FlowLimits } from './flowControl.ts'
import type { RelayMetrics } from './metrics.ts'
import type { JoinOptions, Room } from './room.ts'
import type { RoomRegistry } from './roomRegistry.ts'
import { WsPeer } from './wsPeer.ts'

export interface WsAdapterOptions {
  /** Decides who may open which document, and read-only or not; never sees a token logged. */
  access: AccessControl
  registry: RoomRegistry
  log: Logger
  metrics: RelayMetrics
  clock: Clock
  /** Ping every this many milliseconds; a peer that missed the previous pong is dropped. */
  pingIntervalMs: number
  /** Bytes queued for one peer beyond which it is disconnected as too slow (and told to come back). */
  maxBufferedBytes: number
  /** What one connection may cost: the budget it is read at, and the hard cap on what it sends. */
  flow: FlowLimits
}

/**
 * Binds a `ws` server to the rooms: the only place that touches real sockets. Each connection's
 * document comes from its URL path; frames received before its room has loaded are held and fed
 * to the room in order once it has. Each connection is read within its {@link FlowLimits}: past
 * its budget its socket is paused (see {@link FlowControl}), never closed; only the hard cap, or a
 * peer that does not read what it is sent, closes it, with a code that tells the client to return.
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
  function flowPaused(): void {
    metrics.flowPaused()
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
    ws.on('close', countClosed)
    ws.on('error', socketError)

    const url = request.url ?? '/'
    const target = docNameFromPath(url)
    if ('error' in target) {
      refuse(ws, CloseCode.InvalidDocumentName, target.error)
      return
    }
    const query = new URLSearchParams(url.split('?')[1] ?? '')
    connect(ws, request.socket, target.name, query.get(durableAckParam) === '1' ? withDurableAcks : plainJoin, query.get(tokenParam))
  })

  function connect(ws: WebSocket, socket: Duplex, name: string, joinOptions: JoinOptions, token: string | null): void {
    const peer = new WsPeer(ws, socket, options.maxBufferedBytes, tooSlow)
    let room: Room | null = null
    let closed = false
    let refused = false
    /** Frames that arrive before the room has loaded; created only when one does. */
    let early: Uint8Array[] | null = null
    const deliver = (data: Uint8Array) => (room ? room.receive(peer, data) : (early ??= []).push(data))
    const flow = new FlowControl(options.flow, options.clock, ws, deliver, flowPaused)

    ws.on('message', (data: Buffer, isBinary: boolean) => {
      metrics.frameReceived(data.length)
      // A connection we stopped reading answers pings late; a frame is as good a sign of life.
      alive.set(ws, true)
      if (closed || refused || ws.readyState !== WebSocket.OPEN) return
      if (!isBinary) {
        refused = true
        refuse(ws, CloseCode.UnsupportedData, closeReason(CloseCode.UnsupportedData))
      } else if (!flow.receive(data)) {
        refused = true
        refuse(ws, CloseCode.RateLimited, `more than ${options.flow.capMessagesPerSecond} frames or ${options.flow.capBytesPerSecond} bytes in a second; reconnect later`)
      }
    })
    let forget = () => {}
    ws.on('close', () => {
      closed = true
      forget()
      // Frames read before the client closed were sent before its close: handle them unless we refused it.
      if (refused) flow.stop()
      else flow.flush()
      room?.leave(peer)
    })

    // Nothing of the document is sent before access is decided; a revoked link leaves at once.
    const leaveNow = (code: number, reason: string) => {
      if (closed) return
      refuse(ws, code as CloseCode, reason)
      closed = refused = true
      flow.stop()
      forget()
      room?.leave(peer)
    }
    options.access.admit(name, token).then((decided) => {
      if (closed) return null
      // Registered in this very turn, so a revocation or deletion from now on closes it.
      const admission = options.access.recheck(name, decided)
      if (!admission.ok) return void leaveNow(admission.code, admission.reason)
      forget = options.access.live.add({ doc: name, grantId: admission.grantId, expiresAt: admission.expiresAt, close: leaveNow })
      const admitted: JoinOptions & AccessJoinOptions = Object.keys(admission.join).length === 0 ? joinOptions : { ...joinOptions, ...admission.join }
      return options.registry.join(name, peer, admitted)
    }).then(
      (joined) => {
        if (!joined) return
        if (closed) return joined.leave(peer)
        room = joined
        const waiting = early ?? []
        early = null
        for (const data of waiting) joined.receive(peer, data)
      },
      (error: Error) => {
        log.error({ err: error, doc: name }, 'could not open document')
        metrics.storageFailed()
        ws.close(CloseCode.StorageFailure, closeReason(CloseCode.StorageFailure))
      },
    )
  }

  function refuse(ws: WebSocket, code: CloseCode, reason: string): void {
    const kind = closeCodeName(code)
    log.warn({ code, kind, reason }, shouldReconnect(code) ? 'closing connection; the client may come back' : 'closing connection: protocol error')
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
   * buffered for, with a code that tells it to come back: its client resyncs on reconnect.
   */
  function tooSlow(ws: WebSocket): void {
    if (ws.readyState !== WebSocket.OPEN) return
    refuse(ws, CloseCode.SlowPeer, `send buffer passed ${options.maxBufferedBytes} bytes; reconnect to resync`)
    // The close frame waits behind the backlog; do not keep the backlog for a peer that is not reading.
    options.clock.after(1000, () => ws.terminate())
  }
}
