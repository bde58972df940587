import fs from 'node:fs'
import * as Y from 'yjs'
import type { IdleJob, JobResult, ServerTarget } from '../jobs.ts'
import { connectAll, sleep, within } from '../load/connectAll.ts'
import { dialectOf } from '../load/dialect.ts'
import { LoadClient } from '../load/loadClient.ts'
import { Typist } from '../load/typist.ts'
import { LatencyRecorder } from '../load/latencyRecorder.ts'
import { collectGarbage } from '../stats/collectGarbage.ts'
import { type ProcessSample, sampleProcess } from '../stats/processStats.ts'
import { replicaHeapBytes } from '../stats/replicaSize.ts'

/** Characters each idle document is given, so it is a loaded document rather than an empty one. */
const charsPerDoc = 100

/**
 * Memory at rest. Phase 1: `peers` idle clients join one document; the RSS growth divided by
 * `peers` is the memory per peer. Phase 2: `docs` more clients each open their own document and
 * type 100 characters into it; the growth per document, less one peer's share, is the memory per
 * loaded document, reported beside the size of its Yjs update and of its Yjs replica in a Node heap.
 * Phase 3 (with `bigDocFile`): `bigDocs` clients each upload that document under a name of its own
 * and stay; the growth per document, less one peer's share, is the memory per loaded large document.
 * RSS is read after `settleSeconds` of quiet in each phase, and after a full garbage collection in
 * the server when it has an inspector (`ServerTarget.inspector`): without one, what a phase reads
 * depends on whether the server's collector happened to run just before.
 */
export async function runIdle(job: IdleJob, server: ServerTarget): Promise<JobResult> {
  const dialect = dialectOf(server.kind)
  const runId = Math.random().toString(36).slice(2, 8)
  const settle = (): Promise<void> => sleep(job.settleSeconds * 1000)
  const read = async (): Promise<ProcessSample> => {
    if (server.inspector) await collectGarbage(server.inspector)
    return sampleProcess(server.pid)
  }
  await settle()
  const base = (await read()).rssBytes

  const peers = await connectAll(job.peers, 32, () =>
    LoadClient.open({ dialect, base: server.base, doc: `idle-${runId}-shared` }),
  )
  await within(Promise.all(peers.map((peer) => peer.synced)), 60_000, 'idle peers sync')
  await settle()
  const withPeers = (await read()).rssBytes

  const recorder = new LatencyRecorder()
  let docUpdate: Uint8Array = new Uint8Array()
  const owners = await connectAll(job.docs, 32, async (index) => {
    const typist = new Typist(recorder, 0)
    const client = await LoadClient.open({ dialect, base: server.base, doc: `idle-${runId}-${index}`, replica: typist.replica })
    typist.attach(client)
    await client.synced
    for (let char = 0; char < charsPerDoc; char++) typist.type()
    if (index === 0) docUpdate = Y.encodeStateAsUpdate(typist.replica)
    return client
  })
  await settle()
  const after = await read()

  const bigDoc = job.bigDocFile ? new Uint8Array(fs.readFileSync(job.bigDocFile)) : null
  const holders = await connectAll(bigDoc ? (job.bigDocs ?? 0) : 0, 1, async (index) => {
    const client = await LoadClient.open({ dialect, base: server.base, doc: `idle-${runId}-big-${index}`, seed: bigDoc! })
    await within(client.synced, 120_000, 'large document upload')
    return client
  })
  if (holders.length > 0) await settle()
  const withBigDocs = await read()
  await Promise.all([...peers, ...owners, ...holders].map((client) => client.close()))

  const perPeer = (withPeers - base) / job.peers
  const perDoc = (after.rssBytes - withPeers) / job.docs - perPeer
  const perBigDoc = holders.length > 0 ? (withBigDocs.rssBytes - after.rssBytes) / holders.length - perPeer : Number.NaN
  return {
    metrics: {
      baseRssMiB: base / 2 ** 20,
      kibPerPeer: perPeer / 1024,
      kibPerDoc: perDoc / 1024,
      docUpdateKiB: docUpdate.length / 1024,
      docReplicaKiB: replicaHeapBytes(docUpdate, 500) / 1024,
      kibPerBigDoc: perBigDoc / 1024,
      bigDocUpdateKiB: bigDoc ? bigDoc.length / 1024 : Number.NaN,
      bigDocReplicaKiB: bigDoc ? replicaHeapBytes(bigDoc, 4) / 1024 : Number.NaN,
      peakRssMiB: withBigDocs.peakRssBytes / 2 ** 20,
    },
  }
}
