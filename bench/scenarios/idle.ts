import type { IdleJob, JobResult, ServerTarget } from '../jobs.ts'
import { connectAll, sleep, within } from '../load/connectAll.ts'
import { dialectOf } from '../load/dialect.ts'
import { LoadClient } from '../load/loadClient.ts'
import { Typist } from '../load/typist.ts'
import { LatencyRecorder } from '../load/latencyRecorder.ts'
import { sampleProcess } from '../stats/processStats.ts'

/** Characters each idle document is given, so it is a loaded document rather than an empty one. */
const charsPerDoc = 100

/**
 * Memory at rest. Phase 1: `peers` idle clients join one document; the RSS growth divided by
 * `peers` is the memory per peer. Phase 2: `docs` more clients each open their own document and
 * type 100 characters into it; the growth per document, less one peer's share, is the memory per
 * loaded document. RSS is read after `settleSeconds` of quiet in each phase.
 */
export async function runIdle(job: IdleJob, server: ServerTarget): Promise<JobResult> {
  const dialect = dialectOf(server.kind)
  const runId = Math.random().toString(36).slice(2, 8)
  const settle = (): Promise<void> => sleep(job.settleSeconds * 1000)
  await settle()
  const base = sampleProcess(server.pid).rssBytes

  const peers = await connectAll(job.peers, 32, () =>
    LoadClient.open({ dialect, base: server.base, doc: `idle-${runId}-shared` }),
  )
  await within(Promise.all(peers.map((peer) => peer.synced)), 60_000, 'idle peers sync')
  await settle()
  const withPeers = sampleProcess(server.pid).rssBytes

  const recorder = new LatencyRecorder()
  const owners = await connectAll(job.docs, 32, async (index) => {
    const typist = new Typist(recorder, 0)
    const client = await LoadClient.open({ dialect, base: server.base, doc: `idle-${runId}-${index}`, replica: typist.replica })
    typist.attach(client)
    await client.synced
    for (let char = 0; char < charsPerDoc; char++) typist.type()
    return client
  })
  await settle()
  const after = sampleProcess(server.pid)
  await Promise.all([...peers, ...owners].map((client) => client.close()))

  const perPeer = (withPeers - base) / job.peers
  const perDoc = (after.rssBytes - withPeers) / job.docs - perPeer
  return {
    metrics: {
      baseRssMiB: base / 2 ** 20,
      kibPerPeer: perPeer / 1024,
      kibPerDoc: perDoc / 1024,
      peakRssMiB: after.peakRssBytes / 2 ** 20,
    },
  }
}
