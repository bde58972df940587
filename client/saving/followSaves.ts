import * as decoding from 'lib0/decoding'
import type { WebsocketProvider } from 'y-websocket'
import type * as Y from 'yjs'
import { MessageType } from '../../shared/messageType.ts'
import type { SaveTracker } from './saveTracker.ts'

/**
 * Feeds `tracker` what the provider alone knows: the relay's durable acknowledgements, and each
 * change made in this tab. Changes whose transaction origin is one of `notLocal` (the provider
 * itself for remote changes, the IndexedDB persistence for the local copy loading) are not this
 * tab's edits; everything else (the editor binding, the undo manager) is. Call it after the
 * provider is constructed, so its own update listener has sent a change before this one counts
 * it. Returns the function that stops following.
 */
export function followSaves(doc: Y.Doc, provider: WebsocketProvider, tracker: SaveTracker, notLocal: unknown[]): () => void {
  provider.messageHandlers[MessageType.DurableAck] = (_encoder, decoder) => tracker.acknowledged(decoding.readVarUint(decoder))
  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (!notLocal.includes(origin)) tracker.localChange()
  }
  doc.on('update', onUpdate)
  return () => doc.off('update', onUpdate)
}
