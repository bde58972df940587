import client from 'prom-client'
import { describe, expect, it } from 'vitest'
import { ClusterMetrics } from './clusterMetrics.ts'

describe('ClusterMetrics', () => {
  it('counts store reads and the entries they returned, by cause', async () => {
    const registry = new client.Registry()
    const metrics = new ClusterMetrics(registry, { connected: () => true, peers: () => 2 })
    metrics.storeRead('gap', 3)
    metrics.storeRead('gap', 0)
    metrics.storeRead('resync', 5)
    const page = await registry.metrics()
    expect(page).toContain('mergepad_cluster_store_reads_total{cause="gap"} 2')
    expect(page).toContain('mergepad_cluster_store_reads_total{cause="resync"} 1')
    expect(page).toContain('mergepad_cluster_store_read_entries_total{cause="gap"} 3')
    expect(page).toContain('mergepad_cluster_store_read_entries_total{cause="resync"} 5')
    expect(page).toContain('mergepad_cluster_relays 2')
  })
})
