import { describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { ManualClock, silentLog } from '../../test/helpers/fakes.ts'
import type { Room } from '../room.ts'
import { MemoryStore } from '../store/memoryStore.ts'
import { HistoryCache } from './historyCache.ts'
import { historyWarmer, maxUnasked, recheckMs, warmAfterMs } from './historyWarmer.ts'
import { versionsKey } from './plainBundle.ts'

/** A memory store that lists the documents whose history it was asked to load, in order. */
class CountingStore extends MemoryStore {
  readonly loads: string[] = []
  override async load(name: string) {
    this.loads.push(name)
    return super.load(name)
  }
}

/** Stores `changes` one-character changes in `name`. */
async function typeInto(store: MemoryStore, name: string, changes: number): Promise<void> {
  const doc = new Y.Doc()
  doc.on('update', (update: Uint8Array) => void store.append(name, update))
  for (let i = 0; i < changes; i++) doc.getText('codemirror').insert(i, 'x')
  await Promise.resolve()
}

const room = (name: string, seq: number) => ({ name, seq }) as Room

async function setUp() {
  const store = new CountingStore()
  await typeInto(store, 'long', 5)
  await typeInto(store, 'short', 2)
  const clock = new ManualClock()
  const cache = new HistoryCache(store)
  const warmer = historyWarmer(cache, clock, silentLog, 3)
  /** Resolves once the reads of `name` queued so far are done, without asking for its history. */
  const settled = (name: string) => cache.warm(name, () => {})
  return { store, clock, cache, warmer, settled }
}

describe('reading a long history ahead of need', () => {
  it('reads a long document’s history once its room has been loaded a while, and not a short one’s', async () => {
    const { store, clock, cache, warmer } = await setUp()
    warmer.loaded(room('long', 5))
    warmer.loaded(room('short', 2))
    clock.advance(warmAfterMs - 1)
    await Promise.resolve()
    expect(store.loads).toEqual([])
    clock.advance(1)
    const text = await cache.read('long', (history) => history.doc.getText('codemirror').toString())
    expect(text).toBe('xxxxx')
    expect(store.loads).toEqual(['long'])
  })

  it('reads nothing when the room unloads before it is time', async () => {
    const { store, clock, warmer } = await setUp()
    warmer.loaded(room('long', 5))
    warmer.retired(room('long', 5))
    clock.advance(warmAfterMs)
    await Promise.resolve()
    expect(store.loads).toEqual([])
  })

  it('drops a history nobody asked for when its room unloads, and keeps one somebody read', async () => {
    const { store, clock, cache, warmer, settled } = await setUp()
    /** The document is opened, read ahead, left by everyone, then its history asked for. */
    const visitThenAsk = async () => {
      warmer.loaded(room('long', 5))
      clock.advance(warmAfterMs)
      await settled('long')
      warmer.retired(room('long', 5))
      await cache.read('long', () => {})
    }
    await visitThenAsk()
    expect(store.loads).toEqual(['long', 'long'])
    await visitThenAsk()
    expect(store.loads).toEqual(['long', 'long'])
  })
})

it('holds no more than a few histories nobody asked for', async () => {
  const store = new CountingStore()
  const names = Array.from({ length: maxUnasked + 1 }, (_, i) => `long-${i}`)
  for (const name of names) await typeInto(store, name, 5)
  const clock = new ManualClock()
  const cache = new HistoryCache(store)
  const warmer = historyWarmer(cache, clock, silentLog, 3)
  for (const name of names) warmer.loaded(room(name, 5))
  clock.advance(warmAfterMs)
  await vi.waitFor(() => expect(cache.unaskedCount).toBe(maxUnasked))
  await new Promise((resolve) => setTimeout(resolve, 20))
  expect(store.loads).toEqual(names.slice(0, maxUnasked))
  await cache.read(names.at(-1)!, () => {})
  expect(store.loads).toEqual(names)
})

it('reads nothing while the bundle the store kept still fits, and reads once a change is stored', async () => {
  const { store, clock, cache, warmer } = await setUp()
  const long = room('long', 5)
  await store.keepBundle('long', { head: 5, versions: versionsKey(await store.listVersions('long')), data: new Uint8Array([1]) })
  warmer.loaded(long)
  clock.advance(warmAfterMs)
  await new Promise((resolve) => setTimeout(resolve, 20))
  clock.advance(recheckMs)
  await new Promise((resolve) => setTimeout(resolve, 20))
  expect(store.loads).toEqual([])

  await typeInto(store, 'long', 1)
  Object.assign(long, { seq: 6 })
  clock.advance(recheckMs)
  await vi.waitFor(() => expect(store.loads).toEqual(['long']))
  expect(cache.unaskedCount).toBe(1)
})
