import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { sampleProcess } from '../stats/processStats.ts'

/** Sampling interval of the event-loop delay monitor; its samples include this interval. */
const loopResolutionMs = 10

/** CPU and time spent by the server and by this load process over one measurement window. */
export interface WindowFigures {
  wallMs: number
  serverCpuMs: number
  /** Of `serverCpuMs`, the server's time in the kernel (mostly its socket sends and receives). */
  serverKernelCpuMs: number
  /** The server's peak RSS so far, in MiB. */
  serverPeakRssMiB: number
  loadCpuMs: number
  /** Of `loadCpuMs`, this process's time in the kernel. */
  loadKernelCpuMs: number
  /** This process's CPU as a share of one core over the window (1 = saturated). */
  loadCpuShare: number
  /** 99th percentile of this process's event-loop delay, in ms: high means timings are late. */
  loadLoopDelayP99Ms: number
}

/** Starts measuring `serverPid` and this process; call the result to stop and read the figures. */
export function openWindow(serverPid: number): () => WindowFigures {
  const server = sampleProcess(serverPid)
  const load = process.cpuUsage()
  const started = performance.now()
  const loop = monitorEventLoopDelay({ resolution: loopResolutionMs })
  loop.enable()
  return () => {
    const wallMs = performance.now() - started
    const serverNow = sampleProcess(serverPid)
    const loadUsed = process.cpuUsage(load)
    loop.disable()
    const loadCpuMs = (loadUsed.user + loadUsed.system) / 1000
    return {
      wallMs,
      serverCpuMs: serverNow.cpuMs - server.cpuMs,
      serverKernelCpuMs: serverNow.kernelCpuMs - server.kernelCpuMs,
      serverPeakRssMiB: serverNow.peakRssBytes / 2 ** 20,
      loadCpuMs,
      loadKernelCpuMs: loadUsed.system / 1000,
      loadCpuShare: loadCpuMs / wallMs,
      loadLoopDelayP99Ms: Math.max(0, loop.percentile(99) / 1e6 - loopResolutionMs),
    }
  }
}
