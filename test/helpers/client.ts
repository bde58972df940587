import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { waitFor } from './wait.ts'

/** A Node client as a user's tab would be: a Y.Doc synced by the stock y-websocket provider. */
export interface TestClient {
  readonly doc: Y.Doc
  readonly text: Y.Text
  readonly provider: WebsocketProvider
  /** Inserts at `index` (default: the end). */
  type(value: string, index?: number): void
  /** Resolves once the provider has completed a sync with the relay; rejects after 30 s without one. */
  synced(): Promise<void>
  destroy(): void
}

/**
 * Connects a stock `WebsocketProvider` to `url` for document `room`. BroadcastChannel is off, so
 * clients in one process can only meet through the relay; the awareness state is set, so the
 * provider's watchdog does not reconnect on a quiet connection. `params` go into the URL's query
 * (`{ token }` for a share link).
 */
export function connectClient(url: string, room: string, name = 'tester', params: Record<string, string> = {}): TestClient {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(url, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params,
  })
  provider.awareness.setLocalStateField('user', { name })
  const text = doc.getText('codemirror')
  return {
    doc,
    text,
    provider,
    type: (value, index = text.length) => text.insert(index, value),
    // 30 s: a relay's first load from Postgres took over 10 s on a machine at load average 17.
    synced: () => waitFor(() => provider.synced, `${name} to sync with ${url}/${room}`, 30_000),
    destroy: () => {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** The text of document `room` as a fresh client reads it from the relay at `url` once synced. */
export async function textOnRelay(url: string, room: string): Promise<string> {
  const reader = connectClient(url, room, 'reader')
  try {
    await reader.synced()
    return reader.text.toString()
  } finally {
    reader.destroy()
  }
}
