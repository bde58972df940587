import { StoreClosedError } from './docStore.ts'

/** Codes postgres.js and Node's sockets give a connection to the database that failed or was cut. */
const connectionCodes = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
])

/**
 * Postgres's codes for a server that cannot serve now: connection failures (not 08P01, a protocol
 * fault), out of disk, memory or connections (not 53400, a setting), shutting down or starting,
 * a standby that cannot write (after a failover), and a conflict that outlasted the store's retries.
 */
const postgresCodes = new Set(['08000', '08001', '08003', '08004', '08006', '53000', '53100', '53200', '53300', '57P01', '57P02', '57P03', '25006', '40001', '40P01'])

/**
 * Whether `error` says the store could not be reached or could not take a write just now (the
 * database down, restarting or full, the connection cut, the relay's store closing), as opposed to
 * a request it refused or a fault of the relay. Such a request may simply be made again later.
 * Socket errors of the request itself (a client that went away) are not asked about here.
 */
export function isStoreUnavailable(error: unknown): boolean {
  if (error instanceof StoreClosedError) return true
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return false
  if (connectionCodes.has(code) || postgresCodes.has(code)) return true
  // SQLite: locked by another writer past the timeout, or the disk full. (An I/O error is a
  // failing disk, for the operator to hear of as an error, not a pause.)
  return code === 'SQLITE_BUSY' || code === 'SQLITE_FULL'
}
