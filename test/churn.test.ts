import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import v8 from 'node:v8'
import vm from 'node:vm'
import { describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { peekMessageKind } from '../shared/index.ts'
import { startRelay } from '../server/relay.ts'
import { SqliteStore } from '../server/store/sqliteStore.ts'
import { FakePeer } from './helpers/fakes.ts'
import { waitFor } from './helpers/wait.ts'

const cycles = 10_000
const documents = 1_000
const concurrency = 25

v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc') as () => void

function activeTimeouts(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
}

function heapUsed(): number {
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

/** One visit: connect, sync, type a character, wait until the relay has stored it, leave. */
function visit(url: string, writer: FakePeer): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url}?ack=1`)
    ws.on('open', () => ws.send(writer.type('.')))
    ws.on('message', (data: Buffer) => {
      if (peekMessageKind(data) === 'durableAck') ws.close()
    })
    ws.on('close', () => resolve())
    ws.on('error', reject)
  })
}

describe('memory under churn', () => {
  it(`${cycles} connect/disconnect cycles over ${documents} documents leave no rooms, sockets or heap behind`, async () => {
    const store = await SqliteStore.open(fs.mkdtempSync(path.join(os.tmpdir(), 'mergepad-churn-')))
    const relay = await startRelay({ host: '127.0.0.1', port: 0, store })
    const writers = Array.from({ length: documents }, (_, i) => new FakePeer(`w${i}`))
    for (const writer of writers) writer.awareness.destroy()

    // Warm up every code path once so that what stays loaded afterwards is not counted as a leak.
    for (let i = 0; i < 50; i++) await visit(`${relay.url}/churn-${i}`, writers[i])
    await waitFor(() => relay.registry.size === 0, 'warm-up rooms to unload')
    const before = heapUsed()
    const timersBefore = activeTimeouts()

    let next = 0
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < cycles) {
          const i = next++ % documents
          await visit(`${relay.url}/churn-${i}`, writers[i])
        }
      }),
    )
    await waitFor(() => relay.registry.size === 0, 'every room to unload', 30_000)
    const after = heapUsed()
    // A socket closed a moment ago may still hold ws's close timer; a leaked timer never goes.
    await waitFor(() => activeTimeouts() <= timersBefore, 'close timers to clear', 5_000).catch(() => {})
    const timersAfter = activeTimeouts()
    const health = await (await fetch(relay.url.replace('ws:', 'http:') + '/healthz')).json()
    console.log(
      `memory under churn: heap ${(before / 2 ** 20).toFixed(1)} MiB before, ${(after / 2 ** 20).toFixed(1)} MiB after ${cycles} cycles; timers ${timersBefore} -> ${timersAfter}`,
    )
    await relay.close()

    expect(health).toEqual({ status: 'ok', rooms: 0, connections: 0 })
    expect(timersAfter).toBeLessThanOrEqual(timersBefore)
    expect(after - before).toBeLessThan(8 * 2 ** 20)
    const check = await SqliteStore.open(path.dirname(store.file))
    const stored = await check.load('churn-7')
    await check.close()
    expect(stored.log.length + (stored.snapshot ? 1 : 0)).toBeGreaterThan(0)
  }, 300_000)
})
