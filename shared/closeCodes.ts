/**
 * Every WebSocket close code the relay sends, in one table: its number, whether a client should
 * connect again, and the reason text a client sees when the relay has nothing more specific to say.
 * Codes below 4000 are the standard ones of RFC 6455; 4000 and up are Mergepad's own, grouped as
 * HTTP groups its statuses: 44xx means no reconnect can fix it, 45xx means try again later. The
 * stock `y-websocket` provider follows the same rule (it stops at 4400–4499 and retries the rest),
 * so a stock client comes back after every transient close without being told about this table.
 * Clients and tests import these rather than repeating numbers.
 */
export const closeCodeTable = {
  /** The relay is shutting down or restarting. */
  GoingAway: { code: 1001, retry: true, reason: 'the relay is shutting down; reconnect later' },
  /** A text frame arrived; the protocol is binary only. */
  UnsupportedData: { code: 1003, retry: false, reason: 'text frames are not part of the protocol; send binary frames' },
  /**
   * A frame exceeded the relay's size limit. Sent by the WebSocket layer itself, without reason
   * text. The same frame would be sent again on reconnect, so a client should not retry; the stock
   * provider does, as it does for every standard code.
   */
  MessageTooBig: { code: 1009, retry: false, reason: 'a frame exceeded the size limit' },
  /** A frame could not be decoded: empty, truncated, or with trailing garbage in a sync message. */
  MalformedMessage: { code: 4400, retry: false, reason: 'a frame could not be decoded' },
  /** The connection carries no valid access token (missing, malformed, forged, or unknown). */
  Unauthorized: { code: 4401, retry: false, reason: 'this document needs a share link' },
  /** A sync message carried an update that is not a valid Yjs update; nothing of it was stored. */
  InvalidUpdate: { code: 4402, retry: false, reason: 'an update was not a valid Yjs update; nothing of it was stored' },
  /** The token is valid but does not allow this: another document, or a role too low. */
  Forbidden: { code: 4403, retry: false, reason: 'your link does not give access to this document' },
  /** The document name in the URL path breaks the naming rule (see `validateDocName`). */
  InvalidDocumentName: { code: 4404, retry: false, reason: 'not a valid document name' },
  /** A frame's message type is not one the protocol defines. */
  UnknownMessageType: { code: 4405, retry: false, reason: 'unknown message type' },
  /** The link this connection was opened with was revoked by an owner; it never works again. */
  LinkRevoked: { code: 4410, retry: false, reason: 'this link was revoked by an owner of the document' },
  /** The document was deleted; its links no longer work. */
  DocumentDeleted: { code: 4411, retry: false, reason: 'this document was deleted' },
  /** The update would take the document past its size limit; it was not applied or stored. */
  DocumentTooLarge: { code: 4413, retry: false, reason: 'the document would pass its size limit; the update was not saved' },
  /** The link this connection was opened with has expired. */
  TokenExpired: { code: 4419, retry: false, reason: 'this link has expired' },
  /** The relay failed to load or store this document. The client keeps its edits and resends them. */
  StorageFailure: { code: 4500, retry: true, reason: 'the relay could not load or store this document; retry later' },
  /** The peer read too slowly: its send buffer passed the bound. Reconnecting resyncs it. */
  SlowPeer: { code: 4508, retry: true, reason: 'the connection fell too far behind; reconnect to resync' },
  /**
   * The peer sent past the hard cap on messages or bytes per second. Below the cap the relay only
   * slows a fast sender down (it stops reading its socket), so this is for abuse; still retryable.
   */
  RateLimited: { code: 4529, retry: true, reason: 'too many messages or bytes per second; reconnect later' },
} as const satisfies Record<string, { code: number; retry: boolean; reason: string }>

/** Name of a close code the relay sends (`'SlowPeer'`, …). */
export type CloseCodeName = keyof typeof closeCodeTable

/** Close codes by name: `CloseCode.SlowPeer === 4508`. */
export const CloseCode = Object.fromEntries(Object.entries(closeCodeTable).map(([name, { code }]) => [name, code])) as {
  readonly [Name in CloseCodeName]: (typeof closeCodeTable)[Name]['code']
}

/** A close code the relay sends. */
export type CloseCode = (typeof CloseCode)[CloseCodeName]

const byCode = new Map<number, { name: CloseCodeName; retry: boolean; reason: string }>(
  Object.entries(closeCodeTable).map(([name, entry]) => [entry.code, { name: name as CloseCodeName, retry: entry.retry, reason: entry.reason }]),
)

/** The reverse map, for logs and metrics: close code to its name, or `code N` for one not in the table. */
export function closeCodeName(code: number): string {
  return byCode.get(code)?.name ?? `code ${code}`
}

/**
 * Whether a client closed with `code` should connect again. Codes in the table answer from it;
 * any other code follows the stock provider's rule: final from 4400 to 4499, retried otherwise
 * (1006 for a dropped connection among them).
 */
export function shouldReconnect(code: number): boolean {
  return byCode.get(code)?.retry ?? !(code >= 4400 && code < 4500)
}

/** The relay's default reason text for `code`, or '' for a code not in the table. */
export function closeReason(code: number): string {
  return byCode.get(code)?.reason ?? ''
}
