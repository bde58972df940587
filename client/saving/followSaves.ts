import type { WebsocketProvider } from 'y-websocket'
import type * as Y from 'yjs'
import { decodeMessage } from '../../shared/protocol/decode.ts'
import { MessageType } from '../../shared/protocol/messageType.ts'
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
  provider.messageHandlers[MessageType.DurableAck] = (_encoder, decoder) => {
    // The provider has read the message type; the protocol module decodes the whole frame.
    const message = decodeMessage(decoder.arr)
    if (message.type === 'durableAck') tracker.acknowledged(message.count)
  }
  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (!notLocal.includes(origin)) tracker.localChange()
  }
  doc.on('update', onUpdate)
  return () => doc.off('update', onUpdate)
}
