import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { within } from './connectAll.ts'
import type { ServerKind } from './dialect.ts'

/** A replica synced by the provider a user of that server would use, as it comes. */
export interface StockClient {
  readonly doc: Y.Doc
  /** Resolves once the provider has completed its first sync. */
  readonly synced: Promise<void>
  /** Connections this provider saw close (by either side) since it opened. */
  closes(): number
  destroy(): void
}

/**
 * Opens document `name` on the server at `base` (`ws://host:port`) with that server's stock
 * provider: `y-websocket`'s `WebsocketProvider` for ours, the reference and the floor, and
 * `@hocuspocus/provider`'s `HocuspocusProvider` for Hocuspocus. Both run on `ws` (Node has no
 * WebSocket), with presence set so that no watchdog mistakes a quiet connection for a dead one.
 */
export function openStockClient(kind: ServerKind, base: string, name: string, who: string): StockClient {
  const doc = new Y.Doc()
  let closes = 0
  if (kind === 'hocuspocus') {
    const socket = new HocuspocusProviderWebsocket({ url: base, WebSocketPolyfill: WebSocket })
    const provider = new HocuspocusProvider({ websocketProvider: socket, name, document: doc })
    provider.attach()
    provider.setAwarenessField('user', { name: who })
    socket.on('close', () => closes++)
    return {
      doc,
      synced: within(new Promise<void>((resolve) => (provider.isSynced ? resolve() : provider.on('synced', () => resolve()))), 60_000, `${who} to sync`),
      closes: () => closes,
      destroy: () => {
        provider.destroy()
        socket.destroy()
      },
    }
  }
  const provider = new WebsocketProvider(base, encodeURIComponent(name), doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  })
  provider.awareness.setLocalStateField('user', { name: who })
  provider.on('connection-close', () => closes++)
  return {
    doc,
    synced: within(new Promise<void>((resolve) => (provider.synced ? resolve() : provider.once('sync', () => resolve()))), 60_000, `${who} to sync`),
    closes: () => closes,
    destroy: () => provider.destroy(),
  }
}
