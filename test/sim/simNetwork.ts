/**
 * The simulator's network: one {@link Link} per WebSocket connection between a replica's provider
 * and the relay, each with a queue of frames per direction. Nothing moves by itself; the
 * simulation decides what is delivered when, so one seed replays one exact history.
 */

/** What travels on a link: a binary frame, or the close that ends the connection. */
export type Packet = { kind: 'frame'; data: Uint8Array } | { kind: 'close'; code: number; reason: string }

/** The relay's end of a link, as the simulated relay sees it. */
export interface RelayEnd {
  /** A frame arrived from the replica. */
  receive(data: Uint8Array): void
  /** The connection is gone (closed by the replica, or broken). */
  closed(): void
}

/** Something that accepts connections: the simulated relay, while it is up. */
export interface Listener {
  accept(link: Link, url: string): RelayEnd
}

/** One WebSocket connection. */
export class Link {
  readonly toRelay: Packet[] = []
  readonly toReplica: Packet[] = []
  state: 'connecting' | 'open' | 'closed' = 'connecting'
  /** While true, nothing is delivered in either direction (a partition that will heal). */
  partitioned = false
  relayEnd: RelayEnd | null = null

  constructor(
    readonly id: number,
    readonly url: string,
    readonly socket: SimWebSocket,
  ) {}

  /** The relay's side sends a frame to the replica. */
  sendToReplica(data: Uint8Array): void {
    if (this.state === 'open') this.toReplica.push({ kind: 'frame', data })
  }

  /** The relay's side closes: the close follows the frames already sent. */
  closeFromRelay(code: number, reason: string): void {
    if (this.state !== 'open') return
    this.state = 'closed'
    this.toReplica.push({ kind: 'close', code, reason })
    this.relayEnd?.closed()
  }
}

/** A `WebSocket` for the stock provider (`WebSocketPolyfill`), connected through a {@link SimNetwork}. */
export interface SimWebSocket {
  readyState: number
  binaryType: string
  onopen: ((event: unknown) => void) | null
  onmessage: ((event: { data: ArrayBuffer }) => void) | null
  onclose: ((event: { code: number; reason: string }) => void) | null
  onerror: ((event: unknown) => void) | null
  send(data: Uint8Array): void
  close(code?: number, reason?: string): void
}

const CONNECTING = 0
const OPEN = 1
const CLOSED = 3

/** The links of one simulation and the listener (relay) they reach. */
export class SimNetwork {
  readonly links: Link[] = []
  listener: Listener | null = null
  private nextId = 0

  /** Links that may still carry something; the others are forgotten. */
  live(): Link[] {
    const live = this.links.filter((link) => link.state !== 'closed' || link.toReplica.length > 0)
    if (live.length < this.links.length) this.links.splice(0, this.links.length, ...live)
    return this.links
  }

  /**
   * A WebSocket class bound to this network. Each instance dials at once; the connection opens
   * (or is refused, when the relay is down) when the simulation calls {@link open}.
   */
  socketClass(): new (url: string) => SimWebSocket {
    const network = this
    return class FakeWebSocket implements SimWebSocket {
      static readonly CONNECTING = CONNECTING
      static readonly OPEN = OPEN
      static readonly CLOSED = CLOSED
      readonly CONNECTING = CONNECTING
      readonly OPEN = OPEN
      readonly CLOSED = CLOSED
      readyState = CONNECTING
      binaryType = 'arraybuffer'
      onopen: SimWebSocket['onopen'] = null
      onmessage: SimWebSocket['onmessage'] = null
      onclose: SimWebSocket['onclose'] = null
      onerror: SimWebSocket['onerror'] = null
      private readonly link: Link

      constructor(url: string) {
        this.link = new Link(network.nextId++, url, this)
        network.links.push(this.link)
      }

      send(data: Uint8Array): void {
        if (this.readyState !== OPEN) throw new Error('send on a socket that is not open')
        this.link.toRelay.push({ kind: 'frame', data: data.slice() })
      }

      close(): void {
        if (this.readyState === CLOSED) return
        this.readyState = CLOSED
        const wasOpen = this.link.state === 'open'
        this.link.state = 'closed'
        this.link.toRelay.length = 0
        if (wasOpen) this.link.relayEnd?.closed()
      }
    }
  }

  /** Opens a connecting link: accepted when a relay listens, refused (code 1006) when none does. */
  open(link: Link): void {
    if (link.state !== 'connecting') return
    if (!this.listener) return this.break(link)
    link.state = 'open'
    link.socket.readyState = OPEN
    link.relayEnd = this.listener.accept(link, link.url)
    link.socket.onopen?.({})
  }

  /** Delivers the next packet of `direction` on `link`. */
  deliver(link: Link, direction: 'toRelay' | 'toReplica', packet: Packet): void {
    if (direction === 'toRelay') {
      if (link.state === 'open' && packet.kind === 'frame') link.relayEnd?.receive(packet.data)
      return
    }
    if (packet.kind === 'close') return this.closeSocket(link, packet.code, packet.reason)
    if (link.socket.readyState === OPEN) link.socket.onmessage?.({ data: toArrayBuffer(packet.data) })
  }

  /** The connection breaks (network failure, or the relay process died): both ends see it at once. */
  break(link: Link): void {
    const wasOpen = link.state === 'open'
    link.state = 'closed'
    link.toRelay.length = 0
    link.toReplica.length = 0
    if (wasOpen) link.relayEnd?.closed()
    this.closeSocket(link, 1006, '')
  }

  private closeSocket(link: Link, code: number, reason: string): void {
    if (link.socket.readyState === CLOSED) return
    link.socket.readyState = CLOSED
    link.socket.onclose?.({ code, reason })
  }
}

function toArrayBuffer(data: Uint8Array): ArrayBuffer {
  return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer
}
