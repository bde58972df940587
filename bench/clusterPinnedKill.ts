import type { ClusterMeasurement } from './clusterBench.ts'
import type { ClusterKillJob, KillMoment } from './jobs.ts'
import { type ClusterKind, type ClusterServices, freshClusterDatabase, startClusterNode } from './clusterNode.ts'
import { runInLoadProcess } from './load/loadProcess.ts'

/** 30 rooms of 3 people typing 5 keystrokes/s each, room r on node r mod 3: 10 rooms die with node 0. */
const pinnedShape = { rooms: 30, peersPerRoom: 3, charsPerSecond: 5 }

/** Seconds of typing in each burst: longer than a keystroke's round trip, shorter than Hocuspocus's 10 s ceiling. */
const burstSeconds = 3

/**
 * The moments node 0 dies at, one measurement each: in steady typing, past the first 12 s (so
 * Hocuspocus has stored each document once, at its 10 s ceiling), at a moment drawn at random over
 * the next 10 s (one whole store cycle), so it falls anywhere in either server's save cycle; then
 * 0.5 s and 1.5 s after a burst (inside Hocuspocus's 2 s store debounce); and 4 s after one (past
 * it), the control where a debounced store has had time to run.
 */
export function killMoments(random: () => number = Math.random): { name: string; moment: KillMoment }[] {
  return [
    { name: 'random moment', moment: { kind: 'steady', atSeconds: 12 + 10 * random() } },
    ...[0.5, 1.5, 4].map((afterSeconds) => ({ name: `${afterSeconds} s after burst`, moment: { kind: 'after-burst' as const, burstSeconds, afterSeconds } })),
  ]
}

/**
 * One pinned-rooms kill: a fresh database, 3 nodes of `kind`, the load with node 0 SIGKILLed at
 * `moment`, the survivors stopped cleanly, then a fresh node on the same Postgres opens every
 * document and the keystrokes some other client had received but the fresh node does not hold are
 * counted (`lostRelayed`). Keystrokes never relayed (still in the closed tabs) are counted apart.
 */
export async function measurePinnedKill(kind: ClusterKind, moment: KillMoment, services: ClusterServices): Promise<Record<string, number>> {
  const url = await freshClusterDatabase(kind, services)
  const nodes = await Promise.all([0, 1, 2].map(() => startClusterNode(kind, url, services.redis.url)))
  let fresh: Awaited<ReturnType<typeof startClusterNode>> | undefined
  try {
    const job: ClusterKillJob = { scenario: 'cluster-kill', kind, bases: nodes.map((node) => node.base), nodePids: nodes.map((node) => node.pid), ...pinnedShape, moment }
    const typed = await runInLoadProcess(job, { kind, base: job.bases[0], pid: job.nodePids[0] }, 10 * 60_000)
    await Promise.all(nodes.map((node) => node.stop()))
    fresh = await startClusterNode(kind, url, services.redis.url)
    const writers = typed.writers ?? []
    const verified = await runInLoadProcess({ scenario: 'verify', writers }, { kind, base: fresh.base, pid: fresh.pid }, 10 * 60_000)
    return {
      lostRelayed: verified.metrics.lostRelayed,
      relayedKeystrokes: verified.metrics.relayed,
      neverRelayed: writers.reduce((sum, writer) => sum + Math.max(0, writer.sent - writer.relayed), 0),
      ...typed.metrics,
    }
  } finally {
    await Promise.all([...nodes, ...(fresh ? [fresh] : [])].map((node) => node.stop()))
    await services.pg.dropDatabase(url)
  }
}

/**
 * Run by run, per kill moment, what each server lost of the keystrokes other clients had received
 * in the killed node's rooms, as markdown. Labels look like `ours×3 pinned, 0.5 s after burst`.
 */
export function pinnedKillTable(measurements: ClusterMeasurement[]): string {
  const pinned = measurements.filter((m) => m.label.includes(' pinned, '))
  if (pinned.length === 0) return ''
  const kinds = [...new Set(pinned.map((m) => m.label.split('×')[0]))]
  const moments = [...new Set(pinned.map((m) => m.label.split(' pinned, ')[1]))]
  const runs = [...new Set(pinned.map((m) => m.run))].sort((a, b) => a - b)
  const cell = (m: ClusterMeasurement | undefined) => {
    if (!m) return '–'
    if (m.error) return 'failed'
    const { lostRelayed, killedRoomsRelayed, killedAtMs, killAfterLastKeystrokeMs } = m.metrics
    return `${lostRelayed} of ${killedRoomsRelayed} (kill at ${(killedAtMs / 1000).toFixed(1)} s, ${(killAfterLastKeystrokeMs / 1000).toFixed(1)} s after the last keystroke; load ${m.loadAverage.toFixed(0)})`
  }
  const rows = moments.flatMap((moment) =>
    runs.map((run) => `| ${moment} | ${run + 1} | ${kinds.map((kind) => cell(pinned.find((m) => m.run === run && m.label === `${kind}×3 pinned, ${moment}`))).join(' | ')} |`),
  )
  return [`| kill | run | ${kinds.map((kind) => `${kind}: lost of relayed in the killed rooms`).join(' | ')} |`, `| --- | --- | ${kinds.map(() => '---').join(' | ')} |`, ...rows].join('\n')
}
