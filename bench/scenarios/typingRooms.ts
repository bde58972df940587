import { performance } from 'node:perf_hooks'
import type { JobResult, ServerTarget, TypingJob } from '../jobs.ts'
import { sleep } from '../load/connectAll.ts'
import { startTyping } from '../load/typingLoad.ts'
import { openWindow } from '../load/window.ts'

/**
 * Rooms of people typing at a steady rate (hot room, many rooms, the sweep). Every client types;
 * `observersPerRoom` of them, spread evenly, time what they receive. Reports latency percentiles,
 * the share of expected deliveries seen, and the server's and this process's CPU (and the part of
 * it spent in the kernel) per 1,000 keystrokes over the window.
 */
export async function runTyping(job: TypingJob, server: ServerTarget): Promise<JobResult> {
  const load = await startTyping(job, server, `typing-${Math.random().toString(36).slice(2, 8)}`)
  const { recorder } = load

  await sleep(job.warmupSeconds * 1000)
  recorder.startWindow(performance.now())
  const closeWindow = openWindow(server.pid)
  await sleep(job.seconds * 1000)
  recorder.endWindow(performance.now())
  const figures = closeWindow()
  load.stop()
  await sleep(job.drainSeconds * 1000)
  const latency = recorder.summary()
  await load.close()

  return {
    metrics: {
      p50Ms: latency.p50,
      p99Ms: latency.p99,
      maxMs: latency.max,
      deliveries: latency.count,
      delivered: recorder.expected === 0 ? Number.NaN : recorder.received / recorder.expected,
      keystrokes: recorder.sentInWindow,
      keystrokesPerSecond: recorder.sentInWindow / (figures.wallMs / 1000),
      serverCpuMsPer1000: figures.serverCpuMs / (recorder.sentInWindow / 1000),
      serverKernelCpuMsPer1000: figures.serverKernelCpuMs / (recorder.sentInWindow / 1000),
      loadCpuMsPer1000: figures.loadCpuMs / (recorder.sentInWindow / 1000),
      loadKernelCpuMsPer1000: figures.loadKernelCpuMs / (recorder.sentInWindow / 1000),
      serverCpuShare: figures.serverCpuMs / figures.wallMs,
      peakRssMiB: figures.serverPeakRssMiB,
      loadCpuShare: figures.loadCpuShare,
      loadLoopDelayP99Ms: figures.loadLoopDelayP99Ms,
    },
  }
}
