/**
 * What a room needs of one connected client: a way to send it bytes and to close it. The `ws`
 * adapter wraps a real socket in this; room tests use a fake one.
 */
export interface PeerSocket {
  /** Whether `send` will still reach the client. */
  isOpen(): boolean
  /**
   * Queues one binary frame. Never throws; a failed send closes the connection. Calls `written`,
   * when given, once the frame has been handed to the network, or once the connection is gone.
   */
  send(frame: Uint8Array, written?: () => void): void
  /**
   * Keeps what is sent from now on until {@link uncork}, to write it in one system call rather
   * than one per frame. Optional: a peer without it writes each frame as it is sent.
   */
  cork?(): void
  /** Writes what was sent since {@link cork}. */
  uncork?(): void
  /** Closes the connection with a close code (see `CloseCode`) and a human-readable reason. */
  close(code: number, reason: string): void
}
