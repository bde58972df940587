import type { ServerKind } from '../load/dialect.ts'
import type { LabelSummary } from './summarize.ts'

/** Figures shown per scenario, with their labels; the rest stay in the JSON results. */
const shownFigures: Record<string, [key: string, title: string][]> = {
  typing: [
    ['p50Ms', 'p50 latency (ms)'],
    ['p99Ms', 'p99 latency (ms)'],
    ['serverCpuMsPer1000', 'server CPU per 1,000 updates (ms)'],
    ['serverKernelCpuMsPer1000', 'of which in the kernel (ms)'],
    ['peakRssMiB', 'server peak RSS (MiB)'],
    ['delivered', 'deliveries seen (share)'],
    ['keystrokesPerSecond', 'keystrokes/s sent'],
    ['serverCpuShare', 'server CPU (share of a core)'],
    ['loadCpuShare', 'load process CPU (share of a core)'],
    ['loadCpuMsPer1000', 'load process CPU per 1,000 updates (ms)'],
    ['loadKernelCpuMsPer1000', 'of which in the kernel (ms)'],
  ],
  'big-doc': [
    ['p50Ms', 'p50 time to synced (ms)'],
    ['p99Ms', 'p99 time to synced (ms)'],
    ['allSyncedMs', 'time until all 50 synced (ms)'],
    ['serverCpuMsPerOpen', 'server CPU per open (ms)'],
    ['peakRssMiB', 'server peak RSS (MiB)'],
    ['loadCpuShare', 'load process CPU (share of a core)'],
  ],
  idle: [
    ['kibPerPeer', 'memory per connected peer (KiB)'],
    ['kibPerDoc', 'memory per loaded document (KiB)'],
    ['docUpdateKiB', 'its Yjs update (KiB)'],
    ['docReplicaKiB', 'its Yjs replica in a Node heap (KiB)'],
    ['kibPerBigDoc', 'memory per loaded automerge-paper document (KiB)'],
    ['bigDocUpdateKiB', 'its Yjs update (KiB)'],
    ['bigDocReplicaKiB', 'its Yjs replica in a Node heap (KiB)'],
    ['baseRssMiB', 'RSS with nothing open (MiB)'],
    ['peakRssMiB', 'server peak RSS (MiB)'],
  ],
  storage: [
    ['diskBytesRunning', 'bytes on disk after the replay'],
    ['diskBytesStopped', 'bytes on disk after shutdown'],
    ['bytesWrittenPerKeystroke', 'bytes written to disk per keystroke'],
    ['p50Ms', 'p50 latency (ms)'],
    ['p99Ms', 'p99 latency (ms)'],
    ['serverCpuMsPer1000', 'server CPU per 1,000 updates (ms)'],
    ['peakRssMiB', 'server peak RSS (MiB)'],
    ['keystrokesPerSecond', 'keystrokes/s (lockstep)'],
  ],
  'join-storm': [
    ['p50Ms', 'p50 time to synced (ms)'],
    ['p95Ms', 'p95 time to synced (ms)'],
    ['maxMs', 'max time to synced (ms)'],
    ['typingP99QuietMs', 'typists p99 before the storm (ms)'],
    ['typingP99StormMs', 'typists p99 during the storm (ms)'],
    ['typingP99Growth', 'typists p99, storm / before'],
    ['typingMaxQuietMs', 'typists worst delivery before the storm (ms)'],
    ['typingMaxStormMs', 'typists worst delivery during the storm (ms)'],
    ['typingDeliveriesQuiet', 'typists deliveries timed before the storm'],
    ['typingDeliveriesStorm', 'typists deliveries timed during the storm'],
    ['typistsLoopDelayP99QuietMs', "typists' process loop delay p99 before the storm (ms)"],
    ['typistsLoopDelayP99StormMs', "typists' process loop delay p99 during the storm (ms)"],
    ['serverCpuMs', 'server CPU during the storm (ms)'],
    ['crowdStormCpuMs', 'crowd process CPU during the storm (ms)'],
    ['crowdStormCpuShare', 'crowd process CPU during the storm (share of a core)'],
    ['peakRssMiB', 'server peak RSS (MiB)'],
    ['loadCpuShare', 'typists process CPU (share of a core)'],
  ],
  visits: [
    ['rssBeforeMiB', 'RSS before the visits (MiB)'],
    ['rssAfterMiB', 'RSS after the visits, settled (MiB)'],
    ['rssAfterShare', 'RSS after / before'],
    ['anonRssBeforeMiB', 'of RSS before, anonymous (MiB)'],
    ['anonRssAfterMiB', 'of RSS after, anonymous (MiB)'],
    ['mallocHeapBeforeMiB', 'of that, the C allocator’s main heap before (MiB)'],
    ['mallocHeapAfterMiB', 'of that, the C allocator’s main heap after (MiB)'],
    ['heapTotalBeforeMiB', 'JavaScript heap reserved before (MiB)'],
    ['heapTotalAfterMiB', 'JavaScript heap reserved after (MiB)'],
    ['heapUsedBeforeMiB', 'JavaScript heap used before (MiB)'],
    ['heapUsedAfterMiB', 'JavaScript heap used after (MiB)'],
    ['externalBeforeMiB', 'buffers outside the heap before (MiB)'],
    ['externalAfterMiB', 'buffers outside the heap after (MiB)'],
    ['msPerVisit', 'wall time per visit (ms)'],
    ['visitP50Ms', 'p50 visit duration (ms)'],
    ['visitP99Ms', 'p99 visit duration (ms)'],
    ['serverCpuMsPerVisit', 'server CPU per visit (ms)'],
    ['peakRssMiB', 'server peak RSS (MiB)'],
  ],
  bulk: [
    ['completeMs', 'time until the watcher has the final text (ms)'],
    ['typedMs', 'time the writer took to type it (ms)'],
    ['keystrokesPerSecond', 'keystrokes/s, first keystroke to watcher complete'],
    ['serverCpuMsPer1000', 'server CPU per 1,000 keystrokes (ms)'],
    ['serverCpuShare', 'server CPU (share of a core)'],
    ['peakRssMiB', 'server peak RSS (MiB)'],
    ['loadCpuShare', 'load process CPU (share of a core)'],
    ['writerCloses', 'writer connections closed'],
    ['restoredExact', 'after SIGTERM and restart, exact final text (1 = yes)'],
    ['restoredShare', 'characters after restart (share of the final text)'],
  ],
  flood: [
    ['p50QuietMs', 'other rooms: p50 latency without the flood (ms)'],
    ['p50FloodMs', 'other rooms: p50 latency with the flood (ms)'],
    ['p99QuietMs', 'other rooms: p99 latency without the flood (ms)'],
    ['p99FloodMs', 'other rooms: p99 latency with the flood (ms)'],
    ['floodP99Ratio', 'p99 with the flood / without'],
    ['deliveredFlood', 'other rooms: deliveries seen during the flood (share)'],
    ['floodFramesPerSecond', 'flooded frames/s taken by the server'],
    ['floodDeliveredShare', 'flooded keystrokes that reached the watcher (share)'],
    ['floodDrainMs', 'time for the flood to drain after it stopped (ms)'],
    ['serverCpuShareQuiet', 'server CPU without the flood (share of a core)'],
    ['serverCpuShareFlood', 'server CPU with the flood (share of a core)'],
    ['floodCpuUsPerFrame', 'server CPU per flooded frame, above the quiet windows (µs)'],
    ['loadCpuShare', 'load process CPU during the flood (share of a core)'],
  ],
  durability: [
    ['keystrokes', 'keystrokes sent before the kill'],
    ['relayed', 'of those, received by a peer'],
    ['lostRelayed', 'lost: received by a peer, gone after restart'],
    ['lostUnrelayed', 'in flight: never relayed nor stored'],
  ],
}

/** Figures whose run-by-run values are listed under the table, because their spread matters. */
const spreadFigures: Record<string, string[]> = {
  typing: ['p99Ms'],
  'big-doc': ['allSyncedMs'],
  idle: ['kibPerPeer', 'kibPerDoc', 'kibPerBigDoc'],
  durability: ['lostRelayed'],
  'join-storm': ['p95Ms', 'typingP99Growth'],
  visits: ['rssAfterShare'],
  bulk: ['completeMs'],
  flood: ['p99QuietMs', 'p99FloodMs', 'floodP99Ratio'],
}

const kindOrder: ServerKind[] = ['ours', 'reference', 'hocuspocus', 'floor']

function familyOf(label: string): string {
  return label === 'hot-room' || label === 'many-rooms' || label.startsWith('sweep') ? 'typing' : label
}

/** A markdown table of one label's medians: one row per figure, one column per server and ratio. */
export function markdownTable(summary: LabelSummary): string {
  const family = familyOf(summary.label)
  const kinds = kindOrder.filter((kind) => summary.medians[kind])
  const anchors = kinds.filter((kind): kind is Exclude<ServerKind, 'ours'> => kind !== 'ours' && summary.medians.ours !== undefined)
  const header = ['figure', ...kinds, ...anchors.map((anchor) => `ours/${anchor}`)]
  const rows = (shownFigures[family] ?? []).map(([key, title]) => [
    title,
    ...kinds.map((kind) => formatFigure(summary.medians[kind]![key], key, summary.medians[kind]!)),
    ...anchors.map((anchor) => formatRatio(summary.ratios[anchor]?.[key])),
  ])
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n')
}

/**
 * One line per figure whose spread matters, giving each server's value run by run (for example
 * "p99 latency (ms), run by run: ours 9.35, 8.87; reference 105, 14"); empty for a single run.
 */
export function runByRun(summary: LabelSummary): string {
  if (summary.runs < 2) return ''
  const family = familyOf(summary.label)
  const titles = new Map(shownFigures[family] ?? [])
  const kinds = kindOrder.filter((kind) => summary.perRun[kind])
  return (spreadFigures[family] ?? [])
    .map((key) => {
      const servers = kinds.map((kind) => {
        const runs = summary.perRun[kind]![key] ?? []
        return `${kind} ${runs.map((value) => formatFigure(value, key, {})).join(', ')}`
      })
      return `${titles.get(key) ?? key}, run by run: ${servers.join('; ')}`
    })
    .join('\n\n')
}

/**
 * Formats a figure; a p99 is marked "≥" when fewer than 99% of deliveries arrived before the drain
 * ended (the missing ones are later still, so the true p99 is higher).
 */
export function formatFigure(value: number | undefined, key: string, all: Record<string, number>): string {
  if (value === undefined || Number.isNaN(value)) return '–'
  const censored = key === 'p99Ms' && all.delivered !== undefined && all.delivered < 0.99 ? '≥ ' : ''
  if (key === 'delivered' || key.startsWith('delivered') || key.endsWith('Share') || key.endsWith('Ratio')) return value.toFixed(2)
  if (Math.abs(value) >= 1000) return censored + Math.round(value).toLocaleString('en-US')
  if (Math.abs(value) >= 10) return censored + value.toFixed(0)
  return censored + value.toFixed(value === Math.round(value) ? 0 : 2)
}

function formatRatio(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–'
  return value >= 10 ? value.toFixed(0) : value.toFixed(2)
}
