import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { cpuProfileFlags } from '../cpuProfileFlags.ts'
import type { Job, JobResult, ServerTarget } from '../jobs.ts'

const projectRoot = fileURLToPath(new URL('../..', import.meta.url))

/**
 * The load process reads up to 80,000 frames a second. With V8's default young generation its
 * scavenges paused it several times a second, and every server's p99 paid for those pauses alike;
 * a 64 MiB young generation cut the floor's many-rooms p99 from 5.6–8.6 ms to 3.4–4.4 ms.
 */
const loadNodeFlags = ['--max-old-space-size=4096', '--max-semi-space-size=64']

/** What a load process sends its parent: the job's result or error, or word that its load began. */
type LoadMessage = { ok: true; result: JobResult } | { ok: false; error: string } | { started: true } | { over: true }

/**
 * Runs `job` in a fresh load process (`bench/load/main.ts`), apart from both the server and this
 * orchestrator, and resolves with its result. Rejects if the job fails or outlives `timeoutMs`.
 * `onStarted` is called when the job says its load begins (see {@link announceStart}), `onOver`
 * when it says its load is over and only its own checks remain (see {@link announceOver}).
 */
export function runInLoadProcess(
  job: Job,
  server: ServerTarget,
  timeoutMs: number,
  onStarted?: () => void,
  onOver?: () => void,
): Promise<JobResult> {
  return spawnLoadProcess(job, server, timeoutMs, onStarted, onOver).result
}

/** A load process started by {@link spawnLoadProcess}. */
export interface LoadProcess {
  /** The job's result; rejects if the job fails or outlives its time. */
  readonly result: Promise<JobResult>
  /** Tells the job when to open its measurement window (see {@link awaitWindow}). */
  openWindowAt(epochMs: number): void
}

/** {@link runInLoadProcess}, keeping a way to tell the job when to measure. */
export function spawnLoadProcess(
  job: Job,
  server: ServerTarget,
  timeoutMs: number,
  onStarted?: () => void,
  onOver?: () => void,
): LoadProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', ...loadNodeFlags, ...cpuProfileFlags(), 'bench/load/main.ts'], {
    cwd: projectRoot,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const result = new Promise<JobResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${job.scenario} job against ${server.kind} timed out after ${timeoutMs} ms`))
    }, timeoutMs)
    child.on('message', (reply: LoadMessage) => {
      if ('started' in reply) return onStarted?.()
      if ('over' in reply) return onOver?.()
      clearTimeout(timer)
      if (reply.ok) resolve(reply.result)
      else reject(new Error(`${job.scenario} job against ${server.kind} failed:\n${reply.error}`))
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`load process exited with ${code} before replying`))
    })
  })
  child.send({ job, server })
  return {
    result,
    openWindowAt: (epochMs) => child.send({ windowAt: epochMs } satisfies WindowMessage),
  }
}

/** What a load process's parent may send it once the job runs: when to open the measurement window. */
interface WindowMessage {
  windowAt: number
}

/** Resolves with the time (`Date.now()`) at which the parent said to open the measurement window. */
export function awaitWindow(): Promise<number> {
  return new Promise((resolve) => {
    const listen = (message: WindowMessage | object) => {
      if (!('windowAt' in message)) return
      process.off('message', listen)
      resolve(message.windowAt)
    }
    process.on('message', listen)
  })
}

/** Tells the process that started this load process that the job's load begins now. */
export function announceStart(): void {
  process.send?.({ started: true } satisfies LoadMessage)
}

/** Tells the process that started this load process that the job's load is over: what follows are its own checks. */
export function announceOver(): void {
  process.send?.({ over: true } satisfies LoadMessage)
}
