import client from 'prom-client'
import type { RoomObserver } from './roomObserver.ts'

/**
 * How often, in ms, the event-loop delay behind `nodejs_eventloop_lag_*` is sampled. Node records
 * the time between two samples, so an idle relay reports about this much: subtract it to get how
 * late the loop was. Each sample wakes the relay: at prom-client's 10 ms that woke an idle relay
 * 100 times a second and cost a cluster node in a busy room about 7% of its CPU (BENCHMARKS.md,
 * "5 December, morning"); at 50 ms a stall of a few milliseconds is still seen, just less often.
 */
export const eventLoopSamplingMs = 50

/**
 * The relay's Prometheus metrics, on a registry of its own so several relays can share a process
 * (as they do in tests). Implements {@link RoomObserver} for what rooms report.
 */
export class RelayMetrics implements RoomObserver {
  readonly registry = new client.Registry()
  readonly connections = new client.Gauge({ name: 'mergepad_connections', help: 'Open WebSocket connections', registers: [this.registry] })
  /** Frames received from peers since the relay started, as a plain number (cheap to read). */
  framesReceived = 0
  readonly messagesIn = this.counter('mergepad_messages_received_total', 'Frames received from peers')
  readonly messagesOut = this.counter('mergepad_messages_sent_total', 'Frames sent to peers')
  readonly bytesIn = this.counter('mergepad_bytes_received_total', 'Bytes received from peers')
  readonly bytesOut = this.counter('mergepad_bytes_sent_total', 'Bytes sent to peers')
  readonly compactions = this.counter('mergepad_compactions_total', 'Logs merged into snapshots')
  readonly compactionsSkipped = this.counter('mergepad_compactions_skipped_total', 'Compactions left to another relay, which had compacted the log or claimed its compaction')
  readonly flowPauses = this.counter('mergepad_flow_pauses_total', 'Times a connection past its budget stopped being read until the budget refilled')
  readonly errors = new client.Counter({
    name: 'mergepad_errors_total',
    help: 'Connections closed for an error, and store failures, by kind',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  })
  readonly appendSeconds = new client.Histogram({
    name: 'mergepad_store_append_seconds',
    help: 'Time to append one batch of updates to the store durably',
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  })
  readonly relaySeconds = new client.Histogram({
    name: 'mergepad_update_relay_seconds',
    help: "Time from the arrival of a turn's first update in a room to its relay (applied, stored, sent)",
    buckets: [0.00025, 0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  })
  readonly compactionSeconds = new client.Histogram({
    name: 'mergepad_compaction_seconds',
    help: 'Time to merge a document log into its snapshot',
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [this.registry],
  })

  constructor(loadedRooms: () => number, repliesWaiting: () => number = () => 0) {
    this.gauge('mergepad_rooms_loaded', 'Documents loaded in memory', loadedRooms)
    this.gauge('mergepad_replies_waiting', 'Large sync replies waiting for a lane to be written (see ReplyLane)', repliesWaiting)
    // Pauses are what a keystroke waits for: buckets fine enough to tell 2 ms from 20.
    client.collectDefaultMetrics({
      register: this.registry,
      gcDurationBuckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5, 1],
      eventLoopMonitoringPrecision: eventLoopSamplingMs,
    })
  }

  frameSent(bytes: number): void {
    this.messagesOut.inc()
    this.bytesOut.inc(bytes)
  }

  frameReceived(bytes: number): void {
    this.framesReceived++
    this.messagesIn.inc()
    this.bytesIn.inc(bytes)
  }

  relayed(ms: number): void {
    this.relaySeconds.observe(ms / 1000)
  }

  appended(ms: number): void {
    this.appendSeconds.observe(ms / 1000)
  }

  compacted(ms: number): void {
    this.compactions.inc()
    this.compactionSeconds.observe(ms / 1000)
  }

  compactionSkipped(): void {
    this.compactionsSkipped.inc()
  }

  rejected(kind: string): void {
    this.errors.inc({ kind })
  }

  /** A connection spent its budget; its socket is paused until the budget refills. */
  flowPaused(): void {
    this.flowPauses.inc()
  }

  storageFailed(): void {
    this.errors.inc({ kind: 'StorageFailure' })
  }

  private counter(name: string, help: string): client.Counter {
    return new client.Counter({ name, help, registers: [this.registry] })
  }

  /** A gauge set from `read` whenever the metrics are collected. */
  private gauge(name: string, help: string, read: () => number): void {
    new client.Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(read())
      },
    })
  }
}
