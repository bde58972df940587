/**
 * Top-level message types of the y-websocket wire protocol. Every binary frame starts with one of
 * these as a varuint; the rest of the frame is that message's body.
 */
export const MessageType = {
  /** A y-protocols sync message: step 1 (state vector), step 2 (missing updates) or an update. */
  Sync: 0,
  /** A y-protocols awareness update (presence: carets, names, colours). */
  Awareness: 1,
  /**
   * A y-protocols auth message. The relay sends "permission denied" to a peer that may not write
   * when it tries to; one received from a client is ignored, as the reference server does.
   */
  Auth: 2,
  /** A request for every awareness state the relay knows; answered with one awareness update. */
  QueryAwareness: 3,
  /**
   * Mergepad's extension, relay to client only, and only to clients that opted in with the URL
   * parameter {@link durableAckParam}: a varuint count of the sync step 2 and update frames this
   * connection has sent whose content is now durably stored.
   */
  DurableAck: 100,
} as const

/** URL query parameter (`?ack=1`) by which a client asks for {@link MessageType.DurableAck}. */
export const durableAckParam = 'ack'

export type MessageType = (typeof MessageType)[keyof typeof MessageType]

/** Sub-types of a {@link MessageType.Sync} message, as y-protocols defines them. */
export const SyncStep = {
  Step1: 0,
  Step2: 1,
  Update: 2,
} as const

export type SyncStep = (typeof SyncStep)[keyof typeof SyncStep]
