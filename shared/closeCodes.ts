/**
 * WebSocket close codes the relay sends, with the reason text a client sees. Codes below 4000 are
 * the standard ones of RFC 6455; 4000 and up are Mergepad's own. Clients and tests import these
 * rather than repeating numbers.
 */
export const CloseCode = {
  /** The relay is shutting down; reconnect later. */
  GoingAway: 1001,
  /** A text frame arrived; the protocol is binary only. */
  UnsupportedData: 1003,
  /** A frame exceeded the relay's size limit. Sent by the WebSocket layer itself, without reason text. */
  MessageTooBig: 1009,
  /** A frame could not be decoded: empty, truncated, or with trailing garbage in a sync message. */
  MalformedMessage: 4400,
  /** The connection carries no valid access token (missing, malformed, forged, or unknown). Final. */
  Unauthorized: 4401,
  /** A sync message carried an update that is not a valid Yjs update; nothing of it was stored. */
  InvalidUpdate: 4402,
  /** The token is valid but does not allow this: another document, or a role too low. Final. */
  Forbidden: 4403,
  /** The document name in the URL path breaks the naming rule (see `validateDocName`). */
  InvalidDocumentName: 4404,
  /** A frame's message type is not one the protocol defines. */
  UnknownMessageType: 4405,
  /** The peer read too slowly: its send buffer passed the bound. Reconnecting resyncs it. */
  SlowPeer: 4408,
  /** The link this connection was opened with was revoked by an owner; it never works again. Final. */
  LinkRevoked: 4410,
  /** The document was deleted; its links no longer work. Final. */
  DocumentDeleted: 4411,
  /** The update would take the document past its size limit; it was not applied or stored. */
  DocumentTooLarge: 4413,
  /** The link this connection was opened with has expired. Final. */
  TokenExpired: 4419,
  /** The peer sent more messages or bytes per second than the connection limit allows. */
  RateLimited: 4429,
  /** The relay failed to load or store this document; the client should retry later. */
  StorageFailure: 4500,
} as const

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode]

/** The reverse map, for logs and metrics: close code to its name. */
export function closeCodeName(code: number): string {
  for (const [name, value] of Object.entries(CloseCode)) if (value === code) return name
  return `code ${code}`
}
