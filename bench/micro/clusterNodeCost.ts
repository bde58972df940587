/**
 * What three relays of a cluster spend on a keystroke of their own, without sockets or other
 * processes: three relays in this process on one memory store and one in-memory bus
 * (`test/helpers/memoryBus.ts`), the cluster scenario's many rooms (60 documents × 4 people,
 * person j of room r on relay (r + j) mod 3), every person typing one keystroke per round. Prints
 * the CPU time of this process per keystroke, for all three relays together: receiving it,
 * storing it, publishing it, and on the other relays applying and relaying it. Run it with
 * `node --cpu-prof` to see where that time goes, free of the system calls a real node's
 * profile is made of.
 *
 *   npx tsx bench/micro/clusterNodeCost.ts [ROOT]   (ROOT: a tree with server/, default this repository)
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as Y from 'yjs'

const root = path.resolve(process.argv[2] ?? fileURLToPath(new URL('../..', import.meta.url)))
const load = (file: string) => import(path.join(root, file))
const { startRelay } = await load('server/relay.ts')
const { MemoryStore } = await load('server/store/memoryStore.ts')
const { MemoryBus } = await load('test/helpers/memoryBus.ts')
const { encodeMessage } = await load('shared/index.ts')

const rooms = 60
const peoplePerRoom = 4
const rounds = 400

const store = new MemoryStore()
// The relays close the store they are given: each gets a view whose close does nothing.
const shared = Object.assign(Object.create(store), { close: async () => {} })
const bus = new MemoryBus()
const relays = await Promise.all([0, 1, 2].map(() => startRelay({ host: '127.0.0.1', port: 0, store: shared, cluster: { pubSub: bus.connect() } })))

let delivered = 0
const socket = () => ({
  isOpen: () => true,
  send: (_frame: Uint8Array, written?: () => void) => {
    delivered++
    written?.()
  },
  close: () => {},
})
const people = await Promise.all(
  Array.from({ length: rooms * peoplePerRoom }, async (_, index) => {
    const room = Math.floor(index / peoplePerRoom)
    const relay = relays[(room + (index % peoplePerRoom)) % relays.length]
    const peer = socket()
    const joined = await relay.registry.join(`doc-${room}`, peer, { author: `person ${index}` })
    const doc = new Y.Doc()
    const frames: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => frames.push(encodeMessage({ type: 'syncUpdate', update })))
    return { joined, peer, text: doc.getText('codemirror'), frames }
  }),
)

const turn = () => new Promise<void>((resolve) => setImmediate(resolve))
async function type(count: number): Promise<void> {
  for (let round = 0; round < count; round++) {
    for (const person of people) {
      person.text.insert(person.text.length, 'x')
      person.joined.receive(person.peer, person.frames.shift()!)
      // A few keystrokes a turn, as on a busy relay.
      if (Math.random() < 0.25) await turn()
    }
    for (let i = 0; i < 5; i++) await turn()
  }
}

await type(50)
const before = process.cpuUsage()
const deliveredBefore = delivered
await type(rounds)
for (let i = 0; i < 20; i++) await turn()
const used = process.cpuUsage(before)
const keystrokes = rounds * people.length
console.log(
  `${keystrokes} keystrokes: ${((used.user + used.system) / keystrokes).toFixed(1)} µs of CPU each for the three relays ` +
    `(user ${(used.user / keystrokes).toFixed(1)}), ${((delivered - deliveredBefore) / keystrokes).toFixed(2)} frames sent per keystroke`,
)
await Promise.all(relays.map((relay) => relay.close()))
process.exit(0)
