import type { ServerKind } from './load/dialect.ts'

/** Typing in rooms: hot room, many rooms and the room-size sweep are all this. */
export interface TypingJob {
  scenario: 'typing'
  rooms: number
  peersPerRoom: number
  charsPerSecond: number
  warmupSeconds: number
  seconds: number
  /** How long to keep listening after typing stops, for the last keystrokes to arrive. */
  drainSeconds: number
  /** Clients per room whose receptions are timed (spread evenly); the others only receive. */
  observersPerRoom: number
  /** Every client applies every update it receives to a replica of its own, as an editor does. */
  decodingClients?: boolean
  /** Every keystroke comes with a caret update (an awareness change), as in an editor. */
  carets?: boolean
  /**
   * Load processes to spread the rooms over (default 1). With decoding clients one process of many
   * rooms takes a whole core, and its own backlog then makes most of every server's tail.
   */
  loadProcesses?: number
  /** Set in the helper processes of a spread load: this process runs only its share of the rooms. */
  part?: { index: number; of: number }
}

/** Typing, then SIGKILL of the server from the load process; returns what each typist sent. */
export interface DurabilityJob {
  scenario: 'durability'
  rooms: number
  peersPerRoom: number
  charsPerSecond: number
  killAfterSeconds: number
}

/** After a restart: how much of what each typist sent did the server keep? */
export interface VerifyJob {
  scenario: 'verify'
  writers: WriterRecord[]
}

/** The big document stored, then many clients opening it at once. */
export interface BigDocJob {
  scenario: 'big-doc'
  /** File holding the document as one Yjs update. */
  seedFile: string
  clients: number
}

/** Memory per connected peer and per loaded document. */
export interface IdleJob {
  scenario: 'idle'
  peers: number
  docs: number
  settleSeconds: number
  /** A large document (one Yjs update) loaded `bigDocs` times under different names, each held open by one client. */
  bigDocFile?: string
  bigDocs?: number
}

/** The trace replayed keystroke by keystroke through one client, in lockstep with an observer. */
export interface StorageJob {
  scenario: 'storage'
  traceFile: string
  /** Replay only this many edits of the trace (all when 0). */
  keystrokes: number
  /** Keystrokes in flight at once (1: each waits for the previous to be relayed). */
  window: number
  settleSeconds: number
}

/** A crowd opening a large document within a second while people already in it type. */
export interface JoinStormJob {
  scenario: 'join-storm'
  /** File holding the document as one Yjs update. */
  seedFile: string
  joiners: number
  /** Milliseconds over which the joiners start connecting, evenly spread. */
  spreadMs: number
  typists: number
  charsPerSecond: number
  warmupSeconds: number
  /** Seconds the typists' latency is timed before the storm, as the figure to compare with. */
  quietSeconds: number
  /**
   * Whether the crowd is served by the floor server in a process of its own instead of the
   * typists' server, which then does nothing for the storm (see `--crowd-on-floor`).
   */
  crowdOnFloor?: boolean
}

/**
 * The joiners of a join storm, in a load process of their own, apart from the people typing: a
 * crowd of real clients would be on other machines, and receiving 150 copies of a 4 MB document
 * in the typists' process delayed their receptions by the load process's own work.
 */
export interface JoinCrowdJob {
  scenario: 'join-crowd'
  doc: string
  /** The document the joiners must each receive in full (one Yjs update), to check one copy. */
  seedFile: string
  joiners: number
  /** Milliseconds over which the joiners start connecting, evenly spread. */
  spreadMs: number
}

/** Many short visits: one client per document opens it, types a line, and leaves. */
export interface VisitsJob {
  scenario: 'visits'
  docs: number
  /** Visits under way at once. */
  concurrency: number
  /** Characters typed per visit, one keystroke each. */
  lineChars: number
  /** Seconds of quiet before each RSS reading. */
  settleSeconds: number
}


/** The many-rooms load with one more connection flooding in the middle window. */
export interface FloodJob {
  scenario: 'flood'
  rooms: number
  peersPerRoom: number
  charsPerSecond: number
  observersPerRoom: number
  warmupSeconds: number
  /** Length of each of the three windows: quiet, flood, quiet. */
  seconds: number
  drainSeconds: number
}

/** The trace typed by one stock provider as fast as it can send, a second one watching. */
export interface BulkJob {
  scenario: 'bulk'
  traceFile: string
  doc: string
  /** Keystrokes typed between yields to the event loop. */
  yieldEvery: number
  /** How long to wait for the watcher to hold the final text. */
  timeoutSeconds: number
}

/** After a restart: does a fresh load of `doc` hold the trace's final text? */
export interface RestoredJob {
  scenario: 'restored'
  traceFile: string
  doc: string
}

/**
 * People typing in rooms whose clients are spread over the nodes of a cluster (client `j` of room
 * `r` on node `(r + j) % nodes`); deliveries are timed apart for receivers on the sender's node and
 * on another. With `killAfterSeconds`, node 0 is SIGKILLed then and its clients dropped with it.
 */
export interface ClusterJob {
  scenario: 'cluster'
  /** Ours or Hocuspocus: the wire dialect the clients speak. */
  kind: ServerKind
  /** `ws://127.0.0.1:PORT` of every node. */
  bases: string[]
  /** Process ids of the nodes, for their CPU time; and of the shared services (Postgres, Redis). */
  nodePids: number[]
  servicePids: Record<string, number>
  rooms: number
  peersPerRoom: number
  charsPerSecond: number
  observersPerRoom: number
  warmupSeconds: number
  seconds: number
  drainSeconds: number
  killAfterSeconds?: number
}

/**
 * When the pinned-rooms kill happens: at `atSeconds` of steady typing (a moment drawn at random,
 * apart from any server's save timing), or `afterSeconds` after a burst of `burstSeconds` of typing.
 */
export type KillMoment = { kind: 'steady'; atSeconds: number } | { kind: 'after-burst'; burstSeconds: number; afterSeconds: number }

/**
 * Rooms pinned to one node each (room r on node r mod N, as a load balancer hashing the document's
 * URL would place them), people typing, node 0 SIGKILLed at `moment` with its rooms' tabs closed at
 * the same instant. Returns, per typist, what it sent and what any other client received.
 */
export interface ClusterKillJob {
  scenario: 'cluster-kill'
  kind: ServerKind
  bases: string[]
  nodePids: number[]
  rooms: number
  peersPerRoom: number
  charsPerSecond: number
  moment: KillMoment
}

export type Job = TypingJob | DurabilityJob | VerifyJob | BigDocJob | IdleJob | StorageJob | FloodJob | BulkJob | RestoredJob | ClusterJob | ClusterKillJob | JoinStormJob | JoinCrowdJob | VisitsJob

/** What a typist sent and what peers saw of it, for the durability check. */
export interface WriterRecord {
  doc: string
  client: number
  /** Keystrokes sent (clocks 0..sent-1). */
  sent: number
  /** One past the highest clock any peer received from the server. */
  relayed: number
}

/** The server a job runs against. */
export interface ServerTarget {
  kind: ServerKind
  /** `ws://127.0.0.1:PORT` */
  base: string
  pid: number
  /** The server's inspector, when it was started with one (see `bench/stats/collectGarbage.ts`). */
  inspector?: string
}

/** What the orchestrator sends the load process. */
export interface JobRequest {
  job: Job
  server: ServerTarget
}

/** What the load process sends back: flat named figures, and writer records for durability. */
export interface JobResult {
  metrics: Record<string, number>
  /** Every delivery's latency in microseconds, from a helper process of a spread typing load. */
  latencies?: number[]
  writers?: WriterRecord[]
}
