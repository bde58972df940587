import * as Y from 'yjs'
import { encodeMessage } from '../shared/index.ts'

/** A sync update frame carrying `update`. */
export function updateFrame(update: Uint8Array): Uint8Array {
  return encodeMessage({ type: 'syncUpdate', update })
}

/** One update holding all of `updates` (the update itself when there is one, without copying). */
export function mergeAll(updates: Uint8Array[]): Uint8Array {
  return updates.length === 1 ? updates[0] : Y.mergeUpdates(updates)
}
