import client from 'prom-client'
import type { BusMessage } from './busMessage.ts'
import type { ClusterObserver } from './clusterNode.ts'

/**
 * The cluster's Prometheus metrics, on the relay's registry: bus messages published and received
 * by kind, publishes that failed, whether the bus is connected, and how many other relays are alive.
 */
export class ClusterMetrics implements ClusterObserver {
  private readonly publishedTotal: client.Counter<'kind'>
  private readonly receivedTotal: client.Counter<'kind'>
  private readonly failures: client.Counter

  constructor(registry: client.Registry, state: { connected: () => boolean; peers: () => number }) {
    this.publishedTotal = new client.Counter({ name: 'mergepad_cluster_published_total', help: 'Messages published on the cluster bus, by kind', labelNames: ['kind'] as const, registers: [registry] })
    this.receivedTotal = new client.Counter({ name: 'mergepad_cluster_received_total', help: 'Messages from other relays received on the cluster bus, by kind', labelNames: ['kind'] as const, registers: [registry] })
    this.failures = new client.Counter({ name: 'mergepad_cluster_publish_failures_total', help: 'Messages the cluster bus refused (disconnected); receivers catch up from the store', registers: [registry] })
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
}
