/**
 * Entry of the flooder process, which the flood scenario starts beside the load process so that
 * making and sending its frames costs the load process nothing. Protocol over IPC:
 *
 * 1. parent → `{ kind, base, doc, frames }`; the flooder connects a sending socket and a watching
 *    one to `doc`, makes `frames` one-keystroke updates of one client in advance, and answers
 *    `{ ready: true }`.
 * 2. parent → `'start'`: sends them as fast as the server takes them, keeping `inFlight` frames
 *    sent but not yet seen by the watcher (so the server always has a backlog to read, and the
 *    backlog drains in bounded time), until `'stop'` or until all are sent; then answers
 *    `{ sent, deliveredByStop }`.
 * 3. It then waits until the watching socket has received every keystroke sent (at most 5 min),
 *    answers `{ delivered, drainMs }` and exits.
 */
import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import { within } from './connectAll.ts'
import { dialectOf, type ServerKind } from './dialect.ts'
import { LoadClient } from './loadClient.ts'

interface FloodRequest {
  kind: ServerKind
  base: string
  doc: string
  frames: number
}

const batch = 500
/**
 * Keystrokes per source replica. Appends by one client merge into one ever longer item, and past
 * about 100,000 each append copies it (generation turned quadratic), so a fresh client takes over
 * after this many.
 */
const perSource = 50_000
/** Frames sent ahead of what the watcher has seen: about 0.5 MB of backlog in the server's socket. */
const inFlight = 20_000

process.once('message', async ({ kind, base, doc, frames }: FloodRequest) => {
  const dialect = dialectOf(kind)
  const sources = Array.from({ length: Math.ceil(frames / perSource) }, () => new Y.Doc())
  const seen = new Map(sources.map((source) => [source.clientID, 0]))
  let delivered = 0
  let onDelivered = () => {}
  const watcher = await LoadClient.open({
    dialect,
    base,
    doc,
    onUpdate: (update) => {
      for (const [client, clock] of Y.parseUpdateMeta(update).to) {
        const before = seen.get(client)
        if (before === undefined || clock <= before) continue
        seen.set(client, clock)
        delivered += clock - before
      }
      onDelivered()
    },
  })
  // No replica: the server's sync step 1 is answered with nothing, so every keystroke travels as its own frame.
  const flooder = await LoadClient.open({ dialect, base, doc })
  await within(Promise.all([watcher.synced, flooder.synced]), 60_000, 'flooder sync')

  const updates: Uint8Array[] = []
  for (const [index, source] of sources.entries()) {
    source.on('update', (update: Uint8Array) => updates.push(dialect.update(doc, update)))
    const text = source.getText('text')
    for (let i = 0; i < Math.min(perSource, frames - index * perSource); i++) text.insert(i, 'f')
  }
  process.send!({ ready: true })

  let stopped = false
  let wake = () => {}
  onDelivered = () => wake()
  process.on('message', (message) => {
    if (message !== 'stop') return
    stopped = true
    wake()
  })
  await new Promise<void>((resolve) => process.once('message', (message) => message === 'start' && resolve()))
  let sent = 0
  while (!stopped && sent < updates.length) {
    if (sent - delivered >= inFlight) {
      await new Promise<void>((resolve) => (wake = resolve))
      continue
    }
    const end = Math.min(updates.length, sent + batch)
    for (; sent < end; sent++) flooder.sendFrame(updates[sent])
    // Let the socket write and the watcher read between batches.
    await new Promise((resolve) => setImmediate(resolve))
  }
  while (!stopped) await new Promise<void>((resolve) => (wake = resolve))
  process.send!({ sent, deliveredByStop: delivered })

  const drainStarted = performance.now()
  await within(
    new Promise<void>((resolve) => {
      onDelivered = () => delivered >= sent && resolve()
      onDelivered()
    }),
    300_000,
    'every flooded keystroke to reach the watcher',
  ).catch(() => {})
  process.send!({ delivered, drainMs: performance.now() - drainStarted }, () => process.exit(0))
})
