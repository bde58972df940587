import http from 'node:http'
import type { AddressInfo } from 'node:net'
import pino, { type Logger } from 'pino'
import { WebSocketServer } from 'ws'
import { CloseCode, Limits, closeReason } from '../shared/index.ts'
import type { AccessControl } from './access/accessControl.ts'
import { type AccessOptions, openRelayAccess } from './access/relayAccess.ts'
import { createApiHandler } from './api/apiHandler.ts'
import { HistoryCache } from './history/historyCache.ts'
import { historyWarmer } from './history/historyWarmer.ts'
import { keepsHistory } from './store/historyStore.ts'
import { type Clock, systemClock } from './clock.ts'
import { ClusterMetrics } from './cluster/clusterMetrics.ts'
import { ClusterNode, type ClusterTimings } from './cluster/clusterNode.ts'
import type { PubSub } from './cluster/pubSub.ts'
import type { FlowLimits } from './flowControl.ts'
import { createHttpHandler } from './httpHandler.ts'
import { RelayMetrics } from './metrics.ts'
import { RoomRegistry, lifecycles } from './roomRegistry.ts'
import { ReplyLane, type ReplyLaneLimits } from './replyLane.ts'
import type { CatalogedStore } from './store/docCatalog.ts'
import { serveWebSockets } from './wsAdapter.ts'

export interface RelayOptions {
  /** Interface to listen on (default `localhost`). */
  host?: string
  /** Port to listen on; 0 picks a free one (default 1234). */
  port?: number
  /** Where documents live, listed by its catalog for the HTTP API. The relay closes it when it closes. */
  store: CatalogedStore
  /** Logger; defaults to a silent one. */
  log?: Logger
  /** Largest frame accepted, in bytes (default {@link Limits.maxFrameBytes}). */
  maxFrameBytes?: number
  /** Liveness ping interval (default {@link Limits.pingIntervalMs}). */
  pingIntervalMs?: number
  /** Directory of the built client to serve, or null for none. */
  clientDir?: string | null
  /** Compaction thresholds passed to every room. */
  compactAfterUpdates?: number
  compactAfterBytes?: number
  /** Largest stored document (default {@link Limits.maxDocBytes}). */
  maxDocBytes?: number
  /** How many large sync replies are written at once (see `ReplyLane`; default 2 lanes, 100 ms). */
  replyLanes?: ReplyLaneLimits
  /** Send-buffer bound per peer (default {@link Limits.maxBufferedBytes}). */
  maxBufferedBytes?: number
  /** What one connection may cost: its budget and hard cap (each default in {@link Limits}). */
  rate?: Partial<FlowLimits>
  clock?: Clock
  /** Who may open documents (default: open mode, key and links in memory). */
  access?: AccessOptions
  /** The editor's base URL in share links (`--public-url`); by default the request's Host. */
  publicUrl?: string | null
  /**
   * Serve as one node of a cluster: relays sharing `store` pass edits and presence to each other
   * over `pubSub` (Redis, with `--redis`). The relay closes it when it closes.
   */
  cluster?: { pubSub: PubSub; nodeId?: string; timings?: ClusterTimings }
}

/** A running relay. */
export interface Relay {
  /** The port it listens on. */
  readonly port: number
  /** `ws://host:port`, what a `WebsocketProvider` is given. */
  readonly url: string
  readonly metrics: RelayMetrics
  readonly registry: RoomRegistry
  /** This relay as a node of its cluster, or null when it runs alone. */
  readonly cluster: ClusterNode | null
  /** Access control: issue and revoke links, see live connections. */
  readonly access: AccessControl
  /**
   * Shuts down: stops accepting, flushes and compacts every room, closes peers with 1001, closes
   * the store.
   */
  close(): Promise<void>
}

/** Starts a relay: HTTP and WebSockets on one port, every document stored in `options.store`. */
export async function startRelay(options: RelayOptions): Promise<Relay> {
  const log = options.log ?? pino({ level: 'silent' })
  const clock = options.clock ?? systemClock
  const replyLane = new ReplyLane(clock, options.replyLanes)
  const metrics: RelayMetrics = new RelayMetrics((): number => registry.size, () => replyLane.waiting)
  const access = await openRelayAccess(options.access ?? {}, options.host ?? 'localhost', clock, options.store.sharedAccess ?? null)
  const historyCache = keepsHistory(options.store) ? new HistoryCache(options.store) : null
  const cluster = options.cluster ? startClusterNode(options.cluster, options.store, clock, log, metrics, access.control, historyCache) : null
  const store = cluster?.publishing(options.store) ?? options.store
  const catalog = cluster?.withDeletionNotices(options.store.catalog) ?? options.store.catalog
  const registry: RoomRegistry = new RoomRegistry(
    {
      store,
      clock,
      log,
      observer: metrics,
      compactAfterUpdates: options.compactAfterUpdates,
      compactAfterBytes: options.compactAfterBytes,
      maxDocBytes: options.maxDocBytes,
      replyLane,
    },
    lifecycles(cluster?.lifecycle, historyCache && historyWarmer(historyCache, clock, log)),
  )

  const server = http.createServer(
    createHttpHandler({
      metrics,
      clientDir: options.clientDir ?? null,
      health: (): Record<string, number> => ({ rooms: registry.size, connections: wss.clients.size }),
      api: createApiHandler(
        {
          access: access.control,
          registry,
          catalog,
          log,
          maxBodyBytes: options.maxFrameBytes ?? Limits.maxFrameBytes,
          publicUrl: options.publicUrl ?? null,
          history: historyCache && { cache: historyCache, now: () => clock.now() },
        },
        access.origins,
      ),
    }),
  )
  const wss: WebSocketServer = new WebSocketServer({
    server,
    maxPayload: options.maxFrameBytes ?? Limits.maxFrameBytes,
    // Cross-site WebSocket hijacking: browser pages of other origins are refused before the upgrade.
    verifyClient: ({ req }, done) => (access.origins.check(req.headers.origin, req.headers.host) === null ? done(true) : done(false, 403, 'Forbidden origin')),
  })
  const stopExpiry = access.control.startExpiry()
  const stopPings = serveWebSockets(wss, {
    access: access.control,
    registry,
    log,
    metrics,
    clock,
    pingIntervalMs: options.pingIntervalMs ?? Limits.pingIntervalMs,
    maxBufferedBytes: options.maxBufferedBytes ?? Limits.maxBufferedBytes,
    flow: flowLimits(options),
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 1234, options.host ?? 'localhost', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const host = options.host ?? 'localhost'

  let closing: Promise<void> | null = null
  return {
    port,
    url: `ws://${host.includes(':') ? `[${host}]` : host}:${port}`,
    metrics,
    registry,
    cluster,
    access: access.control,
    close: () =>
      (closing ??= (async () => {
        server.close()
        stopPings()
        stopExpiry()
        await registry.closeAll()
        for (const ws of wss.clients) ws.close(CloseCode.GoingAway, closeReason(CloseCode.GoingAway))
        await new Promise<void>((resolve) => wss.close(() => resolve()))
        server.closeAllConnections()
        await cluster?.close()
        await options.store.close()
        access.control.close()
        log.info('relay closed')
      })()),
  }
}

/**
 * Joins the cluster on `cluster.pubSub`. A document another relay deletes is closed here too, and
 * its history read here is dropped, so a new document of that name never shows the old one's.
 */
function startClusterNode(
  cluster: NonNullable<RelayOptions['cluster']>,
  store: CatalogedStore,
  clock: Clock,
  log: Logger,
  metrics: RelayMetrics,
  access: AccessControl,
  historyCache: HistoryCache | null,
): ClusterNode {
  let node: ClusterNode | null = null
  const observer = new ClusterMetrics(metrics.registry, { connected: () => cluster.pubSub.connected, peers: () => node?.peers.length ?? 0 })
  node = new ClusterNode({
    pubSub: cluster.pubSub,
    store,
    clock,
    log,
    nodeId: cluster.nodeId,
    timings: cluster.timings,
    observer,
    onDeleted: (doc) => access.live.close(doc, CloseCode.DocumentDeleted, closeReason(CloseCode.DocumentDeleted)),
    onRemoved: (doc) => historyCache?.forget(doc),
    onRevoked: (doc, ids) => access.closeRevoked(doc, ids),
  })
  const joined = node
  access.onRevoked = (doc, ids) => joined.revoked(doc, ids)
  log.info({ node: joined.id }, 'joined the cluster')
  return joined
}

const flowLimitNames = ['messagesPerSecond', 'messageBurst', 'bytesPerSecond', 'byteBurst', 'capMessagesPerSecond', 'capBytesPerSecond'] as const

/**
 * The flow limits `options` ask for, each defaulting to {@link Limits}. Throws a RangeError naming
 * the value when one is not positive, or when the hard cap on bytes would refuse a largest frame.
 */
function flowLimits(options: RelayOptions): FlowLimits {
  const limits = Object.fromEntries(flowLimitNames.map((name) => [name, options.rate?.[name] ?? Limits[name]])) as unknown as FlowLimits
  for (const name of flowLimitNames) {
    if (!(limits[name] > 0)) throw new RangeError(`flow limit ${name} must be positive, got ${limits[name]}`)
  }
  const maxFrameBytes = options.maxFrameBytes ?? Limits.maxFrameBytes
  if (limits.capBytesPerSecond < maxFrameBytes) {
    throw new RangeError(`capBytesPerSecond (${limits.capBytesPerSecond}) must allow one largest frame (${maxFrameBytes} bytes)`)
  }
  return limits
}
