import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import type { BulkJob, JobResult, RestoredJob, ServerTarget } from '../jobs.ts'
import { sleep, within } from '../load/connectAll.ts'
import { dialectOf } from '../load/dialect.ts'
import { LoadClient } from '../load/loadClient.ts'
import { openStockClient } from '../load/stockProvider.ts'
import { openWindow } from '../load/window.ts'
import { applyPatch, patchesOf, readTrace } from '../trace.ts'

/**
 * Bulk edits at full speed: one stock provider types the whole trace as a script would, each
 * keystroke its own transaction (so its own update and frame), yielding to the event loop only
 * every `yieldEvery` keystrokes; a second stock provider watches. Reports how long until the
 * watcher holds the trace's final text (timed from the first keystroke), how long the typing
 * itself took, the server's CPU per 1,000 keystrokes and its peak RSS, and how often either
 * provider's connection closed.
 */
export async function runBulk(job: BulkJob, server: ServerTarget): Promise<JobResult> {
  const trace = readTrace(job.traceFile)
  const patches = [...patchesOf(trace)]
  const writer = openStockClient(server.kind, server.base, job.doc, 'writer')
  const watcher = openStockClient(server.kind, server.base, job.doc, 'watcher')
  try {
    await Promise.all([writer.synced, watcher.synced])
    const text = writer.doc.getText('text')
    const watched = watcher.doc.getText('text')
    if (trace.startContent) {
      text.insert(0, trace.startContent)
      await waitForText(watched, trace.startContent, 60_000)
    }
    const expected = trace.endContent

    const closeWindow = openWindow(server.pid)
    const started = performance.now()
    const complete = waitForText(watched, expected, job.timeoutSeconds * 1000).then(() => performance.now() - started)
    complete.catch(() => {})
    for (let i = 0; i < patches.length; i++) {
      writer.doc.transact(() => applyPatch(text, patches[i]))
      if (i % job.yieldEvery === job.yieldEvery - 1) await new Promise((resolve) => setImmediate(resolve))
    }
    const typedMs = performance.now() - started
    let completeMs = Number.NaN
    try {
      completeMs = await complete
    } catch {
      // Reported as NaN, with how far the watcher got.
    }
    const figures = closeWindow()
    return {
      metrics: {
        keystrokes: patches.length,
        completeMs,
        typedMs,
        keystrokesPerSecond: patches.length / (completeMs / 1000),
        watcherShare: watched.length / expected.length,
        serverCpuMsPer1000: figures.serverCpuMs / (patches.length / 1000),
        serverCpuShare: figures.serverCpuMs / figures.wallMs,
        peakRssMiB: figures.serverPeakRssMiB,
        loadCpuShare: figures.loadCpuShare,
        writerCloses: writer.closes(),
        watcherCloses: watcher.closes(),
      },
    }
  } finally {
    writer.destroy()
    watcher.destroy()
    await sleep(500)
  }
}

/**
 * After the server was stopped (SIGTERM) and started again on the same data: loads the document
 * fresh and compares its text with the trace's final text.
 */
export async function runRestored(job: RestoredJob, server: ServerTarget): Promise<JobResult> {
  const expected = readTrace(job.traceFile).endContent
  const replica = new Y.Doc()
  let lastAt = performance.now()
  const client = await LoadClient.open({
    dialect: dialectOf(server.kind),
    base: server.base,
    doc: job.doc,
    onUpdate: (update) => {
      Y.applyUpdate(replica, update)
      lastAt = performance.now()
    },
  })
  await within(client.synced, 60_000, `sync of ${job.doc}`)
  while (performance.now() - lastAt < 1000) await sleep(200)
  await client.close()
  const restored = replica.getText('text').toString()
  return { metrics: { restoredExact: restored === expected ? 1 : 0, restoredShare: restored.length / expected.length } }
}

/** Resolves once `text` reads exactly `expected`; rejects after `timeoutMs`. */
function waitForText(text: Y.Text, expected: string, timeoutMs: number): Promise<void> {
  const holds = () => text.length === expected.length && text.toString() === expected
  if (holds()) return Promise.resolve()
  const doc = text.doc!
  let check: () => void = () => {}
  const done = new Promise<void>((resolve) => {
    check = () => {
      if (!holds()) return
      doc.off('afterTransaction', check)
      resolve()
    }
    doc.on('afterTransaction', check)
  })
  return within(done, timeoutMs, `the watcher to hold all ${expected.length} characters`).finally(() => doc.off('afterTransaction', check))
}
