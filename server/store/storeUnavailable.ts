import { StoreClosedError } from './docStore.ts'

/** Codes postgres.js and Node's sockets give a connection that failed or was cut. */
const connectionCodes = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
])

/**
 * Whether `error` says the store could not be reached or could not take a write just now (the
 * database down, restarting or full, the connection cut, the relay's store closing), as opposed to
 * a request it refused or a fault of the relay. Such a request may simply be made again later.
 */
export function isStoreUnavailable(error: unknown): boolean {
  if (error instanceof StoreClosedError) return true
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return false
  if (connectionCodes.has(code)) return true
  // Postgres: connection exceptions (08), insufficient resources (53), shutting down or starting (57P0x).
  if (/^(08|53)[0-9A-Z]{3}$/.test(code) || /^57P0[1-3]$/.test(code)) return true
  // SQLite: locked by another writer past the timeout, disk full, input/output error.
  return /^SQLITE_(BUSY|FULL|IOERR)/.test(code)
}
