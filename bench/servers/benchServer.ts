import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { relayNodeFlags } from '../../server/nodeFlags.ts'
import type { ServerKind } from '../load/dialect.ts'

const projectRoot = fileURLToPath(new URL('../..', import.meta.url))

/** One server under test, running in its own process. */
export interface BenchServer {
  readonly kind: ServerKind
  readonly pid: number
  /** `ws://127.0.0.1:PORT` */
  readonly base: string
  readonly dataDir: string
  /** SIGTERM (a graceful shutdown where the server has one); waits for the exit. */
  stop(): Promise<void>
  /** SIGKILL; waits for the exit. */
  kill(): Promise<void>
  /** Waits for the process to exit (after someone else killed it). */
  exited(): Promise<void>
}

/** Options for {@link startServer}. */
export interface StartServerOptions {
  /** Data directory; a fresh temporary one when absent. */
  dataDir?: string
  /** Extra arguments for our relay (e.g. `--sync full`). */
  oursArgs?: string[]
  /**
   * Directory holding the `server/` and `shared/` our relay runs from (default: this repository);
   * point it at a scratch copy to measure a prototype change.
   */
  oursRoot?: string
  /** Extra Node flags for the server process (e.g. `--cpu-prof`). */
  nodeArgs?: string[]
}

function command(kind: ServerKind, dataDir: string, options: StartServerOptions): { nodeArgs?: string[]; args: string[]; env: NodeJS.ProcessEnv } {
  const base = { ...process.env, HOST: '127.0.0.1', PORT: '0' }
  switch (kind) {
    case 'ours':
      return {
        // Our relay runs with the Node flags `npm start` gives it; the others as their own entry points do.
        nodeArgs: [...relayNodeFlags],
        args: [path.join(options.oursRoot ?? projectRoot, 'server/cli.ts'), '--host', '127.0.0.1', '--port', '0', '--data', dataDir, '--no-build', '--log-level', 'warn', ...(options.oursArgs ?? [])],
        env: base,
      }
    case 'reference':
      return { args: ['bench/servers/referenceMain.ts'], env: { ...base, YPERSISTENCE: dataDir } }
    case 'hocuspocus':
      return { args: ['bench/servers/hocuspocusMain.ts'], env: { ...base, DATA_DIR: dataDir } }
    case 'floor':
      return { args: ['bench/servers/floorMain.ts'], env: base }
    default:
      throw new RangeError(`Unknown server kind ${String(kind satisfies never)}`)
  }
}

/** Starts a server of `kind` on 127.0.0.1 and a free port; resolves once it prints `listening on`. */
export async function startServer(kind: ServerKind, options: StartServerOptions = {}): Promise<BenchServer> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), `mergepad-bench-${kind}-`))
  const { nodeArgs = [], args, env } = command(kind, dataDir, options)
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, ...(options.nodeArgs ?? []), '--import', 'tsx', ...args], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString()
    process.stderr.write(`[${kind}] ${chunk}`)
  })
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on http:\/\/[^\s]+:(\d+)/.exec(output)
      if (match) resolve(Number(match[1]))
    })
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code} before listening:\n${output}`)))
  })
  const exited = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve()
      else child.once('exit', () => resolve())
    })
  const signal = async (name: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name)
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
    await exited()
    clearTimeout(timer)
  }
  return {
    kind,
    pid: child.pid!,
    base: `ws://127.0.0.1:${port}`,
    dataDir,
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
    exited,
  }
}
