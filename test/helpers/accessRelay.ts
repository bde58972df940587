import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { WebSocket } from 'ws'
import type { AccessMode, Role } from '../../shared/index.ts'
import { type Clock, systemClock } from '../../server/clock.ts'
import { type Relay, startRelay } from '../../server/relay.ts'
import { SqliteStore } from '../../server/store/sqliteStore.ts'
import type { TestClient } from './client.ts'

/** The real clock, shifted by `offsetMs`, so a test can move past a token's expiry without waiting. */
export interface ShiftedClock extends Clock {
  offsetMs: number
}

/** A relay started in this process with access control, and what tests need to drive it. */
export interface AccessRelay {
  relay: Relay
  dataDir: string
  clock: ShiftedClock
  /** `http://127.0.0.1:PORT`. */
  http: string
  /** Issues a link and returns its token. */
  token(doc: string, role: Role, options?: { expiresInSeconds?: number; label?: string }): Promise<string>
}

export interface AccessRelayOptions {
  mode?: AccessMode
  dataDir?: string
  adminToken?: string
  allowOrigins?: string[]
  maxFrameBytes?: number
}

/** Starts a relay on 127.0.0.1 with a SQLite store and access control (links mode by default) in `dataDir`. */
export async function startAccessRelay(options: AccessRelayOptions = {}): Promise<AccessRelay> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mergepad-access-'))
  const clock: ShiftedClock = { ...systemClock, offsetMs: 0, now: () => Date.now() + clock.offsetMs }
  const store = await SqliteStore.open(dataDir)
  const relay = await startRelay({
    host: '127.0.0.1',
    port: 0,
    store,
    clock,
    maxFrameBytes: options.maxFrameBytes,
    access: { mode: options.mode ?? 'links', dataDir, adminToken: options.adminToken, allowOrigins: options.allowOrigins },
  })
  return {
    relay,
    dataDir,
    clock,
    http: relay.url.replace('ws:', 'http:'),
    token: async (doc, role, opts = {}) => (await relay.access.issue(doc, role, opts)).token,
  }
}

/** Resolves with the code of the next close of `client`'s connection. */
export function nextClose(client: TestClient): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    const listener = (event: { code: number; reason: string } | null) => {
      client.provider.off('connection-close', listener)
      resolve({ code: event?.code ?? 0, reason: event?.reason ?? '' })
    }
    client.provider.on('connection-close', listener)
  })
}

/**
 * Opens a WebSocket upgrade to `url` with the given headers and resolves with what happened: the
 * HTTP status when the upgrade was refused, or `open` (the socket is then closed).
 */
export function tryUpgrade(url: string, headers: Record<string, string>): Promise<number | 'open'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers })
    ws.on('open', () => {
      ws.close()
      resolve('open')
    })
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0)
      res.resume()
      ws.terminate()
    })
    ws.on('error', () => {})
  })
}
