import type { Logger } from 'pino'
import type { Clock } from '../clock.ts'
import type { RoomLifecycle } from '../roomRegistry.ts'
import type { HistoryCache } from './historyCache.ts'
import { longHistoryChanges, plainBundle } from './plainBundle.ts'

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

/**
 * A room lifecycle that reads the history of a long document ahead of need: {@link warmAfterMs}
 * after its room loads (someone opened the document), the history is read in slices between other
 * work and its bundle made, so a History panel opened after that does not wait for a cold read
 * (about half a second of CPU for 260,000 changes). When the room unloads, a history nobody asked for is
 * dropped again, and no more than {@link maxUnasked} are held that way. Shorter documents are read
 * when asked: fast anyway.
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
  return {
    loaded(room) {
      if (room.seq >= fromChanges) pending.set(room.name, clock.after(warmAfterMs, () => warm(room.name)))
    },
    retired(room) {
      pending.get(room.name)?.()
      pending.delete(room.name)
      cache.release(room.name)
    },
  }
}
