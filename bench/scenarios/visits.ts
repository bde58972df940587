import { performance } from 'node:perf_hooks'
import type { JobResult, ServerTarget, VisitsJob } from '../jobs.ts'
import { connectAll, sleep, within } from '../load/connectAll.ts'
import { dialectOf } from '../load/dialect.ts'
import { LatencyRecorder } from '../load/latencyRecorder.ts'
import { LoadClient } from '../load/loadClient.ts'
import { Typist } from '../load/typist.ts'
import { mallocHeapBytes, sampleProcess } from '../stats/processStats.ts'
import { heapFigures, scrapeMetrics } from '../stats/relayMetrics.ts'
import { quantile } from '../stats/summary.ts'

/**
 * Short visits to many documents: `docs` documents, each opened by one client that syncs, types a
 * line (`lineChars` keystrokes, each its own update) and leaves, `concurrency` visits at a time.
 * The server's RSS is read after `settleSeconds` of quiet before the first visit and after the
 * last: a server whose memory follows use returns to where it started. Reports the wall time per
 * visit (the rate the server sustained) and each visit's own duration, from connecting to closed.
 * For our relay it also splits the memory after: anonymous RSS, and of that the JavaScript heap and
 * the buffers it holds outside it, and for every server the C allocator's main heap, so that what stays can be told apart from what the heap keeps.
 */
export async function runVisits(job: VisitsJob, server: ServerTarget): Promise<JobResult> {
  const dialect = dialectOf(server.kind)
  const runId = Math.random().toString(36).slice(2, 8)
  const settle = (): Promise<void> => sleep(job.settleSeconds * 1000)
  const heap = () => (server.kind === 'ours' ? scrapeMetrics(server.base).then(heapFigures) : Promise.resolve(null))
  await settle()
  const before = sampleProcess(server.pid)
  const mallocBefore = mallocHeapBytes(server.pid)
  const heapBefore = await heap()
  const recorder = new LatencyRecorder()

  const started = performance.now()
  const durations = await connectAll(job.docs, job.concurrency, async (index) => {
    const typist = new Typist(recorder, 0)
    const client = await LoadClient.open({ dialect, base: server.base, doc: `visit-${runId}-${index}`, replica: typist.replica })
    await within(client.synced, 60_000, `visit ${index} sync`)
    typist.attach(client)
    for (let char = 0; char < job.lineChars; char++) typist.type()
    await client.close()
    return performance.now() - client.startedAt
  })
  const wallMs = performance.now() - started
  const during = sampleProcess(server.pid)
  await settle()
  const after = sampleProcess(server.pid)
  const mallocAfter = mallocHeapBytes(server.pid)
  const heapAfter = await heap()

  const sorted = durations.sort((a, b) => a - b)
  return {
    metrics: {
      rssBeforeMiB: before.rssBytes / 2 ** 20,
      rssAfterMiB: after.rssBytes / 2 ** 20,
      rssAfterShare: after.rssBytes / before.rssBytes,
      anonRssBeforeMiB: before.anonRssBytes / 2 ** 20,
      anonRssAfterMiB: after.anonRssBytes / 2 ** 20,
      mallocHeapBeforeMiB: mallocBefore / 2 ** 20,
      mallocHeapAfterMiB: mallocAfter / 2 ** 20,
      ...(heapBefore && heapAfter ? byPhase(heapBefore, heapAfter) : {}),
      rssAtEndMiB: during.rssBytes / 2 ** 20,
      msPerVisit: wallMs / job.docs,
      visitP50Ms: quantile(sorted, 0.5),
      visitP99Ms: quantile(sorted, 0.99),
      serverCpuMsPerVisit: (during.cpuMs - before.cpuMs) / job.docs,
      peakRssMiB: after.peakRssBytes / 2 ** 20,
    },
  }
}

/** Heap figures before and after, named `…BeforeMiB` and `…AfterMiB`. */
function byPhase(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const figures: Record<string, number> = {}
  for (const name of Object.keys(before)) {
    figures[`${name}BeforeMiB`] = before[name]
    figures[`${name}AfterMiB`] = after[name]
  }
  return figures
}
