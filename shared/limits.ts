/** Default limits of the relay. Each can be overridden in the server's options. */
export const Limits = {
  /** Largest binary frame accepted, in bytes (8 MiB). Larger frames close with 1009. */
  maxFrameBytes: 8 * 1024 * 1024,
  /** Longest document name, in UTF-16 code units. */
  maxDocNameLength: 255,
  /** Interval between liveness pings; a peer that has not answered the previous ping is dropped. */
  pingIntervalMs: 30_000,
  /**
   * A peer that has been sent nothing for this long gets its own awareness renewal echoed back.
   * The stock provider closes a connection on which it has received nothing for 30 s, and
   * renews its awareness every 15 s; the echo keeps a lone tab's connection from being recycled.
   */
  quietEchoMs: 15_000,
  /** Bytes queued for one peer beyond which it is disconnected as too slow (16 MiB). */
  maxBufferedBytes: 16 * 1024 * 1024,
  /** Largest stored size of a document (snapshot plus log), in bytes (64 MiB). */
  maxDocBytes: 64 * 1024 * 1024,
  /**
   * Per-connection rate limits, as token buckets: a sustained rate and a burst. A fast typist sends
   * a few dozen frames a second (an update and a caret move per key); a paste is one frame.
   */
  messagesPerSecond: 500,
  messageBurst: 5_000,
  bytesPerSecond: 8 * 1024 * 1024,
  byteBurst: 32 * 1024 * 1024,
} as const
