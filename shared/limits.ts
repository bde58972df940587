/** Default limits of the relay. Each can be overridden in the server's options. */
export const Limits = {
  /** Largest binary frame accepted, in bytes (8 MiB). Larger frames close with 1009. */
  maxFrameBytes: 8 * 1024 * 1024,
  /** Longest document name, in UTF-16 code units. */
  maxDocNameLength: 255,
  /** Interval between liveness pings; a peer that has not answered the previous ping is dropped. */
  pingIntervalMs: 30_000,
} as const
