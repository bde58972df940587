import type { Logger } from 'pino'
import type { Clock } from './clock.ts'
import type { ReplyLane } from './replyLane.ts'
import type { Room } from './room.ts'
import type { RoomObserver } from './roomObserver.ts'
import type { DocStore } from './store/docStore.ts'

/** What a room is given by whoever creates it. */
export interface RoomOptions {
  store: DocStore
  clock: Clock
  log: Logger
  observer?: RoomObserver
  /** Merge the log into the snapshot once it holds this many batches (default 500; one per KiB of snapshot when more)… */
  compactAfterUpdates?: number
  /** …or this many bytes (default 1 MiB). */
  compactAfterBytes?: number
  /**
   * With a store several relays share, how long a room whose claim on a due compaction was refused
   * waits before it asks again, in ms (default `compactionRetryMs`); see `RoomStore.compactIfDue`.
   */
  compactionRetryDelay?: () => number
  /** Largest stored size of the document; updates past it are refused (default `Limits.maxDocBytes`). */
  maxDocBytes?: number
  /**
   * When more peers than this contributed to one turn, all peers get the turn's one merged frame,
   * their own changes included, instead of a frame each without them (default 4); see `fanOut`.
   */
  sharedFrameAbove?: number
  /**
   * In a room with more peers than this (default 32), presence changes are relayed at most once
   * a window ({@link batchMs}), together, instead of every turn: when a class joins, each
   * joiner's presence would otherwise be one frame to every peer, some ten thousand sends.
   */
  presenceBatchAbove?: number
  /**
   * In a room with more peers than this (default 32), relayed updates reach the peers that have
   * changed nothing for `writerMs` (watchers) at most once a window ({@link batchMs}), together;
   * writers get them every turn. In a class of 150 watching ten people type, each keystroke would
   * otherwise be a send to every watcher.
   */
  watcherBatchAbove?: number
  /**
   * How long a large room gathers presence changes and its watchers' updates before it relays
   * them (default 50 ms): one window for both, so a peer gets what it is owed in one write.
   */
  batchMs?: number
  /**
   * Bytes of sync step 2 replies sent per turn (default 4 MiB, and always at least one reply):
   * when a crowd joins a large document at once, the rest wait for the next turns, so the
   * keystrokes of the people already in it are relayed in between.
   */
  replyBytesPerTurn?: number
  /**
   * Where the large sync replies of every room of the relay wait to be written a few at a time
   * (see `ReplyLane`); none: each is written at once.
   */
  replyLane?: ReplyLane
  /**
   * The sync replies a room keeps for joiners (see `SyncReplies`) are dropped once nobody has
   * used them for this long (default 2 s), so an idle document costs only its replica. Used by
   * the `RoomRegistry`, which checks its rooms at this interval.
   */
  replyKeepMs?: number
  /**
   * A document stored at least this large (default 256 KiB) answers a joiner that has nothing yet,
   * when no reply is kept, with its stored snapshot and log, read from the store, instead of
   * encoding the replica: for a few MB that encoding stops the room for a few hundred milliseconds.
   */
  answerFromStoreAbove?: number
  /**
   * Called when the room should be unloaded: its last peer left, or its store failed. The room
   * does not close itself. May be called more than once.
   */
  onRetire?: (room: Room) => void
}

/** How a peer joins a room. */
export interface JoinOptions {
  /** Send this peer `durableAck` messages (see `shared/protocol`). */
  durableAck?: boolean
  /**
   * Whether the peer may change the document (default true). A peer that may not is still synced
   * and its awareness relayed, but every sync step 2 or update it sends that would change the
   * document is answered with the protocol's "permission denied" and never applied, stored or relayed.
   */
  canWrite?: boolean
  /** When set, the `user.name` of every awareness state this peer introduces is replaced by it. */
  displayName?: string
  /**
   * Who history records this peer's changes as (a share link's holder, the API's caller); when
   * unset, the name its awareness state announces (`user.name`).
   */
  author?: string
}
