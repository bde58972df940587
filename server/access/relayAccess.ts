import path from 'node:path'
import type { AccessMode } from '../../shared/index.ts'
import type { Clock } from '../clock.ts'
import { AccessControl } from './accessControl.ts'
import { type GrantStore, MemoryGrantStore } from './grantStore.ts'
import { OriginPolicy, isLoopbackHost } from './originPolicy.ts'
import { defaultKeyFile, loadOrCreateSigningKey } from './signingKey.ts'
import { SqliteGrantStore } from './sqliteGrantStore.ts'

/** How a relay controls access (the `--access`, `--secret-file`, `--admin-token`, `--allow-origin` flags). */
export interface AccessOptions {
  /** `open` (default): anyone who reaches the relay may open any document; `links`: only with a share link. */
  mode?: AccessMode
  /** Where the signing key (`access-key.pem`) and the links (`access.sqlite`) live; null keeps both in memory. */
  dataDir?: string | null
  /** The signing key's file instead of the one in `dataDir`; created if missing. */
  secretFile?: string | null
  /** The operator's bearer token for the HTTP API. */
  adminToken?: string | null
  /** Origins besides the relay's own whose pages may connect. */
  allowOrigins?: string[]
}

/** The parts of access control a relay wires in. */
export interface RelayAccess {
  control: AccessControl
  origins: OriginPolicy
}

/**
 * Opens access control for a relay listening on `host`: loads or creates the signing key, opens
 * the grant store, and builds the origin policy (which, on a loopback-only address, also insists
 * on a loopback Host header).
 */
export async function openRelayAccess(options: AccessOptions, host: string, clock: Clock): Promise<RelayAccess> {
  const dataDir = options.dataDir ?? null
  const keyFile = options.secretFile ?? (dataDir === null ? null : path.join(dataDir, defaultKeyFile))
  const key = await loadOrCreateSigningKey(keyFile)
  const grants: GrantStore = dataDir === null ? new MemoryGrantStore() : new SqliteGrantStore(dataDir)
  const control = new AccessControl({ mode: options.mode ?? 'open', key, grants, adminToken: options.adminToken ?? null, clock })
  const origins = new OriginPolicy({ allowOrigins: options.allowOrigins, loopbackOnly: isLoopbackHost(host) })
  return { control, origins }
}
