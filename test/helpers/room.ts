import * as Y from 'yjs'
import type { Clock } from '../../server/clock.ts'
import { Room, type JoinOptions, type RoomOptions } from '../../server/room.ts'
import type { DocStore } from '../../server/store/docStore.ts'
import { MemoryStore } from '../../server/store/memoryStore.ts'
import { FakePeer, ManualClock, silentLog } from './fakes.ts'

/**
 * A room of document `notes` on a manual clock and a memory store (unless `options` says
 * otherwise), and `join(...names)`, which adds a fake peer per name, with the frames of its
 * handshake already taken, so a test reads like a script: `const [alice, bob] = join('alice', 'bob')`.
 */
export async function openRoom<C extends Clock = ManualClock>(options: Partial<Omit<RoomOptions, 'clock'>> & { clock?: C } = {}) {
  const clock = options.clock ?? (new ManualClock() as Clock as C)
  const store = options.store ?? new MemoryStore()
  const room = await Room.load('notes', { store, log: silentLog, ...options, clock })
  const joinWith = (joinOptions: JoinOptions, ...names: string[]) =>
    names.map((name) => {
      const peer = new FakePeer(name)
      room.join(peer, joinOptions)
      peer.takeFrames()
      return peer
    })
  const join = (...names: string[]) => joinWith({}, ...names)
  return { room, clock, store, join, joinWith }
}

/** `store` (a fresh memory store unless given) with its appends waiting until the test calls `release`. */
export function gatedStore(store = new MemoryStore()) {
  let release!: () => void
  const gate = new Promise<void>((resolve) => (release = resolve))
  const append = store.append.bind(store)
  store.append = async (name, update, change) => {
    await gate
    return append(name, update, change)
  }
  return { store, release }
}

/**
 * A memory store that hands out claims on a document's compaction (`claimCompaction`), leased by
 * `now`'s time, as a store that several relays share does: rooms on it leave a compaction to the
 * one granted the claim.
 */
export function sharedStore(store = new MemoryStore(), now: () => number = Date.now): MemoryStore & Required<Pick<DocStore, 'claimCompaction'>> {
  const leases = new Map<string, number>()
  const compact = store.compact.bind(store)
  return Object.assign(store, {
    async compact(name: string, snapshot: Uint8Array, throughSeq: number) {
      leases.delete(name)
      return compact(name, snapshot, throughSeq)
    },
    async claimCompaction(name: string, leaseMs: number, since?: number) {
      const stored = await store.load(name)
      const mark = stored.snapshot ? { seq: (stored.log[0]?.seq ?? stored.seq + 1) - 1, bytes: stored.snapshot.length } : { seq: 0, bytes: 0 }
      const claimed = (leases.get(name) ?? -Infinity) < now() && (since === undefined || mark.seq <= since)
      if (claimed) leases.set(name, now() + leaseMs)
      return { ...mark, claimed }
    },
  })
}

/** The text (`codemirror`) of a document held as one update. */
export function storedText(update: Uint8Array): string {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, update)
  return doc.getText('codemirror').toString()
}
