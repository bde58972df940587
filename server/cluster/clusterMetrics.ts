import client from 'prom-client'
import type { BusMessage } from './busMessage.ts'
import type { ClusterObserver } from './clusterNode.ts'
import type { StoreReadCause } from './roomSequencer.ts'

/**
 * The cluster's Prometheus metrics, on the relay's registry: bus messages published and received
 * by kind, publishes that failed, whether the bus is connected, how many other relays are alive,
 * and the store reads rooms made for what the bus did not bring (by cause, with the entries read).
 */
export class ClusterMetrics implements ClusterObserver {
  private readonly publishedTotal: client.Counter<'kind'>
  private readonly receivedTotal: client.Counter<'kind'>
  private readonly failures: client.Counter
  private readonly storeReads: client.Counter<'cause'>
  private readonly storeReadEntries: client.Counter<'cause'>

  constructor(registry: client.Registry, state: { connected: () => boolean; peers: () => number }) {
    this.publishedTotal = new client.Counter({ name: 'mergepad_cluster_published_total', help: 'Messages published on the cluster bus, by kind', labelNames: ['kind'] as const, registers: [registry] })
    this.receivedTotal = new client.Counter({ name: 'mergepad_cluster_received_total', help: 'Messages from other relays received on the cluster bus, by kind', labelNames: ['kind'] as const, registers: [registry] })
    this.failures = new client.Counter({ name: 'mergepad_cluster_publish_failures_total', help: 'Messages the cluster bus refused (disconnected); receivers catch up from the store', registers: [registry] })
    this.storeReads = new client.Counter({ name: 'mergepad_cluster_store_reads_total', help: 'Reads of the store for entries the bus did not bring, by cause (gap, retry, resync)', labelNames: ['cause'] as const, registers: [registry] })
    this.storeReadEntries = new client.Counter({ name: 'mergepad_cluster_store_read_entries_total', help: 'Entries those reads returned, by cause', labelNames: ['cause'] as const, registers: [registry] })
    new client.Gauge({
      name: 'mergepad_cluster_bus_connected',
      help: '1 while the cluster bus (Redis) is connected',
      registers: [registry],
      collect() {
        this.set(state.connected() ? 1 : 0)
      },
    })
    new client.Gauge({
      name: 'mergepad_cluster_relays',
      help: 'Other relays of the cluster heard from lately',
      registers: [registry],
      collect() {
        this.set(state.peers())
      },
    })
  }

  published(kind: BusMessage['kind']): void {
    this.publishedTotal.inc({ kind })
  }

  publishFailed(): void {
    this.failures.inc()
  }

  received(kind: BusMessage['kind']): void {
    this.receivedTotal.inc({ kind })
  }

  storeRead(cause: StoreReadCause, entries: number): void {
    this.storeReads.inc({ cause })
    this.storeReadEntries.inc({ cause }, entries)
  }
}
