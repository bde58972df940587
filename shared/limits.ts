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
  /** Bytes queued for one peer beyond which it is closed as too slow (16 MiB), with 4508, which clients retry. */
  maxBufferedBytes: 16 * 1024 * 1024,
  /** Largest stored size of a document (snapshot plus log), in bytes (64 MiB). */
  maxDocBytes: 64 * 1024 * 1024,
  /**
   * What one connection may cost the relay (see `server/flowControl.ts`). Within this budget every
   * frame is handled as it arrives; past it the relay stops reading the connection until the budget
   * refills, so TCP slows the sender down and nothing is dropped or disconnected. A person typing
   * sends a few dozen frames a second and a paste is one frame, so only scripts, imports and tabs
   * flushing a long offline session ever meet it. The rates come from measuring the relay's CPU per
   * frame (BENCHMARKS.md, "Flow control"); the burst bounds how long one connection holds the
   * event loop at a time.
   */
  messagesPerSecond: 40_000,
  messageBurst: 50,
  bytesPerSecond: 16 * 1024 * 1024,
  byteBurst: 1024 * 1024,
  /**
   * Hard cap, for abuse only: frames or bytes arriving on one connection in one second past these
   * close it with 4529 (RateLimited), which clients retry. Backpressure keeps every client, however
   * fast, within the budget plus one socket read, far below.
   */
  capMessagesPerSecond: 400_000,
  capBytesPerSecond: 160 * 1024 * 1024,
} as const
