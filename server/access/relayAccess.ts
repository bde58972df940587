import fs from 'node:fs'
import path from 'node:path'
import type { AccessMode } from '../../shared/index.ts'
import type { Clock } from '../clock.ts'
import { AccessControl } from './accessControl.ts'
import { FormerKeys } from './formerKeys.ts'
import { type GrantStore, MemoryGrantStore, type SharedAccess } from './grantStore.ts'
import { OriginPolicy, isLoopbackHost } from './originPolicy.ts'
import { type SigningKey, defaultKeyFile, loadOrCreateSigningKey, sharedSigningKey } from './signingKey.ts'
import { SqliteGrantStore, grantFile } from './sqliteGrantStore.ts'

/** How a relay controls access (the `--access`, `--secret-file`, `--admin-token`, `--allow-origin` flags). */
export interface AccessOptions {
  /** `open` (default): anyone who reaches the relay may open any document; `links`: only with a share link. */
  mode?: AccessMode
  /**
   * Where the signing key (`access-key.pem`) and the links (`access.sqlite`) live; null keeps both
   * in memory. Relays sharing a Postgres store keep both in the database instead.
   */
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
 * on a loopback Host header). With `shared` (the store of relays on one Postgres database), the
 * links and, unless a secret file is named, the key live there, so every relay honours the same
 * links; links this relay kept in its data directory before are moved there first, and so is the
 * public half of its key when the store kept another (see `FormerKeys`).
 */
export async function openRelayAccess(options: AccessOptions, host: string, clock: Clock, shared: SharedAccess | null = null): Promise<RelayAccess> {
  const dataDir = options.dataDir ?? null
  const keyFile = options.secretFile ?? (dataDir === null ? null : path.join(dataDir, defaultKeyFile))
  let grants: GrantStore
  let key: SigningKey
  let formerKeys: FormerKeys | undefined
  if (shared) {
    if (dataDir !== null) await adoptLocalLinks(dataDir, shared, clock)
    if (options.secretFile) key = await loadOrCreateSigningKey(options.secretFile)
    else key = (await sharedSigningKey(shared, keyFile)).key
    formerKeys = new FormerKeys(() => shared.formerKeys(), clock)
    await formerKeys.refresh()
    grants = shared
  } else {
    key = await loadOrCreateSigningKey(keyFile)
    grants = dataDir === null ? new MemoryGrantStore() : new SqliteGrantStore(dataDir)
  }
  const control = new AccessControl({ mode: options.mode ?? 'open', key, formerKeys, grants, adminToken: options.adminToken ?? null, clock })
  const origins = new OriginPolicy({ allowOrigins: options.allowOrigins, loopbackOnly: isLoopbackHost(host) })
  return { control, origins }
}

/**
 * Moves the links of `dataDir`'s own grant store, if it has one, into `shared`, once: the file is
 * marked, so a claim released or a link revoked in `shared` later is not brought back.
 */
async function adoptLocalLinks(dataDir: string, shared: SharedAccess, clock: Clock): Promise<void> {
  if (!fs.existsSync(path.join(dataDir, grantFile))) return
  const local = new SqliteGrantStore(dataDir)
  try {
    if (local.wasMoved()) return
    const { claims, grants } = local.everything()
    if (claims.length > 0 || grants.length > 0) await shared.adopt(claims, grants)
    local.markMoved(clock.now())
  } finally {
    local.close()
  }
}
