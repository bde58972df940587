/**
 * Three relays' rooms of one 4 MB document on one Postgres (a throwaway server with fsync on), each
 * with a peer typing in turn, every entry handed to the other two rooms as the bus would; typed past
 * the compaction threshold, then left 5.5 s for relays refused a claim to ask again. Prints, per
 * relay, the compactions it made, the milliseconds they took (encoding and storing the snapshot)
 * and the compactions it left to another relay.
 *
 *   npx tsx bench/micro/sharedCompaction.ts [ROOT]   (ROOT: a tree with server/, default this repository)
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as Y from 'yjs'

const root = path.resolve(process.argv[2] ?? fileURLToPath(new URL('../..', import.meta.url)))
const load = (file: string) => import(path.join(root, file))
const { startPostgres } = await load('test/helpers/postgres.ts')
const { PostgresStore } = await load('server/store/postgresStore.ts')
const { Room } = await load('server/room.ts')
const { systemClock } = await load('server/clock.ts')
const { FakePeer, silentLog } = await load('test/helpers/fakes.ts')

const pg = await startPostgres({ fsync: true })
const url = await pg.newDatabase()
const stores = await Promise.all([1, 2, 3].map(() => PostgresStore.open(url, { max: 4 })))
const doc = new Y.Doc()
const text = doc.getText('codemirror')
let seed = 1
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31)
for (let i = 0; i < 4000; i++) text.insert(Math.floor(rnd() * text.length), 'x'.repeat(1000) + ' ')
const big = Y.encodeStateAsUpdate(doc)
await stores[0].append('doc', big)
await stores[0].compact('doc', big, 1)
const counts = [0, 1, 2].map(() => ({ compactions: 0, ms: 0, skipped: 0 }))
const rooms = await Promise.all(
  [0, 1, 2].map((i) =>
    Room.load('doc', {
      store: stores[i],
      clock: systemClock,
      log: silentLog,
      observer: { compacted: (ms: number) => (counts[i].compactions++, (counts[i].ms += ms)), compactionSkipped: () => counts[i].skipped++ },
    }),
  ),
)
const peers = rooms.map((room, i) => {
  const peer = new FakePeer(`p${i}`)
  room.join(peer)
  peer.takeFrames()
  return peer
})
const keystrokes = 4300
const t0 = performance.now()
for (let k = 0; k < keystrokes; k++) {
  const i = k % 3
  const before = rooms[i].seq
  rooms[i].receive(peers[i], peers[i].type('k'))
  await rooms[i].settled()
  const entries = await stores[i].readSince('doc', before).catch(() => [])
  for (const j of [0, 1, 2]) if (j !== i) for (const { seq, update } of entries) rooms[j].applyDurable(update, seq)
}
const typingMs = performance.now() - t0
await new Promise((resolve) => setTimeout(resolve, 5500))
await Promise.all(rooms.map((room) => room.settled()))
const stored = await stores[0].load('doc')
console.log(`typing ${(typingMs / 1000).toFixed(1)} s`, 'per relay [compactions, ms, left out]:', JSON.stringify(counts.map((c) => [c.compactions, Math.round(c.ms), c.skipped])), `log left ${stored.log.length}, snapshot ${(stored.snapshot!.length / 1e6).toFixed(2)} MB`)
await Promise.all(rooms.map((room) => room.close()))
for (const peer of peers) peer.awareness.destroy()
await Promise.all(stores.map((store) => store.close()))
await pg.remove()
