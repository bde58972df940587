import fs from 'node:fs'
import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import type { JobResult, JoinCrowdJob, ServerTarget } from '../jobs.ts'
import { sleep, within } from '../load/connectAll.ts'
import { dialectOf } from '../load/dialect.ts'
import { LoadClient } from '../load/loadClient.ts'
import { announceOver, announceStart } from '../load/loadProcess.ts'
import { quantile } from '../stats/summary.ts'

/**
 * The crowd of a join storm: `joiners` clients connect to `doc`, evenly spread over `spreadMs`,
 * each sending its presence as an editor tab does. A joiner is synced when the server's sync step
 * 2 has arrived (what a provider's `synced` means); its time runs from the moment it began to
 * connect. Announces its start to the parent process just before the first joiner connects.
 * Afterwards one joiner's copy is checked to hold the whole document, deletions included. The
 * joiners leave when the process exits.
 */
export async function runJoinCrowd(job: JoinCrowdJob, server: ServerTarget): Promise<JobResult> {
  const dialect = dialectOf(server.kind)
  const copy: Uint8Array[] = []
  announceStart()
  const stormStart = performance.now()
  const cpuAtStart = process.cpuUsage()
  const joiners = await Promise.all(
    Array.from({ length: job.joiners }, async (_, index) => {
      await sleep((index * job.spreadMs) / job.joiners)
      return LoadClient.open({ dialect, base: server.base, doc: job.doc, presence: true, onUpdate: index === 0 ? (update) => copy.push(update) : undefined })
    }),
  )
  const synced = await within(Promise.all(joiners.map((joiner) => joiner.synced)), 600_000, 'joiners sync')
  const allSyncedMs = performance.now() - stormStart
  const crowdCpu = process.cpuUsage()
  const stormCpuMs = (crowdCpu.user + crowdCpu.system - cpuAtStart.user - cpuAtStart.system) / 1000
  // The storm is over: the typists' storm window ends here, before the check below takes a core
  // for a second. The joiners stay connected until this process exits, right after its reply, so
  // their leaving is not part of the storm.
  announceOver()
  checkCopy(copy, new Uint8Array(fs.readFileSync(job.seedFile)), server.kind)

  const times = joiners.map((joiner, index) => synced[index] - joiner.startedAt).sort((a, b) => a - b)
  return {
    metrics: {
      p50Ms: quantile(times, 0.5),
      p95Ms: quantile(times, 0.95),
      maxMs: times[times.length - 1],
      allSyncedMs,
      crowdCpuMs: (crowdCpu.user + crowdCpu.system) / 1000,
      // The storm alone (from the first connect until all are synced), with the collector's threads:
      // above 1 means the crowd took more than a core, on a machine that has two.
      crowdStormCpuMs: stormCpuMs,
      crowdStormCpuShare: stormCpuMs / allSyncedMs,
    },
  }
}

/** Throws unless the updates one joiner received hold every struct and deletion of `seed`. */
function checkCopy(updates: Uint8Array[], seed: Uint8Array, kind: string): void {
  const replica = new Y.Doc()
  for (const update of updates) Y.applyUpdate(replica, update)
  if (!Y.snapshotContainsUpdate(Y.snapshot(replica), seed)) {
    throw new Error(`${kind} served a joiner an incomplete document (${replica.getText('text').length} characters)`)
  }
}
