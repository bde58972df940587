/**
 * `npm run dev`: the relay on port 1234 and Vite's dev server (hot reload) on 5173, whose pages
 * talk to that relay through `VITE_RELAY_URL`. Both run as child processes; stopping this script,
 * or either child exiting, stops both.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { relayCommand, relayNodeFlags } from './nodeFlags.ts'

const projectRoot = fileURLToPath(new URL('..', import.meta.url))
const relayPort = Number(process.env.RELAY_PORT ?? 1234)
const vitePort = Number(process.env.VITE_PORT ?? 5173)

const children: ChildProcess[] = [
  spawn(...relayCommand([...relayNodeFlags, '--import', 'tsx', 'server/cli.ts', '--port', String(relayPort), '--no-build']), { cwd: projectRoot, stdio: 'inherit' }),
  spawn(process.execPath, ['node_modules/vite/bin/vite.js', '--port', String(vitePort), '--strictPort'], {
    cwd: projectRoot,
    stdio: 'inherit',
    env: { ...process.env, VITE_RELAY_URL: `ws://localhost:${relayPort}` },
  }),
]

let stopping = false
function stopAll(code: number): void {
  if (stopping) return
  stopping = true
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
  setTimeout(() => process.exit(code), 500).unref()
}

for (const child of children) child.on('exit', (code) => stopAll(code ?? 1))
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stopAll(0))
console.log(`dev: editor with hot reload on http://localhost:${vitePort}, relay on ws://localhost:${relayPort}`)
