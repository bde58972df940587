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

export type Job = TypingJob | DurabilityJob | VerifyJob | BigDocJob | IdleJob | StorageJob | FloodJob | BulkJob | RestoredJob

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
}

/** What the orchestrator sends the load process. */
export interface JobRequest {
  job: Job
  server: ServerTarget
}

/** What the load process sends back: flat named figures, and writer records for durability. */
export interface JobResult {
  metrics: Record<string, number>
  writers?: WriterRecord[]
}
