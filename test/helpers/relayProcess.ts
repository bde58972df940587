import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { relayNodeFlags } from '../../server/nodeFlags.ts'

const projectRoot = fileURLToPath(new URL('../..', import.meta.url))

export interface RelayProcess {
  /** `ws://127.0.0.1:PORT`, for providers. */
  readonly url: string
  /** `http://127.0.0.1:PORT`, for pages. */
  readonly httpUrl: string
  readonly port: number
  readonly dataDir: string
  /** Everything the process printed so far, stdout and stderr. */
  output(): string
  /** SIGTERM, then waits for the exit code. */
  stop(): Promise<number | null>
  /** SIGKILL, then waits for the process to be gone. */
  kill(): Promise<void>
  /** Starts the relay again on the same port and data directory (after stop or kill). */
  restart(): Promise<void>
  /** Freezes the process (SIGSTOP): connections stay open, nothing is answered. */
  pause(): void
  /** Lets a paused process run again (SIGCONT). */
  resume(): void
}

export interface RelayProcessOptions {
  /** Data directory; a fresh temporary one by default. */
  dataDir?: string
  /** Port; 0 (any free one) by default. */
  port?: number
  /** Extra command-line arguments. */
  args?: string[]
}

/**
 * Starts the relay as its own Node process (`server/cli.ts`), exactly as `npm start` does but
 * without building the client, and resolves once it prints `listening on`.
 */
export async function startRelayProcess(options: RelayProcessOptions = {}): Promise<RelayProcess> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mergepad-test-'))
  let port = options.port ?? 0
  let child: ChildProcess
  let output = ''

  const launch = async () => {
    output = ''
    child = spawn(
      process.execPath,
      [...relayNodeFlags, '--import', 'tsx', 'server/cli.ts', '--host', '127.0.0.1', '--port', String(port), '--data', dataDir, '--no-build', '--log-level', 'warn', ...(options.args ?? [])],
      { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    const collect = (chunk: Buffer) => (output += chunk.toString())
    child.stderr!.on('data', collect)
    port = await new Promise<number>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        collect(chunk)
        const match = /listening on http:\/\/[^\s]+:(\d+)/.exec(output)
        if (match) resolve(Number(match[1]))
      })
      child.once('exit', (code) => reject(new Error(`relay exited with ${code} before listening:\n${output}`)))
    })
  }
  const exited = () =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode)
      else child.once('exit', (code) => resolve(code))
    })

  await launch()
  return {
    get url() {
      return `ws://127.0.0.1:${port}`
    },
    get httpUrl() {
      return `http://127.0.0.1:${port}`
    },
    get port() {
      return port
    },
    dataDir,
    output: () => output,
    async stop() {
      child.kill('SIGTERM')
      return exited()
    },
    async kill() {
      child.kill('SIGKILL')
      await exited()
    },
    restart: launch,
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
  }
}
