import type { Duplex } from 'node:stream'
import { WebSocket } from 'ws'
import type { PeerSocket } from './peer.ts'

/**
 * A room's view of one `ws` socket. A class rather than an object of closures: a relay holds one
 * per connected peer, and three closures each (with the names the TypeScript loader gives them)
 * cost about a kilobyte per peer, where this costs one small object.
 */
export class WsPeer implements PeerSocket {
  /**
   * @param socket the connection `ws` was upgraded from, which it writes its frames to
   * @param maxBufferedBytes send-buffer bound past which `tooSlow` is called with the socket
   * @param tooSlow closes a peer that reads so slowly that its buffer passed the bound
   */
  constructor(
    private readonly ws: WebSocket,
    private readonly socket: Duplex,
    private readonly maxBufferedBytes: number,
    private readonly tooSlow: (ws: WebSocket) => void,
  ) {}

  isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN
  }

  send(frame: Uint8Array, written?: () => void): void {
    this.ws.send(frame, written)
    if (this.ws.bufferedAmount > this.maxBufferedBytes) this.tooSlow(this.ws)
  }

  cork(): void {
    this.socket.cork()
  }

  uncork(): void {
    this.socket.uncork()
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason)
  }
}
