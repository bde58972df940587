import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { relayCommand, relayNodeFlags } from '../../server/nodeFlags.ts'
import { inspectorLine } from '../stats/collectGarbage.ts'
import { listeningLine } from '../../test/helpers/relayProcess.ts'
import { launch } from '../../test/helpers/serviceProcess.ts'
import type { ServerTarget } from '../jobs.ts'
import type { ServerKind } from '../load/dialect.ts'

const projectRoot = fileURLToPath(new URL('../..', import.meta.url))

/** One server under test, running in its own process. */
export interface BenchServer {
  readonly kind: ServerKind
  readonly pid: number
  /** `ws://127.0.0.1:PORT` */
  readonly base: string
  readonly dataDir: string
  /** The server's inspector (`ws://…`), when started with {@link StartServerOptions.inspect}. */
  readonly inspector?: string
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
  /** Opens the process's inspector on a free port, so that a benchmark can collect its garbage. */
  inspect?: boolean
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
  const inspect = options.inspect ? ['--inspect=127.0.0.1:0'] : []
  const node = [...nodeArgs, ...inspect, ...(options.nodeArgs ?? []), '--import', 'tsx', ...args]
  // Our relay starts through the launcher `npm start` uses (jemalloc where installed).
  const [file, fileArgs] = kind === 'ours' ? relayCommand(node) : [process.execPath, node]
  const service = await launch(file, fileArgs, {
    cwd: projectRoot,
    env,
    ready: listeningLine,
    timeoutMs: 120_000,
    onOutput: (chunk, stream) => stream === 'stderr' && !/Debugger (listening|attached)|For help, see/.test(chunk) && process.stderr.write(`[${kind}] ${chunk}`),
  })
  const port = Number(listeningLine.exec(service.output())![1])
  const signal = async (name: NodeJS.Signals): Promise<void> => {
    // A server that ignores SIGTERM for 15 s is killed, so a run never hangs on it.
    const timer = setTimeout(() => service.child.kill('SIGKILL'), 15_000)
    await service.stop(name)
    clearTimeout(timer)
  }
  return {
    kind,
    pid: service.child.pid!,
    base: `ws://127.0.0.1:${port}`,
    dataDir,
    inspector: inspectorLine.exec(service.output())?.[1],
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
    exited: async () => void (await service.exited()),
  }
}

/** What a load process is told of `server`: how to reach it, and its process for CPU and memory. */
export function serverTarget(server: BenchServer): ServerTarget {
  return { kind: server.kind, base: server.base, pid: server.pid, inspector: server.inspector }
}
