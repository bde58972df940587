import http from 'node:http'
import { eventLoopSamplingMs } from '../../server/metrics.ts'

/** One scrape of a Prometheus text page: each sample's value by its name and labels as printed. */
export type Scrape = Map<string, number>

/**
 * Reads `/metrics` of the relay whose WebSocket address is `base` (`ws://host:port`).
 *
 * Through `node:http`, which the load's WebSocket clients have loaded already, not `fetch`: a
 * process's first `fetch` loads its HTTP client and blocks the event loop for about 35 ms, and a
 * load process stalled like that at a window's start delays every delivery behind it. Scrapes are
 * still taken outside the timed windows, since the relay spends a few milliseconds on each.
 */
export async function scrapeMetrics(base: string): Promise<Scrape> {
  const samples: Scrape = new Map()
  for (const line of (await getText(`${base.replace(/^ws/, 'http')}/metrics`)).split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const space = line.lastIndexOf(' ')
    samples.set(line.slice(0, space), Number(line.slice(space + 1)))
  }
  return samples
}

function getText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => (response.statusCode === 200 ? resolve(Buffer.concat(chunks).toString()) : reject(new Error(`${url}: HTTP ${response.statusCode}`))))
        response.on('error', reject)
      })
      .on('error', reject)
  })
}

/**
 * Our relay's memory as its own metrics see it, in MiB: the JavaScript heap it has reserved
 * (`heapTotal`) and uses (`heapUsed`), and the buffers held outside the heap (`external`).
 */
export function heapFigures(scrape: Scrape): Record<string, number> {
  const mib = (name: string) => (scrape.get(name) ?? Number.NaN) / 2 ** 20
  return { heapTotal: mib('nodejs_heap_size_total_bytes'), heapUsed: mib('nodejs_heap_size_used_bytes'), external: mib('nodejs_external_memory_bytes') }
}

/**
 * Where our relay's time went between two scrapes: how late its event loop was (p99 and max over
 * the window, since the first scrape resets them; without the sampling interval, as the load's own
 * figure), its garbage-collection pauses (count, total and those of 10 ms or more, by kind), and
 * p99s read off the bucket bounds of its store-commit and in-relay histograms (the bound at or
 * above which 99% of the window's observations fell), with how many of each took more than 10 ms,
 * and how many frames it sent.
 */
export function relayBreakdown(before: Scrape, after: Scrape): Record<string, number> {
  const delta = (name: string): number => (after.get(name) ?? 0) - (before.get(name) ?? 0)
  const figures: Record<string, number> = {
    relayLoopDelayP99Ms: loopLateness(after.get('nodejs_eventloop_lag_p99_seconds')),
    relayLoopDelayMaxMs: loopLateness(after.get('nodejs_eventloop_lag_max_seconds')),
    relayAppendP99Ms: histogramQuantile(before, after, 'mergepad_store_append_seconds', 0.99) * 1000,
    relayAppends: delta('mergepad_store_append_seconds_count'),
    relayAppendsOver10Ms: delta('mergepad_store_append_seconds_count') - delta('mergepad_store_append_seconds_bucket{le="0.01"}'),
    relayTurnP99Ms: histogramQuantile(before, after, 'mergepad_update_relay_seconds', 0.99) * 1000,
    relayTurnsOver10Ms: delta('mergepad_update_relay_seconds_count') - delta('mergepad_update_relay_seconds_bucket{le="0.01"}'),
    relayFramesSent: delta('mergepad_messages_sent_total'),
  }
  for (const kind of ['minor', 'major', 'incremental']) {
    const name = `nodejs_gc_duration_seconds`
    const count = delta(`${name}_count{kind="${kind}"}`)
    figures[`gc${capital(kind)}Count`] = count
    figures[`gc${capital(kind)}Ms`] = delta(`${name}_sum{kind="${kind}"}`) * 1000
    figures[`gc${capital(kind)}Over10Ms`] = count - delta(`${name}_bucket{le="0.01",kind="${kind}"}`)
  }
  return figures
}

/** How late the relay's event loop was, in ms, from a lag gauge that counts the sampling interval too (as the load's figure is). */
function loopLateness(seconds: number | undefined): number {
  return seconds === undefined ? Number.NaN : Math.max(0, seconds * 1000 - eventLoopSamplingMs)
}

/** The `q` quantile of a histogram's observations between two scrapes, as the bucket bound that holds it. */
function histogramQuantile(before: Scrape, after: Scrape, name: string, q: number): number {
  const bounds: Array<[number, number]> = []
  for (const [key, value] of after) {
    const match = new RegExp(`^${name}_bucket\\{le="([^"]+)"\\}$`).exec(key)
    if (match) bounds.push([Number(match[1]), value - (before.get(key) ?? 0)])
  }
  bounds.sort((a, b) => a[0] - b[0])
  const total = bounds.at(-1)?.[1] ?? 0
  if (total === 0) return Number.NaN
  return bounds.find(([, count]) => count >= q * total)![0]
}

function capital(word: string): string {
  return word[0].toUpperCase() + word.slice(1)
}

/**
 * Store work of our cluster nodes between two scrapes of each (same order), summed over the
 * nodes: the log entries they appended (`storeAppends`, one per room per turn; the store commits
 * one turn's entries of every room together), their reads for what the bus
 * did not bring by cause (`storeReadsGap`, `storeReadsResync`, `storeReadsRetry`) and the entries
 * those returned (`storeReadEntries`). See `mergepad_cluster_store_reads_total`.
 */
export function clusterReads(before: Scrape[], after: Scrape[]): Record<string, number> {
  const delta = (name: string) => after.reduce((sum, scrape, i) => sum + (scrape.get(name) ?? 0) - (before[i].get(name) ?? 0), 0)
  const figures: Record<string, number> = { storeAppends: delta('mergepad_store_append_seconds_count'), storeReadEntries: 0 }
  for (const cause of ['gap', 'resync', 'retry']) {
    figures[`storeReads${capital(cause)}`] = delta(`mergepad_cluster_store_reads_total{cause="${cause}"}`)
    figures.storeReadEntries += delta(`mergepad_cluster_store_read_entries_total{cause="${cause}"}`)
  }
  return figures
}
