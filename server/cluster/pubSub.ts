/** One subscription to a channel; see {@link PubSub.subscribe}. */
export interface Subscription {
  /**
   * Resolves once the subscription is active, so that every message published from then on
   * reaches it (while the connection holds). Never rejects: it waits for the connection instead.
   */
  readonly active: Promise<void>
  /** Ends the subscription. Idempotent. */
  stop(): void
}

/**
 * Publish/subscribe between relay processes, for hints only: a message may be lost (the
 * connection drops, the server restarts), so nothing that must survive travels only this way.
 * Messages of one publisher on one channel arrive in the order they were published. Payloads are
 * bytes, delivered as they were sent.
 */
export interface PubSub {
  /** Sends `message` to every subscriber of `channel`. Rejects at once while disconnected. */
  publish(channel: string, message: Uint8Array): Promise<void>
  /** Calls `listener` with every message published on `channel` until stopped. */
  subscribe(channel: string, listener: (message: Uint8Array) => void): Subscription
  /**
   * Calls `listener` each time the connection is back after it was lost, once every subscription
   * is active again: messages published in between may have been lost.
   */
  onReconnect(listener: () => void): void
  /** Whether messages flow now (connected). */
  readonly connected: boolean
  /** Ends every subscription and disconnects. Idempotent. */
  close(): Promise<void>
}
