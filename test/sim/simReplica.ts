import * as prng from 'lib0/prng'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { durableAckParam } from '../../shared/index.ts'
import type { SimNetwork } from './simNetwork.ts'

/**
 * One person's tab in a simulation: a Y.Doc synced by the stock `y-websocket` provider, whose
 * WebSocket is the simulated network's. Its client id comes from the seed, so a replay makes the
 * same edits with the same ids.
 */
export class SimReplica {
  readonly doc = new Y.Doc()
  readonly text = this.doc.getText('codemirror')
  readonly provider: WebsocketProvider
  /** Offline by choice (the provider told to disconnect) until this many more steps have run. */
  offlineFor = 0

  constructor(
    readonly name: string,
    clientId: number,
    network: SimNetwork,
    room: string,
    { durableAck }: { durableAck: boolean },
  ) {
    this.doc.clientID = clientId
    this.provider = new WebsocketProvider('ws://relay', room, this.doc, {
      WebSocketPolyfill: network.socketClass() as unknown as typeof WebSocket,
      disableBc: true,
      params: durableAck ? { [durableAckParam]: '1' } : {},
    })
    // A stock provider does not know the acknowledgement message; the editor reads it elsewhere.
    if (durableAck) this.provider.messageHandlers[100] = () => {}
    this.provider.awareness.setLocalStateField('user', { name })
  }

  /** Makes one random edit: an insertion, or a deletion when there is text to delete. */
  edit(gen: prng.PRNG): void {
    const length = this.text.length
    if (length > 0 && prng.bool(gen) && prng.int32(gen, 0, 2) === 0) {
      const at = prng.int32(gen, 0, length - 1)
      this.text.delete(at, prng.int32(gen, 1, Math.min(5, length - at)))
    } else {
      this.text.insert(prng.int32(gen, 0, length), prng.word(gen, 1, 6))
    }
  }

  /** Moves this person's caret (an awareness change). */
  moveCaret(gen: prng.PRNG): void {
    this.provider.awareness.setLocalStateField('cursor', prng.int32(gen, 0, this.text.length))
  }

  destroy(): void {
    this.provider.destroy()
    this.doc.destroy()
  }
}
