import { type ChildProcess, spawn } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import type { FloodJob, JobResult, ServerTarget } from '../jobs.ts'
import { sleep, within } from '../load/connectAll.ts'
import type { LatencyRecorder } from '../load/latencyRecorder.ts'
import { startTyping } from '../load/typingLoad.ts'
import { openWindow, type WindowFigures } from '../load/window.ts'

const projectRoot = fileURLToPath(new URL('../..', import.meta.url))

/** Keystrokes the flooder makes in advance, per second of flood: more than any server here takes. */
const floodFramesPerSecond = 60_000

/**
 * Fairness: the many-rooms load runs throughout; in the middle window one more connection, in a
 * room of its own, floods as fast as its socket takes frames (from a process of its own, see
 * `bench/load/flooderMain.ts`). The windows before and after it are timed together as "quiet",
 * the middle one as "flood", so each run compares the same server, connections and rooms with and
 * without the flood. Also reports whether every flooded keystroke reached the flood room's watcher.
 */
export async function runFlood(job: FloodJob, server: ServerTarget): Promise<JobResult> {
  const runId = Math.random().toString(36).slice(2, 8)
  const flooder = await startFlooder(server, `flood-${runId}`, floodFramesPerSecond * job.seconds)
  const load = await startTyping(job, server, `fair-${runId}`)
  const { recorder } = load
  try {
    await sleep(job.warmupSeconds * 1000)
    const quietBefore = await measureWindow(job, server, recorder, 'quiet')
    let sent = 0
    let takenInWindow = 0
    const flood = await measureWindow(job, server, recorder, 'flood', () => flooder.send('start'), async () => {
      flooder.send('stop')
      ;({ sent, deliveredByStop: takenInWindow } = await flooder.next<{ sent: number; deliveredByStop: number }>())
    })
    // The next quiet window starts only once the flood has drained, so none of it spills over.
    const { delivered, drainMs } = await flooder.next<{ delivered: number; drainMs: number }>()
    const quietAfter = await measureWindow(job, server, recorder, 'quiet')
    load.stop()
    await sleep(job.drainSeconds * 1000)

    const quiet = recorder.summary('quiet')
    const quietShare = (quietBefore.serverCpuMs + quietAfter.serverCpuMs) / (quietBefore.wallMs + quietAfter.wallMs)
    const flooded = recorder.summary('flood')
    const share = (label: string) => {
      const { expected, received } = recorder.tally(label)
      return expected === 0 ? Number.NaN : received / expected
    }
    return {
      metrics: {
        p50QuietMs: quiet.p50,
        p99QuietMs: quiet.p99,
        p50FloodMs: flooded.p50,
        p99FloodMs: flooded.p99,
        floodP99Ratio: flooded.p99 / quiet.p99,
        deliveredQuiet: share('quiet'),
        deliveredFlood: share('flood'),
        floodSent: sent,
        floodDelivered: delivered,
        floodDeliveredShare: sent === 0 ? Number.NaN : delivered / sent,
        floodFramesPerSecond: takenInWindow / (flood.wallMs / 1000),
        floodDrainMs: drainMs,
        serverCpuShareQuiet: quietShare,
        // What each flooded frame cost the server beyond what the other rooms cost it without the flood.
        floodCpuUsPerFrame: ((flood.serverCpuMs - quietShare * flood.wallMs) * 1000) / takenInWindow,
        serverCpuShareFlood: flood.serverCpuMs / flood.wallMs,
        peakRssMiB: quietAfter.serverPeakRssMiB,
        loadCpuShare: flood.loadCpuShare,
        loadLoopDelayP99Ms: flood.loadLoopDelayP99Ms,
      },
    }
  } finally {
    await load.close()
    flooder.kill()
  }
}

/**
 * Times one window of `job.seconds`: keystrokes sent in it count toward `label` on `recorder`, and
 * the server's and this process's CPU are measured over it. Calls `begin` at its start and awaits
 * `end` at its end.
 */
async function measureWindow(job: FloodJob, server: ServerTarget, recorder: LatencyRecorder, label: string, begin = () => {}, end = async () => {}): Promise<WindowFigures> {
  const closeWindow = openWindow(server.pid)
  recorder.startWindow(performance.now(), label)
  begin()
  await sleep(job.seconds * 1000)
  recorder.endWindow(performance.now())
  await end()
  return closeWindow()
}

/** The flooder process, connected and with its frames made: `send` it commands, await its `next` reply. */
async function startFlooder(server: ServerTarget, doc: string, frames: number) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', '--max-semi-space-size=64', 'bench/load/flooderMain.ts'], {
    cwd: projectRoot,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const replies: unknown[] = []
  let wake = () => {}
  child.on('message', (message) => {
    replies.push(message)
    wake()
  })
  child.on('exit', () => wake())
  const next = async <T>(): Promise<T> => {
    while (replies.length === 0) {
      if (child.exitCode !== null) throw new Error(`the flooder exited with ${child.exitCode}`)
      await within(new Promise<void>((resolve) => (wake = resolve)), 360_000, 'the flooder')
    }
    return replies.shift() as T
  }
  child.send({ kind: server.kind, base: server.base, doc, frames })
  await next<{ ready: true }>()
  return { send: (message: string) => child.send(message), next, kill: () => child.kill('SIGKILL') }
}
