/**
 * What a room reports as it works: the metrics module implements this, tests may count with it.
 * Every member is optional so observers implement only what they need.
 */
export interface RoomObserver {
  /** A frame of `bytes` bytes was handed to a peer's socket. */
  frameSent?(bytes: number): void
  /** A turn's updates were relayed, `ms` milliseconds after the first of them arrived. */
  relayed?(ms: number): void
  /** One batch of updates was appended to the store, taking `ms` milliseconds. */
  appended?(ms: number, bytes: number): void
  /** The room's log was merged into its snapshot, taking `ms` milliseconds. */
  compacted?(ms: number): void
  /** The room left a compaction due to another relay sharing the store: compacted by it already, or claimed by it. */
  compactionSkipped?(): void
  /** A peer was disconnected for breaking the protocol; `kind` is the close code's name. */
  rejected?(kind: string): void
  /** An update from a peer that may not write was refused. */
  writeRefused?(): void
  /** The store failed to load or write this room. */
  storageFailed?(): void
}
