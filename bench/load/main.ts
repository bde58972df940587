/**
 * Entry of the load process: receives one {@link JobRequest} over IPC, runs it against the server
 * (a separate process), sends back the {@link JobResult} and exits.
 */
import type { Job, JobRequest, JobResult, ServerTarget } from '../jobs.ts'
import { runBigDoc } from '../scenarios/bigDoc.ts'
import { runBulk, runRestored } from '../scenarios/bulk.ts'
import { runCluster } from '../scenarios/cluster.ts'
import { runClusterKill } from '../scenarios/clusterKill.ts'
import { runDurability, runVerify } from '../scenarios/durability.ts'
import { runFlood } from '../scenarios/flood.ts'
import { runIdle } from '../scenarios/idle.ts'
import { runJoinCrowd } from '../scenarios/joinCrowd.ts'
import { runJoinStorm } from '../scenarios/joinStorm.ts'
import { runStorage } from '../scenarios/storage.ts'
import { runTyping } from '../scenarios/typingRooms.ts'
import { runVisits } from '../scenarios/visits.ts'

function run(job: Job, server: ServerTarget): Promise<JobResult> {
  switch (job.scenario) {
    case 'typing':
      return runTyping(job, server)
    case 'durability':
      return runDurability(job, server)
    case 'verify':
      return runVerify(job, server)
    case 'big-doc':
      return runBigDoc(job, server)
    case 'idle':
      return runIdle(job, server)
    case 'storage':
      return runStorage(job, server)
    case 'flood':
      return runFlood(job, server)
    case 'bulk':
      return runBulk(job, server)
    case 'restored':
      return runRestored(job, server)
    case 'cluster':
      return runCluster(job)
    case 'cluster-kill':
      return runClusterKill(job)
    case 'join-storm':
      return runJoinStorm(job, server)
    case 'join-crowd':
      return runJoinCrowd(job, server)
    case 'visits':
      return runVisits(job, server)
    default:
      throw new RangeError(`Unknown job ${JSON.stringify(job satisfies never)}`)
  }
}

process.once('message', (request: JobRequest) => {
  run(request.job, request.server).then(
    (result) => process.send!({ ok: true, result }, () => process.exit(0)),
    (error: Error) => process.send!({ ok: false, error: error.stack ?? String(error) }, () => process.exit(1)),
  )
})
