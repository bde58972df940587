/**
 * Microbenchmark of one room's flush, without sockets: 200 fake peers, of which K each send one
 * keystroke in the same turn; prints the CPU time per turn for K = 1…200. Shows how fan-out cost
 * grows with the number of contributors to one flush.
 *
 *   npx tsx bench/micro/fanOutCost.ts [ROOT]   (ROOT: a tree with server/, default this repository)
 */
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import pino from 'pino'
import * as Y from 'yjs'

const root = path.resolve(process.argv[2] ?? fileURLToPath(new URL('../..', import.meta.url)))
const { Room } = await import(path.join(root, 'server/room.ts'))
const { encodeMessage } = await import(path.join(root, 'shared/index.ts'))
const { MemoryStore } = await import(path.join(root, 'server/store/memoryStore.ts'))

const deferred: (() => void)[] = []
const clock = {
  now: () => performance.now(),
  afterTurn: (fn: () => void) => void deferred.push(fn),
  after: (_ms: number, fn: () => void) => void deferred.push(fn),
  every: () => () => {},
}
let framesSent = 0
const peers = Array.from({ length: 200 }, () => ({ isOpen: () => true, send: () => void framesSent++, close: () => {} }))
const room = await Room.load('room', { store: new MemoryStore(), clock, log: pino({ level: 'silent' }) })
for (const peer of peers) room.join(peer)

/** Each peer's own replica and the keystroke frames it has not sent yet. */
const typists = peers.map(() => {
  const doc = new Y.Doc()
  const frames: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => frames.push(encodeMessage({ type: 'syncUpdate', update })))
  return { text: doc.getText('text'), frames }
})

const turns = 40
for (const contributors of [1, 2, 5, 10, 25, 50, 100, 200]) {
  let total = 0
  framesSent = 0
  for (let turn = 0; turn < turns; turn++) {
    for (let i = 0; i < contributors; i++) typists[i].text.insert(typists[i].text.length, 'x')
    const started = performance.now()
    for (let i = 0; i < contributors; i++) room.receive(peers[i], typists[i].frames.shift()!)
    for (const fn of deferred.splice(0)) fn()
    await room.settled()
    total += performance.now() - started
  }
  const perTurn = total / turns
  console.log(
    `K=${String(contributors).padStart(3)}  ${perTurn.toFixed(2).padStart(7)} ms/turn  ` +
      `${((1000 * perTurn) / contributors).toFixed(0).padStart(5)} µs/update  ${(framesSent / turns).toFixed(0)} frames/turn`,
  )
}

// The room keeps handles (timers of its dependencies) alive; this measurement is over.
process.exit(0)
