import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { relayCommand } from './nodeFlags.ts'

const projectRoot = fileURLToPath(new URL('..', import.meta.url))
const installed = /\blibjemalloc\.so\.2 /.test(execFileSync('/sbin/ldconfig', ['-p'], { encoding: 'utf8' }))

/** Runs a Node script through the relay's launcher; returns what it printed as JSON. */
function launched(script: string, env: NodeJS.ProcessEnv = {}): { parentPid: number; jemalloc: boolean; conf?: string } {
  const [file, args] = relayCommand(['-e', script])
  return JSON.parse(execFileSync(file, args, { cwd: projectRoot, env: { ...process.env, ...env }, encoding: 'utf8' }))
}

const report = `console.log(JSON.stringify({
  parentPid: process.ppid,
  conf: process.env.MALLOC_CONF,
  jemalloc: require('node:fs').readFileSync('/proc/self/maps', 'utf8').includes('libjemalloc'),
}))`

describe('the relay launcher (server/withJemalloc.sh)', () => {
  it.runIf(installed)('runs the relay on jemalloc where it is installed, with its purging thread', () => {
    const relay = launched(report)
    expect(relay.jemalloc).toBe(true)
    expect(relay.conf).toBe('background_thread:true')
  })

  it.runIf(installed)('leaves a MALLOC_CONF the operator set alone', () => {
    expect(launched(report, { MALLOC_CONF: 'narenas:2' }).conf).toBe('narenas:2')
  })

  it('keeps the system allocator with MERGEPAD_MALLOC=system', () => {
    expect(launched(report, { MERGEPAD_MALLOC: 'system' }).jemalloc).toBe(false)
  })

  it('becomes the relay, so the process id a caller signals is the relay’s own', () => {
    // The shell execs Node: Node's parent is this test's process, not a shell left waiting.
    expect(launched(report).parentPid).toBe(process.pid)
  })
})
