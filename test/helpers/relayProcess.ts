import { fileURLToPath } from 'node:url'
import { relayCommand, relayNodeFlags } from '../../server/nodeFlags.ts'
import { launch as launchService, type Service, temporaryDir } from './serviceProcess.ts'

const projectRoot = fileURLToPath(new URL('../..', import.meta.url))

/** What a relay (ours, or a server the benchmarks compare it with) prints once it accepts connections. */
export const listeningLine = /listening on http:\/\/\S+:(\d+)/

export interface RelayProcess {
  /** `ws://127.0.0.1:PORT`, for providers. */
  readonly url: string
  /** `http://127.0.0.1:PORT`, for pages. */
  readonly httpUrl: string
  readonly port: number
  readonly dataDir: string
  /** Everything the process printed so far, stdout and stderr. */
  output(): string
  /** `running`, or how the process ended (`exited with code 1`, `killed by SIGKILL`), for failure reports. */
  state(): string
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
  /** Data directory; by default a fresh temporary one, removed when this process exits. */
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
  const dataDir = options.dataDir ?? temporaryDir('mergepad-test-')
  let port = options.port ?? 0
  let service: Service

  const launch = async () => {
    service = await launchService(
      ...relayCommand([...relayNodeFlags, '--import', 'tsx', 'server/cli.ts', '--host', '127.0.0.1', '--port', String(port), '--data', dataDir, '--no-build', '--log-level', 'warn', ...(options.args ?? [])]),
      // A loaded machine can take long to start Node with tsx; the relay itself starts in milliseconds.
      { cwd: projectRoot, ready: listeningLine, timeoutMs: 120_000 },
    )
    port = Number(listeningLine.exec(service.output())![1])
  }
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
    output: () => service.output(),
    state: () => {
      const { exitCode, signalCode } = service.child
      return signalCode ? `killed by ${signalCode}` : exitCode !== null ? `exited with code ${exitCode}` : 'running'
    },
    async stop() {
      await service.stop('SIGTERM')
      return service.exited()
    },
    kill: () => service.stop('SIGKILL'),
    restart: launch,
    pause: () => void service.child.kill('SIGSTOP'),
    resume: () => void service.child.kill('SIGCONT'),
  }
}
