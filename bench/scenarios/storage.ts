import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import type { JobResult, ServerTarget, StorageJob } from '../jobs.ts'
import { sleep, within } from '../load/connectAll.ts'
import { dialectOf } from '../load/dialect.ts'
import { LoadClient } from '../load/loadClient.ts'
import { openWindow } from '../load/window.ts'
import { sampleProcess } from '../stats/processStats.ts'
import { quantile } from '../stats/summary.ts'
import { applyPatch, patchesOf, readTrace } from '../trace.ts'

/**
 * Replays the trace keystroke by keystroke: each patch is one transaction on the writer's replica,
 * so one update and one frame, and at most `window` are in flight (sent but not yet seen by an
 * observer client). Reports the server's storage writes per keystroke (`write_bytes` from /proc,
 * read after `settleSeconds` with both clients gone so debounced stores have happened) and the
 * round-trip latency writer → server → observer.
 */
export async function runStorage(job: StorageJob, server: ServerTarget): Promise<JobResult> {
  const dialect = dialectOf(server.kind)
  const trace = readTrace(job.traceFile)
  const all = [...patchesOf(trace)]
  const patches = job.keystrokes > 0 ? all.slice(0, job.keystrokes) : all
  const doc = `trace-${Math.random().toString(36).slice(2, 8)}`

  const replica = new Y.Doc()
  const text = replica.getText('text')
  const sentAt: number[] = []
  const latencies: number[] = []
  let seen = 0
  let wake: (() => void) | null = null
  const writer = await LoadClient.open({ dialect, base: server.base, doc, replica })
  const observer = await LoadClient.open({
    dialect,
    base: server.base,
    doc,
    onUpdate: (update, at) => {
      if (update.length <= 2) return // an empty step 2
      if (seen >= sentAt.length) return // not a keystroke of the writer's (none is outstanding)
      latencies.push(at - sentAt[seen++])
      wake?.()
    },
  })
  await within(Promise.all([writer.synced, observer.synced]), 30_000, 'storage clients sync')
  replica.on('update', (update: Uint8Array) => {
    sentAt.push(performance.now())
    writer.send(update)
  })
  if (trace.startContent) text.insert(0, trace.startContent)
  await waitFor(() => seen >= sentAt.length)

  const writesBefore = sampleProcess(server.pid).writeBytes ?? Number.NaN
  const closeWindow = openWindow(server.pid)
  const first = sentAt.length
  for (const patch of patches) {
    if (sentAt.length - seen >= job.window) await waitFor(() => sentAt.length - seen < job.window)
    replica.transact(() => applyPatch(text, patch))
  }
  await waitFor(() => seen >= sentAt.length)
  const figures = closeWindow()
  await Promise.all([writer.close(), observer.close()])
  await sleep(job.settleSeconds * 1000)
  const writesAfter = sampleProcess(server.pid).writeBytes ?? Number.NaN

  const sorted = latencies.slice(first).sort((a, b) => a - b)
  return {
    metrics: {
      keystrokes: patches.length,
      p50Ms: quantile(sorted, 0.5),
      p99Ms: quantile(sorted, 0.99),
      keystrokesPerSecond: patches.length / (figures.wallMs / 1000),
      serverCpuMsPer1000: figures.serverCpuMs / (patches.length / 1000),
      bytesWrittenPerKeystroke: (writesAfter - writesBefore) / patches.length,
      peakRssMiB: figures.serverPeakRssMiB,
      loadCpuShare: figures.loadCpuShare,
    },
  }

  function waitFor(ready: () => boolean): Promise<void> {
    if (ready()) return Promise.resolve()
    return within(
      new Promise<void>((resolve) => {
        wake = () => {
          if (!ready()) return
          wake = null
          resolve()
        }
      }),
      30_000,
      `keystroke ${seen} to be relayed`,
    )
  }
}
