import type { Logger } from 'pino'
import type { Clock } from '../clock.ts'
import type { Room } from '../room.ts'
import type { RoomLifecycle } from '../roomRegistry.ts'
import type { KeptBundle } from '../store/historyStore.ts'
import type { HistoryCache } from './historyCache.ts'
import { keptBundleFits, longHistoryChanges, plainBundle } from './plainBundle.ts'

/** Stored changes from which a document's history is read ahead when its room loads. */
export const warmFromChanges = longHistoryChanges

/**
 * How long after its room loads a history is read ahead: long enough for the people opening the
 * document to have it synced first (reading ahead at once made the first sync of a 260,000-change
 * document take twice as long).
 */
export const warmAfterMs = 2000

/**
 * At most this many histories are held read ahead and not yet asked for: each holds tens of MiB
 * (about 60 MiB for 260,000 changes), and most documents opened are not looked back on.
 */
export const maxUnasked = 2

/** While a kept bundle still answers a document's first opening, how often the warmer looks again. */
export const recheckMs = 5000

/**
 * A room lifecycle that reads the history of a long document ahead of need: {@link warmAfterMs}
 * after its room loads (someone opened the document), the history is read in slices between other
 * work and its bundle made, so a History panel opened after that does not wait for a cold read
 * (about half a second of CPU for 260,000 changes). While the bundle the store kept still fits (no
 * change stored, no version made since) the first opening needs no read, so the warmer only looks
 * again every {@link recheckMs}: a document opened only to be read costs nothing. When the room
 * unloads, a history nobody asked for is dropped again, and no more than {@link maxUnasked} are
 * held that way. Shorter documents are read when asked: fast anyway.
 */
export function historyWarmer(cache: HistoryCache, clock: Clock, log: Logger, fromChanges = warmFromChanges): Required<RoomLifecycle> {
  const pending = new Map<string, () => void>()
  const warm = (name: string) => {
    pending.delete(name)
    if (cache.unaskedCount >= maxUnasked) return
    const warming = cache.warm(name, async (history) => {
      await history.prepareRuns()
      await plainBundle(history, cache.store, clock.now())
    })
    warming.catch((error) => log.warn({ err: error, doc: name }, 'reading history ahead failed'))
  }
  const look = async (room: Room, kept: KeptBundle | null | undefined) => {
    if (cache.holds(room.name)) return void pending.delete(room.name)
    kept ??= await cache.store.keptBundle(room.name)
    if (!pending.has(room.name)) return // the room unloaded meanwhile
    const fits = await keptBundleFits(cache.store, room.name, kept, room.seq)
    if (!pending.has(room.name)) return
    if (!fits) return warm(room.name)
    pending.set(room.name, clock.after(recheckMs, () => lookSafely(room, kept)))
  }
  const lookSafely = (room: Room, kept?: KeptBundle | null) =>
    void look(room, kept).catch((error) => log.warn({ err: error, doc: room.name }, 'reading history ahead failed'))
  return {
    loaded(room) {
      if (room.seq >= fromChanges) pending.set(room.name, clock.after(warmAfterMs, () => lookSafely(room)))
    },
    retired(room) {
      pending.get(room.name)?.()
      pending.delete(room.name)
      cache.release(room.name)
    },
  }
}
