/**
 * Every message the relay and the editor exchange, as one tagged union. Frames on the wire are
 * `[message type, body]` (see `messageType.ts`); {@link encodeMessage} and {@link decodeMessage}
 * in this folder are the only code that turns one into the other.
 */
export type Message =
  /** "Here is my state vector; send me what I lack." Both sides send it on connect. */
  | { type: 'syncStep1'; stateVector: Uint8Array }
  /** The answer to a step 1: an update holding everything the asker lacked. */
  | { type: 'syncStep2'; update: Uint8Array }
  /** A live change, as a Yjs update (V1 encoding). */
  | { type: 'syncUpdate'; update: Uint8Array }
  /** A y-protocols awareness update: presence states (names, carets) by client id. */
  | { type: 'awareness'; update: Uint8Array }
  /** "Send me every awareness state you know." */
  | { type: 'queryAwareness' }
  /** The y-protocols auth message; the only kind it defines is "permission denied", with a reason. */
  | { type: 'permissionDenied'; reason: string }
  /**
   * Relay to client, to clients that asked for it only: the count of sync step 2 and update
   * frames this connection has sent whose content is now durably stored.
   */
  | { type: 'durableAck'; count: number }

/** The `type` tag of a {@link Message}. */
export type MessageKind = Message['type']

/** The message of kind `K`. */
export type MessageOf<K extends MessageKind> = Extract<Message, { type: K }>
