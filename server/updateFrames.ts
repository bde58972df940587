import * as Y from 'yjs'
import { encodeMessage } from '../shared/index.ts'

/** The sync update frame that carries `update`. */
export function updateFrame(update: Uint8Array): Uint8Array {
  return encodeMessage({ type: 'syncUpdate', update })
}

/** `updates` merged into one update; the update itself when there is only one. */
export function mergeAll(updates: Uint8Array[]): Uint8Array {
  return updates.length === 1 ? updates[0] : Y.mergeUpdates(updates)
}
