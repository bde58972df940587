import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

/** Processes started here and still running, and temporary directories not yet removed. */
const running = new Set<ChildProcess>()
const directories = new Set<string>()

// A test process that ends without its teardown (a crash, an uncaught error) leaves no server
// running and no directory behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL')
  for (const dir of directories) fs.rmSync(dir, { recursive: true, force: true })
})

/** A port on 127.0.0.1 that was free a moment ago (another process may still take it first). */
export async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Marks `dir` for removal when the test process exits, in case its owner never removes it. */
export function removeAtExit(dir: string): void {
  directories.add(dir)
}

/** A new temporary directory whose name begins `prefix`, removed when the test process exits if not before. */
export function temporaryDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  removeAtExit(dir)
  return dir
}

/** Removes `dir` now (and forgets it). */
export function removeNow(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true })
  directories.delete(dir)
}

/** A server process started by {@link launch}. */
export interface Service {
  readonly child: ChildProcess
  /** Everything it printed so far, stdout and stderr (the last 64 KiB). */
  output(): string
  /** Sends `signal` and resolves once the process has exited. Resolves at once if it already has. */
  stop(signal: NodeJS.Signals): Promise<void>
  /** Resolves with the exit code (null after a signal) once the process has exited. */
  exited(): Promise<number | null>
}

export interface LaunchOptions {
  /** Run as this user and group (for programs that refuse to run as root). */
  uid?: number
  gid?: number
  /** A line the program prints once it accepts connections. */
  ready: RegExp
  /** How long to wait for `ready` (default 30 s). */
  timeoutMs?: number
  /** Working directory and environment (default: this process's). */
  cwd?: string
  env?: NodeJS.ProcessEnv
  /** Also called with everything the program prints, as it prints it, and where it printed it. */
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void
}

/**
 * Starts `command` and resolves once it prints `options.ready`; rejects with everything it printed
 * if it exits or times out first. The process is SIGKILLed if the test process exits without
 * stopping it.
 */
export async function launch(command: string, args: string[], options: LaunchOptions): Promise<Service> {
  const child = spawn(command, args, { uid: options.uid, gid: options.gid, cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] })
  running.add(child)
  let output = ''
  const gone = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      running.delete(child)
      resolve(code)
    })
  })
  const service: Service = {
    child,
    output: () => output,
    async stop(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      await gone
    },
    exited: () => gone,
  }
  const timeoutMs = options.timeoutMs ?? 30_000
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not start within ${timeoutMs} ms`), timeoutMs)
    const fail = (why: string) => {
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(new Error(`${command} ${why}:\n${output}`))
    }
    const collect = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      options.onOutput?.(chunk.toString(), stream)
      output = (output + chunk.toString()).slice(-65536)
      if (options.ready.test(output)) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout!.on('data', collect('stdout'))
    child.stderr!.on('data', collect('stderr'))
    child.once('error', (error) => fail(`could not be started (${error.message})`))
    child.once('exit', (code, signal) => fail(`exited (${signal ?? code}) before it was ready`))
  })
  return service
}

/** What every throwaway server of a test's own offers (see {@link startOnFreePort}). */
export interface ThrowawayService {
  readonly url: string
  readonly port: number
  /** Its temporary directory. */
  readonly dir: string
  /** Stops it the clean way, with the signal it was given; its data stays. */
  stop(): Promise<void>
  /** Starts it again on the same port and data, after {@link stop}. */
  start(): Promise<void>
  /** Stops it and deletes its directory. Idempotent. */
  remove(): Promise<void>
  /** What the server logged since it last started. */
  output(): string
  /** The server's process id now (it changes when it is started again), for CPU figures. */
  readonly pid: number
  /** The server's process as last started (exited once stopped or killed). */
  readonly service: Service | null
}

export interface FreePortOptions {
  /** Its temporary directory, removed if the server cannot be started. */
  dir: string
  /** The URL of the server listening on `port`. */
  url(port: number): string
  /** Starts the server on `port`; called again on each {@link ThrowawayService.start}. */
  launch(port: number): Promise<Service>
  /** Matches a failed start's error when the port was taken: then another free port is tried. */
  portTaken: RegExp
  /** The signal of a clean stop. */
  stopSignal: NodeJS.Signals
}

/**
 * Starts a server on a free port of 127.0.0.1. Another process may take the port between
 * {@link freePort} and the server's bind: then another port is tried, three times at most. On any
 * other failure the directory is removed and the error thrown.
 */
export async function startOnFreePort(options: FreePortOptions): Promise<ThrowawayService> {
  let port = 0
  let service: Service | null = null
  const start = async () => {
    service = await options.launch(port)
  }
  for (let attempt = 1; ; attempt++) {
    port = await freePort()
    try {
      await start()
      break
    } catch (error) {
      if (attempt === 3 || !options.portTaken.test(String(error))) {
        removeNow(options.dir)
        throw error
      }
    }
  }
  return {
    url: options.url(port),
    port,
    dir: options.dir,
    stop: async () => service?.stop(options.stopSignal),
    start,
    async remove() {
      await service?.stop(options.stopSignal)
      removeNow(options.dir)
    },
    output: () => service?.output() ?? '',
    get pid() {
      return service?.child.pid ?? 0
    },
    get service() {
      return service
    },
  }
}
