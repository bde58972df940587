import * as Y from 'yjs'
import { decodeMessage, encodeMessage, syncStep1 } from '../../shared/index.ts'
import type { LiveConnections } from '../access/liveConnections.ts'
import type { PeerSocket } from '../peer.ts'
import type { Room } from '../room.ts'
import type { RoomRegistry } from '../roomRegistry.ts'

/** The room closed an API peer: the code and reason it gave (4413 for a document too large, …). */
export class PeerClosedError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super(reason || `closed with code ${code}`)
    this.name = 'PeerClosedError'
  }
}

/**
 * An in-process client of a document for the HTTP API: it joins the room as a WebSocket peer
 * would (asking for durable acknowledgements), syncs a replica of its own through the ordinary
 * protocol, and sends an edit as one ordinary sync update, so an API write is validated, stored,
 * relayed and acknowledged exactly like a person's keystroke. Registered with the live
 * connections, so deleting the document closes it too.
 */
export class ApiPeer implements PeerSocket {
  readonly doc = new Y.Doc()
  private room: Room | null = null
  private closed: PeerClosedError | null = null
  private acked = 0
  private sent = 0
  private synced = false
  private readonly waiters = new Set<() => void>()
  private unregister = () => {}

  private constructor(readonly name: string) {}

  /**
   * Joins the room of `name` (loading it if needed) and resolves once the replica holds everything
   * stored. History records its edits as `author`'s.
   */
  static async open(registry: RoomRegistry, live: LiveConnections, name: string, author = 'API'): Promise<ApiPeer> {
    const peer = new ApiPeer(name)
    peer.unregister = live.add({ doc: name, grantId: null, expiresAt: null, close: (code, reason) => peer.close(code, reason) })
    try {
      peer.room = await registry.join(name, peer, { durableAck: true, author })
      if (peer.closed) throw peer.closed
      peer.room.receive(peer, encodeMessage(syncStep1(peer.doc)))
      await peer.until(() => peer.synced)
      return peer
    } catch (error) {
      peer.leave()
      throw error
    }
  }

  /**
   * The room's stored entries this replica holds, through this sequence number (0 before any).
   * The replica's text is the text after that entry, unless entries of another relay arrived out
   * of order meanwhile.
   */
  get storedSeq(): number {
    return this.room?.seq ?? 0
  }

  /** The document's text as stored. */
  text(): string {
    return this.doc.getText('codemirror').toString()
  }

  /**
   * Applies `change` to the replica in one transaction and sends the resulting update; resolves
   * once the relay has durably stored it (false, sending nothing, when `change` changed nothing).
   * Rejects with {@link PeerClosedError} when the room refuses it.
   */
  async edit(change: (text: Y.Text) => void): Promise<boolean> {
    let update: Uint8Array | null = null
    const capture = (u: Uint8Array) => (update = update ? Y.mergeUpdates([update, u]) : u)
    this.doc.on('update', capture)
    try {
      this.doc.transact(() => change(this.doc.getText('codemirror')), this)
    } finally {
      this.doc.off('update', capture)
    }
    if (update === null) return false
    const count = ++this.sent
    this.room!.receive(this, encodeMessage({ type: 'syncUpdate', update }))
    await this.until(() => this.acked >= count)
    return true
  }

  /** Leaves the room. Idempotent. */
  leave(): void {
    this.unregister()
    this.room?.leave(this)
    this.room = null
    this.closed ??= new PeerClosedError(1000, 'left')
    this.wake()
  }

  isOpen(): boolean {
    return this.closed === null
  }

  send(frame: Uint8Array, written?: () => void): void {
    const message = decodeMessage(frame)
    switch (message.type) {
      case 'durableAck':
        this.acked = message.count
        break
      case 'syncStep2':
        Y.applyUpdate(this.doc, message.update, this)
        this.synced = true
        break
      case 'syncUpdate':
        Y.applyUpdate(this.doc, message.update, this)
        break
      default:
        break
    }
    written?.()
    this.wake()
  }

  close(code: number, reason: string): void {
    if (this.closed) return
    this.closed = new PeerClosedError(code, reason)
    this.room?.leave(this)
    this.room = null
    this.unregister()
    this.wake()
  }

  private until(condition: () => boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (condition()) resolve()
        else if (this.closed) reject(this.closed)
        else return
        this.waiters.delete(check)
      }
      this.waiters.add(check)
      check()
    })
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter()
  }
}
