/** What `SqliteStore` hands its worker thread when starting it. */
export interface SqliteWorkerData {
  /** Path of the SQLite file. */
  file: string
  synchronous: 'normal' | 'full'
}

/** One request to the store's worker thread; it answers `{ id, result }` or `{ id, error }`. */
export type SqliteRequest = { id: number } & (
  | { op: 'load'; name: string }
  | { op: 'append'; appends: Array<{ name: string; update: Uint8Array }> }
  | { op: 'compact'; name: string; snapshot: Uint8Array }
  | { op: 'close' }
)

/** The worker's answer to the request with the same `id`. */
export type SqliteReply = { id: number; result?: unknown; error?: PlainError }

/** The worker's first message: the file is open, or why it could not be opened. */
export type SqliteReady = { error?: PlainError }

/**
 * An error as it crosses the thread boundary. Structured cloning keeps only the fields of built-in
 * errors, so SQLite's errors (class `SqliteError`, with a `code`) are sent as their message and code.
 */
export interface PlainError {
  message: string
  code?: string
}

/** The store's side: the error the worker sent, as an `Error` carrying SQLite's code. */
export function toError({ message, code }: PlainError): Error & { code?: string } {
  return Object.assign(new Error(message), code === undefined ? {} : { code })
}
