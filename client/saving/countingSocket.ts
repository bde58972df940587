import { peekMessageKind } from '../../shared/protocol/decode.ts'
import type { SaveTracker } from './saveTracker.ts'

/** The members of a WebSocket (the browser's, or `ws` in Node) that counting needs. */
export interface CountableSocket {
  readonly readyState: number
  send(data: never): void
  close(code?: number, reason?: string): void
  addEventListener(type: 'open' | 'close', listener: () => void): void
}

/** What the socket tells: a connection opened, a sync frame went out, the connection is over. */
export type FrameCounter = Pick<SaveTracker, 'opened' | 'frameSent' | 'closed'>

/** `WebSocket.OPEN`, the same number in browsers and in `ws`. */
const open = 1

/**
 * A subclass of `Base` (the browser's `WebSocket`, or `ws`'s in Node) for a provider's
 * `WebSocketPolyfill`: each socket reports to `counter` when it opens, each sync step 2 and sync
 * update frame it sends, and that it is over, once, at whichever comes first of the provider
 * closing it and the close event. The provider closes a socket before it makes the next one, so a
 * socket's end is always reported before the next one opens, even when the close handshake with a
 * frozen relay takes seconds.
 */
export function countingSocket<C extends new (...args: any[]) => CountableSocket>(Base: C, counter: FrameCounter): C {
  return class CountingSocket extends Base {
    private live = true

    constructor(...args: any[]) {
      super(...args)
      this.addEventListener('open', () => this.live && counter.opened())
      this.addEventListener('close', () => this.end())
    }

    override send(data: never): void {
      // A frame offered to a socket that is not open never reaches the relay, so it is not counted.
      const counted = this.live && this.readyState === open ? syncFrameKind(data) : null
      super.send(data)
      if (counted) counter.frameSent(counted)
    }

    override close(code?: number, reason?: string): void {
      this.end()
      super.close(code, reason)
    }

    private end(): void {
      if (!this.live) return
      this.live = false
      counter.closed()
    }
  }
}

/** Whether `data` is a sync step 2 frame, a sync update frame, or neither (`null`). */
export function syncFrameKind(data: unknown): 'step2' | 'update' | null {
  const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null
  const kind = bytes && peekMessageKind(bytes)
  return kind === 'syncStep2' ? 'step2' : kind === 'syncUpdate' ? 'update' : null
}
