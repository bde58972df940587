import fs from 'node:fs'
import * as Y from 'yjs'
import type { BigDocJob, JobResult, ServerTarget } from '../jobs.ts'
import { sleep, within } from '../load/connectAll.ts'
import { dialectOf } from '../load/dialect.ts'
import { LoadClient } from '../load/loadClient.ts'
import { openWindow } from '../load/window.ts'
import { quantile } from '../stats/summary.ts'

/** How long the stored document is left alone before the stampede, so every server unloads it. */
const settleMs = 4000
/**
 * How long the measuring window stays open after the last client is synced, so the server's CPU and
 * memory include work it puts off until after its replies (ours fills its replica then).
 */
const afterworkMs = 500

/**
 * Stores the big document (a client holding it syncs it up), lets every client leave so the
 * server unloads it, then opens it from `clients` clients at once. A client counts as synced once
 * a single step 2 or update carrying at least half the document's bytes has arrived; afterwards
 * one client's copy is checked against the original in full.
 */
export async function runBigDoc(job: BigDocJob, server: ServerTarget): Promise<JobResult> {
  const dialect = dialectOf(server.kind)
  const seed = new Uint8Array(fs.readFileSync(job.seedFile))
  const original = new Y.Doc()
  Y.applyUpdate(original, seed)
  const doc = `paper-${Math.random().toString(36).slice(2, 8)}`
  const isWhole = (update: Uint8Array): boolean => update.length >= seed.length / 2

  const uploader = await LoadClient.open({ dialect, base: server.base, doc, replica: original })
  await within(uploader.synced, 30_000, 'uploader sync')
  let probeDone!: () => void
  const probeHasIt = new Promise<void>((resolve) => (probeDone = resolve))
  const probe = await LoadClient.open({ dialect, base: server.base, doc, onUpdate: (update) => isWhole(update) && probeDone() })
  await within(probeHasIt, 60_000, 'upload of the big document')
  await Promise.all([uploader.close(), probe.close()])
  await sleep(settleMs)

  const closeWindow = openWindow(server.pid)
  const firstCopy: Uint8Array[] = []
  const timings: number[] = []
  const clients = await Promise.all(
    Array.from({ length: job.clients }, async (_, index) => {
      let done!: () => void
      const whole = new Promise<void>((resolve) => (done = resolve))
      const client = await LoadClient.open({
        dialect,
        base: server.base,
        doc,
        onUpdate: (update, at) => {
          if (index === 0) firstCopy.push(update)
          if (isWhole(update) && timings[index] === undefined) {
            timings[index] = at - client.startedAt
            done()
          }
        },
      })
      await within(whole, 120_000, `big document at client ${index}`)
      return client
    }),
  )
  await sleep(afterworkMs)
  const figures = closeWindow()
  await Promise.all(clients.map((client) => client.close()))

  const copy = new Y.Doc()
  for (const update of firstCopy) Y.applyUpdate(copy, update)
  if (copy.getText('text').toString() !== original.getText('text').toString()) {
    throw new Error(`${server.kind} served a different big document (${copy.getText('text').length} chars)`)
  }
  const sorted = [...timings].sort((a, b) => a - b)
  return {
    metrics: {
      p50Ms: quantile(sorted, 0.5),
      p99Ms: quantile(sorted, 0.99),
      allSyncedMs: sorted[sorted.length - 1],
      documentBytes: seed.length,
      serverCpuMsPerOpen: figures.serverCpuMs / job.clients,
      peakRssMiB: figures.serverPeakRssMiB,
      loadCpuShare: figures.loadCpuShare,
    },
  }
}
